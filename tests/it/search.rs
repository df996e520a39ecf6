//! The site search as `fachwerk build` makes it: the index is part of the output,
//! byte-identical from build to build, in the site's language, with the project
//! finder's facets; its files are fachwerk's own (a static file may not take their
//! place). The browser side is tested in tests/browser/search.test.mjs.

use crate::common::{DATE, Fixture, stderr, tree};

/// The output files below `suche/index/<lang>/`.
fn index_files(f: &Fixture, lang: &str) -> Vec<String> {
    let prefix = format!("suche/index/{lang}/");
    tree(&f.out())
        .into_keys()
        .filter(|p| p.starts_with(&prefix))
        .collect()
}

#[test]
fn two_builds_are_byte_identical_index_included() {
    let f = Fixture::new("search");
    f.build();
    let first = tree(&f.out());
    let out2 = f.tmp.path().join("public2");
    let again = f.run(&[
        "build",
        "site",
        "-o",
        out2.to_str().unwrap(),
        "--date",
        DATE,
    ]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(first, tree(&out2));
    let index = index_files(&f, "de");
    // Manifest, facets, at least one term chunk, a document per record (home, the
    // news item, the contact and five projects).
    assert!(
        index.contains(&"suche/index/de/index.json".to_string()),
        "{index:?}"
    );
    assert!(index.iter().any(|p| p.contains("/t/")), "{index:?}");
    assert_eq!(
        index.iter().filter(|p| p.contains("/d/")).count(),
        8,
        "{index:?}"
    );
    let manifest = f.page("suche/index/de/index.json");
    assert!(manifest.contains(r#""language":"de""#), "{manifest}");
    assert!(manifest.contains(r#""docs":8"#), "{manifest}");
}

#[test]
fn projects_carry_the_finders_facets_and_every_page_the_header_field() {
    let f = Fixture::new("search");
    f.build();
    let facets = index_files(&f, "de")
        .into_iter()
        .find(|p| p.contains("/facets."))
        .unwrap();
    let facets = f.page(&facets);
    for expected in [
        r#""carrier":{"values":["#,
        "Kreishandwerkerschaft Testkreis",
        r#""year":{"values":["#,
        r#""amount":["#,
        "/projekte/pflege-verbund/",
    ] {
        assert!(facets.contains(expected), "{expected} in {facets}");
    }
    let home = f.page("index.html");
    assert!(home.contains(r#"<form class="site-search" role="search" action="/suche/""#));
    let search = f.page("suche/index.html");
    assert!(
        !search.contains("site-search"),
        "one search landmark on /suche/"
    );
    assert!(search.contains(r#"type="search""#) && search.contains(r#"role="status""#));
    assert!(f.page("projekte/index.html").contains("data-finder"));
}

#[test]
fn an_english_site_gets_an_english_index() {
    let f = Fixture::new("englisch");
    f.build();
    assert!(index_files(&f, "de").is_empty());
    let manifest = f.page("suche/index/en/index.json");
    assert!(manifest.contains(r#""language":"en""#), "{manifest}");
    let doc = index_files(&f, "en")
        .into_iter()
        .filter(|p| p.contains("/d/"))
        .map(|p| f.page(&p))
        .find(|d| d.contains("/projekte/apprentice-guides/"))
        .unwrap();
    assert!(doc.contains(r#""kind":"Project""#), "{doc}");
}

#[test]
fn a_static_file_may_not_take_the_place_of_an_index_file() {
    let f = Fixture::new("search");
    f.write("static/suche/index/de/index.json", "{}");
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("static/suche/index/de/index.json"), "{err}");
    assert!(err.contains("error[file/taken-file]"), "{err}");
    assert!(
        err.contains("der Index der Suche"),
        "names what makes it: {err}"
    );
}
