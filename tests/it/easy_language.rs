//! Leichte Sprache and Gebärdensprache: every page's header links the pages that
//! exist, none when they do not, and `check` warns when a site has neither.

use crate::common::{DATE, Fixture, stderr};

const EASY: &str = "<a class=\"access-links__link\" href=\"/leichte-sprache/\"";
const SIGN: &str = "<a class=\"access-links__link\" href=\"/gebaerdensprache/\"";

/// Every page of the build the theme made (static HTML files keep their own
/// header), as (path, text).
fn html_pages(f: &Fixture) -> Vec<(String, String)> {
    crate::common::tree(&f.out())
        .into_iter()
        .filter(|(p, bytes)| {
            p.ends_with(".html")
                && String::from_utf8_lossy(bytes).contains("<header class=\"site-header\">")
        })
        .map(|(p, bytes)| (p, String::from_utf8(bytes).unwrap()))
        .collect()
}

fn check(f: &Fixture, lang: &str) -> String {
    let out = f.run(&["check", "site", "--date", DATE, "--lang", lang]);
    assert!(out.status.success(), "{}", stderr(&out));
    stderr(&out)
}

#[test]
fn header_links_the_pages_in_easy_and_sign_language_only_when_they_exist() {
    let f = Fixture::new("minimal");
    f.build();
    let pages = html_pages(&f);
    assert!(pages.len() > 10, "{} pages", pages.len());
    for (path, html) in &pages {
        assert!(!html.contains("access-links"), "{path} has the links");
    }
    let de = check(&f, "de");
    assert!(
        de.contains(
            "warning[site/no-easy-language]: Die Website hat weder eine Seite in Leichter Sprache"
        ),
        "{de}"
    );
    let en = check(&f, "en");
    assert!(
        en.contains(
            "warning[site/no-easy-language]: The site has neither a page in Leichte Sprache"
        ),
        "{en}"
    );

    f.write(
        "pages/leichte-sprache.md",
        "---\ntitle: Leichte Sprache\n---\nWir sind eine Gruppe.\n",
    );
    f.build();
    for (path, html) in &html_pages(&f) {
        assert_eq!(html.matches(EASY).count(), 1, "{path}");
        assert!(
            !html.contains(SIGN),
            "{path} links a page that does not exist"
        );
        // The pictogram is hidden; the German link text names the link.
        assert!(
            html.contains("aria-hidden=\"true\" focusable=\"false\""),
            "{path}"
        );
        assert!(html.contains("<span>Leichte Sprache</span></a>"), "{path}");
    }
    assert!(
        f.page("leichte-sprache/index.html")
            .contains(&format!("{EASY} aria-current=\"page\""))
    );
    assert!(!check(&f, "de").contains("site/no-easy-language"));

    f.write(
        "pages/gebaerdensprache.md",
        "---\ntitle: Gebärdensprache\n---\nUnser Video in Gebärdensprache.\n",
    );
    f.build();
    for (path, html) in &html_pages(&f) {
        assert!(html.contains(EASY) && html.contains(SIGN), "{path}");
        assert!(html.contains("<span>Gebärdensprache</span></a>"), "{path}");
    }
    // A draft is no page: its link waits until it is published.
    f.edit("pages/leichte-sprache.md", "title:", "draft: true\ntitle:");
    f.build();
    assert!(!f.page("index.html").contains(EASY));
    assert!(f.page("index.html").contains(SIGN));
}

#[test]
fn on_an_english_site_the_link_texts_stay_german_and_say_so() {
    let f = Fixture::new("englisch");
    f.write(
        "pages/leichte-sprache.md",
        "---\ntitle: Leichte Sprache\n---\nWir sind eine Gruppe.\n",
    );
    f.build();
    let home = f.page("index.html");
    assert!(home.contains(&format!("{EASY} lang=\"de\"")), "{home}");
    assert!(home.contains("aria-label=\"Easy-to-read German and sign language\""));
}

#[test]
fn a_new_site_has_both_pages_as_drafts_that_build() {
    let f = Fixture::new("minimal");
    let out = f.run(&["new", "site", "neu"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for page in ["leichte-sprache", "gebaerdensprache"] {
        let text =
            std::fs::read_to_string(f.tmp.path().join(format!("neu/pages/{page}.md"))).unwrap();
        assert!(text.contains("draft: true"), "{page}");
        assert!(text.contains("Hinweise"), "{page} has no guidance");
    }
    let out = f.run(&["build", "neu", "-o", "out", "--date", DATE, "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let home = std::fs::read_to_string(f.tmp.path().join("out/index.html")).unwrap();
    assert!(home.contains(EASY) && home.contains(SIGN));
    // The guidance is a comment in the front matter: it never reaches the page.
    let sign =
        std::fs::read_to_string(f.tmp.path().join("out/gebaerdensprache/index.html")).unwrap();
    assert!(!sign.contains("Hinweise für"));
    assert!(!sign.contains("embed"));
}
