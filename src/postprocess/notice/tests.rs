use crate::content::config::FundingNotice;
use crate::css::Collector;
use crate::postprocess::{PageError, Settings, Sources, count_notices, process_page};
use std::path::PathBuf;

fn settings(css: &str) -> Settings {
    let notice = FundingNotice {
        text: "Gefördert.".into(),
        logo: None,
        logo_alt: None,
    };
    let mut c = Collector::default();
    c.stylesheet(PathBuf::from("static/css/site.css"), css);
    Settings::new(
        &notice,
        "(extern)",
        &crate::content::base_url::BaseUrl::parse("https://fk.example.org/").unwrap(),
    )
    .with_sources(c.compile().0, Sources::default())
}

/// The page after the pass, or the messages of its problems.
fn run(html: &str, css: &str) -> Result<String, Vec<String>> {
    match process_page(html, &settings(css)) {
        Ok((out, facts)) => {
            assert_eq!(facts.notices.0, 1, "{out}");
            Ok(out)
        }
        Err(PageError::Notice(problems, _)) => {
            // The English words of the catalogue, with the parameters filled in.
            let en = crate::messages::Language::En;
            Err(problems
                .into_iter()
                .map(|p| p.msg.error("x", en).message().to_string())
                .collect())
        }
        Err(e) => panic!("{e:?}"),
    }
}

fn refused(html: &str, css: &str, expected: &str) {
    match run(html, css) {
        Ok(out) => panic!("{html} was accepted:\n{out}"),
        Err(m) => assert!(m.iter().any(|m| m.contains(expected)), "{html}: {m:?}"),
    }
}

#[test]
fn markers_on_elements_that_cannot_show_text() {
    for html in [
        "<body><footer><br data-funding-notice></footer></body>",
        "<head><meta data-funding-notice></head><body><footer></footer></body>",
        "<body><img data-funding-notice alt=\"\"><footer></footer></body>",
        "<body><footer><textarea data-funding-notice></textarea></footer></body>",
        "<body><footer><svg><text data-funding-notice></text></svg></footer></body>",
    ] {
        refused(html, "", "cannot show text");
    }
}

#[test]
fn hidden_markers() {
    for (html, why) in [
        (
            "<footer><div data-funding-notice hidden></div></footer>",
            "`hidden`",
        ),
        (
            "<footer><div data-funding-notice style=\"display:none\"></div></footer>",
            "`display: none`",
        ),
        (
            "<footer><template><div data-funding-notice></div></template></footer>",
            "`<template>`",
        ),
        (
            "<footer aria-hidden=\"true\"><div data-funding-notice></div></footer>",
            "aria-hidden",
        ),
        (
            "<details><p data-funding-notice></p></details>",
            "`<details>`",
        ),
        (
            "<div style=\"opacity: .1\"><div><p data-funding-notice></p></div></div>",
            "`opacity: .1`",
        ),
    ] {
        refused(&format!("<body>{html}</body>"), "", why);
    }
}

#[test]
fn visible_markers_pass() {
    for html in [
        "<footer><div hidden>später</div><div data-funding-notice></div></footer>",
        "<details open><p data-funding-notice></p></details>",
        "<template><p>x</p></template><footer><div data-funding-notice></div></footer>",
        "<footer><div style=\"color: red\"><p data-funding-notice></p></div></footer>",
        // Closed by the end tag around it, before the notice.
        "<div class=\"w\"><span hidden>x</div><footer><div data-funding-notice></div></footer>",
    ] {
        let out = run(&format!("<body>{html}</body>"), "").unwrap();
        assert_eq!(count_notices(&out), (1, 0), "{out}");
    }
}

