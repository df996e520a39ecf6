//! Snapshots of key pages of the minimal fixture: the shape of the output (landmarks,
//! headings, notice placement, links) is reviewed whenever a template changes.
//! Update after an intended change with `INSTA_UPDATE=always cargo test --test pages`
//! and review the diff.

mod common;

use common::Fixture;

#[test]
fn key_pages_keep_their_shape() {
    let f = Fixture::new("minimal");
    f.build();
    for (name, path) in [
        ("home", "index.html"),
        ("project", "projekte/azubi-lotsen/index.html"),
        ("call_open", "projektaufrufe/aufruf-2027/index.html"),
        ("event", "termine/fachkraeftetag/index.html"),
        ("documents", "dokumente/index.html"),
        ("static_legacy", "legacy.html"),
    ] {
        insta::assert_snapshot!(name, f.page(path));
    }
    for (name, path) in [
        ("feed", "aktuelles/feed.xml"),
        ("ics", "termine/fachkraeftetag.ics"),
        ("sitemap", "sitemap.xml"),
    ] {
        insta::assert_snapshot!(name, f.page(path).replace("\r\n", "⏎\n"));
    }
}
