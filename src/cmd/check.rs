//! `fachwerk check`: builds in memory, runs every lint and reports every finding,
//! also in a CI system's format on standard output.

use super::report::{github, gitlab};
use super::{SiteArgs, language_of, options, summary};
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostics;
use crate::messages::Language;
use std::path::Path;
use std::process::ExitCode;

/// The arguments of `fachwerk check`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    args: SiteArgs,
    /// Also print the findings for a CI system on standard output: GitLab Code
    /// Quality JSON, or GitHub workflow annotations
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// How `check` reports its findings.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text on standard error
    Human,
    /// GitLab Code Quality report (JSON) on standard output
    Gitlab,
    /// GitHub Actions annotations on standard output
    Github,
}

/// Runs `fachwerk check`.
pub fn run(a: Args) -> ExitCode {
    let opts = match options(&a.args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    match crate::check::check(&opts) {
        Ok((findings, untranslated)) => {
            let lang = language_of(&opts);
            let warnings = findings.iter().count();
            report_as(findings, a.format, &a.args.site, lang);
            for u in untranslated {
                eprintln!("{}", untranslated_line(lang, &u));
            }
            let line = summary(lang, Code::SummaryCheckPassed, warnings, &a.args.site);
            eprintln!("{line}");
            ExitCode::SUCCESS
        }
        Err(diags) => {
            let lang = language_of(&opts);
            let n = report_as(diags, a.format, &a.args.site, lang);
            eprintln!(
                "{}",
                summary(lang, Code::SummaryCheckFailed, n, &a.args.site)
            );
            ExitCode::from(1)
        }
    }
}

/// The summary line of the pages one language lacks.
fn untranslated_line(lang: Language, u: &crate::check::Untranslated) -> String {
    use crate::diagnostic::Arg;
    let missing = if u.missing.is_empty() {
        "–".to_string()
    } else {
        u.missing.join(", ")
    };
    let args = [
        ("language", Arg::from(u.language.code())),
        ("translated", Arg::from(u.translated)),
        ("total", Arg::from(u.total)),
        ("missing", Arg::from(missing)),
    ];
    crate::messages::catalogue(lang).message(Code::SummaryUntranslated, &args)
}

/// Prints `diags` as `format` asks: machine output on stdout (the human report
/// still goes to stderr, for the job log); returns the number of errors.
#[expect(
    clippy::print_stdout,
    reason = "the machine formats are the command's output on stdout"
)]
fn report_as(mut diags: Diagnostics, format: Format, site: &Path, lang: Language) -> usize {
    diags.reword(lang);
    let sorted = diags.sorted();
    match format {
        Format::Human => {}
        Format::Gitlab => print!("{}", gitlab(&sorted, site)),
        Format::Github => print!("{}", github(&sorted, site)),
    }
    for d in &sorted {
        eprintln!("{d}");
    }
    sorted.iter().filter(|d| d.is_error()).count()
}
