//! A YAML text as a tree whose every node knows where it is written.
//!
//! The parser is granit-parser: it reports each event with its byte offset, line and
//! column (in characters, as an editor counts them; a BOM is not counted, CRLF is one
//! line end) and each syntax error with a machine-readable kind, which
//! [`super::syntax`] turns into a message of the catalogue. Mappings keep their keys
//! in order and keep duplicates, so that a duplicate can be reported where it is.

use super::finding::Finding;
use super::syntax;
use crate::diagnostic::Code;
use granit_parser::{Event, Marker, Options, Parser, ScalarStyle};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// Deepest nesting of lists and mappings; fachwerk's files need four levels.
const MAX_DEPTH: usize = 64;
/// Most nodes one text may expand to through aliases (`*name`), against alias bombs.
const MAX_NODES: usize = 200_000;

/// A place in the file: byte offset, and 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub(crate) struct Pos {
    /// Byte offset into the whole file's text.
    pub byte: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters (a tab is one).
    pub column: usize,
}

/// Where a node is written: from `start` up to, not including, `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub(crate) struct Span {
    /// First character.
    pub start: Pos,
    /// Just after the last character.
    pub end: Pos,
}

impl Span {
    /// The bytes of the file the node covers.
    pub(crate) fn bytes(&self) -> Range<usize> {
        self.start.byte..self.end.byte
    }
}

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Without quotes: `title: Azubi-Lotsen`.
    Plain,
    /// `'…'`
    SingleQuoted,
    /// `"…"`
    DoubleQuoted,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

/// A node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node<'a> {
    /// What it holds.
    pub value: Value<'a>,
    /// Where it is written; an empty value (`key:` and nothing) has an empty span at
    /// the key's colon.
    pub span: Span,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    /// Nothing: an empty value, `~` or `null` written without quotes.
    Null,
    /// A single value.
    Scalar(Scalar<'a>),
    /// A list (`- a` lines or `[a, b]`).
    List(Vec<Node<'a>>),
    /// Fields (`key: value` lines or `{key: value}`), in order, duplicates kept.
    Map(Vec<Entry<'a>>),
}

/// A single value as written, after YAML's quoting and escapes are undone.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scalar<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// Quoted, plain or block.
    pub style: Style,
    /// Written with `!!str`: text even where it looks like a number or `true`.
    pub text_tag: bool,
}

/// A `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry<'a> {
    /// The key node (a scalar for every file fachwerk reads).
    pub key: Node<'a>,
    /// The value node.
    pub value: Node<'a>,
}

impl<'a> Node<'a> {
    /// The text of a scalar node.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(&s.text),
            _ => None,
        }
    }

    /// The value of the first entry named `key`, in a mapping.
    pub(crate) fn get(&self, key: &str) -> Option<&Node<'a>> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|e| e.key.as_str() == Some(key))
                .map(|e| &e.value),
            _ => None,
        }
    }

    /// The entry named `key`, in a mapping: its key gives the line for findings about
    /// the field as a whole.
    pub(crate) fn entry(&self, key: &str) -> Option<&Entry<'a>> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key.as_str() == Some(key)),
            _ => None,
        }
    }

    /// The `i`th item of a list.
    pub(crate) fn item(&self, i: usize) -> Option<&Node<'a>> {
        match &self.value {
            Value::List(items) => items.get(i),
            _ => None,
        }
    }

    fn count(&self) -> usize {
        match &self.value {
            Value::Null | Value::Scalar(_) => 1,
            Value::List(items) => 1 + items.iter().map(Node::count).sum::<usize>(),
            Value::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|e| e.key.count() + e.value.count())
                    .sum::<usize>()
            }
        }
    }
}

/// A parsed YAML text: a whole file, or the front matter of a Markdown file.
#[derive(Debug, Clone)]
pub(crate) struct Tree<'a> {
    /// The whole file's text; positions are relative to it.
    pub text: &'a str,
    /// The bytes of `text` that hold the YAML.
    pub range: Range<usize>,
    root: Option<Node<'a>>,
    syntax: Vec<Finding>,
}

