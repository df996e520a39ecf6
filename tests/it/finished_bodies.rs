//! Markdown bodies finished without the post-processing pass: with
//! `FACHWERK_VERIFY_BODIES=1`, every page whose body is finished on its own is made
//! the whole way too and must come out byte for byte the same with the same facts
//! (else the build fails). Here over the example site, every fixture that builds,
//! under a sub-path too, and a generated corpus; the timing line shows that bodies
//! were finished so.

use std::path::Path;
use std::process::Command;

/// Builds `site` with the check on; returns how many bodies were finished on their own.
fn build_verified(site: &Path, base_url: Option<&str>) -> usize {
    let out_dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fachwerk"));
    cmd.arg("build")
        .arg(site)
        .arg("-o")
        .arg(out_dir.path().join("out"))
        .args(["--date", "2026-11-21"])
        .env("FACHWERK_VERIFY_BODIES", "1")
        .env("FACHWERK_TIMINGS", "1")
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(b) = base_url {
        cmd.args(["--base-url", b]);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{site:?} {base_url:?}:\n{stderr}");
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("timing: bodies finished without the pass: "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of finished bodies:\n{stderr}"))
}

#[test]
fn every_finished_body_makes_the_page_the_whole_pass_makes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sites = vec![root.join("content")];
    for name in [
        "consent",
        "englisch",
        "lint-mistakes",
        "minimal",
        "search",
        "zweite-allianz",
    ] {
        sites.push(root.join("tests/fixtures").join(name));
    }
    for site in &sites {
        for base in [None, Some("https://vorschau.example.org/unter/pfad/")] {
            let n = build_verified(site, base);
            assert!(n > 0, "{site:?}: no body was finished on its own");
        }
    }
}

#[test]
fn every_body_of_a_generated_corpus_is_finished_and_verified() {
    let bin = crate::bench_corpus::generator();
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = crate::bench_corpus::generate(&bin, 120, &site);
    assert!(out.status.success());
    // Its bodies are Markdown without raw HTML: every one of its 120 items (and
    // those of its other pages) is finished on its own.
    let n = build_verified(&site, None);
    assert!(n >= 120, "{n}");
}
