//! The legal pages and the privacy promise, checked on the built output: missing legal
//! facts and bad embed blocks are errors at their place, an old accessibility review is
//! a warning, the consent panel exists only where a category needs consent, and the
//! shape of the three legal pages is a snapshot (fixture `consent`, which has an
//! optional category with cookies and an embedded video).
//! Update with `INSTA_UPDATE=always cargo test --test legal` and review the diff.

use crate::common::{DATE, Fixture, stderr};

/// The `<main>` element of a page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a main element");
    let end = html.find("</main>").expect("main is closed") + "</main>".len();
    &html[start..end]
}

#[test]
fn the_legal_pages_keep_their_shape() {
    let f = Fixture::new("consent");
    f.build();
    for (name, path) in [
        ("impressum", "impressum/index.html"),
        ("datenschutz", "datenschutz/index.html"),
        ("barrierefreiheit", "barrierefreiheit/index.html"),
    ] {
        insta::assert_snapshot!(name, main_of(&f.page(path)));
    }
}

#[test]
fn the_privacy_statement_lists_every_service_cookie_and_embed() {
    let f = Fixture::new("consent");
    f.build();
    let html = f.page("datenschutz/index.html");
    for needle in [
        "<caption id=\"dienste-essential\">Dienste der Kategorie „Notwendig“</caption>",
        "<caption id=\"dienste-analytics\">Dienste der Kategorie „Statistik“</caption>",
        "<caption id=\"cookies-analytics\">Cookies der Kategorie „Statistik“</caption>",
        "<th scope=\"row\"><code>_stats_id</code></th>",
        "<th scope=\"row\">Besuchsstatistik</th>",
        "Einwilligung, Art. 6 Abs. 1 Buchst. a DSGVO",
        "fachwerk-consent",
        "Google Ireland Limited",
        "href=\"tel:+49123456",
        "Maternistraße 17",
        "Art. 7 Abs. 3 DSGVO",
        "Art. 22",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn the_consent_panel_appears_only_where_a_category_needs_consent() {
    let with = Fixture::new("consent");
    with.build();
    for page in ["index.html", "impressum/index.html", "video/index.html"] {
        let html = unhashed(&with.page(page));
        assert!(
            html.contains("<script src=\"/js/consent.js\" defer></script>"),
            "{page}"
        );
        assert!(
            html.contains("data-consent-open"),
            "{page}: no footer button"
        );
        assert!(
            html.contains("<template data-consent-category=\"analytics\" data-consent-cookies=\"_stats_id \"><script src=\"/js/stats.js\"></script></template>"),
            "{page}: the script must wait inert"
        );
        assert_eq!(
            html.matches("<script src=\"/js/stats.js\"").count(),
            1,
            "{page}: the only reference is the inert one"
        );
    }
    let without = Fixture::new("minimal");
    without.build();
    for page in ["index.html", "datenschutz/index.html"] {
        let html = without.page(page);
        assert!(!html.contains("consent"), "{page} mentions consent");
    }
}

#[test]
fn a_missing_legal_fact_is_an_error_at_its_section() {
    let f = Fixture::new("minimal");
    f.edit(
        "site.yaml",
        "  content_responsible: Max Beispiel, Landratsamt Testkreis, Amtsweg 1, 01234 Teststadt\n",
        "",
    );
    f.edit(
        "site.yaml",
        "    name: Behördlicher Datenschutzbeauftragter\n    email: datenschutz@example.org\n",
        "    name: Behördlicher Datenschutzbeauftragter\n",
    );
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains("warning[legal/no-content-responsible]: Das Impressum nennt keine für den Inhalt verantwortliche Person (§ 18 Abs. 2 MStV)"),
        "{text}"
    );
    assert!(
        text.contains("`represented_by` mit der Anschrift des Betreibers.\n  --> site.yaml:8:1"),
        "{text}"
    );
    assert!(text.contains("error[legal/dpo-no-contact]: "), "{text}");
    assert!(text.contains("  --> site.yaml:18:3"), "{text}");
    assert!(!f.out().exists(), "a failed build writes nothing");
}

/// DESIGN.md has `content_responsible` optional: without it the site builds, with a
/// warning, and the Impressum names the representative at the operator's address.
#[test]
fn without_a_responsible_person_the_impressum_names_the_representative() {
    let f = Fixture::new("minimal");
    f.edit(
        "site.yaml",
        "  content_responsible: Max Beispiel, Landratsamt Testkreis, Amtsweg 1, 01234 Teststadt\n",
        "",
    );
    let out = f.build();
    assert!(
        stderr(&out).contains("warning[legal/no-content-responsible]: "),
        "{}",
        stderr(&out)
    );
    let html = f.page("impressum/index.html");
    let section = html
        .split("Verantwortlich für journalistisch-redaktionelle Inhalte")
        .nth(1)
        .expect("the § 18 MStV section");
    assert!(
        section.contains(
            "Landrätin Erika Muster<br>\nLandratsamt Testkreis<br>\nAmtsweg 1<br>\n01234 Teststadt"
        ),
        "{section}"
    );
}

#[test]
fn an_old_accessibility_review_is_a_warning() {
    let f = Fixture::new("minimal");
    let out = f.run(&["check", "site", "--date", "2027-01-16"]);
    let text = stderr(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("warning[legal/review-due]: Die Erklärung zur Barrierefreiheit wurde zuletzt am 15.01.2026 überprüft"),
        "{text}"
    );
    let out = f.run(&["check", "site", "--date", "2027-01-15"]);
    assert!(!stderr(&out).contains("more than a year ago"));
}

#[test]
fn bad_embed_blocks_are_errors_with_their_line() {
    let f = Fixture::new("minimal");
    f.write(
        "pages/film.md",
        "---\ntitle: Film\n---\nText.\n\n```video\nurl: https://videos.example.org/v/1\ntitle: Film\npreview: images/fehlt.jpg\n```\n",
    );
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains(
            "error[embed/unknown-host]: `videos.example.org` ist kein bekannter Video-Anbieter.\n  --> pages/film.md:6:1"
        ),
        "{text}"
    );
    assert!(
        text.contains("error[embed/no-preview]: Das Vorschaubild `static/images/fehlt.jpg` gibt es nicht.\n  --> pages/film.md:6:1"),
        "{text}"
    );
}

#[test]
fn a_page_with_the_same_path_adds_text_to_a_legal_page() {
    let f = Fixture::new("minimal");
    f.write(
        "pages/impressum.md",
        "---\ntitle: Impressum\n---\nBildnachweis: Landratsamt Testkreis.\n",
    );
    f.build();
    let html = f.page("impressum/index.html");
    assert!(html.contains("Bildnachweis: Landratsamt Testkreis."));
    assert!(html.contains("Verantwortlich für journalistisch-redaktionelle Inhalte"));
}

/// `/js/consent.3f2a9c1b.js` → `/js/consent.js`: scripts carry a content hash in
/// their names; these tests look for them by the name they have in the theme.
fn unhashed(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('.') {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let b = after.as_bytes();
        let hashed = b.len() > 10
            && b[1..9]
                .iter()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
            && b[9] == b'.'
            && (after[10..].starts_with("js\"") || after[10..].starts_with("css\""));
        rest = if hashed {
            &after[9..]
        } else {
            out.push('.');
            &after[1..]
        };
    }
    out.push_str(rest);
    out
}
