//! Conversations: RFC 5256's REFERENCES threading algorithm (section 3), over the headers the app
//! keeps in its local index, across folders.
//!
//! Messages are linked by Message-ID, References and In-Reply-To; containers for messages that were
//! referenced but are not at hand ("dummies") hold a thread together and are pruned; top-level threads
//! with the same base subject (section 2.1) are merged, so a reply whose client dropped References
//! still joins its conversation. Nothing here recurses, so a hostile References chain of any length
//! cannot exhaust the stack.

mod base_subject;
mod join;
mod message_id;

use std::collections::HashMap;

pub use base_subject::{BaseSubject, base_subject};
pub use join::join_groups;
pub use message_id::message_ids;

/// The headers threading reads from one message. Values are as the header carries them; the
/// subject is decoded.
#[derive(Debug, Clone, Copy, Default)]
pub struct Header<'a> {
    /// The Message-ID header value (`<…>`), or "".
    pub message_id: &'a str,
    /// The In-Reply-To header value, or "".
    pub in_reply_to: &'a str,
    /// The References header value, or "".
    pub references: &'a str,
    /// The decoded Subject.
    pub subject: &'a str,
    /// When the message was sent (the Date header, else the arrival time), in Unix seconds.
    pub date: i64,
}

/// One message of a conversation, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// The message's position in the slice given to [`threads`].
    pub index: usize,
    /// How deep it sits in the reply tree (0 for the thread's first level).
    pub depth: u32,
}

/// A conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    /// The messages depth first, siblings by date (RFC 5256 section 3, step 7).
    pub members: Vec<Member>,
    /// The date of its newest message.
    pub latest: i64,
}

/// Containers beyond this many References entries are not linked: real clients send a few dozen
/// at most, and the chain only decides a message's ancestors.
const MAX_REFERENCES: usize = 128;

type Id = u32;

#[derive(Default)]
struct Container {
    message: Option<usize>,
    parent: Option<Id>,
    children: Vec<Id>,
}

/// Groups `headers` into conversations, newest conversation first (by its latest message).
pub fn threads(headers: &[Header<'_>]) -> Vec<Thread> {
    let mut forest = Forest::default();
    for (index, header) in headers.iter().enumerate() {
        forest.add(index, header);
    }
    let roots = forest.pruned_roots();
    let roots = forest.merge_by_subject(roots, headers);
    let mut out: Vec<Thread> = roots.into_iter().map(|root| forest.flatten(root, headers)).collect();
    crate::stable_sort::sort_by_key(&mut out, |t| std::cmp::Reverse(t.latest));
    out
}

#[derive(Default)]
struct Forest<'a> {
    containers: Vec<Container>,
    by_id: HashMap<&'a str, Id>,
}

impl<'a> Forest<'a> {
    fn new_container(&mut self) -> Id {
        self.containers.push(Container::default());
        (self.containers.len() - 1) as Id
    }

    fn container_for(&mut self, id: &'a str) -> Id {
        if let Some(&c) = self.by_id.get(id) {
            return c;
        }
        let c = self.new_container();
        self.by_id.insert(id, c);
        c
    }

    /// Whether `ancestor` is `node` or above it.
    fn is_ancestor(&self, ancestor: Id, mut node: Id) -> bool {
        // A container without children is above nothing: the common case, and it keeps a long
        // reply chain linear instead of walking up the whole chain for every message.
        if self.containers[ancestor as usize].children.is_empty() {
            return ancestor == node;
        }
        loop {
            if node == ancestor {
                return true;
            }
            match self.containers[node as usize].parent {
                Some(p) => node = p,
                None => return false,
            }
        }
    }

    fn link(&mut self, parent: Id, child: Id) {
        self.containers[child as usize].parent = Some(parent);
        self.containers[parent as usize].children.push(child);
    }

    fn unlink(&mut self, child: Id) {
        if let Some(p) = self.containers[child as usize].parent.take() {
            self.containers[p as usize].children.retain(|&c| c != child);
        }
    }

    /// Step 1: link the message's references in order, then the message under the last one.
    fn add(&mut self, index: usize, header: &Header<'a>) {
        let mut refs: Vec<&'a str> = message_ids(header.references).collect();
        if refs.is_empty() {
            refs.extend(message_ids(header.in_reply_to).take(1));
        }
        let refs = &refs[refs.len().saturating_sub(MAX_REFERENCES)..];
        let mut previous: Option<Id> = None;
        for &id in refs {
            let current = self.container_for(id);
            if let Some(p) = previous
                && self.containers[current as usize].parent.is_none()
                && !self.is_ancestor(current, p)
            {
                self.link(p, current);
            }
            previous = Some(current);
        }
        // A missing Message-ID, or one already taken by an earlier message, gets a unique one.
        let own = match message_ids(header.message_id).next() {
            Some(id) => {
                let c = self.container_for(id);
                if self.containers[c as usize].message.is_some() { self.new_container() } else { c }
            }
            None => self.new_container(),
        };
        self.containers[own as usize].message = Some(index);
        // The message's own References outrank a link a later reference made for it.
        self.unlink(own);
        if let Some(p) = previous
            && !self.is_ancestor(own, p)
        {
            self.link(p, own);
        }
    }

