//! Helpers for the integration tests: copy a fixture site into a temporary
//! directory, run the real `fachwerk` binary there, read what it wrote.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The build date every test uses unless it tests dates.
pub const DATE: &str = "2026-11-21";

/// A fixture site copied to `<tmp>/site`; commands run in `<tmp>`.
pub struct Fixture {
    pub tmp: tempfile::TempDir,
}

impl Fixture {
    /// Copies `tests/fixtures/<name>`.
    pub fn new(name: &str) -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&src, &tmp.path().join("site"));
        Fixture { tmp }
    }

    pub fn site(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("public")
    }

    /// Runs fachwerk with `args` in the temporary directory.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_fachwerk"));
        cmd.args(args)
            .current_dir(self.tmp.path())
            .env_remove("SOURCE_DATE_EPOCH");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// `fachwerk build site -o public --date DATE`, asserting success.
    pub fn build(&self) -> Output {
        let out = self.run(&["build", "site", "-o", "public", "--date", DATE]);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
        out
    }

    /// Writes a file of the site.
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.site().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// Replaces text in a file of the site.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.site().join(rel);
        let text = fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        fs::write(p, text.replacen(from, to, 1)).unwrap();
    }

    /// Reads an output file.
    pub fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn copy_dir(from: &Path, to: &Path) {
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
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
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
pub fn footer(html: &str) -> &str {
    let start = html.rfind("<footer").expect("page has a footer");
    let end = html[start..].find("</footer>").expect("footer is closed") + start;
    &html[start..end]
}
