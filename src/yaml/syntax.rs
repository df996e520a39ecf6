//! Syntax errors in the editor's terms. The parser stops at the first error and says
//! what it expected; this module looks at the text around it to name the mistake an
//! editor made (a tab, a missing space after `:`, typographic quotes, an invisible
//! space, a key indented into the previous value, a `: ` inside a value) and adds the
//! tabs and invisible spaces of the other lines, which are certain mistakes too.

use super::finding::Finding;
use super::tree::{Context, Pos, pos_at};
use crate::diagnostic::{Code, Word};
use granit_parser::{ErrorKind, ScanError};
use std::ops::Range;

/// Most extra findings one broken file gets, besides its syntax error.
const MAX_EXTRA: usize = 20;

/// Typographic quotes that editors paste from word processors.
const SMART_QUOTES: &[char] = &['“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»', '‹', '›'];

/// The syntax error at `at` and what can be said around it.
pub(super) fn explain(
    text: &str,
    range: &Range<usize>,
    at: &Pos,
    err: &ScanError,
    ctx: &Context,
) -> Vec<Finding> {
    let first = primary(text, range, at, err.kind(), ctx);
    let mut out = vec![first];
    let part = &text[range.clone()];
    let mut offset = range.start;
    for line in part.split_inclusive('\n') {
        if out.len() > MAX_EXTRA {
            break;
        }
        let f = tab_in_indent(text, offset, line).or_else(|| invisible_space(text, offset, line));
        if let Some(f) = f
            && !out.iter().any(|o| o.at.line == f.at.line)
        {
            out.push(f);
        }
        offset += line.len();
    }
    out
}

#[expect(
    clippy::too_many_lines,
    reason = "one match over the parser's error kinds, each with its message in editor terms"
)]
fn primary(text: &str, range: &Range<usize>, at: &Pos, kind: &ErrorKind, ctx: &Context) -> Finding {
    let at_byte = at.byte.clamp(range.start, range.end);
    let (line_start, line) = line_around(text, at_byte);
    let prev = line_start
        .checked_sub(1)
        .map(|end| line_around(text, end))
        .filter(|(s, _)| *s >= range.start);
    let next = text[line_start..]
        .find('\n')
        .map(|i| line_start + i + 1)
        .filter(|s| *s < range.end)
        .map(|s| line_around(text, s));

    // Tabs: the parser may complain at the value before the tab, so look at the
    // error's line and the next one.
    if is_tab_kind(kind) || line_indent(line).contains('\t') {
        for (s, l) in [Some((line_start, line)), next].into_iter().flatten() {
            if let Some(f) = tab_in_indent(text, s, l) {
                return f;
            }
        }
    }
    for (s, l) in [Some((line_start, line)), prev].into_iter().flatten() {
        if let Some(f) = invisible_space(text, s, l) {
            return f;
        }
    }
    let scalar = ctx
        .last_scalar
        .filter(|s| s.end.byte <= text.len() && s.start.byte <= s.end.byte)
        .map(|s| (s, &text[s.start.byte..s.end.byte]));
    if let Some((span, src)) = scalar
        && span.end.line >= at.line.saturating_sub(1)
        && let Some(f) = missing_space(text, span.start.byte, src)
    {
        return f;
    }
    if let Some(f) = missing_space(text, line_start, line.trim_start_matches([' ', '-'])) {
        return f;
    }
    match kind {
        ErrorKind::MappingValueNotAllowed => {
            if let Some((span, src)) = scalar {
                if let Some(q) = src.chars().next().filter(|c| SMART_QUOTES.contains(c)) {
                    return Finding::new(Code::YamlSmartQuotes, span.start, "fix")
                        .arg("quote", q.to_string());
                }
                if span.start.line < at.line
                    && let Some((parent, _)) = &ctx.last_key
                {
                    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
                    let key = line[indent..].split(':').next().unwrap_or("").trim();
                    return Finding::new(
                        Code::YamlIndentedKey,
                        pos_at(text, line_start + indent),
                        "fix",
                    )
                    .arg("key", key)
                    .arg("parent", parent.as_str());
                }
            }
            Finding::new(Code::YamlColonInValue, *at, "fix")
        }
        ErrorKind::UnclosedQuotedScalar => {
            let quote = text[at_byte..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'');
            Finding::new(Code::YamlUnclosedQuote, *at, "fix")
                .arg("quote", quote.unwrap_or('"').to_string())
        }
        ErrorKind::UnclosedFlowCollection { open }
        | ErrorKind::MismatchedFlowCollectionEnd { open, .. } => bracket(*at, *open),
        ErrorKind::UnexpectedEofFlowSequence => bracket(*at, '['),
        ErrorKind::UnexpectedEofFlowMapping | ErrorKind::UnexpectedEofImplicitFlowMapping => {
            bracket(*at, '{')
        }
        ErrorKind::UnexpectedCharacter { character } if "@`%".contains(*character) => {
            Finding::new(Code::YamlReservedChar, *at, "fix").arg("char", character.to_string())
        }
        ErrorKind::UnknownAnchor => {
            let name: String = text[at_byte..]
                .trim_start_matches('*')
                .chars()
                .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
                .collect();
            Finding::new(Code::YamlUnknownAnchor, *at, "fix").arg("name", name)
        }
        ErrorKind::RecursionLimitExceeded => Finding::new(Code::YamlTooDeep, *at, "fix"),
        ErrorKind::InvalidIndentation
        | ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::ExpectedBlockSequenceEntry
        | ErrorKind::SimpleKeyExpected
        | ErrorKind::InvalidSimpleKey
        | ErrorKind::BlockSequenceEntryNotAllowed
        | ErrorKind::InvalidBlockScalarIndent
        | ErrorKind::InvalidQuotedScalarIndent
        | ErrorKind::UnexpectedEofBlockSequence
        | ErrorKind::UnexpectedEofBlockMapping => Finding::new(Code::YamlBadIndent, *at, "fix"),
        _ => match open_bracket_before(text, range.start, line_start) {
            Some((byte, open)) => bracket(pos_at(text, byte), open),
            None => Finding::new(Code::YamlSyntax, *at, "fix"),
        },
    }
}

