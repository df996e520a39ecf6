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

// The positioned tree and its validator are the foundation of issue 14, which wires
// them into the loader; until then only the message catalogue reads YAML with them.
#[cfg(test)]
mod bench;
#[allow(dead_code, reason = "wired into the loader by issue 14")]
mod de;
#[allow(dead_code, reason = "wired into the loader by issue 14")]
mod finding;
mod legacy;
#[allow(dead_code, reason = "wired into the loader by issue 14")]
mod scalar;
#[allow(dead_code, reason = "wired into the loader by issue 14")]
mod shape;
#[allow(dead_code, reason = "wired into the loader by issue 14")]
mod syntax;
#[allow(dead_code, reason = "wired into the loader by issue 14")]
pub(crate) mod tree;
#[allow(dead_code, reason = "wired into the loader by issue 14")]
mod validate;

#[allow(unused_imports, reason = "wired into the loader by issue 14")]
pub(crate) use de::Error as ReadError;
pub(crate) use finding::Finding;
pub(crate) use legacy::{is_forbidden_char, parse, parse_list};
#[allow(unused_imports, reason = "wired into the loader by issue 14")]
pub(crate) use shape::{FORMAT_KEYWORD, Schema};
#[allow(unused_imports, reason = "wired into the loader by issue 14")]
pub(crate) use tree::{Entry, Node, Pos, Scalar, Span, Style, Tree, Value};

use crate::diagnostic::Code;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use std::borrow::Cow;

#[allow(dead_code, reason = "wired into the loader by issue 14")]
impl<'a> Tree<'a> {
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
