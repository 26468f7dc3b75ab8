//! One editor per draft, across the tabs of a browser (the Web Locks API).
//!
//! Opening a draft asks for the lock `pq-draft-<id>` without waiting (`ifAvailable`). The tab
//! that gets it holds it until its form screen closes ([`DraftLock`] is dropped) or the tab
//! goes away (the browser releases it then); a tab that does not get it shows the draft
//! read-only. Where the browser has no Web Locks (an insecure `http://` origin other than
//! localhost, an old browser) every tab may edit, as before.
//!
//! `navigator.locks` is reached through `js_sys::Reflect`: web-sys only offers `LockManager`
//! behind `--cfg=web_sys_unstable_apis`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What asking for a draft's lock gave.
#[derive(Debug)]
pub enum DraftAccess {
    /// This tab edits the draft while the lock lives.
    Editing(DraftLock),
    /// Another tab has the draft open: show it read-only.
    ReadOnly,
    /// The browser cannot tell (no Web Locks): edit.
    Unchecked,
}

/// The lock's name for a draft.
pub fn lock_name(record_id: &str) -> String {
    format!("pq-draft-{record_id}")
}

/// A held lock: released when dropped.
#[derive(Debug)]
pub struct DraftLock {
    /// Resolves the promise the lock callback returned: the browser then releases the lock.
    release: Rc<RefCell<Option<Function>>>,
}

impl DraftLock {
    /// Gives the lock back now.
    pub fn release(self) {
        drop(self);
    }
}

impl Drop for DraftLock {
    fn drop(&mut self) {
        if let Some(resolve) = self.release.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    }
}

/// Asks for the draft's lock, without waiting for another tab to give it up.
pub async fn lock_draft(record_id: &str) -> DraftAccess {
    let Some((locks, request)) = lock_manager() else {
        return DraftAccess::Unchecked;
    };
    let options = Object::new();
    if Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE).is_err() {
        return DraftAccess::Unchecked;
    }

    // `granted` settles when the browser calls back: with the lock, or with null.
    let mut settle: Option<Function> = None;
    let granted = Promise::new(&mut |resolve, _reject| settle = Some(resolve));
    let Some(settle) = settle else {
        return DraftAccess::Unchecked;
    };
    let release = Rc::new(RefCell::new(None::<Function>));
    let callback = {
        let release = Rc::clone(&release);
        Closure::once_into_js(move |lock: JsValue| -> JsValue {
            if lock.is_null() || lock.is_undefined() {
                let _ = settle.call1(&JsValue::UNDEFINED, &JsValue::FALSE);
                return JsValue::UNDEFINED;
            }
            // Held until this promise resolves, i.e. until the DraftLock is dropped.
            let held = Promise::new(&mut |resolve, _reject| {
                *release.borrow_mut() = Some(resolve);
            });
            let _ = settle.call1(&JsValue::UNDEFINED, &JsValue::TRUE);
            held.into()
        })
    };
    let requested = match request.call3(
        &locks,
        &JsValue::from_str(&lock_name(record_id)),
        &options,
        &callback,
    ) {
        Ok(promise) => promise,
        Err(_) => return DraftAccess::Unchecked,
    };
    let Ok(requested) = requested.dyn_into::<Promise>() else {
        return DraftAccess::Unchecked;
    };
    // If the request itself fails (e.g. a SecurityError), `requested` rejects first.
    let first = Promise::race(&Array::of2(&granted, &requested));
    match JsFuture::from(first).await {
        Ok(value) if value == JsValue::TRUE => DraftAccess::Editing(DraftLock { release }),
        Ok(_) => DraftAccess::ReadOnly,
        Err(_) => DraftAccess::Unchecked,
    }
}

/// `navigator.locks` and its `request` method, when the browser has them.
fn lock_manager() -> Option<(JsValue, Function)> {
    let navigator = leptos::prelude::window().navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Some((locks, request))
}
