//! The YAML layer as a whole: the validator and the typed reading agree on every
//! fixture file and on wrong files (valid ⇔ reads), several mistakes of one file are all reported where they
//! are, and no input panics or yields a finding outside its text.

use super::*;
use crate::content::config::Config;
use crate::content::front_matter::split_front_matter;
use crate::content::model::*;
use crate::messages::Language;
use crate::messages::catalogue;
use crate::util::source::SourceFile;
use proptest::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What a file of a site is read as.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Site,
    Partners,
    Contacts,
    Documents,
    Privacy,
    Page,
    Project,
    Call,
    News,
    Event,
}

impl Kind {
    fn of(rel: &Path) -> Option<Kind> {
        let s = rel.to_string_lossy().replace('\\', "/");
        Some(match s.as_str() {
            "site.yaml" => Kind::Site,
            "partners.yaml" => Kind::Partners,
            "contacts.yaml" => Kind::Contacts,
            "documents.yaml" => Kind::Documents,
            "privacy.yaml" => Kind::Privacy,
            _ if !s.ends_with(".md") => return None,
            _ if s.starts_with("pages/") => Kind::Page,
            _ if s.starts_with("projects/") => Kind::Project,
            _ if s.starts_with("calls/") => Kind::Call,
            _ if s.starts_with("news/") => Kind::News,
            _ if s.starts_with("events/") => Kind::Event,
            _ => return None,
        })
    }

    fn front_matter(self) -> bool {
        matches!(
            self,
            Kind::Page | Kind::Project | Kind::Call | Kind::News | Kind::Event
        )
    }
}

/// What the layer says about one document as a `T`.
struct Verdict {
    findings: Vec<Finding>,
    /// The typed reading on its own, without the validator.
    reads: bool,
    /// `read` (validator, then typed reading), serialised for comparison.
    value: Option<serde_json::Value>,
}

fn verdict<T>(doc: &Tree) -> Verdict
where
    T: DeserializeOwned + JsonSchema + Serialize + 'static,
{
    let findings = doc.check::<T>();
    let reads = doc.syntax_findings().is_empty() && {
        let schema = Schema::of::<T>();
        T::deserialize(de::NodeDe(&doc.root_or_empty(&schema))).is_ok()
    };
    let value = doc
        .read::<T>()
        .ok()
        .and_then(|v| serde_json::to_value(v).ok());
    Verdict {
        findings,
        reads,
        value,
    }
}

macro_rules! by_kind {
    ($kind:expr, $f:ident, $($arg:expr),*) => {
        match $kind {
            Kind::Site => $f::<Config>($($arg),*),
            Kind::Partners => $f::<Vec<Partner>>($($arg),*),
            Kind::Contacts => $f::<Vec<Contact>>($($arg),*),
            Kind::Documents => $f::<Vec<Document>>($($arg),*),
            Kind::Privacy => $f::<Privacy>($($arg),*),
            Kind::Page => $f::<Page>($($arg),*),
            Kind::Project => $f::<Project>($($arg),*),
            Kind::Call => $f::<Call>($($arg),*),
            Kind::News => $f::<News>($($arg),*),
            Kind::Event => $f::<Event>($($arg),*),
        }
    };
}

/// The YAML part of a file's text: the whole of a data file, the front matter of a
/// Markdown file (`None` when it has none).
fn yaml_range(kind: Kind, text: &str) -> Option<std::ops::Range<usize>> {
    if !kind.front_matter() {
        return Some(0..text.len());
    }
    let src = SourceFile {
        rel: PathBuf::from("x.md"),
        text: text.to_string(),
    };
    let fm = split_front_matter(&src).ok()?;
    let start = fm.yaml.as_ptr() as usize - src.text.as_ptr() as usize;
    Some(start..start + fm.yaml.len())
}

fn judge<T>(kind: Kind, text: &str) -> Option<Verdict>
where
    T: DeserializeOwned + JsonSchema + Serialize + 'static,
{
    let range = yaml_range(kind, text)?;
    let doc = Tree::parse_part(text, range);
    Some(verdict::<T>(&doc))
}

