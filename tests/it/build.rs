//! Building a small valid site: every URL of DESIGN.md, the funding notice on every
//! page, dates, drafts, determinism and the output's safety rules.

use crate::common::{DATE, Fixture, footer, stderr, tree};
use fachwerk::count_notices;

const NOTICE: &str = "Diese Maßnahme wird mitfinanziert mit Steuermitteln auf Grundlage des vom Sächsischen Landtag beschlossenen Haushaltes.";

#[test]
fn every_url_of_the_design_is_built() {
    let f = Fixture::new("minimal");
    f.build();
    for path in [
        "index.html",
        "ueber-uns/index.html",
        "partner/index.html",
        "kontakt/index.html",
        "projekte/index.html",
        "projekte/azubi-lotsen/index.html",
        "projekte/rueckkehr/index.html",
        "projekte/thema/berufsorientierung/index.html",
        "projekte/thema/zuzug/index.html",
        "projektaufrufe/index.html",
        "projektaufrufe/aufruf-2027/index.html",
        "aktuelles/index.html",
        "aktuelles/2026-10-01-start/index.html",
        "aktuelles/feed.xml",
        "termine/index.html",
        "termine/fachkraeftetag/index.html",
        "termine/fachkraeftetag.ics",
        "dokumente/index.html",
        "impressum/index.html",
        "datenschutz/index.html",
        "barrierefreiheit/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "docs/konzept.pdf",
        "legacy.html",
    ] {
        assert!(f.out().join(path).is_file(), "missing {path}");
    }
}

#[test]
fn every_page_carries_the_notice_once_in_its_footer_and_projects_twice() {
    let f = Fixture::new("minimal");
    f.build();
    let files = tree(&f.out());
    let mut html_files = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        html_files += 1;
        let html = String::from_utf8(bytes.clone()).unwrap();
        let is_project = path.starts_with("projekte/")
            && !path.starts_with("projekte/thema/")
            && path != "projekte/index.html";
        let expected = if is_project { (1, 1) } else { (1, 0) };
        assert_eq!(count_notices(&html), expected, "{path}");
        assert_eq!(
            html.matches(NOTICE).count(),
            expected.0 + expected.1,
            "{path}"
        );
        assert!(
            footer(&html).contains(NOTICE),
            "{path}: notice not in the footer"
        );
        assert!(
            footer(&html).contains(r#"alt="Freistaat Sachsen""#),
            "{path}: logo missing"
        );
    }
    assert!(html_files >= 20, "only {html_files} pages");
}

#[test]
fn an_html_file_dropped_into_static_gets_the_notice() {
    let f = Fixture::new("minimal");
    f.write("static/formulare/antrag.html", "<p>Antrag als Fragment</p>");
    f.build();
    let legacy = f.page("legacy.html");
    assert_eq!(count_notices(&legacy), (1, 0));
    assert!(footer(&legacy).contains(NOTICE));
    assert!(legacy.contains("Stand 2019"), "content kept");
    let fragment = f.page("formulare/antrag.html");
    assert_eq!(count_notices(&fragment), (1, 0));
    assert!(fragment.contains(NOTICE));
}

#[test]
fn a_custom_notice_text_replaces_the_default_everywhere() {
    let f = Fixture::new("minimal");
    let plural = "Die Projekte und Maßnahmen der Fachkräfteallianz Testkreis werden mitfinanziert mit Steuermitteln auf Grundlage des vom Sächsischen Landtag beschlossenen Haushaltes.";
    f.edit(
        "site.yaml",
        "funding_notice:\n",
        &format!("funding_notice:\n  text: {plural}\n"),
    );
    f.build();
    let home = f.page("index.html");
    assert!(footer(&home).contains(plural));
    assert!(!home.contains(NOTICE));
}

