//! Everything that touches the operating system: the mail user, free ports, the server processes,
//! their logs, and leftovers from test processes that died without cleaning up.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::net::TcpListener;
use std::os::unix::fs::{PermissionsExt, chown};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::HOST;
use super::UNTRUSTED_HOST;
use super::config::{Layout, MAIL_USER};
use super::error::MailStackError;

/// Prefix of every stack directory under the temp dir; the owning process id follows it.
pub(crate) const DIR_PREFIX: &str = "posthorn-mailstack-";

/// Looks a program up in the sbin directories (often missing from a user's PATH), then in PATH.
pub(crate) fn find_program(name: &str) -> Result<PathBuf, MailStackError> {
    let path_dirs = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    ["/usr/sbin", "/sbin", "/usr/bin", "/usr/local/sbin"]
        .iter()
        .map(PathBuf::from)
        .chain(path_dirs.into_iter().flatten())
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| MailStackError::NotInstalled { program: name.into() })
}

/// Fails early, with a message that says why, unless this process runs as root: Dovecot and
/// Postfix start as root and drop privileges themselves, and the mail files need a system user.
pub(crate) fn require_root() -> Result<(), MailStackError> {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    // "Uid:" is followed by the real, effective, saved and filesystem uids.
    let effective = status.lines().find_map(|line| line.strip_prefix("Uid:")?.split_whitespace().nth(1));
    match effective {
        Some("0") | None => Ok(()),
        Some(uid) => Err(MailStackError::Setup {
            action: "start Dovecot and Postfix".into(),
            source: io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "the mail stack needs root (running as uid {uid}); run the tests as root, as CI does"
                ),
            ),
        }),
    }
}

/// A user's uid and primary gid from /etc/passwd.
pub(crate) fn lookup_user(name: &str) -> io::Result<Option<(u32, u32)>> {
    let passwd = fs::read_to_string("/etc/passwd")?;
    Ok(passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        match fields.as_slice() {
            [user, _, uid, gid, ..] if *user == name => Some((uid.parse().ok()?, gid.parse().ok()?)),
            _ => None,
        }
    }))
}

/// A group's gid from /etc/group.
pub(crate) fn lookup_group(name: &str) -> io::Result<Option<u32>> {
    let group = fs::read_to_string("/etc/group")?;
    Ok(group.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        match fields.as_slice() {
            [group, _, gid, ..] if *group == name => gid.parse().ok(),
            _ => None,
        }
    }))
}

/// Creates the system user that owns mail ([`MAIL_USER`]) unless it exists; returns (uid, gid).
///
/// Idempotent and safe against parallel test processes: if useradd loses a race, the user exists
/// afterwards all the same, which is what is checked.
pub(crate) fn ensure_mail_user() -> Result<(u32, u32), MailStackError> {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let read = || lookup_user(MAIL_USER).map_err(MailStackError::setup("read /etc/passwd"));
    if let Some(ids) = read()? {
        return Ok(ids);
    }
    let useradd = find_program("useradd")?;
    let output = Command::new(useradd)
        .args(["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent"])
        .args(["--shell", "/usr/sbin/nologin", MAIL_USER])
        .output()
        .map_err(MailStackError::setup(format!("run useradd {MAIL_USER}")))?;
    read()?.ok_or_else(|| MailStackError::Setup {
        action: format!("create the system user {MAIL_USER} (the tests must run as root)"),
        source: io::Error::other(String::from_utf8_lossy(&output.stderr).trim().to_owned()),
    })
}

/// Finds `count` distinct free ports on [`HOST`] that are also free on [`UNTRUSTED_HOST`].
///
/// All listeners are held until every port is chosen, so one stack never gets a port twice. Another
/// process may still take a port before the servers bind it; start() retries with new ports then.
pub(crate) fn free_ports(count: usize) -> io::Result<Vec<u16>> {
    let mut held = Vec::new();
    let mut ports = Vec::new();
    while ports.len() < count {
        if held.len() > count * 20 {
            return Err(io::Error::other(format!("no port free on both {HOST} and {UNTRUSTED_HOST}")));
        }
        let listener = TcpListener::bind((HOST, 0))?;
        let port = listener.local_addr()?.port();
        // Dovecot listens on both loopback addresses with the same port numbers.
        if let Ok(second) = TcpListener::bind((UNTRUSTED_HOST, port)) {
            ports.push(port);
            held.push(second);
        }
        held.push(listener);
    }
    Ok(ports)
}

