//! Joining two views of the same conversations: the server's THREAD answer for the open folder
//! (RFC 5256 section 4, `crate::imap::ServerThread`), which covers messages whose headers are not
//! in the local index yet, and the local index's threads ([`super::threads`]), which add the
//! messages of other folders (one's own replies in Sent). A conversation is every group that
//! shares a message with another, transitively.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// Joins `groups` that share a member, transitively. Each joined group keeps its members in the
/// order they were first met, each once; the joined groups come in the order of their first
/// group. Empty groups are left out.
pub fn join_groups<K: Hash + Eq + Clone>(groups: &[Vec<K>]) -> Vec<Vec<K>> {
    // Union-find over the groups, by the first group each member was met in.
    let mut parent: Vec<usize> = (0..groups.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first: HashMap<&K, usize> = HashMap::new();
    for (g, members) in groups.iter().enumerate() {
        for member in members {
            match first.get(member) {
                Some(&other) => {
                    let (a, b) = (root(&mut parent, g), root(&mut parent, other));
                    // The smaller index stays the root: joined groups keep the earliest place.
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    first.insert(member, g);
                }
            }
        }
    }
    let mut out: Vec<Vec<K>> = Vec::new();
    let mut place: HashMap<usize, usize> = HashMap::new();
    let mut seen: HashSet<&K> = HashSet::new();
    for (g, members) in groups.iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        let r = root(&mut parent, g);
        let at = *place.entry(r).or_insert_with(|| {
            out.push(Vec::new());
            out.len() - 1
        });
        for member in members {
            if seen.insert(member) {
                out[at].push(member.clone());
            }
        }
    }
    out
}
