//! fachwerk: a static site generator for the websites of Saxony's regional
//! skilled-worker alliances (Fachkräfteallianzen).
//!
//! Data flows one way: [`content`] loads the site directory into a model,
//! [`markdown`] converts the bodies, [`render`] fills the theme's templates,
//! [`postprocess`] enforces the guarantees on every HTML file (a visible funding
//! notice, judging the site's stylesheets with `css`; external links, images, URLs
//! under the base path and hashed asset names, with [`urls`] and `assets`), and
//! [`output`] writes the result atomically.

pub mod check;
pub mod content;
mod css;
pub mod diagnostic;
mod feeds;
mod markdown;
pub mod messages;
pub mod output;
mod pipeline;
pub mod postprocess;
mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod util;
mod yaml;

pub use pipeline::{Build, BuildOptions};

use diagnostic::{Diagnostic, Diagnostics};
use std::path::Path;
use util::date::Date;

/// The build date: `--date`, else `SOURCE_DATE_EPOCH` (seconds), else today; a Unix
/// time counts as the calendar day it is in Germany.
pub fn build_date(arg: Option<&str>) -> Result<Date, String> {
    if let Some(a) = arg {
        return Date::parse(a).map_err(|e| format!("--date: {e}; {}", util::date::DATE_HINT));
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .map(Date::in_germany)
            .map_err(|_| format!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds")),
        _ => Ok(Date::today()),
    }
}

/// Loads, renders and post-processes the site without writing anything.
pub fn build_in_memory(opts: &BuildOptions) -> Result<Build, Diagnostics> {
    pipeline::full(opts).map(|o| o.build)
}

/// Builds the site and writes it to `out`, replacing fachwerk's previous output there
/// only if the whole build succeeded.
pub fn build(opts: &BuildOptions, out: &Path) -> Result<Build, Diagnostics> {
    if let (Ok(site), Ok(o)) = (opts.site_dir.canonicalize(), out.canonicalize())
        && site.starts_with(&o)
    {
        return Err(
            Diagnostic::error(out, "the output directory contains the site itself")
                .hint("choose an output directory outside the site, e.g. -o public")
                .into(),
        );
    }
    let pipeline::Output {
        mut build,
        site,
        templates,
        facts,
        lints,
        ..
    } = pipeline::full(opts)?;
    // The lints of `check` are warnings here: the site is still built.
    let mut t = util::timings::Timings::start();
    let findings = check::lint(&site, &templates, &build.files, &facts, lints);
    build
        .warnings
        .extend(findings.into_iter().map(Diagnostic::into_warning));
    t.step("lint");
    let notes = output::write(out, &build.files).map_err(|mut e| {
        e.extend(build.warnings.clone());
        e
    })?;
    build.warnings.extend(notes);
    t.step("write");
    Ok(build)
}
