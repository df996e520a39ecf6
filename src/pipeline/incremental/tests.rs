use super::*;
use crate::content::base_url::BaseUrl;
use std::fs;

/// A copy of the example site in a temporary directory, in German alone: a site in
/// several languages is built whole after most edits, so the incremental steps are
/// tested on one language.
fn example() -> (tempfile::TempDir, BuildOptions) {
    let (dir, opts) = copy_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    one_language(&opts.site_dir);
    (dir, opts)
}

/// Makes the site in `dir` a site in its main language alone: `languages:` becomes
/// `language:`, the translations go (the `.en.md` files and every `translations:`
/// block of the YAML files).
fn one_language(dir: &Path) {
    for name in [
        "site.yaml",
        "partners.yaml",
        "contacts.yaml",
        "documents.yaml",
        "privacy.yaml",
    ] {
        let path = dir.join(name);
        let Ok(yaml) = fs::read_to_string(&path) else {
            continue;
        };
        let mut out = String::new();
        let mut block: Option<usize> = None;
        for line in yaml.lines() {
            let indent = line.len() - line.trim_start().len();
            if let Some(at) = block {
                if line.trim().is_empty() || indent > at {
                    continue;
                }
                block = None;
            }
            if line.trim_start().starts_with("translations:") {
                block = Some(indent);
                continue;
            }
            out.push_str(&line.replace("languages: [de, en]", "language: de"));
            out.push('\n');
        }
        fs::write(&path, out).unwrap();
    }
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_name().to_string_lossy().ends_with(".en.md") {
            fs::remove_file(e.path()).unwrap();
        }
    }
}

/// A body edit of a German item without a translation makes only its pages again in
/// a site in German and English; the result equals a full build. An edit of an
/// item that has a translation (which may take its body over, and which the edit
/// makes outdated) builds whole.
#[test]
fn a_site_in_several_languages_follows_body_edits_of_untranslated_items() {
    let (_dir, opts) = copy_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let mut session = Session::new(opts.clone());
    session.update(&[]).unwrap();
    let project = opts.site_dir.join("projects/azubi-lotsen.md");
    let text = fs::read_to_string(&project).unwrap();
    let (front, body) = text.rsplit_once("---\n").unwrap();
    fs::write(&project, format!("{front}---\nNeu geschrieben.\n\n{body}")).unwrap();
    let built = session.update(std::slice::from_ref(&project)).unwrap();
    let rendered = built.rendered.expect("an incremental build");
    assert!(rendered > 0);
    let page = &built.files["projekte/azubi-lotsen/index.html"];
    assert!(String::from_utf8_lossy(page).contains("Neu geschrieben."));
    assert_eq!(session.verify().unwrap(), Vec::<String>::new());
    let about = opts.site_dir.join("pages/ueber-uns.md");
    let text = fs::read_to_string(&about).unwrap();
    fs::write(&about, format!("{text}\nNoch ein Satz.\n")).unwrap();
    let built = session.update(std::slice::from_ref(&about)).unwrap();
    assert_eq!(built.rendered, None, "a full build");
    assert_eq!(session.verify().unwrap(), Vec::<String>::new());
}

#[test]
fn a_site_in_several_languages_is_built_whole_after_an_edit() {
    let (_dir, opts) = copy_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let mut session = Session::new(opts.clone());
    session.update(&[]).unwrap();
    let page = opts.site_dir.join("pages/ueber-uns.en.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replace("## Our mission", "## Our task")).unwrap();
    let built = session.update(std::slice::from_ref(&page)).unwrap();
    assert_eq!(built.rendered, None, "a full build");
    let about = &built.files["en/ueber-uns/index.html"];
    assert!(String::from_utf8_lossy(about).contains("Our task"));
}

/// A copy of the site `src` in a temporary directory.
pub(in crate::pipeline) fn copy_of(src: &Path) -> (tempfile::TempDir, BuildOptions) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(src, &dir.path().join("site"));
    let opts = BuildOptions {
        site_dir: dir.path().join("site"),
        base_url: Some(BaseUrl::parse("http://127.0.0.1:1111/").unwrap()),
        date: crate::util::date::Date::parse("2026-11-21").unwrap(),
        drafts: false,
        scheduled: false,
        lang: None,
    };
    (dir, opts)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Asserts that the session's files equal a fresh full build, byte for byte.
fn assert_equals_full_build(files: &Files, opts: &BuildOptions, step: &str) {
    let mut state = State::new(opts).unwrap_or_else(|d| panic!("{step}: full build failed: {d:?}"));
    let expected = std::mem::take(&mut state.files);
    let mut missing: Vec<&String> = expected
        .keys()
        .filter(|p| !files.contains_key(*p))
        .collect();
    let mut extra: Vec<&String> = files
        .keys()
        .filter(|p| !expected.contains_key(*p))
        .collect();
    missing.sort();
    extra.sort();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{step}: missing {missing:?}, extra {extra:?}"
    );
    let mut differ: Vec<&String> = expected
        .iter()
        .filter(|(p, b)| files[*p] != **b)
        .map(|(p, _)| p)
        .collect();
    differ.sort();
    if let Some(first) = differ.first() {
        let (a, b) = (&files[*first], &expected[*first]);
        let at = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count();
        let show = |s: &[u8]| {
            String::from_utf8_lossy(&s[at.saturating_sub(80)..(at + 80).min(s.len())]).into_owned()
        };
        panic!(
            "{step}: {} files differ from a full build, first {first}:\nincremental: …{}…\nfull build:  …{}…",
            differ.len(),
            show(a),
            show(b)
        );
    }
}

