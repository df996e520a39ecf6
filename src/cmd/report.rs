//! Findings for machines: GitLab Code Quality JSON and GitHub workflow annotations,
//! so that a pipeline shows each error on the line of the merge request that caused
//! it. The human format is [`Diagnostic`]'s `Display`.
//!
//! Paths are relative to the repository root: the site directory as given on the
//! command line, joined with the finding's path inside the site.

use crate::diagnostic::{Diagnostic, Severity};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// The path of a finding as the repository knows it: `content` + `contacts.yaml` →
/// `content/contacts.yaml`, without `./`, with `/` separators.
pub(super) fn repo_path(site_dir: &Path, file: &Path) -> String {
    let joined = if file.is_absolute() {
        let cwd = std::env::current_dir().unwrap_or_default();
        file.strip_prefix(&cwd).unwrap_or(file).to_path_buf()
    } else {
        site_dir.join(file)
    };
    let clean: PathBuf = joined
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    clean.to_string_lossy().replace('\\', "/")
}

fn full_message(d: &Diagnostic) -> String {
    match d.hint() {
        Some(h) => format!("{}\nhint: {h}", d.message()),
        None => d.message().to_string(),
    }
}

/// The finding's stable code.
fn check_name(d: &Diagnostic) -> &'static str {
    d.code()
}

/// What identifies a finding within its file: its key (its parameters as written).
fn identity(d: &Diagnostic) -> String {
    d.key()
}

/// GitLab Code Quality report (a JSON array; GitLab's subset of the Code Climate
/// format). The fingerprint hashes the code, path and key (not the message or the
/// line), so a finding keeps its identity when lines are added above it or its
/// message is reworded or shown in another language; equal findings in one file are
/// numbered.
pub(super) fn gitlab(diags: &[Diagnostic], site_dir: &Path) -> String {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let path = repo_path(site_dir, &d.file);
            let key = format!("{}\0{path}\0{}", check_name(d), identity(d));
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let digest = Sha256::digest(format!("{key}\0{n}").as_bytes());
            let fingerprint: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            serde_json::json!({
                "description": full_message(d),
                "check_name": check_name(d),
                "fingerprint": fingerprint,
                "severity": match d.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "minor",
                },
                "location": { "path": path, "lines": { "begin": d.line.max(1) } },
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into()) + "\n"
}

/// Escapes the message of a workflow command (`%`, CR, LF), as GitHub documents.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command: also `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands, one line per finding:
/// `::error file=content/contacts.yaml,line=5,col=3,title=fachwerk::message`.
pub(super) fn github(diags: &[Diagnostic], site_dir: &Path) -> String {
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = vec![format!(
            "file={}",
            escape_property(&repo_path(site_dir, &d.file))
        )];
        if d.line > 0 {
            props.push(format!("line={}", d.line));
            if d.column > 0 {
                props.push(format!("col={}", d.column));
            }
        }
        let title = format!("fachwerk {level} [{}]", d.code());
        props.push(format!("title={}", escape_property(&title)));
        out.push_str(&format!(
            "::{level} {}::{}\n",
            props.join(","),
            escape_data(&full_message(d))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings() -> Vec<Diagnostic> {
        use crate::diagnostic::Code;
        use crate::messages::{Language, Msg};
        let text = "id: a\n  telefon: 1\n";
        vec![
            Msg::new(Code::NewNoFileName)
                .arg("title", "telefon, 100% sure")
                .error("contacts.yaml", Language::En)
                .at(text, 2, 3),
            Msg::new(Code::OutputRestored)
                .arg("path", "old")
                .warning("news/a,b:c.md", Language::En),
        ]
    }

    #[test]
    fn repo_paths_join_the_site_dir() {
        assert_eq!(
            repo_path(Path::new("./content"), Path::new("news/a.md")),
            "content/news/a.md"
        );
        assert_eq!(
            repo_path(Path::new("."), Path::new("site.yaml")),
            "site.yaml"
        );
    }

    #[test]
    fn gitlab_code_quality_fields() {
        let json: serde_json::Value =
            serde_json::from_str(&gitlab(&findings(), Path::new("content"))).unwrap();
        let first = &json[0];
        assert_eq!(first["location"]["path"], "content/contacts.yaml");
        assert_eq!(first["location"]["lines"]["begin"], 2);
        assert_eq!(first["severity"], "critical");
        assert_eq!(first["check_name"], "new/no-file-name");
        assert!(
            first["description"]
                .as_str()
                .unwrap()
                .contains("hint: use a title")
        );
        assert_eq!(
            json[1]["location"]["lines"]["begin"], 1,
            "whole-file finding"
        );
        assert_eq!(json[1]["severity"], "minor");
        let fp = |v: &serde_json::Value| v["fingerprint"].as_str().unwrap().to_string();
        assert_ne!(fp(&json[0]), fp(&json[1]));
        // Stable across runs, and independent of the line.
        let mut moved = findings();
        moved[0].line = 40;
        let again: serde_json::Value =
            serde_json::from_str(&gitlab(&moved, Path::new("content"))).unwrap();
        assert_eq!(fp(&again[0]), fp(&json[0]));
        // The same finding twice in a file gets two fingerprints.
        let twice = [findings()[1].clone(), findings()[1].clone()];
        let both: serde_json::Value =
            serde_json::from_str(&gitlab(&twice, Path::new("content"))).unwrap();
        assert_ne!(fp(&both[0]), fp(&both[1]));
    }

    #[test]
    fn github_annotations_are_escaped() {
        let out = github(&findings(), Path::new("content"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "::error file=content/contacts.yaml,line=2,col=3,title=fachwerk error [new/no-file-name]::the title `telefon, 100%25 sure` gives no file name%0Ahint: use a title with letters or digits"
        );
        assert_eq!(
            lines[1],
            "::warning file=content/news/a%2Cb%3Ac.md,title=fachwerk warning [output/restored]::an interrupted build had left the output in old; it is back in place"
        );
    }
}
