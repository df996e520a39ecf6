//! Snapshots of key pages of the minimal fixture: the shape of the output (landmarks,
//! headings, notice placement, links) is reviewed whenever a template changes.
//! Update after an intended change with `INSTA_UPDATE=always cargo test --test pages`
//! and review the diff.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "test code: a failed unwrap is a failed test, and a test reads top to bottom"
)]

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
        insta::assert_snapshot!(name, without_hashes(&f.page(path)));
    }
    for (name, path) in [
        ("feed", "aktuelles/feed.xml"),
        ("ics", "termine/fachkraeftetag.ics"),
        ("sitemap", "sitemap.xml"),
    ] {
        insta::assert_snapshot!(name, f.page(path).replace("\r\n", "⏎\n"));
    }
}

/// `fachwerk.3f2a9c1b.css` → `fachwerk.HASH.css`: the snapshots show the shape of a
/// page and must not change with every edit of the stylesheet.
fn without_hashes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['.']) {
        let (before, after) = rest.split_at(i + 1);
        out.push_str(before);
        let hex = after.len() >= 9
            && after.as_bytes()[..8]
                .iter()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            && after.as_bytes()[8] == b'.'
            && (after[9..].starts_with("css") || after[9..].starts_with("js"));
        if hex {
            out.push_str("HASH");
            rest = &after[8..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}
