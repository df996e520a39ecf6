//! The funding notice cannot be hidden (issue 12): each attempt either fails the
//! build and `check` with exit status 1 at the file, line and column that caused it,
//! writing nothing, or is defended, and the notice stays on the page
//! (tests/browser/notice.test.mjs opens those pages in Chromium and measures it).

use crate::common::{DATE, Fixture, footer, stderr};
use fachwerk::count_notices;

const NOTICE: &str = "Diese Maßnahme wird mitfinanziert mit Steuermitteln auf Grundlage des vom Sächsischen Landtag beschlossenen Haushaltes.";

/// (location, message) of each error in the output of a run.
fn errors(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        // `error: …`, or with a catalogue code `error[html/restyle]: …`.
        let coded = line
            .strip_prefix("error[")
            .and_then(|rest| rest.split_once("]: ").map(|(_, m)| m));
        if let Some(message) = line.strip_prefix("error: ").or(coded) {
            let at = lines.peek().and_then(|l| l.trim().strip_prefix("--> "));
            out.push((at.unwrap_or("").to_string(), message.to_string()));
        }
    }
    out
}

/// The minimal site with `files` written into it.
fn site(files: &[(&str, &str)]) -> Fixture {
    let f = Fixture::new("minimal");
    for (path, text) in files {
        f.write(path, text);
    }
    f
}

/// Asserts that `build` and `check` fail with exit status 1 and report each of
/// `expected` (location, start of the message in English), and that nothing was
/// written.
fn refused(files: &[(&str, &str)], expected: &[(&str, &str)]) {
    let f = site(files);
    for args in [
        &[
            "build", "site", "-o", "public", "--date", DATE, "--lang", "en",
        ][..],
        &["check", "site", "--date", DATE, "--lang", "en"],
    ] {
        let out = f.run(args);
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?} did not fail:\n{text}");
        let found = errors(&text);
        for (at, message) in expected {
            assert!(
                found.iter().any(|(l, m)| l == at && m.starts_with(message)),
                "{args:?}: missing `{at}: {message}` in:\n{text}"
            );
        }
        assert!(!f.out().exists(), "a failed build wrote its output");
    }
}

/// A static page with the theme's kind of footer, holding `inside`.
fn static_page(inside: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>Formular</title></head>\n<body><main><h1>Formular</h1></main>\n<footer><p>Stand 2020</p>{inside}</footer>\n</body></html>\n"
    )
}

#[test]
fn a_marker_on_an_element_without_content_is_an_error() {
    // `<br>` in a static page's footer; `<meta>` in a template of the site.
    refused(
        &[
            (
                "static/formular.html",
                &static_page("<br data-funding-notice>"),
            ),
            (
                "templates/404.html",
                "<!DOCTYPE html>\n<html lang=\"de\"><head><title>Nicht gefunden</title>\n<meta data-funding-notice>\n</head><body><main><h1>Nicht gefunden</h1></main><footer></footer></body></html>\n",
            ),
        ],
        &[
            (
                "static/formular.html:4:26",
                "the funding-notice marker stands on `<br>`, which cannot show text",
            ),
            (
                "templates/404.html:3:1",
                "the funding-notice marker stands on `<meta>`, which cannot show text",
            ),
        ],
    );
}

#[test]
fn a_hidden_marker_is_an_error() {
    refused(
        &[
            (
                "static/a.html",
                &static_page("<div data-funding-notice hidden></div>"),
            ),
            (
                "static/b.html",
                &static_page("<div data-funding-notice style=\"display:none\"></div>"),
            ),
            (
                "static/c.html",
                &static_page("<template><div data-funding-notice></div></template>"),
            ),
            (
                "templates/page.html",
                "<!DOCTYPE html>\n<html lang=\"de\"><head><title>{{ page.title }}</title></head>\n<body><main><h1>{{ page.title }}</h1>{{ item.content | safe }}</main>\n<footer><div aria-hidden=\"true\">\n<div class=\"funding-notice\" data-funding-notice></div></div></footer>\n</body></html>\n",
            ),
        ],
        &[
            (
                "static/a.html:4:26",
                "the funding notice would not be seen: the attribute `hidden` of this element hides it",
            ),
            (
                "static/b.html:4:26",
                "the funding notice would not be seen: the style `display: none` of this element hides it",
            ),
            (
                "static/c.html:4:26",
                "the funding notice would not be seen: it stands inside `<template>`",
            ),
            (
                "templates/page.html:4:9",
                "the funding notice would not be seen: the attribute `aria-hidden=\"true\"` of this element hides it",
            ),
        ],
    );
}

