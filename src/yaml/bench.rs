//! The cost of reading one front matter with the YAML layer, step by step (parse,
//! validate, read), on the benchmark corpus. Not a test (it asserts nothing); run it
//! by hand:
//!
//! ```sh
//! cargo run --release --example gen-corpus -- 2000 /tmp/corpus
//! FACHWERK_CORPUS=/tmp/corpus cargo test --release --lib yaml_bench -- --ignored --nocapture
//! ```

use super::Tree;
use crate::content::front_matter::split_front_matter;
use crate::content::model::{News, Page, Project};
use crate::util::source::SourceFile;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// The files of one folder of the corpus, decoded as the loader decodes them.
fn files(dir: &Path) -> Vec<SourceFile> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if let Ok(src) = SourceFile::read(dir, Path::new(&entry.file_name())) {
            out.push(src);
        }
    }
    out
}

/// Microseconds per front matter of three ways to read `files` as `T`: the best of 15
/// rounds, the ways taking turns within a round so that they share the load of the
/// machine (other processes, CPU clock).
fn measure<T: DeserializeOwned + JsonSchema + 'static>(name: &str, files: &[SourceFile]) {
    let parts: Vec<(&SourceFile, std::ops::Range<usize>)> = files
        .iter()
        .filter_map(|src| {
            let fm = split_front_matter(src).ok()?;
            Some((src, fm.range))
        })
        .collect();
    let n = parts.len().max(1) as f64;
    type Way<'w> = &'w dyn Fn(&SourceFile, std::ops::Range<usize>) -> bool;
    let ways: [Way; 3] = [
        &|src, r| black_box(Tree::parse_part(&src.text, r)).root().is_some(),
        &|src, r| Tree::parse_part(&src.text, r).check::<T>().is_empty(),
        &|src, r| Tree::parse_part(&src.text, r).read::<T>().is_ok(),
    ];
    let mut best = [f64::INFINITY; 3];
    for _ in 0..15 {
        for (way, best) in ways.iter().zip(&mut best) {
            let t = Instant::now();
            let mut ok = 0;
            for (src, range) in &parts {
                ok += usize::from(way(src, range.clone()));
            }
            black_box(ok);
            *best = best.min(t.elapsed().as_secs_f64() * 1e6 / n);
        }
    }
    let [tree, check, read] = best;
    println!(
        "{name:8} {:5} front matters: tree {tree:6.2} µs, tree+validate {check:6.2} µs, tree+validate+read {read:6.2} µs",
        parts.len(),
    );
}

#[test]
#[ignore = "a benchmark; run by hand with --release (see the module's doc)"]
fn yaml_bench() {
    let corpus = std::env::var("FACHWERK_CORPUS").unwrap_or_else(|_| "/tmp/corpus".into());
    let root = Path::new(&corpus);
    let projects = files(&root.join("projects"));
    assert!(!projects.is_empty(), "no corpus at {corpus}");
    measure::<Project>("projects", &projects);
    measure::<News>("news", &files(&root.join("news")));
    measure::<Page>("pages", &files(&root.join("pages")));
}