/// Every YAML file and Markdown file of the fixture sites and the example site.
fn site_files() -> Vec<(PathBuf, Kind, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sites: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    sites.push(root.join("content"));
    let mut out = Vec::new();
    for site in sites {
        for entry in walkdir::WalkDir::new(&site).sort_by_file_name() {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(&site).unwrap();
            let Some(kind) = Kind::of(rel) else { continue };
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let Ok(src) = SourceFile::from_bytes(rel.to_path_buf(), text.into_bytes()) else {
                continue;
            };
            out.push((entry.path().to_path_buf(), kind, src.text));
        }
    }
    out
}

/// The validator and the typed reading agree on every fixture file. (That the typed
/// reading gives what serde_yaml gave is shown by scripts/compare-output: the sites'
/// output did not change when the loader moved to this layer.)
#[test]
fn validator_and_typed_reading_agree_on_every_fixture() {
    let files = site_files();
    assert!(files.len() > 80, "{} files", files.len());
    let (mut valid, mut invalid) = (0, 0);
    for (path, kind, text) in &files {
        let Some(v) = by_kind!(*kind, judge, *kind, text) else {
            continue;
        };
        let name = path.display();
        assert_eq!(
            v.findings.is_empty(),
            v.reads,
            "{name}: validator and typed reading disagree: {:#?}",
            v.findings
        );
        assert_eq!(v.value.is_some(), v.reads, "{name}");
        if v.reads {
            valid += 1;
        } else {
            invalid += 1;
        }
        for f in &v.findings {
            assert_inside(f, text);
            assert_worded(f);
        }
    }
    assert!(
        valid > 60 && invalid >= 2,
        "{valid} valid, {invalid} invalid"
    );
}

/// Wrong files: every one is rejected by both the validator and the typed reading,
/// with the expected code at the expected place.
#[test]
#[expect(
    clippy::too_many_lines,
    reason = "a table of wrong files, one line each"
)]
fn wrong_files_are_rejected_by_both() {
    let cases: &[(Kind, &str, Code, (usize, usize))] = &[
        (
            Kind::Contacts,
            "- name: A\n  telefon: 1\n",
            Code::ContentUnknownField,
            (2, 3),
        ),
        (
            Kind::Contacts,
            "- id: a\n  name: A\n  id: b\n",
            Code::ContentDuplicateKey,
            (3, 3),
        ),
        (Kind::Contacts, "name: A\n", Code::ContentWrongRoot, (1, 1)),
        (
            Kind::Contacts,
            "- name: [A]\n",
            Code::ContentWrongType,
            (1, 9),
        ),
        (Kind::Contacts, "- name:\n", Code::ContentEmptyValue, (1, 3)),
        (Kind::Contacts, "- name:A\n", Code::YamlMissingSpace, (1, 8)),
        (
            Kind::Partners,
            "- name: A\n  role: chair\n",
            Code::ContentMissingField,
            (1, 3),
        ),
        (
            Kind::Partners,
            "- name: A\n  role: Chair\n  kind: city\n",
            Code::ContentInvalidValue,
            (2, 9),
        ),
        (
            Kind::Documents,
            "- id: a\n  title: T\n  file: f.pdf\n  date: 2026-02-30\n",
            Code::ContentNoSuchDay,
            (4, 9),
        ),
        (
            Kind::Privacy,
            "categories:\n  - id: a\n    title: T\n    required: ja\n",
            Code::ContentWrongType,
            (4, 15),
        ),
        (
            Kind::Site,
            "title: T\nregion: R\nbase_url: https://x.example.org/\n",
            Code::ContentMissingField,
            (1, 1),
        ),
        (
            Kind::Site,
            "title: T\n\tregion: R\n",
            Code::YamlTabIndent,
            (2, 1),
        ),
        (
            Kind::Project,
            "---\ntitle: A\ncarrier: B\nperiod: { start: 2025-01-01, end: 2026-12-31 }\ntopics: [X]\nfunding_amount: 45.000 €\n---\n",
            Code::ContentWrongType,
            (6, 17),
        ),
        (
            Kind::Project,
            "---\ntitle: A: B\n---\n",
            Code::YamlColonInValue,
            (2, 9),
        ),
        (
            Kind::Event,
            "---\ntitle: T\nstart: 2026-03-12 12 Uhr\n---\n",
            Code::ContentInvalidTime,
            (3, 8),
        ),
        (
            Kind::Event,
            "---\ntitle: T\nstart: “2026-03-12”\n---\n",
            Code::YamlSmartQuotes,
            (3, 8),
        ),
        (
            Kind::News,
            "---\ntitle: T\ndate: 2026-01-01\nsummary: S\ndraft: yes\n---\n",
            Code::ContentWrongType,
            (5, 8),
        ),
        (
            Kind::Page,
            "---\ntitle: T\ndescription:\n  - a\n---\n",
            Code::ContentWrongType,
            (4, 3),
        ),
        (
            Kind::Call,
            "---\ntitle: T\ndeadline: 2026-01-01\ndocuments: satzung\n---\n",
            Code::ContentWrongType,
            (4, 12),
        ),
        (
            Kind::Call,
            "---\ntitle: T\ndeadline: 2026-01-01\n---\ndeadline: x\n",
            Code::ContentNoSuchDay,
            (0, 0),
        ),
    ];
    for (kind, text, code, (line, column)) in cases {
        let Some(v) = by_kind!(*kind, judge, *kind, text) else {
            panic!("{text:?}: no front matter")
        };
        if *line == 0 {
            // The last case is valid: text after the front matter is the body.
            assert!(v.findings.is_empty() && v.reads, "{text:?}");
            continue;
        }
        assert!(!v.reads, "{text:?}: the typed reading accepts it");
        let first = v
            .findings
            .first()
            .unwrap_or_else(|| panic!("{text:?}: no finding"));
        assert_eq!(
            (first.code, first.at.line, first.at.column),
            (*code, *line, *column),
            "{text:?}: {:#?}",
            v.findings
        );
        for f in &v.findings {
            assert_inside(f, text);
            assert_worded(f);
        }
    }
}