impl<'a> Tree<'a> {
    /// Parses a whole YAML file.
    pub(crate) fn parse(text: &'a str) -> Tree<'a> {
        Tree::parse_part(text, 0..text.len())
    }

    /// Parses the YAML in `range` of a file's `text` (the front matter between the
    /// `---` lines); positions count from the start of the file. A range that does
    /// not fall on character boundaries is read as empty.
    pub(crate) fn parse_part(text: &'a str, range: Range<usize>) -> Tree<'a> {
        let range = if text.get(range.clone()).is_some() {
            range
        } else {
            0..0
        };
        let part = &text[range.clone()];
        let origin = Origin::of(text, range.start);
        let mut builder = Builder::new(origin);
        let mut options = Options::default();
        options.flow_nesting_limit = MAX_DEPTH;
        options.block_nesting_limit = MAX_DEPTH;
        let mut syntax = Vec::new();
        for result in Parser::new_from_str_with_options(part, options) {
            match result {
                Ok((event, span)) => {
                    if let Err(f) = builder.event(event, &span.start, &span.end, part) {
                        syntax.push(f);
                        break;
                    }
                }
                Err(e) => {
                    syntax = syntax::explain(
                        text,
                        &range,
                        &origin.pos(part, e.marker()),
                        &e,
                        &builder.context(),
                    );
                    break;
                }
            }
        }
        let root = if syntax.is_empty() {
            builder.root
        } else {
            None
        };
        Tree {
            text,
            range,
            root,
            syntax,
        }
    }

    /// The root node, `None` when the text did not parse or holds nothing (empty, or
    /// only comments).
    pub(crate) fn root(&self) -> Option<&Node<'a>> {
        self.root.as_ref()
    }

    /// The root node, to change (translations laid over it, `crate::content::translate`).
    pub(crate) fn root_mut(&mut self) -> Option<&mut Node<'a>> {
        self.root.as_mut()
    }

    /// The same text with another root: a translation's front matter laid over its
    /// original's is read as the translation's.
    pub(crate) fn with_root(&self, root: Option<Node<'a>>) -> Tree<'a> {
        Tree {
            text: self.text,
            range: self.range.clone(),
            root,
            syntax: self.syntax.clone(),
        }
    }

    /// The syntax errors (at most one, and what can be said around it); empty when the
    /// text parsed.
    pub(crate) fn syntax_findings(&self) -> &[Finding] {
        &self.syntax
    }

    /// Where an empty document starts: the findings about its missing fields go there.
    pub(crate) fn start(&self) -> Pos {
        Origin::of(self.text, self.range.start).pos_at_start()
    }
}

/// The position of byte `byte` of `text` (moved back to a character boundary).
pub(super) fn pos_at(text: &str, byte: usize) -> Pos {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    Origin::of(text, byte).pos_at_start()
}

/// The number of line ends in `s` (`\n`, `\r\n` or a lone `\r`, as YAML counts
/// them) and the byte where its last line starts.
pub(super) fn line_breaks(s: &str) -> (usize, usize) {
    let bytes = s.as_bytes();
    let (mut count, mut start) = (0, 0);
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
            count += 1;
            start = i + 1;
        }
    }
    (count, start)
}

/// Where the parsed part starts in the file, to turn the parser's positions (relative
/// to the part) into positions in the file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Origin {
    byte: usize,
    lines_before: usize,
    first_line_column: usize,
}

impl Origin {
    fn of(text: &str, start: usize) -> Origin {
        let before = &text[..start];
        let (lines_before, line_start) = line_breaks(before);
        let bom = usize::from(line_start == 0 && before.starts_with('\u{feff}'));
        Origin {
            byte: start,
            lines_before,
            first_line_column: before[line_start..].chars().count() - bom,
        }
    }

    fn pos_at_start(&self) -> Pos {
        Pos {
            byte: self.byte,
            line: self.lines_before + 1,
            column: self.first_line_column + 1,
        }
    }

    /// A parser marker as a position in the file.
    pub(super) fn pos(&self, part: &str, m: &Marker) -> Pos {
        let byte = m.byte_offset().unwrap_or_else(|| {
            part.char_indices()
                .nth(m.index())
                .map_or(part.len(), |(b, _)| b)
        });
        let column = if m.line() <= 1 {
            m.col() + self.first_line_column
        } else {
            m.col()
        };
        Pos {
            byte: self.byte + byte.min(part.len()),
            line: self.lines_before + m.line().max(1),
            column: column + 1,
        }
    }
}

/// What the builder knew when a syntax error struck: the last value read and the key
/// it belongs to, so that the error can be explained in the editor's terms.
#[derive(Debug, Default)]
pub(super) struct Context {
    /// Span of the last scalar read.
    pub last_scalar: Option<Span>,
    /// The last key read, with its position: the value being read, or just read,
    /// belongs to it.
    pub last_key: Option<(String, Pos)>,
}

