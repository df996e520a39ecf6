//! Bad input: every mistake of a build reported in one run with file:line:column and
//! a hint, exit status 1 for content errors and 2 for usage errors, and the previous
//! output left as it was.

use crate::common::{DATE, Fixture, stderr, tree};

/// The first line of an error: `error: …` or, with a code, `error[yaml/syntax]: …`.
fn is_error_line(line: &str) -> bool {
    line.starts_with("error: ") || line.starts_with("error[")
}

#[test]
fn a_site_with_many_mistakes_reports_all_of_them_at_once() {
    let f = Fixture::new("broken");
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    let errors = text.lines().filter(|l| is_error_line(l)).count();
    assert!(
        errors >= 15,
        "expected every mistake, got {errors}:\n{text}"
    );
    assert!(
        text.contains("Der Build ist gescheitert: 17 Fehler; public wurde nicht verändert."),
        "{text}"
    );
    // Every error names a location and says how to fix it.
    for block in text.split("\n\n").filter(|b| is_error_line(b)) {
        assert!(block.contains("  --> "), "no location:\n{block}");
        assert!(block.contains("= hint: "), "no hint:\n{block}");
    }
    insta::assert_snapshot!("broken_site", text);
}

#[test]
fn the_broken_site_leaves_a_good_previous_output_untouched() {
    let good = Fixture::new("minimal");
    good.build();
    let before = tree(&good.out());
    // Replace the site with the broken one, keep the output.
    std::fs::remove_dir_all(good.site()).unwrap();
    crate::common::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken"),
        &good.site(),
    );
    let out = good.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree(&good.out()), before);
}

#[test]
fn check_reports_the_same_errors_as_build() {
    let f = Fixture::new("broken");
    let build = stderr(&f.run(&["build", "site", "-o", "public", "--date", DATE]));
    let check = f.run(&["check", "site", "--date", DATE]);
    assert_eq!(check.status.code(), Some(1));
    let strip_summary = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("Der Build") && !l.starts_with("Die Prüfung"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip_summary(&stderr(&check)), strip_summary(&build));
}

#[test]
fn usage_errors_exit_with_2() {
    let f = Fixture::new("minimal");
    assert_eq!(f.run(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(f.run(&["frobnicate"]).status.code(), Some(2));
    let bad_date = f.run(&["build", "site", "--date", "2026-13-01"]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(
        stderr(&bad_date).contains("--date"),
        "{}",
        stderr(&bad_date)
    );
    let bad_epoch = f.run_env(&["build", "site"], &[("SOURCE_DATE_EPOCH", "gestern")]);
    assert_eq!(bad_epoch.status.code(), Some(2));
}

#[test]
fn a_directory_without_site_yaml_is_explained() {
    let f = Fixture::new("minimal");
    let out = f.run(&["build", "nirgends", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("error[site/no-site-yaml]: "), "{text}");
    assert!(text.contains("keine site.yaml"), "{text}");
    assert!(
        text.contains("hint: Geben Sie das Verzeichnis der Website an"),
        "{text}"
    );
}

#[test]
fn a_template_error_names_the_template_line_and_column() {
    let f = Fixture::new("minimal");
    f.write(
        "templates/404.html",
        "<!DOCTYPE html>\n<html>\n<body>{% if %}</body></html>\n",
    );
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("--> templates/404.html:3:"), "{text}");
}

#[test]
fn a_file_that_is_not_utf8_is_located() {
    let f = Fixture::new("minimal");
    std::fs::write(
        f.site().join("news/latin1.md"),
        b"---\ntitle: Gr\xfc\xdfe\ndate: 2026-01-01\nsummary: x\n---\n",
    )
    .unwrap();
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("--> news/latin1.md:2:10"), "{text}");
    assert!(
        text.contains("error[file/not-utf8]: Die Datei ist kein UTF-8-Text."),
        "{text}"
    );
    // Read before the language is known, and still told in the reader's language.
    let en = stderr(&f.run(&[
        "build", "site", "-o", "public", "--date", DATE, "--lang", "en",
    ]));
    assert!(
        en.contains("error[file/not-utf8]: The file is not UTF-8 text."),
        "{en}"
    );
}

#[test]
fn a_typo_in_a_data_file_name_is_pointed_out() {
    let f = Fixture::new("minimal");
    std::fs::rename(
        f.site().join("contacts.yaml"),
        f.site().join("kontakte.yaml"),
    )
    .unwrap();
    std::fs::rename(
        f.site().join("partners.yaml"),
        f.site().join("partner.yaml"),
    )
    .unwrap();
    f.edit("projects/azubi-lotsen.md", "contact: anna\n", "");
    f.edit("calls/aufruf-2027.md", "submit_to: anna\n", "");
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("warning[file/unknown-data-file]: "), "{text}");
    assert!(text.contains("Meinten Sie `partners.yaml`?"), "{text}");
}

#[test]
fn a_contact_without_id_is_named() {
    let f = Fixture::new("minimal");
    f.edit(
        "contacts.yaml",
        "- id: ben\n  name: Ben Muster",
        "- name: Ben Muster",
    );
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains("error[ref/contact-without-id]: Der Kontakt `Ben Muster` hat keine `id`."),
        "{text}"
    );
    assert!(text.contains("--> contacts.yaml:6:9"), "{text}");
}

