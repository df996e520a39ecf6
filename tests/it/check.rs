//! `fachwerk check`: every lint reports its finding at the source that caused it,
//! `build` reports the same findings as warnings, and the example site is clean.

use crate::common::{DATE, Fixture, stderr};
use std::process::Command;

/// Every mistake of the lint-mistakes fixture, as `location: code`.
const EXPECTED: &[(&str, &str)] = &[
    ("pages/ueber-uns.md:7:59", "lint/link-text"),
    ("pages/ueber-uns.md:8:14", "lint/link-text"),
    ("pages/ueber-uns.md:8:60", "lint/link-no-text"),
    ("pages/ueber-uns.md:9:13", "lint/link-text"),
    ("pages/ueber-uns.md:10:1", "lint/bare-url"),
    ("pages/ueber-uns.md:10:39", "lint/bare-url"),
    ("pages/ueber-uns.md:14:3", "link/no-file"),
    ("pages/ueber-uns.md:15:3", "link/no-page"),
    ("pages/ueber-uns.md:16:3", "link/no-anchor"),
    ("pages/ueber-uns.md:17:3", "link/no-anchor"),
    ("pages/ueber-uns.md:22:1", "lint/table-header"),
    ("pages/ueber-uns.md:26:1", "lint/table-header"),
    ("projects/azubi-lotsen.md:10:1", "lint/h1-in-text"),
    ("projects/azubi-lotsen.md:16:1", "lint/heading-skip"),
    ("projects/azubi-lotsen.md:18:1", "lint/image-alt"),
    ("projects/azubi-lotsen.md:22:24", "lint/image-alt"),
    ("templates/page.html:5:13", "link/no-page"),
    ("templates/page.html", "notice/count"),
];

/// (location, code) of each finding with a code in the output of a run.
fn codes(text: &str, label: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let code = line
            .strip_prefix(&format!("{label}["))
            .and_then(|rest| rest.split_once("]: ").map(|(c, _)| c));
        if let Some(code) = code {
            let at = lines.peek().and_then(|l| l.trim().strip_prefix("--> "));
            out.push((at.unwrap_or("").to_string(), code.to_string()));
        }
    }
    out
}

/// (location, message) of each error in the output of a run.
fn errors(text: &str, label: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        // `error: …`, or with a catalogue code `error[lint/x]: …`.
        let coded = line
            .strip_prefix(&format!("{label}["))
            .and_then(|rest| rest.split_once("]: ").map(|(_, m)| m));
        if let Some(message) = line.strip_prefix(&format!("{label}: ")).or(coded) {
            let at = lines.peek().and_then(|l| l.trim().strip_prefix("--> "));
            out.push((at.unwrap_or("").to_string(), message.to_string()));
        }
    }
    out
}

