//! "All inboxes" from the keyboard: the shortcuts of one account's list (frontend/src/keyboard.rs,
//! listed by `?`) on the unified list, each acting through the account of the row or message it
//! is about: j/k and the arrows move along the list, Enter opens, Escape closes, r and a reply
//! and f forwards from the open message's account, / goes to the search, x ticks a row (Shift+X
//! a range, Ctrl+A all, Escape none: all_inboxes/ticks.rs), c writes a new message (see
//! [`composer_for_new`]), Delete/#, e, m, u and s act on the ticked rows, else the open message,
//! and z takes back each account's last move.

use leptos::prelude::*;
use posthorn_proto::compose::ReplyKind;
use posthorn_proto::imap::Flag;
use wasm_bindgen::JsCast;

use super::Member;
use super::merge::Entry;
use crate::composer::Composer;
use crate::keyboard::{Cursor, focus_row};
use crate::mail_state::MailState;

/// What an action applies to, account by account: the ticked rows, else the open message.
pub(super) fn targets(members: &[Member], open_account: Option<usize>) -> Vec<(MailState, Vec<u32>)> {
    let ticked: Vec<(MailState, Vec<u32>)> = members
        .iter()
        .filter_map(Member::imap)
        .map(|state| (state.clone(), state.list.selected.get_untracked().into_iter().collect::<Vec<u32>>()))
        .filter(|(_, uids)| !uids.is_empty())
        .collect();
    if !ticked.is_empty() {
        return ticked;
    }
    open_account
        .and_then(|i| members.get(i))
        .and_then(Member::imap)
        .and_then(|state| state.reader.message.get_untracked().map(|(uid, _, _)| (state.clone(), vec![uid])))
        .into_iter()
        .collect()
}

/// Opens `entry`'s message in its account; one message is open at a time, whichever account it
/// belongs to.
pub(super) fn open_entry(members: &[Member], open_account: RwSignal<Option<usize>>, entry: Entry) {
    for (i, m) in members.iter().enumerate() {
        if i != entry.account {
            m.open().set(None);
        }
    }
    open_account.set(Some(entry.account));
    if let Some(m) = members.get(entry.account) {
        m.open_message(entry.uid);
    }
}

/// The composer a new message starts in: that of the open message's account (one is likely to
/// write as the account one is reading), else the first account's, the account list's first.
/// The form names its sender, so the choice is in sight.
pub(super) fn composer_for_new(
    composers: &[Composer],
    members: &[Member],
    open_account: Option<usize>,
) -> Option<Composer> {
    // The account of the message last opened, while it is still open.
    let open =
        open_account.filter(|&i| members.get(i).is_some_and(|m| m.open().with_untracked(Option::is_some)));
    open.and_then(|i| composers.get(i)).or_else(|| composers.first()).copied()
}

