//! Helpers for the integration tests: copy a fixture site into a temporary
//! directory, run the real `fachwerk` binary there, read what it wrote.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The build date every test uses unless it tests dates.
pub(crate) const DATE: &str = "2026-11-21";

/// A fixture site copied to `<tmp>/site`; commands run in `<tmp>`.
pub(crate) struct Fixture {
    pub tmp: tempfile::TempDir,
}

impl Fixture {
    /// Copies `tests/fixtures/<name>`.
    pub(crate) fn new(name: &str) -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&src, &tmp.path().join("site"));
        Fixture { tmp }
    }

    pub(crate) fn site(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.tmp.path().join("public")
    }

    /// Runs fachwerk with `args` in the temporary directory.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    pub(crate) fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_fachwerk"));
        cmd.args(args)
            .current_dir(self.tmp.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("FACHWERK_LANG");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// `fachwerk build site -o public --date DATE`, asserting success.
    pub(crate) fn build(&self) -> Output {
        let out = self.run(&["build", "site", "-o", "public", "--date", DATE]);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
        out
    }

    /// Writes a file of the site.
    pub(crate) fn write(&self, rel: &str, text: &str) {
        let p = self.site().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// Replaces text in a file of the site.
    pub(crate) fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.site().join(rel);
        let text = fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        fs::write(p, text.replacen(from, to, 1)).unwrap();
    }

    /// Reads an output file.
    pub(crate) fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes, by relative path.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    out
}

/// The text between the first `<footer` and its `</footer>`.
pub(crate) fn footer(html: &str) -> &str {
    let start = html.rfind("<footer").expect("page has a footer");
    let end = html[start..].find("</footer>").expect("footer is closed") + start;
    &html[start..end]
}

/// `GET path` on 127.0.0.1:`port`: the status code and the body.
pub(crate) fn http_get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, body.to_string()))
}

/// `timeout --foreground -k 5 SECS PROGRAM`: a command that ends after `secs`
/// seconds even when the test that started it dies. Add arguments and settings, then
/// start it with [`Bounded::spawn`].
pub(crate) fn bounded(program: impl AsRef<std::ffi::OsStr>, secs: u32) -> std::process::Command {
    let mut cmd = std::process::Command::new("timeout");
    cmd.args(["--foreground", "-k", "5", &secs.to_string()])
        .arg(program);
    cmd
}

/// A process started from [`bounded`]. Only this exact pid is ever signalled:
/// `timeout` passes SIGINT and SIGTERM on to the program it runs.
pub(crate) struct Bounded(pub std::process::Child);

impl Bounded {
    pub(crate) fn spawn(cmd: &mut std::process::Command) -> Bounded {
        assert_eq!(cmd.get_program(), "timeout", "start it with bounded()");
        Bounded(cmd.spawn().unwrap())
    }

    /// Sends `signal` (`INT` is Ctrl+C) to the spawned pid only.
    pub(crate) fn signal(&self, signal: &str) {
        let st = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &self.0.id().to_string()])
            .status()
            .unwrap();
        assert!(st.success(), "kill -{signal} {} failed", self.0.id());
    }

    /// Waits up to `secs` seconds for the process to end.
    pub(crate) fn wait(&mut self, secs: u64) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return Some(status);
            }
            if std::time::Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for Bounded {
    /// SIGTERM (passed on by `timeout`), then SIGKILL to `timeout` itself, whose own
    /// `-k` ends the program a few seconds later should it ignore SIGTERM.
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &self.0.id().to_string()])
                .status();
            if self.wait(10).is_none() {
                let _ = self.0.kill();
                let _ = self.0.wait();
            }
        }
    }
}

/// A stand-in for the desktop's browser: a directory holding an executable
/// `xdg-open` (which `fachwerk serve --open` calls on Linux, and Wine's
/// `winebrowser` on behalf of Windows programs) that appends its argument to
/// `opened.txt` beside it. Put the directory first on PATH.
pub(crate) fn fake_browser(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    fs::create_dir_all(dir).unwrap();
    let log = dir.join("opened.txt");
    let script = dir.join("xdg-open");
    fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display()),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    log
}

/// Waits up to `secs` seconds for the fake browser to be asked to open a URL.
pub(crate) fn wait_opened(log: &Path, secs: u64) -> Option<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < deadline {
        if let Some(url) = fs::read_to_string(log)
            .ok()
            .and_then(|t| t.lines().next().map(String::from))
        {
            return Some(url);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    None
}

/// The port of a `http://127.0.0.1:PORT/` URL.
pub(crate) fn port_of(url: &str) -> u16 {
    url.trim()
        .strip_prefix("http://127.0.0.1:")
        .and_then(|r| r.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("not a preview URL: {url}"))
}
