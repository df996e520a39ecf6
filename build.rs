//! Build-time facts the binary needs:
//! - the default theme is embedded with include_dir, which does not tell cargo about
//!   the files it reads: rebuild when anything under themes/ changes;
//! - `fachwerk --version` names the commit it was built from (`FACHWERK_COMMIT`), so
//!   a report from a user or a CI log says exactly which code ran.
//!
//! The commit comes from, in this order: the environment variable `FACHWERK_COMMIT`
//! (for packagers), git (a checkout), or the `.cargo_vcs_info.json` that
//! `cargo package` writes (an install from crates.io, where there is no .git).

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-env-changed=FACHWERK_COMMIT");
    let commit = std::env::var("FACHWERK_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(from_git)
        .or_else(from_cargo_vcs_info)
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=FACHWERK_COMMIT={commit}");
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// The commit of the checkout this package is built in; cargo is told to run this
/// again when HEAD moves (a commit, a checkout), so the answer is never stale.
fn from_git() -> Option<String> {
    let top = git(&["rev-parse", "--show-toplevel"])?;
    // A crate unpacked inside someone else's repository is not that repository.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").ok()?;
    if Path::new(&top).canonicalize().ok()? != Path::new(&manifest_dir).canonicalize().ok()? {
        return None;
    }
    let sha = git(&["rev-parse", "--short=12", "HEAD"])?;
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch])?);
        watched.push(git(&["rev-parse", "--git-path", "packed-refs"])?);
    }
    for path in watched {
        // A path that does not exist would make cargo run this script on every build.
        if Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    Some(sha)
}

/// `{"git": {"sha1": "…", "dirty": true}, …}`, as `cargo package` writes it.
fn from_cargo_vcs_info() -> Option<String> {
    let text = std::fs::read_to_string(".cargo_vcs_info.json").ok()?;
    let after = &text[text.find("\"sha1\"")? + 6..];
    let start = after.find('"')? + 1;
    let sha: String = after[start..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .take(12)
        .collect();
    if sha.len() < 12 {
        return None;
    }
    let dirty = text.contains("\"dirty\": true") || text.contains("\"dirty\":true");
    Some(if dirty {
        format!("{sha}, modified")
    } else {
        sha
    })
}
