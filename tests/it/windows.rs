//! The Windows binary really works: `fachwerk.exe`, cross-built with mingw-w64, runs
//! under Wine (Debian's `wine64`) and builds sites byte for byte like the Linux
//! binary, with Windows paths (backslashes, drive letters, spaces), CRLF files and
//! umlauts in file and folder names; `serve` watches, opens the browser and stops on
//! Ctrl+C; the `Vorschau starten.cmd` of `fachwerk new site` finds fachwerk.exe in
//! the unzipped download and starts the preview.
//!
//! Needs `FACHWERK_RELEASE_DIR` (the OUT of `scripts/release --dev`, which scripts/test
//! makes first: the tests unzip its Windows archive), `/usr/lib/wine/wine64`,
//! `x86_64-w64-mingw32-gcc` and `unzip` (`scripts/install-test-deps`). Without them
//! the tests are skipped, except with CI=true, where they fail.
//!
//! Debian's Wine 8.0 lacks `bcryptprimitives.dll` (`ProcessPrng`), which Rust's
//! standard library imports; the tests build a stand-in from
//! `tests/windows/processprng.c` and put it beside the exe. It is never shipped.

use crate::common::{Bounded, DATE, bounded, copy_dir, fake_browser, http_get, port_of, tree};
use std::fs;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

const WINE: &str = "/usr/lib/wine/wine64";
const WINESERVER: &str = "/usr/lib/wine/wineserver";
/// The folder in the release's Windows archive.
const ZIP_DIR: &str = concat!(
    "fachwerk-",
    env!("CARGO_PKG_VERSION"),
    "-x86_64-pc-windows-gnu"
);
/// No Wine process of a test lives longer than this, even if the test dies.
const SESSION_SECS: u32 = 300;
const MINGW: &str = "x86_64-w64-mingw32-gcc";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A Wine prefix of this test run with fachwerk.exe and the ProcessPrng stand-in.
struct Wine {
    /// Holds fachwerk.exe and bcryptprimitives.dll.
    bin: PathBuf,
    prefix: PathBuf,
    /// HOME of the Wine processes: the Windows user's Downloads folder points here.
    home: PathBuf,
    /// Where the fake browser records the URLs it was asked to open.
    opened: PathBuf,
    fake_bin: PathBuf,
}

static WINE_SETUP: OnceLock<Option<Wine>> = OnceLock::new();
/// The tests share one Wine prefix and take turns.
static TURN: Mutex<()> = Mutex::new(());

/// The Wine programs of one test. It starts the prefix's wineserver, so that every
/// Windows process of the test belongs to it, and a watchdog that ends them all
/// after SESSION_SECS should the test itself die. Dropping the session ends every
/// process of this prefix (`wineserver -k`: this test's prefix only, nothing
/// else on the machine) and the watchdog.
struct Session {
    wine: &'static Wine,
    watchdog: Child,
    _turn: MutexGuard<'static, ()>,
}

/// The shared setup (made once) and a session of this test; None when the tools
/// are missing (and not in CI).
fn wine() -> Option<Session> {
    let turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let wine = WINE_SETUP.get_or_init(setup).as_ref()?;
    fs::create_dir_all(&wine.prefix).unwrap();
    let st = wine.server(&["-p"]).status().unwrap();
    assert!(st.success(), "wineserver -p failed");
    let watchdog = wine
        .server_env(Command::new("sh").args([
            "-c",
            &format!("timeout --foreground {SESSION_SECS} {WINESERVER} -w; exec {WINESERVER} -k"),
        ]))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let session = Session {
        wine,
        watchdog,
        _turn: turn,
    };
    // The first program starts Wine's services (and creates the prefix on the first
    // run); they inherit its standard streams, which must not be a test's pipes.
    let st = wine
        .command("cmd", &["/c", "exit"], &wine.home)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success(), "Wine does not start");
    Some(session)
}

