//! The benchmark corpus of `examples/gen-corpus.rs`: the same N gives the same bytes,
//! the site has the promised shape, builds without a warning and passes `check`.
//!
//! Cargo builds examples for `cargo test` but not for `cargo test --test bench_corpus`,
//! and offers no `CARGO_BIN_EXE_` for them, so the test asks cargo itself to build the
//! example (a no-op when it is fresh) in the profile and target directory of this test
//! executable, then runs the binary next to it: `<target>/<profile>/examples/`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const N: usize = 120;
const DATE: &str = "2026-11-21";

/// Builds the example and returns its path.
pub(crate) fn generator() -> PathBuf {
    // <target>/<profile>/deps/bench_corpus-<hash>
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let profile = profile_dir.file_name().unwrap().to_str().unwrap();
    let profile = if profile == "debug" { "dev" } else { profile };
    let out = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "--example",
            "gen-corpus",
            "--profile",
            profile,
        ])
        .arg("--target-dir")
        .arg(profile_dir.parent().unwrap())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo build --example gen-corpus failed:\n{}",
        text(&out.stderr)
    );
    let bin = profile_dir
        .join("examples")
        .join(format!("gen-corpus{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.is_file(), "{} is missing", bin.display());
    bin
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub(crate) fn generate(bin: &Path, n: usize, dir: &Path) -> Output {
    Command::new(bin)
        .arg(n.to_string())
        .arg(dir)
        .output()
        .unwrap()
}

/// Every file under `dir` by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// File stems of the Markdown files in `site/<kind>/`.
fn stems(site: &Path, kind: &str) -> BTreeSet<String> {
    fs::read_dir(site.join(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// Front matter and body of a Markdown file.
fn split(file: &Path) -> (String, String) {
    let text = fs::read_to_string(file).unwrap();
    let rest = text.strip_prefix("---\n").expect("front matter");
    let (front, body) = rest.split_once("\n---\n").expect("end of front matter");
    (front.to_string(), body.to_string())
}

fn fachwerk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fachwerk"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

/// Lines of fachwerk's report that are a finding (`error: …`, `warning: …`).
fn findings(out: &Output) -> Vec<String> {
    text(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("warning"))
        .map(str::to_string)
        .collect()
}

#[test]
fn corpus_is_deterministic_realistic_and_clean() {
    let bin = generator();
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        let out = generate(&bin, N, dir);
        assert!(
            out.status.success(),
            "gen-corpus failed:\n{}",
            text(&out.stderr)
        );
    }
    let first = tree(&a);
    assert!(
        first == tree(&b),
        "two runs with N={N} wrote different files"
    );

    // Build and check at once: two processes, two cores.
    let out_dir = tmp.path().join("public");
    let a_str = a.to_str().unwrap();
    let check = std::thread::scope(|s| {
        let check = s.spawn(|| fachwerk(&["check", a_str, "--date", DATE]));
        let build = fachwerk(&[
            "build",
            a_str,
            "-o",
            out_dir.to_str().unwrap(),
            "--date",
            DATE,
        ]);
        assert!(
            build.status.success(),
            "build failed:\n{}",
            text(&build.stderr)
        );
        assert_eq!(
            findings(&build),
            Vec::<String>::new(),
            "build reported:\n{}",
            text(&build.stderr)
        );
        check.join().unwrap()
    });
    assert!(
        check.status.success(),
        "check failed:\n{}",
        text(&check.stderr)
    );
    assert_eq!(
        findings(&check),
        Vec::<String>::new(),
        "check reported:\n{}",
        text(&check.stderr)
    );

    // The split of the N pages: about 80 % projects, 15 % news, 5 % pages.
    let (projects, news, pages) = (stems(&a, "projects"), stems(&a, "news"), stems(&a, "pages"));
    assert_eq!(projects.len() + news.len() + pages.len(), N);
    assert!(
        (N * 75 / 100..=N * 85 / 100).contains(&projects.len()),
        "{} projects",
        projects.len()
    );
    assert!(
        (N * 10 / 100..=N * 20 / 100).contains(&news.len()),
        "{} news",
        news.len()
    );
    assert!(
        (N * 3 / 100..=N * 7 / 100).contains(&pages.len()),
        "{} pages",
        pages.len()
    );
    assert!(!stems(&a, "calls").is_empty() && !stems(&a, "events").is_empty());

    // Each generated page exists in the output.
    for p in &projects {
        assert!(
            out_dir
                .join("projekte")
                .join(p)
                .join("index.html")
                .is_file(),
            "no page for project {p}"
        );
    }
    for p in &news {
        assert!(
            out_dir
                .join("aktuelles")
                .join(p)
                .join("index.html")
                .is_file(),
            "no page for news {p}"
        );
    }
    for p in pages.iter().filter(|p| *p != "index") {
        assert!(
            out_dir.join(p).join("index.html").is_file(),
            "no page for pages/{p}.md"
        );
    }

    // Projects: 600 to 1,200 words each, spread over 20 topics and the years 2016 to 2026.
    let mut topics = BTreeSet::new();
    let mut years = BTreeSet::new();
    for p in &projects {
        let (front, body) = split(&a.join("projects").join(format!("{p}.md")));
        let words = body
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        assert!(
            (600..=1200).contains(&words),
            "projects/{p}.md has {words} words"
        );
        assert!(
            body.contains("\n## ")
                && body.contains("\n| ")
                && body.contains("\n- ")
                && body.contains("\n1. ")
        );
        let links = body.matches("](/").count();
        assert!(
            (3..=6).contains(&links),
            "projects/{p}.md has {links} internal links"
        );
        for line in front.lines() {
            if let Some(list) = line.strip_prefix("topics: [") {
                topics.extend(list.trim_end_matches(']').split(", ").map(str::to_string));
            }
            if let Some(period) = line.strip_prefix("period: { start: ") {
                years.insert(period[..4].to_string());
            }
        }
    }
    assert_eq!(topics.len(), 20, "topics: {topics:?}");
    assert_eq!(
        years,
        (2016..=2026).map(|y| y.to_string()).collect(),
        "start years"
    );
    let topic_pages = fs::read_dir(out_dir.join("projekte/thema"))
        .unwrap()
        .count();
    assert_eq!(topic_pages, 20);

    // A directory holding anything else is refused and left alone; a previous corpus
    // is replaced (here by a smaller one, whose files are a subset).
    fs::write(b.join("notizen.txt"), "meins").unwrap();
    let refused = generate(&bin, N, &b);
    assert!(!refused.status.success());
    assert_eq!(fs::read_to_string(b.join("notizen.txt")).unwrap(), "meins");
    assert!(
        b.join("site.yaml").is_file(),
        "a refused run deleted the corpus"
    );
    let c = tmp.path().join("c");
    for dir in [&a, &c] {
        let out = generate(&bin, 40, dir);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    assert!(
        tree(&a) == tree(&c),
        "the N=40 corpus over the N={N} one differs from a fresh one"
    );
}
