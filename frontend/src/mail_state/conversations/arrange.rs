//! The list's rows in conversation view: the open folder's messages grouped by RFC 5256's
//! REFERENCES algorithm (`posthorn_proto::thread`) with the related folders' (Sent, Drafts), and,
//! while the folder's headers are not all in the local index, with the server's own THREAD answer
//! for the folder ([`super::server_threads`]) joined in.

use std::collections::{HashMap, HashSet};

use posthorn_proto::sort::SortOrder;
use posthorn_proto::thread::{Header, join_groups, threads};

use super::super::Row;
use super::super::threads::RelatedFolder;
use super::{Conversation, Member};

fn header(row: &Row) -> Header<'_> {
    Header {
        message_id: &row.message_id,
        in_reply_to: &row.in_reply_to,
        references: &row.references,
        subject: &row.subject,
        date: row.timestamp.unwrap_or(0),
    }
}

/// The conversations of the open folder: every thread with at least one of `order`'s messages,
/// with the related folders' messages that belong to it. By date they come newest message first
/// (Sent replies count); in any other order, where their first message in `order` stands.
/// Messages whose rows are not cached yet follow, one row each, until they load.
///
/// `server`: the server's threads of the open folder (UIDs), if it was asked. While some of
/// `order`'s rows are not cached they are joined in ([`with_server`]); once every row is, the
/// local index alone decides, as it also knows the messages that came since.
pub(in crate::mail_state) fn arrange(
    sort: SortOrder,
    order: &[u32],
    rows: &HashMap<u32, Row>,
    related: &[RelatedFolder],
    server: Option<&[Vec<u32>]>,
) -> Vec<Conversation> {
    let here: Vec<&Row> = order.iter().filter_map(|u| rows.get(u)).collect();
    let mut places: Vec<Member> = here.iter().map(|r| Member { folder: None, uid: r.uid }).collect();
    let mut headers: Vec<Header<'_>> = here.iter().map(|r| header(r)).collect();
    for (i, folder) in related.iter().enumerate() {
        places.extend(folder.rows.iter().map(|r| Member { folder: Some(i), uid: r.uid }));
        headers.extend(folder.rows.iter().map(header));
    }
    let mut found: Vec<(usize, Conversation)> = threads(&headers)
        .into_iter()
        .filter_map(|t| {
            // Positions below here.len() are the open folder's rows, in the list's order.
            let first = t.members.iter().map(|m| m.index).filter(|&i| i < here.len()).min()?;
            let members = t.members.iter().map(|m| places[m.index].clone()).collect();
            Some((first, Conversation { members }))
        })
        .collect();
    if let Some(server) = server.filter(|_| here.len() < order.len()) {
        return with_server(order, found.into_iter().map(|(_, c)| c), server);
    }
    if sort != SortOrder::Date {
        // One sort compiled for the whole app (shared/src/stable_sort.rs).
        posthorn_proto::stable_sort::sort_by_key(&mut found, |(first, _)| *first);
    }
    let mut list: Vec<Conversation> = found.into_iter().map(|(_, c)| c).collect();
    list.extend(
        order
            .iter()
            .filter(|u| !rows.contains_key(u))
            .map(|&uid| Conversation { members: vec![Member { folder: None, uid }] }),
    );
    list
}

