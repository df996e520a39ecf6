//! The pages to render: one job per page of the route table, in a stable order
//! (the fixed pages, then each collection's items, the topic pages after the
//! projects), each with what its template gets besides the site-wide values.

use super::text;
use crate::content::collection::{Collection, FrontMatter, Visitor};
use crate::content::model::{Site, Topic};
use crate::content::routes::{self, url_to_file};
use std::collections::HashMap;

/// The item a page is about, by its collection and index (in the model and in
/// [`super::ItemValues`]).
pub(crate) enum Subject<'a> {
    /// A page about the site as a whole.
    None,
    /// An item's own page.
    Item(Collection, usize),
    /// A topic and the indices of its projects.
    Topic(&'a Topic, Vec<usize>),
}

/// One page to render.
pub(crate) struct Job<'a> {
    /// The page's root-relative URL.
    pub(crate) url: String,
    /// The template's name, e.g. `project.html`.
    pub(crate) template: &'static str,
    /// `page.kind`.
    pub(crate) kind: &'static str,
    /// The page's title.
    pub(crate) title: String,
    /// Its meta description.
    pub(crate) description: Option<&'a str>,
    /// Section crumb between home and this page: (strings key, url).
    pub(crate) section: Option<(&'static str, &'static str)>,
    /// What the page is about.
    pub(crate) subject: Subject<'a>,
    /// The item's image and its text alternative (Open Graph).
    pub(crate) image: Option<(&'a str, Option<&'a str>)>,
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
    let mut jobs: Vec<Job> = routes::FIXED
        .iter()
        .filter(|f| keep(f.url, f.template))
        .map(|f| {
            let home = f.url == routes::HOME.url;
            Job {
                url: f.url.to_string(),
                template: f.template,
                kind: f.kind,
                title: if home {
                    site.config.title.clone()
                } else {
                    text(strings, f.title)
                },
                description: site.config.description.as_deref().filter(|_| home),
                section: None,
                subject: Subject::None,
                image: None,
            }
        })
        .collect();
    for c in Collection::ALL {
        jobs.extend(c.visit(ItemJobs { site, keep: &keep }));
        if c == Collection::Project {
            jobs.extend(topic_jobs(site, &keep));
        }
    }
    jobs
}

/// The pages of one collection's items.
struct ItemJobs<'a, 'k, K> {
    site: &'a Site,
    keep: &'k K,
}

impl<'a, K: Fn(&str, &str) -> bool> Visitor for ItemJobs<'a, '_, K> {
    type Out = Vec<Job<'a>>;
    fn visit<T: FrontMatter>(self) -> Vec<Job<'a>> {
        let c = T::COLLECTION;
        let section = c.listing().map(|l| (l.title, l.url));
        let mut out = Vec::new();
        for (i, item) in T::items(self.site).iter().enumerate() {
            // A free page with the address of a generated page is its introduction.
            if section.is_none() && routes::is_generated_page(&item.url) {
                continue;
            }
            if !(self.keep)(&item.url, c.template()) {
                continue;
            }
            out.push(Job {
                url: item.url.clone(),
                template: c.template(),
                kind: c.kind(),
                title: item.data.title().to_string(),
                description: item.data.description(),
                section,
                subject: Subject::Item(c, i),
                image: item.data.image(),
            });
        }
        out
    }
}

/// The pages of the project topics, each with its projects.
fn topic_jobs<'a>(site: &'a Site, keep: &impl Fn(&str, &str) -> bool) -> Vec<Job<'a>> {
    const TEMPLATE: &str = "topic.html";
    // Each topic's projects, in one pass over the projects (not one per topic).
    let mut by_topic: HashMap<&str, Vec<usize>> = HashMap::new();
    if site.topics.iter().any(|t| keep(&t.url, TEMPLATE)) {
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
    let section = Collection::Project.listing().map(|l| (l.title, l.url));
    let mut out = Vec::new();
    for t in &site.topics {
        if !keep(&t.url, TEMPLATE) {
            continue;
        }
        let projects = by_topic.remove(t.slug.as_str()).unwrap_or_default();
        out.push(Job {
            url: t.url.clone(),
            template: TEMPLATE,
            kind: "topic",
            title: t.name.clone(),
            description: None,
            section,
            subject: Subject::Topic(t, projects),
            image: None,
        });
    }
    out
}
