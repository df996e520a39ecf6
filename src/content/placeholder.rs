//! The texts `fachwerk new` writes for editors to replace (a representative called
//! Max Mustermann, a hosting provider called "Name des Hosting-Dienstleisters"): left
//! in a file outside a draft, each is a warning of `build` and an error of `check`,
//! so that dummy legal facts never go live through CI.

use super::translate::Localize;
use crate::diagnostic::{Code, Diagnostic};
use crate::messages::{Language, Msg};
use crate::util::source::SourceFile;
use crate::yaml::{Node, Tree, Value};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use std::ops::Range;

/// Parts of the texts that `fachwerk new` (src/scaffold, the collections'
/// skeletons) writes; a test proves each of them is found in a new site.
pub(crate) const PLACEHOLDERS: &[&str] = &[
    "Musterland",
    "Mustermann",
    "Musterstraße",
    "Erika Beispiel",
    "Name des Hosting-Dienstleisters",
    "Name des Trägers",
    "Ort und Anschrift",
    "fachkraefte@example.org",
    "Ein bis zwei Sätze für die Übersicht",
    "Worum es in diesem Aufruf geht",
    "Ein Satz, der die Seite beschreibt",
];

/// Reads the YAML in `range` of `src` as a `T` (see [`crate::yaml::read`]), with
/// the placeholders left in it as warnings; a draft (`draft: true`) has none. Its
/// `translations:` are applied as `loc` says (a site with several languages).
pub(crate) fn read<T: DeserializeOwned + JsonSchema + 'static>(
    src: &SourceFile,
    range: Range<usize>,
    lang: Language,
    loc: &Localize,
) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut tree = Tree::parse_part(&src.text, range);
    let mut findings = Vec::new();
    if let Some(root) = tree.root_mut() {
        loc.apply(root, &mut findings);
    }
    if !findings.is_empty() {
        return Err(findings
            .iter()
            .map(|f| f.to_diagnostic(&src.rel, &src.text, lang))
            .collect());
    }
    read_tree(&tree, src, lang)
}

/// [`read`] of a tree already parsed (and translated).
pub(crate) fn read_tree<T: DeserializeOwned + JsonSchema + 'static>(
    tree: &Tree,
    src: &SourceFile,
    lang: Language,
) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
    let value = crate::yaml::read_tree::<T>(tree, src, lang)?;
    let mut found = Vec::new();
    if let Some(root) = tree.root()
        && root.get("draft").and_then(Node::as_str) != Some("true")
    {
        walk(root, "", src, lang, &mut found);
    }
    Ok((value, found))
}

/// The placeholders below `node`, whose key is `field`.
fn walk(node: &Node, field: &str, src: &SourceFile, lang: Language, found: &mut Vec<Diagnostic>) {
    match &node.value {
        Value::Scalar(s) => {
            if let Some(p) = PLACEHOLDERS.iter().find(|p| s.text.contains(*p)) {
                let at = node.span.start;
                found.push(
                    Msg::new(Code::ContentPlaceholder)
                        .arg("field", field)
                        .arg("value", *p)
                        .warning(&src.rel, lang)
                        .at(&src.text, at.line, at.column),
                );
            }
        }
        Value::List(items) => items.iter().for_each(|i| walk(i, field, src, lang, found)),
        Value::Map(entries) => entries.iter().for_each(|e| {
            walk(&e.value, e.key.as_str().unwrap_or(field), src, lang, found);
        }),
        Value::Null => {}
    }
}