/// Creates a fresh, world-traversable directory for one stack under the temp dir.
///
/// The owning process id is part of the name so [`reap_stale`] can tell leftovers from live stacks.
pub(crate) fn create_stack_dir(base: &Path) -> Result<PathBuf, MailStackError> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    loop {
        let dir =
            base.join(format!("{DIR_PREFIX}{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        match fs::create_dir(&dir) {
            Ok(()) => {
                // postfix, dovecot and vmail all need to reach files in here.
                fs::set_permissions(&dir, fs::Permissions::from_mode(0o755))
                    .map_err(MailStackError::setup(format!("chmod {}", dir.display())))?;
                return Ok(dir);
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(MailStackError::setup(format!("create {}", dir.display()))(err)),
        }
    }
}

/// Writes `contents` to `path` with `mode`.
///
/// The file's modification time is set a minute into the past: Postfix waits (300 ms at a time)
/// until a table or main.cf it loads is not "being edited", i.e. until its mtime is in an earlier
/// second, which would add about two seconds to every start.
pub(crate) fn write_file(path: &Path, contents: &[u8], mode: u32) -> Result<(), MailStackError> {
    let write = || -> io::Result<()> {
        fs::write(path, contents)?;
        fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
        let settled = std::time::SystemTime::now() - Duration::from_secs(60);
        fs::File::options().write(true).open(path)?.set_modified(settled)
    };
    write().map_err(MailStackError::setup(format!("write {}", path.display())))
}

/// Gives `path` to `group` (keeping root as owner), so that group's processes may read it.
pub(crate) fn give_to_group(path: &Path, group: &str) -> Result<(), MailStackError> {
    let gid = lookup_group(group).map_err(MailStackError::setup("read /etc/group"))?.ok_or_else(|| {
        MailStackError::NotInstalled { program: format!("dovecot-core (group {group} missing)") }
    })?;
    chown(path, Some(0), Some(gid)).map_err(MailStackError::setup(format!("chown {}", path.display())))
}

/// Creates a directory with an owner and mode.
pub(crate) fn make_dir(path: &Path, owner: Option<(u32, u32)>, mode: u32) -> Result<(), MailStackError> {
    let action = || format!("create {}", path.display());
    fs::create_dir_all(path).map_err(MailStackError::setup(action()))?;
    if let Some((uid, gid)) = owner {
        chown(path, Some(uid), Some(gid)).map_err(MailStackError::setup(action()))?;
    }
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(MailStackError::setup(action()))
}

/// Lays out Postfix's queue directory exactly as `postfix post-install create-missing` would.
///
/// Doing it here and dropping a `quick-start` marker lets `postfix start-fg` skip its integrity
/// checks, which take over two seconds and would check an empty queue we just made.
pub(crate) fn create_postfix_queue(layout: &Layout) -> Result<(), MailStackError> {
    let missing = |what: &str| MailStackError::NotInstalled { program: format!("postfix ({what} missing)") };
    let read = MailStackError::setup("read /etc/passwd and /etc/group");
    let (postfix_uid, _) = lookup_user("postfix").map_err(read)?.ok_or_else(|| missing("user postfix"))?;
    let read = MailStackError::setup("read /etc/group");
    let postdrop = lookup_group("postdrop").map_err(read)?.ok_or_else(|| missing("group postdrop"))?;

    let queue = layout.postfix_queue();
    make_dir(&queue, Some((0, 0)), 0o755)?;
    make_dir(&queue.join("pid"), Some((0, 0)), 0o755)?;
    for name in [
        "active", "bounce", "corrupt", "defer", "deferred", "flush", "hold", "incoming", "private", "saved",
        "trace",
    ] {
        make_dir(&queue.join(name), Some((postfix_uid, 0)), 0o700)?;
    }
    make_dir(&queue.join("maildrop"), Some((postfix_uid, postdrop)), 0o730)?;
    make_dir(&queue.join("public"), Some((postfix_uid, postdrop)), 0o710)?;
    make_dir(&layout.postfix_data(), Some((postfix_uid, 0)), 0o700)?;
    write_file(&queue.join("quick-start"), b"", 0o644)
}

/// One file for a server's stdout and stderr, which only carry messages from before its own log opens.
fn output_file(path: &Path) -> Result<(Stdio, Stdio), MailStackError> {
    let file = fs::File::create(path).map_err(MailStackError::setup(format!("create {}", path.display())))?;
    let second = file.try_clone().map_err(MailStackError::setup(format!("open {}", path.display())))?;
    Ok((Stdio::from(file), Stdio::from(second)))
}

/// Starts Dovecot in the foreground (`-F`) so it stays our child and dies with [`stop_dovecot`].
pub(crate) fn spawn_dovecot(layout: &Layout) -> Result<Child, MailStackError> {
    let program = find_program("dovecot")?;
    let (stdout, stderr) = output_file(&layout.dovecot_output())?;
    Command::new(program)
        .arg("-F")
        .arg("-c")
        .arg(layout.dovecot_conf())
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(MailStackError::setup("start dovecot"))
}

/// Starts Postfix with `postfix start-fg`.
///
/// The child is postfix-script; the master daemon is its child in a session of its own, so
/// stopping goes through the master's pid file (see [`stop_postfix`]).
pub(crate) fn spawn_postfix(layout: &Layout) -> Result<Child, MailStackError> {
    let program = find_program("postfix")?;
    let (stdout, stderr) = output_file(&layout.postfix_output())?;
    Command::new(program)
        .arg("-c")
        .arg(layout.postfix_conf())
        .arg("start-fg")
        .env("MAIL_CONFIG", layout.postfix_conf())
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(MailStackError::setup("start postfix"))
}

fn signal(target: &str, signal: &str) {
    // std has no kill(2) and unsafe libc calls are not worth it for a test harness.
    let _ = Command::new("kill")
        .args([signal, "--", target])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Waits up to `limit` for `child` to exit; true if it did.
pub(crate) fn wait_for_exit(child: &mut Child, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return true,
            Ok(None) if Instant::now() >= deadline => return false,
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

fn read_pid(path: &Path) -> Option<u32> {
    fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// Makes Postfix read its configuration and maps again: SIGHUP to the master, which is what
/// `postfix reload` sends. Its daemons finish their sessions and new ones start with the change.
pub(crate) fn reload_postfix(layout: &Layout) {
    if let Some(pid) = read_pid(&layout.postfix_master_pid()) {
        signal(&pid.to_string(), "-HUP");
    }
}

/// Stops Postfix: SIGTERM to the master (which stops its children), SIGKILL to its process group
/// if it lingers.
pub(crate) fn stop_postfix(layout: &Layout, child: &mut Child) {
    let master = read_pid(&layout.postfix_master_pid());
    if let Some(pid) = master {
        signal(&pid.to_string(), "-TERM");
    }
    if !wait_for_exit(child, Duration::from_secs(5)) {
        if let Some(pid) = master {
            // The master called setsid(), so its process group holds only Postfix processes.
            signal(&format!("-{pid}"), "-KILL");
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Stops Dovecot: SIGTERM, which makes the master stop its children and exit.
///
/// With `patient` false the last second of that is skipped: once only Dovecot's log process is
/// left (it lingers for about a second after everything else is gone, and the master waits for
/// it), both are killed. Nothing but the final log lines is lost, and every test saves a second.
pub(crate) fn stop_dovecot(child: &mut Child, patient: bool) {
    let pid = child.id();
    signal(&pid.to_string(), "-TERM");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return,
            Ok(None) => {}
        }
        if !patient
            && let Some(living) = living_children(pid)
            && living.iter().all(|(_, cmdline)| cmdline.ends_with("/log"))
        {
            for (log_pid, _) in &living {
                signal(log_pid, "-KILL");
            }
            let _ = child.kill();
            let _ = child.wait();
            return;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The children of `pid` that have not exited yet, with their command lines; `None` if /proc does
/// not say.
fn living_children(pid: u32) -> Option<Vec<(String, String)>> {
    let list = fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).ok()?;
    Some(
        list.split_whitespace()
            .filter(|child| !is_zombie(child))
            .map(|child| {
                let cmdline = fs::read(format!("/proc/{child}/cmdline")).unwrap_or_default();
                let cmdline = String::from_utf8_lossy(&cmdline).trim_end_matches(['\0', ' ']).to_owned();
                (child.to_owned(), cmdline)
            })
            .collect(),
    )
}

/// Whether a process has exited and only waits to be reaped (state `Z` in /proc/PID/stat).
fn is_zombie(pid: &str) -> bool {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The state follows the command name, which is in parentheses and may itself contain spaces.
    stat.rsplit_once(')').is_none_or(|(_, rest)| rest.trim_start().starts_with('Z'))
}

/// The last `lines` lines of a file, or a note that it could not be read.
pub(crate) fn tail(path: &Path, lines: usize) -> String {
    const WINDOW: u64 = 64 * 1024;
    let read = || -> io::Result<String> {
        let mut file = fs::File::open(path)?;
        let length = file.metadata()?.len();
        file.seek(SeekFrom::Start(length.saturating_sub(WINDOW)))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    match read() {
        Ok(text) => {
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(err) => format!("({}: {err})", path.display()),
    }
}

/// The tails of every log the stack writes, labelled, for error messages.
pub(crate) fn logs(layout: &Layout, lines: usize) -> String {
    let mut out = String::new();
    let files = [
        ("Dovecot log", layout.dovecot_log()),
        ("Postfix log", layout.postfix_log()),
        ("Dovecot output", layout.dovecot_output()),
        ("Postfix output", layout.postfix_output()),
    ];
    for (label, path) in files {
        let text = tail(&path, lines);
        if text.trim().is_empty() {
            continue;
        }
        out.push_str(&format!("--- {label} ({}), last lines ---\n{text}\n", path.display()));
    }
    out
}

/// Stops servers and removes directories left by test processes that died without dropping their
/// stacks (a SIGKILL, an abort), so leftovers do not pile up across runs.
///
/// Only directories whose owning process is gone are touched, and a pid from a pid file is only
/// signalled if that process still looks like the server started for that directory.
pub(crate) fn reap_stale(base: &Path) {
    let Ok(entries) = fs::read_dir(base) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(DIR_PREFIX)) else { continue };
        let Some(owner) = rest.split('-').next().and_then(|pid| pid.parse::<u32>().ok()) else { continue };
        if owner == std::process::id() || Path::new(&format!("/proc/{owner}")).exists() {
            continue;
        }
        let layout = Layout { root: entry.path() };
        let marker = layout.root.display().to_string();
        if let Some(pid) = read_pid(&layout.postfix_master_pid()) {
            // Postfix keeps MAIL_CONFIG in its environment (import_environment).
            let environ = fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            if String::from_utf8_lossy(&environ).contains(&marker) {
                signal(&format!("-{pid}"), "-KILL");
            }
        }
        if let Some(pid) = read_pid(&layout.dovecot_run().join("master.pid")) {
            let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            if String::from_utf8_lossy(&cmdline).contains(&marker) {
                signal(&pid.to_string(), "-TERM");
            }
        }
        let _ = remove_dir_patiently(&layout.root);
    }
}

/// Removes a directory tree, retrying briefly: a server process that is just exiting may still
/// create or delete a file in it.
pub(crate) fn remove_dir_patiently(path: &Path) -> io::Result<()> {
    let mut last = Ok(());
    for _ in 0..10 {
        last = fs::remove_dir_all(path);
        match &last {
            Ok(()) => return Ok(()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    last
}
