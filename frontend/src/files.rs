//! Files a person hands the app, chosen in a file picker or dropped: the composer's attachments
//! (composer/compose_form.rs) and message files to import (mail_state/import.rs).

/// The files of a picker's or a drop's list, in order; none where there is no list.
pub fn list(files: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    files.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

/// A file's bytes; `None` where the browser cannot read it (removed since it was chosen).
pub async fn bytes(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}
