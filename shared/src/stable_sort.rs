//! One stable sort for every list the client orders (threads, folders, rows, text inserts).
//!
//! `slice::sort_by` and `sort_by_key` are generic over the element and the comparison, so every
//! call site with its own element type or closure compiles to its own copy of the sort (driftsort
//! with its small-sort and merge code, a few KB of wasm each). In the app's wasm those copies came
//! to about 69 KB of 1.74 MB of code (function sizes by crate: tests/src/bench/wasm_crates.rs).
//! Here every caller sorts the positions of its items through one comparison behind a `dyn`, so
//! the sort itself is compiled once; each caller adds only the short loop that moves its items into
//! the sorted order. The result is the one `slice::sort_by` gives: equal items keep their order.

use core::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in the order they had (as `slice::sort_by`).
pub fn sort_by<T>(items: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    let ordered = &items[..];
    sort_positions(&mut order, &mut |a, b| compare(&ordered[a], &ordered[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    // `order` is a permutation of the positions, so each slot is taken exactly once.
    items.extend(order.iter().filter_map(|&i| slots[i].take()));
}

/// Sorts `items` by the key `key` gives, keeping items with equal keys in the order they had (as
/// `slice::sort_by_key`; the key is computed for each comparison, as there).
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The one compiled sort: positions, compared through `compare`.
#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Pairs with many equal keys: the second field shows whether equal keys kept their order.
        let mut seed = 7u32;
        let mut items: Vec<(u8, u32)> = (0..500)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((seed >> 16) as u8 % 13, i)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|&(k, _)| k);
        sort_by_key(&mut items, |&(k, _)| k);
        assert_eq!(items, expected);

        // A comparison that is not one key: by the key modulo 3, then the key descending.
        let compare = |a: &(u8, u32), b: &(u8, u32)| (a.0 % 3).cmp(&(b.0 % 3)).then_with(|| b.0.cmp(&a.0));
        let mut reordered = expected.clone();
        reordered.sort_by(compare);
        sort_by(&mut items, compare);
        assert_eq!(items, reordered);
    }

    #[test]
    fn short_lists_and_owned_items() {
        let mut empty: Vec<String> = Vec::new();
        sort_by_key(&mut empty, |s| s.len());
        assert!(empty.is_empty());
        let mut one = vec!["only".to_owned()];
        sort_by_key(&mut one, |s| s.len());
        assert_eq!(one, ["only"]);
        let mut words: Vec<String> = ["pear", "fig", "apple", "kiwi"].map(str::to_owned).into();
        sort_by_key(&mut words, |s| s.len());
        assert_eq!(words, ["fig", "pear", "kiwi", "apple"]);
    }
}
