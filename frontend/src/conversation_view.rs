//! The conversation view's parts: the list's switch, a conversation's row in the message grid,
//! and the reader for a conversation (every message oldest first, each labelled with its folder;
//! read ones as one line that a click, Enter or Space opens). The state is
//! `mail_state/conversations.rs`.

mod conversation_reader;
mod reader_pane;
mod row;
mod shown_message;
mod switch;

use conversation_reader::ConversationReader;
pub use reader_pane::ReaderPane;
pub use row::ConversationRow;
use shown_message::ShownMessage;
pub use switch::ConversationSwitch;
