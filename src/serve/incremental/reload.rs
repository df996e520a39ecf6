//! The second incremental path: Markdown files of the site changed their front
//! matter, or were added or deleted. The model is loaded again (every file is read
//! and parsed, in parallel, as `fachwerk build` does), but a body whose text did not
//! change keeps its HTML; then only what can differ is rendered:
//!
//! - the pages of the items whose Tera value changed (or that are new);
//! - every page that is not an item's page (home, listings, topics, legal pages);
//! - the pages whose template reads other items or bodies ([`super::reads_lists`],
//!   [`super::reads_bodies`]);
//! - everything, when what every page shows changed: the menu or the parts of `site`
//!   that are not item collections (topics and their counts, the embeds, …).
//!
//! The feeds are generated again; pages and feeds that are gone are removed.

use super::{Kind, State, item_index};
use crate::content::model::{Item, Site};
use crate::content::routes::url_to_file;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::ItemValues;
use crate::{BuildOptions, content, feeds, markdown, postprocess, render};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use tera::Value;

/// The folders whose Markdown files are items.
const ITEM_FOLDERS: &[&str] = &["pages", "projects", "calls", "news", "events"];

/// The templates of item pages; every other page is a listing of some kind.
const ITEM_TEMPLATES: &[&str] = &[
    "page.html",
    "project.html",
    "call.html",
    "news.html",
    "event.html",
];

impl State {
    /// True for a Markdown file in one of the item folders of the site (existing or
    /// not: a deleted one counts too).
    pub(super) fn is_item_file(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let first = rel.components().next().and_then(|c| c.as_os_str().to_str());
        first.is_some_and(|f| ITEM_FOLDERS.contains(&f))
            && rel.extension().is_some_and(|e| e == "md")
            && !path.is_dir()
    }

    /// True when a part of `site` besides the item collections changed (the topics
    /// and their counts, the embeds: the others come from YAML files, and a change
    /// there builds everything) and an item page's template can show it; listings
    /// are rendered anyway, and items whose values changed too.
    fn item_pages_read_changed_parts(&self, new_rest: &Value) -> bool {
        let old_rest = self.pipeline.values.site_rest(&self.site);
        let (Some(old), Some(new)) = (old_rest.as_map(), new_rest.as_map()) else {
            return true;
        };
        let changed: Vec<String> = new
            .iter()
            .filter(|(k, v)| old.get(*k) != Some(*v))
            .map(|(k, _)| k.to_string())
            .collect();
        changed.iter().any(|part| {
            super::readers(&self.templates, |t| super::reads_site_part(t, part))
                .iter()
                .any(|t| ITEM_TEMPLATES.contains(&t.as_str()))
        }) || old.len() != new.len()
    }

