//! No panic on any input: the loaders get valid files mutated at random (bytes
//! flipped, lines dropped or repeated, YAML punctuation inserted, truncated) and must
//! answer with diagnostics or a site, never a panic.

use crate::common::Fixture;
use fachwerk::Date;
use fachwerk::{LoadOptions, load};
use proptest::prelude::*;
use std::fs;

const TARGETS: &[&str] = &[
    "site.yaml",
    "partners.yaml",
    "contacts.yaml",
    "documents.yaml",
    "privacy.yaml",
    "projects/azubi-lotsen.md",
    "projects/Rückkehr.md",
    "calls/aufruf-2027.md",
    "events/fachkraeftetag.md",
    "news/2026-10-01-start.md",
    "pages/ueber-uns.md",
];

const INSERTS: &[&[u8]] = &[
    b":",
    b"- ",
    b"\n",
    b"  ",
    b"\t",
    b"---\n",
    b"\"",
    b"'",
    b"[",
    b"{",
    b"&a",
    b"*a",
    b"!!binary ",
    b"\xff",
    b"\xc3",
    b"29.02.2025",
    b"~",
    b"|\n",
    b">-\n",
    b"? ",
    b"%YAML 1.2\n",
    b"\r",
    b"\xef\xbb\xbf",
    b"<<: *x\n",
];

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, usize),
    DropLine(usize),
    DupLine(usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Flip(p, b)),
        (any::<usize>(), 0..INSERTS.len()).prop_map(|(p, i)| Edit::Insert(p, i)),
        any::<usize>().prop_map(Edit::DropLine),
        any::<usize>().prop_map(Edit::DupLine),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = bytes.len().max(1);
        match *e {
            Edit::Flip(p, b) if !bytes.is_empty() => bytes[p % n] = b,
            Edit::Insert(p, i) => {
                let at = p % (bytes.len() + 1);
                bytes.splice(at..at, INSERTS[i].iter().copied());
            }
            Edit::DropLine(l) | Edit::DupLine(l) => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                let i = l % lines.len();
                if matches!(e, Edit::DropLine(_)) {
                    lines.remove(i);
                } else {
                    lines.insert(i, lines[i].clone());
                }
                bytes = lines.join(&b'\n');
            }
            Edit::Truncate(p) => bytes.truncate(p % n),
            Edit::Flip(..) => {}
        }
    }
    bytes
}

/// 300 cases with a fixed seed, so that CI is reproducible; for a long random run:
/// `PROPTEST_CASES=20000 PROPTEST_RNG_SEED=$RANDOM cargo test --release --test fuzz_loaders`.
fn config() -> ProptestConfig {
    let defaults = ProptestConfig::default(); // reads the PROPTEST_* variables
    let from_env = |name: &str| std::env::var(name).is_ok();
    ProptestConfig {
        cases: if from_env("PROPTEST_CASES") {
            defaults.cases
        } else {
            300
        },
        rng_seed: if from_env("PROPTEST_RNG_SEED") {
            defaults.rng_seed
        } else {
            proptest::test_runner::RngSeed::Fixed(20_261_121)
        },
        failure_persistence: None,
        ..defaults
    }
}

/// Lines as the loader counts them: `\r\n`, `\n` and a lone `\r` each end a line.
fn line_count(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    text.split('\n').count()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn loaders_never_panic(target in 0..TARGETS.len(), edits in proptest::collection::vec(edit(), 1..6)) {
        let f = Fixture::new("minimal");
        let path = f.site().join(TARGETS[target]);
        let mutated = apply(fs::read(&path).unwrap(), &edits);
        fs::write(&path, &mutated).unwrap();
        let opts = LoadOptions { drafts: false, scheduled: false, base_url: None, build_date: Date::new(2026, 11, 21).unwrap(), lang: None, variant: None, keep_bodies: true };
        match load(&f.site(), &opts) {
            Ok(_) => {}
            Err(diags) => {
                prop_assert!(diags.has_errors());
                for d in diags.iter() {
                    prop_assert!(!d.message().is_empty());
                    // A located error points inside the file.
                    if d.line > 0
                        && let Ok(text) = fs::read(f.site().join(&d.file)) {
                            let lines = line_count(&text);
                            prop_assert!(d.line <= lines + 1, "{}:{} beyond {} lines", d.file.display(), d.line, lines);
                        }
                }
            }
        }
    }
}
