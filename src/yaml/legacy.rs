//! The one place that knows the YAML library. serde_yaml is archived upstream; keeping
//! it behind `parse` means a successor can be swapped in here alone.
//!
//! Errors become [`Diagnostic`]s with the line and column in the editor's file and a
//! hint that says how to fix the mistake.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::util::date::DATE_HINT;
use crate::util::source::SourceFile;
use serde::de::DeserializeOwned;

/// Parses `yaml`, a part of `src` that starts after `line_offset` lines, into `T`.
/// An empty document reads as an empty mapping, so that missing required fields are
/// named instead of a bare "end of file".
pub(crate) fn parse<T: DeserializeOwned>(
    src: &SourceFile,
    yaml: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    let blank = yaml.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    if blank {
        return serde_yaml::from_str("{}").map_err(|e| to_diagnostic(src, "", &e, line_offset));
    }
    check_text(src, yaml, line_offset)?;
    serde_yaml::from_str(yaml).map_err(|e| to_diagnostic(src, yaml, &e, line_offset))
}

/// Parses a YAML file that holds a list (partners.yaml, contacts.yaml, …); an empty
/// file is an empty list.
pub(crate) fn parse_list<T: DeserializeOwned>(src: &SourceFile) -> Result<Vec<T>, Diagnostic> {
    let blank = src.text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    if blank {
        return Ok(Vec::new());
    }
    check_text(src, &src.text, 0)?;
    serde_yaml::from_str(&src.text).map_err(|e| to_diagnostic(src, &src.text, &e, 0))
}

/// How deep `[…]` and `{…}` may nest. The YAML parser's work grows with the square
/// of the nesting depth (100,000 levels took minutes), and no site needs more than
/// a handful, so deeper nesting is an error before the parser sees it.
pub(crate) const MAX_FLOW_DEPTH: usize = 64;

/// True for characters no text of the site may hold: control characters other than
/// tab and line break, and Unicode noncharacters. XML 1.0 forbids most of them, so
/// the Atom feed would not parse; iCalendar forbids them in text; in HTML they are
/// parse errors. A YAML file cannot hold them as they are (the parser refuses
/// them), only written as escapes in double quotes (`"\x07"`, `"\u0000"`).
pub(crate) fn is_forbidden_char(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || ('\u{fdd0}'..='\u{fdef}').contains(&c)
        || (c as u32) & 0xfffe == 0xfffe
}

/// Refuses what the YAML parser must not see or must not let through: flow
/// collections nested deeper than [`MAX_FLOW_DEPTH`] (before parsing), and escapes
/// that stand for a forbidden character ([`is_forbidden_char`]). Linear in the
/// text; a text with few brackets and no backslash is only counted.
fn check_text(src: &SourceFile, yaml: &str, line_offset: usize) -> Result<(), Diagnostic> {
    let bytes = yaml.as_bytes();
    let brackets = bytes.iter().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets <= MAX_FLOW_DEPTH && memchr::memchr(b'\\', bytes).is_none() {
        return Ok(());
    }
    let at = |offset: usize, msg: String, hint: &str| {
        let (line, column) = line_column(yaml, offset);
        src.error_at(line + line_offset, column, msg).hint(hint)
    };
    match scan(yaml) {
        Some(Problem::TooDeep(offset)) => Err(at(
            offset,
            format!("lists and maps in brackets are nested more than {MAX_FLOW_DEPTH} levels deep"),
            "write the value without so many `[` or `{`; a list is written `[a, b]` or as lines starting with `- `",
        )),
        Some(Problem::Forbidden(offset, len, c)) => Err(at(
            offset,
            format!(
                "`{}` stands for the invisible control character U+{:04X}, which a web page, feed or calendar cannot hold",
                &yaml[offset..offset + len],
                c as u32
            ),
            "remove it; for a line break, write the text as a block: `field: |` and the lines indented below",
        )),
        None => Ok(()),
    }
}

/// What [`scan`] finds.
enum Problem {
    /// A bracket (at this byte) that opens a collection deeper than allowed.
    TooDeep(usize),
    /// An escape (at this byte, this long) for a forbidden character.
    Forbidden(usize, usize, char),
}

