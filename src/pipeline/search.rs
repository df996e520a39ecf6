//! The search step: what a visitor can find, as records for [`crate::search`], and
//! the index files made of them, for the full build and every incremental one.
//!
//! The records come from the model: the items of every collection with their type
//! label from the theme's strings (`search.kinds`), the projects with their filters
//! (topic, start year, carrier) and funding amount for the project finder, the
//! documents and the contacts. Not in the index: the legal pages, 404 and `/suche/`
//! itself.
//!
//! A build that makes every page once counts each body's words in the Markdown step,
//! as soon as the body's plain text is there ([`Counting`]): no plain text is kept.
//! `serve` keeps the plain texts in the model, and [`SearchStep`] keeps each record
//! with its analysis: a build analyzes only the records that are new or differ from
//! the previous build's (the items an edit touched), then assembles the files from
//! all analyses.

use crate::content::collection::{Collection, FrontMatter, Visitor};
use crate::content::model::{Project, Site};
use crate::content::routes;
use crate::markdown::TextSink;
use crate::render;
use crate::search::{self, Analysis, Analyzers, Language, Pending, Record};
use crate::util::files::{Content, OutputFile};
use crate::util::timings::Timings;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

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

/// How the step runs: for builds that follow (`serve`), or once (`build`, `check`).
pub(crate) enum Mode {
    /// Keep every record's analysis for the next run; the bodies' plain texts are in
    /// the model.
    Keep,
    /// Keep nothing; the items' bodies were counted in the Markdown step.
    Once(Counting),
}

/// The items' records of a build that makes every page once, made before the
/// Markdown step, and each body's count, made by that step as soon as the body's
/// plain text is there ([`TextSink`]), on the thread that converted it: the texts
/// are not kept, and the counting runs in parallel with the conversion.
pub(crate) struct Counting {
    /// Per collection (in [`Collection::ALL`]'s order), per item, the number of its
    /// record in `records` (`None` for an item not in the index).
    numbers: Vec<Vec<Option<usize>>>,
    records: Vec<Record<'static>>,
    counted: Vec<OnceLock<Pending>>,
    analyzers: Analyzers,
}

impl Counting {
    /// The records of the items of `site`, without their texts, for the pages under
    /// `folder` (`/en`, or empty for the main language).
    pub(crate) fn new(site: &Site, strings: &serde_json::Value, folder: &str) -> Counting {
        let mut numbers = Vec::new();
        let mut records = Vec::new();
        for items in item_records(site, strings, folder) {
            numbers.push(
                items
                    .into_iter()
                    .map(|r| {
                        r.map(|r| {
                            records.push(r);
                            records.len() - 1
                        })
                    })
                    .collect(),
            );
        }
        let counted = records.iter().map(|_| OnceLock::new()).collect();
        Counting {
            numbers,
            records,
            counted,
            analyzers: Analyzers::default(),
        }
    }

    /// The records and their analyses (a body the Markdown step did not give counts
    /// as empty).
    fn finish(self) -> (Vec<Record<'static>>, Vec<Analysis>) {
        let Counting {
            records,
            counted,
            analyzers,
            ..
        } = self;
        let pending: Vec<Pending> = counted
            .into_iter()
            .zip(&records)
            .map(|(c, r)| c.into_inner().unwrap_or_else(|| analyzers.count(r, "")))
            .collect();
        let tables = analyzers.finish();
        let analyses = pending.into_iter().map(|p| p.with_table(&tables)).collect();
        (records, analyses)
    }
}

impl TextSink for Counting {
    fn take(&self, c: Collection, index: usize, text: String) {
        let number = self.numbers.get(c.index()).and_then(|n| n.get(index));
        if let Some(&Some(n)) = number {
            let record = &self.records[n];
            let _ = self.counted[n].set(self.analyzers.count(record, &text));
        }
    }
}