/// The last `[` or `{` on a line before the error's line (from `start` to
/// `line_start`) that its line does not close, outside quotes and comments: a list
/// or mapping in brackets that runs on into the next lines, which the parser reports
/// only where it gives up (`name: [Anna Beispiel` followed by more fields).
fn open_bracket_before(text: &str, start: usize, line_start: usize) -> Option<(usize, char)> {
    let mut found = None;
    let mut offset = start;
    for line in text.get(start..line_start)?.split_inclusive('\n') {
        let mut open: Vec<(usize, char)> = Vec::new();
        let mut quote = None;
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if i == 0 || line[..i].ends_with([' ', '\t']) => break,
                (None, '[' | '{') => open.push((offset + i, c)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
        }
        if let Some(first) = open.first() {
            found = Some(*first);
        }
        offset += line.len();
    }
    found
}

fn bracket(at: Pos, open: char) -> Finding {
    let closing = if open == '{' { '}' } else { ']' };
    Finding::new(Code::YamlUnclosedBracket, at, "fix")
        .arg("bracket", open.to_string())
        .arg("closing", closing.to_string())
}

fn is_tab_kind(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::TabNotAllowed
            | ErrorKind::TabInBlockIndentation
            | ErrorKind::TabInIndentation
            | ErrorKind::TabInPlainScalar
            | ErrorKind::TabAtBlockScalarStart
    )
}

/// The line of `text` that holds byte `at`: its start and its text without `\n`.
fn line_around(text: &str, at: usize) -> (usize, &str) {
    let at = floor_char(text, at);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    (start, text[start..end].trim_end_matches('\r'))
}

fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn line_indent(line: &str) -> &str {
    let rest = line.trim_start_matches([' ', '\t', '-']);
    &line[..line.len() - rest.len()]
}

/// A tab among the spaces (and list dashes) that indent a line.
fn tab_in_indent(text: &str, line_start: usize, line: &str) -> Option<Finding> {
    let i = line_indent(line).find('\t')?;
    Some(Finding::new(
        Code::YamlTabIndent,
        pos_at(text, line_start + i),
        "fix",
    ))
}

/// A character that looks like a space but is none, where YAML needs a real one: in
/// the indentation, the key, or right after the key's colon.
fn invisible_space(text: &str, line_start: usize, line: &str) -> Option<Finding> {
    let structural = match line.find(": ") {
        Some(i) => &line[..i + 1],
        None => {
            let colon = line.find(':').map_or(line.len(), |i| i + 1);
            let after = line[colon..].chars().next().map_or(0, char::len_utf8);
            &line[..colon + after]
        }
    };
    let (i, c) = structural
        .char_indices()
        .filter(|(i, _)| line_start + i > 0) // a BOM that starts the file is fine
        .find(|(_, c)| invisible_word(*c).is_some())?;
    Some(invisible_finding(pos_at(text, line_start + i), c))
}

/// The finding for the invisible space `c` at `at`.
pub(super) fn invisible_finding(at: Pos, c: char) -> Finding {
    Finding::new(Code::YamlInvisibleSpace, at, "fix")
        .arg("char", invisible_word(c).unwrap_or(Word::OtherSpace))
        .arg("codepoint", format!("U+{:04X}", u32::from(c)))
}

