//! Cross-process test support for Posthorn: real mail servers, the real bridge, headless Chromium.

pub mod app;
pub mod axe;
pub mod bench;
pub mod browser;
pub mod fixtures;
pub mod interop;
pub mod mailstack;
pub mod metrics;
pub mod phone;
pub mod recorder;
pub mod ui;
pub mod walk;
