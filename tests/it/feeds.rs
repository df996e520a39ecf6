//! The machine-readable files pass real parsers, on the example site and the minimal
//! fixture: the sitemap against the sitemaps.org XML Schema (xmllint), the Atom feed
//! with feed-rs plus RFC 4287's required elements, every calendar file with the
//! `icalendar` crate's parser plus RFC 5545's required properties.

use crate::common::{DATE, Fixture, tree};
use icalendar::parser::{Component, read_calendar, unfold};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The example site (`content/`) built into a temporary directory.
fn example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let o = Command::new(env!("CARGO_BIN_EXE_fachwerk"))
        .arg("build")
        .arg(&site)
        .arg("-o")
        .arg(&out)
        .args(["--date", DATE])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, out)
}

/// Both sites' outputs: the example site and the minimal fixture.
fn outputs() -> Vec<(Box<dyn std::any::Any>, PathBuf)> {
    let (tmp, out) = example();
    let f = Fixture::new("minimal");
    f.build();
    let fout = f.out();
    vec![(Box::new(tmp), out), (Box::new(f), fout)]
}

fn xmllint_available() -> bool {
    let ok = Command::new("xmllint").arg("--version").output().is_ok();
    if !ok {
        let msg = "xmllint is missing (Debian: libxml2-utils); run scripts/install-test-deps";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{msg}");
        }
        eprintln!("skipped: {msg}");
    }
    ok
}

fn xmllint_schema(file: &Path) -> std::process::Output {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sitemap.xsd");
    Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(xsd)
        .arg(file)
        .output()
        .unwrap()
}

#[test]
fn the_sitemap_is_valid_against_the_sitemaps_org_schema() {
    if !xmllint_available() {
        return;
    }
    for (_keep, out) in outputs() {
        let sitemap = out.join("sitemap.xml");
        let o = xmllint_schema(&sitemap);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        // Every page is listed, and nothing else.
        let text = std::fs::read_to_string(&sitemap).unwrap();
        let pages = tree(&out)
            .keys()
            .filter(|p| p.ends_with("index.html"))
            .count();
        assert_eq!(text.matches("<loc>").count(), pages, "{text}");
        // The schema does bite: a wrong date fails it.
        let bad = out.join("bad-sitemap.xml");
        std::fs::write(
            &bad,
            text.replacen("<loc>", "<lastmod>gestern</lastmod><loc>", 1),
        )
        .unwrap();
        assert!(!xmllint_schema(&bad).status.success());
        std::fs::remove_file(bad).unwrap();
    }
}

#[test]
fn lastmod_comes_from_the_content_not_the_build_date() {
    let f = Fixture::new("minimal");
    f.build();
    let sitemap = f.page("sitemap.xml");
    let line = |url: &str| {
        sitemap
            .lines()
            .find(|l| l.contains(&format!("<loc>https://fk.example.org{url}</loc>")))
            .unwrap_or_else(|| panic!("{url} not in the sitemap"))
            .to_string()
    };
    // news/2026-10-01-start.md is dated 2026-10-01.
    assert!(line("/aktuelles/2026-10-01-start/").contains("<lastmod>2026-10-01</lastmod>"));
    assert!(line("/aktuelles/").contains("<lastmod>2026-10-01</lastmod>"));
    // A page without a content date gets none, rather than the build date.
    assert!(!line("/impressum/").contains("lastmod"));
    assert!(!sitemap.contains(&format!("<lastmod>{DATE}</lastmod>")));
    let robots = f.page("robots.txt");
    assert!(robots.contains("\nSitemap: https://fk.example.org/sitemap.xml\n"));
}

