//! `fachwerk schema`: writes the JSON Schemas of the YAML files and front matter.

use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `fachwerk schema`.
#[derive(clap::Args)]
pub struct Args {
    /// Output directory
    #[arg(short, long, default_value = "schemas")]
    output: PathBuf,
}

/// Runs `fachwerk schema`.
pub fn run(a: Args) -> ExitCode {
    let output = a.output;
    if let Err(e) = std::fs::create_dir_all(&output) {
        eprintln!("error: cannot create {}: {e}", output.display());
        return ExitCode::from(1);
    }
    for (name, schema) in crate::content::schema::all() {
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        if let Err(e) = std::fs::write(output.join(name), text) {
            eprintln!("error: cannot write {}: {e}", output.join(name).display());
            return ExitCode::from(1);
        }
    }
    eprintln!("wrote the JSON Schemas into {}", output.display());
    ExitCode::SUCCESS
}
