//! The golden corpus (see `golden_corpus.rs`) in wasm, where the app parses: the same display.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/golden.rs"]
mod golden;
#[path = "support/golden_list.rs"]
mod golden_list;

#[wasm_bindgen_test::wasm_bindgen_test]
fn every_message_shows_as_its_golden_file_says() {
    let mut wrong = Vec::new();
    for (name, raw, expected) in golden_list::all() {
        if golden::render(raw) != expected {
            wrong.push(name);
        }
    }
    assert!(wrong.is_empty(), "differ in wasm: {wrong:?}");
}
