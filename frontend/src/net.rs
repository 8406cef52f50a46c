//! Talking to mail servers through the bridge: the WebSocket transport and the one driver loop.

pub mod driver;
pub mod socket;
