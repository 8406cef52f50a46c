//! A phone's screen for the browser tests: Chromium's device emulation at 375 × 667 CSS pixels with
//! touch, and what breaks a phone layout (tests/tests/phone.rs walks every screen with it;
//! tests/tests/conversations.rs the open conversation).

use serde_json::{Value, json};

use crate::browser::Browser;

pub const WIDTH: u32 = 375;
pub const HEIGHT: u32 = 667;

/// What on the screen breaks the phone layout: the page wider than the screen, displayed
/// elements (not those in a closed `<details>`, which are not rendered) reaching past its left or right edge, controls smaller than 44 × 44 px, and buttons
/// whose text runs out of them, fields whose placeholder is cut or selects whose choice is (16 px
/// is the select's arrow).
pub fn problems(browser: &Browser) -> Value {
    browser
        .execute(
            "const w = innerWidth; \
             const shown = e => e.getClientRects().length > 0 && e.checkVisibility({ visibilityProperty: true }); \
             const name = e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '') \
               + (e.dataset.testid ? '[' + e.dataset.testid + ']' : ''); \
             const all = [...document.body.querySelectorAll('*')].filter(shown); \
             const sideways = all.filter(e => { const r = e.getBoundingClientRect(); \
               return r.width > 0 && (r.left < -0.5 || r.right > w + 0.5); }) \
               .map(e => { const r = e.getBoundingClientRect(); return `${name(e)} ${Math.round(r.left)}..${Math.round(r.right)}`; }); \
             const target = e => { if (e.type === 'checkbox' || e.type === 'radio') { const l = e.closest('label'); return l || e; } return e; }; \
             const small = all.filter(e => e.matches('button, select, summary, input:not([type=hidden]):not([type=file])')) \
               .map(target).filter(e => { const r = e.getBoundingClientRect(); return r.width < 43.5 || r.height < 43.5; }) \
               .map(e => { const r = e.getBoundingClientRect(); return `${name(e)} ${Math.round(r.width)}x${Math.round(r.height)}`; }); \
             const scrollers = all.filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) \
               && e.scrollWidth > e.clientWidth + 1) \
               .map(e => { e.scrollLeft = 0; const wide = [...e.querySelectorAll('*')].filter(shown).filter(c => c.getBoundingClientRect().right > e.getBoundingClientRect().right + 0.5) \
                 .map(c => `${name(c)} ${Math.round(c.getBoundingClientRect().width)}`).slice(0, 4); \
                 return `${name(e)} ${e.clientWidth} < ${e.scrollWidth}: ${wide.join(', ')}`; }); \
             const cut = all.filter(e => e.matches('button, summary') && e.scrollWidth > e.clientWidth + 1) \
               .map(e => `${name(e)} ${e.textContent.trim()}: ${e.clientWidth} < ${e.scrollWidth}`); \
             const ctx = document.createElement('canvas').getContext('2d'); \
             const placeholders = all.filter(e => e.matches('input[placeholder]:placeholder-shown')).filter(e => { \
                 const st = getComputedStyle(e); ctx.font = `${st.fontStyle} ${st.fontWeight} ${st.fontSize} ${st.fontFamily}`; \
                 const room = e.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight); \
                 return ctx.measureText(e.placeholder).width > room + 0.5; }) \
               .map(e => `${name(e)} \"${e.placeholder}\" in ${e.clientWidth} px`); \
             cut.push(...placeholders); \
             const choices = all.filter(e => e.matches('select') && e.selectedIndex >= 0).filter(e => { \
                 const st = getComputedStyle(e); ctx.font = `${st.fontStyle} ${st.fontWeight} ${st.fontSize} ${st.fontFamily}`; \
                 const room = e.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - 16; \
                 return ctx.measureText(e.options[e.selectedIndex].text).width > room + 0.5; }) \
               .map(e => `${name(e)} \"${e.options[e.selectedIndex].text}\" in ${e.clientWidth} px`); \
             cut.push(...choices); \
             return { scrollWidth: document.documentElement.scrollWidth, width: w, \
               sideways: [...new Set(sideways)].slice(0, 8), scrollers: scrollers.slice(0, 8), small: [...new Set(small)].slice(0, 8), \
               cut: cut.slice(0, 8) };",
            vec![],
        )
        .expect("measure the screen")
}

pub fn assert_fits(browser: &Browser, screen: &str) {
    let p = problems(browser);
    assert_eq!(p["width"], WIDTH, "{screen}: the phone's width: {p}");
    assert!(
        p["scrollWidth"].as_u64().unwrap() <= u64::from(WIDTH),
        "{screen}: the page scrolls sideways: {p}"
    );
    assert_eq!(p["sideways"], json!([]), "{screen}: nothing sticks out sideways: {p}");
    assert_eq!(p["scrollers"], json!([]), "{screen}: nothing scrolls sideways inside the page: {p}");
    assert_eq!(p["small"], json!([]), "{screen}: every control is at least 44 px: {p}");
    assert_eq!(
        p["cut"],
        json!([]),
        "{screen}: no button's text, field's placeholder or select's choice is cut: {p}"
    );
    let lang = browser.execute("return document.documentElement.lang", vec![]).unwrap_or_default();
    crate::ui::screenshot(browser, &format!("phone-{screen}-{}", lang.as_str().unwrap_or("")));
}

/// Gives the browser a phone's screen and touch.
pub fn emulate(browser: &Browser) {
    browser
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 2, "mobile": true }),
        )
        .expect("phone metrics");
    browser.cdp("Emulation.setTouchEmulationEnabled", json!({ "enabled": true })).expect("touch");
}
