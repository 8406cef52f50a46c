//! One Posthorn page per browser profile at a time.
//!
//! Each page keeps the outbox and the queue of offline changes in memory and writes them whole to
//! IndexedDB, and runs its own sender: two pages at once would write over each other's outbox (a
//! message written in one could vanish) and could both send the same message. So the page that
//! holds the Web Lock `posthorn` (navigator.locks, held for the page's life) runs the app; a
//! second page waits in line for it and, after [`PATIENCE`], says that Posthorn is open in
//! another tab. It takes over by itself when that tab closes, or at once with "Use here", which
//! steals the lock: the other page then reloads into the same notice.
//!
//! Web Locks exist only in secure contexts (HTTPS, or http://localhost); without them the app runs
//! unguarded, as before.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The lock's name, shared by every Posthorn page of this origin.
const LOCK: &str = "posthorn";

/// How long a new page waits for the lock before it says why: long enough for a reload, whose
/// old page gives the lock back only once it is gone.
const PATIENCE: Duration = Duration::from_millis(1500);

/// Runs `start` once this page holds the lock (at once where Web Locks are missing). Until then,
/// after [`PATIENCE`], shows the "open in another tab" notice.
pub fn run(start: impl FnOnce() + 'static) {
    let Some(locks) = locks() else {
        start();
        return;
    };
    let guard = Rc::new(Guard { start: RefCell::new(Some(Box::new(start))), ..Guard::default() });
    let waiting = web_sys::AbortController::new().ok();
    let options = Object::new();
    if let Some(waiting) = &waiting {
        let _ = Reflect::set(&options, &"signal".into(), &waiting.signal());
    }
    request(&locks, &options, guard.clone());
    let notice_guard = guard.clone();
    set_timeout(
        move || {
            if notice_guard.held.get() {
                return;
            }
            let steal_guard = notice_guard.clone();
            let use_here = move || {
                // Stop waiting in line, then take the lock from the other page.
                if let Some(waiting) = &waiting {
                    waiting.abort();
                }
                let options = Object::new();
                let _ = Reflect::set(&options, &"steal".into(), &true.into());
                request(&locks, &options, steal_guard.clone());
            };
            crate::boot::done();
            leptos::mount::mount_to_body(move || view! { <OpenElsewhere use_here /> });
            notice_guard.notice_shown.set(true);
        },
        PATIENCE,
    );
}

/// What one page knows about its claim.
#[derive(Default)]
struct Guard {
    /// The app's start, run once when the lock is first held.
    start: RefCell<Option<Box<dyn FnOnce()>>>,
    /// This page holds the lock.
    held: Cell<bool>,
    /// The notice is on screen (and goes when the app starts).
    notice_shown: Cell<bool>,
}

impl Guard {
    fn granted(&self) {
        self.held.set(true);
        if self.notice_shown.replace(false)
            && let Some(notice) = document().query_selector("[data-testid=open-elsewhere]").ok().flatten()
        {
            notice.remove();
        }
        if let Some(start) = self.start.borrow_mut().take() {
            start();
        }
    }
}

fn locks() -> Option<JsValue> {
    let locks = Reflect::get(&window().navigator(), &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// `navigator.locks.request(LOCK, options, …)`: on grant, holds the lock until the page goes; if
/// another page steals it later, reloads (into the notice).
fn request(locks: &JsValue, options: &Object, guard: Rc<Guard>) {
    let Some(request) =
        Reflect::get(locks, &"request".into()).ok().and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return;
    };
    let on_grant = guard.clone();
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        on_grant.granted();
        // Never settles: the lock is held for the page's life.
        Promise::new(&mut |_, _| {}).into()
    });
    let Ok(pending) = request.call3(locks, &LOCK.into(), options, &callback) else { return };
    let on_end = Closure::once_into_js(move |_reason: JsValue| {
        // A held lock only ends when another page steals it. A request that ends without having
        // been granted was the waiting one, aborted by "Use here".
        if guard.held.get() {
            let _ = window().location().reload();
        }
    });
    if let Some(catch) =
        Reflect::get(&pending, &"catch".into()).ok().and_then(|f| f.dyn_into::<Function>().ok())
    {
        let _ = catch.call1(&pending, &on_end);
    }
}

/// Shown while another tab runs Posthorn.
#[component]
fn OpenElsewhere(use_here: impl Fn() + 'static) -> impl IntoView {
    view! {
        <main class="open-elsewhere" data-testid="open-elsewhere">
            <h1>{crate::i18n::t().open_elsewhere}</h1>
            <p>{crate::i18n::t().open_elsewhere_why}</p>
            <button data-testid="use-here" on:click=move |_| use_here()>
                {crate::i18n::t().use_here}
            </button>
        </main>
    }
}