#[test]
fn check_reports_for_gitlab_and_github_with_the_same_exit_status() {
    let f = Fixture::new("broken");
    let human = f.run(&["check", "site", "--date", DATE]);
    assert_eq!(human.status.code(), Some(1));
    assert!(human.stdout.is_empty(), "the human format writes to stderr");

    let gitlab = f.run(&["check", "site", "--date", DATE, "--format", "gitlab"]);
    assert_eq!(gitlab.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&gitlab.stdout).unwrap();
    let issues = report.as_array().unwrap();
    assert!(issues.len() >= 15, "{report}");
    for i in issues {
        let path = i["location"]["path"].as_str().unwrap();
        assert!(
            path.starts_with("site/") && f.tmp.path().join(path).exists(),
            "path relative to the repository: {path}"
        );
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].as_str().is_some_and(|s| !s.is_empty()), "{key}: {i}");
        }
    }
    let contacts = issues
        .iter()
        .find(|i| i["description"].as_str().unwrap().contains("telefon"))
        .expect("the misspelt contact field is reported");
    assert_eq!(
        contacts["location"]["path"],
        "site/projects/azubi_lotsen.md"
    );
    assert_eq!(contacts["location"]["lines"]["begin"], 8);
    // The stable code names the check, so rewording a message keeps its identity.
    assert_eq!(contacts["check_name"], "content/unknown-field");

    let github = f.run(&["check", "site", "--date", DATE, "--format", "github"]);
    assert_eq!(github.status.code(), Some(1));
    let text = String::from_utf8(github.stdout).unwrap();
    assert_eq!(text.lines().count(), issues.len());
    for line in text.lines() {
        assert!(
            line.starts_with("::error file=site/") || line.starts_with("::warning file=site/"),
            "{line}"
        );
        assert!(line.contains(",title=fachwerk "), "{line}");
    }
    assert!(
        text.contains("title=fachwerk error [content/unknown-field]::"),
        "{text}"
    );

    let ok = Fixture::new("minimal");
    let out = ok.run(&["check", "site", "--date", DATE, "--format", "gitlab"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["severity"] != "critical")
    );
    let usage = ok.run(&["check", "site", "--format", "xml"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn an_event_named_like_the_calendar_of_all_events_is_refused() {
    let f = Fixture::new("minimal");
    let event = std::fs::read_to_string(f.site().join("events/fachkraeftetag.md")).unwrap();
    f.write("events/termine.md", &event);
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains("error[content/reserved-address]: ")
            && text.contains("`/termine/termine/`")
            && text.contains("events/termine.md"),
        "{text}"
    );
}

/// The mistakes of the `many-mistakes` fixture, per file: two to four in each of
/// contacts, partners, a project, a call, an event and a news item.
const MANY: [(&str, usize); 6] = [
    ("contacts.yaml", 3),
    ("partners.yaml", 3),
    ("projects/azubi-lotsen.md", 4),
    ("calls/aufruf-2026.md", 3),
    ("events/fachkraeftetag.md", 4),
    ("news/2026-10-01-start.md", 2),
];

/// Every mistake of every file in one run, each at its line and column, with a code
/// and a hint: in German for a German site, in English for an English one or with
/// `--lang en` / `FACHWERK_LANG=en`.
#[test]
fn every_mistake_of_each_file_is_reported_in_one_run_in_the_sites_language() {
    let f = Fixture::new("many-mistakes");
    let build = ["build", "site", "-o", "public", "--date", DATE];
    let out = f.run(&build);
    assert_eq!(out.status.code(), Some(1));
    let de = stderr(&out);
    for (file, n) in MANY {
        let found = de.matches(&format!("--> {file}:")).count();
        assert_eq!(found, n, "{file}: {found} of {n} mistakes in:\n{de}");
    }
    for block in de.split("\n\n").filter(|b| is_error_line(b)) {
        assert!(block.starts_with("error["), "no code:\n{block}");
        assert!(block.contains("= hint: "), "no hint:\n{block}");
    }
    insta::assert_snapshot!("many_mistakes_de", de);

    let by_flag = stderr(&f.run(&[&build[..], &["--lang", "en"]].concat()));
    let by_env = stderr(&f.run_env(&build, &[("FACHWERK_LANG", "en")]));
    f.edit("site.yaml", "title: ", "language: en\ntitle: ");
    let en = stderr(&f.run(&build));
    // site.yaml's new first line moves its findings one line down; the rest is equal.
    assert_eq!(by_flag, by_env);
    assert_eq!(
        by_flag.lines().count(),
        en.lines().count(),
        "{by_flag}\n{en}"
    );
    assert!(
        en.contains("error[content/unknown-field]: There is no field `funktion` here."),
        "{en}"
    );
    insta::assert_snapshot!("many_mistakes_en", en);
    // The German site told in German whatever the environment says when --lang says so.
    let forced = stderr(&f.run_env(
        &[&build[..], &["--lang", "de"]].concat(),
        &[("FACHWERK_LANG", "en")],
    ));
    assert!(
        forced.contains("Das Feld `funktion` gibt es hier nicht."),
        "{forced}"
    );
}

/// Words of Rust and of parsers that no message for editors may contain.
pub(crate) const FORBIDDEN: &[&str] = &[
    "f64",
    "f32",
    "u8",
    "u16",
    "u32",
    "u64",
    "i32",
    "i64",
    "usize",
    "invalid type",
    "unknown variant",
    "variant `",
    "sequence",
    "mapping",
    "did not find expected",
    "expected one of",
    "serde",
    "libyaml",
    "Option<",
    "Vec<",
    "String",
    "struct ",
    // fachwerk's own English of before the catalogue.
    "cannot read:",
    "template error:",
    "is not a language of fachwerk; write",
];

/// Asserts that `text` (what an editor sees: `what`) holds no word of [`FORBIDDEN`],
/// outside the details of a tool that a message quotes as such (the template
/// engine's, the command line's: `… auf Englisch: „…“`, `… says: “…”`).
pub(crate) fn assert_plain(text: &str, what: &str) {
    let mut own = text.to_string();
    for (marker, close) in [("auf Englisch: „", '“'), ("says: “", '”')] {
        while let Some(start) = own.find(marker) {
            let from = start + marker.len();
            let end = own[from..].find(close).map_or(own.len(), |e| from + e);
            own.replace_range(start..end, "(detail)");
        }
    }
    for word in FORBIDDEN {
        assert!(!own.contains(word), "{what}: `{word}` in:\n{text}");
    }
}

/// No message names a Rust type or repeats a parser's wording, in either language,
/// on any of the fixtures with mistakes, in usage errors and in theme errors (the
/// preview's pages: `serve::the_preview_speaks_the_language_of_the_messages`).
#[test]
fn no_message_contains_rust_or_parser_words() {
    for fixture in ["broken", "many-mistakes", "lint-mistakes"] {
        let f = Fixture::new(fixture);
        for lang in ["de", "en"] {
            let out = f.run(&["check", "site", "--date", DATE, "--lang", lang]);
            let text = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{fixture} {lang}: {text}");
            assert_plain(&text, &format!("{fixture} {lang}"));
        }
    }
    let f = Fixture::new("minimal");
    for lang in ["de", "en"] {
        let env = [("FACHWERK_LANG", lang)];
        for (args, code) in [
            (&["build", "--no-such-flag"][..], "usage/arguments"),
            (&["frobnicate"][..], "usage/arguments"),
            (
                &["build", "site", "--date", "2026-13-01"][..],
                "usage/bad-date",
            ),
            (
                &["build", "site", "--base-url", "x y"][..],
                "usage/bad-base-url",
            ),
            (&["build", "site", "--lang", "fr"][..], "usage/bad-language"),
            (&["check", "site", "--format", "xml"][..], "usage/arguments"),
        ] {
            let out = f.run_env(args, &env);
            let text = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?} {lang}: {text}");
            assert!(
                text.contains(&format!("error[{code}]")),
                "{args:?} {lang}: {text}"
            );
            assert_plain(&text, &format!("{args:?} {lang}"));
        }
        let out = f.run_env(
            &["build", "site"],
            &[("FACHWERK_LANG", lang), ("SOURCE_DATE_EPOCH", "gestern")],
        );
        let text = stderr(&out);
        assert!(text.contains("error[usage/bad-epoch]"), "{lang}: {text}");
        assert_plain(&text, &format!("SOURCE_DATE_EPOCH {lang}"));
    }
    // Theme errors: a broken template, a theme without templates.
    f.write(
        "templates/404.html",
        "<!DOCTYPE html>\n<html>\n<body>{% if %}</body></html>\n",
    );
    let themeless = Fixture::new("minimal");
    std::fs::create_dir_all(themeless.site().join("leer")).unwrap();
    themeless.edit("site.yaml", "title:", "theme: leer\ntitle:");
    for lang in ["de", "en"] {
        for (site, code) in [(&f, "template/error"), (&themeless, "theme/no-templates")] {
            let out = site.run(&[
                "build", "site", "-o", "public", "--date", DATE, "--lang", lang,
            ]);
            let text = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{code} {lang}: {text}");
            assert!(text.contains(&format!("error[{code}]")), "{lang}: {text}");
            assert_plain(&text, &format!("{code} {lang}"));
        }
    }
}

