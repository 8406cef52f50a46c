//! The app's icons: inline SVG, one stroked path each on a 24 × 24 grid, drawn in the text's
//! colour (`currentColor`) so that they follow the theme (frontend/style/main.css `.icon`).
//!
//! An icon is decoration: it is `aria-hidden`, and the control it sits in carries the name a
//! screen reader reads (its text, or `aria-label` where the icon stands alone). One `<svg>` view
//! for all of them keeps the wasm small: each icon costs only its path data.

use leptos::prelude::*;

/// An icon the app draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    NewMessage,
    Reply,
    ReplyAll,
    Forward,
    Flag,
    Move,
    Copy,
    Delete,
    Refresh,
    Search,
    Settings,
    Log,
    Read,
    Unread,
    Attachment,
    Inbox,
    Sent,
    Junk,
    Archive,
    Folder,
    Menu,
    More,
    Conversations,
    Tag,
    HighPriority,
    LowPriority,
}

impl Icon {
    /// The path data (SVG 1.1, 8.3): strokes only, round caps and joins.
    fn path(self) -> &'static str {
        match self {
            Icon::NewMessage => "M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z",
            Icon::Reply => "M9 17l-5-5 5-5M4 12h11a5 5 0 0 1 5 5v2",
            Icon::ReplyAll => "M7 17l-5-5 5-5M12 17l-5-5 5-5M7 12h9a5 5 0 0 1 5 5v2",
            Icon::Forward => "M15 17l5-5-5-5M20 12H9a5 5 0 0 0-5 5v2",
            Icon::Flag => "M5 21V4M5 15s1.5-1 4-1 4.5 2 7 2 3-1 3-1V4s-.5 1-3 1-4.5-2-7-2-4 1-4 1",
            Icon::Move => {
                "M3 7V5a2 2 0 0 1 2-2h4l2 3h8a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-2M3 13h10M10 10l3 3-3 3"
            }
            Icon::Copy => "M9 9h11v11H9zM5 15H4V4h11v1",
            Icon::Delete => "M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6M10 11v6M14 11v6",
            Icon::Refresh => "M21 12a9 9 0 1 1-2.6-6.4L21 8M21 3v5h-5",
            Icon::Search => "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5",
            Icon::Settings => "M4 21v-7M4 10V3M12 21v-9M12 8V3M20 21v-5M20 12V3M1 14h6M9 8h6M17 16h6",
            Icon::Log => "M4 17l6-6-6-6M12 19h8",
            Icon::Read => "M3 10l9 6 9-6M3 10v10h18V10l-9-7z",
            Icon::Unread => "M3 5h18v14H3zM3 6l9 7 9-7",
            Icon::Attachment => {
                "M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7"
            }
            Icon::Inbox => "M22 12h-6l-2 3h-4l-2-3H2M5.5 5h13L22 12v7a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2v-7z",
            Icon::Sent => "M22 2L11 13M22 2l-7 20-4-9-9-4z",
            Icon::Junk => {
                "M12 9v4M12 17h.01M10.3 3.9L1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z"
            }
            Icon::Archive => "M21 8v13H3V8M1 3h22v5H1zM10 12h4",
            // Two speech bubbles, one behind the other.
            Icon::Conversations => {
                "M14 9a2 2 0 0 1-2 2H6l-4 4V4a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2zM18 9h2a2 2 0 0 1 2 2v11l-4-4h-6a2 2 0 0 1-2-2v-1"
            }
            Icon::Folder => "M22 19a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h5l2 3h9a2 2 0 0 1 2 2z",
            Icon::Menu => "M3 6h18M3 12h18M3 18h18",
            Icon::Tag => "M20.6 13.4l-7.2 7.2a2 2 0 0 1-2.8 0L2 12V2h10l8.6 8.6a2 2 0 0 1 0 2.8zM7 7h.01",
            Icon::HighPriority => "M12 4v11M12 20h.01",
            Icon::LowPriority => "M12 4v15M6 13l6 6 6-6",
            Icon::More => {
                "M4 12a1 1 0 1 0 2 0a1 1 0 1 0-2 0M11 12a1 1 0 1 0 2 0a1 1 0 1 0-2 0M18 12a1 1 0 1 0 2 0a1 1 0 1 0-2 0"
            }
        }
    }
}

/// `icon` as inline SVG, hidden from assistive technology (the control around it is named).
pub fn icon(icon: Icon) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=icon.path() />
        </svg>
    }
}
