//! Where the app's wasm bytes go, by crate: the code size of every function, attributed to the crate
//! its (mangled) name starts with, from the module cargo builds before wasm-bindgen and wasm-opt
//! (which keeps its `name` section; the shipped module does not). wasm-opt shrinks every crate's
//! code by a similar factor, so the shares carry over to the shipped module.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bytes by crate (function bodies), the data segments, and the module's code size in all.
#[derive(Debug, Default)]
pub struct Breakdown {
    /// (crate, bytes of function bodies), largest first.
    pub crates: Vec<(String, usize)>,
    /// Bytes of data segments (strings, tables, panic locations).
    pub data: usize,
    /// All function bodies.
    pub code: usize,
}

/// The pre-bindgen module of the app: `target/wasm32-unknown-unknown/wasm-release/posthorn-app.wasm`
/// (or under `$CARGO_TARGET_DIR`).
pub fn module_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").join("target")
    });
    target.join("wasm32-unknown-unknown").join("wasm-release").join("posthorn-app.wasm")
}

/// The crate a legacy-mangled Rust symbol (`_ZN4core3fmt5write17h…E`) belongs to: its first path
/// component, or for a trait impl (`_ZN…_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$…`) the crate of
/// the implementing type. Other names (imports, wasm-bindgen shims, C) are `other`.
pub fn crate_of(symbol: &str) -> String {
    if symbol.starts_with("__wbindgen_describe") {
        return DESCRIPTORS.into();
    }
    if symbol.starts_with("_R") {
        return v0_crate(symbol).unwrap_or_else(|| "other".into());
    }
    let Some(rest) = symbol.strip_prefix("_ZN") else { return "other".into() };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let Ok(len) = rest[..digits].parse::<usize>() else { return "other".into() };
    let Some(first) = rest.get(digits..digits + len) else { return "other".into() };
    let mut first = first.strip_prefix("_$LT$").unwrap_or(first);
    first = first.trim_start_matches("$RF$").trim_start_matches("mut$u20$");
    // `<T as core::ops::FnOnce>`: a generic parameter has no crate; the trait's crate does.
    if !first.split("$u20$as$u20$").next().unwrap_or(first).contains("..")
        && let Some((_, tr)) = first.split_once("$u20$as$u20$")
    {
        first = tr;
    }
    let name = first.split("..").next().unwrap_or(first);
    let name = name.split('$').next().unwrap_or(name);
    if name.is_empty() { "other".into() } else { name.to_owned() }
}

/// The first crate root in a v0-mangled symbol (`_RNvNtCs5cOc02OMXlo_5alloc…`): `C`, an optional
/// disambiguator `s<base62>_`, then the crate's name as `<length><identifier>`.
fn v0_crate(symbol: &str) -> Option<String> {
    let at = symbol.find("Cs")?;
    let rest = &symbol[at + 2..];
    let rest = &rest[rest.find('_')? + 1..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let len: usize = rest[..digits].parse().ok()?;
    rest.get(digits..digits + len).map(str::to_owned)
}

/// The bucket for wasm-bindgen's type descriptors: functions wasm-bindgen runs at build time and
/// then removes, so they are not in the shipped module.
pub const DESCRIPTORS: &str = "(wasm-bindgen descriptors, removed at build)";

/// Reads the module at `path`.
pub fn breakdown(path: &Path) -> Result<Breakdown, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e} (build the app first)", path.display()))?;
    let mut imported = 0u32;
    let mut bodies = Vec::new();
    let mut names = BTreeMap::new();
    let mut data = 0;
    for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
        match payload.map_err(|e| e.to_string())? {
            wasmparser::Payload::ImportSection(reader) => {
                for import in reader {
                    if matches!(import.map_err(|e| e.to_string())?.ty, wasmparser::TypeRef::Func(_)) {
                        imported += 1;
                    }
                }
            }
            wasmparser::Payload::CodeSectionEntry(body) => bodies.push(body.range().len()),
            wasmparser::Payload::DataSection(reader) => data += reader.range().len(),
            wasmparser::Payload::CustomSection(reader) => {
                if let wasmparser::KnownCustom::Name(reader) = reader.as_known() {
                    for name in reader.flatten() {
                        if let wasmparser::Name::Function(map) = name {
                            for naming in map.into_iter().flatten() {
                                names.insert(naming.index, naming.name.to_owned());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err(format!("{} has no name section", path.display()));
    }
    let mut by_crate: BTreeMap<String, usize> = BTreeMap::new();
    for (i, size) in bodies.iter().enumerate() {
        let name = names.get(&(imported + i as u32)).map(String::as_str).unwrap_or("");
        *by_crate.entry(crate_of(name)).or_default() += size;
    }
    let mut crates: Vec<_> = by_crate.into_iter().collect();
    crates.sort_by_key(|c| std::cmp::Reverse(c.1));
    Ok(Breakdown { crates, data, code: bodies.iter().sum() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crates_from_mangled_names() {
        assert_eq!(crate_of("_ZN4core3fmt5write17h0123456789abcdefE"), "core");
        assert_eq!(crate_of("_ZN14posthorn_proto4imap6client3Foo3bar17hE"), "posthorn_proto");
        assert_eq!(
            crate_of("_ZN63_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$core..clone..Clone$GT$5clone17hE"),
            "alloc"
        );
        assert_eq!(crate_of("_ZN53_$LT$$RF$mut$u20$leptos..Foo$u20$as$u20$core..Bar$GT$3baz17hE"), "leptos");
        assert_eq!(crate_of("__wbindgen_malloc"), "other");
        assert_eq!(crate_of("_RNvNtCs5cOc02OMXlo_5alloc7raw_vec11finish_grow"), "alloc");
        assert_eq!(crate_of("__wbindgen_describe___wbg_fetch_1"), DESCRIPTORS);
        assert_eq!(crate_of("_ZN48_$LT$F$u20$as$u20$core..ops..FnOnce$LT$A$GT$$GT$4call17hE"), "core");
    }
}