/// Usage errors are told in the language asked for: `--lang`, else
/// `FACHWERK_LANG`, else the site's.
#[test]
fn usage_errors_speak_the_language_of_the_messages() {
    let f = Fixture::new("minimal");
    let bad_date = |lang_args: &[&str], env: &[(&str, &str)]| {
        let args = [&["build", "site", "--date", "gestern"][..], lang_args].concat();
        stderr(&f.run_env(&args, env))
    };
    let de = bad_date(&["--lang", "de"], &[("FACHWERK_LANG", "en")]);
    let en = bad_date(&["--lang", "en"], &[("FACHWERK_LANG", "de")]);
    let by_env = bad_date(&[], &[("FACHWERK_LANG", "en")]);
    let by_site = bad_date(&[], &[]);
    for text in [&de, &en, &by_env, &by_site] {
        assert!(text.starts_with("error[usage/bad-date]"), "{text}");
    }
    assert_ne!(de, en, "the same words in both languages");
    assert_eq!(en, by_env);
    assert_eq!(de, by_site, "the minimal site is German");
    // Clap's own refusals too, with `--lang` read from the refused command line.
    let clap = |lang: &str| stderr(&f.run(&["build", "--lang", lang, "--no-such-flag"]));
    assert!(
        clap("en").starts_with("error[usage/arguments]"),
        "{}",
        clap("en")
    );
    assert_ne!(clap("de"), clap("en"));
}

