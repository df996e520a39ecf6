//! English beside German on one site (`languages: [de, en]`): translated pages link
//! each other both ways (`hreflang` and the header's switch), untranslated pages claim
//! no alternate, the sitemap names the alternates, every page keeps the funding notice
//! (German, marked as such, with its English rendering on English pages), and `check`
//! tells translations without an original, outdated translations and what is left to
//! translate.

use crate::common::{DATE, Fixture, stderr, tree};

const BASE: &str = "https://fk.example.org";
const NOTICE: &str = "Diese Maßnahme wird mitfinanziert mit Steuermitteln";

/// The minimal site in German and English, with an English "about us" page and an
/// English version of one project.
fn bilingual() -> Fixture {
    let f = Fixture::new("minimal");
    f.edit(
        "site.yaml",
        "description: Testseite",
        "languages: [de, en]\ndescription: Testseite",
    );
    f.write(
        "pages/ueber-uns.en.md",
        "---\ntitle: About us\ndescription: Who we are.\n---\n## Our mission\n\nWe secure skilled workers.\n",
    );
    f.write(
        "projects/azubi-lotsen.en.md",
        "---\ntitle: Apprenticeship guides\nsummary: Guides accompany young people into training.\n---\n## Goals\n\nMore apprenticeship contracts.\n",
    );
    f
}

