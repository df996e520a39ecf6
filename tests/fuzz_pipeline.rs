//! The whole pipeline under mutated sites (see `pipeline_fuzz/mod.rs` for what is
//! mutated and asserted). Here a short run with a fixed seed, part of every
//! `cargo test`; the coverage-guided campaign is `fuzz/` (cargo-fuzz, libFuzzer):
//! `cargo +nightly fuzz run pipeline` (docs/fuzzing.md). Inputs that once failed are
//! kept in `tests/fuzz_regressions/` and replayed here.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "test code: a failed unwrap is a failed test, and a test reads top to bottom"
)]

mod pipeline_fuzz;

use proptest::prelude::*;

/// A few dozen cases with a fixed seed, so that CI is quick and reproducible; for a
/// longer random run: `PROPTEST_CASES=2000 PROPTEST_RNG_SEED=$RANDOM cargo test --release --test fuzz_pipeline`.
fn config() -> ProptestConfig {
    let defaults = ProptestConfig::default(); // reads the PROPTEST_* variables
    let from_env = |name: &str| std::env::var(name).is_ok();
    ProptestConfig {
        cases: if from_env("PROPTEST_CASES") {
            defaults.cases
        } else {
            24
        },
        rng_seed: if from_env("PROPTEST_RNG_SEED") {
            defaults.rng_seed
        } else {
            proptest::test_runner::RngSeed::Fixed(20_261_130)
        },
        failure_persistence: None,
        ..defaults
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_pipeline_keeps_its_promises_on_mutated_sites(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Err(e) = pipeline_fuzz::run(&data) {
            prop_assert!(false, "{}\nedits: {}", e, pipeline_fuzz::describe(&data));
        }
    }
}

/// Every input the fuzzer once found failing, replayed.
#[test]
fn earlier_fuzz_findings_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        if let Err(e) = pipeline_fuzz::run(&data) {
            panic!(
                "{}: {e}\nedits: {}",
                path.display(),
                pipeline_fuzz::describe(&data)
            );
        }
    }
}

/// The visibility assertion bites: the notice hidden in each way the issue names is
/// found, and a plain footer passes.
#[test]
fn the_notice_check_finds_hidden_notices() {
    let text = "Diese Maßnahme wird mitfinanziert.";
    let page = |body: &str| {
        format!("<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>")
    };
    assert!(
        pipeline_fuzz::visible_notice(&page(&format!("<footer><p>{text}</p></footer>")), text)
            .is_ok()
    );
    assert!(
        pipeline_fuzz::visible_notice(
            &page(&format!("<details open><p>{text}</p></details>")),
            text
        )
        .is_ok()
    );
    for hidden in [
        format!("<template><p>{text}</p></template>"),
        format!("<textarea style=\"display:none\"><footer><p>{text}</p></footer>"),
        format!("<plaintext><footer><p>{text}</p></footer>"),
        format!("<!-- <footer><p>{text}</p></footer>"),
        format!("<div hidden><p>{text}</p></div>"),
        format!("<div aria-hidden=\"true\"><p>{text}</p></div>"),
        format!("<div style=\"opacity: 0\"><p>{text}</p></div>"),
        format!("<div style=\"color:red; DISPLAY:none !important\"><p>{text}</p></div>"),
        format!("<p style=\"visibility:hidden\">{text}</p>"),
        format!("<details><p>{text}</p></details>"),
        format!("<noscript><p>{text}</p></noscript>"),
        format!("<script>var x = '{text}';</script>"),
        "<p>Diese Maßnahme</p>".to_string(),
    ] {
        assert!(
            pipeline_fuzz::visible_notice(&page(&hidden), text).is_err(),
            "{hidden}"
        );
    }
}
