//! What can still be said of a file that could not be read: the ids a list file
//! gives and the references an item makes, read from its YAML tree. The loader keeps
//! them, so that an unknown contact id or a duplicate id is reported in the same run
//! as the file's other mistakes, not after they are fixed.

use crate::util::source::SourceFile;
use crate::yaml::{Tree, Value};
use std::ops::Range;
use std::path::PathBuf;

/// A reference written in an item that could not be read.
#[derive(Debug, Clone)]
pub(crate) struct LooseRef {
    /// The item's file.
    pub file: PathBuf,
    /// The key it is written under: `contact`, `submit_to` or `documents`.
    pub key: &'static str,
    /// The id as written.
    pub id: String,
}

/// The keys of an item that name a contact or a document by id.
const REF_KEYS: [&str; 3] = ["contact", "submit_to", "documents"];

/// The references written at the top level of the YAML in `range` of `src`.
pub(crate) fn refs(src: &SourceFile, range: Range<usize>) -> Vec<LooseRef> {
    let tree = Tree::parse_part(&src.text, range);
    let Some(root) = tree.root() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in REF_KEYS {
        let Some(node) = root.get(key) else { continue };
        let ids: Vec<&str> = match &node.value {
            Value::Scalar(_) => node.as_str().into_iter().collect(),
            Value::List(items) => items.iter().filter_map(|n| n.as_str()).collect(),
            _ => Vec::new(),
        };
        out.extend(ids.into_iter().map(|id| LooseRef {
            file: src.rel.clone(),
            key,
            id: id.to_string(),
        }));
    }
    out
}

/// The `id`s of the entries of a list file, in order (an entry without one gives
/// none).
pub(crate) fn ids(src: &SourceFile) -> Vec<String> {
    let tree = Tree::parse(&src.text);
    match tree.root().map(|r| &r.value) {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|i| i.get("id").and_then(|n| n.as_str()))
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_ids_are_read_from_files_that_do_not_read() {
        let text = "---\ntitle: T\nsubmit_to: bernd\ndocuments: [a, b]\nfoo: [\n---\n";
        let src = SourceFile::from_bytes("calls/x.md".into(), text.as_bytes().to_vec()).unwrap();
        // A syntax error leaves nothing to read.
        assert!(refs(&src, 4..text.len() - 4).is_empty());
        let text = "---\ntitle: T\nsubmit_to: bernd\ndocuments: [a, b]\nwrong: 1\n---\n";
        let src = SourceFile::from_bytes("calls/x.md".into(), text.as_bytes().to_vec()).unwrap();
        let found: Vec<(&str, String)> = refs(&src, 4..text.len() - 4)
            .into_iter()
            .map(|r| (r.key, r.id))
            .collect();
        assert_eq!(
            found,
            [
                ("submit_to", "bernd".to_string()),
                ("documents", "a".to_string()),
                ("documents", "b".to_string())
            ]
        );
        let list = SourceFile::from_bytes(
            "contacts.yaml".into(),
            b"- id: a\n  emial: x\n- name: B\n- id: a\n".to_vec(),
        )
        .unwrap();
        assert_eq!(ids(&list), ["a", "a"]);
    }
}
