//! The coverage-guided fuzz target of the whole pipeline: libFuzzer's inputs are
//! decoded into edits of a fixture site, which is built and checked as
//! `tests/pipeline_fuzz/mod.rs` describes. A broken promise panics, which libFuzzer
//! records as a crash. How to run it: docs/fuzzing.md.

#![no_main]

#[path = "../../tests/it/pipeline_fuzz/mod.rs"]
mod pipeline_fuzz;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = pipeline_fuzz::run(data) {
        panic!("{e}\nedits: {}", pipeline_fuzz::describe(data));
    }
});
