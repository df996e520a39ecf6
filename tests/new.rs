//! `fachwerk new`: a new site builds at once; new content files build with --drafts.

mod common;

use common::{DATE, Fixture, stderr};

#[test]
fn a_new_site_and_new_files_of_every_kind_build() {
    let f = Fixture::new("minimal");
    let out = f.run(&["new", "site", "neu"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (kind, title) in [
        ("project", "Azubi-Speed-Dating \"Zukunft\""),
        ("news", "Neue Förderperiode"),
        ("event", "Fachkräftetag 2027"),
        ("call", "Projektaufruf 2027"),
        ("page", "Häufige Fragen"),
    ] {
        let out = f.run(&["new", kind, title, "--site", "neu"]);
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
    }
    assert!(f.tmp.path().join("neu/pages/haeufige-fragen.md").is_file());
    let out = f.run(&["build", "neu", "-o", "out", "--date", DATE, "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(
        f.tmp
            .path()
            .join("out/projekte/azubi-speed-dating-zukunft/index.html"),
    )
    .unwrap();
    assert!(
        page.contains("Azubi-Speed-Dating &quot;Zukunft&quot;")
            || page.contains("Azubi-Speed-Dating \"Zukunft\"")
    );
    // Without --drafts the new files stay out.
    let out = f.run(&["build", "neu", "-o", "out", "--date", DATE]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !f.tmp
            .path()
            .join("out/projekte/azubi-speed-dating-zukunft")
            .exists()
    );
}

#[test]
fn new_never_overwrites() {
    let f = Fixture::new("minimal");
    let out = f.run(&["new", "site", "site"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not empty"));
    assert!(
        f.run(&["new", "news", "Zweimal", "--site", "site"])
            .status
            .success()
    );
    let again = f.run(&["new", "news", "Zweimal", "--site", "site"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("exists already"));
}
