//! `fachwerk build`: builds the site and writes it, reporting warnings or every error.

use super::{SiteArgs, built_line, language_of, options, report, summary};
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::messages::{Language, Msg};
use crate::pipeline::{self, Build, BuildOptions};
use crate::util::files::Discard;
use crate::util::timings::Timings;
use crate::{check, output};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The arguments of `fachwerk build`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    args: SiteArgs,
    /// Output directory
    #[arg(short, long, default_value = "public")]
    output: PathBuf,
}

/// Runs `fachwerk build`; `started` is when the command began.
pub fn run(a: Args, started: Instant) -> ExitCode {
    let opts = match options(&a.args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let output = a.output;
    match build(&opts, &output) {
        Ok(build) => {
            let (pages, files) = (build.page_count(), build.paths.len());
            let lang = language_of(&opts);
            report(build.warnings, lang);
            let secs = started.elapsed().as_secs_f64();
            eprintln!("{}", built_line(lang, pages, files, &output, secs));
            ExitCode::SUCCESS
        }
        Err(diags) => {
            let lang = language_of(&opts);
            let n = report(diags, lang);
            eprintln!("{}", summary(lang, Code::SummaryBuildFailed, n, &output));
            ExitCode::from(1)
        }
    }
}

/// Builds the site and writes it to `out`, replacing fachwerk's previous output there
/// only if the whole build succeeded.
fn build(opts: &BuildOptions, out: &Path) -> Result<Build, Diagnostics> {
    if let (Ok(site), Ok(o)) = (opts.site_dir.canonicalize(), out.canonicalize())
        && site.starts_with(&o)
    {
        return Err(Msg::new(Code::OutputContainsSite)
            .error(out, Language::De)
            .into());
    }
    let prepared = pipeline::prepare(opts, true, pipeline::ImageWork::Now)?;
    let mut notes = Diagnostics::new();
    let staging = match output::Staging::open(out, prepared.paths(), &mut notes) {
        Ok(staging) => staging,
        Err(e) => {
            // The output cannot be written; the build's own errors still come along.
            let mut errors = notes;
            match prepared.make(&Discard) {
                Ok(o) => errors.extend(o.build.warnings),
                Err(d) => errors.extend(d),
            }
            errors.push(e);
            return Err(errors);
        }
    };
    // Each file goes into the staging directory as soon as it is finished; on an
    // error the staging directory goes (dropped) and the previous output stays.
    let pipeline::Output {
        mut build,
        site,
        templates,
        facts,
        lints,
        variants,
        ..
    } = prepared.make(&staging)?;
    let page_templates = pipeline::languages::page_templates(&site, &variants);
    // The lints of `check` are warnings here: the site is still built.
    let mut t = Timings::start();
    let findings = check::lint(
        (&site, &opts.site_dir),
        &templates,
        &build.paths,
        &facts,
        lints,
        &page_templates,
    );
    build
        .warnings
        .extend(findings.into_iter().map(Diagnostic::into_warning));
    t.step("lint");
    staging.commit(&mut notes).map_err(|e| {
        let mut all = build.warnings.clone();
        all.extend(std::mem::take(&mut notes));
        all.push(e);
        all
    })?;
    build.warnings.extend(notes);
    t.step("write");
    Ok(build)
}
