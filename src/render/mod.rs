//! Site + theme → HTML pages (Tera), rendered in parallel.
//!
//! Site-wide data (the model, listings, strings, menu) goes into Tera's global context
//! once; each page's own context holds only its `page` facts and its item, so nothing
//! large is copied per page.

mod filters;
mod lists;
pub mod theme;
mod values;

pub(crate) use lists::menu;
pub(crate) use values::ItemValues;

use crate::content::model::*;
use crate::content::routes::url_to_file;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::util::files::{Content, OutputFile};
use lists::Lists;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use theme::Theme;

/// One link of the breadcrumb trail.
#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

/// What every template gets as `page`.
#[derive(Serialize)]
struct PageMeta<'a> {
    url: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    /// The template's kind: `home`, `project`, `partners`, …
    kind: &'static str,
    breadcrumbs: Vec<Crumb>,
    /// Text from a pages/ file with this page's path, as HTML.
    intro: Option<&'a str>,
    /// The page's absolute URL (base URL, path included), for the canonical link
    /// and Open Graph.
    canonical: String,
    /// Absolute URL of the image that stands for the page (the item's image, else
    /// the site's logo), and its text alternative, for Open Graph.
    image: Option<String>,
    image_alt: Option<&'a str>,
}

/// The calendar of all upcoming events: its root-relative URL, and the same file as
/// a `webcal://` address, which calendar programs open as a subscription.
#[derive(Serialize)]
struct CalendarLinks {
    url: String,
    webcal: String,
}

/// The item a page is about.
/// Each item with its index in its collection (and in [`ItemValues`]).
enum Subject<'a> {
    None,
    Page(usize),
    Project(&'a Item<Project>, usize),
    Call(usize),
    News(&'a Item<News>, usize),
    Event(usize),
    /// A topic and the indices of its projects.
    Topic(&'a Topic, Vec<usize>),
}

/// One page to render.
pub(crate) struct Job<'a> {
    /// The page's root-relative URL.
    pub url: String,
    /// The template's name, e.g. `project.html`.
    pub template: &'static str,
    kind: &'static str,
    title: String,
    description: Option<&'a str>,
    /// Section crumb between home and this page: (strings key, url).
    section: Option<(&'static str, &'static str)>,
    subject: Subject<'a>,
}

/// The theme's templates, compiled once, with the site-wide values in Tera's global
/// context: renders any set of pages (all of them for a build, those an edit
/// touched for `serve`).
pub(crate) struct Renderer {
    tera: tera::Tera,
    /// Template name → file, for errors.
    files: HashMap<String, PathBuf>,
}

impl Renderer {
    /// Compiles the templates (the theme's, overridden by the site's).
    pub fn new(
        site: &Site,
        theme: &Theme,
        strings: &serde_json::Value,
    ) -> Result<Renderer, Diagnostics> {
        let templates = theme.templates(&site.template_overrides)?;
        let files: HashMap<String, PathBuf> = templates
            .iter()
            .map(|(n, p, _)| (n.clone(), p.clone()))
            .collect();
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        filters::register(
            &mut tera,
            string_list(strings, "months"),
            site.config.language,
        );
        tera.add_raw_templates(templates.iter().map(|(n, _, t)| (n.as_str(), t.as_str())))
            .map_err(|e| Diagnostics::from(template_error(&e, &files)))?;
        let global = tera.global_context();
        global.insert("strings", &strings);
        global.insert("build_date", &site.build_date.to_string());
        let base = site.config.base_url.trim_end_matches('/');
        let ics = format!("/{}", crate::feeds::ALL_EVENTS_ICS);
        global.insert(
            "calendar",
            &CalendarLinks {
                webcal: format!(
                    "webcal://{}{ics}",
                    base.split_once("://").map_or(base, |(_, rest)| rest)
                ),
                url: ics,
            },
        );
        Ok(Renderer { tera, files })
    }

    /// Puts the model into the global context: `site` and `lists`, made of `values`.
    pub fn set_model(&mut self, site: &Site, values: &ItemValues, strings: &serde_json::Value) {
        let lists = Lists::new(site, strings).value(values);
        let global = self.tera.global_context();
        global.insert_value("site", values.site(site));
        global.insert_value("lists", lists);
    }

    /// Renders the pages of `jobs`, in parallel.
    pub fn render(
        &self,
        site: &Site,
        values: &ItemValues,
        strings: &serde_json::Value,
        jobs: &[Job],
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let (tera, files) = (&self.tera, &self.files);
        let base = site.config.base_url.trim_end_matches('/');
        let intros: HashMap<&str, &Item<Page>> =
            site.pages.iter().map(|p| (p.url.as_str(), p)).collect();
        let rendered: Vec<Result<OutputFile, Diagnostic>> = jobs
            .par_iter()
            .map(|job| {
                let mut ctx = tera::Context::new();
                let intro = intros.get(job.url.as_str()).filter(|_| job.kind != "page");
                // A pages/ file with the path of a generated page names it too (the
                // home page keeps the site's title).
                let title = intro
                    .filter(|_| job.url != "/")
                    .map_or(job.title.as_str(), |p| p.data.title.as_str());
                let mut breadcrumbs = Vec::new();
                if job.url != "/" && job.url != "/404.html" {
                    breadcrumbs.push(Crumb {
                        title: text(strings, "nav.home"),
                        url: "/".into(),
                    });
                    if let Some((key, url)) = job.section {
                        breadcrumbs.push(Crumb {
                            title: text(strings, key),
                            url: url.into(),
                        });
                    }
                    breadcrumbs.push(Crumb {
                        title: title.to_string(),
                        url: job.url.clone(),
                    });
                }
                let (image, image_alt) = match &job.subject {
                    Subject::Project(p, _) => {
                        (p.data.image.as_deref(), p.data.image_alt.as_deref())
                    }
                    Subject::News(n, _) => (n.data.image.as_deref(), n.data.image_alt.as_deref()),
                    _ => (None, None),
                };
                let (image, image_alt) = match image {
                    Some(i) => (Some(i), image_alt),
                    None => (site.config.logo.as_deref(), site.config.logo_alt.as_deref()),
                };
                let meta = PageMeta {
                    canonical: format!("{base}{}", job.url),
                    image: image.map(|i| absolute(base, i)),
                    image_alt,
                    url: &job.url,
                    title,
                    description: job
                        .description
                        .or(intro.and_then(|p| p.data.description.as_deref())),
                    kind: job.kind,
                    breadcrumbs,
                    intro: intro.map(|p| p.content.as_str()),
                };
                ctx.insert("page", &meta);
                match &job.subject {
                    Subject::None => {}
                    Subject::Page(i) => ctx.insert_value("item", values.pages[*i].clone()),
                    Subject::Project(_, i) => ctx.insert_value("item", values.projects[*i].clone()),
                    Subject::Call(i) => ctx.insert_value("item", values.calls[*i].clone()),
                    Subject::News(_, i) => ctx.insert_value("item", values.news[*i].clone()),
                    Subject::Event(i) => ctx.insert_value("item", values.events[*i].clone()),
                    Subject::Topic(t, projects) => {
                        ctx.insert("topic", t);
                        ctx.insert_value("projects", values::pick(&values.projects, projects));
                    }
                }
                let html = tera
                    .render(job.template, &ctx)
                    .map_err(|e| template_error(&e, files))?;
                Ok(OutputFile {
                    path: url_to_file(&job.url),
                    content: Content::Html(html),
                })
            })
            .collect();
        let mut diags = Diagnostics::new();
        let mut out = Vec::with_capacity(rendered.len());
        for r in rendered {
            match r {
                Ok(f) => out.push(f),
                Err(d) => diags.push(d),
            }
        }
        if diags.is_empty() {
            Ok(out)
        } else {
            Err(diags)
        }
    }
}

/// The template of every page, by output path (`projekte/x/index.html` →
/// `project.html`): `check` names it when a link the template wrote is broken.
pub(crate) fn page_templates(site: &Site) -> HashMap<String, &'static str> {
    jobs(site, &serde_json::Value::Null)
        .into_iter()
        .map(|j| (url_to_file(&j.url), j.template))
        .collect()
}

