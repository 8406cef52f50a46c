//! The wasm artifacts import nothing from `env`: such an import means some code reached for an OS or
//! C function that does not exist in the browser, and the module would fail to instantiate.

use std::path::{Path, PathBuf};

fn import_modules(wasm: &Path) -> Vec<String> {
    let bytes = std::fs::read(wasm).unwrap_or_else(|e| panic!("reading {}: {e}", wasm.display()));
    let mut modules = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
        if let wasmparser::Payload::ImportSection(reader) = payload.expect("valid wasm") {
            for import in reader {
                modules.push(import.expect("valid import").module.to_string());
            }
        }
    }
    modules
}

fn wasm_files(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "wasm")
                && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix))
        })
        .collect()
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

#[test]
fn the_built_app_imports_nothing_from_env() {
    let dist =
        std::env::var("POSTHORN_DIST").map(PathBuf::from).unwrap_or_else(|_| workspace_root().join("dist"));
    let files = wasm_files(&dist, "posthorn-app");
    assert!(!files.is_empty(), "no posthorn-app*.wasm in {} (run `trunk build --release`)", dist.display());
    for wasm in files {
        let modules = import_modules(&wasm);
        assert!(!modules.iter().any(|m| m == "env"), "{} imports from env: {modules:?}", wasm.display());
        // The bindgen glue is the only thing the module should import from.
        assert!(!modules.is_empty(), "{} imports nothing: not a wasm-bindgen module?", wasm.display());
    }
}

#[test]
fn the_shared_engine_test_binaries_import_nothing_from_env() {
    // Present after `cargo test -p posthorn-proto --target wasm32-unknown-unknown`, which the test
    // command runs before the native tests; the engine's whole tested surface is linked into them.
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace_root().join("target"));
    let deps = target.join("wasm32-unknown-unknown/debug/deps");
    let files = wasm_files(&deps, "posthorn_proto");
    if files.is_empty() {
        assert!(std::env::var_os("CI").is_none(), "CI must run the wasm tests before this check");
        eprintln!("no engine wasm test binaries in {}: skipped outside CI", deps.display());
        return;
    }
    for wasm in files {
        let modules = import_modules(&wasm);
        assert!(!modules.iter().any(|m| m == "env"), "{} imports from env: {modules:?}", wasm.display());
    }
}