/// The server's threads (which know the messages not cached yet) joined with the local ones
/// (which know Sent and Drafts): a conversation is every group sharing a message with another
/// (`posthorn_proto::thread::join_groups`). A message in neither is a row of its own. Each comes
/// where its first message stands in `order`: the dates of messages not cached are not known
/// here, and `order` is the server's own order then (mail_state/order.rs).
fn with_server(
    order: &[u32],
    local: impl Iterator<Item = Conversation>,
    server: &[Vec<u32>],
) -> Vec<Conversation> {
    let position: HashMap<u32, usize> = order.iter().enumerate().map(|(i, u)| (*u, i)).collect();
    // Only messages still in the folder: the answer may be older than the list.
    let mut groups: Vec<Vec<Member>> = server
        .iter()
        .map(|t| {
            t.iter()
                .filter(|u| position.contains_key(u))
                .map(|&uid| Member { folder: None, uid })
                .collect::<Vec<_>>()
        })
        .collect();
    groups.extend(local.map(|c| c.members));
    let covered: HashSet<u32> =
        groups.iter().flatten().filter(|m| m.folder.is_none()).map(|m| m.uid).collect();
    groups
        .extend(order.iter().filter(|u| !covered.contains(u)).map(|&uid| vec![Member { folder: None, uid }]));
    let mut list: Vec<(usize, Conversation)> = join_groups(&groups)
        .into_iter()
        .filter_map(|members| {
            let first =
                members.iter().filter(|m| m.folder.is_none()).filter_map(|m| position.get(&m.uid)).min()?;
            Some((*first, Conversation { members }))
        })
        .collect();
    posthorn_proto::stable_sort::sort_by_key(&mut list, |(first, _)| *first);
    list.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use posthorn_proto::imap::MailboxName;
    use wasm_bindgen_test::*;

    fn row(uid: u32, date: i64, id: &str, references: &str, subject: &str) -> Row {
        // Read as the store keeps it, so the fields this test does not care about take their
        // defaults.
        let json = serde_json::json!({
            "uid": uid, "from": "", "subject": subject, "date": "", "timestamp": date, "size": 1,
            "seen": true, "flagged": false, "answered": false, "attachment": false,
            "message_id": format!("<{id}>"), "in_reply_to": "", "references": references,
        });
        serde_json::from_value(json).expect("a row")
    }

    fn uids(list: &[Conversation]) -> Vec<Vec<(Option<usize>, u32)>> {
        list.iter().map(|c| c.members.iter().map(|m| (m.folder, m.uid)).collect()).collect()
    }

    fn sent() -> RelatedFolder {
        RelatedFolder {
            mailbox: MailboxName::from_wire("Sent"),
            uidvalidity: 1,
            rows: vec![row(7, 150, "a1@x", "<q@x>", "Re: Question"), row(8, 400, "mine@x", "", "Mine")],
        }
    }

    fn cached() -> HashMap<u32, Row> {
        [
            row(1, 100, "q@x", "", "Question"),
            row(2, 300, "a2@x", "<q@x> <a1@x>", "Another subject"),
            row(3, 200, "other@x", "", "Other"),
        ]
        .into_iter()
        .map(|r| (r.uid, r))
        .collect()
    }

    #[wasm_bindgen_test]
    fn sent_replies_join_the_open_folders_conversations_and_sent_alone_stays_out() {
        let rows = cached();
        // UID 4 is not cached yet: a row of its own at the end.
        let order = [2, 3, 1, 4];
        let list = arrange(SortOrder::Date, &order, &rows, &[sent()], None);
        assert_eq!(
            uids(&list),
            vec![vec![(None, 1), (Some(0), 7), (None, 2)], vec![(None, 3)], vec![(None, 4)]]
        );
        assert_eq!(list[0].here().collect::<Vec<_>>(), vec![1, 2]);
        // In another order, where the conversation's first message in the list stands.
        let order = [3, 1, 2, 4];
        let list = arrange(SortOrder::Sender, &order, &rows, &[sent()], None);
        assert_eq!(uids(&list)[0], vec![(None, 3)]);
    }

    #[wasm_bindgen_test]
    fn the_servers_threads_group_messages_not_cached_until_every_row_is() {
        let rows = cached();
        // 4 and 5 are not cached; the server threads 4 with 3, and 5 with 1 (and so with 2).
        let server = vec![vec![3, 4], vec![1, 5, 2], vec![6]];
        let order = [5, 2, 3, 4, 1];
        let list = arrange(SortOrder::Date, &order, &rows, &[sent()], Some(&server));
        assert_eq!(
            uids(&list),
            vec![vec![(None, 1), (None, 5), (None, 2), (Some(0), 7)], vec![(None, 3), (None, 4)]],
            "UID 6 is gone from the folder; the rest come where their first message stands"
        );
        // Once every row is cached, the local index alone: 4 and 5 have no References, so
        // they stand alone (the server's answer is older than what the index now knows).
        let mut all = rows.clone();
        all.insert(4, row(4, 500, "n4@x", "", "Four"));
        all.insert(5, row(5, 600, "n5@x", "", "Five"));
        let list = arrange(SortOrder::Date, &order, &all, &[sent()], Some(&server));
        assert_eq!(list.len(), 4);
    }
}
