//! A composer provided to what is inside.

use leptos::prelude::*;

use crate::composer::Composer;

/// Provides an account's composer to what it holds (the reply buttons read it as a context).
#[component]
pub(super) fn WithComposer(composer: Composer, children: Children) -> impl IntoView {
    provide_context(composer);
    children()
}
