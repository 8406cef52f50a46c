//! The folder tree: LIST gives a flat list of names with a hierarchy delimiter (RFC 3501 section
//! 6.3.8); this turns it into the rows of the folder pane, children indented under their parent.
//!
//! Special-use folders come first (Inbox, Drafts, Sent, Junk, Trash, Archive) wherever they sit in
//! the hierarchy (`INBOX.Sent` on servers that keep everything under the inbox); the rest follow as a
//! tree sorted by name. A parent the server did not list (`a/b/c` without `a/b`) is shown as a
//! folder that cannot be opened, so its children keep their place.

use std::collections::{HashMap, HashSet};

use posthorn_proto::imap::{MailboxName, SpecialUse};
use posthorn_proto::stable_sort;

use crate::mail_state::Folder;

/// One row of the folder pane, in display order.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeEntry {
    /// The folder (a stand-in that cannot be opened when the server did not list a parent).
    pub folder: Folder,
    /// The name shown: the last level of the folder's name.
    pub label: String,
    /// Indentation level: 0 for the special-use folders and the top of the tree.
    pub depth: usize,
    /// Whether it has children in the tree (it can be collapsed).
    pub has_children: bool,
}

/// The order people expect for special-use folders; `None` for the rest.
fn role_rank(folder: &Folder) -> Option<u8> {
    if folder.mailbox.is_inbox() {
        return Some(0);
    }
    match folder.role? {
        SpecialUse::Inbox => Some(0),
        SpecialUse::Drafts => Some(1),
        SpecialUse::Sent => Some(2),
        SpecialUse::Junk => Some(3),
        SpecialUse::Trash => Some(4),
        SpecialUse::Archive => Some(5),
        SpecialUse::All | SpecialUse::Flagged => None,
    }
}

/// The levels of a name; `INBOX` is case-insensitive (RFC 3501 section 5.1), so it is normalised
/// for matching parents.
fn levels(name: &str, delimiter: Option<char>) -> Vec<String> {
    let mut parts: Vec<String> = match delimiter {
        Some(d) => name.split(d).map(str::to_string).collect(),
        None => vec![name.to_string()],
    };
    if parts[0].eq_ignore_ascii_case("INBOX") {
        parts[0] = "INBOX".into();
    }
    parts
}

fn by_name(a: &str, b: &str) -> std::cmp::Ordering {
    a.to_lowercase().cmp(&b.to_lowercase()).then_with(|| a.cmp(b))
}

/// Builds the folder pane's rows from the folders of a LIST.
pub fn folder_tree(folders: &[Folder]) -> Vec<TreeEntry> {
    // Every node by its path of levels, stand-ins included.
    let mut nodes: HashMap<Vec<String>, Folder> = HashMap::new();
    for folder in folders {
        let path = levels(&folder.name, folder.delimiter);
        // Stand-ins for unlisted parents: their wire name is the child's, cut at the same level.
        let wire = levels(folder.mailbox.as_wire(), folder.delimiter);
        for depth in 1..path.len() {
            let parent = path[..depth].to_vec();
            nodes.entry(parent.clone()).or_insert_with(|| Folder {
                name: parent.join(&folder.delimiter.map(String::from).unwrap_or_default()),
                mailbox: MailboxName::from_wire(
                    wire.get(..depth)
                        .map(|w| w.join(&folder.delimiter.map(String::from).unwrap_or_default()))
                        .unwrap_or_default(),
                ),
                role: None,
                unread: None,
                selectable: false,
                delimiter: folder.delimiter,
            });
        }
        nodes.insert(path, folder.clone());
    }
    let mut children: HashMap<Vec<String>, Vec<Vec<String>>> = HashMap::new();
    let mut roots = Vec::new();
    for path in nodes.keys() {
        if path.len() > 1 {
            children.entry(path[..path.len() - 1].to_vec()).or_default().push(path.clone());
        } else {
            roots.push(path.clone());
        }
    }
    let sort = |paths: &mut Vec<Vec<String>>| {
        stable_sort::sort_by(paths, |a, b| by_name(a.last().map_or("", |s| s), b.last().map_or("", |s| s)))
    };
    for list in children.values_mut() {
        sort(list);
    }
    sort(&mut roots);

    let hoisted: HashSet<Vec<String>> =
        nodes.iter().filter(|(_, f)| role_rank(f).is_some()).map(|(p, _)| p.clone()).collect();
    let mut special: Vec<Vec<String>> = hoisted.iter().cloned().collect();
    stable_sort::sort_by(&mut special, |a, b| {
        role_rank(&nodes[a]).cmp(&role_rank(&nodes[b])).then_with(|| by_name(&nodes[a].name, &nodes[b].name))
    });

    let mut out = Vec::new();
    let tops = special.iter().chain(roots.iter().filter(|r| !hoisted.contains(*r)));
    for top in tops {
        push_subtree(top, 0, &nodes, &children, &hoisted, &mut out);
    }
    out
}

fn push_subtree(
    path: &Vec<String>,
    depth: usize,
    nodes: &HashMap<Vec<String>, Folder>,
    children: &HashMap<Vec<String>, Vec<Vec<String>>>,
    hoisted: &HashSet<Vec<String>>,
    out: &mut Vec<TreeEntry>,
) {
    // Special-use folders were placed at the top; they are not repeated under their parent.
    let kids: Vec<&Vec<String>> =
        children.get(path).into_iter().flatten().filter(|c| !hoisted.contains(*c)).collect();
    out.push(TreeEntry {
        folder: nodes[path].clone(),
        label: path.last().cloned().unwrap_or_default(),
        depth,
        has_children: !kids.is_empty(),
    });
    for kid in kids {
        push_subtree(kid, depth + 1, nodes, children, hoisted, out);
    }
}