#[test]
fn check_reports_every_mistake_at_its_source() {
    let f = Fixture::new("lint-mistakes");
    let out = f.run(&["check", "site", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    let found = codes(&text, "error");
    for (at, code) in EXPECTED {
        assert!(
            found.iter().any(|(l, c)| l == at && c == code),
            "missing `{at}: {code}` in:\n{text}"
        );
    }
    assert_eq!(found.len(), EXPECTED.len(), "unexpected findings:\n{text}");
    assert_eq!(errors(&text, "error").len(), EXPECTED.len(), "{text}");
    assert!(text.contains("Die Prüfung fand 18 Fehler."), "{text}");
    for block in text.split("\n\n").filter(|b| b.starts_with("error")) {
        assert!(block.contains("= hint: "), "no hint:\n{block}");
    }
    assert!(!f.out().exists(), "check writes nothing");
    insta::assert_snapshot!("lint_mistakes", text);
}

#[test]
fn build_reports_the_same_findings_as_warnings_and_publishes() {
    let f = Fixture::new("lint-mistakes");
    let out = f.build();
    let text = stderr(&out);
    let warnings = codes(&text, "warning");
    for (at, code) in EXPECTED {
        assert!(
            warnings.iter().any(|(l, c)| l == at && c == code),
            "missing warning `{at}: {code}` in:\n{text}"
        );
    }
    assert!(errors(&text, "error").is_empty(), "{text}");
    // The decorative image is rendered with an empty alt text.
    let project = f.page("projekte/azubi-lotsen/index.html");
    assert!(
        project.contains(r#"<img src="/images/sachsen.svg" alt="""#),
        "{project}"
    );
}

#[test]
fn fixing_a_mistake_removes_its_finding() {
    let f = Fixture::new("lint-mistakes");
    f.edit(
        "pages/ueber-uns.md",
        "[hier](/docs/konzept.pdf)",
        "[Handlungskonzept (PDF)](/docs/konzept.pdf)",
    );
    f.edit(
        "projects/azubi-lotsen.md",
        "#### Ergebnisse",
        "### Ergebnisse",
    );
    let text = stderr(&f.run(&["check", "site", "--date", DATE]));
    assert!(text.contains("Die Prüfung fand 16 Fehler."), "{text}");
    assert!(
        !text.contains("`hier`") && !text.contains("`####`"),
        "{text}"
    );
}

#[test]
fn the_minimal_and_the_example_site_pass() {
    let f = Fixture::new("minimal");
    let out = f.run(&["check", "site", "--date", DATE]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(errors(&stderr(&out), "error").is_empty());

    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let out = Command::new(env!("CARGO_BIN_EXE_fachwerk"))
        .args(["check", example.to_str().unwrap(), "--date", DATE])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let text = stderr(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("Die Prüfung ist bestanden (0 Warnungen)."),
        "the example site has findings:\n{text}"
    );
}

/// A document, an image and a Markdown link whose file names hold spaces, umlauts,
/// `&` and `'` (in tests/fixtures/zweite-allianz): their URLs are percent-encoded
/// (a space in an `href` is invalid HTML), they lead to the files, and the link lint
/// finds them. Before, `&` and `'` (written `&amp;`, `&#39;` in the attribute) made
/// the link lint report the document links as broken, blamed on the theme.
#[test]
fn file_names_with_spaces_umlauts_and_ampersands_give_valid_working_links() {
    let f = Fixture::new("zweite-allianz");
    let out = f.run(&["check", "site", "--date", DATE]);
    assert!(out.status.success(), "{}", stderr(&out));
    f.build();
    let doc = "docs/Bericht%20%C3%9Cbersicht%20&amp;%20Plan";
    let documents = f.page("dokumente/index.html");
    assert!(
        documents.contains(&format!(
            "href=\"/fachkraefteallianz/{doc}&#39;s%202025.pdf\""
        )),
        "{documents}"
    );
    let partner = f.page("partner/index.html");
    assert!(
        partner.contains(&format!(
            "href=\"/fachkraefteallianz/{doc}&#x27;s%202025.pdf\""
        )),
        "{partner}"
    );
    let news = f.page("aktuelles/2026-11-10-monitoring/index.html");
    assert!(
        news.contains("src=\"/fachkraefteallianz/images/Pendler%20%C3%9Cbersicht.svg\""),
        "{news}"
    );
    // The image kept its size: the encoded URL still names the file.
    assert!(news.contains("width=\"1600\" height=\"400\""), "{news}");
    for file in [
        "docs/Bericht Übersicht & Plan's 2025.pdf",
        "images/Pendler Übersicht.svg",
    ] {
        assert!(f.out().join(file).is_file(), "{file}");
    }
    // No raw space or umlaut is left in any URL attribute of the output.
    for (path, bytes) in crate::common::tree(&f.out()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\""] {
            for value in html.split(attr).skip(1) {
                let url = &value[..value.find('"').unwrap()];
                assert!(!url.contains(' ') && url.is_ascii(), "{path}: {attr}{url}");
            }
        }
    }
}

/// A broken address in raw HTML of a body is reported where the editor wrote it,
/// not in the theme's template (which once got the blame, without a line).
#[test]
fn a_broken_address_in_raw_html_is_reported_in_the_markdown_file() {
    let f = Fixture::new("minimal");
    f.write(
        "pages/ueber-uns.md",
        "---\ntitle: Über uns\n---\nText.\n\n<p>Siehe <a href=\"/docs/a&amp;b.pdf\">Plan</a>.</p>\n\nMehr <img src=\"/fehlt.png\" alt=\"\"> Text.\n",
    );
    let out = f.run(&["check", "site", "--date", DATE]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[link/no-file]: Die Adresse `/docs/a&b.pdf` führt zu keiner Datei"),
        "{err}"
    );
    assert!(err.contains("--> pages/ueber-uns.md:6:19\n"), "{err}");
    assert!(err.contains("--> pages/ueber-uns.md:8:16\n"), "{err}");
    assert!(!err.contains("templates/page.html"), "{err}");
}

/// A link to a Markdown file is told the address of the page made of it.
#[test]
fn a_link_to_a_markdown_file_is_told_the_pages_address() {
    let f = Fixture::new("minimal");
    f.edit(
        "pages/ueber-uns.md",
        "\n---\n",
        "\n---\nSiehe [Azubi-Lotsen](../projects/azubi-lotsen.md) und [X](x.md).\n",
    );
    let out = f.run(&["check", "site", "--date", DATE]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let found = codes(&text, "error");
    assert_eq!(found.len(), 2, "{text}");
    assert!(
        found.iter().all(|(_, c)| c == "link/markdown-file"),
        "{text}"
    );
    assert!(
        text.contains("hint: Verlinken Sie die Adresse der Seite: `/projekte/azubi-lotsen/`."),
        "{text}"
    );
}