    /// Steps 2 to 4: the root set, with empty dummies removed and a dummy's children promoted to
    /// its place (to the root only when it has one child).
    fn pruned_roots(&mut self) -> Vec<Id> {
        let roots: Vec<Id> = (0..self.containers.len() as Id)
            .filter(|&c| self.containers[c as usize].parent.is_none())
            .collect();
        let mut replacement: Vec<Vec<Id>> = vec![Vec::new(); self.containers.len()];
        let mut out = Vec::new();
        for root in roots {
            // Post-order without recursion: a node is finished once all its children are.
            let mut stack = vec![(root, false)];
            while let Some((node, children_done)) = stack.pop() {
                if !children_done {
                    stack.push((node, true));
                    stack.extend(self.containers[node as usize].children.iter().map(|&c| (c, false)));
                    continue;
                }
                let children = std::mem::take(&mut self.containers[node as usize].children);
                let kept: Vec<Id> =
                    children.iter().flat_map(|&c| std::mem::take(&mut replacement[c as usize])).collect();
                for &c in &kept {
                    self.containers[c as usize].parent = Some(node);
                }
                let is_root = node == root;
                replacement[node as usize] =
                    if self.containers[node as usize].message.is_some() || (is_root && kept.len() > 1) {
                        self.containers[node as usize].children = kept;
                        vec![node]
                    } else {
                        kept
                    };
            }
            for c in std::mem::take(&mut replacement[root as usize]) {
                self.containers[c as usize].parent = None;
                out.push(c);
            }
        }
        out
    }

    /// The date a container sorts by: its message's, or a dummy's earliest child's.
    fn date(&self, c: Id, headers: &[Header<'_>]) -> (i64, usize) {
        let node = &self.containers[c as usize];
        match node.message {
            Some(i) => (headers[i].date, i),
            None => {
                node.children.iter().map(|&k| self.date(k, headers)).min().unwrap_or((i64::MAX, usize::MAX))
            }
        }
    }

    /// The message whose subject stands for a thread: its root, or a dummy's first child.
    fn subject_message(&self, c: Id, headers: &[Header<'_>]) -> Option<usize> {
        let node = &self.containers[c as usize];
        node.message.or_else(|| {
            node.children
                .iter()
                .min_by_key(|&&k| self.date(k, headers))
                .and_then(|&k| self.containers[k as usize].message)
        })
    }

    /// Steps 5 and 6: top-level threads with the same base subject become one.
    fn merge_by_subject(&mut self, mut roots: Vec<Id>, headers: &[Header<'_>]) -> Vec<Id> {
        crate::stable_sort::sort_by_key(&mut roots, |&c| self.date(c, headers));
        let bases: Vec<Option<BaseSubject>> = roots
            .iter()
            .map(|&c| self.subject_message(c, headers).map(|i| base_subject(headers[i].subject)))
            .map(|b| b.filter(|b| !b.text.is_empty()))
            .collect();
        let is_dummy = |forest: &Self, c: Id| forest.containers[c as usize].message.is_none();
        // Step 6B: which thread each base subject gathers into.
        let mut table: HashMap<&str, usize> = HashMap::new();
        for (slot, base) in bases.iter().enumerate() {
            let Some(base) = base else { continue };
            match table.get(base.text.as_str()) {
                None => {
                    table.insert(&base.text, slot);
                }
                Some(&held) => {
                    let held_reply = bases[held].as_ref().is_some_and(|b| b.is_reply_or_forward);
                    if (is_dummy(self, roots[slot]) && !is_dummy(self, roots[held]))
                        || (held_reply && !base.is_reply_or_forward && !is_dummy(self, roots[held]))
                    {
                        table.insert(&base.text, slot);
                    }
                }
            }
        }
        // Step 6C: merge every other thread with that subject into it.
        let mut target: Vec<Id> = roots.clone();
        let mut merged = vec![false; roots.len()];
        for (slot, base) in bases.iter().enumerate() {
            let Some(base) = base else { continue };
            let held = table[base.text.as_str()];
            if held == slot {
                continue;
            }
            let (keep, current) = (target[held], roots[slot]);
            let current_reply = base.is_reply_or_forward;
            let held_reply = bases[held].as_ref().is_some_and(|b| b.is_reply_or_forward);
            match (is_dummy(self, keep), is_dummy(self, current)) {
                (true, true) => {
                    let children = std::mem::take(&mut self.containers[current as usize].children);
                    for c in children {
                        self.link(keep, c);
                    }
                }
                (true, false) => self.link(keep, current),
                (false, _) if current_reply && !held_reply => self.link(keep, current),
                _ => {
                    let dummy = self.new_container();
                    self.link(dummy, keep);
                    self.link(dummy, current);
                    target[held] = dummy;
                }
            }
            merged[slot] = true;
        }
        target.into_iter().zip(merged).filter(|(_, m)| !m).map(|(c, _)| c).collect()
    }

    /// Step 7 and the reading order: depth first, siblings by date, dummies left out.
    fn flatten(&self, root: Id, headers: &[Header<'_>]) -> Thread {
        let mut members = Vec::new();
        let mut latest = i64::MIN;
        let mut stack = vec![(root, 0u32)];
        while let Some((node, depth)) = stack.pop() {
            let container = &self.containers[node as usize];
            let child_depth = match container.message {
                Some(index) => {
                    members.push(Member { index, depth });
                    latest = latest.max(headers[index].date);
                    depth + 1
                }
                None => depth,
            };
            let mut children = container.children.clone();
            crate::stable_sort::sort_by_key(&mut children, |&c| std::cmp::Reverse(self.date(c, headers)));
            stack.extend(children.into_iter().map(|c| (c, child_depth)));
        }
        Thread { members, latest }
    }
}
