//! Headless Chromium driven over WebDriver (chromedriver), for end-to-end tests of the real app.
//!
//! The client is deliberately small: the handful of W3C WebDriver commands the tests need, plus
//! chromedriver's browser log (`/se/log`) so that every test can fail on an uncaught error or a
//! `console.error`, and its Chrome DevTools bridge (`/goog/cdp/execute`) for network emulation.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// What went wrong talking to the browser.
#[derive(Debug)]
pub struct BrowserError(pub String);

impl std::fmt::Display for BrowserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BrowserError {}

type Result<T> = std::result::Result<T, BrowserError>;

fn err(context: &str, e: impl std::fmt::Display) -> BrowserError {
    BrowserError(format!("{context}: {e}"))
}

/// One entry of the browser's console log.
#[derive(Debug, Clone)]
pub struct ConsoleEntry {
    /// `SEVERE`, `WARNING`, `INFO`, `DEBUG`.
    pub level: String,
    /// The message as chromedriver reports it (source location first).
    pub message: String,
}

/// A reference to a DOM element in the current page.
#[derive(Debug, Clone)]
pub struct Element(String);

/// The W3C key for element references in WebDriver JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A headless Chromium with its own chromedriver and a fresh profile; both end on drop.
pub struct Browser {
    driver: Child,
    base: String,
    agent: ureq::Agent,
    profile: PathBuf,
    /// The profile belongs to the caller (a later browser opens it again): not removed on drop.
    keep_profile: bool,
    console: Vec<ConsoleEntry>,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens a headless Chromium session.
    ///
    /// `CHROMEDRIVER` and `CHROME` override `/usr/bin/chromedriver` and `/usr/bin/chromium`.
    pub fn start() -> Result<Self> {
        Self::launch(None, None)
    }

    /// As [`Browser::start`], with `language` (a BCP 47 tag such as `de-DE`) as the browser's
    /// language: the UI language (`--lang`) and the first of `navigator.languages`
    /// (`intl.accept_languages`).
    pub fn start_with_language(language: &str) -> Result<Self> {
        Self::launch(None, Some(language))
    }

    /// As [`Browser::start`], with the profile (IndexedDB, localStorage, service worker) in
    /// `profile`, which outlives the browser: a second browser started on it finds what the first
    /// one stored, as after a restart.
    pub fn start_with_profile(profile: &Path) -> Result<Self> {
        Self::launch(Some(profile.to_path_buf()), None)
    }

