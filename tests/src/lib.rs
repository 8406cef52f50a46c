//! Cross-process test support for Posthorn: real mail servers, the real bridge, headless Chromium.

pub mod app;
pub mod browser;
pub mod mailstack;
