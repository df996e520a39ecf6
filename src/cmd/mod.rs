//! The commands: their arguments, what they print and their exit status (0 success,
//! 1 content errors, 2 usage errors). `main.rs` parses the command line and calls
//! the command; everything else is here, one file per command.

pub mod build;
pub mod check;
pub mod new;
mod report;
pub mod schema;
pub mod serve;

use crate::content::base_url::BaseUrl;
use crate::diagnostic::{Arg, Code, Diagnostics};
use crate::messages::Language;
use crate::pipeline::BuildOptions;
use crate::util::date::{self, Date};
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of the commands that build a site.
#[derive(clap::Args)]
pub struct SiteArgs {
    /// The site directory (with site.yaml)
    #[arg(default_value = "content")]
    site: PathBuf,
    /// Build for this date (YYYY-MM-DD or DD.MM.YYYY); default: SOURCE_DATE_EPOCH, else today
    #[arg(long)]
    date: Option<String>,
    /// Include content marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Use this base URL instead of site.yaml's base_url
    #[arg(long, value_parser = base_url)]
    base_url: Option<BaseUrl>,
    /// Language of the messages (de or en); default: FACHWERK_LANG, else the site's language
    #[arg(long, value_parser = language)]
    lang: Option<Language>,
}

/// `--lang` and `FACHWERK_LANG`: `de` or `en`.
fn language(arg: &str) -> Result<Language, String> {
    match arg.trim().to_lowercase().as_str() {
        "de" | "deutsch" | "german" => Ok(Language::De),
        "en" | "englisch" | "english" => Ok(Language::En),
        other => Err(format!(
            "`{other}` is not a language of fachwerk; write de or en"
        )),
    }
}

/// The language of messages: `--lang`, else `FACHWERK_LANG`, else none (the site's).
fn message_language(arg: Option<Language>) -> Result<Option<Language>, String> {
    if arg.is_some() {
        return Ok(arg);
    }
    match std::env::var("FACHWERK_LANG") {
        Ok(v) if !v.trim().is_empty() => language(&v)
            .map(Some)
            .map_err(|e| format!("FACHWERK_LANG: {e}")),
        _ => Ok(None),
    }
}

/// `--base-url`: the rules of site.yaml's `base_url`; a bad one is a usage error.
fn base_url(arg: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(arg).map_err(|problem| {
        format!("{problem}; write the full address, e.g. --base-url https://vorschau.example.org/")
    })
}

/// The build date: `--date`, else `SOURCE_DATE_EPOCH` (seconds), else today; a Unix
/// time counts as the calendar day it is in Germany.
fn build_date(arg: Option<&str>) -> Result<Date, String> {
    if let Some(a) = arg {
        return Date::parse(a).map_err(|e| format!("--date: {e}; {}", date::DATE_HINT));
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

/// What to build, from the arguments; a bad date is a usage error, printed.
fn options(args: &SiteArgs) -> Result<BuildOptions, ExitCode> {
    let date = build_date(args.date.as_deref()).map_err(usage_error)?;
    let lang = message_language(args.lang).map_err(usage_error)?;
    Ok(BuildOptions {
        site_dir: args.site.clone(),
        base_url: args.base_url.clone(),
        date,
        drafts: args.drafts,
        scheduled: false,
        lang,
    })
}

/// Prints a usage error; exit status 2.
fn usage_error(e: String) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

/// Prints findings sorted by place, worded in `lang`; returns the number of errors.
fn report(mut diags: Diagnostics, lang: Language) -> usize {
    diags.reword(lang);
    let errors = diags.error_count();
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    errors
}

/// The language of messages: `--lang` or `FACHWERK_LANG`, else the site's.
fn language_of(opts: &BuildOptions) -> Language {
    opts.lang.unwrap_or_else(|| {
        crate::util::source::SourceFile::read(&opts.site_dir, std::path::Path::new("site.yaml"))
            .map(|src| crate::content::config::language(&src))
            .unwrap_or_default()
    })
}

/// A summary line of the catalogue in `lang`, with the number of errors (`errors`)
/// or warnings (`warnings`) counted in words.
fn summary(lang: Language, code: Code, n: usize, output: &std::path::Path) -> String {
    let (errors, warnings) = match lang {
        Language::De => (format!("{n} Fehler"), plural(n, "Warnung", "Warnungen")),
        Language::En => (
            plural(n, "error", "errors"),
            plural(n, "warning", "warnings"),
        ),
    };
    let args = [
        ("errors", Arg::from(errors)),
        ("warnings", Arg::from(warnings)),
        ("output", Arg::from(output.display().to_string())),
    ];
    crate::messages::catalogue(lang).message(code, &args)
}

/// The line of a successful build: pages and files made, where, and how long it took.
fn built_line(
    lang: Language,
    pages: usize,
    files: usize,
    output: &std::path::Path,
    secs: f64,
) -> String {
    let (pages, seconds) = match lang {
        Language::De => (
            plural(pages, "Seite", "Seiten"),
            format!("{secs:.2}").replace('.', ","),
        ),
        Language::En => (plural(pages, "page", "pages"), format!("{secs:.2}")),
    };
    let args = [
        ("pages", Arg::from(pages)),
        ("files", Arg::from(files)),
        ("output", Arg::from(output.display().to_string())),
        ("seconds", Arg::from(seconds)),
    ];
    crate::messages::catalogue(lang).message(Code::SummaryBuilt, &args)
}

/// The language of messages of `new`: `FACHWERK_LANG`, else the site's in `site`
/// (German when it has none yet).
fn new_language(site: &std::path::Path) -> Language {
    message_language(None).ok().flatten().unwrap_or_else(|| {
        crate::util::source::SourceFile::read(site, std::path::Path::new("site.yaml"))
            .map(|src| crate::content::config::language(&src))
            .unwrap_or_default()
    })
}

/// `1 page`, `2 pages`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
