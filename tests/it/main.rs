//! The integration tests: one test binary (it links once and its tests run in
//! parallel), one module per area, each on small fixture sites in tests/fixtures/
//! driven through the real `fachwerk` binary or the library's public face.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "test code: a failed unwrap is a failed test, and a test reads top to bottom"
)]

mod camera;
mod common;
mod pipeline_fuzz;

mod bench_corpus;
mod build;
mod check;
mod container;
mod easy_language;
mod errors;
mod feeds;
mod finished_bodies;
mod fuzz_loaders;
mod fuzz_pipeline;
mod image_variants;
mod images;
mod languages;
mod legal;
mod new;
mod notice;
#[cfg(unix)]
mod output;
#[cfg(unix)]
mod outside;
mod pages;
mod publish;
mod release;
mod search;
mod serve;
mod subpath;
mod theme_edges;
mod windows;
