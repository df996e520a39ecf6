use crate::content::config::Config;
use crate::content::model::{Call, Contact, Event, Partner, Project};
use crate::diagnostic::{Arg, Code};
use crate::messages::Language;
use crate::yaml::{Finding, Tree};
use schemars::JsonSchema;

fn check<T: JsonSchema + 'static>(text: &str) -> Vec<Finding> {
    Tree::parse(text).check::<T>()
}

/// Code, line and column of each finding.
fn found<T: JsonSchema + 'static>(text: &str) -> Vec<(Code, usize, usize)> {
    check::<T>(text)
        .iter()
        .map(|f| (f.code, f.at.line, f.at.column))
        .collect()
}

fn one<T: JsonSchema + 'static>(text: &str) -> Finding {
    let all = check::<T>(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.into_iter().next().unwrap()
}

fn text_arg(f: &Finding, name: &str) -> String {
    match f.param(name) {
        Some(Arg::Text(s)) => s.clone(),
        other => panic!("{name}: {other:?} in {f:?}"),
    }
}

const PROJECT: &str =
    "title: A\ncarrier: B\nperiod:\n  start: 2025-01-01\n  end: 2026-12-31\ntopics: [Ausbildung]\n";

#[test]
fn a_valid_project_has_no_finding() {
    assert_eq!(check::<Project>(PROJECT), []);
}

#[test]
fn unknown_fields_get_a_suggestion_or_the_list() {
    let f = one::<Vec<Contact>>("- name: A\n  telefon: 1\n");
    assert_eq!(
        (f.code, f.at.line, f.at.column),
        (Code::ContentUnknownField, 2, 3)
    );
    assert_eq!(
        (f.hint, text_arg(&f, "suggestion")),
        (Some("did-you-mean"), "phone".into())
    );
    let f = one::<Vec<Contact>>("- name: A\n  xyzzy: 1\n");
    assert_eq!(f.hint, Some("allowed"));
    let shown = f.hint_text(Language::En).unwrap();
    assert!(
        shown.contains("`email`") && shown.contains("`phone`"),
        "{shown}"
    );
}

#[test]
fn a_key_indented_too_little_belongs_under_its_neighbour() {
    let text = "title: A\ncarrier: B\nperiod:\n  start: 2025-01-01\nend: 2026-12-31\ntopics: [X]\n";
    let all = check::<Project>(text);
    let end = all
        .iter()
        .find(|f| f.code == Code::ContentUnknownField)
        .unwrap();
    assert_eq!((end.at.line, end.hint), (5, Some("belongs-under")));
    assert_eq!(text_arg(end, "parent"), "period");
    // …and the mapping that lacks it says so at its key.
    let missing = all
        .iter()
        .find(|f| f.code == Code::ContentMissingField)
        .unwrap();
    assert_eq!(
        (missing.at.line, text_arg(missing, "field")),
        (3, "end".into())
    );
    assert_eq!(missing.hint, Some("date"));
}

/// An empty `period:` with its fields below at the same level (issue 14): one
/// indentation mistake at the `start:` line, not an empty period, unknown fields or
/// "expected a date".
#[test]
fn fields_not_indented_below_their_key_are_named_as_indentation() {
    let text = "title: A\ncarrier: B\nperiod:\nstart: 2025-01-01\nend: 2026-12-31\ntopics: [X]\n";
    assert_eq!(found::<Project>(text), [(Code::YamlNotIndented, 4, 1)]);
    let f = one::<Project>(text);
    assert_eq!(text_arg(&f, "field"), "start");
    assert_eq!(text_arg(&f, "parent"), "period");
    assert_eq!(
        f.param("fields"),
        Some(&Arg::List(vec!["start".into(), "end".into()]))
    );
    let shown = f.message(Language::De);
    assert!(shown.contains("`start` gehört unter `period:`"), "{shown}");
    let hint = f.hint_text(Language::De).unwrap();
    assert!(
        hint.contains("Rücken Sie die Zeile ein") && hint.contains("`end`"),
        "{hint}"
    );
    // Only `start` not indented: `end` stays a field of the project, where it is unknown.
    let text = "title: A\ncarrier: B\nperiod:\nstart: 2025-01-01\ntopics: [X]\n";
    assert_eq!(found::<Project>(text), [(Code::YamlNotIndented, 4, 1)]);
    // A call's optional period, which may be empty.
    let text =
        "title: A\ndeadline: 2026-05-01\nproject_period:\nstart: 2026-06-01\nend: 2027-05-31\n";
    assert_eq!(found::<Call>(text), [(Code::YamlNotIndented, 4, 1)]);
    // A key of the project's own below an empty mapping is the project's: the empty
    // period is the mistake.
    let text = "title: A\ncarrier: B\nperiod:\ntopics: [X]\n";
    assert_eq!(found::<Project>(text), [(Code::ContentEmptyValue, 3, 1)]);
}