/// How an edit is rebuilt.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    /// Bodies only: a few pages rendered.
    Body,
    /// The model loaded again, fewer pages than all rendered.
    Listings,
}

/// An edit: what it is, the files it changes, how, and how it is rebuilt.
type Step<'a> = (&'a str, Vec<PathBuf>, Box<dyn Fn() + 'a>, Mode);

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, f(text)).unwrap();
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "a series of edits, one short step each"
)]
fn a_series_of_edits_gives_what_a_full_build_gives() {
    let (_dir, opts) = example();
    let site = opts.site_dir.canonicalize().unwrap();
    let mut session = Session::new(opts.clone());
    let first = session.update(&[]).unwrap();
    assert_eq!(first.rendered, None, "the first build builds everything");

    let project = site.join("projects/azubi-lotsen.md");
    let news = site.join("news/2025-10-08-fachkraeftemonitoring.md");
    let intro = site.join("pages/projekte.md");
    let steps: Vec<Step> = vec![
        (
            "a sentence added to a project",
            vec![project.clone()],
            Box::new(|| edit(&project, |t| t + "\nEin neuer Satz mit **Betonung**.\n")),
            Mode::Body,
        ),
        (
            "a heading and a link in a news body (its page and the feed)",
            vec![news.clone()],
            Box::new(|| {
                edit(&news, |t| {
                    t + "\n## Neu dazu\n\nSiehe [die Azubi-Lotsen](/projekte/azubi-lotsen/).\n"
                })
            }),
            Mode::Body,
        ),
        (
            "the intro of the projects page and a project, in one save",
            vec![intro.clone(), project.clone()],
            Box::new(|| {
                edit(&intro, |t| t + "\nNoch ein Satz zur Einleitung.\n");
                edit(&project, |t| t.replace("Betonung", "Nachdruck"));
            }),
            Mode::Body,
        ),
        (
            "a title changed in the front matter",
            vec![project.clone()],
            Box::new(|| edit(&project, |t| t.replacen("title: ", "title: Neu – ", 1))),
            Mode::Listings,
        ),
        (
            "a news item's summary and a project's title back, in one save",
            vec![news.clone(), project.clone()],
            Box::new(|| {
                edit(&news, |t| {
                    t.replacen("summary: ", "summary: Kurz gesagt – ", 1)
                });
                edit(&project, |t| t.replacen("title: Neu – ", "title: ", 1));
            }),
            Mode::Listings,
        ),
        (
            "a map in a body: the site's embeds change (Datenschutz names the provider)",
            vec![project.clone()],
            Box::new(|| {
                edit(&project, |t| {
                    t + "\n```map\nlat: 51.05\nlon: 13.74\nzoom: 16\ntitle: Treffpunkt der Lotsen\npreview: images/werkstatttage.svg\n```\n"
                })
            }),
            Mode::Listings,
        ),
        (
            "a new project file",
            vec![site.join("projects/neu.md")],
            Box::new(|| {
                let text = fs::read_to_string(&project).unwrap();
                fs::write(
                    site.join("projects/neu.md"),
                    text.replacen("title: ", "title: Kopie ", 1),
                )
                .unwrap();
            }),
            Mode::Listings,
        ),
        (
            "the new project's body",
            vec![site.join("projects/neu.md")],
            Box::new(|| edit(&site.join("projects/neu.md"), |t| t + "\nNachtrag.\n")),
            Mode::Body,
        ),
        (
            "a project deleted",
            vec![site.join("projects/neu.md")],
            Box::new(|| fs::remove_file(site.join("projects/neu.md")).unwrap()),
            Mode::Listings,
        ),
        (
            "the page Über uns deleted (site.yaml names the menu: it stays)",
            vec![site.join("pages/ueber-uns.md")],
            Box::new(|| fs::remove_file(site.join("pages/ueber-uns.md")).unwrap()),
            Mode::Listings,
        ),
    ];
    for (step, changed, apply, mode) in steps {
        apply();
        let built = session
            .update(&changed)
            .unwrap_or_else(|d| panic!("{step}: {d:?}"));
        let n = built
            .rendered
            .unwrap_or_else(|| panic!("{step}: built everything"));
        let files = built.files.clone();
        let state = session.state.as_ref().unwrap();
        let pages = render::jobs(&state.site, &state.stages.strings).len();
        match mode {
            Mode::Body => assert!(n <= 3, "{step}: {n} pages rendered"),
            Mode::Listings => assert!(n < pages, "{step}: {n} of {pages} pages rendered"),
        }
        assert_equals_full_build(&files, &opts, step);
    }
}

