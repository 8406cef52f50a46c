//! uuencoded parts (POSIX `uuencode`), which Eudora, Pine and others sent with a
//! Content-Transfer-Encoding of their own that mail-parser passes through undecoded.

/// Whether a Content-Transfer-Encoding names uuencode.
pub(super) fn is_uuencode(cte: &str) -> bool {
    ["x-uuencode", "uuencode", "x-uue"].iter().any(|name| cte.trim().eq_ignore_ascii_case(name))
}

/// Decodes a uuencoded body (a `begin MODE NAME` line, lines whose first character gives their
/// length, `end`). `None` if there is no `begin` line, so the caller keeps the bytes as they
/// came; a damaged line ends the data early rather than failing.
pub(super) fn decode(body: &[u8]) -> Option<Vec<u8>> {
    let text = String::from_utf8_lossy(body);
    let mut lines = text.lines().skip_while(|l| !l.starts_with("begin "));
    lines.next()?;
    let sextet = |c: u8| c.wrapping_sub(b' ') & 0x3f;
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for line in lines {
        let line = line.as_bytes();
        let Some((&count, data)) = line.split_first() else { continue };
        let count = usize::from(sextet(count));
        if count == 0 || line == b"end" {
            break;
        }
        let mut decoded = Vec::with_capacity(count + 2);
        for group in data.chunks(4) {
            let mut quad = [0u8; 4];
            for (slot, &c) in quad.iter_mut().zip(group) {
                *slot = sextet(c);
            }
            decoded.push(quad[0] << 2 | quad[1] >> 4);
            decoded.push(quad[1] << 4 | quad[2] >> 2);
            decoded.push(quad[2] << 6 | quad[3]);
        }
        if decoded.len() < count {
            break;
        }
        out.extend_from_slice(&decoded[..count]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn decodes_and_stops_at_damage() {
        assert_eq!(decode(b"no begin line"), None);
        assert_eq!(decode(b"begin 644 x\n#0V%T\n`\nend\n").as_deref(), Some(&b"Cat"[..]));
        // A truncated line ends the data instead of inventing bytes.
        assert_eq!(decode(b"begin 644 x\n&0V%T\n`\nend\n").as_deref(), Some(&b""[..]));
    }
}