#[test]
fn a_key_indented_too_far_belongs_beside_its_parent() {
    let text =
        "title: A\ncarrier: B\nperiod:\n  start: 2025-01-01\n  end: 2026-12-31\n  topics: [X]\n";
    let all = check::<Project>(text);
    let topics = all
        .iter()
        .find(|f| f.code == Code::ContentUnknownField)
        .unwrap();
    assert_eq!((topics.at.line, topics.at.column), (6, 3));
    assert_eq!(topics.hint, Some("belongs-beside"));
    assert_eq!(text_arg(topics, "parent"), "period");
    assert!(
        all.iter()
            .any(|f| f.code == Code::ContentMissingField && f.at.line == 1)
    );
}

#[test]
fn wrong_kinds_of_value_are_named_with_an_example() {
    let text = "title: A\ncarrier: B\nperiod:\n  start: 2025-01-01\n  end: 2026-12-31\ntopics: Ausbildung\nfunding_amount: 45.000 €\ndraft: ja\ncontact: [a, b]\n";
    let all = check::<Project>(text);
    let hints: Vec<(usize, Option<&str>)> = all.iter().map(|f| (f.at.line, f.hint)).collect();
    assert_eq!(
        hints,
        [
            (6, Some("list")),
            (7, Some("number")),
            (8, Some("yes-no")),
            (9, Some("text"))
        ]
    );
    assert!(all.iter().all(|f| f.code == Code::ContentWrongType));
    let de = all[1].message(Language::De);
    assert_eq!(
        de,
        "Bei `funding_amount` steht ein Text, hierher gehört aber eine Zahl."
    );
    let contact = all[3].message(Language::En);
    assert_eq!(
        contact,
        "`contact` has a list, but a text or a section of indented fields belongs here."
    );
}

#[test]
fn values_outside_the_allowed_ones() {
    let f = one::<Vec<Partner>>("- name: A\n  role: vorsitz\n  kind: county\n");
    assert_eq!(
        (f.code, f.at.line, f.at.column),
        (Code::ContentInvalidValue, 2, 9)
    );
    assert_eq!(text_arg(&f, "suggestion"), "chair");
    let f = one::<Vec<Partner>>("- name: A\n  role: member\n  kind: verein\n");
    assert_eq!(f.hint, Some("allowed"));
    let shown = f.hint_text(Language::De).unwrap();
    assert!(
        shown.starts_with("Erlaubt sind: `county`, `city`"),
        "{shown}"
    );
    let f = one::<Vec<Partner>>("- name: A\n  role:\n  kind: city\n");
    assert_eq!((f.code, f.hint), (Code::ContentEmptyValue, Some("one-of")));
    assert!(
        f.hint_text(Language::En)
            .unwrap()
            .contains("`deputy_chair`")
    );
}

#[test]
fn missing_fields_are_named_at_the_mapping_that_lacks_them() {
    let f = one::<Event>("title: Fachkräftetag\nlocation: Pirna\n");
    assert_eq!(
        (f.code, f.at.line, f.at.column),
        (Code::ContentMissingField, 1, 1)
    );
    assert_eq!(
        (text_arg(&f, "field"), f.hint),
        ("start".into(), Some("date-time"))
    );
    assert_eq!(
        f.hint_text(Language::De).unwrap(),
        "Ergänzen Sie eine Zeile wie `start: 2026-03-12 18:00`."
    );
    let all =
        found::<Vec<Partner>>("- name: A\n  role: chair\n  kind: city\n- name: B\n  kind: city\n");
    assert_eq!(all, [(Code::ContentMissingField, 4, 3)]);
    // An empty front matter names every required field.
    let doc = Tree::parse_part("---\n---\n", 4..4);
    let codes: Vec<(Code, usize)> = doc
        .check::<Event>()
        .iter()
        .map(|f| (f.code, f.at.line))
        .collect();
    assert_eq!(
        codes,
        [
            (Code::ContentMissingField, 2),
            (Code::ContentMissingField, 2)
        ]
    );
}

