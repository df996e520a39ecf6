//! The search step: what a visitor can find, as records for [`crate::search`], and
//! the index files made of them, for the full build and every incremental one.
//!
//! The records come from the model after the Markdown step (which keeps each body's
//! plain text): the items of every collection with their type label from the theme's
//! strings (`search.kinds`), the projects with their filters (topic, start year,
//! carrier) and funding amount for the project finder, the documents and the
//! contacts. Not in the index: the legal pages, 404 and `/suche/` itself.
//!
//! [`SearchStep`] keeps each record with its analysis: a build analyzes only the
//! records that are new or differ from the previous build's (in `serve`, the items
//! an edit touched), then assembles the files from all analyses.

use crate::content::collection::{Collection, FrontMatter, Visitor};
use crate::content::model::{Project, Site};
use crate::content::routes;
use crate::render;
use crate::search::{self, Analysis, Language, Record};
use crate::util::files::{Content, OutputFile};
use crate::util::timings::Timings;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The analyses of the previous build's records (by URL, with a hash of the record
/// they are of) and the paths of its index files.
#[derive(Default)]
pub(crate) struct SearchStep {
    kept: HashMap<String, (u64, Analysis)>,
    paths: HashSet<String>,
    /// The folder of the language whose pages the records lead to (`/en`), empty
    /// for the main language.
    pub(crate) folder: String,
}

/// The index files of a build and the paths of the previous build's files that are
/// gone.
pub(crate) struct IndexFiles {
    /// Every file of the index.
    pub(crate) files: Vec<OutputFile>,
    /// Files of the previous build that this one does not have.
    pub(crate) gone: Vec<String>,
}

impl SearchStep {
    /// The index of `site`; analyzes only the records that differ from the kept ones.
    pub(crate) fn run(&mut self, site: &Site, strings: &serde_json::Value) -> IndexFiles {
        let mut t = Timings::start();
        let mut records = records(site, strings);
        if !self.folder.is_empty() {
            for r in &mut records {
                r.url = format!("{}{}", self.folder, r.url);
            }
        }
        t.step("search:read");
        let hashes: Vec<u64> = records.par_iter().map(hash).collect();
        let mut kept = std::mem::take(&mut self.kept);
        let reused = records
            .iter()
            .zip(&hashes)
            .map(|(r, h)| match kept.remove(r.url.as_str()) {
                Some((old, analysis)) if old == *h => Some(analysis),
                _ => None,
            })
            .collect();
        drop(kept);
        let analyses = search::analyze_all(&records, reused);
        t.step("search:words");
        let pairs: Vec<(&Record, &Analysis)> = records.iter().zip(&analyses).collect();
        let files: Vec<OutputFile> = search::assemble(&pairs)
            .into_iter()
            .map(|(path, bytes)| OutputFile {
                path,
                content: Content::Bytes(bytes),
            })
            .collect();
        let paths: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let mut gone: Vec<String> = self.paths.difference(&paths).cloned().collect();
        gone.sort();
        self.paths = paths;
        self.kept = records
            .into_iter()
            .zip(hashes)
            .zip(analyses)
            .map(|((r, h), a)| (r.url, (h, a)))
            .collect();
        t.step("search:files");
        IndexFiles { files, gone }
    }
}

/// A hash of everything in a record: an equal hash keeps the analysis.
fn hash(record: &Record) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(record)
}

/// Everything of `site` a visitor can find.
fn records<'a>(site: &'a Site, strings: &serde_json::Value) -> Vec<Record<'a>> {
    let language = site.config.language;
    let label = |key: &str| render::text(strings, &format!("search.kinds.{key}"));
    let mut records = Vec::new();
    for c in Collection::ALL {
        let mut items = c.visit(ItemRecords {
            site,
            language,
            kind: label(c.kind()),
        });
        // In the order of the collection (only pages leave one out).
        match c {
            Collection::Project => {
                for (record, project) in items.iter_mut().zip(&site.projects) {
                    project_facets(&project.data, record);
                }
            }
            Collection::News => {
                for (record, news) in items.iter_mut().zip(&site.news) {
                    record
                        .sort
                        .insert("date".into(), news.data.date.to_string());
                }
            }
            _ => {}
        }
        records.extend(items);
    }
    let document = label("document");
    records.extend(site.documents.iter().map(|d| Record {
        url: d.url.clone(),
        title: d.title.clone(),
        kind: document.clone(),
        language,
        text: Cow::Borrowed(d.description.as_deref().unwrap_or_default()),
        ..Record::default()
    }));
    let contact = label("contact");
    records.extend(site.contacts.iter().filter(|c| !c.id.is_empty()).map(|c| {
        let text = [&c.function, &c.organisation, &c.address]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        Record {
            url: format!("{}#kontakt-{}", routes::CONTACTS.url, c.id),
            title: c.name.clone(),
            kind: contact.clone(),
            language,
            excerpt: c.function.clone().unwrap_or_default(),
            text: Cow::Owned(text),
            ..Record::default()
        }
    }));
    records
}

/// The records of one collection's items.
struct ItemRecords<'a> {
    site: &'a Site,
    language: Language,
    kind: String,
}

impl<'a> Visitor for ItemRecords<'a> {
    type Out = Vec<Record<'a>>;
    fn visit<T: FrontMatter>(self) -> Vec<Record<'a>> {
        T::items(self.site)
            .iter()
            .filter(|item| item.url != routes::SEARCH.url)
            .map(|item| Record {
                url: item.url.clone(),
                title: item.data.title().to_string(),
                kind: self.kind.clone(),
                language: self.language,
                text: Cow::Borrowed(&item.text),
                excerpt: item.data.description().unwrap_or_default().to_string(),
                ..Record::default()
            })
            .collect()
    }
}

/// The project finder's fields of a project: topics, start year, carrier, funding
/// amount, and its start as a sort key.
fn project_facets(p: &Project, record: &mut Record) {
    record.filters.insert("topic".into(), p.topics.clone());
    record
        .filters
        .insert("year".into(), vec![p.period.start.year.to_string()]);
    if !p.carrier.trim().is_empty() {
        record
            .filters
            .insert("carrier".into(), vec![p.carrier.trim().to_string()]);
    }
    if let Some(amount) = p.funding_amount.filter(|a| a.is_finite() && *a >= 0.0) {
        record
            .numbers
            .insert("amount".into(), amount.round() as u64);
    }
    record
        .sort
        .insert("start".into(), p.period.start.to_string());
}