/// Reads the text as the YAML parser's scanner would, as far as brackets and
/// quotes go: a bracket opens a collection where a value can begin (after `: `,
/// `- `, `? `, `,`, another bracket, an anchor or tag, at the start of a line) and
/// anywhere inside a collection, not inside plain text (`Titel [Entwurf]`), quoted
/// strings or comments; escapes count inside double quotes only. Where it has to
/// guess it counts a bracket too many, which matters only past [`MAX_FLOW_DEPTH`].
fn scan(yaml: &str) -> Option<Problem> {
    let bytes = yaml.as_bytes();
    let mut depth = 0usize;
    // The last byte that was not a space or tab (`\n` at a line start).
    let mut prev = b'\n';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let value_starts = matches!(prev, b'\n' | b'[' | b'{' | b',' | b':' | b'-' | b'?');
        match b {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'"' if value_starts => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        let (len, c) = escape_at(&yaml[i..]);
                        if let Some(c) = c.filter(|c| is_forbidden_char(*c)) {
                            return Some(Problem::Forbidden(i, len, c));
                        }
                        i += len;
                    } else {
                        i += 1;
                    }
                }
                i += 1;
                prev = b'"';
                continue;
            }
            b'\'' if value_starts => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == b'\'' {
                        if bytes.get(i + 1) != Some(&b'\'') {
                            break;
                        }
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                prev = b'\'';
                continue;
            }
            b'&' | b'!' if value_starts => {
                // An anchor or a tag: the value begins after it.
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b' ' | b'\t' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
                    )
                {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' if depth > 0 || value_starts => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(Problem::TooDeep(i));
                }
            }
            b']' | b'}' if depth > 0 => depth -= 1,
            _ => {}
        }
        prev = b;
        i += 1;
    }
    None
}

/// The length of the escape at the start of `s` (which starts with `\`) and the
/// character it stands for in a double-quoted YAML string.
fn escape_at(s: &str) -> (usize, Option<char>) {
    let hex = |n: usize| {
        s.get(2..2 + n)
            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .map_or((2, None), |v| (2 + n, char::from_u32(v)))
    };
    match s.as_bytes().get(1) {
        Some(b'0') => (2, Some('\0')),
        Some(b'a') => (2, Some('\u{7}')),
        Some(b'b') => (2, Some('\u{8}')),
        Some(b'e') => (2, Some('\u{1b}')),
        Some(b'v') => (2, Some('\u{b}')),
        Some(b'f') => (2, Some('\u{c}')),
        Some(b'r') => (2, Some('\r')),
        Some(b'N') => (2, Some('\u{85}')),
        Some(b'x') => hex(2),
        Some(b'u') => hex(4),
        Some(b'U') => hex(8),
        // Any other escape (`\\`, `\"`, `\n`, `\t`, …) is two bytes of no concern;
        // a multi-byte character after the backslash is skipped whole.
        Some(_) => (1 + s[1..].chars().next().map_or(1, char::len_utf8), None),
        None => (1, None),
    }
}

/// 1-based line and column (in characters) of byte offset `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// `yaml` is the text that was parsed, a part of `src` after `line_offset` lines.
fn to_diagnostic(
    src: &SourceFile,
    yaml: &str,
    err: &serde_yaml::Error,
    line_offset: usize,
) -> Diagnostic {
    let full = err.to_string();
    let (mut line, mut column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
    let mut message = clean_message(&full);
    // The reader names a byte offset, not a line ("… at position 15").
    if let Some(at) = number_after(&full, " at position ") {
        let mut at = at.min(yaml.len());
        while !yaml.is_char_boundary(at) {
            at -= 1;
        }
        (line, column) = line_column(yaml, at);
        if message.starts_with("control characters are not allowed") {
            let c = yaml[at..].chars().next().unwrap_or('\0');
            message = format!(
                "the text contains the invisible control character U+{:04X}",
                c as u32
            );
        }
    }
    // A key without its `:` is found only where the scanner gave up (often the end
    // of the file); the key's own place is the one to fix.
    if let Some(rest) = full.split(", while scanning a simple key at line ").nth(1)
        && let Some(l) = number_after(&format!(" {rest}"), " ")
        && let Some(c) = number_after(rest, " column ")
    {
        (line, column) = (l, c);
    }
    // The parser also breaks lines at U+0085, U+2028 and U+2029, which are no line
    // breaks in an editor (nor for Markdown): count its lines back to ours.
    if !full.contains(" at position ") && yaml.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        (line, column) = line_column(yaml, parser_offset(yaml, line, column));
    }
    // Never past the end of the text: the end of the stream counts as a line of
    // its own for the parser.
    let lines: Vec<&str> = yaml.split('\n').collect();
    if line > lines.len() {
        line = lines.len();
        column = lines.last().map_or(0, |l| l.chars().count()) + 1;
    }
    let hint = hint_for(&message);
    let (line, column) = refine_location(src, &message, line + line_offset, column);
    let mut d = src.error_at(line, column, message);
    d.hint = hint;
    d
}

/// The byte offset of the parser's 1-based `line` and `column` (in characters),
/// with its line breaks: `\n`, U+0085, U+2028, U+2029.
fn parser_offset(yaml: &str, line: usize, column: usize) -> usize {
    let (mut l, mut c) = (1, 1);
    for (i, ch) in yaml.char_indices() {
        if (l, c) >= (line, column) {
            return i;
        }
        if matches!(ch, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            (l, c) = (l + 1, 1);
        } else {
            c += 1;
        }
    }
    yaml.len()
}