#[test]
fn a_broken_body_fails_and_its_fix_recovers() {
    let (_dir, opts) = example();
    let site = opts.site_dir.canonicalize().unwrap();
    let project = site.join("projects/azubi-lotsen.md");
    let mut session = Session::new(opts.clone());
    session.update(&[]).unwrap();
    let good = fs::read_to_string(&project).unwrap();
    fs::write(
        &project,
        format!("{good}\n```video\nurl: https://example.org/x\n```\n"),
    )
    .unwrap();
    let err = session
        .update(std::slice::from_ref(&project))
        .err()
        .expect("a bad embed fails");
    assert!(
        err.iter()
            .any(|d| d.file.ends_with("azubi-lotsen.md") && d.line > 1),
        "{err:?}"
    );
    fs::write(&project, format!("{good}\nRepariert.\n")).unwrap();
    let files = session
        .update(std::slice::from_ref(&project))
        .unwrap()
        .files
        .clone();
    assert_equals_full_build(&files, &opts, "after the fix");
}

#[test]
fn filtered_jobs_are_the_jobs_of_that_url_and_template() {
    let (_dir, opts) = example();
    let parts = crate::pipeline::full(&opts).unwrap();
    let strings = &parts.stages.strings;
    let all = render::jobs(&parts.site, strings);
    assert!(all.len() > 30);
    for job in &all {
        let picked = render::jobs_where(&parts.site, strings, |url, template| {
            url == job.url && template == job.template
        });
        assert_eq!(picked.len(), 1, "{} ({})", job.url, job.template);
    }
}

#[test]
fn other_changes_build_everything() {
    let (_dir, opts) = example();
    let site = opts.site_dir.canonicalize().unwrap();
    let mut session = Session::new(opts.clone());
    session.update(&[]).unwrap();
    edit(&site.join("contacts.yaml"), |t| {
        t.replacen("name: ", "name: Dr. ", 1)
    });
    let built = session.update(&[site.join("contacts.yaml")]).unwrap();
    assert_eq!(built.rendered, None);
    let files = built.files.clone();
    assert_equals_full_build(&files, &opts, "a YAML edit");
}

#[test]
fn a_change_of_the_menu_renders_every_page() {
    // Without `navigation:` in site.yaml the menu names the sections that have
    // content: deleting the only free page "Über uns" changes every page.
    let (_dir, opts) =
        copy_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal"));
    let site = opts.site_dir.canonicalize().unwrap();
    let mut session = Session::new(opts.clone());
    session.update(&[]).unwrap();
    fs::remove_file(site.join("pages/ueber-uns.md")).unwrap();
    let built = session.update(&[site.join("pages/ueber-uns.md")]).unwrap();
    let n = built
        .rendered
        .expect("the model is loaded again, not everything built");
    let files = built.files.clone();
    let state = session.state.as_ref().unwrap();
    assert_eq!(n, render::jobs(&state.site, &state.stages.strings).len());
    assert_equals_full_build(&files, &opts, "the menu changed");
}

