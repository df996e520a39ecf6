//! Translations: which file translates which, how a translation's fields are laid
//! over its original's, and how a translation records the text it was made from.
//!
//! A Markdown translation sits beside its original with the language before the
//! extension (`pages/ueber-uns.en.md` translates `pages/ueber-uns.md`) and holds only
//! the fields that differ; the rest comes from the original ([`overlay`]). The YAML
//! data files translate in place: any mapping may hold `translations: {en: {…}}`,
//! whose fields replace the mapping's own in the English site ([`Localize`]). A
//! translation records the original it was made from as `translation_of:` with
//! [`text_hash`] of the original's file, so that an outdated one is found without
//! looking at dates or git.

use super::front_matter::{FrontMatter, split_front_matter};
use crate::diagnostic::{Code, Diagnostic};
use crate::messages::{Language, Msg};
use crate::util::source::SourceFile;
use crate::yaml::{Finding, Node, Tree, Value};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The key of a mapping that holds its translations (YAML data files).
pub(crate) const TRANSLATIONS: &str = "translations";
/// The front-matter key of a translation that names the original's text it was
/// made from.
pub(crate) const TRANSLATION_OF: &str = "translation_of";

/// What the YAML data files are read for: a site with one language keeps
/// `translations:` an unknown field; a site with several drops it for its main
/// language and lays the fields of `to` over the mapping's for another.
#[derive(Debug, Clone, Default)]
pub(crate) struct Localize {
    /// The site's languages besides its main one; empty for a one-language site.
    pub(crate) others: Vec<Language>,
    /// The language read for; `None` for the main language.
    pub(crate) to: Option<Language>,
    /// The site's main language, which the fields a translation does not set keep.
    pub(crate) main: Language,
}

/// The fields of an item or a YAML data entry that its translation does not set and
/// takes over from the original, each with the original's language. The templates
/// mark them (the `lang_of` filter: `<p{{ item | lang_of(field="summary") }}>`, WCAG
/// 3.1.2 language of parts). Empty in the main language, and then not serialized.
pub(crate) type Inherited = BTreeMap<String, Language>;

/// A YAML data entry (a partner, a contact, a document) that records its
/// [`Inherited`] fields.
pub(crate) trait Inherits {
    /// The entry's inherited fields, to fill.
    fn inherited_mut(&mut self) -> &mut Inherited;
}

/// The fields of the mapping `original` that `over` (a translation's fields) does
/// not set, with the language `main`; `translations` and `translation_of` are none.
fn inherited_fields(original: &Node, over: Option<&Node>, main: Language) -> Inherited {
    let Value::Map(entries) = &original.value else {
        return Inherited::new();
    };
    entries
        .iter()
        .filter_map(|e| e.key.as_str())
        .filter(|k| *k != TRANSLATIONS && *k != TRANSLATION_OF)
        .filter(|k| over.and_then(|o| o.get(k)).is_none())
        .map(|k| (k.to_string(), main))
        .collect()
}

impl Localize {
    /// True when the site has one language: nothing is changed.
    fn is_off(&self) -> bool {
        self.others.is_empty()
    }

    /// Applies the translations below `node` (each mapping's `translations:`): drops
    /// them, and lays the fields of the language read for over the mapping's own.
    /// A `translations:` that names another language, or holds no fields, is a finding.
    pub(crate) fn apply(&self, node: &mut Node, findings: &mut Vec<Finding>) {
        if self.is_off() {
            return;
        }
        match &mut node.value {
            Value::List(items) => items.iter_mut().for_each(|n| self.apply(n, findings)),
            Value::Map(entries) => {
                let mut chosen = None;
                if let Some(i) = entries
                    .iter()
                    .position(|e| e.key.as_str() == Some(TRANSLATIONS))
                {
                    let tr = entries.remove(i);
                    chosen = self.pick(&tr.value, findings);
                }
                entries
                    .iter_mut()
                    .for_each(|e| self.apply(&mut e.value, findings));
                if let Some(over) = chosen {
                    overlay(node, &over);
                }
            }
            Value::Null | Value::Scalar(_) => {}
        }
    }