/// Issue 14's complaint: a file with several mistakes shows only the first. Here a
/// project with a bad date, a misspelled field and a wrong kind of value gets all
/// three, each at its line and column, in German and in English.
#[test]
fn three_different_mistakes_are_all_reported_where_they_are() {
    let text = "---\ntitle: Azubi-Lotsen\ncarrier: Bildungswerk\nperiod:\n  start: 2025-01-01\n  end: 31.04.2026\ntopics: [Ausbildung]\nfunding_amount: 45.000 €\nsumary: Lotsen begleiten Jugendliche.\n---\nText\n";
    let doc = Tree::parse_part(text, yaml_range(Kind::Project, text).unwrap());
    let findings = doc.check::<Project>();
    let got: Vec<(Code, usize, usize)> = findings
        .iter()
        .map(|f| (f.code, f.at.line, f.at.column))
        .collect();
    assert_eq!(
        got,
        [
            (Code::ContentNoSuchDay, 6, 8),
            (Code::ContentWrongType, 8, 17),
            (Code::ContentUnknownField, 9, 1),
        ]
    );
    let diags: Vec<String> = findings
        .iter()
        .map(|f| {
            f.to_diagnostic(Path::new("projects/azubi-lotsen.md"), text, Language::De)
                .to_string()
        })
        .collect();
    assert!(
        diags[0].contains("--> projects/azubi-lotsen.md:6:8"),
        "{}",
        diags[0]
    );
    assert!(
        diags[0].contains("Den Tag `31.04.2026` gibt es im Kalender nicht."),
        "{}",
        diags[0]
    );
    assert!(diags[2].contains("Meinten Sie `summary`?"), "{}", diags[2]);
    let en = findings[1].message(Language::En);
    assert_eq!(
        en,
        "`funding_amount` has a text, but a number belongs here."
    );
    assert!(doc.read::<Project>().is_err());
}

#[test]
fn a_valid_document_reads_with_its_values() {
    let text = "title: T\nstart: 12.03.2026 18:00\nonline: true\n";
    let event: Event = Tree::parse(text).read().unwrap();
    assert_eq!(event.start.to_string(), "2026-03-12T18:00");
    assert!(event.online && event.end.is_none());
    let contacts: Vec<Contact> = Tree::parse("# nothing yet\n").read().unwrap();
    assert!(contacts.is_empty());
    let project: Project = Tree::parse(
        "title: A\ncarrier: B\nperiod: {start: 2025-01-01, end: 2026-12-31}\ntopics: [X]\ncontact: 42\nfunding_amount: 45000\n",
    )
    .read()
    .unwrap();
    assert!(matches!(project.contact, Some(ContactRef::Id(ref id)) if id == "42"));
    assert_eq!(project.funding_amount, Some(45000.0));
}