/// The rows left when the folders in `collapsed` (by wire name) hide their descendants.
pub fn visible(entries: &[TreeEntry], collapsed: &HashSet<MailboxName>) -> Vec<TreeEntry> {
    let mut hidden_below: Option<usize> = None;
    let mut out = Vec::new();
    for entry in entries {
        match hidden_below {
            Some(depth) if entry.depth > depth => continue,
            _ => hidden_below = None,
        }
        if entry.has_children && collapsed.contains(&entry.folder.mailbox) {
            hidden_below = Some(entry.depth);
        }
        out.push(entry.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    fn folder(name: &str, delimiter: Option<char>, role: Option<SpecialUse>) -> Folder {
        let mailbox = MailboxName::from_wire(name);
        Folder { name: name.into(), mailbox, role, unread: None, selectable: true, delimiter }
    }

    fn shape(entries: &[TreeEntry]) -> Vec<String> {
        entries.iter().map(|e| format!("{}{}", "  ".repeat(e.depth), e.label)).collect()
    }

    #[wasm_bindgen_test]
    fn special_use_first_then_a_sorted_tree() {
        let d = Some('/');
        let folders = vec![
            folder("Work/Projects/Beta", d, None),
            folder("Trash", d, Some(SpecialUse::Trash)),
            folder("work/zzz", d, None),
            folder("Work", d, None),
            folder("INBOX", d, None),
            folder("Archive", d, Some(SpecialUse::Archive)),
            folder("Work/Projects", d, None),
            folder("Archive/2023", d, None),
            folder("Sent", d, Some(SpecialUse::Sent)),
            folder("Drafts", d, Some(SpecialUse::Drafts)),
            folder("Junk", d, Some(SpecialUse::Junk)),
            folder("Work/Projects/Alpha", d, None),
            folder("Family", d, None),
        ];
        let tree = folder_tree(&folders);
        assert_eq!(
            shape(&tree),
            [
                "INBOX",
                "Drafts",
                "Sent",
                "Junk",
                "Trash",
                "Archive",
                "  2023",
                "Family",
                "Work",
                "  Projects",
                "    Alpha",
                "    Beta",
                "work",
                "  zzz",
            ]
        );
        let work = tree.iter().find(|e| e.folder.mailbox.as_wire() == "Work").unwrap();
        assert!(work.has_children);
        assert!(!tree.iter().find(|e| e.label == "Family").unwrap().has_children);
        // `work` was not listed: a stand-in that cannot be opened.
        let stand_in = tree.iter().find(|e| e.label == "work").unwrap();
        assert!(!stand_in.folder.selectable);
        assert_eq!(stand_in.folder.mailbox.as_wire(), "work");
    }

    #[wasm_bindgen_test]
    fn special_use_under_the_inbox_is_hoisted_and_the_inbox_keeps_its_children() {
        let d = Some('.');
        let folders = vec![
            folder("INBOX", d, None),
            folder("INBOX.Sent", d, Some(SpecialUse::Sent)),
            folder("INBOX.Lists", d, None),
            folder("INBOX.Lists.rust", d, None),
            folder("inbox.Trash", d, Some(SpecialUse::Trash)),
        ];
        let tree = folder_tree(&folders);
        assert_eq!(shape(&tree), ["INBOX", "  Lists", "    rust", "Sent", "Trash"]);
        assert_eq!(tree[3].folder.mailbox.as_wire(), "INBOX.Sent");
    }

    #[wasm_bindgen_test]
    fn non_ascii_levels_keep_their_wire_names() {
        // Courier: only the child is listed; the stand-in parent's wire name is the child's wire
        // name cut at the delimiter, not the display name encoded again.
        let child = Folder {
            name: "INBOX.Entwürfe.Grün".into(),
            mailbox: MailboxName::from_wire("INBOX.Entw&APw-rfe.Gr&APw-n"),
            role: None,
            unread: None,
            selectable: true,
            delimiter: Some('.'),
        };
        let tree = folder_tree(&[folder("INBOX", Some('.'), None), child]);
        assert_eq!(shape(&tree), ["INBOX", "  Entwürfe", "    Grün"]);
        assert_eq!(tree[1].folder.mailbox.as_wire(), "INBOX.Entw&APw-rfe");
        assert_eq!(tree[2].folder.mailbox.as_wire(), "INBOX.Entw&APw-rfe.Gr&APw-n");
    }

    #[wasm_bindgen_test]
    fn no_delimiter_means_a_flat_list_and_collapse_hides_descendants() {
        let flat = folder_tree(&[folder("b.c", None, None), folder("a", None, None)]);
        assert_eq!(shape(&flat), ["a", "b.c"]);

        let d = Some('/');
        let tree = folder_tree(&[
            folder("A", d, None),
            folder("A/B", d, None),
            folder("A/B/C", d, None),
            folder("A2", d, None),
        ]);
        let collapsed: HashSet<MailboxName> = [MailboxName::from_wire("A/B")].into();
        assert_eq!(shape(&visible(&tree, &collapsed)), ["A", "  B", "A2"]);
        let collapsed: HashSet<MailboxName> = [MailboxName::from_wire("A")].into();
        assert_eq!(shape(&visible(&tree, &collapsed)), ["A", "A2"]);
        assert_eq!(visible(&tree, &HashSet::new()).len(), 4);
    }
}