#[test]
fn duplicates_are_reported_at_the_duplicate() {
    let f = one::<Vec<Contact>>("- id: a\n  name: A\n  email: a@b.de\n  email: c@d.de\n");
    assert_eq!(
        (f.code, f.at.line, f.at.column),
        (Code::ContentDuplicateKey, 4, 3)
    );
    assert_eq!(text_arg(&f, "first_line"), "3");
    // A long mapping is searched another way; duplicates are found there too.
    let mut long = String::from("- name: A\n");
    for i in 0..40 {
        long.push_str(&format!("  k{i}: x\n"));
    }
    long.push_str("  name: B\n");
    let dup: Vec<_> = found::<Vec<Contact>>(&long)
        .into_iter()
        .filter(|f| f.0 == Code::ContentDuplicateKey)
        .collect();
    assert_eq!(dup, [(Code::ContentDuplicateKey, 42, 3)]);
}

#[test]
fn dates_and_times_are_read_by_the_loaders_functions() {
    let event = |start: &str| one::<Event>(&format!("title: T\nstart: {start}\n"));
    let f = event("31.04.2026");
    assert_eq!(
        (f.code, f.at.line, f.at.column),
        (Code::ContentNoSuchDay, 2, 8)
    );
    assert_eq!(event("morgen").code, Code::ContentInvalidDate);
    let f = event("2026-03-12 12 Uhr");
    assert_eq!((f.code, f.hint), (Code::ContentInvalidTime, Some("uhr")));
    assert_eq!(
        f.hint_text(Language::De).unwrap(),
        "Schreiben Sie die Uhrzeit mit Minuten und ohne „Uhr“: `2026-03-12 12:00`."
    );
    assert_eq!(event("2026-03-12 25:00").hint, Some("fix"));
    assert!(check::<Event>("title: T\nstart: 12.03.2026 18:00 Uhr\n").is_empty());
}

#[test]
fn smart_quotes_and_invisible_spaces_are_named() {
    let f = one::<Event>("title: T\nstart: „12.03.2026“\n");
    assert_eq!(
        (f.code, f.at.line, f.at.column),
        (Code::YamlSmartQuotes, 2, 8)
    );
    let f = one::<Event>("title: T\nstart: 2026-03-12\n\u{a0}\u{a0}end: 2026-03-13\n");
    assert_eq!(
        (f.code, f.at.line, f.at.column),
        (Code::YamlInvisibleSpace, 3, 1)
    );
    assert_eq!(text_arg(&f, "codepoint"), "U+00A0");
    let f = one::<Vec<Partner>>("- name: A\n  role: mem\u{200b}ber\n  kind: city\n");
    assert_eq!(
        (f.code, f.at.line, f.at.column),
        (Code::YamlInvisibleSpace, 2, 12)
    );
}

#[test]
fn missing_space_after_the_colon_of_a_list_entry() {
    let f = one::<Vec<Contact>>("- name:Anna\n");
    assert_eq!(
        (f.code, f.at.line, f.at.column),
        (Code::YamlMissingSpace, 1, 8)
    );
    assert_eq!(f.message(Language::En), "A space is missing after `name:`.");
}

#[test]
fn numbers_colours_and_the_whole_file() {
    let site = |extra: &str| {
        format!(
            "title: T\nregion: R\nbase_url: https://x.example.org/\n{extra}operator:\n  name: L\n  street: S\n  postal_code: 01234\n  city: C\n  represented_by: R\n  phone: 1\n  email: a@b.de\n"
        )
    };
    assert_eq!(
        check::<Config>(&site("")),
        [],
        "postal_code 01234 is a text"
    );
    let f = one::<Config>(&site("brand_color: rot\n"));
    assert_eq!((f.code, f.at.line), (Code::ContentInvalidColour, 4));
    let f = one::<Config>(&site("privacy:\n  server_log_days: -1\n"));
    assert_eq!(
        (f.code, f.at.line, f.at.column),
        (Code::ContentNumberRange, 5, 20)
    );
    assert_eq!(text_arg(&f, "max"), "4294967295");
    let f = one::<Vec<Contact>>("name: A\n");
    assert_eq!((f.code, f.hint), (Code::ContentWrongRoot, Some("list")));
    assert_eq!(
        f.message(Language::De),
        "In diese Datei gehört eine Liste, hier steht aber ein Abschnitt mit eingerückten Feldern."
    );
}
