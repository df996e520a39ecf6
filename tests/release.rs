//! What `scripts/release OUT` writes: archives that SHA256SUMS verifies, a static
//! Linux binary that names its version and commit, a Windows archive with the exe and
//! the editors' files (and never the test-only DLL), CI templates pinned to the Linux
//! archive, and the same bytes again when run a second time.
//!
//! Needs `FACHWERK_RELEASE_DIR`: the OUT of `scripts/release --dev` of this checkout
//! (scripts/test makes it before `cargo test`). Without it the tests are skipped,
//! except with CI=true, where they fail. The archives of a real release are built the
//! same way with the optimised `dist` profile.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "test code: a failed unwrap is a failed test, and a test reads top to bottom"
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const LINUX: &str = "x86_64-unknown-linux-musl";
const WINDOWS: &str = "x86_64-pc-windows-gnu";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn release_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("FACHWERK_RELEASE_DIR").map(PathBuf::from);
    if let Some(d) = dir.filter(|d| d.join("SHA256SUMS").is_file()) {
        return Some(d);
    }
    let msg = "the release tests need FACHWERK_RELEASE_DIR, the OUT of `scripts/release --dev` \
               (scripts/test makes it)";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}");
    }
    eprintln!("skipped: {msg}");
    None
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn archive(target: &str) -> String {
    let ext = if target.contains("windows") {
        "zip"
    } else {
        "tar.gz"
    };
    format!("fachwerk-{VERSION}-{target}.{ext}")
}

#[test]
fn sha256sums_verifies_every_archive_and_template() {
    let Some(dir) = release_dir() else { return };
    let sums = fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    let names: Vec<&str> = sums.lines().filter_map(|l| l.split("  ").nth(1)).collect();
    for want in [
        archive(LINUX),
        archive(WINDOWS),
        "github-publish.yml".into(),
        "gitlab-ci.yml".into(),
    ] {
        assert!(names.contains(&want.as_str()), "{want} not in {sums}");
    }
    run(Command::new("sha256sum")
        .args(["--check", "--strict", "SHA256SUMS"])
        .current_dir(&dir));
    // A changed byte is caught.
    let tmp = tempfile::tempdir().unwrap();
    for n in &names {
        fs::copy(dir.join(n), tmp.path().join(n)).unwrap();
    }
    fs::copy(dir.join("SHA256SUMS"), tmp.path().join("SHA256SUMS")).unwrap();
    let mut bytes = fs::read(tmp.path().join(archive(LINUX))).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(tmp.path().join(archive(LINUX)), bytes).unwrap();
    let st = Command::new("sha256sum")
        .args(["--check", "--quiet", "SHA256SUMS"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(!st.status.success());
}

#[test]
fn the_linux_archive_holds_a_static_binary_named_with_version_and_commit() {
    let Some(dir) = release_dir() else { return };
    let listing = run(Command::new("tar")
        .args([
            "--list",
            "--verbose",
            "--numeric-owner",
            "--full-time",
            "-zf",
        ])
        .arg(dir.join(archive(LINUX))));
    let top = format!("fachwerk-{VERSION}-{LINUX}/");
    let mut names = Vec::new();
    let mut times = Vec::new();
    for line in listing.lines() {
        // -rwxr-xr-x 0/0 14601096 2026-11-30 20:22:41 fachwerk-…/fachwerk
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f[1], "0/0", "{line}");
        assert!(
            ["-rw-r--r--", "-rwxr-xr-x", "drwxr-xr-x"].contains(&f[0]),
            "{line}"
        );
        times.push(format!("{} {}", f[3], f[4]));
        names.push(f[5].to_string());
    }
    assert_eq!(
        names,
        [
            top.clone(),
            format!("{top}README.md"),
            format!("{top}fachwerk"),
            format!("{top}publish")
        ],
        "sorted, one folder"
    );
    times.dedup();
    assert_eq!(times.len(), 1, "one date for all: {times:?}");

    let tmp = tempfile::tempdir().unwrap();
    run(Command::new("tar")
        .arg("-xzf")
        .arg(dir.join(archive(LINUX)))
        .arg("-C")
        .arg(tmp.path()));
    let bin = tmp.path().join(&top).join("fachwerk");
    let program_headers = run(Command::new("readelf").arg("-lW").arg(&bin));
    assert!(program_headers.contains("LOAD"), "{program_headers}");
    assert!(
        !program_headers.contains("INTERP"),
        "a dynamic loader is requested"
    );
    let dynamic = run(Command::new("readelf").arg("-dW").arg(&bin));
    assert!(!dynamic.contains("NEEDED"), "shared libraries: {dynamic}");
    let version = run(Command::new(&bin).arg("--version"));
    let commit = version
        .trim()
        .strip_prefix(&format!("fachwerk {VERSION} (commit "))
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{version}"));
    assert!(
        commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit()),
        "{version}"
    );
    // The archive is dated to that commit.
    let commit_time = run(Command::new("git")
        .args([
            "log",
            "-1",
            "--format=%cd",
            "--date=format-local:%Y-%m-%d %H:%M:%S",
            commit,
        ])
        .env("TZ", "UTC")
        .current_dir(repo_root()));
    let utc = run(Command::new("tar")
        .args(["--list", "--verbose", "--full-time", "-zf"])
        .arg(dir.join(archive(LINUX)))
        .env("TZ", "UTC"));
    assert!(utc.contains(commit_time.trim()), "{utc} vs {commit_time}");
    // The publish script of the archive is the one of this checkout.
    assert_eq!(
        fs::read(tmp.path().join(&top).join("publish")).unwrap(),
        fs::read(repo_root().join("scripts/publish")).unwrap()
    );
}

