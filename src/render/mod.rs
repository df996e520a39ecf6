//! Site + theme → HTML pages (Tera), rendered in parallel.
//!
//! Site-wide data (the model, listings, strings, menu) goes into Tera's global context
//! once; each page's own context holds only its `page` facts and its item, so nothing
//! large is copied per page.

pub(crate) mod deps;
mod filters;
mod jobs;
mod lists;
pub(crate) mod theme;
mod values;

pub(crate) use deps::Dependencies;
pub(crate) use jobs::{Job, Subject, jobs, jobs_where, page_templates};
pub(crate) use lists::menu;
pub(crate) use values::ItemValues;

use crate::content::collection::Collection;
use crate::content::model::{Item, Page, Site};
use crate::content::routes::{self, Feed};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::messages::{Language, Msg};
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
    /// The page's versions in the site's languages, itself included, for
    /// `hreflang`; empty unless another language has the page too.
    alternates: Vec<Alternate>,
    /// The main language's version (`x-default`), when there are alternates.
    x_default: Option<String>,
    /// The language switch: each other language's version of the page, else its home
    /// page; empty for a site in one language.
    switch: Vec<Alternate>,
}

/// A page in one of the site's languages.
#[derive(Serialize)]
struct Alternate {
    /// The language's code, `en`.
    lang: &'static str,
    /// Its Open Graph locale, `en_GB`.
    locale: &'static str,
    /// Its name in itself, `English`.
    name: &'static str,
    /// The page's absolute URL.
    url: String,
    /// False when the language lacks the page and `url` is its home page.
    same: bool,
}

/// The calendar of all upcoming events: its root-relative URL, and the same file as
/// a `webcal://` address, which calendar programs open as a subscription.
#[derive(Serialize)]
struct CalendarLinks {
    url: String,
    webcal: String,
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
    pub(crate) fn new(
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
        let ics = format!("/{}", Feed::all_events());
        global.insert(
            "calendar",
            &CalendarLinks {
                webcal: site.config.base_url.webcal(&ics),
                url: ics,
            },
        );
        Ok(Renderer { tera, files })
    }

    /// What the pages of each of `templates` (as compiled here) can show.
    pub(crate) fn dependencies(&self, templates: &[(String, PathBuf, String)]) -> Dependencies {
        Dependencies::new(&self.tera, templates)
    }

    /// True when a page may show the body (`content`) of an item other than its
    /// own, by what [`Renderer::dependencies`] knows of `templates` (these
    /// templates, as compiled here): then every body's HTML must be made before
    /// the pages.
    pub(crate) fn shows_other_bodies(&self, templates: &[(String, PathBuf, String)]) -> bool {
        let deps = self.dependencies(templates);
        templates
            .iter()
            .any(|(name, _, _)| deps.of(name).other_bodies)
    }

    /// Puts the model into the global context: `site` and `lists`, made of `values`.
    pub(crate) fn set_model(
        &mut self,
        site: &Site,
        values: &ItemValues,
        strings: &serde_json::Value,
    ) {
        let lists = Lists::new(site, strings).value(values);
        let global = self.tera.global_context();
        global.insert_value("site", values.site(site));
        global.insert_value("lists", lists);
    }

    /// Renders the pages of `jobs`, in parallel, only for the mistakes of the
    /// templates (every one of them).
    pub(crate) fn check(&self, model: &Model, jobs: &[Job]) -> Result<(), Diagnostics> {
        let mut errors = Diagnostics::new();
        errors.extend(
            jobs.par_iter()
                .filter_map(|job| self.page(model, job, None).err())
                .collect::<Vec<_>>(),
        );
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Renders one page: its HTML, still to be post-processed. `late` is the HTML
    /// of the item's body when the Markdown step left it to the page
    /// ([`crate::content::model::ItemCore::html_later`]): the template gets it as
    /// `item.content`.
    pub(crate) fn page(
        &self,
        model: &Model,
        job: &Job,
        late: Option<&str>,
    ) -> Result<String, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert("page", &model.meta(job));
        let values = model.values;
        match &job.subject {
            Subject::None => {}
            Subject::Item(c, i) => {
                let value = values.of(*c)[*i].clone();
                ctx.insert_value("item", values::with_content(value, late));
            }
            Subject::Topic(t, projects) => {
                ctx.insert("topic", t);
                let all = values.of(Collection::Project);
                ctx.insert_value("projects", values::pick(all, projects));
            }
        }
        self.tera
            .render(job.template, &ctx)
            .map_err(|e| template_error(&e, &self.files))
    }
}