/// `fachwerk --help` speaks German unless `--lang` or `FACHWERK_LANG` asks for
/// English: the texts, the headings and the help flag's own line.
#[test]
fn the_help_speaks_the_language_of_the_messages() {
    let f = Fixture::new("minimal");
    let help = |args: &[&str], env: &[(&str, &str)]| {
        let out = f.run_env(args, env);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let de = help(&["build", "--help"], &[]);
    for german in [
        "Aufruf:",
        "Optionen:",
        "Der Ausgabeordner",
        "Diese Hilfe anzeigen",
    ] {
        assert!(de.contains(german), "{german} missing in:\n{de}");
    }
    for english in [
        "Usage:",
        "Options:",
        "[OPTIONS]",
        "Print help",
        "Output directory",
        "[default",
    ] {
        assert!(!de.contains(english), "{english} in:\n{de}");
    }
    let en = help(&["build", "--lang", "en", "--help"], &[]);
    assert!(
        en.contains("Usage:") && en.contains("Output directory"),
        "{en}"
    );
    assert_eq!(en, help(&["build", "--help"], &[("FACHWERK_LANG", "en")]));
    let top = help(&["--help"], &[]);
    assert!(
        top.contains("Befehle:") && top.contains("Vorschau unter"),
        "{top}"
    );
}

/// A Markdown file under another ending would silently be missing from the site: it
/// is an error that names the right file name; a picture in a content folder is only
/// a warning.
#[test]
fn markdown_under_another_ending_is_an_error_not_skipped() {
    let f = Fixture::new("minimal");
    let news = std::fs::read_to_string(f.site().join("news/2026-10-01-start.md")).unwrap();
    f.write("news/Neu.MD", &news);
    f.write("news/alt.markdown", &news);
    f.write("events/notiz.txt", "Text");
    f.write("projects/bild.png", "png");
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    for (file, fix) in [
        ("news/Neu.MD", "`Neu.md`"),
        ("news/alt.markdown", "`alt.md`"),
        ("events/notiz.txt", "`notiz.md`"),
    ] {
        let block = text
            .split("\n\n")
            .find(|b| b.contains(&format!("--> {file}\n")))
            .unwrap_or_else(|| panic!("{file} not named: {text}"));
        assert!(
            block.starts_with("error[file/wrong-extension]: "),
            "{block}"
        );
        assert!(block.contains(fix), "{block}");
    }
    assert!(
        text.contains("warning[file/ignored-in-folder]: ")
            && text.contains("--> projects/bild.png"),
        "{text}"
    );
}

/// `45.000` is the number 45 to YAML; written as a German thousands separator it is a
/// warning that names the number fachwerk read and the way to write it.
#[test]
fn a_german_thousands_separator_is_pointed_out() {
    let f = Fixture::new("minimal");
    f.edit(
        "projects/azubi-lotsen.md",
        "funding_amount: 45000",
        "funding_amount: 45.000",
    );
    let out = f.build();
    let text = stderr(&out);
    assert!(
        text.contains("warning[content/thousands-separator]: `45.000` wird als 45 gelesen")
            && text.contains("--> projects/azubi-lotsen.md:6:17")
            && text.contains("`45000`"),
        "{text}"
    );
    f.edit(
        "projects/azubi-lotsen.md",
        "funding_amount: 45.000",
        "funding_amount: 450.50",
    );
    assert!(!stderr(&f.build()).contains("thousands-separator"));
}

/// Typographic quotes pasted around a value („…“, “…”, ‘…’) are named as such where
/// the value is a choice, a date, a number or an id, not as an unknown value.
#[test]
fn smart_quotes_around_values_are_named() {
    let f = Fixture::new("minimal");
    f.edit(
        "projects/azubi-lotsen.md",
        "contact: anna",
        "contact: „anna“",
    );
    f.edit(
        "projects/azubi-lotsen.md",
        "funding_amount: 45000",
        "funding_amount: “45000”",
    );
    f.edit("contacts.yaml", "- id: ben", "- id: ‘ben’");
    f.edit("partners.yaml", "role: chair", "role: “chair”");
    f.edit("documents.yaml", "date: 01.02.2025", "date: „01.02.2025“");
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    for at in [
        "projects/azubi-lotsen.md:6:17",
        "projects/azubi-lotsen.md:7:10",
        "contacts.yaml:6:7",
        "partners.yaml:2:9",
        "documents.yaml:4:9",
    ] {
        let block = text
            .split("\n\n")
            .find(|b| b.contains(&format!("--> {at}")))
            .unwrap_or_else(|| panic!("nothing at {at}:\n{text}"));
        assert!(block.contains("error[yaml/smart-quotes]"), "{at}: {block}");
    }
    assert!(
        !text.contains("ref/unknown-contact") && !text.contains("ref/bad-id"),
        "{text}"
    );
}