enum Frame<'a> {
    List {
        start: Pos,
        anchor: usize,
        items: Vec<Node<'a>>,
    },
    Map {
        start: Pos,
        anchor: usize,
        entries: Vec<Entry<'a>>,
        key: Option<Node<'a>>,
    },
}

struct Builder<'a> {
    origin: Origin,
    stack: Vec<Frame<'a>>,
    anchors: HashMap<usize, Node<'a>>,
    nodes: usize,
    documents: usize,
    root: Option<Node<'a>>,
    last_scalar: Option<Span>,
    last_key: Option<(String, Pos)>,
}

impl<'a> Builder<'a> {
    fn new(origin: Origin) -> Self {
        Builder {
            origin,
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            documents: 0,
            root: None,
            last_scalar: None,
            last_key: None,
        }
    }

    fn context(&self) -> Context {
        Context {
            last_scalar: self.last_scalar,
            last_key: self.last_key.clone(),
        }
    }

    fn event(
        &mut self,
        event: Event<'a>,
        start: &Marker,
        end: &Marker,
        part: &str,
    ) -> Result<(), Finding> {
        let span = Span {
            start: self.origin.pos(part, start),
            end: self.origin.pos(part, end),
        };
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Finding::new(Code::YamlMultipleDocuments, span.start, "fix"));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.last_scalar = Some(span);
                let text_tag = tag.as_ref().is_some_and(|t| t.suffix() == "str");
                let value = if style == ScalarStyle::Plain && !text_tag && is_null(&text) {
                    Value::Null
                } else {
                    Value::Scalar(Scalar {
                        text,
                        style: style_of(style),
                        text_tag,
                    })
                };
                self.complete(Node { value, span }, anchor)?;
            }
            Event::SequenceStart(_, anchor, _) => {
                self.open(span)?;
                self.stack.push(Frame::List {
                    start: span.start,
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(_, anchor, _) => {
                self.open(span)?;
                self.stack.push(Frame::Map {
                    start: span.start,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::List {
                        start,
                        anchor,
                        items,
                    }) => (Node::collection(Value::List(items), start, span), anchor),
                    Some(Frame::Map {
                        start,
                        anchor,
                        entries,
                        ..
                    }) => (Node::collection(Value::Map(entries), start, span), anchor),
                    None => return Ok(()),
                };
                self.complete(node, anchor)?;
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Ok(());
                };
                self.nodes += target.count();
                if self.nodes > MAX_NODES {
                    return Err(Finding::new(Code::YamlTooLarge, span.start, "fix"));
                }
                let node = Node {
                    value: target.value.clone(),
                    span,
                };
                self.complete(node, 0)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn open(&mut self, span: Span) -> Result<(), Finding> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Finding::new(Code::YamlTooDeep, span.start, "fix"));
        }
        Ok(())
    }

    /// A node is complete: it goes into the list or mapping being built, or is the root.
    fn complete(&mut self, node: Node<'a>, anchor: usize) -> Result<(), Finding> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(Finding::new(Code::YamlTooLarge, node.span.start, "fix"));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::List { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    if !matches!(node.value, Value::Scalar(_) | Value::Null) {
                        return Err(Finding::new(Code::YamlComplexKey, node.span.start, "fix"));
                    }
                    self.last_key = node.as_str().map(|k| (k.to_string(), node.span.start));
                    *key = Some(node);
                }
                Some(k) => entries.push(Entry {
                    key: k,
                    value: node,
                }),
            },
        }
        Ok(())
    }
}

impl<'a> Node<'a> {
    /// A list or mapping from its start to its end event. A block collection's end
    /// event lies where the next token starts (often lines later), so it ends with its
    /// last child instead; a flow collection ends after its closing bracket.
    fn collection(value: Value<'a>, start: Pos, end_event: Span) -> Node<'a> {
        let last = match &value {
            Value::List(items) => items.last().map(|n| n.span.end),
            Value::Map(entries) => entries.last().map(|e| e.value.span.end),
            _ => None,
        };
        let end = match last {
            Some(l) if end_event.start.line != l.line => l,
            _ => end_event.end,
        };
        Node {
            value,
            span: Span {
                start,
                end: end.max(start),
            },
        }
    }
}

/// YAML 1.2's null, written without quotes.
fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn style_of(s: ScalarStyle) -> Style {
    match s {
        ScalarStyle::Plain => Style::Plain,
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
    }
}

#[cfg(test)]
mod tests;
