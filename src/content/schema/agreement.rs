//! The published schemas and the loader agree: every YAML file and front matter of the
//! fixture sites (tests/fixtures/*) and of the example site (content/), and a set of
//! deliberately wrong small files, are checked by a real JSON Schema validator (the
//! `jsonschema` crate, draft 7, as VS Code's YAML extension reads the schemas) and by
//! the loader; the two must accept and reject the same files.
//!
//! The loader rejects some files for reasons no schema can state: a reference to an
//! id of another file, a file that does not exist, one field that depends on another.
//! Those are named by code in [`BEYOND_SCHEMA`]; a file whose only loader errors are of
//! such codes is one the schema accepts.

use super::{AFTER_READING, Json, Language, all};
use crate::content::collection::Collection;
use crate::content::front_matter::split_front_matter;
use crate::content::load::{LoadOptions, load};
use crate::diagnostic::{Code, Severity};
use crate::util::date::Date;
use crate::util::source::SourceFile;
use crate::yaml::{Tree, to_json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Loader errors for reasons a schema cannot express, each with the reason.
const BEYOND_SCHEMA: &[(Code, &str)] = &[
    (
        Code::RefDuplicateId,
        "an id used twice across the entries of a list",
    ),
    (
        Code::RefDuplicatePartner,
        "a partner named twice across the list",
    ),
    (
        Code::RefUnknownContact,
        "an id of contacts.yaml, another file",
    ),
    (
        Code::RefUnknownDocument,
        "an id of documents.yaml, another file",
    ),
    (
        Code::RefUnknownCategory,
        "an id of privacy.yaml's categories, elsewhere in the file",
    ),
    (
        Code::FileMissing,
        "a file under static/ that does not exist",
    ),
    (
        Code::ContentNoAlt,
        "a text alternative required because another field is written",
    ),
    (Code::ContentEndsBeforeStart, "an order between two dates"),
    (
        Code::ContentNoTopic,
        "a topic list that is empty or has only blank entries",
    ),
    (
        Code::ContentNoPlace,
        "location or online: one of two fields",
    ),
    (
        Code::ContentSameAddress,
        "two files with the same page address",
    ),
    (
        Code::ContentReservedAddress,
        "a file name taken by a generated page",
    ),
    (
        Code::ContentNoAddress,
        "a file name without letters or digits",
    ),
    (
        Code::ContentNoSuchDay,
        "a day that is not in the calendar (2026-02-30)",
    ),
    (
        Code::LegalMembership,
        "the partners' roles together (one chair)",
    ),
    (
        Code::LegalDpoNoContact,
        "at least one of three fields, not blank",
    ),
    (
        Code::LegalNoKnownIssues,
        "known issues required unless status is full",
    ),
    (Code::NoticeEmptyText, "a text of only spaces"),
    (Code::SiteBrandContrast, "a colour's contrast on white"),
    (
        Code::SiteMenuPath,
        "a menu path checked against the site's pages",
    ),
    (
        Code::FileTakenFile,
        "an output path taken by a file of static/",
    ),
    (Code::FileTakenPage, "an output path taken by a page"),
    (Code::FileTakenFolder, "an output path taken by a folder"),
    (Code::FileTakenParent, "an output path below a file"),
];

/// The schema of a file of a site, by its path relative to the site; `translation`
/// when it translates another file of the site (`ueber-uns.en.md`).
fn schema_for(rel: &Path, translation: bool) -> Option<&'static str> {
    let name = rel.to_str()?;
    let data = ["site", "partners", "contacts", "documents", "privacy"];
    if let Some(d) = data.iter().find(|d| name == format!("{d}.yaml")) {
        return Some(match *d {
            "site" => "site.schema.json",
            "partners" => "partners.schema.json",
            "contacts" => "contacts.schema.json",
            "documents" => "documents.schema.json",
            _ => "privacy.schema.json",
        });
    }
    if rel.extension()? != "md" {
        return None;
    }
    let folder = rel.components().next()?.as_os_str().to_str()?;
    let c = Collection::of_folder(folder)?;
    Some(if translation {
        c.translation_schema_file()
    } else {
        c.schema_file()
    })
}

/// Whether `rel` translates a file of the site at `root` (in a site of several
/// languages: a file of one language has no other's name).
fn is_translation(root: &Path, rel: &Path) -> bool {
    let others = SourceFile::read(root, Path::new("site.yaml"))
        .map(|src| crate::content::config::other_languages(&src))
        .unwrap_or_default();
    crate::content::translate::original_of(rel, &others)
        .is_some_and(|(original, _)| root.join(original).is_file())
}

