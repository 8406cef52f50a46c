//! The installable app at run time: registers the service worker (`frontend/assets/sw.js`), offers
//! a reload when a new version is waiting, and shows whether the browser is online.
//!
//! The worker serves one build's files from one cache; a new build's worker waits until the person
//! presses "Reload", and then every open tab reloads into it, so an old page never runs against a
//! new worker's files (nor the other way round).

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

mod connectivity_indicator;
mod update_bar;

pub use connectivity_indicator::ConnectivityIndicator;
use update_bar::UpdateBar;

/// The worker's path: at the root, so that its scope is the whole app.
const WORKER_URL: &str = "/sw.js";

/// Set when the person pressed "Reload": the coming controller change is theirs to follow.
static RELOAD_REQUESTED: AtomicBool = AtomicBool::new(false);

/// Mounts the update bar (which registers the service worker). Call once, after mounting the app.
pub fn start() {
    // The bar lives as long as the page, beside the app rather than inside it.
    leptos::mount::mount_to_body(UpdateBar);
}

/// Registers the worker and watches for a new version. Does nothing where service workers do not
/// exist (a plain-HTTP origin other than localhost, some private modes).
fn register(waiting: RwSignal<Option<ServiceWorker>, LocalStorage>) {
    let navigator = window().navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();

    // A page that was controlled when the controller changes is running the old version: reload
    // it. The very first install only takes control of an uncontrolled page: no reload then.
    let controlled = Cell::new(container.controller().is_some());
    let reloading = Cell::new(false);
    let on_controller_change = Closure::<dyn Fn()>::new(move || {
        if (controlled.get() || RELOAD_REQUESTED.load(Ordering::Relaxed)) && !reloading.replace(true) {
            let _ = window().location().reload();
        }
        controlled.set(true);
    });
    let _ = container
        .add_event_listener_with_callback("controllerchange", on_controller_change.as_ref().unchecked_ref());
    // The listener is needed for the page's whole life.
    on_controller_change.forget();

    wasm_bindgen_futures::spawn_local(async move {
        // Not before the first screen's parts are in (lazy.rs).
        crate::lazy::settled().await;
        let registration = match JsFuture::from(container.register(WORKER_URL)).await {
            Ok(registration) => registration.unchecked_into::<ServiceWorkerRegistration>(),
            Err(error) => {
                // Offline use is lost, the app itself still works: a warning, not an error.
                leptos::logging::warn!("the service worker could not be registered: {error:?}");
                return;
            }
        };
        watch_for_updates(&registration, &container, waiting);
    });
}

fn watch_for_updates(
    registration: &ServiceWorkerRegistration,
    container: &ServiceWorkerContainer,
    waiting: RwSignal<Option<ServiceWorker>, LocalStorage>,
) {
    // Installed while an earlier page was open: it already waits.
    if let Some(worker) = registration.waiting()
        && container.controller().is_some()
    {
        waiting.set(Some(worker));
    }
    let found = {
        let registration = registration.clone();
        let container = container.clone();
        Closure::<dyn Fn()>::new(move || {
            let Some(worker) = registration.installing() else { return };
            let container = container.clone();
            let watched = worker.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                // Installed with a controller present means "waiting for the old one to go"; without
                // one it is the first install, which activates by itself.
                if watched.state() == ServiceWorkerState::Installed && container.controller().is_some() {
                    waiting.set(Some(watched.clone()));
                }
            });
            let _ = worker.add_event_listener_with_callback("statechange", on_state.as_ref().unchecked_ref());
            on_state.forget();
        })
    };
    let _ = registration.add_event_listener_with_callback("updatefound", found.as_ref().unchecked_ref());
    found.forget();

    // Back online is a good moment to look for a deployment made in the meantime.
    let registration = registration.clone();
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        if let Ok(promise) = registration.update() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    });
    // Page-long, like the registration.
    std::mem::forget(on_online);
}