#[test]
fn the_atom_feed_parses_and_has_rfc_4287_required_elements() {
    for (_keep, out) in outputs() {
        let bytes = std::fs::read(out.join("aktuelles/feed.xml")).unwrap();
        let feed = feed_rs::parser::parse(bytes.as_slice()).expect("a valid Atom feed");
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
        assert!(feed.id.starts_with("https://"), "feed id: {}", feed.id);
        assert!(feed.title.as_ref().is_some_and(|t| !t.content.is_empty()));
        assert!(feed.updated.is_some(), "feed updated");
        assert!(!feed.authors.is_empty(), "feed author");
        assert!(
            feed.links.iter().any(
                |l| l.rel.as_deref() == Some("self") && l.href.ends_with("/aktuelles/feed.xml")
            ),
            "link rel=self"
        );
        let news_pages = tree(&out)
            .keys()
            .filter(|p| {
                p.starts_with("aktuelles/")
                    && p.ends_with("/index.html")
                    && *p != "aktuelles/index.html"
            })
            .count();
        assert!(news_pages > 0);
        assert_eq!(feed.entries.len(), news_pages, "one entry per news item");
        for e in &feed.entries {
            assert!(
                e.id.starts_with("https://"),
                "entry id from the document: {}",
                e.id
            );
            assert!(e.title.as_ref().is_some_and(|t| !t.content.is_empty()));
            assert!(e.updated.is_some(), "{}: updated", e.id);
            assert!(e.summary.is_some(), "{}: summary", e.id);
            assert!(
                e.links.iter().any(|l| l.href == e.id),
                "{}: alternate link",
                e.id
            );
        }
    }
}

fn prop<'a>(c: &'a Component<'a>, name: &str) -> Option<&'a icalendar::parser::Property<'a>> {
    c.properties.iter().find(|p| p.name.as_str() == name)
}

fn param(p: &icalendar::parser::Property, key: &str) -> Option<String> {
    p.params
        .iter()
        .find(|x| x.key.as_str() == key)
        .and_then(|x| x.val.as_ref().map(|v| v.as_str().to_string()))
}

/// Parses a calendar file and checks RFC 5545's rules that matter for importing it:
/// CRLF, lines of at most 75 octets, VERSION and PRODID, and per event UID, DTSTAMP
/// and DTSTART, timed ones in Europe/Berlin with its VTIMEZONE in the file. Returns
/// (UID, end date as YYYYMMDD) of each event.
fn check_calendar(path: &Path) -> Vec<(String, String)> {
    let raw = std::fs::read_to_string(path).unwrap();
    assert!(raw.ends_with("\r\n"));
    for line in raw.split("\r\n") {
        assert!(!line.contains('\n'), "{}: bare LF", path.display());
        assert!(
            line.len() <= 75,
            "{}: line longer than 75 octets: {line}",
            path.display()
        );
    }
    let unfolded = unfold(&raw);
    let cal = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names: Vec<&str> = cal.properties.iter().map(|p| p.name.as_str()).collect();
    assert!(
        names.contains(&"VERSION") && names.contains(&"PRODID"),
        "{names:?}"
    );
    assert!(!cal.components.is_empty(), "a calendar needs a component");
    let has_tz = cal.components.iter().any(|c| {
        c.name.as_str() == "VTIMEZONE"
            && prop(c, "TZID").is_some_and(|p| p.val.as_str() == "Europe/Berlin")
    });
    let mut events = Vec::new();
    for e in cal
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
    {
        let uid = prop(e, "UID").expect("UID").val.as_str().to_string();
        let stamp = prop(e, "DTSTAMP")
            .expect("DTSTAMP")
            .val
            .as_str()
            .to_string();
        assert!(
            stamp.ends_with('Z') && stamp.len() == 16,
            "DTSTAMP in UTC: {stamp}"
        );
        let start = prop(e, "DTSTART").expect("DTSTART");
        let end = prop(e, "DTEND").expect("DTEND");
        for p in [start, end] {
            if p.val.as_str().contains('T') {
                assert_eq!(param(p, "TZID").as_deref(), Some("Europe/Berlin"), "{uid}");
                assert!(has_tz, "{}: TZID without VTIMEZONE", path.display());
            } else {
                assert_eq!(param(p, "VALUE").as_deref(), Some("DATE"), "{uid}");
            }
        }
        assert!(
            end.val.as_str() >= start.val.as_str(),
            "{uid}: ends before it starts"
        );
        assert!(prop(e, "SUMMARY").is_some(), "{uid}: SUMMARY");
        events.push((uid, end.val.as_str()[..8].to_string()));
    }
    events
}

