//! The second incremental path: Markdown files of the site changed their front
//! matter, or were added or deleted. The model is loaded again (every file is read
//! and parsed, in parallel, as `fachwerk build` does), but a body whose text did not
//! change keeps its HTML; then only what can differ is made again:
//!
//! - the pages of the items whose Tera value changed (or that are new);
//! - every page that is not an item's page (home, listings, topics, legal pages);
//! - the pages whose templates can show other items or bodies
//!   ([`crate::render::deps`]);
//! - everything, when what every page shows changed: the menu or the parts of `site`
//!   that are not item collections (topics and their counts, the embeds, …).
//!
//! The feeds are generated again; pages and feeds that are gone are removed.

use super::{State, item_index, page_paths};
use crate::content::collection::Collection;
use crate::content::model::Site;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::pipeline::rebuild::Rebuild;
use crate::pipeline::{BuildOptions, load};
use crate::render::{self, ItemValues};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use tera::Value;

impl State {
    /// True when a part of `site` besides the item collections changed (the topics
    /// and their counts, the embeds: the others come from YAML files, and a change
    /// there builds everything) and an item page's template can show it; listings
    /// are made anyway, and items whose values changed too.
    fn item_pages_read_changed_parts(&self, new_rest: &Value) -> bool {
        let old_rest = self.stages.values.site_rest(&self.site);
        let (Some(old), Some(new)) = (old_rest.as_map(), new_rest.as_map()) else {
            return true;
        };
        let changed: Vec<String> = new
            .iter()
            .filter(|(k, v)| old.get(*k) != Some(*v))
            .map(|(k, _)| k.to_string())
            .collect();
        changed.iter().any(|part| {
            Collection::ALL
                .iter()
                .any(|c| self.deps.of(c.template()).site_part(part))
        }) || old.len() != new.len()
    }

    /// Loads the model again and makes what can have changed.
    pub(super) fn reload(&mut self, opts: &BuildOptions) -> Result<Rebuild, Diagnostics> {
        let (mut site, warnings) = load(opts, false)?;
        let errors = reuse(
            &mut site,
            &mut self.site,
            &self.items,
            &self.stages.markdown,
        );
        if errors.iter().any(Diagnostic::is_error) {
            let mut all = warnings;
            all.extend(errors);
            return Err(all);
        }
        site.embeds = markdown::site_embeds(&site);
        site.image_credits = markdown::site_credits(&site);

        let strings = &self.stages.strings;
        let values = ItemValues::new(&site);
        let changed = changed_urls(&site, &values, &self.stages.values, &self.items);
        let everything = render::menu(&self.site, strings) != render::menu(&site, strings)
            || self.item_pages_read_changed_parts(&values.site_rest(&site));
        // The new model goes in before its pages are made (after an error the
        // session forgets this state).
        self.stages.renderer.set_model(&site, &values, strings);
        self.site = site;
        self.stages.values = values;
        let deps = &self.deps;
        let item_templates: Vec<&str> = Collection::ALL.iter().map(|c| c.template()).collect();
        let jobs = render::jobs_where(&self.site, &self.stages.strings, |url, template| {
            let reads = deps.of(template);
            everything
                || changed.contains(url)
                || !item_templates.contains(&template)
                || reads.other_items
                || reads.other_bodies
        });
        let rendered = jobs.len();
        let made = self.make(&jobs)?;
        drop(jobs);
        let page_paths = page_paths(&self.site, &self.stages);
        let feeds = crate::feeds::generate(&self.site);
        let feed_paths: HashSet<String> = feeds.iter().map(|f| f.path.clone()).collect();
        for gone in self
            .page_paths
            .difference(&page_paths)
            .chain(self.feed_paths.difference(&feed_paths))
        {
            self.files.remove(gone);
        }
        self.put(made.into_iter().chain(feeds))?;
        self.refresh_index()?;
        self.items = item_index(&self.site);
        self.warnings = warnings;
        self.page_paths = page_paths;
        self.feed_paths = feed_paths;
        Ok(Rebuild::Rendered(rendered))
    }
}

/// Gives each item of `new` the HTML of its old version when its body is the same
/// text (taking it from `old`, which is replaced afterwards), else converts it;
/// returns the errors of the embed blocks.
fn reuse(
    new: &mut Site,
    old: &mut Site,
    items: &HashMap<PathBuf, (Collection, usize)>,
    md: &markdown::Context,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for c in Collection::ALL {
        let mut olds = old.cores_mut(c);
        for item in new.cores_mut(c) {
            let same = items
                .get(&item.source)
                .filter(|(k, _)| *k == c)
                .and_then(|&(_, i)| olds.get_mut(i))
                .filter(|o| o.body == item.body);
            match same {
                Some(o) => {
                    item.content = std::mem::take(&mut o.content);
                    item.embeds = std::mem::take(&mut o.embeds);
                    item.images = std::mem::take(&mut o.images);
                    item.text = std::mem::take(&mut o.text);
                    item.outline = std::mem::take(&mut o.outline);
                }
                None => errors.extend(markdown::convert_item(item, md, false).0),
            }
        }
    }
    errors
}

/// The URLs of the items whose value is new or differs from the old one.
fn changed_urls(
    site: &Site,
    new: &ItemValues,
    old: &ItemValues,
    items: &HashMap<PathBuf, (Collection, usize)>,
) -> HashSet<String> {
    let mut out = HashSet::new();
    for c in Collection::ALL {
        for (item, value) in site.cores(c).into_iter().zip(new.of(c)) {
            let before = items
                .get(&item.source)
                .filter(|(k, _)| *k == c)
                .and_then(|&(_, i)| old.of(c).get(i));
            if before != Some(value) {
                out.insert(item.url.clone());
            }
        }
    }
    out
}
