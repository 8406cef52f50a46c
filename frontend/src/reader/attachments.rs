//! The attachment list. An attachment never becomes a document of the app's origin: it is handed
//! to the browser as a `blob:` URL of this origin, and a blob URL opened in a tab (pasted, dragged
//! to the tab strip) is rendered with the blob's type. So only types a browser shows inertly keep
//! theirs; everything else, HTML, SVG, XML and PDF above all, becomes a download-only
//! `application/octet-stream`.

use leptos::prelude::*;
use posthorn_proto::message::{Attachment, INERT_IMAGE_TYPES};
use posthorn_proto::message::{file_name, zip};

/// The type the download's blob gets: its own for an image a browser draws inertly
/// (`INERT_IMAGE_TYPES`), else `application/octet-stream`.
pub fn blob_type(mime_type: &str) -> &'static str {
    let lower = mime_type.trim().to_ascii_lowercase();
    INERT_IMAGE_TYPES.iter().find(|t| **t == lower).copied().unwrap_or("application/octet-stream")
}

fn download_url(attachment: &Attachment) -> Option<String> {
    blob_url(&attachment.content, blob_type(&attachment.mime_type))
}

fn blob_url(content: &[u8], mime_type: &str) -> Option<String> {
    let bytes = js_sys::Uint8Array::from(content);
    let parts = js_sys::Array::of1(&bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Hands a whole message (its raw source, RFC 5322) to the browser to save as `name`.eml, as an
/// `application/octet-stream` download like any attachment that is not an image: the blob URL
/// lives only for the click.
pub fn save_message(raw: &[u8], name: &str) {
    save(raw, &format!("{name}.eml"));
}

/// Hands every attachment to the browser in one ZIP archive (the engine's `message::zip`, the
/// names as they are saved one by one), as webmail's *Download all* does. Each file is dated
/// when the message was (`date`, RFC 3339; now where it has none), in this device's local time,
/// as ZIP's MS-DOS time is read.
fn save_all(attachments: &[Attachment], date: Option<&str>) {
    let names: Vec<String> = attachments.iter().map(|a| file_name::for_saving(&a.name)).collect();
    let files: Vec<(&str, &[u8])> =
        names.iter().zip(attachments).map(|(n, a)| (n.as_str(), a.content.as_slice())).collect();
    let ms = date.map(js_sys::Date::parse).filter(|ms| ms.is_finite()).unwrap_or_else(js_sys::Date::now);
    // Minutes from local time to UTC at that moment (JavaScript's sign).
    let behind = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).get_timezone_offset();
    let stamp = zip::Stamp::from_unix((ms / 1000.0) as i64 - (behind * 60.0) as i64);
    if let Some(archive) = zip::stored(&files, stamp) {
        save(&archive, crate::i18n::t().attachments_zip);
    }
}

/// Hands `content` to the browser to save as `name` (made safe for a file system), an
/// `application/octet-stream` download whose blob URL lives only for the click.
fn save(content: &[u8], name: &str) {
    let Some(url) = blob_url(content, "application/octet-stream") else { return };
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(a).ok());
    if let Some(link) = link {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", &file_name::for_saving(name));
        link.click();
    }
    // Revoked once the browser has begun the download (a turn later).
    leptos::task::spawn_local(async move {
        crate::net::clock::sleep(std::time::Duration::from_secs(1)).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
}

/// The attachments: each name as it is (invisible characters shown as `[U+XXXX]`), its type as
/// the sender declared it, and its size; the link saves it under the name without them. Below
/// the list, the pictures among them (`pictures`: their indexes, `ReadableMessage::pictures`) are
/// shown as Thunderbird shows them, each a link that opens it whole in a tab. Their blob URLs live
/// as long as the message is shown. Two or more can be saved at once, in one ZIP file, dated
/// `date` (the message's, RFC 3339).
#[component]
pub fn Attachments(
    attachments: Vec<Attachment>,
    #[prop(into)] pictures: Signal<Vec<usize>>,
    date: Option<String>,
) -> impl IntoView {
    let urls: Vec<String> = attachments.iter().map(|a| download_url(a).unwrap_or_default()).collect();
    let revoked = urls.clone();
    on_cleanup(move || {
        for url in revoked.iter().filter(|u| !u.is_empty()) {
            let _ = web_sys::Url::revoke_object_url(url);
        }
    });
    let names: Vec<String> = attachments.iter().map(|a| file_name::visible(&a.name)).collect();
    let (picture_urls, picture_names) = (urls.clone(), names.clone());
    let previews = move || {
        let shown = pictures.get();
        (!shown.is_empty()).then(|| {
            view! {
                <div class="attachment-previews" data-testid="attachment-previews">
                    {shown
                        .into_iter()
                        .filter_map(|i| Some((picture_urls.get(i)?.clone(), picture_names.get(i)?.clone())))
                        .map(|(url, name)| (url.clone(), url, name))
                        .map(|(href, url, name)| view! {
                            <figure class="attachment-preview" data-testid="attachment-preview">
                                <a href=href target="_blank" rel="noopener noreferrer">
                                    <img src=url alt=name.clone() loading="lazy" decoding="async" />
                                </a>
                                <figcaption dir="auto">{name}</figcaption>
                            </figure>
                        })
                        .collect_view()}
                </div>
            }
        })
    };
    (!attachments.is_empty()).then(|| {
        view! {
            <ul class="attachments" data-testid="attachments" aria-label=crate::i18n::t().attachments>
                {attachments
                    .iter()
                    .zip(urls)
                    .zip(names)
                    .map(|((a, href), shown)| {
                        let spoofed = shown != a.name;
                        view! {
                            <li>
                                <a href=href download=file_name::for_saving(&a.name) class:spoofed=spoofed>
                                    {shown}
                                </a>
                                " " <span class="type">{a.mime_type.clone()}</span>
                                " " <span class="size">{crate::format::size(a.content.len() as u64)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(attachments.len() > 1).then(|| {
                let all = StoredValue::new((attachments.clone(), date));
                view! {
                    <button class="quiet save-all" data-testid="save-all-attachments"
                        on:click=move |_| all.with_value(|(a, date)| save_all(a, date.as_deref()))>
                        {crate::i18n::t().save_all_attachments}
                    </button>
                }
            })}
            {previews}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn active_types_only_download() {
        for t in [
            "text/html",
            "image/svg+xml",
            "application/xhtml+xml",
            "text/xml",
            "application/pdf",
            "x/unknown",
        ] {
            assert_eq!(blob_type(t), "application/octet-stream", "{t}");
        }
        assert_eq!(blob_type("IMAGE/PNG"), "image/png");
    }
}