#[test]
fn a_listing_that_shows_bodies_follows_a_body_edit() {
    // A site's own template shows every news item's full text on /aktuelles/: a
    // body edit must render that listing too.
    let (_dir, opts) = example();
    let site = opts.site_dir.canonicalize().unwrap();
    let theme =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/news_list.html");
    let listing = fs::read_to_string(theme).unwrap().replace(
        "{% include \"partials/news_teaser.html\" %}",
        "{{ news.content | safe }}",
    );
    assert!(listing.contains("news.content"));
    fs::create_dir_all(site.join("templates")).unwrap();
    fs::write(site.join("templates/news_list.html"), listing).unwrap();
    let mut session = Session::new(opts.clone());
    session.update(&[]).unwrap();
    let news = site.join("news/2025-10-08-fachkraeftemonitoring.md");
    edit(&news, |t| t + "\nEin Satz, den auch die Übersicht zeigt.\n");
    let built = session.update(std::slice::from_ref(&news)).unwrap();
    assert_eq!(built.rendered, Some(2), "the news page and /aktuelles/");
    let page = String::from_utf8(built.files["aktuelles/index.html"].to_vec()).unwrap();
    assert!(page.contains("Ein Satz, den auch die Übersicht zeigt."));
    let files = built.files.clone();
    assert_equals_full_build(&files, &opts, "a body shown on a listing");
}

/// A copy of the example site whose /aktuelles/ uses the site's own
/// `templates/news_list.html` (the theme's with `include` replaced by `with`), and
/// `templates/partials/<name>` = `partial`.
pub(in crate::pipeline) fn example_with_listing(
    with: &str,
    name: &str,
    partial: &str,
) -> (tempfile::TempDir, BuildOptions) {
    let (dir, opts) = example();
    let site = opts.site_dir.clone();
    let theme =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/news_list.html");
    let listing = fs::read_to_string(theme)
        .unwrap()
        .replace("{% include \"partials/news_teaser.html\" %}", with);
    assert!(listing.contains(with));
    fs::create_dir_all(site.join("templates/partials")).unwrap();
    fs::write(site.join("templates/news_list.html"), listing).unwrap();
    fs::write(site.join("templates/partials").join(name), partial).unwrap();
    (dir, opts)
}

/// Edits a news body in a session of `opts` and compares with a full build.
fn news_body_edit_equals_full_build(opts: &BuildOptions, step: &str) {
    let site = opts.site_dir.canonicalize().unwrap();
    let mut session = Session::new(opts.clone());
    session.update(&[]).unwrap();
    let news = site.join("news/2025-10-08-fachkraeftemonitoring.md");
    edit(&news, |t| t + "\nEin Satz, den auch die Übersicht zeigt.\n");
    let built = session.update(std::slice::from_ref(&news)).unwrap();
    let page = String::from_utf8(built.files["aktuelles/index.html"].to_vec()).unwrap();
    assert!(
        page.contains("Ein Satz, den auch die Übersicht zeigt."),
        "{step}: /aktuelles/ keeps the old text"
    );
    let files = built.files.clone();
    assert_equals_full_build(&files, opts, step);
}

#[test]
fn a_partial_included_with_single_quotes_is_a_dependency() {
    let (_dir, opts) = example_with_listing(
        "{% include 'partials/news_full.html' %}",
        "news_full.html",
        "{{ news.content | safe }}",
    );
    news_body_edit_equals_full_build(&opts, "a partial included with single quotes");
}

#[test]
fn a_component_with_a_parameter_named_item_shows_other_bodies() {
    let (_dir, opts) = example_with_listing(
        "{{ <Voll item={news} /> }}",
        "components.html",
        "{% component Voll(item) %}{{ item.content | safe }}{% endcomponent Voll %}",
    );
    news_body_edit_equals_full_build(&opts, "a component whose parameter is named item");
}

#[test]
fn a_deferred_index_follows_body_edits_when_refreshed() {
    let (_dir, opts) = example();
    let site = opts.site_dir.canonicalize().unwrap();
    let project = site.join("projects/azubi-lotsen.md");
    let mut session = Session::new(opts.clone()).deferring_index();
    session.update(&[]).unwrap();
    assert!(!session.index_pending());
    assert!(session.refresh_index().unwrap().is_none(), "nothing to do");
    // Two saves in a row: the page follows each, the index neither.
    for word in ["Kompetenzfeststellung", "Bewerbungsmappenwerkstatt"] {
        edit(&project, |t| format!("{t}\nNeu: {word}.\n"));
        let built = session.update(std::slice::from_ref(&project)).unwrap();
        let page =
            String::from_utf8_lossy(&built.files["projekte/azubi-lotsen/index.html"]).into_owned();
        assert!(page.contains(word), "the edited page shows at once");
        assert!(session.index_pending());
    }
    let stale = session.state.as_ref().unwrap().files.clone();
    let fresh = State::new(&opts).unwrap().files;
    let differ = differences(&stale, &fresh);
    assert!(
        !differ.is_empty() && differ.iter().all(|p| p.starts_with("suche/index/")),
        "{differ:?}"
    );
    let files = session.refresh_index().unwrap().unwrap().clone();
    assert!(!session.index_pending());
    assert_equals_full_build(&files, &opts, "after the index was refreshed");
}