#[test]
fn every_calendar_file_parses_and_the_all_events_file_holds_the_upcoming_ones() {
    for (_keep, out) in outputs() {
        let dir = out.join("termine");
        let mut single = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "ics") && !p.ends_with("termine.ics") {
                let events = check_calendar(&p);
                assert_eq!(events.len(), 1, "{}", p.display());
                single.extend(events);
            }
        }
        assert!(!single.is_empty());
        let all = check_calendar(&dir.join("termine.ics"));
        let today = DATE.replace('-', "");
        // An all-day DTEND is exclusive: the event ended the day before.
        let upcoming: Vec<&(String, String)> = single
            .iter()
            .filter(|(_, end)| end.as_str() >= today.as_str())
            .collect();
        let mut expected: Vec<&String> = upcoming.iter().map(|(uid, _)| uid).collect();
        let mut found: Vec<&String> = all.iter().map(|(uid, _)| uid).collect();
        expected.sort();
        found.sort();
        assert_eq!(found, expected, "the calendar of all upcoming events");
        let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(page.contains("href=\"webcal://"), "subscription link");
        assert!(
            page.contains("/termine/termine.ics\" download"),
            "download link"
        );
    }
}

/// A line break in `base_url` (a YAML escape) once wrote extra lines into robots.txt
/// and the calendars and broke the feed; now it is an error at its line, and
/// `--base-url` refuses it as a usage error.
#[test]
fn a_base_url_with_a_line_break_is_refused() {
    let f = Fixture::new("minimal");
    f.edit(
        "site.yaml",
        "base_url: https://fk.example.org/",
        "base_url: \"https://fk.example.org/\\nDisallow: /\"",
    );
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    let err = crate::common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("--> site.yaml:3:1"), "{err}");
    assert!(err.contains("error[base-url/invalid]"), "{err}");
    assert!(err.contains("hint: "), "{err}");
    assert!(!f.out().join("robots.txt").exists());

    let f = Fixture::new("minimal");
    for bad in [
        "https://fk.example.org/\nDisallow: /",
        "fk.example.org",
        "https://a.de/\"x",
    ] {
        let out = f.run(&[
            "build",
            "site",
            "-o",
            "public",
            "--date",
            DATE,
            "--base-url",
            bad,
        ]);
        let err = crate::common::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {err}");
        assert!(err.contains("--base-url"), "{err}");
        assert!(!f.out().exists());
    }
    let out = f.run(&[
        "build",
        "site",
        "-o",
        "public",
        "--date",
        DATE,
        "--base-url",
        "https://vorschau.example.org/fk",
    ]);
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    assert!(
        f.page("robots.txt")
            .ends_with("\nSitemap: https://vorschau.example.org/fk/sitemap.xml\n")
    );
}

/// Control characters written as YAML escapes never reach the feed or a calendar:
/// each is an error at the escape.
#[test]
fn control_characters_in_yaml_escapes_are_errors_at_the_escape() {
    let f = Fixture::new("minimal");
    f.edit(
        "news/2026-10-01-start.md",
        "title: Neue Projekte gestartet",
        "title: \"Neue Projekte\\x07 gestartet\"",
    );
    f.edit(
        "events/fachkraeftetag.md",
        "location: Kreishaus, Amtsweg 1, 01234 Teststadt",
        "location: \"Kreishaus\\u0000\\r\\nBEGIN:VALARM\"",
    );
    f.edit("site.yaml", "title: ", "title: \"\\e[31m\" # ");
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    let err = crate::common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for place in [
        "news/2026-10-01-start.md:2:22",
        "events/fachkraeftetag.md:5:21",
        "site.yaml:1:9",
    ] {
        assert!(err.contains(&format!("--> {place}\n")), "{place}: {err}");
    }
    assert!(
        err.contains("U+0007") && err.contains("U+0000") && err.contains("U+001B"),
        "{err}"
    );
    assert!(!f.out().exists());
}
