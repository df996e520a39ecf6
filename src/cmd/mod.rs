//! The commands: their arguments, what they print and their exit status (0 success,
//! 1 content errors, 2 usage errors). `main.rs` parses the command line and calls
//! the command; everything else is here, one file per command.

pub mod build;
pub mod check;
pub mod help;
pub mod new;
mod report;
pub mod schema;
pub mod serve;

use crate::content::base_url::BaseUrl;
use crate::diagnostic::{Arg, Code, Diagnostics};
use crate::messages::{Language, Msg};
use crate::pipeline::BuildOptions;
use crate::util::date::Date;
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
    #[arg(long)]
    base_url: Option<String>,
    /// Language of the messages (de or en); default: FACHWERK_LANG, else the site's language
    #[arg(long)]
    lang: Option<String>,
}

/// `--lang` and `FACHWERK_LANG`: `de` or `en`; `source` names where it was written.
fn language(arg: &str, source: &str) -> Result<Language, Msg> {
    match arg.trim().to_lowercase().as_str() {
        "de" | "deutsch" | "german" => Ok(Language::De),
        "en" | "englisch" | "english" => Ok(Language::En),
        other => Err(Msg::new(Code::UsageBadLanguage)
            .arg("value", other)
            .arg("source", source)),
    }
}

/// The language of messages: `--lang`, else `FACHWERK_LANG`, else none (the site's).
fn message_language(arg: Option<&str>) -> Result<Option<Language>, Msg> {
    if let Some(a) = arg {
        return language(a, "--lang").map(Some);
    }
    match std::env::var("FACHWERK_LANG") {
        Ok(v) if !v.trim().is_empty() => language(&v, "FACHWERK_LANG").map(Some),
        _ => Ok(None),
    }
}

/// `--base-url`: the rules of site.yaml's `base_url`; a bad one is a usage error.
fn base_url(arg: &str) -> Result<BaseUrl, Msg> {
    BaseUrl::parse(arg).map_err(|problem| {
        Msg::new(Code::UsageBadBaseUrl)
            .arg("value", arg.escape_debug().to_string())
            .arg("problem", problem)
    })
}

/// The build date: `--date`, else `SOURCE_DATE_EPOCH` (seconds), else today; a Unix
/// time counts as the calendar day it is in Germany.
fn build_date(arg: Option<&str>) -> Result<Date, Msg> {
    if let Some(a) = arg {
        return Date::parse(a).map_err(|_| Msg::new(Code::UsageBadDate).arg("value", a));
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .map(Date::in_germany)
            .map_err(|_| Msg::new(Code::UsageBadEpoch).arg("value", v.as_str())),
        _ => Ok(Date::today()),
    }
}

/// What to build, from the arguments; a bad date, language or address is a usage
/// error, printed in the language of messages.
fn options(args: &SiteArgs) -> Result<BuildOptions, ExitCode> {
    let lang = message_language(args.lang.as_deref())
        .map_err(|m| usage_error(&m, usage_language(Some(&args.site))))?;
    let shown = lang.unwrap_or_else(|| site_language(&args.site));
    let date = build_date(args.date.as_deref()).map_err(|m| usage_error(&m, shown))?;
    let base_url = match &args.base_url {
        Some(b) => Some(base_url(b).map_err(|m| usage_error(&m, shown))?),
        None => None,
    };
    Ok(BuildOptions {
        site_dir: args.site.clone(),
        base_url,
        date,
        drafts: args.drafts,
        scheduled: false,
        lang,
    })
}

/// Prints a usage error in `lang`; exit status 2.
fn usage_error(m: &Msg, lang: Language) -> ExitCode {
    eprint!("{}", m.shown("error", lang));
    ExitCode::from(2)
}

/// The language of a usage error: `FACHWERK_LANG` when it is valid, else the site's
/// (when known), else German.
fn usage_language(site: Option<&std::path::Path>) -> Language {
    message_language(None)
        .ok()
        .flatten()
        .or_else(|| site.map(site_language))
        .unwrap_or_default()
}

/// A command line that clap refuses, in the language of messages: help and version
/// are printed as clap writes them; anything else becomes `usage/arguments`, with
/// clap's own words as its detail. `--lang` is read from the raw arguments, since
/// the command line did not parse.
pub fn command_line_error(e: &clap::Error, args: &[String]) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let from_args = args
        .iter()
        .position(|a| a == "--lang")
        .and_then(|i| args.get(i + 1).map(String::as_str))
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("--lang=")))
        .and_then(|l| language(l, "--lang").ok());
    let lang = from_args.unwrap_or_else(|| usage_language(None));
    let detail = e.render().to_string();
    let detail = detail
        .lines()
        .map(|l| l.trim_start_matches("error: ").trim())
        .filter(|l| !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more"))
        .collect::<Vec<_>>()
        .join(" ");
    let m = Msg::new(Code::UsageArguments).arg("detail", detail);
    usage_error(&m, lang)
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
    opts.lang.unwrap_or_else(|| site_language(&opts.site_dir))
}

use crate::content::config::site_language;

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
    usage_language(Some(site))
}

/// `1 page`, `2 pages`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