/// Installs the shortcuts on the window for the life of the calling component.
pub(super) fn install(
    members: Vec<Member>,
    composers: Vec<Composer>,
    merged: Memo<Vec<Entry>>,
    open_account: RwSignal<Option<usize>>,
    help: NodeRef<leptos::html::Dialog>,
    cursor: Cursor,
    ticks: super::ticks::Ticks,
) {
    // The cursor follows focus onto a row (a click, Tab), as the rows' aria-rowindex says.
    let focus = window_event_listener(leptos::ev::focusin, move |ev| {
        let index = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .filter(|e| e.get_attribute("data-testid").as_deref() == Some("message-row"))
            .and_then(|e| e.get_attribute("aria-rowindex"))
            .and_then(|i| i.parse::<u32>().ok());
        if let Some(i) = index.filter(|i| *i > 0) {
            cursor.set(Some(i - 1));
        }
    });
    on_cleanup(move || focus.remove());
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if crate::keyboard::typing_into(ev.target())
            || ev.alt_key()
            || ev.meta_key()
            || ev.ctrl_key() && !matches!(ev.key().as_str(), "z" | "a")
            || help.get_untracked().is_some_and(|d| d.open())
            || composers.iter().any(|c| c.form.with_untracked(Option::is_some))
                && ev.key() == "Escape"
                && crate::keyboard::composer_has_focus()
        {
            return;
        }
        let open = open_account.get_untracked();
        let open_message = open.and_then(|i| members.get(i)).and_then(|m| m.open().get_untracked());
        let count = merged.with_untracked(Vec::len) as u32;
        let at = |index: u32| merged.with_untracked(|m| m.get(index as usize).copied());
        let act = |f: &dyn Fn(&MailState, Vec<u32>)| {
            for (state, uids) in targets(&members, open) {
                f(&state, uids);
            }
        };
        if crate::keyboard::step_key(&ev.key(), cursor.get_untracked(), count, |i| cursor.set(Some(i))) {
            ev.prevent_default();
            return;
        }
        let handled = match ev.key().as_str() {
            "Enter" => match cursor.get_untracked().and_then(at) {
                Some(entry) if crate::keyboard::on_row(ev.target()) => {
                    open_entry(&members, open_account, entry);
                    true
                }
                _ => false,
            },
            "a" if ev.ctrl_key() => {
                if !crate::keyboard::on_row(ev.target()) {
                    return;
                }
                ticks.tick_every();
                true
            }
            // With no message open, Escape clears the ticks.
            "Escape" if open_message.is_none() => {
                ticks.clear();
                true
            }
            "Escape" => {
                if let (Some(account), Some((uid, _, _))) = (open, &open_message)
                    && let Some(m) = members.get(account)
                {
                    m.open().set(None);
                    let index = merged
                        .with_untracked(|m| m.iter().position(|e| e.account == account && e.uid == *uid));
                    if let Some(index) = index {
                        cursor.set(Some(index as u32));
                        focus_row(index as u32);
                    }
                }
                true
            }
            "r" | "a" => match (open.and_then(|i| composers.get(i)), &open_message) {
                (Some(composer), Some((_, message, _))) => {
                    composer.reply(message, if ev.key() == "a" { ReplyKind::All } else { ReplyKind::Sender });
                    true
                }
                _ => false,
            },
            // Shift + X: every row from the last one ticked to this one.
            "x" | "X" => match cursor.get_untracked() {
                Some(index) => {
                    ticks.tick_row(index as usize, ev.key() == "X");
                    true
                }
                None => false,
            },
            "f" => match (open.and_then(|i| composers.get(i)), &open_message) {
                (Some(composer), Some((_, message, _))) => {
                    composer.forward(message, None);
                    true
                }
                _ => false,
            },
            "v" => {
                crate::keyboard::focus_move_target();
                true
            }
            "/" => {
                crate::keyboard::focus_when_rendered("[data-testid=search]".into(), 0);
                true
            }
            "c" => {
                if let Some(composer) = composer_for_new(&composers, &members, open) {
                    composer.new_message();
                }
                true
            }
            "?" => {
                if let Some(dialog) = help.get_untracked() {
                    let _ = dialog.show_modal();
                }
                true
            }
            "Delete" | "#" => {
                act(&|s, u| s.delete(u));
                true
            }
            "e" => {
                act(&|s, u| s.archive(u));
                true
            }
            "!" => {
                act(&|s, u| s.junk(u));
                true
            }
            // The latest move of any account is taken back (the one the status line offers).
            "z" => {
                let states: Vec<MailState> = members.iter().filter_map(Member::imap).cloned().collect();
                if let Some((i, _)) = crate::mail_state::latest_undo(&states) {
                    states[i].undo_move();
                }
                true
            }
            "m" => {
                act(&|s, u| s.set_flag(u, Flag::Seen, true));
                true
            }
            "u" => {
                act(&|s, u| s.set_flag(u, Flag::Seen, false));
                true
            }
            "s" => {
                act(&|s, u| s.set_flag(u, Flag::Flagged, true));
                true
            }
            // Tags (mail_state/tags.rs): one choice over every account's messages, as the menu.
            "1" | "2" | "3" | "4" | "5" => {
                let n: u8 = ev.key().parse().unwrap_or(0);
                crate::mail_state::tags::toggle_tag_in(targets(&members, open), n);
                true
            }
            "0" => {
                act(&|s, u| s.clear_tags(u));
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}