    /// The fields for the language read for from a `translations:` mapping; its
    /// languages are checked whatever is read.
    fn pick<'a>(&self, tr: &Node<'a>, findings: &mut Vec<Finding>) -> Option<Node<'a>> {
        let Value::Map(langs) = &tr.value else {
            findings.push(self.bad_language(tr, ""));
            return None;
        };
        let mut chosen = None;
        for e in langs {
            let code = e.key.as_str().unwrap_or("");
            let known = self.others.iter().find(|l| l.code() == code);
            if known.is_none() || !matches!(e.value.value, Value::Map(_)) {
                findings.push(self.bad_language(&e.key, code));
            } else if known.copied() == self.to {
                chosen = Some(e.value.clone());
            }
        }
        chosen
    }

    /// For a list of mappings (a YAML data file) read in another language than the
    /// main one: each entry's fields that its `translations:` for that language do
    /// not set. Empty for the main language, and for a root that is no list.
    pub(crate) fn inherited(&self, root: &Node) -> Vec<Inherited> {
        let (Some(to), Value::List(items)) = (self.to, &root.value) else {
            return Vec::new();
        };
        items
            .iter()
            .map(|entry| {
                let over = entry.get(TRANSLATIONS).and_then(|t| t.get(to.code()));
                inherited_fields(entry, over, self.main)
            })
            .collect()
    }

    /// True when the translations of the mapping `node` for the language read for
    /// set its field `key` (a list set so holds entries in that language).
    pub(crate) fn sets(&self, node: &Node, key: &str) -> bool {
        self.to.is_some_and(|to| {
            node.get(TRANSLATIONS)
                .and_then(|t| t.get(to.code()))
                .and_then(|t| t.get(key))
                .is_some()
        })
    }

    fn bad_language(&self, at: &Node, written: &str) -> Finding {
        Finding::new(Code::TranslationLanguage, at.span.start, "fix")
            .arg("value", written)
            .arg(
                "languages",
                self.others
                    .iter()
                    .map(|l| l.code())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
    }
}

/// Lays the fields of the mapping `over` over those of the mapping `base`: a field
/// of `over` replaces the one of `base` with its name, or is added.
pub(crate) fn overlay<'a>(base: &mut Node<'a>, over: &Node<'a>) {
    let (Value::Map(entries), Value::Map(new)) = (&mut base.value, &over.value) else {
        return;
    };
    for n in new {
        match entries
            .iter_mut()
            .find(|e| e.key.as_str() == n.key.as_str())
        {
            Some(e) => e.value = n.value.clone(),
            None => entries.push(n.clone()),
        }
    }
}

/// Takes the field `key` out of a mapping and returns its text and where it stood.
pub(crate) fn take_field<'a>(node: &mut Node<'a>, key: &str) -> Option<Node<'a>> {
    let Value::Map(entries) = &mut node.value else {
        return None;
    };
    let i = entries.iter().position(|e| e.key.as_str() == Some(key))?;
    Some(entries.remove(i).value)
}

/// The original of a translation's file and the translation's language:
/// `pages/ueber-uns.en.md` → (`pages/ueber-uns.md`, English), when `en` is one of
/// `others` (the site's languages besides its main one).
pub(crate) fn original_of(rel: &Path, others: &[Language]) -> Option<(PathBuf, Language)> {
    let name = rel.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    let lang = others.iter().find(|l| l.code() == code)?;
    (!base.is_empty()).then(|| (rel.with_file_name(format!("{base}.md")), *lang))
}

/// A warning for a file named like a translation (`pages/a.en.md`) into a language
/// the site does not have (`others`: its languages besides the main one): it is
/// built as a page of its own (`/a-en/`), which is seldom what its editor meant.
/// `main` is the site's main language, `lang` the language of messages.
pub(crate) fn not_a_site_language(
    rel: &Path,
    others: &[Language],
    main: Language,
    lang: Language,
) -> Option<Diagnostic> {
    let (original, found) = original_of(rel, &[Language::De, Language::En])?;
    if found == main || others.contains(&found) {
        return None;
    }
    let name = rel.file_name()?.to_string_lossy();
    let plain = name.replacen(&format!(".{}.md", found.code()), ".md", 1);
    Some(
        Msg::new(Code::TranslationNotASiteLanguage)
            .arg("code", found.code())
            .arg("original", original.to_string_lossy().replace('\\', "/"))
            .arg(
                "plain",
                plain.replace(".md", &format!("-{}.md", found.code())),
            )
            .warning(rel, lang),
    )
}

/// The fingerprint of an original's text that its translation records as
/// `translation_of:`: the first 8 hex digits of the SHA-256 of the file's text (line
/// ends as read). Deterministic on every machine, short enough to copy.
pub(crate) fn text_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// Reads the front matter of the original in `range` of `src` with the translation's
/// (`tr`, split as `tfm`) laid over it, as a `T`. The mistakes are told in the
/// translation's file: the original was read on its own for the main language.
pub(crate) fn read_over<T: DeserializeOwned + JsonSchema + 'static>(
    src: &SourceFile,
    range: Range<usize>,
    tr: &SourceFile,
    tfm: &FrontMatter,
    lang: Language,
    main: Language,
) -> Result<(T, Vec<Diagnostic>, Inherited), Vec<Diagnostic>> {
    let original = Tree::parse_part(&src.text, range);
    let translation = Tree::parse_part(&tr.text, tfm.range.clone());
    if !translation.syntax_findings().is_empty() {
        return crate::yaml::read_tree::<T>(&translation, tr, lang)
            .map(|t| (t, Vec::new(), Inherited::new()));
    }
    let mut over = translation.root().cloned();
    if let Some(o) = over.as_mut() {
        take_field(o, TRANSLATION_OF);
    }
    let inherited = original
        .root()
        .map(|o| inherited_fields(o, over.as_ref(), main))
        .unwrap_or_default();
    let mut merged = original.root().cloned();
    if let (Some(m), Some(o)) = (merged.as_mut(), &over) {
        overlay(m, o);
    }
    super::placeholder::read_tree(&translation.with_root(merged), tr, lang)
        .map(|(t, warnings)| (t, warnings, inherited))
}

