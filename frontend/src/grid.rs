//! What every message grid shares: the virtualised rows ([`VirtualGrid`]) and the box that ticks a
//! row for actions on several messages ([`SelectCell`]). The lists (`mail_view.rs`,
//! `all_inboxes/list.rs`) and the rows (`message_row.rs`, `conversation_view.rs`,
//! `all_inboxes/list.rs`) build on them, so the grid's ARIA attributes are written once.

mod select_cell;
mod virtual_rows;

pub use select_cell::SelectCell;
pub(crate) use virtual_rows::ROW_HEIGHT_PX;
pub use virtual_rows::{Scroll, VirtualGrid};