#[test]
fn calls_are_open_until_their_deadline() {
    let f = Fixture::new("minimal");
    f.build();
    assert!(
        f.page("index.html")
            .contains(r#"href="/projektaufrufe/aufruf-2027/""#),
        "open call on the home page"
    );
    let after = f.run(&["build", "site", "-o", "public", "--date", "01.03.2027"]);
    assert!(after.status.success(), "{}", stderr(&after));
    assert!(
        !f.page("index.html")
            .contains(r#"href="/projektaufrufe/aufruf-2027/""#),
        "closed call not on the home page"
    );
}

#[test]
fn source_date_epoch_sets_the_build_date() {
    let f = Fixture::new("minimal");
    // 2027-03-01T00:00:00Z: the 2027 call is closed.
    let out = f.run_env(
        &["build", "site", "-o", "public"],
        &[("SOURCE_DATE_EPOCH", "1803859200")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !f.page("index.html")
            .contains(r#"href="/projektaufrufe/aufruf-2027/""#)
    );
    let out = f.run_env(
        &["build", "site", "-o", "public"],
        &[("SOURCE_DATE_EPOCH", "1795000000")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        f.page("index.html")
            .contains(r#"href="/projektaufrufe/aufruf-2027/""#)
    );
}

#[test]
fn drafts_only_with_the_flag() {
    let f = Fixture::new("minimal");
    f.build();
    assert!(!f.out().join("aktuelles/entwurf/index.html").exists());
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE, "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(f.out().join("aktuelles/entwurf/index.html").exists());
}

#[test]
fn same_input_gives_identical_output_in_another_directory() {
    let a = Fixture::new("minimal");
    let b = Fixture::new("minimal");
    a.build();
    b.build();
    let (ta, tb) = (tree(&a.out()), tree(&b.out()));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs between two builds");
    }
}

#[test]
fn the_example_site_builds_byte_identically_from_other_directories() {
    // Two copies of the example site in different directories, built from different
    // working directories with relative and absolute paths: the trees are equal, byte
    // for byte, manifest, hashed assets, feeds and calendars included (`diff -r`).
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&example, &a.path().join("site"));
    crate::common::copy_dir(&example, &b.path().join("deep/er/alliance"));
    let run = |cwd: &std::path::Path, args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_fachwerk"))
            .args(args)
            .current_dir(cwd)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };
    run(a.path(), &["build", "site", "-o", "public", "--date", DATE]);
    let b_site = b.path().join("deep/er/alliance");
    let b_out = b.path().join("out");
    run(
        &b_site,
        &["build", ".", "-o", b_out.to_str().unwrap(), "--date", DATE],
    );
    let (ta, tb) = (tree(&a.path().join("public")), tree(&b_out));
    assert!(ta.len() > 40, "{} files", ta.len());
    assert!(ta.contains_key("termine/termine.ics") && ta.contains_key(".fachwerk-manifest"));
    assert!(ta.keys().any(|p| p.starts_with("css/fachwerk.") && p.len() == "css/fachwerk.12345678.css".len()));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs between the two builds");
    }
}

#[test]
fn files_with_bom_crlf_and_german_dates_are_read() {
    let f = Fixture::new("minimal");
    f.write(
        "news/windows.md",
        "\u{feff}---\r\ntitle: Aus Word kopiert\r\ndate: 05.11.2026\r\nsummary: Mit BOM und CRLF.\r\n---\r\nÄrger über Umlaute? Keiner.\r\n",
    );
    f.build();
    let page = f.page("aktuelles/windows/index.html");
    assert!(page.contains("Aus Word kopiert"));
    assert!(page.contains("Ärger über Umlaute? Keiner."));
    assert!(
        page.contains("05.11.2026") || page.contains("5. November 2026"),
        "German date shown"
    );
}

#[test]
fn links_images_documents_and_contacts_are_prepared() {
    let f = Fixture::new("minimal");
    f.build();
    let project = f.page("projekte/rueckkehr/index.html");
    assert!(
        project.contains(r#"<a href="https://example.com/info" rel="external">externem Link<span class="visually-hidden"> (externer Link)</span></a>"#),
        "external link marked"
    );
    assert!(
        project.contains(r#"<a href="/projekte/">internem Link</a>"#),
        "internal link untouched"
    );
    assert!(project.contains("Clara Extern"), "inline contact shown");
    assert!(project.contains(r#"href="tel:+493511234""#));

    let docs = f.page("dokumente/index.html");
    assert!(docs.contains("PDF, 1,2 MB"), "type and size stated");
    assert!(docs.contains(r#"href="/docs/konzept.pdf""#));

    let contacts = f.page("kontakt/index.html");
    assert!(contacts.contains(r#"href="tel:+49123456710""#));
    assert!(contacts.contains(r#"href="mailto:anna@example.org""#));
    assert!(
        contacts.contains("Schreiben Sie uns."),
        "pages/kontakt.md adds its text"
    );

    let partners = f.page("partner/index.html");
    let chair = partners.find("Landkreis Testkreis").unwrap();
    let member = partners.find("Industrie- und Handelskammer Test").unwrap();
    assert!(chair < member, "chair listed before members");

    let call = f.page("projektaufrufe/aufruf-2027/index.html");
    assert!(
        call.contains("28.02.2027") || call.contains("28. Februar 2027"),
        "deadline shown"
    );
    assert!(call.contains("Handlungskonzept"), "call documents linked");
    assert!(call.contains("anna@example.org"), "submit_to contact shown");
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let f = Fixture::new("minimal");
    f.build();
    let before = tree(&f.out());
    f.edit("contacts.yaml", "  phone:", "  telefon:");
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(tree(&f.out()), before);
    let leftovers: Vec<_> = std::fs::read_dir(f.tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "only site/ and public/: {leftovers:?}");
}

/// The pages go into the staging directory as each is finished: a mistake found on
/// one page, after others were written, still leaves the previous output as it was
/// and no staging directory behind.
#[test]
fn a_build_failing_on_a_page_leaves_the_previous_output_and_no_staging() {
    let f = Fixture::new("minimal");
    f.build();
    let before = tree(&f.out());
    let templates = f.site().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    for page in [
        // The notice hidden on the pages of page.html only: found after the other
        // pages are written.
        "<!DOCTYPE html>\n<html lang=\"de\"><head><title>{{ page.title }}</title></head>\n<body><main><h1>{{ page.title }}</h1>{{ item.content | safe }}</main>\n<footer><div aria-hidden=\"true\">\n<div class=\"funding-notice\" data-funding-notice></div></div></footer>\n</body></html>\n",
        // A template that fails while rendering.
        "<!DOCTYPE html>\n<html lang=\"de\"><head><title>{{ page.title }}</title></head>\n<body>{{ item.content }}{{ page.title.nothing.here }}</body></html>\n",
    ] {
        std::fs::write(templates.join("page.html"), page).unwrap();
        let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("page.html"), "{}", stderr(&out));
        assert_eq!(tree(&f.out()), before);
        let leftovers: Vec<_> = std::fs::read_dir(f.tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "only site/ and public/: {leftovers:?}");
    }
}

#[test]
fn a_rebuild_keeps_files_fachwerk_did_not_create_and_removes_its_stale_ones() {
    let f = Fixture::new("minimal");
    f.build();
    std::fs::write(f.out().join(".htaccess"), "Options -Indexes\n").unwrap();
    std::fs::remove_file(f.site().join("events/rueckblick.md")).unwrap();
    f.build();
    assert_eq!(
        std::fs::read_to_string(f.out().join(".htaccess")).unwrap(),
        "Options -Indexes\n"
    );
    assert!(
        !f.out().join("termine/rueckblick/index.html").exists(),
        "stale page removed"
    );
}

#[test]
fn a_foreign_output_directory_is_refused() {
    let f = Fixture::new("minimal");
    std::fs::create_dir_all(f.out()).unwrap();
    std::fs::write(f.out().join("wichtig.txt"), "nicht löschen").unwrap();
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error[output/not-ours]"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(f.out().join("wichtig.txt")).unwrap(),
        "nicht löschen"
    );
}

#[test]
fn check_passes_a_valid_site_without_writing() {
    let f = Fixture::new("minimal");
    let out = f.run(&["check", "site", "--date", DATE]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!f.out().exists(), "check writes nothing");
}

#[test]
fn a_site_template_overrides_the_theme() {
    let f = Fixture::new("minimal");
    f.write(
        "templates/404.html",
        "<!DOCTYPE html><html lang=\"de\"><head><title>Weg</title></head><body><main><h1>Hier ist nichts</h1></main><footer></footer></body></html>",
    );
    f.build();
    let page = f.page("404.html");
    assert!(page.contains("Hier ist nichts"));
    assert!(
        footer(&page).contains(NOTICE),
        "notice added to an override without a marker"
    );
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_site_is_never_published() {
    let f = Fixture::new("minimal");
    let secret = f.tmp.path().join("geheim.txt");
    std::fs::write(&secret, "Passwort").unwrap();
    std::os::unix::fs::symlink(&secret, f.site().join("static/geheim.txt")).unwrap();
    std::os::unix::fs::symlink(
        f.site().join("static/images/sachsen.svg"),
        f.site().join("static/logo.svg"),
    )
    .unwrap();
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("static/geheim.txt"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("error[file/link-outside]"),
        "{}",
        stderr(&out)
    );
    assert!(!f.out().exists());
    std::fs::remove_file(f.site().join("static/geheim.txt")).unwrap();
    f.build();
    assert!(
        f.page("logo.svg").contains("<svg"),
        "a link inside the site is copied"
    );
}

#[test]
fn a_page_with_the_path_of_a_generated_page_names_it_and_adds_its_text() {
    let f = Fixture::new("minimal");
    f.write("pages/partner.md", "---\ntitle: Unsere Mitglieder\ndescription: Wer mitmacht.\n---\nDie Allianz hat viele Mitglieder.\n");
    f.build();
    let page = f.page("partner/index.html");
    assert!(
        page.contains("<h1>Unsere Mitglieder</h1>"),
        "title taken over"
    );
    assert!(page.contains("<title>Unsere Mitglieder –"), "window title");
    assert!(
        page.contains("Die Allianz hat viele Mitglieder."),
        "text added"
    );
    assert!(page.contains(r#"content="Wer mitmacht.""#), "description");
    assert!(
        !f.out()
            .join("partner/index.html")
            .with_file_name("partner.html")
            .exists()
    );
    // The home page keeps the site's title.
    assert!(
        f.page("index.html")
            .contains("<h1>Fachkräfteallianz Testkreis</h1>")
    );
}

#[test]
fn missing_members_of_the_alliance_are_a_warning_not_an_error() {
    let f = Fixture::new("minimal");
    let out = f.build();
    let text = stderr(&out);
    let warning = text
        .lines()
        .find(|l| l.starts_with("warning[legal/membership]: "))
        .unwrap_or_else(|| panic!("no membership warning: {text}"));
    // The missing members are named in words, each with the `kind:` that counts,
    // never as a raw list of codes.
    assert!(warning.contains("(`kind: city`)"), "{warning}");
    assert!(warning.contains("(`kind: union`)"), "{warning}");
    assert!(!warning.contains("city (2)"), "{warning}");
    assert!(!warning.contains("(`kind: county`)"), "{warning}");
    assert_eq!(out.status.code(), Some(0));
}

/// The output path of the stylesheet the home page links.
fn stylesheet(f: &Fixture) -> String {
    let home = f.page("index.html");
    let start = home.find("<link rel=\"stylesheet\" href=\"/").unwrap() + 30;
    let end = start + home[start..].find('"').unwrap();
    home[start..end].to_string()
}

#[test]
fn css_and_js_carry_a_content_hash_and_a_change_gives_a_new_name() {
    let f = Fixture::new("minimal");
    f.write(
        "static/formulare/karte.html",
        "<!DOCTYPE html><html lang=\"de\"><head><title>Karte</title><script src=\"/js/karte.js\" defer></script></head><body><main><div data-src=\"/js/karte.js\"></div></main></body></html>",
    );
    f.write("static/js/karte.js", "console.log('Karte');\n");
    f.build();
    let first = stylesheet(&f);
    assert!(
        first.starts_with("css/fachwerk.") && first.ends_with(".css") && first.len() == 25,
        "{first}"
    );
    assert!(f.out().join(&first).is_file());
    assert!(
        !f.out().join("css/fachwerk.css").exists(),
        "the theme's stylesheet is written only under its hashed name"
    );
    // A site's own script: hashed name for the pages, its own name kept as well.
    let karte = f.page("formulare/karte.html");
    let js: Vec<&str> = karte.matches("/js/karte.").collect();
    assert_eq!(js.len(), 2, "{karte}");
    assert!(!karte.contains("\"/js/karte.js\""), "{karte}");
    assert!(f.out().join("js/karte.js").is_file());
    assert!(
        f.page("dokumente/index.html")
            .contains("href=\"/docs/konzept.pdf\""),
        "a PDF keeps its name"
    );

    // The site replaces the theme's stylesheet: a new name, the old one is gone.
    f.write("static/css/fachwerk.css", "body { color: #222; }\n");
    f.build();
    let second = stylesheet(&f);
    assert_ne!(first, second);
    assert!(!f.out().join(&first).exists(), "stale stylesheet removed");
    assert_eq!(
        std::fs::read_to_string(f.out().join(&second)).unwrap(),
        "body { color: #222; }\n"
    );
}

#[test]
fn a_static_file_at_a_generated_path_is_an_error_naming_both() {
    let f = Fixture::new("minimal");
    f.build();
    let before = tree(&f.out());
    let cases = [
        ("robots.txt", "search engines"),
        ("sitemap.xml", "list of all pages"),
        ("aktuelles/feed.xml", "news feed"),
        ("termine/termine.ics", "calendar of all upcoming events"),
        ("termine/fachkraeftetag.ics", "calendar file of an event"),
        ("404.html", "the page `/404.html`"),
        ("impressum/index.html", "the page `/impressum/`"),
        ("index.html", "the page `/`"),
        ("partner", "the folder `partner/`"),
        ("sitemap.xml/alt.xml", "the file `sitemap.xml`"),
    ];
    for (path, generator) in cases {
        f.write(&format!("static/{path}"), "von Hand");
        let out = f.run(&[
            "build", "site", "-o", "public", "--date", DATE, "--lang", "en",
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{path}: {err}");
        assert!(err.contains(&format!("--> static/{path}")), "{err}");
        assert!(err.contains("error[file/taken-"), "{path}: {err}");
        assert!(err.contains(generator), "{path}: {err}");
        assert_eq!(tree(&f.out()), before, "{path}");
        let file = f.site().join("static").join(path);
        std::fs::remove_file(&file).unwrap();
        if path.contains('/') {
            let _ = std::fs::remove_dir(file.parent().unwrap());
        }
    }
    f.build();
    assert_eq!(tree(&f.out()), before);
}

/// Scheduled publishing: a news item dated after the build date, or any item whose
/// `publish:` day lies after it, is left out (the nightly build publishes it on its
/// day); `--drafts` previews it; an event's own future date does not count.
#[test]
fn items_scheduled_for_later_are_published_on_their_day() {
    let f = Fixture::new("minimal");
    f.edit(
        "news/2026-10-01-start.md",
        "date: 2026-10-01",
        "date: 2026-12-01",
    );
    f.edit(
        "projects/azubi-lotsen.md",
        "title: Azubi-Lotsen",
        "title: Azubi-Lotsen\npublish: 24.12.2026",
    );
    let news = "aktuelles/2026-10-01-start/index.html";
    let project = "projekte/azubi-lotsen/index.html";
    let built = |date: &str, drafts: bool| {
        let mut args = vec!["build", "site", "-o", "public", "--date", date];
        if drafts {
            args.push("--drafts");
        }
        let out = f.run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        (f.out().join(news).exists(), f.out().join(project).exists())
    };
    assert_eq!(built("2026-11-30", false), (false, false));
    assert!(
        !std::fs::read_to_string(f.out().join("aktuelles/feed.xml"))
            .unwrap()
            .contains("Neue Projekte gestartet")
    );
    assert!(
        f.out().join("termine/fachkraeftetag/index.html").exists(),
        "events stay"
    );
    assert_eq!(built("2026-11-30", true), (true, true));
    assert_eq!(built("2026-12-01", false), (true, false));
    assert_eq!(built("2026-12-24", false), (true, true));
}