/// The pages to render, in a stable order.
pub(crate) fn jobs<'a>(site: &'a Site, strings: &serde_json::Value) -> Vec<Job<'a>> {
    jobs_where(site, strings, |_, _| true)
}

/// The pages whose URL and template pass `keep`, in a stable order; the others cost
/// no more than the test.
pub(crate) fn jobs_where<'a>(
    site: &'a Site,
    strings: &serde_json::Value,
    keep: impl Fn(&str, &str) -> bool,
) -> Vec<Job<'a>> {
    let fixed = |url: &str, template: &'static str, kind: &'static str, key: &str| Job {
        url: url.to_string(),
        template,
        kind,
        title: text(strings, key),
        description: None,
        section: None,
        subject: Subject::None,
    };
    let mut jobs = vec![
        Job {
            title: site.config.title.clone(),
            description: site.config.description.as_deref(),
            ..fixed("/", "index.html", "home", "titles.home")
        },
        fixed("/partner/", "partners.html", "partners", "titles.partners"),
        fixed("/kontakt/", "contacts.html", "contacts", "titles.contacts"),
        fixed("/projekte/", "projects.html", "projects", "titles.projects"),
        fixed("/projektaufrufe/", "calls.html", "calls", "titles.calls"),
        fixed("/aktuelles/", "news_list.html", "news_list", "titles.news"),
        fixed("/termine/", "events.html", "events", "titles.events"),
        fixed(
            "/dokumente/",
            "documents.html",
            "documents",
            "titles.documents",
        ),
        fixed(
            "/impressum/",
            "impressum.html",
            "impressum",
            "titles.impressum",
        ),
        fixed(
            "/datenschutz/",
            "datenschutz.html",
            "datenschutz",
            "titles.datenschutz",
        ),
        fixed(
            "/barrierefreiheit/",
            "barrierefreiheit.html",
            "barrierefreiheit",
            "titles.barrierefreiheit",
        ),
        fixed("/404.html", "404.html", "not_found", "titles.not_found"),
    ];
    jobs.retain(|j| keep(&j.url, j.template));
    let item =
        |url: &str, template, kind, title: &str, description: Option<&'a str>, section, subject| {
            Job {
                url: url.to_string(),
                template,
                kind,
                title: title.to_string(),
                description,
                section: Some(section),
                subject,
            }
        };
    for (i, p) in site.pages.iter().enumerate() {
        if !crate::content::GENERATED_PAGES.contains(&p.url.as_str()) && keep(&p.url, "page.html") {
            jobs.push(Job {
                section: None,
                ..item(
                    &p.url,
                    "page.html",
                    "page",
                    &p.data.title,
                    p.data.description.as_deref(),
                    ("", ""),
                    Subject::Page(i),
                )
            });
        }
    }
    for (i, p) in site.projects.iter().enumerate() {
        if !keep(&p.url, "project.html") {
            continue;
        }
        jobs.push(item(
            &p.url,
            "project.html",
            "project",
            &p.data.title,
            p.data.summary.as_deref(),
            ("titles.projects", "/projekte/"),
            Subject::Project(p, i),
        ));
    }
    // Each topic's projects, in one pass over the projects (not one per topic).
    let mut by_topic: HashMap<&str, Vec<usize>> = HashMap::new();
    if site.topics.iter().any(|t| keep(&t.url, "topic.html")) {
        for (i, p) in site.projects.iter().enumerate() {
            for l in &p.data.topic_links {
                let list = by_topic.entry(l.slug.as_str()).or_default();
                // A project that names a topic twice is listed once.
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    for t in &site.topics {
        if !keep(&t.url, "topic.html") {
            continue;
        }
        let projects = by_topic.remove(t.slug.as_str()).unwrap_or_default();
        jobs.push(item(
            &t.url,
            "topic.html",
            "topic",
            &t.name,
            None,
            ("titles.projects", "/projekte/"),
            Subject::Topic(t, projects),
        ));
    }
    for (i, c) in site.calls.iter().enumerate() {
        if !keep(&c.url, "call.html") {
            continue;
        }
        jobs.push(item(
            &c.url,
            "call.html",
            "call",
            &c.data.title,
            c.data.summary.as_deref(),
            ("titles.calls", "/projektaufrufe/"),
            Subject::Call(i),
        ));
    }
    for (i, n) in site.news.iter().enumerate() {
        if !keep(&n.url, "news.html") {
            continue;
        }
        jobs.push(item(
            &n.url,
            "news.html",
            "news",
            &n.data.title,
            Some(&n.data.summary),
            ("titles.news", "/aktuelles/"),
            Subject::News(n, i),
        ));
    }
    for (i, e) in site.events.iter().enumerate() {
        if !keep(&e.url, "event.html") {
            continue;
        }
        jobs.push(item(
            &e.url,
            "event.html",
            "event",
            &e.data.title,
            e.data.summary.as_deref(),
            ("titles.events", "/termine/"),
            Subject::Event(i),
        ));
    }
    jobs
}

/// An image URL as an absolute URL under the base URL (`/images/a.svg` →
/// `https://host/sub/images/a.svg`); absolute URLs stay as they are.
fn absolute(base: &str, url: &str) -> String {
    if url.contains("://") {
        url.to_string()
    } else {
        format!("{base}/{}", url.trim_start_matches('/'))
    }
}

/// A string of the theme by dotted key; the key itself when missing, so that a gap
/// shows on the page instead of failing the build.
pub(crate) fn text(strings: &serde_json::Value, key: &str) -> String {
    key.split('.')
        .try_fold(strings, |v, k| v.get(k))
        .and_then(|v| v.as_str())
        .unwrap_or(key)
        .to_string()
}

fn string_list(strings: &serde_json::Value, key: &str) -> Vec<String> {
    strings
        .get(key)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// A Tera error as a finding in the template file, with line and column.
fn template_error(e: &tera::Error, files: &HashMap<String, PathBuf>) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    match report {
        Some(r) => {
            let file = files
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let mut d = Diagnostic::error(file, format!("template error: {}", r.message()));
            d.line = r.span().start_line;
            d.column = r.span().start_col + 1;
            let source = std::error::Error::source(e).map(|s| s.to_string());
            d.hint(source.unwrap_or_else(|| {
                "fix the template; see the Tera 2 documentation for the syntax".into()
            }))
        }
        None => Diagnostic::error("templates", format!("template error: {e}"))
            .hint("check the names of templates in extends and include"),
    }
}
