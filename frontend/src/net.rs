//! Talking to mail servers through the bridge: where the bridge is, the WebSocket transport, the
//! clock, and the one driver loop.

pub mod bridge_url;
pub mod clock;
pub mod driver;
pub mod socket;
