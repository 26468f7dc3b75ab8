//! Small things only the browser knows: the time, fresh ids, files, storage quota.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Now, as an RFC 3339 UTC time.
pub fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Today's date from the browser's clock (local time).
pub fn today() -> pq_core::expression::Date {
    use pq_core::expression::Date;
    let now = js_sys::Date::new_0();
    Date::new(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or(Date::EPOCH)
}

/// A fresh record id (a random UUID).
pub fn new_id() -> String {
    leptos::prelude::window()
        .crypto()
        .map(|c| c.random_uuid())
        .unwrap_or_else(|_| format!("local-{}", js_sys::Date::now()))
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = leptos::prelude::document();
    let anchor = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into::<web_sys::HtmlAnchorElement>();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).map_err(|e| format!("{e:?}"))?;
    Ok(())
}

/// Reads a file the person picked.
pub async fn read_file(file: web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{e:?}"))?;
    text.as_string()
        .ok_or_else(|| "the file is not text".to_owned())
}

/// Bytes used and available to this site.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let manager = leptos::prelude::window().navigator().storage();
    let promise = manager.estimate().ok()?;
    let estimate: web_sys::StorageEstimate = JsFuture::from(promise).await.ok()?.unchecked_into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}

/// Asks the browser to keep this site's data (no eviction under storage pressure).
pub async fn request_persistence() -> bool {
    let manager = leptos::prelude::window().navigator().storage();
    let Ok(promise) = manager.persist() else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Moves keyboard focus to the first answer marked invalid inside `within` (searching the
/// form itself, not the document: an embedded survey lives in a shadow root).
pub fn focus_first_error(within: &web_sys::Element) {
    if let Ok(Some(element)) = within.query_selector("[aria-invalid='true']")
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}