/// The name of a character that looks like a space (or nothing) but is not an
/// ordinary space.
pub(super) fn invisible_word(c: char) -> Option<Word> {
    match c {
        '\u{a0}' => Some(Word::Nbsp),
        '\u{202f}' => Some(Word::NarrowNbsp),
        '\u{200b}' | '\u{2060}' | '\u{feff}' => Some(Word::ZeroWidth),
        '\u{2000}'..='\u{200a}' | '\u{205f}' | '\u{3000}' => Some(Word::OtherSpace),
        _ => None,
    }
}

/// True when `c` is a typographic quote.
pub(crate) fn is_smart_quote(c: char) -> bool {
    SMART_QUOTES.contains(&c)
}

/// `key:value` at the start of `src` (which starts at byte `start` of `text`): a key
/// written without the space after its colon. A URL (`https://…`) is no such key.
pub(super) fn missing_space(text: &str, start: usize, src: &str) -> Option<Finding> {
    let lead = src.len() - src.trim_start().len();
    let src = &src[lead..];
    let key_len = src
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_alphanumeric() || *c == '_' || (*i > 0 && *c == '-'))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let key = &src[..key_len];
    let rest = src[key_len..].strip_prefix(':')?;
    let next = rest.chars().next()?;
    if next.is_whitespace()
        || next == '/'
        || next == ':'
        || key.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let value: String = rest.chars().take_while(|c| *c != '\n').collect();
    let value = value.trim_end();
    Some(
        Finding::new(
            Code::YamlMissingSpace,
            pos_at(text, start + lead + key_len + 1),
            "fix",
        )
        .arg("key", key)
        .arg("value", value),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tree::Tree;
    use crate::diagnostic::Code;

    fn first(text: &str) -> (Code, usize, usize) {
        let doc = Tree::parse(text);
        let f = doc.syntax_findings().first().expect("a syntax error");
        (f.code, f.at.line, f.at.column)
    }

    #[test]
    fn names_the_editors_mistake() {
        // The over-indented key of issue 14: `kind:` is read as part of `role`'s value.
        assert_eq!(
            first("- name: A\n  role: member\n    kind: county\n"),
            (Code::YamlIndentedKey, 3, 5)
        );
        assert_eq!(first("title: Foo: bar\n"), (Code::YamlColonInValue, 1, 11));
        assert_eq!(first("title:Foo\nx: 1\n"), (Code::YamlMissingSpace, 1, 7));
        assert_eq!(first("a:\n\tb: 1\n"), (Code::YamlTabIndent, 2, 1));
        assert_eq!(first("a: 1\n\tb: 1\n"), (Code::YamlTabIndent, 2, 1));
        assert_eq!(first("t: “Foo: bar”\n"), (Code::YamlSmartQuotes, 1, 4));
        assert_eq!(first("a: 1\nb:\u{a0}2\n"), (Code::YamlInvisibleSpace, 2, 3));
        assert_eq!(first("title: \"abc\n"), (Code::YamlUnclosedQuote, 1, 8));
        assert_eq!(first("t: [a, b\n"), (Code::YamlUnclosedBracket, 1, 4));
        assert_eq!(first("t: @foo\n"), (Code::YamlReservedChar, 1, 4));
        assert_eq!(first("a: *x\n"), (Code::YamlUnknownAnchor, 1, 4));
        assert_eq!(
            first("- name: A\n  role: x\n - name: B\n"),
            (Code::YamlBadIndent, 3, 2)
        );
        assert_eq!(
            first("a: 1\n---\nb: 2\n"),
            (Code::YamlMultipleDocuments, 2, 1)
        );
    }

    #[test]
    fn other_tabs_and_invisible_spaces_are_reported_too() {
        let doc = Tree::parse("a: 1\n\tb: 2\nc: [x\nd:\u{a0}4\n");
        let codes: Vec<(Code, usize)> = doc
            .syntax_findings()
            .iter()
            .map(|f| (f.code, f.at.line))
            .collect();
        assert!(codes.contains(&(Code::YamlTabIndent, 2)), "{codes:?}");
        assert!(codes.contains(&(Code::YamlInvisibleSpace, 4)), "{codes:?}");
    }

    #[test]
    fn a_bracket_left_open_is_named_where_it_opens() {
        let (code, line, column) = first("- id: anna\n  name: [Anna Beispiel\n  function: G\n");
        assert_eq!((code, line, column), (Code::YamlUnclosedBracket, 2, 9));
    }

    #[test]
    fn urls_and_times_are_no_missing_space() {
        assert!(super::missing_space("https://x", 0, "https://x").is_none());
        assert!(super::missing_space("12:30", 0, "12:30").is_none());
        assert!(super::missing_space("date:2026", 0, "date:2026").is_some());
    }
}