#[test]
fn the_footer_fachwerk_fills_must_be_visible() {
    refused(
        "<body><main></main><footer hidden></footer></body>",
        "",
        "puts into the page's footer",
    );
    refused("<body hidden><p>x</p></body>", "", "end of the page's body");
    // A footer inside a template is not the page's: a footer of its own follows.
    let out = run(
        "<body><template><footer></footer></template><main></main></body>",
        "",
    )
    .unwrap();
    assert!(
        out.contains("<main></main><footer class=\"funding-footer\""),
        "{out}"
    );
    // A footer in a wrapper is the page's; one inside an article is not.
    let out = run(
        "<body><div><main></main><footer>F</footer></div></body>",
        "",
    )
    .unwrap();
    assert!(out.contains("F<div class=\"funding-notice\""), "{out}");
    assert!(!out.contains("funding-footer"), "{out}");
    let out = run(
        "<body><main><article><footer>Q</footer></article></main></body>",
        "",
    )
    .unwrap();
    assert!(
        out.contains("Q</footer></article></main><footer class=\"funding-footer\""),
        "{out}"
    );
    // What the page left open inside the footer holds what comes before `</footer>`.
    refused(
        "<body><footer><div hidden>x</footer></body>",
        "",
        "the attribute `hidden`",
    );
    refused(
        "<body><main></main><p hidden>x</body>",
        "",
        "the attribute `hidden`",
    );
}

#[test]
fn a_page_must_not_end_where_the_notice_would_be_swallowed() {
    refused("<p>x</p><!-- offen", "", "inside a comment");
    refused("<p>x</p><textarea>", "", "inside a textarea");
    refused("<p>x</p><plaintext>y", "", "inside a plaintext");
    refused("<p>x</p><svg><![CDATA[ y", "", "inside `<svg>`");
    assert_eq!(
        super::open_at_end("<p>x</p><svg><![CDATA[ y"),
        Some((13, "CDATA section"))
    );
    assert_eq!(super::open_at_end("<p>x</p><!-- a --!>"), None);
    assert_eq!(
        super::open_at_end("<p>x</p><!-- a --"),
        Some((8, "comment"))
    );
    refused("<p>x</p><template><p>", "", "`<template>`");
    assert!(run("<p>x</p><!-- zu --><script>1</script>", "").is_ok());
}

#[test]
fn stylesheet_rules_that_hide_the_notice() {
    let page = "<body class=\"kind-page\"><main><p class=\"x\">a</p></main><footer class=\"site-footer\"><div class=\"funding-notice\" data-funding-notice></div></footer></body>";
    for css in [
        "footer { display: none }",
        ".kind-page .site-footer { opacity: 0 }",
        "[data-funding-notice] { opacity: 0 }",
        ".site-footer span { color: transparent }",
        "body { text-indent: -9999px }",
        "@media (max-width: 40em) { .funding-notice { clip-path: inset(50%) } }",
        "footer::after { content: ''; position: fixed; inset: 0; background: #fff }",
    ] {
        refused(page, css, "would hide the funding notice");
    }
    for css in [
        "main footer { display: none }",
        ".x { display: none }",
        ".funding-notice__text { visibility: hidden; opacity: 0; transform: scale(0) }",
        // The text inherits these, and its own style sets them again.
        "footer { visibility: hidden; font-size: 0; white-space: nowrap }",
        "@media print { footer { display: none } }",
        ".funding-notice:empty { display: none }",
    ] {
        assert!(run(page, css).is_ok(), "{css}");
    }
    // The footer fachwerk inserts the notice into, and the one it creates.
    refused(
        "<body><footer></footer></body>",
        ".funding-notice { display: none }",
        "would hide",
    );
    refused(
        "<p>x</p>",
        ".funding-footer { display: none }",
        "would hide",
    );
}

#[test]
fn stylesheets_from_other_hosts_are_refused() {
    refused(
        "<head><link rel=\"stylesheet\" href=\"https://cdn.example.com/a.css\"></head><body><footer></footer></body>",
        "",
        "from another host",
    );
    assert!(run("<head><link rel=\"stylesheet\" href=\"/css/a.css\"><link rel=\"preconnect\" href=\"https://x.example\"></head><body></body>", "").is_ok());
}