/// The number right after the first `marker` in `s`.
fn number_after(s: &str, marker: &str) -> Option<usize> {
    let rest = s.split(marker).nth(1)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
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
    if msg.contains("invisible control character") {
        return Some(
            "remove it: retype the text around it, or copy it from a plain-text editor".into(),
        );
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
    fn escapes_of_control_characters_are_errors_at_the_escape() {
        for (text, column, shown) in [
            ("- name: \"A\\x07B\"\n", 11, "`\\x07`"),
            ("- name: \"\\u0000\"\n", 10, "U+0000"),
            ("- name: \"ok\\\\\"\n  phone: [\"\\e\"]\n", 0, "U+001B"),
            ("- name: \"\\U0000FFFE\"\n", 10, "U+FFFE"),
            ("- name: \"\\N\"\n", 10, "U+0085"),
            ("- name: !!str \"\\r\"\n", 16, "U+000D"),
        ] {
            let d = parse_list::<Contact>(&src(text)).unwrap_err();
            assert!(d.message.contains(shown), "{text:?}: {d}");
            let line = if column == 0 { 2 } else { 1 };
            assert_eq!(d.line, line, "{text:?}: {d}");
            if column > 0 {
                assert_eq!(d.column, column, "{text:?}: {d}");
            }
        }
        // Tabs, line breaks, umlauts and backslashes that stand for themselves are fine.
        for text in [
            "- name: \"A\\tB\\nC \\u00e4 \\\\x07\"\n",
            "- name: C:\\x07\n",
            "- name: 'C:\\x07'\n",
            "- name: A # \"\\x07\"\n",
        ] {
            assert!(parse_list::<Contact>(&src(text)).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_before_the_parser_sees_it() {
        let deep = |open: &str, close: &str, n: usize| {
            format!("- name: {}x{}\n", open.repeat(n), close.repeat(n))
        };
        for text in [
            deep("[", "]", 100_000),
            deep("{a: ", "}", 100_000),
            deep("!t [", "]", 1_000),
            deep("&a [", "]", 1_000),
            format!("- name: a\n  phone: {}", "[\n".repeat(1_000)),
        ] {
            let d = parse_list::<Contact>(&src(&text)).unwrap_err();
            assert!(d.message.contains("nested more than 64 levels"), "{d}");
            assert!(d.line >= 1 && d.column >= 1, "{d}");
        }
        let d = parse_list::<Contact>(&src(&deep("[", "]", 1_000))).unwrap_err();
        assert_eq!((d.line, d.column), (1, 9 + MAX_FLOW_DEPTH), "{d}");
        // Brackets in text, quotes and comments, and many shallow lists, are fine.
        let mut many = String::new();
        for i in 0..200 {
            many.push_str(&format!(
                "- name: Titel [Entwurf {i}\n  phone: '{{' # [[[[\n  postal_code: \"{}\"\n",
                "[".repeat(70)
            ));
        }
        assert_eq!(parse_list::<Contact>(&src(&many)).unwrap().len(), 200);
        let level = |n: usize| format!("- name: a\n  phone: {}x{}\n", "[".repeat(n), "]".repeat(n));
        assert!(
            !parse_list::<Contact>(&src(&level(64)))
                .unwrap_err()
                .message
                .contains("nested")
        );
        assert!(
            parse_list::<Contact>(&src(&level(65)))
                .unwrap_err()
                .message
                .contains("nested")
        );
    }

    #[test]
    fn parser_errors_point_inside_the_text() {
        // A key without `:` at the end: the parser gives up past the last line.
        for text in ["- name: A\nxyz", "- name: A\nxyz\n"] {
            let d = parse_list::<Contact>(&src(text)).unwrap_err();
            assert_eq!((d.line, d.column), (2, 1), "{text:?}: {d}");
        }
        // A raw control character: the reader names a byte offset.
        let d = parse_list::<Contact>(&src("- name: A\n  phone: \"1\u{11}2\"\n")).unwrap_err();
        assert_eq!((d.line, d.column), (2, 12), "{d}");
        assert!(d.message.contains("U+0011"), "{d}");
        // The parser breaks lines at U+0085 too; an editor does not.
        let d = parse_list::<Contact>(&src("- name: A\u{85}B\n  phone: 1\n bad\n")).unwrap_err();
        assert_eq!((d.line, d.column), (1, 11), "{d}");
        // In front matter, after the offset of the opening `---`.
        let s = src("---\nname: A\nxyz\n---\n");
        let d = parse::<Contact>(&s, "name: A\nxyz\n", 1).unwrap_err();
        assert_eq!((d.line, d.column), (3, 1), "{d}");
    }

    #[test]
    fn empty_document_names_missing_field() {
        let d = parse::<Contact>(&src(""), "", 1).unwrap_err();
        assert_eq!(d.message, "missing field `name`");
    }
}
