//! The manifest `.fachwerk-manifest`: the files fachwerk wrote into an output
//! directory, so that a later build (and `scripts/publish` on the web host) removes
//! only those and keeps everything else.
//!
//! Format 2: the first line is [`HEADER`]; then one path per line, relative to the
//! output root, `/`-separated and sorted, with `\` written as `\\` and every control
//! character as `\u{…}` (its code point in hex), so that no file name can add a line.
//! fachwerk refuses such names anyway; the escape is the second line of defence.
//! A manifest without the header (format 1, written by older versions) holds one raw
//! path per line and is still read.

use crate::diagnostic::{Code, Diagnostic};
use crate::messages::{Language, Msg};
use crate::util::files::MANIFEST;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The first line of a manifest in format 2.
pub(super) const HEADER: &str = "# fachwerk manifest 2";

/// The manifest text for `paths` (sorted by the caller).
pub(super) fn encode<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = format!("{HEADER}\n");
    for p in paths {
        for c in p.chars() {
            match c {
                '\\' => text.push_str("\\\\"),
                c if c.is_control() => text.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => text.push(c),
            }
        }
        text.push('\n');
    }
    text
}

/// The paths of a manifest in format 2 or 1. A line that cannot be decoded names no
/// file of fachwerk's: what it meant is kept, never deleted.
pub(super) fn parse(text: &str) -> HashSet<String> {
    let mut lines = text.lines();
    let escaped = text.lines().next() == Some(HEADER);
    if escaped {
        lines.next();
    }
    lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| {
            if escaped {
                unescape(l)
            } else {
                Some(l.to_string())
            }
        })
        .collect()
}

fn unescape(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            'u' => {
                let rest = chars.as_str().strip_prefix('{')?;
                let (hex, after) = rest.split_once('}')?;
                out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                chars = after.chars();
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The manifest of the output directory `dir`, if it has one that can be read.
pub(super) fn read(dir: &Path) -> Option<HashSet<String>> {
    fs::read_to_string(dir.join(MANIFEST))
        .ok()
        .map(|t| parse(&t))
}

/// The manifest of the previous output: `None` when there is no output yet (or an
/// empty directory); an error for a non-empty directory fachwerk did not write.
pub(super) fn previous(out: &Path) -> Result<Option<HashSet<String>>, Diagnostic> {
    if fs::symlink_metadata(out).is_err() {
        return Ok(None);
    }
    if let Some(m) = read(out) {
        return Ok(Some(m));
    }
    let empty = fs::read_dir(out).is_ok_and(|mut d| d.next().is_none());
    if empty {
        Ok(None)
    } else {
        Err(Msg::new(Code::OutputNotOurs).error(out, Language::De))
    }
}

/// Entries of `dir` that fachwerk did not write according to `manifest`: whole
/// directories where none of fachwerk's files lie inside, single entries otherwise.
pub(super) fn foreign_entries(dir: &Path, manifest: &HashSet<String>) -> Vec<PathBuf> {
    let dirs: HashSet<&str> = manifest
        .iter()
        .flat_map(|p| p.match_indices('/').map(move |(i, _)| &p[..i]))
        .collect();
    let mut found = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let Ok(entries) = fs::read_dir(dir.join(&rel)) else {
            continue;
        };
        for e in entries.flatten() {
            let child = rel.join(e.file_name());
            let key = child.to_string_lossy().replace('\\', "/");
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            if key == MANIFEST {
                continue;
            }
            if is_dir && dirs.contains(key.as_str()) {
                stack.push(child);
            } else if !manifest.contains(&key) {
                found.push(child);
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_a_line_break_stays_one_entry() {
        let text = encode(["a.html", "notes.txt\n../x", "back\\slash\\u{1}"]);
        assert_eq!(text.lines().count(), 4, "{text}");
        let paths = parse(&text);
        assert!(paths.contains("notes.txt\n../x"));
        assert!(paths.contains("back\\slash\\u{1}"), "{paths:?}");
        assert!(!paths.contains("../x") && !paths.contains("notes.txt"));
        assert_eq!(paths.len(), 3);
    }

    #[test]
    fn format_1_is_read_and_bad_escapes_name_nothing() {
        let old = parse("index.html\nnotes\\n.txt\n");
        assert!(old.contains("index.html") && old.contains("notes\\n.txt"));
        let bad = parse(&format!("{HEADER}\nok.html\nbad\\q.html\nbad\\u{{zz}}\n"));
        assert_eq!(bad, HashSet::from(["ok.html".to_string()]));
    }
}
