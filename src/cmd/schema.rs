//! `fachwerk schema`: writes the JSON Schemas of the YAML files and front matter,
//! described in the editors' language.

use super::{language, message_language, usage_error};
use crate::diagnostic::{Arg, Code};
use crate::messages::{Language, catalogue};
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `fachwerk schema`.
#[derive(clap::Args)]
pub struct Args {
    /// Output directory
    #[arg(short, long, default_value = "schemas")]
    output: PathBuf,
    /// Language of the descriptions (de or en); default: FACHWERK_LANG, else German
    #[arg(long, value_parser = language)]
    lang: Option<Language>,
}

/// Runs `fachwerk schema`.
pub fn run(a: Args) -> ExitCode {
    let lang = match message_language(a.lang) {
        Ok(l) => l.unwrap_or_default(),
        Err(e) => return usage_error(e),
    };
    let output = a.output;
    let failed = |what: &PathBuf, e: std::io::Error| {
        let text = catalogue(lang).message(
            Code::OutputIo,
            &[
                ("what", Arg::from(what.display().to_string())),
                ("reason", Arg::from(e.to_string())),
            ],
        );
        eprintln!("{text}");
        ExitCode::from(1)
    };
    if let Err(e) = std::fs::create_dir_all(&output) {
        return failed(&output, e);
    }
    for (name, schema) in crate::content::schema::all(lang) {
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        if let Err(e) = std::fs::write(output.join(name), text) {
            return failed(&output.join(name), e);
        }
    }
    let text = catalogue(lang).message(
        Code::SummarySchemas,
        &[("output", Arg::from(output.display().to_string()))],
    );
    eprintln!("{text}");
    ExitCode::SUCCESS
}
