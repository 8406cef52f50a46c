//! axe-core (installed by `.ci/posthorn test` from npm) run on the page in headless Chromium, for
//! the tests that check accessibility (tests/tests/accessibility.rs, tests/tests/conversations.rs).

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::browser::Browser;

/// Where `.ci/posthorn test` installs axe-core; `AXE_CORE` names another axe.min.js.
pub fn source() -> String {
    let path = std::env::var_os("AXE_CORE").map(PathBuf::from).unwrap_or_else(|| {
        let tools = std::env::var_os("POSTHORN_TOOLS").map(PathBuf::from).unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".local/share/posthorn")
        });
        tools.join("npm/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bash .ci/posthorn test installs axe-core)", path.display()))
}

/// Runs axe-core on the page at WCAG 2.1 A and AA; returns the violations, one line per element.
/// The HTML mail's frame is the sender's document, not the app's: axe does not enter frames.
pub fn violations(browser: &Browser, axe: &str) -> Vec<String> {
    // WebDriver scripts run outside the page's Content-Security-Policy, which would refuse an
    // injected <script>; evaluated here, axe defines window.axe.
    let loaded =
        browser.execute(&format!("{axe}\n;return typeof window.axe;"), vec![]).expect("load axe-core");
    assert_eq!(loaded, "object", "axe-core loaded");
    let result = browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             axe.run(document, { iframes: false, runOnly: { type: 'tag', values: arguments[0] } }) \
               .then(r => done(r.violations.flatMap(v => v.nodes.map(n => \
                 `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${n.failureSummary}`)))) \
               .catch(e => done(['axe failed: ' + e]));",
            vec![json!(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])],
        )
        .expect("run axe-core");
    match result {
        Value::Array(items) => items.into_iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect(),
        other => panic!("axe answered {other}"),
    }
}