    /// Loads the model again and renders what can have changed: `Ok(Some(pages
    /// rendered))`.
    pub(super) fn reload(&mut self, opts: &BuildOptions) -> Result<Option<usize>, Diagnostics> {
        let load_opts = content::LoadOptions {
            drafts: opts.drafts,
            base_url: opts.base_url.clone(),
            build_date: opts.date,
        };
        let (mut site, warnings) = content::load(&opts.site_dir, &load_opts)?;
        let md = &self.pipeline.markdown;
        let old = &mut self.site;
        let items = &self.items;
        let mut errors = Vec::new();
        errors.extend(reuse(
            &mut site.pages,
            &mut old.pages,
            items,
            Kind::Page,
            md,
        ));
        errors.extend(reuse(
            &mut site.projects,
            &mut old.projects,
            items,
            Kind::Project,
            md,
        ));
        errors.extend(reuse(
            &mut site.calls,
            &mut old.calls,
            items,
            Kind::Call,
            md,
        ));
        errors.extend(reuse(&mut site.news, &mut old.news, items, Kind::News, md));
        errors.extend(reuse(
            &mut site.events,
            &mut old.events,
            items,
            Kind::Event,
            md,
        ));
        if errors.iter().any(Diagnostic::is_error) {
            let mut all = warnings;
            all.extend(errors);
            return Err(all);
        }
        site.embeds = markdown::site_embeds(&site);

        let strings = &self.pipeline.strings;
        let values = ItemValues::new(&site);
        let changed = changed_urls(&site, &values, &self.pipeline.values, items);
        let everything = render::menu(&self.site, strings) != render::menu(&site, strings)
            || self.item_pages_read_changed_parts(&values.site_rest(&site));
        let renderer = &mut self.pipeline.renderer;
        renderer.set_model(&site, &values, strings);
        let (body_readers, list_readers) = (&self.body_readers, &self.list_readers);
        let jobs = render::jobs_where(&site, strings, |url, template| {
            everything
                || changed.contains(url)
                || !ITEM_TEMPLATES.contains(&template)
                || list_readers.contains(template)
                || body_readers.contains(template)
        });
        let mut files = renderer.render(&site, &values, strings, &jobs)?;
        let pages = files.len();
        postprocess::process_all(&mut files, &self.pipeline.settings)?;
        let page_paths: HashSet<String> = render::jobs(&site, strings)
            .iter()
            .map(|j| url_to_file(&j.url))
            .collect();
        let feeds = feeds::generate(&site);
        let feed_paths: HashSet<String> = feeds.iter().map(|f| f.path.clone()).collect();
        for gone in self
            .page_paths
            .difference(&page_paths)
            .chain(self.feed_paths.difference(&feed_paths))
        {
            self.files.remove(gone);
        }
        self.put(files.into_iter().chain(feeds))?;
        self.items = item_index(&site);
        self.site = site;
        self.pipeline.values = values;
        self.warnings = warnings;
        self.page_paths = page_paths;
        self.feed_paths = feed_paths;
        Ok(Some(pages))
    }
}

/// Gives each item of `new` the HTML of its old version when its body is the same
/// text (taking it from `old`, which is replaced afterwards), else converts it;
/// returns the errors of the embed blocks.
fn reuse<T>(
    new: &mut [Item<T>],
    old: &mut [Item<T>],
    items: &HashMap<PathBuf, (Kind, usize)>,
    kind: Kind,
    md: &markdown::Context,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for item in new {
        let same = items
            .get(&item.source)
            .filter(|(k, _)| *k == kind)
            .map(|&(_, i)| &mut old[i])
            .filter(|o| o.body == item.body);
        match same {
            Some(o) => {
                item.content = std::mem::take(&mut o.content);
                item.embeds = std::mem::take(&mut o.embeds);
            }
            None => errors.extend(markdown::convert_item(item, md, false).0),
        }
    }
    errors
}

/// The URLs of the items whose value is new or differs from the old one.
fn changed_urls(
    site: &Site,
    new: &ItemValues,
    old: &ItemValues,
    items: &HashMap<PathBuf, (Kind, usize)>,
) -> HashSet<String> {
    fn add<T>(
        list: &[Item<T>],
        new: &[Value],
        old: &[Value],
        kind: Kind,
        items: &HashMap<PathBuf, (Kind, usize)>,
        out: &mut HashSet<String>,
    ) {
        for (item, value) in list.iter().zip(new) {
            let before = items
                .get(&item.source)
                .filter(|(k, _)| *k == kind)
                .and_then(|&(_, i)| old.get(i));
            if before != Some(value) {
                out.insert(item.url.clone());
            }
        }
    }
    let mut out = HashSet::new();
    add(
        &site.pages,
        &new.pages,
        &old.pages,
        Kind::Page,
        items,
        &mut out,
    );
    add(
        &site.projects,
        &new.projects,
        &old.projects,
        Kind::Project,
        items,
        &mut out,
    );
    add(
        &site.calls,
        &new.calls,
        &old.calls,
        Kind::Call,
        items,
        &mut out,
    );
    add(
        &site.news,
        &new.news,
        &old.news,
        Kind::News,
        items,
        &mut out,
    );
    add(
        &site.events,
        &new.events,
        &old.events,
        Kind::Event,
        items,
        &mut out,
    );
    out
}
