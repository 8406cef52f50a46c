//! Attachment names as a sender wrote them cannot be trusted to read as they are: a right-to-left
//! override turns `invoice\u{202E}fdp.html` into what reads as `invoice…lmth.pdf` (the "RLO"
//! extension spoof), and zero-width characters hide a second extension. Names are therefore shown
//! with such characters made visible, and saved with them removed.

/// Whether `c` changes how text around it reads without showing itself: controls (C0, C1),
/// bidirectional embeddings, overrides, isolates and marks (Unicode UAX #9), zero-width and other
/// format characters, and the tag characters.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{061c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}

/// The name to show: every invisible character written out as `[U+XXXX]`.
pub fn visible(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if is_invisible(c) {
            out.push_str(&format!("[U+{:04X}]", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The name to save under: invisible characters removed, path separators and characters file
/// systems refuse replaced by `_`, no leading dots (a hidden file) and no trailing dots or spaces.
pub fn for_saving(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim_end_matches(['.', ' ']);
    if trimmed.is_empty() { "attachment".to_owned() } else { trimmed.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn spoofed_names_show_and_save_plainly() {
        let rlo = "invoice\u{202e}fdp.html";
        assert_eq!(visible(rlo), "invoice[U+202E]fdp.html");
        assert_eq!(for_saving(rlo), "invoicefdp.html");
        assert_eq!(visible("a\u{200b}.pdf\u{2066}.exe"), "a[U+200B].pdf[U+2066].exe");
        assert_eq!(for_saving("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(for_saving("..."), "attachment");
        assert_eq!(for_saving("Grüße\r\n.txt "), "Grüße.txt");
        assert_eq!(visible("Grüße 日本.txt"), "Grüße 日本.txt");
    }
}