#[test]
fn the_windows_archive_holds_the_exe_and_the_editors_files_only() {
    let Some(dir) = release_dir() else { return };
    let top = format!("fachwerk-{VERSION}-{WINDOWS}/");
    let listing = run(Command::new("unzip")
        .arg("-Z1")
        .arg(dir.join(archive(WINDOWS))));
    assert_eq!(
        listing.lines().collect::<Vec<_>>(),
        [
            top.clone(),
            format!("{top}LIESMICH.txt"),
            format!("{top}Vorschau starten.cmd"),
            format!("{top}fachwerk.exe"),
        ]
    );
    let tmp = tempfile::tempdir().unwrap();
    run(Command::new("unzip")
        .arg("-q")
        .arg(dir.join(archive(WINDOWS)))
        .arg("-d")
        .arg(tmp.path()));
    let exe_path = tmp.path().join(&top).join("fachwerk.exe");
    let exe = fs::read(&exe_path).unwrap();
    assert_eq!(&exe[..2], b"MZ", "a Windows program");
    // Only Windows' own DLLs: no libgcc or winpthread of mingw to ship beside it.
    let headers = run(Command::new("x86_64-w64-mingw32-objdump")
        .arg("-p")
        .arg(&exe_path));
    let dlls: Vec<String> = headers
        .lines()
        .filter_map(|l| l.trim().strip_prefix("DLL Name: "))
        .map(str::to_ascii_lowercase)
        .collect();
    assert!(dlls.contains(&"kernel32.dll".to_string()), "{headers}");
    for dll in &dlls {
        assert!(
            [
                "kernel32.dll",
                "ntdll.dll",
                "msvcrt.dll",
                "userenv.dll",
                "ws2_32.dll",
                "advapi32.dll",
                "bcryptprimitives.dll",
            ]
            .contains(&dll.as_str())
                || dll.starts_with("api-ms-win-"),
            "fachwerk.exe needs {dll}, which Windows does not have"
        );
    }
    for text in ["LIESMICH.txt", "Vorschau starten.cmd"] {
        let t = fs::read_to_string(tmp.path().join(&top).join(text)).unwrap();
        assert_eq!(
            t.matches('\n').count(),
            t.matches("\r\n").count(),
            "{text} has CRLF line ends"
        );
    }
    let starter = fs::read_to_string(tmp.path().join(&top).join("Vorschau starten.cmd")).unwrap();
    let scaffolded =
        fs::read_to_string(repo_root().join("src/scaffold/vorschau-starten.cmd")).unwrap();
    assert_eq!(starter.replace("\r\n", "\n"), scaffolded);
}

#[test]
fn the_release_templates_are_the_repository_ones_pinned_to_the_linux_archive() {
    let Some(dir) = release_dir() else { return };
    let sums = fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    let sha = sums
        .lines()
        .find(|l| l.ends_with(&archive(LINUX)))
        .and_then(|l| l.split("  ").next())
        .unwrap();
    for tpl in ["github-publish.yml", "gitlab-ci.yml"] {
        let ours = fs::read_to_string(repo_root().join("ci").join(tpl)).unwrap();
        let pinned = fs::read_to_string(dir.join(tpl)).unwrap();
        assert_eq!(ours.lines().count(), pinned.lines().count());
        for (a, b) in ours.lines().zip(pinned.lines()) {
            if a == b {
                continue;
            }
            let expected = [
                format!("  FACHWERK_VERSION: \"{VERSION}\""),
                format!("  FACHWERK_SHA256: \"{sha}\""),
            ];
            assert!(
                expected.contains(&b.to_string()) || b.starts_with("  FACHWERK_DOWNLOAD_URL: "),
                "{tpl}: unexpected change {a:?} -> {b:?}"
            );
        }
        assert!(
            pinned.contains(&format!("  FACHWERK_SHA256: \"{sha}\"")),
            "{tpl}"
        );
    }
}

/// Packs the same binaries again, in another directory, with another umask and
/// time zone, and compares every byte.
#[test]
fn a_second_run_gives_the_same_bytes() {
    let Some(dir) = release_dir() else { return };
    // Packing again compares bytes only if the binaries are those of this checkout.
    let ours = run(Command::new(env!("CARGO_BIN_EXE_fachwerk")).arg("--version"));
    let tmp = tempfile::tempdir().unwrap();
    run(Command::new("tar")
        .arg("-xzf")
        .arg(dir.join(archive(LINUX)))
        .arg("-C")
        .arg(tmp.path()));
    let theirs = run(Command::new(
        tmp.path()
            .join(format!("fachwerk-{VERSION}-{LINUX}"))
            .join("fachwerk"),
    )
    .arg("--version"));
    assert_eq!(
        ours, theirs,
        "FACHWERK_RELEASE_DIR was made from another commit: run `scripts/release DIR --dev` again"
    );
    let targets: Vec<&str> = [LINUX, WINDOWS, "aarch64-unknown-linux-musl"]
        .into_iter()
        .filter(|t| dir.join(archive(t)).is_file())
        .collect();
    let again = tmp.path().join("zweiter Lauf");
    let out = Command::new("bash")
        .arg("-c")
        .arg("umask 077; exec scripts/release \"$1\" --dev --targets \"$2\"")
        .arg("release")
        .arg(&again)
        .arg(targets.join(" "))
        .current_dir(repo_root())
        .env("TZ", "America/Los_Angeles")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = |d: &Path| {
        let mut v: Vec<String> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(list(&dir), list(&again));
    for name in list(&dir) {
        assert!(
            fs::read(dir.join(&name)).unwrap() == fs::read(again.join(&name)).unwrap(),
            "{name} differs between two runs"
        );
    }
}