#[test]
fn raw_html_in_markdown_that_reaches_the_footer_is_an_error() {
    let page = |body: &str| format!("---\ntitle: Über uns\n---\n## Unser Auftrag\n\n{body}\n");
    refused(
        &[
            (
                "pages/ueber-uns.md",
                &page("Text <textarea style=\"display:none\">\n\nmehr"),
            ),
            ("pages/a.md", &page("<plaintext>")),
            ("pages/b.md", &page("Vorher\n\n<!-- alter Teil\n\nNachher")),
            ("pages/c.md", &page("<style>footer{display:none}</style>")),
            (
                "pages/d.md",
                &page("<style>\n.site-footer { opacity: 0 }\n</style>"),
            ),
        ],
        &[
            (
                "pages/ueber-uns.md:6:6",
                "the style `display: none` can hide or move parts of the page",
            ),
            ("pages/ueber-uns.md:6:6", "`<textarea>` is never closed"),
            (
                "pages/a.md:6:1",
                "`<plaintext>` in the text turns what follows into plain text",
            ),
            ("pages/b.md:8:1", "this comment is never closed"),
            (
                "pages/c.md:6:1",
                "`<style>` in the text would restyle the whole page",
            ),
            (
                "pages/d.md:6:1",
                "`<style>` in the text would restyle the whole page",
            ),
        ],
    );
}

#[test]
fn a_static_fragment_ending_in_a_comment_is_an_error() {
    refused(
        &[("static/teil.html", "<p>Ein Teil</p>\n<!-- alter Fuß\n")],
        &[(
            "static/teil.html:2:1",
            "the page ends inside a comment that starts here",
        )],
    );
}

#[test]
fn stylesheet_rules_that_hide_the_notice_are_errors_at_their_line() {
    refused(
        &[
            (
                "static/css/eigen.css",
                "/* Fuß */\n.kind-page .site-footer {\n  color: #333;\n  opacity: 0.2;\n}\n",
            ),
            (
                "templates/404.html",
                "<!DOCTYPE html>\n<html lang=\"de\"><head><title>Weg</title>\n<style>\n  [data-funding-notice] { position: absolute; left: -9999px }\n</style>\n</head><body><main><h1>Weg</h1></main><footer></footer></body></html>\n",
            ),
        ],
        &[
            (
                "static/css/eigen.css:4:3",
                "`opacity: 0.2` in the rule `.kind-page .site-footer` would hide the funding notice",
            ),
            (
                "templates/404.html:4:27",
                "`position: absolute` in the rule `[data-funding-notice]` would hide the funding notice",
            ),
        ],
    );
}

#[test]
fn stylesheets_from_other_hosts_are_errors() {
    refused(
        &[
            (
                "static/css/eigen.css",
                "@import url(\"https://fonts.example.com/a.css\");\n",
            ),
            (
                "templates/404.html",
                "<!DOCTYPE html>\n<html lang=\"de\"><head><title>Weg</title>\n<link rel=\"stylesheet\" href=\"https://cdn.example.com/fuss.css\">\n</head><body><main><h1>Weg</h1></main><footer></footer></body></html>\n",
            ),
        ],
        &[
            (
                "static/css/eigen.css:1:1",
                "the stylesheet imports `https://fonts.example.com/a.css` from another host",
            ),
            (
                "templates/404.html:3:1",
                "the page loads the stylesheet `https://cdn.example.com/fuss.css` from another host",
            ),
        ],
    );
}

#[test]
fn defended_attempts_build_and_keep_the_notice() {
    let f = site(&[
        // A fragment without footer gets a footer of its own, a landmark.
        ("static/teil.html", "<p>Ein Teil</p>\n"),
        // The footer of a static page sits in a wrapper.
        (
            "static/alt.html",
            "<!DOCTYPE html>\n<html lang=\"de\"><head><title>Alt</title></head><body><div class=\"seite\"><main><h1>Alt</h1></main><footer>Fuß</footer></div></body></html>\n",
        ),
        // Rules on the notice's own text lose against its inline style; hiding what
        // is not around the notice, and printing, is fine.
        (
            "static/css/eigen.css",
            ".funding-notice__text { opacity: 0; visibility: hidden; transform: scale(0) }\n.kasten[hidden] { display: none }\n@media print { .site-footer { display: none } }\n",
        ),
        // What editors need in raw HTML.
        (
            "pages/ueber-uns.md",
            "---\ntitle: Über uns\n---\n## Unser Auftrag\n\n<details>\n<summary>Mehr</summary>\n\nText mit <abbr title=\"Industrie- und Handelskammer\">IHK</abbr> und 10<sup>3</sup>.<br>Neu\n\n</details>\n\n<div class=\"kasten\" hidden>später</div>\n",
        ),
    ]);
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert!(out.status.success(), "{}", stderr(&out));
    let teil = f.page("teil.html");
    assert_eq!(count_notices(&teil), (1, 0));
    assert!(
        teil.contains("<footer class=\"funding-footer\" role=\"contentinfo\"><div class=\"funding-notice\" data-funding-notice>"),
        "{teil}"
    );
    let alt = f.page("alt.html");
    assert!(footer(&alt).contains(NOTICE), "{alt}");
    assert!(!alt.contains("funding-footer"), "{alt}");
    let about = f.page("ueber-uns/index.html");
    assert!(about.contains("<abbr title=\"Industrie- und Handelskammer\">IHK</abbr>"));
    assert!(footer(&about).contains(NOTICE));
    let check = f.run(&["check", "site", "--date", DATE]);
    assert!(check.status.success(), "{}", stderr(&check));
}
