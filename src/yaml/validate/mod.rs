//! Walks a YAML tree beside the shapes of its Rust type and collects every mistake,
//! each at its node: unknown fields (with "did you mean" and the hint when the key
//! belongs to a neighbouring mapping), wrong kinds of value, values not among the
//! allowed ones, missing required fields (at the mapping that lacks them), duplicate
//! keys (at the duplicate), and dates, times and colours the loader cannot read.

use super::finding::Finding;
use super::scalar;
use super::shape::{Field, Format, Schema, Shape, ShapeId};
use super::syntax::{invisible_finding, invisible_word, is_smart_quote, missing_space};
use super::tree::{Entry, Node, Pos, Value};
use crate::diagnostic::did_you_mean;
use crate::diagnostic::{Arg, Code, Word};
use crate::util::date::{Date, DateTime};
use std::collections::HashMap;

/// Every mistake of `root` (a node of the file `text`) against `schema`.
pub(super) fn validate(schema: &Schema, text: &str, root: &Node) -> Vec<Finding> {
    let mut v = Validator {
        schema,
        text,
        out: Vec::new(),
    };
    let place = Place {
        field: "",
        key: None,
        parent: None,
    };
    v.check(schema.root(), root, &place);
    v.out
}

/// Where a node sits: the key it is the value of (for messages and positions) and
/// the mapping around it (to tell a key indented too far).
struct Place<'p, 'a> {
    field: &'p str,
    key: Option<Pos>,
    parent: Option<(&'p [Field], &'p [Entry<'a>])>,
}

impl Place<'_, '_> {
    fn is_root(&self) -> bool {
        self.key.is_none() && self.field.is_empty()
    }
}

struct Validator<'s, 't> {
    schema: &'s Schema,
    text: &'t str,
    out: Vec<Finding>,
}

impl Validator<'_, '_> {
    fn check(&mut self, id: ShapeId, node: &Node, place: &Place) {
        let shape = self.schema.get(id);
        match (shape, &node.value) {
            (Shape::Any, _) | (Shape::Null, Value::Null) | (Shape::Nullable(_), Value::Null) => {}
            (Shape::Nullable(inner), _) => self.check(*inner, node, place),
            (Shape::Union(branches), _) => {
                match branches.iter().find(|b| self.accepts(**b, &node.value)) {
                    Some(b) => self.check(*b, node, place),
                    None => self.wrong_type(id, node, place),
                }
            }
            (Shape::List(_), Value::Null) => {}
            (Shape::List(item), Value::List(items)) => {
                for i in items {
                    let p = Place {
                        field: place.field,
                        key: Some(i.span.start),
                        parent: None,
                    };
                    self.check(*item, i, &p);
                }
            }
            (Shape::Object { fields, closed }, Value::Map(entries)) => {
                self.object(fields, *closed, node, entries, place)
            }
            (Shape::Object { .. }, Value::Scalar(s)) => {
                match missing_space(self.text, node.span.start.byte, &s.text)
                    .filter(|_| self.source(node) == Some(&*s.text))
                {
                    Some(f) => self.out.push(f),
                    None => self.wrong_type(id, node, place),
                }
            }
            (_, Value::Null) => self.empty(id, node, place),
            (Shape::Text(format), Value::Scalar(s)) => {
                if let Some(f) = format {
                    self.format(*f, &s.text, node);
                }
            }
            (Shape::Bool, Value::Scalar(s)) if scalar::boolean(s).is_some() => {}
            (Shape::Number { integer, min, max }, Value::Scalar(s)) => {
                let value = if *integer {
                    scalar::integer(s).map(|i| i as f64)
                } else {
                    scalar::number(s)
                };
                match value {
                    None => self.wrong_type(id, node, place),
                    Some(v) if min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) => {
                        self.out.push(
                            Finding::new(Code::ContentNumberRange, node.span.start, "fix")
                                .arg("field", place.field)
                                .arg("value", &*s.text)
                                .arg("min", bound(*min))
                                .arg("max", bound(*max)),
                        );
                    }
                    Some(_) => {}
                }
            }
            (Shape::Enum(allowed), Value::Scalar(s)) => {
                if !allowed.iter().any(|a| *a == *s.text) {
                    self.invalid_value(allowed, &s.text, node, place);
                }
            }
            _ => self.wrong_type(id, node, place),
        }
    }

    /// Whether a branch of a union takes this kind of node.
    fn accepts(&self, id: ShapeId, value: &Value) -> bool {
        match (self.schema.get(id), value) {
            (Shape::Any, _) | (Shape::Null, Value::Null) | (Shape::Nullable(_), Value::Null) => {
                true
            }
            (Shape::Nullable(inner), v) => self.accepts(*inner, v),
            (Shape::Union(bs), v) => bs.iter().any(|b| self.accepts(*b, v)),
            (Shape::List(_), Value::List(_)) | (Shape::Object { .. }, Value::Map(_)) => true,
            (
                Shape::Text(_) | Shape::Number { .. } | Shape::Bool | Shape::Enum(_),
                Value::Scalar(_),
            ) => true,
            _ => false,
        }
    }

    fn object(
        &mut self,
        fields: &[Field],
        closed: bool,
        node: &Node,
        entries: &[Entry],
        place: &Place,
    ) {
        let mut first = Seen::new(entries.len());
        let (moved, emptied) = self.not_indented(fields, entries);
        for (i, e) in entries.iter().enumerate() {
            if moved.contains(&i) {
                continue;
            }
            let Some(key) = e.key.as_str() else {
                self.out
                    .push(Finding::new(Code::YamlComplexKey, e.key.span.start, "fix"));
                continue;
            };
            if let Some(line) = first.line(key) {
                self.out.push(
                    Finding::new(Code::ContentDuplicateKey, e.key.span.start, "fix")
                        .arg("field", key)
                        .arg("first_line", line),
                );
                continue;
            }
            first.insert(key, e.key.span.start.line);
            if emptied.contains(&i) {
                continue;
            }
            match fields.iter().find(|f| f.name == key) {
                Some(f) => {
                    let p = Place {
                        field: key,
                        key: Some(e.key.span.start),
                        parent: Some((fields, entries)),
                    };
                    self.check(f.shape, &e.value, &p);
                }
                None if closed => self.unknown_field(key, &e.key, fields, entries, place),
                None => {}
            }
        }
        let at = place.key.unwrap_or(node.span.start);
        for f in fields.iter().filter(|f| f.required) {
            if first.line(&f.name).is_none() {
                let finding = self.with_kind(
                    Finding::new(Code::ContentMissingField, at, "text").arg("field", &*f.name),
                    f.shape,
                );
                self.out.push(finding);
            }
        }
    }

    /// Keys written at the start of the line below a key that wants fields and has
    /// none (`period:` then `start: …` not indented): one finding at the first of them,
    /// naming the mistake as indentation. Returns the entries of the keys that belong
    /// below (not to be reported again as unknown fields) and of the emptied key (not
    /// to be reported as empty).
    fn not_indented(&mut self, fields: &[Field], entries: &[Entry]) -> (Vec<usize>, Vec<usize>) {
        let (mut moved, mut emptied) = (Vec::new(), Vec::new());
        for (i, e) in entries.iter().enumerate() {
            let Some(field) = e
                .key
                .as_str()
                .and_then(|k| fields.iter().find(|f| f.name == k))
            else {
                continue;
            };
            if e.value.value != Value::Null
                || !self.schema.words(field.shape).contains(&Word::Fields)
            {
                continue;
            }
            let inner = self.schema.fields_within(field.shape);
            let below: Vec<(usize, &str)> = entries[i + 1..]
                .iter()
                .enumerate()
                .map_while(|(j, b)| {
                    let k = b.key.as_str()?;
                    let belongs =
                        inner.iter().any(|f| f.name == k) && !fields.iter().any(|f| f.name == k);
                    belongs.then_some((i + 1 + j, k))
                })
                .collect();
            let Some((j, first)) = below.first() else {
                continue;
            };
            self.out.push(
                Finding::new(Code::YamlNotIndented, entries[*j].key.span.start, "fix")
                    .arg("field", *first)
                    .arg("parent", &*field.name)
                    .arg(
                        "fields",
                        Arg::List(below.iter().map(|(_, k)| k.to_string()).collect()),
                    ),
            );
            moved.extend(below.iter().map(|(j, _)| *j));
            emptied.push(i);
        }
        (moved, emptied)
    }

    fn unknown_field(
        &mut self,
        key: &str,
        key_node: &Node,
        fields: &[Field],
        entries: &[Entry],
        place: &Place,
    ) {
        if let Some(f) = self.invisible(key_node, key) {
            self.out.push(f);
            return;
        }
        let at = key_node.span.start;
        let f = Finding::new(Code::ContentUnknownField, at, "allowed").arg("field", key);
        // Indented too little: the key is a field of a neighbouring key's mapping.
        let before = entries
            .iter()
            .rev()
            .filter(|e| e.key.span.start.byte < at.byte)
            .chain(entries.iter().filter(|e| e.key.span.start.byte > at.byte));
        for e in before {
            let Some(name) = e.key.as_str() else { continue };
            let Some(field) = fields.iter().find(|f| f.name == name) else {
                continue;
            };
            if self
                .schema
                .fields_within(field.shape)
                .iter()
                .any(|f| f.name == key)
            {
                self.out.push(f.hinted("belongs-under").arg("parent", name));
                return;
            }
        }
        // Indented too far: the key is a field of the mapping around this one.
        if let Some((outer, outer_entries)) = place.parent
            && outer.iter().any(|f| f.name == key)
            && !outer_entries.iter().any(|e| e.key.as_str() == Some(key))
        {
            self.out
                .push(f.hinted("belongs-beside").arg("parent", place.field));
            return;
        }
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        let f = match did_you_mean(key, &names) {
            Some(s) => f.hinted("did-you-mean").arg("suggestion", s),
            None if names.is_empty() => f.hinted("nothing-allowed"),
            None => f.arg(
                "allowed",
                Arg::List(names.iter().map(|n| n.to_string()).collect()),
            ),
        };
        self.out.push(f);
    }

    fn invalid_value(&mut self, allowed: &[String], value: &str, node: &Node, place: &Place) {
        if let Some(f) = self
            .invisible(node, value)
            .or_else(|| smart_quoted(node, value))
        {
            self.out.push(f);
            return;
        }
        let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
        let f = Finding::new(Code::ContentInvalidValue, node.span.start, "allowed")
            .arg("field", place.field)
            .arg("value", value)
            .arg("allowed", Arg::List(allowed.to_vec()));
        let f = match did_you_mean(value, &names) {
            Some(s) => f.hinted("did-you-mean").arg("suggestion", s),
            None => f,
        };
        self.out.push(f);
    }

    fn format(&mut self, format: Format, value: &str, node: &Node) {
        let ok = match format {
            Format::Date => Date::parse(value).is_ok(),
            Format::DateTime => DateTime::parse(value).is_ok(),
            Format::Colour => crate::util::colour::parse_hex_color(value).is_some(),
        };
        if ok {
            return;
        }
        if let Some(f) = self
            .invisible(node, value)
            .or_else(|| smart_quoted(node, value))
        {
            self.out.push(f);
            return;
        }
        let at = node.span.start;
        let f = match format {
            Format::Colour => {
                Finding::new(Code::ContentInvalidColour, at, "fix").arg("value", value)
            }
            Format::Date => date_finding(value, at),
            Format::DateTime => {
                let v = value.trim();
                match v.find(['T', ' ']) {
                    Some(i) if Date::parse(&v[..i]).is_ok() => {
                        time_finding(&v[..i], &v[i + 1..], at)
                    }
                    _ => date_finding(v.split([' ', 'T']).next().unwrap_or(v), at),
                }
            }
        };
        self.out.push(f);
    }

    fn empty(&mut self, id: ShapeId, node: &Node, place: &Place) {
        if place.is_root() {
            return self.wrong_type(id, node, place);
        }
        let at = place.key.unwrap_or(node.span.start);
        let f = Finding::new(Code::ContentEmptyValue, at, "text").arg("field", place.field);
        let f = self.with_kind(f, id);
        self.out.push(f);
    }

    fn wrong_type(&mut self, id: ShapeId, node: &Node, place: &Place) {
        if let Value::Scalar(s) = &node.value
            && let Some(f) = self
                .invisible(node, &s.text)
                .or_else(|| smart_quoted(node, &s.text))
        {
            self.out.push(f);
            return;
        }
        let found = match node.value {
            Value::Null => Word::Nothing,
            Value::Scalar(_) => Word::Text,
            Value::List(_) => Word::List,
            Value::Map(_) => Word::Fields,
        };
        let words = self.schema.words(id);
        let at = match node.value {
            Value::Null => place.key.unwrap_or(node.span.start),
            _ => node.span.start,
        };
        let f = if place.is_root() {
            let hint = if words.contains(&Word::List) {
                "list"
            } else {
                "fields"
            };
            Finding::new(Code::ContentWrongRoot, at, hint)
        } else {
            let f = Finding::new(Code::ContentWrongType, at, "text").arg("field", place.field);
            self.with_kind(f, id)
        };
        self.out
            .push(f.arg("expected", Arg::Words(words)).arg("found", found));
    }

    /// Sets the hint that shows an example of the kind `id` expects.
    fn with_kind(&self, f: Finding, id: ShapeId) -> Finding {
        let word = self.schema.words(id).first().copied().unwrap_or(Word::Text);
        let f = f.hinted(word.hint());
        match self.schema.allowed(id) {
            Some(values) if word == Word::OneOf => f.arg("allowed", Arg::List(values.to_vec())),
            _ => f,
        }
    }

    /// An invisible space in `text`, the value of `node`, located in the source.
    fn invisible(&self, node: &Node, text: &str) -> Option<Finding> {
        let c = text.chars().find(|c| invisible_word(*c).is_some())?;
        let at = self
            .source(node)
            .and_then(|src| src.find(c))
            .map_or(node.span.start, |i| {
                super::tree::pos_at(self.text, node.span.start.byte + i)
            });
        Some(invisible_finding(at, c))
    }

    /// The source text a node covers, when its span is valid.
    fn source(&self, node: &Node) -> Option<&str> {
        self.text.get(node.span.bytes())
    }
}

/// The keys of a mapping seen so far, with the line of each: a short list searched
/// in order for the few keys of fachwerk's mappings, a hash map for long ones.
enum Seen<'k> {
    Few(Vec<(&'k str, usize)>),
    Many(HashMap<&'k str, usize>),
}

impl<'k> Seen<'k> {
    fn new(len: usize) -> Self {
        if len <= 32 {
            Seen::Few(Vec::with_capacity(len))
        } else {
            Seen::Many(HashMap::with_capacity(len))
        }
    }

    fn line(&self, key: &str) -> Option<usize> {
        match self {
            Seen::Few(v) => v.iter().find(|(k, _)| *k == key).map(|(_, l)| *l),
            Seen::Many(m) => m.get(key).copied(),
        }
    }

    fn insert(&mut self, key: &'k str, line: usize) {
        match self {
            Seen::Few(v) => v.push((key, line)),
            Seen::Many(m) => {
                m.insert(key, line);
            }
        }
    }
}

fn smart_quoted(node: &Node, text: &str) -> Option<Finding> {
    let q = text.trim().chars().next().filter(|c| is_smart_quote(*c))?;
    Some(Finding::new(Code::YamlSmartQuotes, node.span.start, "fix").arg("quote", q.to_string()))
}

/// A date that could not be read: a day the calendar lacks, or no date at all.
fn date_finding(value: &str, at: Pos) -> Finding {
    let v = value.trim();
    let parts: Vec<&str> = v.split(['-', '.']).collect();
    let shaped = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
    let code = if shaped {
        Code::ContentNoSuchDay
    } else {
        Code::ContentInvalidDate
    };
    Finding::new(code, at, "fix").arg("value", v)
}

/// A date with a time that could not be read; `12 Uhr` is told `12:00`.
fn time_finding(date: &str, time: &str, at: Pos) -> Finding {
    let time = time.trim();
    let hour: String = time.chars().take_while(char::is_ascii_digit).collect();
    let f = Finding::new(Code::ContentInvalidTime, at, "fix").arg("time", time);
    match hour.parse::<u8>() {
        Ok(h) if h < 24 && !time.contains(':') => f
            .hinted("uhr")
            .arg("suggestion", format!("{date} {h:02}:00")),
        _ => f,
    }
}

fn bound(b: Option<f64>) -> String {
    b.map_or_else(|| "…".into(), |v| format!("{v}"))
}

impl Finding {
    /// The same finding with another hint variant.
    fn hinted(mut self, hint: &'static str) -> Finding {
        self.hint = Some(hint);
        self
    }
}

#[cfg(test)]
mod tests;
