//! Browser tests of the draft locks (Web Locks API in headless Chromium). Within one page the
//! lock manager behaves as across tabs: a second request for a held lock is refused.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pq_app::locks::{DraftAccess, lock_draft, lock_name};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        leptos::prelude::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("timer");
}

#[wasm_bindgen_test]
async fn one_editor_per_draft() {
    assert_eq!(lock_name("abc"), "pq-draft-abc");
    let first = match lock_draft("lock-test-1").await {
        DraftAccess::Editing(lock) => lock,
        other => panic!("the first opener edits, got {other:?}"),
    };
    assert!(matches!(
        lock_draft("lock-test-1").await,
        DraftAccess::ReadOnly
    ));
    // Another draft is not affected.
    let other = match lock_draft("lock-test-2").await {
        DraftAccess::Editing(lock) => lock,
        access => panic!("another draft is free, got {access:?}"),
    };

    // Given back: the next opener edits.
    first.release();
    let mut again = lock_draft("lock-test-1").await;
    for _ in 0..50 {
        if matches!(again, DraftAccess::Editing(_)) {
            break;
        }
        tick().await;
        again = lock_draft("lock-test-1").await;
    }
    assert!(matches!(again, DraftAccess::Editing(_)));
    drop(again);
    drop(other);
}
