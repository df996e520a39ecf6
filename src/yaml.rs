//! The one place that knows the YAML library. serde_yaml is archived upstream; keeping
//! it behind `parse` means a successor can be swapped in here alone.
//!
//! Errors become [`Diagnostic`]s with the line and column in the editor's file and a
//! hint that says how to fix the mistake.

use crate::content::source::SourceFile;
use crate::date::DATE_HINT;
use crate::diagnostic::{Diagnostic, did_you_mean};
use serde::de::DeserializeOwned;

/// Parses `yaml`, a part of `src` that starts after `line_offset` lines, into `T`.
/// An empty document reads as an empty mapping, so that missing required fields are
/// named instead of a bare "end of file".
pub fn parse<T: DeserializeOwned>(
    src: &SourceFile,
    yaml: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    let blank = yaml.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    let result = if blank {
        serde_yaml::from_str("{}")
    } else {
        serde_yaml::from_str(yaml)
    };
    result.map_err(|e| to_diagnostic(src, &e, line_offset))
}

/// Parses a YAML file that holds a list (partners.yaml, contacts.yaml, …); an empty
/// file is an empty list.
pub fn parse_list<T: DeserializeOwned>(src: &SourceFile) -> Result<Vec<T>, Diagnostic> {
    let blank = src.text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    if blank {
        return Ok(Vec::new());
    }
    serde_yaml::from_str(&src.text).map_err(|e| to_diagnostic(src, &e, 0))
}

fn to_diagnostic(src: &SourceFile, err: &serde_yaml::Error, line_offset: usize) -> Diagnostic {
    let full = err.to_string();
    let (line, column) = err.location().map_or((line_offset + 1, 1), |l| {
        (l.line() + line_offset, l.column())
    });
    let message = clean_message(&full);
    let hint = hint_for(&message);
    let (line, column) = refine_location(src, &message, line, column);
    let mut d = src.error_at(line, column, message);
    d.hint = hint;
    d
}

/// Errors raised by our own types (dates) carry the location of the enclosing
/// mapping; when the message quotes the bad value and the reported line does not
/// hold it, point at the first line from there on that does.
fn refine_location(src: &SourceFile, message: &str, line: usize, column: usize) -> (usize, usize) {
    let Some(value) = quoted(message).first().copied().filter(|v| !v.is_empty()) else {
        return (line, column);
    };
    if !message.starts_with("invalid date") {
        return (line, column);
    }
    for (i, text) in src.text.lines().enumerate().skip(line.saturating_sub(1)) {
        if let Some(byte) = text.find(value) {
            return (i + 1, text[..byte].chars().count() + 1);
        }
    }
    (line, column)
}

/// Drops serde_yaml's " at line L column C" and the `[2].field: ` path prefix: the
/// location is shown separately and the path means nothing to an editor.
fn clean_message(full: &str) -> String {
    let msg = full.split(" at line ").next().unwrap_or(full);
    let msg = match msg.find(": ") {
        Some(i) if is_path(&msg[..i]) => &msg[i + 2..],
        _ => msg,
    };
    let msg = msg.split(", while parsing").next().unwrap_or(msg);
    msg.trim().to_string()
}

fn is_path(s: &str) -> bool {
    !s.is_empty()
        && !s.contains(' ')
        && s.chars()
            .all(|c| c.is_alphanumeric() || "_.[]-".contains(c))
}

/// Backtick-quoted words of a serde message: "unknown field `x`, expected one of `a`, `b`".
fn quoted(msg: &str) -> Vec<&str> {
    msg.split('`').skip(1).step_by(2).collect()
}

fn hint_for(msg: &str) -> Option<String> {
    let words = quoted(msg);
    if msg.starts_with("unknown field") || msg.starts_with("unknown variant") {
        let what = if msg.starts_with("unknown field") {
            "fields"
        } else {
            "values"
        };
        let (wrong, allowed) = words.split_first()?;
        if allowed.is_empty() {
            return Some("remove this field: nothing may be written here".into());
        }
        return Some(match did_you_mean(wrong, allowed) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("allowed {what}: {}", allowed.join(", ")),
        });
    }
    if msg.starts_with("missing field") {
        return Some(format!("add the required field `{}: …`", words.first()?));
    }
    if msg.contains("invalid date") || msg.contains("expected a date") {
        return Some(DATE_HINT.into());
    }
    if msg.contains("expected a boolean") {
        return Some("write true or false".into());
    }
    if msg.contains("expected a sequence") {
        return Some("write a list, one `- item` per line".into());
    }
    if msg.contains("expected struct") || msg.contains("expected a map") {
        return Some("write fields as `name: value`, one per line, indented below".into());
    }
    if msg.contains("expected f64")
        || msg.contains("expected u64")
        || msg.contains("expected a number")
    {
        return Some("write a plain number, e.g. 25000 or 25000.50, without € or dots".into());
    }
    if msg.contains("mapping values are not allowed") {
        return Some("a value that contains `: ` must be put in quotes: \"…\"".into());
    }
    if msg.contains("tab character") || msg.contains("cannot start any token") {
        return Some(
            "indent with spaces, not tabs; put values that start with @, ` or % in quotes".into(),
        );
    }
    if msg.contains("did not find expected") || msg.contains("block sequence entries") {
        return Some(
            "check the indentation: fields of one entry must start in the same column".into(),
        );
    }
    if msg.contains("duplicate entry") || msg.contains("duplicate key") {
        return Some("each field may appear only once; remove one of them".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Contact {
        name: String,
        phone: Option<String>,
        postal_code: Option<String>,
        #[serde(default)]
        online: bool,
    }

    fn src(text: &str) -> SourceFile {
        SourceFile::from_bytes("contacts.yaml".into(), text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn unknown_field_has_location_and_suggestion() {
        let s = src("- name: A\n  telefon: 1\n");
        let d = parse_list::<Contact>(&s).unwrap_err();
        assert_eq!(
            d.message,
            "unknown field `telefon`, expected one of `name`, `phone`, `postal_code`, `online`"
        );
        assert_eq!((d.line, d.column), (2, 3));
        assert_eq!(d.hint.as_deref(), Some("did you mean `phone`?"));
    }

    #[test]
    fn numbers_stay_text_and_yes_is_no_boolean() {
        let s = src("- name: A\n  postal_code: 01234\n  phone: 0351 123\n");
        let c = parse_list::<Contact>(&s).unwrap();
        assert_eq!(c[0].postal_code.as_deref(), Some("01234"));
        let d = parse_list::<Contact>(&src("- name: A\n  online: ja\n")).unwrap_err();
        assert_eq!(d.hint.as_deref(), Some("write true or false"));
        assert_eq!(d.line, 2);
    }

    #[test]
    fn broken_yaml_is_located_with_front_matter_offset() {
        let s = src("---\nname: A\n  bad: : x\n---\n");
        let d = parse::<Contact>(&s, "name: A\n  bad: : x\n", 1).unwrap_err();
        assert_eq!(d.line, 3, "{d}");
        assert!(d.hint.is_some(), "{d}");
    }

    #[test]
    fn empty_document_names_missing_field() {
        let d = parse::<Contact>(&src(""), "", 1).unwrap_err();
        assert_eq!(d.message, "missing field `name`");
    }
}
