//! `fachwerk serve`: the preview, until the process is stopped.

use super::{SiteArgs, options};
use crate::pipeline::BuildOptions;
use crate::serve::{ServeError, ServeOptions, serve};
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `fachwerk serve`.
#[derive(clap::Args)]
pub struct Args {
    /// The site directory (with site.yaml)
    #[arg(default_value = "content")]
    site: PathBuf,
    /// The port; 0 picks a free one
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Listen on this address instead of 127.0.0.1 (other machines can then connect)
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Open the preview in the default browser
    #[arg(long)]
    open: bool,
    /// Include content marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Build for this date (YYYY-MM-DD or DD.MM.YYYY); default: SOURCE_DATE_EPOCH, else today
    #[arg(long)]
    date: Option<String>,
    /// Language of the messages (de or en); default: FACHWERK_LANG, else the site's language
    #[arg(long, value_parser = super::language)]
    lang: Option<crate::messages::Language>,
}

/// Runs `fachwerk serve`.
pub fn run(a: Args) -> ExitCode {
    let site = SiteArgs {
        site: a.site,
        date: a.date,
        drafts: a.drafts,
        base_url: None,
        lang: a.lang,
    };
    let build = match options(&site) {
        // The preview shows what goes live on a later day, marked as not yet published.
        Ok(o) => BuildOptions {
            scheduled: true,
            ..o
        },
        Err(code) => return code,
    };
    let opts = ServeOptions {
        build,
        port: a.port,
        bind: a.bind,
        open: a.open,
    };
    match serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{e}");
            match e {
                ServeError::NotASite(_) => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}