/// The `<link rel="alternate" hreflang>` of a page to `url`.
fn hreflang(lang: &str, url: &str) -> String {
    format!(r#"<link rel="alternate" hreflang="{lang}" href="{BASE}{url}">"#)
}

/// The header's switch link to `url` in `lang`.
fn switch(lang: &str, url: &str) -> String {
    format!(
        r#"<a class="language-switch__link" href="{BASE}{url}" hreflang="{lang}" lang="{lang}">"#
    )
}

/// The `<url>` entry of `loc` (a path) in `sitemap`.
fn sitemap_entry(sitemap: &str, loc: &str) -> String {
    let start = sitemap
        .find(&format!("<url><loc>{BASE}{loc}</loc>"))
        .unwrap_or_else(|| panic!("{loc} missing:\n{sitemap}"));
    let end = sitemap[start..].find("</url>").unwrap() + start;
    sitemap[start..end].to_string()
}

/// Every page of the build the theme made, as (path, text).
fn pages(f: &Fixture) -> Vec<(String, String)> {
    tree(&f.out())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .filter(|(_, html)| html.contains("<header class=\"site-header\">"))
        .collect()
}

#[test]
fn translated_pages_link_each_other_both_ways() {
    let f = bilingual();
    f.build();
    for url in ["/ueber-uns/", "/projekte/azubi-lotsen/"] {
        let de = f.page(&format!("{}index.html", &url[1..]));
        let en = f.page(&format!("en{url}index.html"));
        assert!(
            de.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"),
            "{url}"
        );
        assert!(
            en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{url}"
        );
        for page in [&de, &en] {
            assert!(page.contains(&hreflang("de", url)), "{url}");
            assert!(
                page.contains(&hreflang("en", &format!("/en{url}"))),
                "{url}"
            );
            assert!(page.contains(&hreflang("x-default", url)), "{url}");
        }
        assert!(de.contains(&switch("en", &format!("/en{url}"))), "{url}");
        assert!(en.contains(&switch("de", url)), "{url}");
        assert!(de.contains(r#"<meta property="og:locale" content="de_DE">"#));
        assert!(de.contains(r#"<meta property="og:locale:alternate" content="en_GB">"#));
        assert!(en.contains(r#"<meta property="og:locale" content="en_GB">"#));
        assert!(en.contains(r#"<meta property="og:locale:alternate" content="de_DE">"#));
        assert!(en.contains(&format!(r#"<link rel="canonical" href="{BASE}/en{url}">"#)));
    }
    let en = f.page("en/projekte/azubi-lotsen/index.html");
    // Inherited from the original: the carrier; translated: the title and body.
    assert!(en.contains("Bildungswerk Test e. V."));
    assert!(en.contains("<h1>Apprenticeship guides</h1>"));
    assert!(en.contains("More apprenticeship contracts."));
    // Links between English pages stay English; the site's files are shared.
    assert!(en.contains(r#"href="/en/projekte/""#), "listing link");
    assert!(en.contains(r#"href="/css/fachwerk."#), "stylesheet");
}

#[test]
fn english_headers_link_the_german_easy_language_page() {
    let f = bilingual();
    f.write(
        "pages/leichte-sprache.md",
        "---\ntitle: Leichte Sprache\n---\nWir sind eine Gruppe.\n",
    );
    f.build();
    for (path, html) in pages(&f).iter().filter(|(p, _)| p.starts_with("en/")) {
        assert!(
            html.contains(r#"<a class="access-links__link" href="/leichte-sprache/" lang="de">"#),
            "{path}"
        );
    }
    assert!(!f.out().join("en/leichte-sprache").exists());
}

#[test]
fn untranslated_pages_claim_no_alternate_and_switch_to_the_home_page() {
    let f = bilingual();
    f.build();
    let de = f.page("projekte/rueckkehr/index.html");
    assert!(!de.contains("hreflang=\"en\" href"), "no alternate link");
    assert!(!de.contains("og:locale:alternate"));
    assert!(
        de.contains(&switch("en", "/en/")),
        "switch to the English home"
    );
    assert!(!f.out().join("en/projekte/rueckkehr").exists());
    // The English listing shows the translated project only.
    let listing = f.page("en/projekte/index.html");
    assert!(listing.contains("Apprenticeship guides"));
    assert!(!listing.contains("Rückkehr in die Region"));
    // … and says so, linking the complete German list.
    assert!(
        listing.contains(&format!(
            r#"<p class="translated-note">This list shows the entries that are available in English. All entries: <a href="{BASE}/projekte/" hreflang="de" lang="de">Deutsch</a></p>"#
        )),
        "{listing}"
    );
    assert!(!f.page("projekte/index.html").contains("translated-note"));
}

#[test]
fn every_page_keeps_the_notice_in_german_and_english_pages_render_it() {
    let f = bilingual();
    f.build();
    let all = pages(&f);
    assert!(all.iter().filter(|(p, _)| p.starts_with("en/")).count() > 10);
    for (path, html) in &all {
        assert!(html.contains("data-funding-notice"), "{path}");
        assert!(html.contains(NOTICE), "{path}");
        let english = path.starts_with("en/");
        assert_eq!(
            html.contains(
                r#"<span class="funding-notice__translation">This measure is co-financed"#
            ),
            english,
            "{path}"
        );
        if english {
            assert!(
                html.contains(r#"class="funding-notice__text" lang="de""#),
                "{path}: the German sentence is marked German"
            );
        }
    }
}

#[test]
fn the_sitemap_names_the_alternates() {
    let f = bilingual();
    f.build();
    let sitemap = f.page("sitemap.xml");
    assert!(sitemap.contains(r#"xmlns:xhtml="http://www.w3.org/1999/xhtml""#));
    let entry = |loc: &str| sitemap_entry(&sitemap, loc);
    for loc in ["/ueber-uns/", "/en/ueber-uns/"] {
        let e = entry(loc);
        assert!(
            e.contains(&format!(
                r#"<xhtml:link rel="alternate" hreflang="en" href="{BASE}/en/ueber-uns/"/>"#
            )),
            "{e}"
        );
        assert!(
            e.contains(&format!(
                r#"<xhtml:link rel="alternate" hreflang="de" href="{BASE}/ueber-uns/"/>"#
            )),
            "{e}"
        );
    }
    assert!(!entry("/projekte/rueckkehr/").contains("xhtml:link"));
    // Feeds and calendars per language.
    let feed = f.page("en/aktuelles/feed.xml");
    assert!(feed.contains(&format!("{BASE}/en/")), "{feed}");
    assert!(f.out().join("en/termine/termine.ics").exists());
}

#[test]
fn english_legal_pages_say_the_german_version_is_binding() {
    let f = bilingual();
    f.build();
    for page in ["impressum", "datenschutz", "barrierefreiheit"] {
        let en = f.page(&format!("en/{page}/index.html"));
        assert!(
            en.contains(&format!(
                r#"<p class="binding-note">This page is a translation for your information. Only the German version is legally binding: <a href="{BASE}/{page}/" hreflang="de">"#
            )),
            "{page}"
        );
        assert!(
            !f.page(&format!("{page}/index.html"))
                .contains("<p class=\"binding-note\">")
        );
    }
    assert!(f.out().join("en/404.html").exists());
}

#[test]
fn a_page_head_in_english() {
    let f = bilingual();
    f.build();
    let en = f.page("en/ueber-uns/index.html");
    let head = &en[..en.find("<link rel=\"stylesheet\"").unwrap()];
    insta::assert_snapshot!("english_page_head", head);
}

#[test]
fn check_tells_orphans_outdated_translations_and_what_is_left() {
    let f = bilingual();
    let check = |f: &Fixture| f.run(&["check", "site", "--date", DATE, "--lang", "en"]);
    let out = check(&f);
    let text = stderr(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("warning[translation/unrecorded]"), "{text}");
    assert!(
        text.contains("en: 2 of 10 pages translated; not translated: calls/aufruf-2026.md"),
        "{text}"
    );
    // The hint names the fingerprint to record; recorded, the warning goes.
    let hash = |text: &str, file: &str| -> String {
        let at = text.find(&format!("--> {file}")).unwrap();
        let rest = &text[at..];
        let h = rest.find("translation_of: ").unwrap() + "translation_of: ".len();
        rest[h..h + 8].to_string()
    };
    let about = hash(&text, "pages/ueber-uns.en.md");
    f.edit(
        "pages/ueber-uns.en.md",
        "title: About us",
        &format!("title: About us\ntranslation_of: {about}"),
    );
    let text = stderr(&check(&f));
    assert!(!text.contains("--> pages/ueber-uns.en.md"), "{text}");
    // The original changes: the translation is outdated, naming both files.
    f.edit(
        "pages/ueber-uns.md",
        "Wir sichern",
        "Wir sichern und binden",
    );
    let text = stderr(&check(&f));
    assert!(
        text.contains(
            "warning[translation/outdated]: The original `pages/ueber-uns.md` has changed since this translation was made."
        ),
        "{text}"
    );
    assert!(text.contains("--> pages/ueber-uns.en.md:"), "{text}");
    // A translation without its original is an error.
    f.write("pages/fehlt.en.md", "---\ntitle: Missing\n---\nText.\n");
    let out = check(&f);
    let text = stderr(&out);
    assert!(!out.status.success());
    assert!(
        text.contains(
            "error[translation/orphan]: This translation has no original: `pages/fehlt.md` does not exist."
        ),
        "{text}"
    );
}

#[test]
fn yaml_data_translates_in_place() {
    let f = bilingual();
    f.edit(
        "partners.yaml",
        "- name: Industrie- und Handelskammer Test\n",
        "- name: Industrie- und Handelskammer Test\n  translations:\n    en: { name: Chamber of Industry and Commerce Test }\n",
    );
    f.build();
    let de = f.page("partner/index.html");
    let en = f.page("en/partner/index.html");
    assert!(de.contains("Industrie- und Handelskammer Test"));
    assert!(!de.contains("Chamber of Industry"));
    assert!(en.contains("Chamber of Industry and Commerce Test"));
    // Only the site's other languages can be translated into.
    f.edit("partners.yaml", "    en: {", "    fr: {");
    let out = f.run(&[
        "build", "site", "-o", "public", "--date", DATE, "--lang", "en",
    ]);
    assert!(!out.status.success());
    let text = stderr(&out);
    assert!(text.contains("error[translation/language]"), "{text}");
    assert!(text.contains("partners.yaml:6:5"), "{text}");
}

#[test]
fn site_yaml_names_one_language_or_a_list() {
    let f = bilingual();
    f.edit(
        "site.yaml",
        "languages: [de, en]",
        "language: de\nlanguages: [de, en]",
    );
    let out = f.run(&["check", "site", "--date", DATE]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("error[site/language-twice]"));
    f.edit(
        "site.yaml",
        "language: de\nlanguages: [de, en]",
        "languages: [de, de]",
    );
    let out = f.run(&["check", "site", "--date", DATE]);
    assert!(stderr(&out).contains("error[site/languages-empty]"));
}

#[test]
fn a_one_language_site_reads_a_dotted_name_as_before() {
    let f = Fixture::new("minimal");
    f.write(
        "pages/ueber-uns.en.md",
        "---\ntitle: About us\n---\nText.\n",
    );
    let out = f.build();
    // No second language: the file is a page of its own, as it always was.
    assert!(f.out().join("ueber-uns-en/index.html").exists());
    assert!(!f.out().join("en").exists());
    assert!(!f.page("ueber-uns/index.html").contains("hreflang"));
    // … but its editor is told, since an English version was most likely meant.
    let told = stderr(&out);
    assert!(
        told.contains("warning[translation/not-a-site-language]")
            && told.contains("pages/ueber-uns.en.md"),
        "{told}"
    );
    // A site with English among its languages reads it as the translation, silently.
    f.edit(
        "site.yaml",
        "description: Testseite",
        "languages: [de, en]\ndescription: Testseite",
    );
    let out = f.build();
    assert!(
        !stderr(&out).contains("not-a-site-language"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_site_whose_main_language_is_english_keeps_german_binding() {
    let f = Fixture::new("minimal");
    f.edit(
        "site.yaml",
        "description: Testseite",
        "languages: [en, de]\ndescription: Testseite",
    );
    f.write(
        "pages/ueber-uns.de.md",
        "---\ntitle: Über uns (Deutsch)\n---\nWir sichern Fachkräfte.\n",
    );
    f.build();
    let en = f.page("ueber-uns/index.html");
    let de = f.page("de/ueber-uns/index.html");
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(de.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"));
    assert!(en.contains("funding-notice__translation"));
    assert!(!de.contains("<span class=\"funding-notice__translation\">"));
    assert!(en.contains(&switch("de", "/de/ueber-uns/")));
    // The English legal pages point to the German ones, not the other way round.
    assert!(
        f.page("impressum/index.html")
            .contains("<p class=\"binding-note\">")
    );
    assert!(
        !f.page("de/impressum/index.html")
            .contains("<p class=\"binding-note\">")
    );
}

#[test]
fn check_lints_the_bodies_of_translations() {
    let f = bilingual();
    f.edit(
        "projects/azubi-lotsen.en.md",
        "More apprenticeship contracts.",
        "More apprenticeship contracts.\n\n![](/images/sachsen.svg)\n\nSee [here](/en/fehlt/).",
    );
    let out = f.run(&["check", "site", "--date", DATE, "--lang", "en"]);
    let text = stderr(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("error[lint/image-alt]"), "{text}");
    assert!(
        text.contains("--> projects/azubi-lotsen.en.md:9:"),
        "{text}"
    );
    assert!(text.contains("error[link/no-page]"), "{text}");
    // The German original's findings are not told twice by its English page.
    assert_eq!(text.matches("error[").count(), 3, "{text}");
}

/// A translation without a body takes the original's over; the English page marks
/// that German passage `lang="de"` (WCAG 3.1.2), and a translated body is not marked.
#[test]
fn a_body_taken_over_from_the_original_is_marked_with_its_language() {
    let f = bilingual();
    f.write(
        "news/2026-10-01-start.en.md",
        "---\ntitle: Launch of the alliance\n---\n",
    );
    f.build();
    let news = f.page("en/aktuelles/2026-10-01-start/index.html");
    assert!(news.contains("Launch of the alliance"), "{news}");
    let marked = news
        .split("<div lang=\"de\">")
        .nth(1)
        .unwrap_or_else(|| panic!("the German body is not marked: {news}"));
    let german = f.page("aktuelles/2026-10-01-start/index.html");
    let first_paragraph = german
        .split("<p>")
        .find(|p| p.starts_with("Text"))
        .map(|p| p.split("</p>").next().unwrap_or(""))
        .expect("the German news item has a paragraph starting with Text");
    assert!(marked.contains(first_paragraph), "{marked}");
    let about = f.page("en/ueber-uns/index.html");
    assert!(!about.contains("<div lang=\"de\">\n"), "{about}");
}

/// Every mistake at once, also beside a failing main language: the translations'
/// own mistakes are told in the same run, and `check` counts a placeholder of
/// `fachwerk new` as an error also when other errors stop the build (an editor who
/// fixes those must not meet new ones).
#[test]
fn a_failing_site_still_tells_the_mistakes_of_its_translations_and_placeholders() {
    let f = bilingual();
    f.write(
        "projects/gibt-es-nicht.en.md",
        "---\ntitle: Ghost\n---\nText.\n",
    );
    f.edit("pages/ueber-uns.en.md", "description:", "descripton:");
    f.edit(
        "site.yaml",
        "region: Landkreis Testkreis",
        "region: Landkreis Musterland",
    );
    let out = f.run(&["check", "site", "--date", DATE, "--lang", "en"]);
    let text = stderr(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("error[translation/orphan]"), "{text}");
    assert!(text.contains("--> projects/gibt-es-nicht.en.md"), "{text}");
    assert!(text.contains("error[content/unknown-field]"), "{text}");
    assert!(text.contains("--> pages/ueber-uns.en.md:3:"), "{text}");
    assert!(text.contains("error[content/placeholder]"), "{text}");
    assert!(!text.contains("warning[content/placeholder]"), "{text}");
    assert_eq!(
        text.matches("error[content/unknown-field]").count(),
        1,
        "{text}"
    );
}

/// The tag that opens right before the first `text` in the `<main>` of `html`.
fn tag_before<'a>(html: &'a str, text: &str) -> &'a str {
    let main = html.find("<main").unwrap_or(0);
    let at = html[main..]
        .find(text)
        .map(|i| main + i)
        .unwrap_or_else(|| panic!("`{text}` is not on the page: {html}"));
    let open = html[..at].rfind('<').unwrap_or(0);
    &html[open..at]
}

/// Single text fields a translation takes over from its original (a summary, a
/// carrier, a partner's description, a contact's function, a document's title, a
/// service's purpose) speak
/// German on English pages, and the element that holds each says so (WCAG 3.1.2);
/// what was translated is not marked, and German pages are not marked at all.
#[test]
fn fields_taken_over_from_the_original_are_marked_with_their_language() {
    let f = bilingual();
    f.write(
        "news/2026-10-01-start.en.md",
        "---\ntitle: Launch of the alliance\n---\nText in English.\n",
    );
    f.edit(
        "partners.yaml",
        "  short_name: IHK\n",
        "  short_name: IHK\n  description: Die Kammer berät Betriebe.\n  translations:\n    en: { name: Chamber of Industry and Commerce Test }\n",
    );
    f.edit(
        "privacy.yaml",
        "    required: true\n",
        "    required: true\n    translations: { en: { title: Necessary } }\n",
    );
    // A list the translation sets as a whole (the cookies) is in its language.
    f.edit(
        "privacy.yaml",
        "    purpose: Auslieferung der Seiten\n",
        "    purpose: Auslieferung der Seiten\n    cookies: [{ name: sid, duration: 1 Tag, purpose: Sitzung }]\n    translations:\n      en: { cookies: [{ name: sid, duration: 1 day, purpose: Keeping the session }] }\n",
    );
    f.build();
    // (page, text, marked German)
    let cases = [
        (
            "aktuelles/2026-10-01-start",
            "Drei neue Projekte beginnen.",
            true,
        ),
        (
            "aktuelles/2026-10-01-start",
            "Launch of the alliance",
            false,
        ),
        ("projekte/azubi-lotsen", "Bildungswerk Test e. V.", true),
        (
            "projekte/azubi-lotsen",
            "Guides accompany young people",
            false,
        ),
        ("projekte/azubi-lotsen", "Geschäftsstelle", true),
        ("partner", "Die Kammer berät Betriebe.", true),
        ("partner", "Landkreis Testkreis", true),
        ("partner", "Chamber of Industry and Commerce Test", false),
        ("dokumente", "Handlungskonzept", true),
        ("datenschutz", "Auslieferung der Seiten", true),
        ("datenschutz", "Necessary", false),
        ("datenschutz", "Keeping the session", false),
    ];
    for (page, text, german) in cases {
        let html = f.page(&format!("en/{page}/index.html"));
        let tag = tag_before(&html, text);
        if german {
            assert!(tag.contains(r#" lang="de""#), "{page}: {text} in {tag}");
        } else {
            assert!(!tag.contains("lang="), "{page}: {text} in {tag}");
        }
    }
    for (path, html) in pages(&f) {
        if !path.starts_with("en/") {
            assert!(!html.contains(r#"<dd lang="de">"#), "{path}: {html}");
            assert!(!html.contains(r#"<p class="lead" lang="de">"#), "{path}");
        }
    }
}

/// A topic page follows the topic's name, which a translation may translate: the
/// German and the English page of one topic still link each other (`hreflang`, the
/// switch, the sitemap), paired through the projects that name them in the same
/// place; an untranslated topic keeps its address and pairs by it, and every other
/// generated page (listings, partners, documents) pairs by its route.
#[test]
fn topic_pages_with_translated_names_are_paired() {
    let f = bilingual();
    f.edit(
        "projects/azubi-lotsen.en.md",
        "title: Apprenticeship guides\n",
        "title: Apprenticeship guides\ntopics: [Career guidance, Ausbildung]\n",
    );
    f.build();
    let de_url = "/projekte/thema/berufsorientierung/";
    let en_url = "/en/projekte/thema/career-guidance/";
    let de = f.page(&format!("{}index.html", &de_url[1..]));
    let en = f.page(&format!("{}index.html", &en_url[1..]));
    for page in [&de, &en] {
        assert!(page.contains(&hreflang("de", de_url)), "{page}");
        assert!(page.contains(&hreflang("en", en_url)), "{page}");
        assert!(page.contains(&hreflang("x-default", de_url)), "{page}");
    }
    assert!(de.contains(&switch("en", en_url)), "{de}");
    assert!(en.contains(&switch("de", de_url)), "{en}");
    // The topic left in German pairs by its address.
    let same = f.page("en/projekte/thema/ausbildung/index.html");
    assert!(same.contains(&hreflang("de", "/projekte/thema/ausbildung/")));
    // The German-only topic page of another project claims no English version.
    let sitemap = f.page("sitemap.xml");
    let entry = |loc: &str| sitemap_entry(&sitemap, loc);
    for loc in [de_url, en_url] {
        let e = entry(loc);
        assert!(
            e.contains(&format!(
                r#"<xhtml:link rel="alternate" hreflang="en" href="{BASE}{en_url}"/>"#
            )),
            "{e}"
        );
        assert!(
            e.contains(&format!(
                r#"<xhtml:link rel="alternate" hreflang="de" href="{BASE}{de_url}"/>"#
            )),
            "{e}"
        );
    }
    // Every generated page the English site has is paired with the German one.
    for (path, html) in pages(&f) {
        if let Some(route) = path.strip_prefix("en/") {
            let route = format!("/{}", route.trim_end_matches("index.html"));
            if route.ends_with(".html") {
                continue;
            }
            assert!(
                html.contains(r#"<link rel="alternate" hreflang="de""#),
                "{path} has no German version"
            );
        }
    }
}