    fn launch(kept: Option<PathBuf>, language: Option<&str>) -> Result<Self> {
        let driver_path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chrome_path = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port().map_err(|e| err("finding a free port", e))?;
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| err(&format!("starting {driver_path} (is chromium-driver installed?)"), e))?;
        let keep_profile = kept.is_some();
        let profile = kept.unwrap_or_else(|| {
            std::env::temp_dir().join(format!("posthorn-chromium-{}-{port}", std::process::id()))
        });
        let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(60)).build();
        let mut browser = Browser {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            agent,
            profile: profile.clone(),
            keep_profile,
            console: Vec::new(),
        };
        browser.wait_for_driver()?;
        // The flags keep a root, GPU-less, offline machine quiet: no sandbox (root), no background
        // connections to Google's hosts that this network refuses.
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        let mut prefs = json!({});
        if let Some(language) = language {
            args.push(format!("--lang={language}"));
            prefs = json!({ "intl.accept_languages": language });
        }
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": { "binary": chrome_path, "args": args, "prefs": prefs },
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "pageLoadStrategy": "normal",
                }
            }
        });
        let created = browser.post("/session", caps)?;
        let session = created["sessionId"]
            .as_str()
            .ok_or_else(|| BrowserError(format!("no session id in {created}")))?
            .to_string();
        browser.base = format!("{}/session/{session}", browser.base);
        Ok(browser)
    }

    fn wait_for_driver(&self) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(resp) = self.agent.get(&format!("{}/status", self.base)).call()
                && let Ok(body) = resp.into_json::<Value>()
                && body["value"]["ready"] == true
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(BrowserError("chromedriver did not become ready within 20 s".into()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn post(&self, path: &str, body: Value) -> Result<Value> {
        let url = format!("{}{path}", self.base);
        match self.agent.post(&url).send_json(body) {
            Ok(resp) => {
                let v: Value = resp.into_json().map_err(|e| err(&url, e))?;
                Ok(v["value"].clone())
            }
            Err(ureq::Error::Status(code, resp)) => {
                let text = resp.into_string().unwrap_or_default();
                Err(BrowserError(format!("POST {path} -> {code}: {text}")))
            }
            Err(e) => Err(err(&url, e)),
        }
    }

    fn get(&self, path: &str) -> Result<Value> {
        let url = format!("{}{path}", self.base);
        match self.agent.get(&url).call() {
            Ok(resp) => {
                let v: Value = resp.into_json().map_err(|e| err(&url, e))?;
                Ok(v["value"].clone())
            }
            Err(ureq::Error::Status(code, resp)) => {
                let text = resp.into_string().unwrap_or_default();
                Err(BrowserError(format!("GET {path} -> {code}: {text}")))
            }
            Err(e) => Err(err(&url, e)),
        }
    }

    /// Navigates and waits for the load event.
    pub fn goto(&self, url: &str) -> Result<()> {
        self.post("/url", json!({ "url": url })).map(|_| ())
    }

    /// Opens a new tab (same profile, so the same storage and Web Locks) and returns its handle;
    /// commands still go to the current tab until [`Browser::switch_to`].
    pub fn new_tab(&self) -> Result<String> {
        let v = self.post("/window/new", json!({ "type": "tab" }))?;
        v["handle"].as_str().map(str::to_owned).ok_or_else(|| BrowserError(format!("no handle in {v}")))
    }

    /// The current tab's handle.
    pub fn tab(&self) -> Result<String> {
        let v = self.get("/window")?;
        v.as_str().map(str::to_owned).ok_or_else(|| BrowserError(format!("no handle in {v}")))
    }

    /// Makes `handle` the tab that commands go to.
    pub fn switch_to(&self, handle: &str) -> Result<()> {
        self.post("/window", json!({ "handle": handle })).map(|_| ())
    }

    /// Makes the frame `frame` (an `<iframe>` element of the current document) the context that
    /// commands go to, as a person's clicks inside it would.
    pub fn switch_to_frame(&self, frame: &Element) -> Result<()> {
        self.post("/frame", json!({ "id": { ELEMENT_KEY: frame.0 } })).map(|_| ())
    }

    /// Goes back from a frame to the document around it.
    pub fn switch_to_parent(&self) -> Result<()> {
        self.post("/frame/parent", json!({})).map(|_| ())
    }

    /// The handles of every open tab and window (popups included).
    pub fn tabs(&self) -> Result<Vec<String>> {
        let v = self.get("/window/handles")?;
        Ok(v.as_array()
            .map(|a| a.iter().filter_map(|h| h.as_str().map(str::to_owned)).collect())
            .unwrap_or_default())
    }

    /// Closes the current tab; switch to another before the next command.
    pub fn close_tab(&self) -> Result<()> {
        let url = format!("{}/window", self.base);
        self.agent.delete(&url).call().map(|_| ()).map_err(|e| err(&url, e))
    }

    /// Reloads the page.
    pub fn refresh(&self) -> Result<()> {
        self.post("/refresh", json!({})).map(|_| ())
    }

    /// Runs a script in the page (`arguments[i]` are the args) and returns its value.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
    }

    /// Runs an async script; it calls `arguments[arguments.length - 1](value)` to finish.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.post("/execute/async", json!({ "script": script, "args": args }))
    }

    /// The element a script returns, if any (`null`: none).
    pub fn find_by_script(&self, script: &str, args: Vec<Value>) -> Result<Option<Element>> {
        let v = self.execute(script, args)?;
        Ok(v[ELEMENT_KEY].as_str().map(|id| Element(id.to_string())))
    }

    /// Finds the first element matching a CSS selector, if any.
    pub fn find(&self, css: &str) -> Result<Option<Element>> {
        match self.post("/element", json!({ "using": "css selector", "value": css })) {
            Ok(v) => Ok(v[ELEMENT_KEY].as_str().map(|id| Element(id.to_string()))),
            Err(BrowserError(msg)) if msg.contains("no such element") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Finds every element matching a CSS selector.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let v = self.post("/elements", json!({ "using": "css selector", "value": css }))?;
        Ok(v.as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i[ELEMENT_KEY].as_str().map(|id| Element(id.to_string())))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Waits until an element matching `css` exists, failing with the page's console on timeout.
    pub fn wait_for(&mut self, css: &str, timeout: Duration) -> Result<Element> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(el) = self.find(css)? {
                return Ok(el);
            }
            if Instant::now() > deadline {
                let console = self.console()?;
                let body = self.execute("return document.body ? document.body.innerHTML : ''", vec![])?;
                return Err(BrowserError(format!(
                    "no element matches `{css}` after {timeout:?}\nconsole: {console:#?}\nbody: {body}"
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until `script` (a function body that returns a value; `arguments[i]` are the args)
    /// returns something truthy, and returns that.
    pub fn wait_until(
        &mut self,
        what: &str,
        script: &str,
        args: Vec<Value>,
        timeout: Duration,
    ) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.execute(script, args.clone())?;
            let truthy = !(v.is_null() || v == false || v == "" || v == 0);
            if truthy {
                return Ok(v);
            }
            if Instant::now() > deadline {
                let console = self.console()?;
                return Err(BrowserError(format!("timed out waiting for {what}\nconsole: {console:#?}")));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The element's visible text.
    pub fn text(&self, el: &Element) -> Result<String> {
        let v = self.get(&format!("/element/{}/text", el.0))?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Clicks an element.
    pub fn click(&self, el: &Element) -> Result<()> {
        self.post(&format!("/element/{}/click", el.0), json!({})).map(|_| ())
    }

    /// Clears an input and types text into it.
    pub fn fill(&self, el: &Element, text: &str) -> Result<()> {
        self.post(&format!("/element/{}/clear", el.0), json!({}))?;
        self.post(&format!("/element/{}/value", el.0), json!({ "text": text })).map(|_| ())
    }

    /// Types `keys` at whatever has focus, as a keyboard does (WebDriver key actions): each key
    /// goes down and up in turn. Special keys are WebDriver's code points, see [`keys`].
    pub fn press_keys(&self, keys: &str) -> Result<()> {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|k| {
                let k = k.to_string();
                [json!({ "type": "keyDown", "value": k }), json!({ "type": "keyUp", "value": k })]
            })
            .collect();
        self.key_actions(actions)
    }

    /// Presses `key` while holding `modifier` (e.g. [`keys::CONTROL`] and [`keys::ENTER`]).
    pub fn press_chord(&self, modifier: char, key: char) -> Result<()> {
        let (m, k) = (modifier.to_string(), key.to_string());
        self.key_actions(vec![
            json!({ "type": "keyDown", "value": m }),
            json!({ "type": "keyDown", "value": k }),
            json!({ "type": "keyUp", "value": k }),
            json!({ "type": "keyUp", "value": m }),
        ])
    }

    /// Clicks an element with the mouse while holding Shift (a key and a pointer input source
    /// in step, WebDriver section 17.5): the event's `shiftKey` is set as a person's would be.
    pub fn shift_click(&self, el: &Element) -> Result<()> {
        self.click_holding(el, keys::SHIFT)
    }

    /// Clicks an element with the mouse while holding `modifier` ([`keys::SHIFT`],
    /// [`keys::CONTROL`]), as [`Browser::shift_click`] does.
    pub fn click_holding(&self, el: &Element, modifier: char) -> Result<()> {
        let held = modifier.to_string();
        let pause = json!({ "type": "pause" });
        let keyboard = json!({ "type": "key", "id": "keyboard", "actions": [
            { "type": "keyDown", "value": held }, pause, pause, pause, { "type": "keyUp", "value": held },
        ] });
        let mouse = json!({ "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" }, "actions": [
            pause,
            { "type": "pointerMove", "origin": { ELEMENT_KEY: el.0 }, "x": 0, "y": 0 },
            { "type": "pointerDown", "button": 0 },
            { "type": "pointerUp", "button": 0 },
            pause,
        ] });
        self.post("/actions", json!({ "actions": [keyboard, mouse] }))?;
        self.release_actions()
    }

    fn key_actions(&self, actions: Vec<Value>) -> Result<()> {
        let sequence = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] });
        self.post("/actions", sequence)?;
        self.release_actions()
    }

    fn release_actions(&self) -> Result<()> {
        // Nothing stays held down between calls.
        let url = format!("{}/actions", self.base);
        self.agent.delete(&url).call().map(|_| ()).map_err(|e| err(&url, e))
    }

    /// Sends a Chrome DevTools Protocol command (e.g. `Network.emulateNetworkConditions`).
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        self.post("/goog/cdp/execute", json!({ "cmd": cmd, "params": params }))
    }

    /// Saves a PNG screenshot of the viewport.
    pub fn screenshot(&self, path: &std::path::Path) -> Result<()> {
        use base64::Engine as _;
        let v = self.get("/screenshot")?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| err("decoding screenshot", e))?;
        std::fs::write(path, png).map_err(|e| err("writing screenshot", e))
    }

    /// Collects the console entries logged since the last call and returns all collected so far.
    pub fn console(&mut self) -> Result<Vec<ConsoleEntry>> {
        let v = self.post("/se/log", json!({ "type": "browser" }))?;
        for entry in v.as_array().into_iter().flatten() {
            self.console.push(ConsoleEntry {
                level: entry["level"].as_str().unwrap_or_default().to_string(),
                message: entry["message"].as_str().unwrap_or_default().to_string(),
            });
        }
        Ok(self.console.clone())
    }

    /// Fails if the page logged an uncaught error or a `console.error` (level `SEVERE`).
    ///
    /// `allowed` lists substrings of messages that a test provokes on purpose.
    pub fn assert_no_console_errors(&mut self, allowed: &[&str]) -> Result<()> {
        let severe: Vec<_> = self
            .console()?
            .into_iter()
            .filter(|e| e.level == "SEVERE" && !allowed.iter().any(|a| e.message.contains(a)))
            .collect();
        if severe.is_empty() {
            Ok(())
        } else {
            Err(BrowserError(format!("the page logged errors: {severe:#?}")))
        }
    }
}