/// The findings about the translations of a site: a translation whose original is
/// missing (an error), and one whose original changed since it was made (a warning
/// naming both files and the `translation_of:` to write).
pub(crate) fn check(
    root: &Path,
    originals: &[Vec<PathBuf>],
    translations: &[Vec<(PathBuf, PathBuf, Language)>],
    lang: Language,
) -> Vec<Diagnostic> {
    let all: Vec<(&PathBuf, &PathBuf, bool)> = translations
        .iter()
        .zip(originals)
        .flat_map(|(trs, origs)| trs.iter().map(move |(t, o, _)| (t, o, origs.contains(o))))
        .collect();
    all.par_iter()
        .filter_map(|(t, o, exists)| {
            if !exists {
                return Some(
                    Msg::new(Code::TranslationOrphan)
                        .arg("original", o.to_string_lossy().replace('\\', "/"))
                        .error(t.as_path(), lang),
                );
            }
            outdated(root, t, o, lang)
        })
        .collect()
}

/// The warning for a translation whose `translation_of:` is not the fingerprint of
/// its original's text (or is missing).
fn outdated(root: &Path, tr: &Path, original: &Path, lang: Language) -> Option<Diagnostic> {
    let orig = SourceFile::read(root, original).ok()?;
    let t = SourceFile::read(root, tr).ok()?;
    let fm = split_front_matter(&t).ok()?;
    let tree = Tree::parse_part(&t.text, fm.range.clone());
    let recorded = tree.root().and_then(|r| r.entry(TRANSLATION_OF));
    let hash = text_hash(&orig.text);
    if recorded.and_then(|e| e.value.as_str()) == Some(hash.as_str()) {
        return None;
    }
    let code = if recorded.is_some() {
        Code::TranslationOutdated
    } else {
        Code::TranslationUnrecorded
    };
    let d = Msg::new(code)
        .arg("original", original.to_string_lossy().replace('\\', "/"))
        .arg("hash", hash)
        .warning(tr, lang);
    Some(match recorded {
        Some(e) => d.at(&t.text, e.key.span.start.line, e.key.span.start.column),
        None => d,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_files_name_their_original() {
        let en = [Language::En];
        assert_eq!(
            original_of(Path::new("pages/ueber-uns.en.md"), &en),
            Some((PathBuf::from("pages/ueber-uns.md"), Language::En))
        );
        assert_eq!(original_of(Path::new("pages/ueber-uns.md"), &en), None);
        assert_eq!(original_of(Path::new("pages/a.fr.md"), &en), None);
        assert_eq!(original_of(Path::new("pages/.en.md"), &en), None);
        assert_eq!(original_of(Path::new("pages/a.en.md"), &[]), None);
    }

    #[test]
    fn the_hash_is_stable_and_short() {
        assert_eq!(text_hash("a"), "ca978112");
        assert_ne!(text_hash("a"), text_hash("b"));
    }

    fn localized(text: &str, loc: &Localize) -> (String, Vec<Finding>) {
        let tree = Tree::parse(text);
        let mut root = tree.root().cloned().unwrap();
        let mut findings = Vec::new();
        loc.apply(&mut root, &mut findings);
        let names = match &root.value {
            Value::List(items) => items
                .iter()
                .map(|i| {
                    i.get("name")
                        .and_then(Node::as_str)
                        .unwrap_or("")
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join(","),
            _ => String::new(),
        };
        (names, findings)
    }

    #[test]
    fn data_translations_replace_fields_only_for_their_language() {
        let text = "- name: Kammer\n  translations:\n    en: {name: Chamber}\n- name: Stadt\n";
        let en = Localize {
            others: vec![Language::En],
            to: Some(Language::En),
            main: Language::De,
        };
        let de = Localize {
            others: vec![Language::En],
            to: None,
            main: Language::De,
        };
        assert_eq!(localized(text, &en).0, "Chamber,Stadt");
        assert_eq!(localized(text, &de).0, "Kammer,Stadt");
        let (_, findings) = localized("- name: A\n  translations: {fr: {name: B}}\n", &en);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, Code::TranslationLanguage);
        // A one-language site leaves the field to the reader (an unknown field).
        let (_, findings) = localized(text, &Localize::default());
        assert!(findings.is_empty());
    }
}