/// The validators of every published schema.
fn validators() -> BTreeMap<&'static str, jsonschema::Validator> {
    all(Language::De)
        .into_iter()
        .map(|(name, schema)| {
            let v = jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, v)
        })
        .collect()
}

/// What the schema says of a file: `Ok` or the validator's complaints.
fn schema_verdict(
    validators: &BTreeMap<&'static str, jsonschema::Validator>,
    schema: &str,
    src: &SourceFile,
) -> Result<(), String> {
    let range = if src.rel.extension().is_some_and(|e| e == "md") {
        split_front_matter(src)
            .map_err(|c| format!("no front matter ({})", c.as_str()))?
            .range
    } else {
        0..src.text.len()
    };
    let tree = Tree::parse_part(&src.text, range);
    if let Some(f) = tree.syntax_findings().first() {
        return Err(format!("not YAML ({})", f.code.as_str()));
    }
    let value = match tree.root() {
        // An empty document is no fields (no entries), as the loader reads it.
        None => empty(schema),
        Some(root) if root.value == crate::yaml::Value::Null => empty(schema),
        Some(root) => to_json(root).ok_or("a key written twice")?,
    };
    let v = &validators[schema];
    let errors: Vec<String> = v
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

fn empty(schema: &str) -> Json {
    if schema.ends_with("s.schema.json")
        && schema != "news.schema.json"
        && schema != "privacy.schema.json"
    {
        Json::Array(Vec::new())
    } else {
        Json::Object(Default::default())
    }
}

/// The files of a site that have a schema, relative to it, each with its schema. A
/// translation (`ueber-uns.en.md` beside `ueber-uns.md`) holds only the fields that
/// differ: the loader reads it laid over its original, and its schema requires
/// nothing.
fn schema_files(root: &Path) -> Vec<(PathBuf, &'static str)> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .filter_map(|rel| {
            let schema = schema_for(&rel, is_translation(root, &rel))?;
            Some((rel, schema))
        })
        .collect()
}

/// The loader's errors per file of the site at `root`, by code, read in each of the
/// site's languages (the translations' mistakes are found reading theirs).
fn loader_errors(root: &Path) -> BTreeMap<PathBuf, Vec<&'static str>> {
    let opts = LoadOptions {
        drafts: true,
        scheduled: false,
        base_url: None,
        build_date: Date::parse("2026-03-01").unwrap(),
        lang: Some(Language::En),
        variant: None,
        keep_bodies: true,
    };
    let others = SourceFile::read(root, Path::new("site.yaml"))
        .map(|src| crate::content::config::other_languages(&src))
        .unwrap_or_default();
    let mut out: BTreeMap<PathBuf, Vec<&'static str>> = BTreeMap::new();
    let readings = std::iter::once(None).chain(others.into_iter().map(Some));
    for variant in readings {
        let opts = LoadOptions {
            variant,
            ..opts.clone()
        };
        let diags = match load(root, &opts) {
            Ok((_, d)) | Err(d) => d,
        };
        for d in diags.iter().filter(|d| d.severity == Severity::Error) {
            let codes = out.entry(d.file.clone()).or_default();
            if !codes.contains(&d.code()) {
                codes.push(d.code());
            }
        }
    }
    out
}

/// Whether the loader's errors of a file leave it accepted as far as a schema can say.
fn loader_accepts(codes: &[&'static str]) -> bool {
    codes
        .iter()
        .all(|c| BEYOND_SCHEMA.iter().any(|(b, _)| b.as_str() == *c))
}

/// The sites under `dir` (folders holding a site.yaml).
fn sites(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "site.yaml")
        .filter_map(|e| e.path().parent().map(Path::to_path_buf))
        .collect()
}

