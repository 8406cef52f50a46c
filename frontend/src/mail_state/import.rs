//! Adding message files (`.eml`) and mailbox files (mbox: a Thunderbird local folder, a mutt
//! spool, a Google Takeout export) to a folder, as Thunderbird does when they are dropped on one:
//! an mbox is cut into its messages (`posthorn_proto::message::mbox`), each read by the engine
//! (`posthorn_proto::message::import`: CRLF line ends, its Date as the internal date) and
//! appended (APPEND, RFC 3501 section 6.3.11) on the account's one connection, with the flags
//! the mbox kept for it, else marked read. A file (or a message of an mbox) that is no message is
//! named with why, and the others are added all the same.

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{Command, Flag, MailboxName};
use posthorn_proto::message::import::{ImportProblem, import};
use posthorn_proto::message::mbox;

use super::MailState;
use crate::i18n::t;
use crate::session::MailError;

fn problem_words(problem: ImportProblem) -> &'static str {
    match problem {
        ImportProblem::Empty => t().import_empty,
        ImportProblem::NotAMessage => t().import_not_message,
        ImportProblem::NulByte => t().import_nul,
    }
}

impl MailState {
    /// Adds the messages in `files` to `folder`: the status line says how many, and an error
    /// names each file left out, with why.
    pub fn import_files(&self, folder: MailboxName, files: Vec<web_sys::File>) {
        if files.is_empty() {
            return;
        }
        let state = self.clone();
        spawn_local(async move {
            let mut messages = Vec::new();
            let mut left_out = Vec::new();
            for file in &files {
                let name = file.name();
                let Some(bytes) = crate::files::bytes(file).await else {
                    left_out.push(format!("{name}: {}", t().import_unreadable));
                    continue;
                };
                // An mbox's messages are named by the file and their place in it.
                let entries: Vec<(String, Vec<u8>, Option<Vec<Flag>>)> = if mbox::is_mbox(&bytes) {
                    let entries = mbox::split(&bytes);
                    let one = entries.len() == 1;
                    (entries.into_iter().enumerate())
                        .map(|(i, e)| {
                            (if one { name.clone() } else { format!("{name} #{}", i + 1) }, e.raw, e.flags)
                        })
                        .collect()
                } else {
                    vec![(name, bytes, None)]
                };
                for (name, raw, flags) in entries {
                    match import(&raw) {
                        Err(problem) => left_out.push(format!("{name}: {}", problem_words(problem))),
                        Ok(message) => {
                            messages.push((name, message, flags.unwrap_or_else(|| vec![Flag::Seen])))
                        }
                    }
                }
            }
            let added = if messages.is_empty() {
                0
            } else {
                let appended = state
                    .with_session(false, async |session| {
                        let mut added = 0;
                        for (name, message, flags) in messages {
                            let command = Command::Append {
                                mailbox: folder.clone(),
                                flags,
                                internal_date: message.date,
                                message: message.message,
                            };
                            match session.run(command).await {
                                Ok(_) => added += 1,
                                Err(e) => left_out.push(format!("{name}: {}", e.with_reply())),
                            }
                        }
                        Ok(added)
                    })
                    .await;
                match appended {
                    Ok(added) => added.unwrap_or(0),
                    Err(failure) => {
                        state.error.set(Some(failure.error));
                        return;
                    }
                }
            };
            if added > 0 {
                let shown = state
                    .folder(&folder)
                    .map(|f| crate::mail_view::folder_name(&f, &f.name).to_owned())
                    .unwrap_or_else(|| folder.as_wire().to_owned());
                if state.folders.open.get_untracked().as_ref() == Some(&folder) {
                    state.sync_open_folder().await;
                } else {
                    state.counts_changed(vec![folder]);
                }
                // After the sync, whose own words it would replace.
                state.status.set((t().imported)(added, &shown));
            }
            if !left_out.is_empty() {
                state.error.set(Some(MailError::new(format!(
                    "{} {}",
                    t().import_left_out,
                    left_out.join("; ")
                ))));
            }
        });
    }
}