/// A finding points inside the text: a byte within it, on one of its lines, at most
/// one column past the line's end.
fn assert_inside(f: &Finding, text: &str) {
    assert!(f.at.byte <= text.len(), "{f:?} beyond {} bytes", text.len());
    let normal = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = normal.split('\n').collect();
    assert!(
        f.at.line >= 1 && f.at.line <= lines.len(),
        "{f:?}: {} lines",
        lines.len()
    );
    let line = lines[f.at.line - 1].trim_start_matches('\u{feff}');
    assert!(
        f.at.column >= 1 && f.at.column <= line.chars().count() + 1,
        "{f:?}: line {line:?}"
    );
    let (l, c) = (pos_line_col(text, f.at.byte), (f.at.line, f.at.column));
    assert_eq!(l, c, "{f:?}: byte and line:column disagree");
}

fn pos_line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let (breaks, line_start) = super::tree::line_breaks(before);
    let col = before[line_start..]
        .trim_start_matches('\u{feff}')
        .chars()
        .count();
    (breaks + 1, col + 1)
}

/// Message and hint have every parameter their texts name, in both languages.
fn assert_worded(f: &Finding) {
    for lang in [Language::De, Language::En] {
        let missing = catalogue(lang).missing_params(f.code, f.hint, &f.args);
        assert!(missing.is_empty(), "{lang:?} {f:?}: no {missing:?}");
        assert!(f.hint.is_none_or(|h| f.code.hints().contains(&h)), "{f:?}");
    }
}

/// Valid fixture texts, to mutate.
fn seeds() -> Vec<(Kind, String)> {
    site_files()
        .into_iter()
        .filter(|(p, _, _)| p.to_string_lossy().contains("fixtures/minimal"))
        .map(|(_, k, t)| (k, t))
        .collect()
}

const INSERTS: &[&str] = &[
    ":",
    "- ",
    "\n",
    "  ",
    "\t",
    "---\n",
    "\"",
    "'",
    "[",
    "{",
    "]",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "#",
    "|\n",
    ">-\n",
    "? ",
    "%YAML 1.2\n",
    "\r\n",
    "\u{feff}",
    "\u{a0}",
    "“",
    "<<: *a\n",
    "31.04.2026",
    "~",
    "null",
    "x: y\n",
    "  - z\n",
    ",",
];

fn mutate(text: &str, edits: &[(usize, usize, u8)]) -> String {
    let mut s = text.to_string();
    for (at, what, op) in edits {
        let mut at = at % (s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match op % 3 {
            0 => s.insert_str(at, INSERTS[what % INSERTS.len()]),
            1 => {
                let end = s[at..].find('\n').map_or(s.len(), |i| at + i);
                s.replace_range(at..end, "");
            }
            _ => s.truncate(at),
        }
    }
    s
}

fn no_panic_inside_and_agree(kind: Kind, text: &str) -> Result<(), TestCaseError> {
    let range = if kind.front_matter() {
        yaml_range(kind, text).unwrap_or(0..0)
    } else {
        0..text.len()
    };
    let doc = Tree::parse_part(text, range);
    let v = by_kind!(kind, verdict, &doc);
    prop_assert_eq!(
        v.findings.is_empty(),
        v.reads,
        "{:?}\n{:#?}",
        text,
        v.findings
    );
    for f in &v.findings {
        assert_inside(f, text);
        assert_worded(f);
        let _ = f.to_diagnostic(Path::new("x"), text, Language::De);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_121),
        ..ProptestConfig::default()
    })]

    /// Mutated fixture files: no panic, every finding inside the text and worded,
    /// the validator and the typed reading agree.
    #[test]
    fn mutated_files_never_panic(seed in any::<usize>(), edits in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 1..6)) {
        let seeds = seeds();
        let (kind, text) = &seeds[seed % seeds.len()];
        no_panic_inside_and_agree(*kind, &mutate(text, &edits))?;
    }

    /// Arbitrary text, YAML-ish or not.
    #[test]
    fn arbitrary_text_never_panics(text in "[ \\t\\n\\r:\\-\\[\\]{},#&*!|>'\"%@`a-z0-9ä\u{a0}\u{feff}“]{0,80}", kind in 0..10usize) {
        let kinds = [Kind::Site, Kind::Partners, Kind::Contacts, Kind::Documents, Kind::Privacy, Kind::Page, Kind::Project, Kind::Call, Kind::News, Kind::Event];
        no_panic_inside_and_agree(kinds[kind], &text)?;
    }
}
