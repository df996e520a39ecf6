//! Rough edges of the default theme (issue 19, item 6) that the HTML shows: one
//! date format per site, a table of contents on the Datenschutz page, no underlined
//! space after an external link.

use crate::common::Fixture;

/// Whether `text` holds a numeric date like "03.11.2026".
fn has_numeric_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(10).any(|w| {
        let d = |i: usize| w[i].is_ascii_digit();
        d(0) && d(1) && w[2] == b'.' && d(3) && d(4) && w[5] == b'.' && (6..10).all(d)
    })
}

#[test]
fn every_page_writes_dates_one_way() {
    let f = Fixture::new("minimal");
    f.build();
    let pages: Vec<_> = crate::common::tree(&f.out())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .collect();
    assert!(pages.len() > 10);
    for (path, bytes) in pages {
        let html = String::from_utf8(bytes).unwrap();
        assert!(!has_numeric_date(&html), "{path} has a numeric date");
    }
    assert!(has_numeric_date("am 03.11.2026"));
}

#[test]
fn the_privacy_statement_has_a_table_of_contents_of_its_sections() {
    let f = Fixture::new("minimal");
    f.build();
    let html = f.page("datenschutz/index.html");
    let toc = &html[html.find("<nav class=\"toc\"").unwrap()..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    let targets: Vec<&str> = toc
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let sections = html.matches("<h2 id=\"").count();
    assert_eq!(targets.len(), sections, "{toc}");
    for t in targets {
        assert!(
            html.contains(&format!("<h2 id=\"{t}\">")),
            "#{t} leads nowhere"
        );
    }
}

#[test]
fn the_external_link_label_keeps_its_space_inside_the_hidden_text() {
    let f = Fixture::new("minimal");
    f.build();
    let html = f.page("partner/index.html");
    assert!(html.contains("<span class=\"visually-hidden\"> (externer Link)</span></a>"));
    assert!(!html.contains(" <span class=\"visually-hidden\">"));
}

#[test]
fn a_text_page_with_three_sections_has_a_table_of_contents() {
    let f = Fixture::new("minimal");
    f.write(
        "pages/lang.md",
        "---\ntitle: Lang\n---\n## Erstens\n\nA\n\n### Unterpunkt\n\nB\n\n## Zweitens `x`\n\nC\n\n## Drittens\n\nD\n",
    );
    f.build();
    let page = f.page("lang/index.html");
    assert!(
        page.contains(r#"<nav class="toc" aria-labelledby="toc-heading">"#),
        "{page}"
    );
    let start = page.find("toc__list").unwrap();
    let toc = &page[start..start + page[start..].find("</nav>").unwrap()];
    assert_eq!(
        toc.matches("<li>").count(),
        3,
        "only the ## headings: {toc}"
    );
    assert!(
        toc.contains(r##"<a href="#zweitens-x">Zweitens x</a>"##),
        "{toc}"
    );
    assert!(page.contains(r#"<div class="prose with-toc__body">"#));
    // Two sections are not worth a table of contents.
    let short = f.page("ueber-uns/index.html");
    assert!(!short.contains("class=\"toc\""), "{short}");
}