impl Deref for Session {
    type Target = Wine;
    fn deref(&self) -> &Wine {
        self.wine
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.wine.server(&["-k"]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.watchdog.try_wait().ok().flatten().is_none() {
            if Instant::now() > deadline {
                let _ = self.watchdog.kill();
                let _ = self.watchdog.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn setup() -> Option<Wine> {
    let zip = std::env::var_os("FACHWERK_RELEASE_DIR")
        .map(|d| PathBuf::from(d).join(format!("{ZIP_DIR}.zip")));
    let mut missing = Vec::new();
    match &zip {
        Some(p) if p.is_file() => {}
        Some(p) => missing.push(format!(
            "{} (FACHWERK_RELEASE_DIR has no Windows archive)",
            p.display()
        )),
        None => missing.push(
            "FACHWERK_RELEASE_DIR (the OUT of `scripts/release --dev`; scripts/test makes it)"
                .into(),
        ),
    }
    if Command::new("unzip").arg("-v").output().is_err() {
        missing.push("unzip".into());
    }
    if !Path::new(WINE).exists() {
        missing.push(format!("{WINE} (Debian package wine64)"));
    }
    if Command::new(MINGW).arg("--version").output().is_err() {
        missing.push(format!("{MINGW} (Debian package gcc-mingw-w64-x86-64)"));
    }
    if !missing.is_empty() {
        let msg = format!(
            "the Windows tests need {}; run scripts/install-test-deps",
            missing.join(", ")
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{msg}");
        }
        eprintln!("skipped: {msg}");
        return None;
    }
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("windows-tests");
    let _ = fs::remove_dir_all(&root);
    // The release archive, unzipped as an editor does it; the test-only DLL beside it.
    let st = Command::new("unzip")
        .arg("-q")
        .arg(zip.unwrap())
        .arg("-d")
        .arg(&root)
        .status()
        .unwrap();
    assert!(st.success(), "unzip failed");
    let bin = root.join(ZIP_DIR);
    let cc = Command::new(MINGW)
        .args(["-O2", "-shared", "-s", "-o"])
        .arg(bin.join("bcryptprimitives.dll"))
        .arg(repo_root().join("tests/windows/processprng.c"))
        .arg("-ladvapi32")
        .output()
        .unwrap();
    assert!(
        cc.status.success(),
        "{}",
        String::from_utf8_lossy(&cc.stderr)
    );
    let fake_bin = root.join("fake-bin");
    let opened = fake_browser(&fake_bin);
    let w = Wine {
        bin,
        prefix: root.join("prefix"),
        home: root.join("home"),
        opened,
        fake_bin,
    };
    fs::create_dir_all(&w.home).unwrap();
    // The first Wine program of the first test creates the prefix (a few seconds).
    Some(w)
}

impl Wine {
    /// `cmd` with this prefix's environment.
    fn server_env<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        cmd.env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("HOME", &self.home)
            .stdin(Stdio::null())
    }

    /// `wineserver ARGS` of this prefix.
    fn server(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(WINESERVER);
        cmd.args(args);
        self.server_env(&mut cmd);
        cmd
    }

    /// `wine64 PROGRAM ARGS` with the prefix, in `dir`, ended after SESSION_SECS.
    fn command(&self, program: &str, args: &[&str], dir: &Path) -> Command {
        let mut cmd = bounded(WINE, SESSION_SECS);
        cmd.arg(program)
            .args(args)
            .current_dir(dir)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            // No Mono or Gecko installer on the first start.
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env("HOME", &self.home)
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    self.fake_bin.display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env_remove("DISPLAY")
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null());
        cmd
    }

    fn exe(&self) -> String {
        self.bin.join("fachwerk.exe").display().to_string()
    }

    fn run(&self, args: &[&str], dir: &Path) -> Output {
        self.command(&self.exe(), args, dir).output().unwrap()
    }

    /// The Windows user's Downloads folder, as a path of this machine.
    fn downloads(&self) -> PathBuf {
        let users = self.prefix.join("drive_c/users");
        let user = fs::read_dir(&users)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n != "Public"))
            .expect("Wine made a user folder");
        let d = user.join("Downloads");
        fs::create_dir_all(&d).unwrap();
        d
    }
}

/// `Z:\tmp\…`: how a Windows program under Wine names a path of this machine.
fn windows_path(p: &Path) -> String {
    format!("Z:{}", p.display()).replace('/', "\\")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Asserts that two output directories hold the same files with the same bytes.
fn assert_same_tree(windows: &Path, linux: &Path) {
    let (w, l) = (tree(windows), tree(linux));
    assert_eq!(
        w.keys().collect::<Vec<_>>(),
        l.keys().collect::<Vec<_>>(),
        "the Windows build wrote other files"
    );
    for (path, bytes) in &l {
        assert!(
            &w[path] == bytes,
            "{path} differs between Windows and Linux"
        );
    }
    assert!(l.len() > 10, "too few files to mean anything: {}", l.len());
}

fn linux_build(site: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_fachwerk"))
        .arg("build")
        .arg(site)
        .arg("-o")
        .arg(out)
        .args(["--date", DATE])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn version_names_the_same_commit_as_the_linux_binary() {
    let Some(w) = wine() else { return };
    let win = w.run(&["--version"], &w.bin);
    let linux = Command::new(env!("CARGO_BIN_EXE_fachwerk"))
        .arg("--version")
        .output()
        .unwrap();
    let v = String::from_utf8_lossy(&win.stdout);
    assert!(
        v.starts_with(&format!("fachwerk {} (commit ", env!("CARGO_PKG_VERSION"))),
        "{v}"
    );
    assert_eq!(v.trim(), String::from_utf8_lossy(&linux.stdout).trim());
}

#[test]
fn the_example_site_builds_byte_identical_to_linux_from_windows_paths() {
    let Some(w) = wine() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let win_out = tmp.path().join("Ausgabe für Windows");
    let out = w.run(
        &[
            "build",
            &windows_path(&repo_root().join("content")),
            "-o",
            &windows_path(&win_out),
            "--date",
            DATE,
        ],
        tmp.path(),
    );
    assert!(out.status.success(), "{}", text(&out));
    linux_build(&repo_root().join("content"), &tmp.path().join("linux"));
    assert_same_tree(&win_out, &tmp.path().join("linux"));
}

/// The minimal fixture with CRLF line ends in every text file and umlauts and
/// spaces in file and folder names, also in a static file a page links to.
fn crlf_umlaut_site(dir: &Path) {
    copy_dir(&repo_root().join("tests/fixtures/minimal"), dir);
    fs::create_dir_all(dir.join("pages/größen")).unwrap();
    fs::write(
        dir.join("pages/größen/Ärmel und Öffnungszeiten.md"),
        "---\ntitle: Ärmel & Öffnungszeiten\ndescription: Eine Seite mit Umlauten im Namen.\n---\n\
         ## Broschüre\n\nDie [Broschüre für Betriebe](</docs/Broschüre für Betriebe.txt>) \
         und [die Rückkehr-Projekte](/projekte/rueckkehr/).\n",
    )
    .unwrap();
    fs::write(
        dir.join("news/Übergänge gestalten.md"),
        "---\ntitle: Übergänge gestalten\ndate: 2026-10-15\nsummary: Schule, Ausbildung, Beruf.\n---\n\
         Text mit „Anführungszeichen“ und ß.\n",
    )
    .unwrap();
    fs::write(
        dir.join("static/docs/Broschüre für Betriebe.txt"),
        "Broschüre\r\n",
    )
    .unwrap();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "md" || x == "yaml") {
            let t = fs::read_to_string(p).unwrap().replace("\r\n", "\n");
            fs::write(p, t.replace('\n', "\r\n")).unwrap();
        }
    }
}

#[test]
fn crlf_files_and_umlaut_names_build_byte_identical_to_linux() {
    let Some(w) = wine() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("Sächsische Säite");
    crlf_umlaut_site(&site);
    // Relative paths with backslashes, as typed in a Windows console.
    let out = w.run(
        &[
            "build",
            ".\\Sächsische Säite\\",
            "-o",
            "Ausgabe\\öffentlich",
            "--date",
            DATE,
        ],
        tmp.path(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let win_out = tmp.path().join("Ausgabe/öffentlich");
    assert!(
        win_out
            .join("groessen/aermel-und-oeffnungszeiten/index.html")
            .is_file()
    );
    assert!(win_out.join("docs/Broschüre für Betriebe.txt").is_file());
    linux_build(&site, &tmp.path().join("linux"));
    assert_same_tree(&win_out, &tmp.path().join("linux"));
    // `check` finds no broken link to the file with umlauts on Windows either.
    let out = w.run(&["check", "Sächsische Säite", "--date", DATE], tmp.path());
    assert!(out.status.success(), "{}", text(&out));
}

/// Waits until `GET path` answers 200 with a body containing `needle`.
fn wait_for(port: u16, path: &str, needle: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok((200, body)) = http_get(port, path)
            && body.contains(needle)
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn serve_rebuilds_on_save_opens_the_browser_and_stops_on_ctrl_c() {
    let Some(w) = wine() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("Säite");
    crlf_umlaut_site(&site);
    let log = tmp.path().join("serve.log");
    let mut cmd = w.command(
        &w.exe(),
        &["serve", "Säite", "--port", "0", "--open", "--date", DATE],
        tmp.path(),
    );
    cmd.stdout(Stdio::null())
        .stderr(fs::File::create(&log).unwrap());
    let mut serve = Bounded::spawn(&mut cmd);
    let url = printed_url(&log);
    let port = port_of(&url);
    assert!(wait_for(port, "/", "Fachkräfteallianz"));
    assert_opened(&w, &url);
    // The watcher sees a save (CRLF, in a folder with umlauts) and the page changes.
    let page = site.join("pages/größen/Ärmel und Öffnungszeiten.md");
    let t = fs::read_to_string(&page).unwrap();
    fs::write(&page, t.replace("## Broschüre", "## Neue Broschüre")).unwrap();
    assert!(
        wait_for(
            port,
            "/groessen/aermel-und-oeffnungszeiten/",
            "Neue Broschüre"
        ),
        "no rebuild after a save:\n{}",
        fs::read_to_string(&log).unwrap_or_default()
    );
    // Ctrl+C ends it (SIGINT to the Wine process, which Wine passes to the
    // program as the console's CTRL_C_EVENT), and the port is free again.
    serve.signal("INT");
    assert!(serve.wait(20).is_some(), "serve did not stop on Ctrl+C");
    assert!(http_get(port, "/").is_err(), "still answering after Ctrl+C");
}

#[test]
fn the_preview_starter_finds_the_unzipped_download_and_opens_the_preview() {
    let Some(w) = wine() else { return };
    let tmp = tempfile::tempdir().unwrap();
    // `fachwerk new site` on Windows writes the starter, into a folder with an umlaut.
    let site = tmp.path().join("Website Döbeln");
    let out = w.run(&["new", "site", "Website Döbeln"], tmp.path());
    assert!(out.status.success(), "{}", text(&out));
    let starter = site.join("Vorschau starten.cmd");
    assert!(starter.is_file());

    // Without fachwerk.exe anywhere it can look, the starter says what to do.
    let download = w.downloads().join(ZIP_DIR);
    let _ = fs::remove_dir_all(&download);
    let out = w
        .command("cmd", &["/c", &windows_path(&starter)], tmp.path())
        .output()
        .unwrap();
    assert!(
        text(&out).contains("fachwerk.exe wurde nicht gefunden"),
        "{}",
        text(&out)
    );

    // Unzipped in Downloads, as the handbook says: a double click starts the preview.
    copy_dir(&w.bin, &download);
    let log = tmp.path().join("starter.log");
    let file = fs::File::create(&log).unwrap();
    let mut cmd = w.command("cmd", &["/c", &windows_path(&starter)], tmp.path());
    cmd.stdout(file.try_clone().unwrap()).stderr(file);
    let _starter = Bounded::spawn(&mut cmd);
    let url = printed_url(&log);
    assert!(wait_for(
        port_of(&url),
        "/",
        "Fachkräfteallianz Landkreis Musterland"
    ));
    assert_opened(&w, &url);
    let printed = fs::read_to_string(&log).unwrap_or_default();
    assert!(printed.contains("Die Vorschau startet"), "{printed}");
    // The session ends cmd.exe and the fachwerk.exe it started: Ctrl+C in the
    // console reaches every program of the window, which this test cannot send to
    // one pid; `serve_rebuilds_on_save…` tests Ctrl+C of fachwerk.exe itself.
}

/// Waits for the `http://127.0.0.1:PORT/` that serve prints into `log` (in the
/// language of its messages).
fn printed_url(log: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let printed = fs::read_to_string(log).unwrap_or_default();
        if let Some(rest) = printed.split("http://127.0.0.1:").nth(1) {
            return format!(
                "http://127.0.0.1:{}",
                rest.split_whitespace().next().unwrap()
            );
        }
        assert!(Instant::now() < deadline, "serve did not start:\n{printed}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits until the fake browser was asked to open `url` (a guard against a hang,
/// not a speed target: Wine starting the browser's process beside the other tests'
/// Wine processes took over 30 s once in a full run).
fn assert_opened(w: &Wine, url: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !fs::read_to_string(&w.opened)
        .unwrap_or_default()
        .lines()
        .any(|l| l == url)
    {
        assert!(
            Instant::now() < deadline,
            "the browser was not asked to open {url}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
