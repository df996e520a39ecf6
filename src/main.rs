//! The command line: parses the arguments and hands the command to
//! [`fachwerk::cmd`], which prints and sets the exit status.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use fachwerk::cmd;
use std::process::ExitCode;
use std::time::Instant;

/// A build allocates and frees millions of small strings on all cores; mimalloc does
/// that faster than the system allocator (measured: docs/benchmark.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `fachwerk --version`: the version and the commit it was built from (build.rs).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("FACHWERK_COMMIT"),
    ")"
);

#[derive(Parser)]
#[command(
    name = "fachwerk",
    version = VERSION,
    about = "Static sites for Saxony's Fachkräfteallianzen"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory
    Build(cmd::build::Args),
    /// Preview the site on http://127.0.0.1:PORT/, rebuilt and reloaded on every save
    Serve(cmd::serve::Args),
    /// Build in memory and run every check; exit status 1 on errors
    Check(cmd::check::Args),
    /// Write JSON Schemas of the YAML files and front matter, for editor completion
    Schema(cmd::schema::Args),
    /// Create a new site, or a new content file with its fields filled in
    New {
        #[command(subcommand)]
        what: cmd::new::What,
    },
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    // The help's texts come from the catalogue, in the language of messages.
    let command = cmd::help::localize(Cli::command(), cmd::help::language(&args));
    let cli = match command
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return cmd::command_line_error(&e, &args),
    };
    let started = Instant::now();
    match cli.command {
        Command::Build(args) => cmd::build::run(args, started),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::New { what } => cmd::new::run(what),
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;
    use fachwerk::MessageLanguage as Language;

    #[test]
    fn every_command_and_argument_has_its_help_in_both_languages() {
        for lang in [Language::De, Language::En] {
            let missing = fachwerk::cmd::help::missing(&Cli::command(), lang);
            assert!(
                missing.is_empty(),
                "{lang:?} lacks help texts: {missing:#?}"
            );
        }
    }

    #[test]
    fn the_localized_command_line_is_consistent() {
        for lang in [Language::De, Language::En] {
            fachwerk::cmd::help::localize(Cli::command(), lang).debug_assert();
        }
    }
}
