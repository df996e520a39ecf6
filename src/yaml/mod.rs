//! The YAML layer: a YAML text becomes a [`Tree`] (a tree whose every node knows
//! its line, column and bytes), which is checked against the shape of the Rust type
//! the loader wants, collecting every mistake of the file, and only then read into
//! that type.
//!
//! ```text
//! text ──parse──▶ Tree ─────validate (schema of T)──▶ findings ─┐
//!                   │                                          ├─▶ Result<T, Vec<Finding>>
//!                   └──────────── typed reading (serde) ───────┘   (reading only when no finding)
//! ```
//!
//! serde stops at the first error, so the mistakes are found by walking the tree
//! beside the JSON Schema that schemars makes of the same types (see [`Schema`]);
//! whatever the walk accepts, the typed reading accepts too (a test proves it on every
//! fixture and on wrong files). A [`Finding`] carries a code of the message catalogue
//! (`crate::messages`) and is worded only when shown, in the editor's language.

#[cfg(test)]
mod bench;
mod de;
mod finding;
mod json;
mod scalar;
mod shape;
mod syntax;
pub(crate) mod tree;
mod validate;

pub(crate) use finding::Finding;
pub(crate) use json::to_json;
pub(crate) use shape::{FORMAT_KEYWORD, Schema, json_schema};
pub(crate) use syntax::is_smart_quote;
pub(crate) use tree::{Node, Pos, Span, Tree, Value};

use crate::diagnostic::{Code, Diagnostic};
use crate::messages::Language;
use crate::util::source::SourceFile;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::ops::Range;

/// Reads the YAML in `range` of `src` (the whole file, or a front matter) as a `T`,
/// or returns every mistake in it as build errors worded in `lang`. An empty document
/// is an empty mapping or list, so that missing required fields are named.
pub(crate) fn read<T: DeserializeOwned + JsonSchema + 'static>(
    src: &SourceFile,
    range: Range<usize>,
    lang: Language,
) -> Result<T, Vec<Diagnostic>> {
    read_tree(&Tree::parse_part(&src.text, range), src, lang)
}

/// [`read`] of a tree already parsed from `src` (for a caller that looks at the
/// tree itself too).
pub(crate) fn read_tree<T: DeserializeOwned + JsonSchema + 'static>(
    tree: &Tree,
    src: &SourceFile,
    lang: Language,
) -> Result<T, Vec<Diagnostic>> {
    let mut findings = Vec::new();
    if let Some(root) = tree.root() {
        forbidden_chars(tree.text, root, &mut findings);
    }
    let read = tree.read::<T>();
    let findings = match read {
        Ok(value) if findings.is_empty() => return Ok(value),
        Ok(_) => findings,
        Err(mut more) => {
            more.extend(findings);
            more
        }
    };
    Err(findings
        .iter()
        .map(|f| f.to_diagnostic(&src.rel, &src.text, lang))
        .collect())
}

/// Texts that hold a character no page, feed or calendar may hold
/// ([`is_forbidden_char`]); YAML lets them in only as escapes in double quotes
/// (`"\x07"`).
fn forbidden_chars(text: &str, node: &Node, findings: &mut Vec<Finding>) {
    match &node.value {
        Value::Scalar(s) => {
            if let Some(c) = s.text.chars().find(|c| is_forbidden_char(*c)) {
                let written = text.get(node.span.bytes()).unwrap_or("");
                let (at, escape) = match forbidden_escape(written) {
                    Some((offset, escape)) => {
                        (tree::pos_at(text, node.span.start.byte + offset), escape)
                    }
                    None => (node.span.start, c.escape_unicode().to_string()),
                };
                findings.push(
                    Finding::new(Code::ContentControlChar, at, "fix")
                        .arg("escape", escape)
                        .arg("codepoint", format!("U+{:04X}", c as u32)),
                );
            }
        }
        Value::List(items) => items
            .iter()
            .for_each(|n| forbidden_chars(text, n, findings)),
        Value::Map(entries) => entries.iter().for_each(|e| {
            forbidden_chars(text, &e.key, findings);
            forbidden_chars(text, &e.value, findings);
        }),
        Value::Null => {}
    }
}

/// The first escape of a double-quoted text as written (`\x07`, `\u0000`, `\e`)
/// that stands for a forbidden character: its byte offset and its text.
fn forbidden_escape(written: &str) -> Option<(usize, String)> {
    let mut rest = written;
    while let Some(i) = rest.find('\\') {
        let offset = written.len() - rest.len() + i;
        let after = &rest[i + 1..];
        let (len, c) = match after.chars().next()? {
            'x' => (2, u32::from_str_radix(after.get(1..3)?, 16).ok()),
            'u' => (4, u32::from_str_radix(after.get(1..5)?, 16).ok()),
            'U' => (8, u32::from_str_radix(after.get(1..9)?, 16).ok()),
            '0' => (0, Some(0)),
            'a' => (0, Some(7)),
            'b' => (0, Some(8)),
            'v' => (0, Some(0x0b)),
            'f' => (0, Some(0x0c)),
            'r' => (0, Some(0x0d)),
            'e' => (0, Some(0x1b)),
            c => (c.len_utf8() - 1, None),
        };
        let end = i + 2 + len;
        if c.and_then(char::from_u32).is_some_and(is_forbidden_char) {
            return Some((offset, rest.get(i..end)?.to_string()));
        }
        rest = rest.get(end..)?;
    }
    None
}

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

impl<'a> Tree<'a> {
    #[cfg(test)]
    /// Every mistake of this document as a `T`: its syntax errors, or else all that
    /// the validator finds. Empty when [`Tree::read`] will succeed.
    pub(crate) fn check<T: JsonSchema + 'static>(&self) -> Vec<Finding> {
        if !self.syntax_findings().is_empty() {
            return self.syntax_findings().to_vec();
        }
        let schema = Schema::of::<T>();
        validate::validate(&schema, self.text, &self.root_or_empty(&schema))
    }

    /// Reads the document as a `T`, or returns every mistake in it. An empty document
    /// is an empty mapping (or list), so that missing required fields are named.
    pub(crate) fn read<T: DeserializeOwned + JsonSchema + 'static>(
        &self,
    ) -> Result<T, Vec<Finding>> {
        if !self.syntax_findings().is_empty() {
            return Err(self.syntax_findings().to_vec());
        }
        let schema = Schema::of::<T>();
        let root = self.root_or_empty(&schema);
        let findings = validate::validate(&schema, self.text, &root);
        if !findings.is_empty() {
            return Err(findings);
        }
        T::deserialize(de::NodeDe(&root)).map_err(|e| {
            vec![
                Finding::new(Code::ContentUnreadable, e.at.unwrap_or(self.start()), "fix")
                    .arg("field", e.field.unwrap_or_default()),
            ]
        })
    }

    /// The root, or for an empty document an empty mapping or list where the schema
    /// wants one.
    fn root_or_empty(&self, schema: &Schema) -> Cow<'_, Node<'a>> {
        if let Some(root) = self.root()
            && root.value != Value::Null
        {
            return Cow::Borrowed(root);
        }
        let start = self.start();
        let value = if schema.expects_list() {
            Value::List(Vec::new())
        } else {
            Value::Map(Vec::new())
        };
        Cow::Owned(Node {
            value,
            span: Span { start, end: start },
        })
    }
}

#[cfg(test)]
mod tests;
