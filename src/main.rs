//! The command line: parses arguments, calls the library, prints findings and sets
//! the exit status (0 success, 1 content errors, 2 usage errors).

use clap::{Parser, Subcommand};
use fachwerk::content::base_url::BaseUrl;
use fachwerk::diagnostic::Diagnostics;
use fachwerk::{BuildOptions, build_date};
use std::path::PathBuf;
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

#[derive(clap::Args)]
struct SiteArgs {
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
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory
    Build {
        #[command(flatten)]
        args: SiteArgs,
        /// Output directory
        #[arg(short, long, default_value = "public")]
        output: PathBuf,
    },
    /// Preview the site on http://127.0.0.1:PORT/, rebuilt and reloaded on every save
    Serve {
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
    },
    /// Build in memory and run every check; exit status 1 on errors
    Check {
        #[command(flatten)]
        args: SiteArgs,
        /// Also print the findings for a CI system on standard output: GitLab Code
        /// Quality JSON, or GitHub workflow annotations
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write JSON Schemas of the YAML files and front matter, for editor completion
    Schema {
        /// Output directory
        #[arg(short, long, default_value = "schemas")]
        output: PathBuf,
    },
    /// Create a new site, or a new content file with its fields filled in
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

/// How `check` reports its findings.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Readable text on standard error
    Human,
    /// GitLab Code Quality report (JSON) on standard output
    Gitlab,
    /// GitHub Actions annotations on standard output
    Github,
}

/// Prints `diags` as `format` asks: machine output on stdout (the human report
/// still goes to stderr, for the job log); returns the number of errors.
fn report_as(diags: Diagnostics, format: Format, site: &std::path::Path) -> usize {
    let sorted = diags.sorted();
    match format {
        Format::Human => {}
        Format::Gitlab => print!("{}", fachwerk::report::gitlab(&sorted, site)),
        Format::Github => print!("{}", fachwerk::report::github(&sorted, site)),
    }
    for d in &sorted {
        eprintln!("{d}");
    }
    sorted.iter().filter(|d| d.is_error()).count()
}

#[derive(Subcommand)]
enum NewCommand {
    /// A new site directory that builds at once
    Site { dir: PathBuf },
    /// A project example in projects/
    Project(NewArgs),
    /// A news item in news/
    News(NewArgs),
    /// An event in events/
    Event(NewArgs),
    /// A funding call in calls/
    Call(NewArgs),
    /// A free page in pages/
    Page(NewArgs),
}

#[derive(clap::Args)]
struct NewArgs {
    /// The title; the file name is made from it
    title: String,
    /// The site directory
    #[arg(long, default_value = "content")]
    site: PathBuf,
}

/// `--base-url`: the rules of site.yaml's `base_url`; a bad one is a usage error.
fn base_url(arg: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(arg).map_err(|problem| {
        format!("{problem}; write the full address, e.g. --base-url https://vorschau.example.org/")
    })
}

fn options(args: &SiteArgs) -> Result<BuildOptions, ExitCode> {
    let date = build_date(args.date.as_deref()).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    Ok(BuildOptions {
        site_dir: args.site.clone(),
        base_url: args.base_url.clone(),
        date,
        drafts: args.drafts,
    })
}

fn report(diags: Diagnostics) -> usize {
    let errors = diags.error_count();
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    errors
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn new(what: NewCommand) -> ExitCode {
    use fachwerk::scaffold::{Kind, new_content, new_site};
    let (kind, args) = match what {
        NewCommand::Site { dir } => {
            return match new_site(&dir) {
                Ok(files) => {
                    eprintln!(
                        "created a new site in {} ({} files); preview it with `fachwerk serve {}` \
                         (or a double click on `Vorschau starten.cmd` in it), build it with \
                         `fachwerk build {}`",
                        dir.display(),
                        files.len(),
                        dir.display(),
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprintln!("{d}");
                    ExitCode::from(1)
                }
            };
        }
        NewCommand::Project(a) => (Kind::Project, a),
        NewCommand::News(a) => (Kind::News, a),
        NewCommand::Event(a) => (Kind::Event, a),
        NewCommand::Call(a) => (Kind::Call, a),
        NewCommand::Page(a) => (Kind::Page, a),
    };
    let today = match build_date(None) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match new_content(&args.site, kind, &args.title, today) {
        Ok(path) => {
            eprintln!(
                "created {} (marked as draft: remove `draft: true` to publish it)",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    match cli.command {
        Command::New { what } => new(what),
        Command::Schema { output } => {
            if let Err(e) = std::fs::create_dir_all(&output) {
                eprintln!("error: cannot create {}: {e}", output.display());
                return ExitCode::from(1);
            }
            for (name, schema) in fachwerk::content::schema::all() {
                let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
                if let Err(e) = std::fs::write(output.join(name), text) {
                    eprintln!("error: cannot write {}: {e}", output.join(name).display());
                    return ExitCode::from(1);
                }
            }
            eprintln!("wrote the JSON Schemas into {}", output.display());
            ExitCode::SUCCESS
        }
        Command::Build { args, output } => {
            let opts = match options(&args) {
                Ok(o) => o,
                Err(code) => return code,
            };
            match fachwerk::build(&opts, &output) {
                Ok(build) => {
                    let (pages, files) = (build.page_count(), build.files.len());
                    report(build.warnings);
                    eprintln!(
                        "built {} ({} files) into {} in {:.2} s",
                        plural(pages, "page", "pages"),
                        files,
                        output.display(),
                        started.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    let n = report(diags);
                    eprintln!(
                        "the build failed with {}; {} was not changed",
                        plural(n, "error", "errors"),
                        output.display()
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::Serve {
            site,
            port,
            bind,
            open,
            drafts,
            date,
        } => {
            let args = SiteArgs {
                site,
                date,
                drafts,
                base_url: None,
            };
            let build = match options(&args) {
                Ok(o) => o,
                Err(code) => return code,
            };
            let opts = fachwerk::serve::ServeOptions {
                build,
                port,
                bind,
                open,
            };
            match fachwerk::serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprint!("{e}");
                    match e {
                        fachwerk::serve::ServeError::NotASite(_) => ExitCode::from(1),
                        _ => ExitCode::from(2),
                    }
                }
            }
        }
        Command::Check { args, format } => {
            let opts = match options(&args) {
                Ok(o) => o,
                Err(code) => return code,
            };
            match fachwerk::check::check(&opts) {
                Ok(findings) => {
                    let warnings = findings.iter().count();
                    report_as(findings, format, &args.site);
                    eprintln!("check passed ({})", plural(warnings, "warning", "warnings"));
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    let n = report_as(diags, format, &args.site);
                    eprintln!("check failed with {}", plural(n, "error", "errors"));
                    ExitCode::from(1)
                }
            }
        }
    }
}