impl SearchStep {
    /// The index of `site`; analyzes only the records that differ from the kept ones.
    /// With [`Mode::Keep`], keeps every record's analysis for the next run; with
    /// [`Mode::Once`], keeps none, so that the pages reuse their memory.
    pub(crate) fn run(
        &mut self,
        site: &Site,
        strings: &serde_json::Value,
        mode: Mode,
    ) -> IndexFiles {
        let mut t = Timings::start();
        let (keep, mut records, analyzed) = match mode {
            Mode::Keep => {
                let mut records: Vec<Record> = Vec::new();
                let items = item_records(site, strings, &self.folder);
                for (c, items) in Collection::ALL.into_iter().zip(items) {
                    for (record, item) in items.into_iter().zip(site.cores(c)) {
                        records.extend(record.map(|mut r| {
                            r.text = Cow::Borrowed(item.text.as_str());
                            r
                        }));
                    }
                }
                (true, records, Vec::new())
            }
            Mode::Once(counting) => {
                let (records, analyses) = counting.finish();
                (false, records, analyses)
            }
        };
        let counted = analyzed.len();
        records.extend(other_records(site, strings, &self.folder));
        t.step("search:read");
        let hashes: Vec<u64> = if keep || !self.kept.is_empty() {
            records.par_iter().map(hash).collect()
        } else {
            Vec::new()
        };
        let mut kept = std::mem::take(&mut self.kept);
        let reused = analyzed
            .into_iter()
            .map(Some)
            .chain(records.iter().zip(&hashes).skip(counted).map(|(r, h)| {
                match kept.remove(r.url.as_str()) {
                    Some((old, analysis)) if old == *h => Some(analysis),
                    _ => None,
                }
            }))
            .collect();
        drop(kept);
        let mut analyses = search::analyze_all(&records, reused);
        t.step("search:words");
        let mut docs = if keep {
            Vec::new()
        } else {
            search::take_docs(&mut analyses)
        };
        let pairs: Vec<(&Record, &Analysis)> = records.iter().zip(&analyses).collect();
        let files = if keep {
            search::assemble(&pairs)
        } else {
            search::assemble_with(&pairs, |i| std::mem::take(&mut docs[i]))
        };
        let files: Vec<OutputFile> = files
            .into_iter()
            .map(|(path, bytes)| OutputFile {
                path,
                content: Content::Bytes(bytes),
            })
            .collect();
        let mut gone = Vec::new();
        if keep {
            let paths: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
            gone = self.paths.difference(&paths).cloned().collect();
            gone.sort();
            self.paths = paths;
        }
        self.kept = if keep {
            records
                .into_iter()
                .zip(hashes)
                .zip(analyses)
                .map(|((r, h), a)| (r.url, (h, a)))
                .collect()
        } else {
            HashMap::new()
        };
        t.step("search:files");
        IndexFiles { files, gone }
    }
}

/// A hash of everything in a record: an equal hash keeps the analysis.
fn hash(record: &Record) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(record)
}

/// The records of the items of `site`, without their texts, by collection (in
/// [`Collection::ALL`]'s order) and item: `None` for an item not in the index
/// (`/suche/`). Their URLs lead to the pages under `folder`.
fn item_records(
    site: &Site,
    strings: &serde_json::Value,
    folder: &str,
) -> Vec<Vec<Option<Record<'static>>>> {
    let language = site.config.language;
    let label = |key: &str| render::text(strings, &format!("search.kinds.{key}"));
    let mut all = Vec::new();
    for c in Collection::ALL {
        let mut items = c.visit(ItemRecords {
            site,
            language,
            kind: label(c.kind()),
            folder,
        });
        // In the order of the collection.
        match c {
            Collection::Project => {
                for (record, project) in items.iter_mut().zip(&site.projects) {
                    if let Some(record) = record {
                        project_facets(&project.data, record);
                    }
                }
            }
            Collection::News => {
                for (record, news) in items.iter_mut().zip(&site.news) {
                    if let Some(record) = record {
                        record
                            .sort
                            .insert("date".into(), news.data.date.to_string());
                    }
                }
            }
            _ => {}
        }
        all.push(items);
    }
    all
}

/// The records of what is not an item: the documents and the contacts, for the
/// pages under `folder`.
fn other_records<'a>(site: &'a Site, strings: &serde_json::Value, folder: &str) -> Vec<Record<'a>> {
    let language = site.config.language;
    let label = |key: &str| render::text(strings, &format!("search.kinds.{key}"));
    let document = label("document");
    let mut records: Vec<Record> = site
        .documents
        .iter()
        .map(|d| Record {
            url: format!("{folder}{}", d.url),
            title: d.title.clone(),
            kind: document.clone(),
            language,
            text: Cow::Borrowed(d.description.as_deref().unwrap_or_default()),
            ..Record::default()
        })
        .collect();
    let contact = label("contact");
    records.extend(site.contacts.iter().filter(|c| !c.id.is_empty()).map(|c| {
        let text = [&c.function, &c.organisation, &c.address]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        Record {
            url: format!("{folder}{}#kontakt-{}", routes::CONTACTS.url, c.id),
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

/// The records of one collection's items, without their texts.
struct ItemRecords<'a> {
    site: &'a Site,
    language: Language,
    kind: String,
    folder: &'a str,
}

impl Visitor for ItemRecords<'_> {
    type Out = Vec<Option<Record<'static>>>;
    fn visit<T: FrontMatter>(self) -> Vec<Option<Record<'static>>> {
        T::items(self.site)
            .iter()
            .map(|item| {
                (item.url != routes::SEARCH.url).then(|| Record {
                    url: format!("{}{}", self.folder, item.url),
                    title: item.data.title().to_string(),
                    kind: self.kind.clone(),
                    language: self.language,
                    text: Cow::Borrowed(""),
                    excerpt: item.data.description().unwrap_or_default().to_string(),
                    ..Record::default()
                })
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
