use super::*;

/// The dependencies of `templates` (name, text) compiled by a plain Tera.
fn deps(templates: &[(&str, &str)]) -> Dependencies {
    let templates: Vec<(String, PathBuf, String)> = templates
        .iter()
        .map(|(n, t)| (n.to_string(), PathBuf::from(n), t.to_string()))
        .collect();
    let mut tera = tera::Tera::new();
    tera.add_raw_templates(templates.iter().map(|(n, _, t)| (n.as_str(), t.as_str())))
        .unwrap();
    Dependencies::new(&tera, &templates)
}

#[test]
fn the_default_theme_shows_bodies_only_on_their_own_pages() {
    let opts = crate::pipeline::BuildOptions {
        site_dir: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        base_url: None,
        date: crate::util::date::Date::parse("2026-11-21").unwrap(),
        drafts: false,
        scheduled: false,
        lang: None,
    };
    let out = crate::pipeline::full(&opts).unwrap();
    let deps = out.stages.renderer.dependencies(&out.templates);
    let pages: Vec<&str> = crate::render::jobs(&out.site, &out.stages.strings)
        .iter()
        .map(|j| j.template)
        .collect();
    let bodies: BTreeSet<&str> = pages
        .iter()
        .copied()
        .filter(|t| deps.of(t).other_bodies)
        .collect();
    // /barrierefreiheit/ reads `issue.content`, which is site.yaml's (a loop over
    // `site.config`): no item's body.
    assert_eq!(bodies, BTreeSet::new());
    for item in [
        "project.html",
        "call.html",
        "news.html",
        "event.html",
        "page.html",
    ] {
        assert!(!deps.of(item).other_items, "{item}");
        assert!(deps.of(item).site_part("config"), "{item}");
        assert!(!deps.of(item).site_part("topics"), "{item}");
    }
    for listing in [
        "index.html",
        "projects.html",
        "topic.html",
        "news_list.html",
    ] {
        assert!(deps.of(listing).other_items, "{listing}");
    }
}

#[test]
fn bodies_shown_through_extends_and_includes_are_found() {
    let d = deps(&[
        (
            "base.html",
            "<meta name=\"x\" content=\"y\">{{ site.config.title }}{% block content %}{% endblock content %}",
        ),
        (
            "news_list.html",
            "{% extends \"base.html\" %}{% block content %}{% include \"partials/full.html\" %}{% endblock content %}",
        ),
        (
            "partials/full.html",
            "{% for n in site.news %}{{ n.content | safe }}{% endfor %}",
        ),
        (
            "project.html",
            "{% extends \"base.html\" %}{% block content %}{{ item.content | safe }}{% endblock content %}",
        ),
        (
            "topic.html",
            "{% for item in projects %}{{ item.content }}{% endfor %}",
        ),
    ]);
    assert!(d.of("news_list.html").other_bodies);
    assert!(d.of("news_list.html").other_items);
    assert!(!d.of("project.html").other_bodies);
    assert!(!d.of("project.html").other_items);
    assert!(d.of("topic.html").other_bodies);
    assert!(d.of("topic.html").other_items);
    // Not a page's template, but known: a template nobody knows reads everything.
    assert!(d.of("partials/full.html").other_bodies);
    assert_eq!(d.of("unknown.html"), Reads::everything());
}

#[test]
fn an_include_in_single_quotes_is_a_dependency() {
    let d = deps(&[
        ("partials/full.html", "{{ news.content | safe }}"),
        (
            "news_list.html",
            "{% for news in site.news %}{% include 'partials/full.html' %}{% endfor %}",
        ),
        (
            "news.html",
            "{{ item.content | safe }}{% include 'partials/other.html' %}",
        ),
        ("partials/other.html", "{{ site.config.title }}"),
    ]);
    assert!(d.of("news_list.html").other_bodies);
    assert!(!d.of("news.html").other_bodies);
    assert!(d.of("news.html").site_part("config"));
    assert!(!d.of("news.html").site_part("news"));
}

#[test]
fn a_component_parameter_named_item_is_not_the_pages_item() {
    let component = "{% component Voll(item) %}{{ item.content | safe }}{% endcomponent Voll %}";
    let d = deps(&[
        ("components.html", component),
        (
            "news_list.html",
            "{% for news in site.news %}{{ <Voll item={news} /> }}{% endfor %}",
        ),
    ]);
    assert!(d.of("news_list.html").other_bodies);
    // Without such a parameter, `item.content` is the page's own body.
    let d = deps(&[
        (
            "components.html",
            "{% component Box(x) %}{{ x }}{% endcomponent Box %}",
        ),
        (
            "news.html",
            "{{ item.content | safe }}{{ <Box x=\"a\" /> }}",
        ),
    ]);
    assert!(!d.of("news.html").other_bodies);
}

#[test]
fn lists_but_the_menu_make_a_listing() {
    let d = deps(&[
        (
            "a.html",
            "{% for l in lists.nav %}{{ l.title }}{% endfor %}{{ site.config.title }}",
        ),
        ("b.html", "{{ lists.latest_news | length }}"),
        (
            "c.html",
            "{% for p in site.projects %}{{ p.title }}{% endfor %}",
        ),
        ("d.html", "{% set s = site %}{{ s.config.title }}"),
    ]);
    assert!(!d.of("a.html").other_items);
    assert!(d.of("b.html").other_items);
    assert!(d.of("c.html").other_items);
    // `site` as a whole: everything in it.
    assert!(d.of("d.html").other_items);
    assert!(d.of("d.html").site_part("embeds"));
}