impl Browser {
    /// Ends Chromium the hard way, as a crash or a power cut would: SIGKILL to chromedriver, the
    /// browser it started and every process below that, with no chance to finish anything.
    pub fn kill(mut self) {
        let mut doomed = vec![self.driver.id()];
        let mut i = 0;
        while i < doomed.len() {
            doomed.extend(children(doomed[i]));
            i += 1;
        }
        for pid in &doomed {
            let _ = Command::new("kill").arg("-KILL").arg(pid.to_string()).status();
        }
        let _ = self.driver.wait();
        // Nothing is left to end the session with.
        self.base.clear();
    }
}

/// The processes whose parent is `pid` (from `/proc`).
fn children(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|e| {
            let child: u32 = e.ok()?.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).ok()?;
            // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so split after the last `)`.
            let ppid: u32 = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
            (ppid == pid).then_some(child)
        })
        .collect()
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.base.is_empty() {
            // Ending the session closes Chromium; then chromedriver goes.
            let _ = self.agent.delete(&self.base).call();
            let _ = self.driver.kill();
            let _ = self.driver.wait();
        }
        if !self.keep_profile {
            let _ = std::fs::remove_dir_all(&self.profile);
        }
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// WebDriver's code points for keys that are not characters (W3C WebDriver, "Keyboard actions").
pub mod keys {
    pub const TAB: char = '\u{E004}';
    pub const ENTER: char = '\u{E007}';
    pub const SHIFT: char = '\u{E008}';
    pub const CONTROL: char = '\u{E009}';
    pub const ESCAPE: char = '\u{E00C}';
    pub const ARROW_UP: char = '\u{E013}';
    pub const ARROW_DOWN: char = '\u{E015}';
    pub const DELETE: char = '\u{E017}';
}