#[test]
fn schema_and_loader_agree_on_every_fixture_file() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let validators = validators();
    let mut disagreements = Vec::new();
    let mut checked = 0;
    let mut rejected = 0;
    let mut roots = sites(&manifest.join("tests/fixtures"));
    roots.push(manifest.join("content"));
    for root in roots {
        let errors = loader_errors(&root);
        for (rel, schema) in schema_files(&root) {
            let Ok(src) = SourceFile::read(&root, &rel) else {
                continue;
            };
            let by_schema = schema_verdict(&validators, schema, &src);
            let codes = errors.get(&rel).cloned().unwrap_or_default();
            let by_loader = loader_accepts(&codes);
            checked += 1;
            rejected += usize::from(by_schema.is_err());
            if by_schema.is_ok() != by_loader {
                disagreements.push(format!(
                    "{}: schema {}, loader {} {codes:?}",
                    root.join(&rel).display(),
                    match &by_schema {
                        Ok(()) => "accepts".to_string(),
                        Err(e) => format!("rejects ({e})"),
                    },
                    if by_loader { "accepts" } else { "rejects" },
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    eprintln!("{checked} files, {rejected} rejected");
    assert!(
        checked > 150 && rejected > 5,
        "{checked} files, {rejected} rejected"
    );
}

/// What both the schema and the loader must say of a wrong (or unusual) file.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Both {
    Accept,
    Reject,
    /// Both reject, the loader with this code (a fact of [`AFTER_READING`]).
    RejectWith(Code),
    /// The schema accepts, the loader rejects with this code: one of
    /// [`BEYOND_SCHEMA`], or one the schema states in most cases but not in this
    /// one (`translation/language`: the schema knows fachwerk's languages, only
    /// site.yaml which of them the site translates into).
    Beyond(Code),
}

/// Small changes to a file of tests/fixtures/minimal: the file, the text replaced
/// (empty: the file is new, `with` is all of it), what it becomes, the verdict.
const WRONG_FILES: &[(&str, &str, &str, Both)] = &[
    // A postal code with a leading zero is text for the loader and a number for an
    // editor's tool; both take it.
    (
        "site.yaml",
        "postal_code: 01234",
        "postal_code: 01234",
        Both::Accept,
    ),
    (
        "site.yaml",
        "postal_code: 01234",
        "postal_code: '01234'",
        Both::Accept,
    ),
    (
        "site.yaml",
        "phone: 01234 567-0",
        "phone: 035915251",
        Both::Accept,
    ),
    // Missing required fields, also the legal facts the loader checks after reading.
    (
        "site.yaml",
        "region: Landkreis Testkreis\n",
        "",
        Both::Reject,
    ),
    (
        "site.yaml",
        "privacy:\n  dpo:\n    name: Behördlicher Datenschutzbeauftragter\n    email: datenschutz@example.org\n  server_log_days: 7\n",
        "",
        Both::RejectWith(Code::LegalNoPrivacy),
    ),
    (
        "site.yaml",
        "privacy:\n  dpo:\n    name: Behördlicher Datenschutzbeauftragter\n    email: datenschutz@example.org\n  server_log_days: 7\n",
        "privacy:\n",
        Both::Reject,
    ),
    (
        "site.yaml",
        "  server_log_days: 7\n",
        "",
        Both::RejectWith(Code::LegalNoLogDays),
    ),
    (
        "site.yaml",
        "  dpo:\n    name: Behördlicher Datenschutzbeauftragter\n    email: datenschutz@example.org\n",
        "",
        Both::RejectWith(Code::LegalNoDpo),
    ),
    (
        "site.yaml",
        "accessibility:\n  status: full\n  prepared_on: 2026-01-15\n  method: self_assessment\n",
        "",
        Both::RejectWith(Code::LegalNoAccessibility),
    ),
    (
        "site.yaml",
        "  prepared_on: 2026-01-15\n",
        "",
        Both::RejectWith(Code::LegalNoPreparedOn),
    ),
    (
        "site.yaml",
        "  method: self_assessment\n",
        "",
        Both::RejectWith(Code::LegalNoMethod),
    ),
    // Wrong kinds of value, bad choices, bad dates and colours, unknown fields.
    (
        "site.yaml",
        "server_log_days: 7",
        "server_log_days: sieben",
        Both::Reject,
    ),
    (
        "site.yaml",
        "server_log_days: 7",
        "server_log_days: -7",
        Both::Reject,
    ),
    (
        "site.yaml",
        "status: full",
        "status: komplett",
        Both::Reject,
    ),
    (
        "site.yaml",
        "method: self_assessment",
        "method: selbst",
        Both::Reject,
    ),
    (
        "site.yaml",
        "prepared_on: 2026-01-15",
        "prepared_on: 15/01/2026",
        Both::Reject,
    ),
    (
        "site.yaml",
        "prepared_on: 2026-01-15",
        "prepared_on: 15.1.2026",
        Both::Accept,
    ),
    (
        "site.yaml",
        "prepared_on: 2026-01-15",
        "prepared_on: 2026-02-30",
        Both::Beyond(Code::ContentNoSuchDay),
    ),
    (
        "site.yaml",
        "description: Testseite der Fachkräfteallianz.\n",
        "description: Testseite.\nbrand_color: blau\n",
        Both::Reject,
    ),
    (
        "site.yaml",
        "description: Testseite der Fachkräfteallianz.\n",
        "description: Testseite.\nbrand_color: \"#005a9c\"\n",
        Both::Accept,
    ),
    (
        "site.yaml",
        "description: Testseite der Fachkräfteallianz.\n",
        "description: Testseite.\nfarbe: rot\n",
        Both::Reject,
    ),
    (
        "site.yaml",
        "description: Testseite der Fachkräfteallianz.\n",
        "description:\n  - eins\n",
        Both::Reject,
    ),
    (
        "site.yaml",
        "  city: Teststadt\n",
        "  city: Teststadt\n  stadt: Teststadt\n",
        Both::Reject,
    ),
    (
        "site.yaml",
        "description: Testseite der Fachkräfteallianz.\n",
        "language: deutsch\n",
        Both::Reject,
    ),
    // A contact needs an id in contacts.yaml (not inline in a project).
    (
        "contacts.yaml",
        "- id: ben\n  name: Ben Muster",
        "- name: Ben Muster",
        Both::RejectWith(Code::RefContactWithoutId),
    ),
    (
        "contacts.yaml",
        "- id: ben\n",
        "- id: Ben Muster\n",
        Both::RejectWith(Code::RefBadId),
    ),
    (
        "contacts.yaml",
        "  email: ben@example.org",
        "  emial: ben@example.org",
        Both::Reject,
    ),
    (
        "contacts.yaml",
        "  email: ben@example.org",
        "  phone: 0351 123",
        Both::Accept,
    ),
    (
        "projects/azubi-lotsen.md",
        "contact: anna",
        "contact: { name: Clara Extern, phone: 0351 1234 }",
        Both::Accept,
    ),
    (
        "projects/azubi-lotsen.md",
        "contact: anna",
        "contact: { name: Clara, telefon: 0351 1234 }",
        Both::Reject,
    ),
    (
        "projects/azubi-lotsen.md",
        "funding_amount: 45000",
        "funding_amount: viel",
        Both::Reject,
    ),
    (
        "projects/azubi-lotsen.md",
        "funding_amount: 45000",
        "funding_amount: \"45000\"",
        Both::Reject,
    ),
    (
        "projects/azubi-lotsen.md",
        "funding_amount: 45000",
        "funding_amount: 45000.50",
        Both::Accept,
    ),
    (
        "projects/azubi-lotsen.md",
        "carrier: Bildungswerk Test e. V.\n",
        "",
        Both::Reject,
    ),
    (
        "projects/azubi-lotsen.md",
        "topics: [Berufsorientierung, Ausbildung]",
        "topics: Ausbildung",
        Both::Reject,
    ),
    (
        "projects/azubi-lotsen.md",
        "period: { start: 2025-01-01, end: 2026-12-31 }",
        "period: { start: 2025-01-01 }",
        Both::Reject,
    ),
    (
        "projects/azubi-lotsen.md",
        "period: { start: 2025-01-01, end: 2026-12-31 }",
        "period: 2025",
        Both::Reject,
    ),
    (
        "projects/azubi-lotsen.md",
        "summary: Lotsen",
        "draft: ja\nsummary: Lotsen",
        Both::Reject,
    ),
    (
        "projects/azubi-lotsen.md",
        "summary: Lotsen",
        "draft: false\nsummary: Lotsen",
        Both::Accept,
    ),
    (
        "projects/azubi-lotsen.md",
        "title: Azubi-Lotsen",
        "title: 2026",
        Both::Accept,
    ),
    (
        "news/kurz.md",
        "",
        "---\ntitle: Kurz\ndate: 12.3.2026\nsummary: Eine Meldung.\n---\nText.\n",
        Both::Accept,
    ),
    (
        "news/kurz.md",
        "",
        "---\ntitle: Kurz\ndate: 12.3.2026\n---\nText.\n",
        Both::Reject,
    ),
    (
        "news/kurz.md",
        "",
        "---\ntitle: Kurz\ndate: März 2026\nsummary: Eine Meldung.\n---\nText.\n",
        Both::Reject,
    ),
    (
        "events/treffen.md",
        "",
        "---\ntitle: Treffen\nstart: 2026-03-12 18:00\nonline: true\n---\nText.\n",
        Both::Accept,
    ),
    (
        "events/treffen.md",
        "",
        "---\ntitle: Treffen\nstart: 12.03.2026 18:00 Uhr\nonline: true\n---\nText.\n",
        Both::Accept,
    ),
    (
        "events/treffen.md",
        "",
        "---\ntitle: Treffen\nstart: 12 Uhr\nonline: true\n---\nText.\n",
        Both::Reject,
    ),
    (
        "events/treffen.md",
        "",
        "---\ntitle: Treffen\nstart: 2026-03-12 25:00\nonline: true\n---\nText.\n",
        Both::Reject,
    ),
    (
        "events/treffen.md",
        "",
        "---\ntitle: Treffen\nonline: true\n---\nText.\n",
        Both::Reject,
    ),
    (
        "events/treffen.md",
        "",
        "---\ntitle: Treffen\nstart: 2026-03-12\nonline: ja\n---\nText.\n",
        Both::Reject,
    ),
    (
        "pages/neu.md",
        "",
        "---\ntitle: Neu\nautor: Anna\n---\nText.\n",
        Both::Reject,
    ),
    (
        "pages/neu.md",
        "",
        "---\ntitle: Neu\npublish: 2026-04-01\n---\nText.\n",
        Both::Accept,
    ),
    (
        "pages/neu.md",
        "",
        "---\ntitle: Neu\npublish: morgen\n---\nText.\n",
        Both::Reject,
    ),
    (
        "calls/aufruf-2026.md",
        "title:",
        "titel: Aufruf\ntitle:",
        Both::Reject,
    ),
    (
        "partners.yaml",
        "role: chair",
        "role: vorsitz",
        Both::Reject,
    ),
    (
        "documents.yaml",
        "title:",
        "titel: x\n  title:",
        Both::Reject,
    ),
    (
        "privacy.yaml",
        "",
        "categories:\n  - id: karten\n    title: Karten\n    required: ja\n",
        Both::Reject,
    ),
    (
        "privacy.yaml",
        "",
        "categories:\n  - id: karten\n    title: Karten\n    required: false\n",
        Both::Accept,
    ),
    // What the loader rejects for reasons beyond a schema.
    (
        "projects/azubi-lotsen.md",
        "contact: anna",
        "contact: niemand",
        Both::Beyond(Code::RefUnknownContact),
    ),
    (
        "documents.yaml",
        "file: docs/konzept.pdf",
        "file: docs/fehlt.pdf",
        Both::Beyond(Code::FileMissing),
    ),
    (
        "events/treffen.md",
        "",
        "---\ntitle: Treffen\nstart: 2026-03-12\n---\nText.\n",
        Both::Beyond(Code::ContentNoPlace),
    ),
    (
        "site.yaml",
        "    email: datenschutz@example.org\n",
        "",
        Both::Beyond(Code::LegalDpoNoContact),
    ),
    (
        "site.yaml",
        "status: full",
        "status: partial",
        Both::Beyond(Code::LegalNoKnownIssues),
    ),
    (
        "projects/azubi-lotsen.md",
        "end: 2026-12-31",
        "end: 2024-12-31",
        Both::Beyond(Code::ContentEndsBeforeStart),
    ),
];

/// What the schema and the loader say of each of `cases`, each tried on a fresh
/// copy of tests/fixtures/minimal (in German and English when `bilingual`): the
/// cases on which they disagree.
fn disagreements(cases: &[(&str, &str, &str, Both)], bilingual: bool) -> Vec<String> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    let validators = validators();
    let mut disagreements = Vec::new();
    for (file, from, to, both) in cases {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture, dir.path());
        if bilingual {
            let site = dir.path().join("site.yaml");
            let text = std::fs::read_to_string(&site).unwrap();
            std::fs::write(&site, format!("languages: [de, en]\n{text}")).unwrap();
        }
        let path = dir.path().join(file);
        let text = if from.is_empty() {
            to.to_string()
        } else {
            let old = std::fs::read_to_string(&path).unwrap();
            assert!(old.contains(from), "{file} has no `{from}`");
            old.replacen(from, to, 1)
        };
        std::fs::write(&path, &text).unwrap();
        let src = SourceFile::read(dir.path(), Path::new(file)).unwrap();
        let schema = schema_for(Path::new(file), is_translation(dir.path(), Path::new(file)));
        let by_schema = schema_verdict(&validators, schema.unwrap(), &src);
        let codes = loader_errors(dir.path())
            .remove(Path::new(file))
            .unwrap_or_default();
        let by_loader = loader_accepts(&codes);
        let agree = match both {
            Both::Accept => by_schema.is_ok() && codes.is_empty(),
            Both::Reject => by_schema.is_err() && !by_loader,
            Both::RejectWith(code) => {
                by_schema.is_err() && !by_loader && codes.contains(&code.as_str())
            }
            Both::Beyond(code) => {
                by_schema.is_ok()
                    && codes.contains(&code.as_str())
                    && (by_loader || loader_accepts(&codes_but(&codes, *code)))
            }
        };
        if !agree {
            disagreements.push(format!(
                "{file} `{to}`: expected {both:?}; schema {by_schema:?}, loader {codes:?}"
            ));
        }
    }
    disagreements
}

/// `codes` without `code`.
fn codes_but(codes: &[&'static str], code: Code) -> Vec<&'static str> {
    codes
        .iter()
        .copied()
        .filter(|c| *c != code.as_str())
        .collect()
}

#[test]
fn schema_and_loader_agree_on_wrong_files() {
    let disagreements = disagreements(WRONG_FILES, false);
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    // Every fact the published schema takes from the loader's later checks is tried.
    for (_, ty, field, _, code) in AFTER_READING {
        assert!(
            WRONG_FILES
                .iter()
                .any(|(.., both)| *both == Both::RejectWith(*code)),
            "no wrong file for {ty}.{field} ({})",
            code.as_str()
        );
    }
}

/// Translations on a site in German and English (tests/fixtures/minimal with
/// `languages: [de, en]`), as [`WRONG_FILES`]: a translated mapping of a YAML file
/// holds the mapping's own fields, checked alike; a translation's front matter holds
/// any of its collection's fields, none required, and `translation_of`.
const TRANSLATED_FILES: &[(&str, &str, &str, Both)] = &[
    (
        "partners.yaml",
        "  short_name: IHK\n",
        "  short_name: IHK\n  translations:\n    en: { name: Chamber of Commerce, description: Advises businesses. }\n",
        Both::Accept,
    ),
    (
        "partners.yaml",
        "  short_name: IHK\n",
        "  short_name: IHK\n  translations:\n    en: { role: boss }\n",
        Both::Reject,
    ),
    (
        "partners.yaml",
        "  short_name: IHK\n",
        "  short_name: IHK\n  translations:\n    en: { nickname: Chamber }\n",
        Both::Reject,
    ),
    (
        "partners.yaml",
        "  short_name: IHK\n",
        "  short_name: IHK\n  translations:\n    en: Chamber\n",
        Both::Reject,
    ),
    (
        "partners.yaml",
        "  short_name: IHK\n",
        "  short_name: IHK\n  translations:\n    fr: { name: Chambre }\n",
        Both::Reject,
    ),
    // German is a language, but not one this site translates into.
    (
        "partners.yaml",
        "  short_name: IHK\n",
        "  short_name: IHK\n  translations:\n    de: { name: Kammer }\n",
        Both::Beyond(Code::TranslationLanguage),
    ),
    (
        "contacts.yaml",
        "  function: Geschäftsstelle\n",
        "  function: Geschäftsstelle\n  translations: { en: { function: Office } }\n",
        Both::Accept,
    ),
    (
        "pages/ueber-uns.en.md",
        "",
        "---\ntitle: About us\ntranslation_of: 3f2a9c1b\n---\nWho we are.\n",
        Both::Accept,
    ),
    // A number to the editor's tool, text to the loader.
    (
        "pages/ueber-uns.en.md",
        "",
        "---\ntitle: About us\ntranslation_of: 12345678\n---\n",
        Both::Accept,
    ),
    // Only what differs: the title stays the original's.
    (
        "pages/ueber-uns.en.md",
        "",
        "---\ndescription: Who we are.\n---\n",
        Both::Accept,
    ),
    (
        "pages/ueber-uns.en.md",
        "",
        "---\ntitle: About us\nauthor: Anna\n---\n",
        Both::Reject,
    ),
    (
        "projects/azubi-lotsen.en.md",
        "",
        "---\nsummary: Guides for apprentices.\nfunding_amount: many\n---\n",
        Both::Reject,
    ),
    (
        "events/fachkraeftetag.en.md",
        "",
        "---\ntitle: Skilled workers' day\nstart: tomorrow\n---\n",
        Both::Reject,
    ),
];

#[test]
fn schema_and_loader_agree_on_translations() {
    let disagreements = disagreements(TRANSLATED_FILES, true);
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}
