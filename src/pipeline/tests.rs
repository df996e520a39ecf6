//! The build that makes every page once against the one that keeps everything.

use super::incremental::tests::{copy_of, example_with_listing};
use super::{ImageWork, full_with, prepare};
use crate::content::collection::Collection;
use crate::content::model::Site;
use crate::util::files::{Content, Keep};
use std::collections::BTreeMap;
use std::path::Path;

/// The files of a build by path.
fn by_path(files: Vec<crate::util::files::OutputFile>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|f| (f.path.clone(), bytes(&f.content)))
        .collect()
}

/// The bytes of a file kept in memory.
fn bytes(content: &Content) -> Vec<u8> {
    match content {
        Content::Html(s) => s.as_bytes().to_vec(),
        Content::Bytes(b) => b.clone(),
        Content::Copy(p) => std::fs::read(p).unwrap(),
    }
}

/// How many items of `site` had their HTML made by their page.
fn made_later(site: &Site) -> usize {
    Collection::ALL
        .into_iter()
        .flat_map(|c| site.cores(c))
        .filter(|i| i.html_later)
        .count()
}

/// `build` leaves the bodies' HTML to their pages; every page and file is the one
/// the build that keeps every body's HTML (`serve`'s) makes, in every language.
#[test]
fn bodies_made_by_their_pages_are_the_bodies_kept() {
    let (_dir, opts) = copy_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    // An English project without a body of its own shows the German one, marked.
    let en = opts.site_dir.join("projects/willkommen-in-elbstein.en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    let end = text[4..].find("---\n").unwrap() + 8;
    std::fs::write(&en, &text[..end]).unwrap();
    let once = prepare(&opts, true, ImageWork::Later)
        .unwrap()
        .make(&Keep)
        .unwrap();
    let kept = full_with(&opts, ImageWork::Later).unwrap();
    assert_eq!(made_later(&kept.site), 0);
    let sites = std::iter::once(&once.site).chain(once.variants.iter().map(|v| &v.site));
    let (later, items): (usize, usize) = sites.fold((0, 0), |(l, n), site| {
        let items = Collection::ALL
            .into_iter()
            .filter(|c| *c != Collection::Page)
            .map(|c| site.cores(c).len())
            .sum::<usize>();
        (l + made_later(site), n + items)
    });
    // Every item but the free pages, in German and in English.
    assert_eq!(later, items);
    assert!(later > 10, "{later}");
    let inherited: Vec<bool> = (once.variants.iter().flat_map(|v| &v.site.projects))
        .filter(|p| p.body_lang.is_some())
        .map(|p| p.html_later)
        .collect();
    assert_eq!(inherited, [true]);
    // Free pages keep their HTML: one may be another page's introduction.
    assert!(once.site.pages.iter().all(|p| !p.html_later));
    let (once, kept) = (by_path(once.build.files), by_path(kept.build.files));
    assert_eq!(
        once.keys().collect::<Vec<_>>(),
        kept.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &once {
        assert!(bytes == &kept[path], "{path} differs");
    }
}

/// A theme whose listing shows other items' bodies gets every body's HTML before
/// the pages, as before.
#[test]
fn a_theme_that_shows_other_bodies_keeps_them() {
    let (_dir, opts) = example_with_listing(
        "{% include \"partials/full.html\" %}",
        "full.html",
        "{{ news.content | safe }}",
    );
    // A sentence of the body of news/2025-10-08-fachkraeftemonitoring.md.
    let sentence = "ausgewertet, 412 Betriebe befragt";
    let once = prepare(&opts, true, ImageWork::Later)
        .unwrap()
        .make(&Keep)
        .unwrap();
    assert_eq!(made_later(&once.site), 0);
    let listing = once
        .build
        .files
        .iter()
        .find(|f| f.path == "aktuelles/index.html")
        .unwrap();
    let html = String::from_utf8(bytes(&listing.content)).unwrap();
    assert!(html.contains(sentence), "the body is not on /aktuelles/");
}