/// What rendering a page needs besides its job and the templates.
pub(crate) struct Model<'a> {
    site: &'a Site,
    values: &'a ItemValues,
    strings: &'a serde_json::Value,
    /// The free pages by URL: one with the URL of a generated page is its intro.
    /// With its body's HTML as the templates see it (the item's own copy may be
    /// gone: `build` keeps the HTML only in the Tera values).
    intros: HashMap<&'a str, (&'a Item<Page>, &'a str)>,
    /// Which page exists in which language, for a site in several.
    translations: Option<&'a routes::Translations>,
}

impl<'a> Model<'a> {
    /// The model of `site`, its values and the theme's strings.
    pub(crate) fn new(
        site: &'a Site,
        values: &'a ItemValues,
        strings: &'a serde_json::Value,
    ) -> Model<'a> {
        let content = tera::value::Key::from("content");
        let intros = site
            .pages
            .iter()
            .zip(values.of(Collection::Page))
            .map(|(p, v)| {
                let html = v
                    .as_map()
                    .and_then(|m| m.get(&content))
                    .and_then(tera::Value::as_str)
                    .unwrap_or_default();
                (p.url.as_str(), (p, html))
            })
            .collect();
        Model {
            site,
            values,
            strings,
            intros,
            translations: None,
        }
    }

    /// The HTML of the Markdown body of the item whose page `job` makes, as the
    /// template gets it in `item.content`.
    pub(crate) fn body(&self, job: &Job) -> Option<&'a str> {
        let Subject::Item(c, i) = &job.subject else {
            return None;
        };
        self.values
            .of(*c)
            .get(*i)?
            .as_map()?
            .get(&"content".into())?
            .as_str()
    }

    /// The same model for a site in several languages.
    pub(crate) fn with_translations(
        mut self,
        translations: Option<&'a routes::Translations>,
    ) -> Model<'a> {
        self.translations = translations;
        self
    }

    /// The versions of the page at `url` in the site's languages: for `hreflang`,
    /// `x-default` and the language switch.
    fn languages(&self, url: &str) -> (Vec<Alternate>, Option<String>, Vec<Alternate>) {
        let Some(t) = self.translations else {
            return (Vec::new(), None, Vec::new());
        };
        let alt = |l: crate::messages::Language, url: String, same: bool| Alternate {
            lang: l.code(),
            locale: routes::locale(l),
            name: routes::native_name(l),
            url,
            same,
        };
        let versions = t.versions(url, self.site.config.language);
        let x_default = versions.first().map(|(_, u)| u.clone());
        let alternates = versions.into_iter().map(|(l, u)| alt(l, u, true)).collect();
        let switch = t
            .switch(url, self.site.config.language)
            .into_iter()
            .map(|(l, u, same)| alt(l, u, same))
            .collect();
        (alternates, x_default, switch)
    }

    /// What the template of `job` gets as `page`.
    fn meta<'j>(&'j self, job: &'j Job) -> PageMeta<'j> {
        let (site, strings) = (self.site, self.strings);
        let intro = (job.kind != Collection::Page.kind())
            .then(|| self.intros.get(job.url.as_str()))
            .flatten();
        let (intro, intro_html) = (intro.map(|i| i.0), intro.map(|i| i.1));
        // A pages/ file with the path of a generated page names it too (the home page
        // keeps the site's title).
        let title = intro
            .filter(|_| job.url != routes::HOME.url)
            .map_or(job.title.as_str(), |p| p.data.title.as_str());
        let mut breadcrumbs = Vec::new();
        if job.url != routes::HOME.url && job.url != routes::NOT_FOUND.url {
            breadcrumbs.push(Crumb {
                title: text(strings, "nav.home"),
                url: routes::HOME.url.into(),
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
        let (image, image_alt) = match job.image {
            Some((i, alt)) => (Some(i), alt),
            None => (site.config.logo.as_deref(), site.config.logo_alt.as_deref()),
        };
        let base = &site.config.base_url;
        // Images lie beside the main language's pages.
        let files = self
            .translations
            .and_then(|t| t.languages.first())
            .map_or(base, |(_, b, _)| b);
        let (alternates, x_default, switch) = self.languages(&job.url);
        PageMeta {
            alternates,
            x_default,
            switch,
            canonical: base.absolute(&job.url),
            image: image.map(|i| files.resolve(i)),
            image_alt,
            url: &job.url,
            title,
            description: job
                .description
                .or(intro.and_then(|p| p.data.description.as_deref())),
            kind: job.kind,
            breadcrumbs,
            intro: intro_html,
        }
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
            let source = std::error::Error::source(e).map(|s| s.to_string());
            let detail = match source {
                Some(s) => format!("{} ({s})", r.message()),
                None => r.message().to_string(),
            };
            let mut d = Msg::new(Code::TemplateError)
                .arg("detail", detail)
                .error(file, Language::De);
            d.line = r.span().start_line;
            d.column = r.span().start_col + 1;
            d
        }
        None => Msg::new(Code::TemplateMissing)
            .arg("detail", e.to_string())
            .error("templates", Language::De),
    }
}
