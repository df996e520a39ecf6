//! `fachwerk new`: a new site, or a new content file of any collection (one
//! subcommand per collection, made from [`Collection`]).

use super::{build_date, new_language, usage_error};
use crate::content::collection::Collection;
use crate::diagnostic::{Arg, Code};
use crate::messages::catalogue;
use crate::scaffold::{new_content, new_site};
use clap::{ArgMatches, Args as _, FromArgMatches};
use std::path::PathBuf;
use std::process::ExitCode;

/// What `fachwerk new` creates.
pub enum What {
    /// A new site directory that builds at once.
    Site {
        /// The directory, which must not exist or be empty.
        dir: PathBuf,
    },
    /// A content file of a collection.
    Item(ItemKind, ItemArgs),
}

/// The collection of a new content file.
#[derive(Clone, Copy)]
pub struct ItemKind(Collection);

/// The arguments of `fachwerk new <collection>`.
#[derive(clap::Args)]
pub struct ItemArgs {
    /// The title; the file name is made from it
    title: String,
    /// The site directory
    #[arg(long, default_value = "content")]
    site: PathBuf,
}

/// The subcommand of `fachwerk new` for a new site.
const SITE: &str = "site";

/// The collections in the order `fachwerk new --help` lists them.
fn collections() -> Vec<Collection> {
    let mut all = Collection::ALL.to_vec();
    all.sort_by_key(|c| c.new_command().order);
    all
}

impl FromArgMatches for What {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let missing = || clap::Error::new(clap::error::ErrorKind::MissingSubcommand);
        match m.subcommand() {
            Some((SITE, sub)) => Ok(What::Site {
                dir: sub.get_one::<PathBuf>("dir").cloned().ok_or_else(missing)?,
            }),
            Some((name, sub)) => {
                let c = Collection::ALL
                    .into_iter()
                    .find(|c| c.new_command().name == name)
                    .ok_or_else(missing)?;
                Ok(What::Item(ItemKind(c), ItemArgs::from_arg_matches(sub)?))
            }
            None => Err(missing()),
        }
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = What::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Subcommand for What {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        let site = clap::Command::new(SITE)
            .about("A new site directory that builds at once")
            .arg(
                clap::Arg::new("dir")
                    .value_name("DIR")
                    .required(true)
                    .value_parser(clap::value_parser!(PathBuf)),
            );
        collections()
            .into_iter()
            .map(|c| c.new_command())
            .fold(cmd.subcommand(site), |cmd, new| {
                // The about after the arguments: augment_args would put the
                // struct's doc comment in its place.
                cmd.subcommand(ItemArgs::augment_args(clap::Command::new(new.name)).about(new.help))
            })
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        What::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        name == SITE || Collection::ALL.iter().any(|c| c.new_command().name == name)
    }
}

/// Runs `fachwerk new`.
pub fn run(what: What) -> ExitCode {
    let (ItemKind(collection), args) = match what {
        What::Site { dir } => return site(&dir),
        What::Item(kind, args) => (kind, args),
    };
    let today = match build_date(None) {
        Ok(d) => d,
        Err(e) => return usage_error(e),
    };
    match new_content(&args.site, collection, &args.title, today) {
        Ok(path) => {
            let text = catalogue(new_language(&args.site)).message(
                Code::SummaryNewItem,
                &[("path", Arg::from(path.display().to_string()))],
            );
            eprintln!("{text}");
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}

/// `fachwerk new site DIR`.
fn site(dir: &std::path::Path) -> ExitCode {
    match new_site(dir, super::message_language(None).ok().flatten()) {
        Ok(files) => {
            let text = catalogue(new_language(dir)).message(
                Code::SummaryNewSite,
                &[
                    ("dir", Arg::from(dir.display().to_string())),
                    ("files", Arg::from(files.len())),
                ],
            );
            eprintln!("{text}");
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}
