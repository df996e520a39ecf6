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

/// How the step runs: for builds that follow (`serve`), or once (`build`, `check`).
pub(crate) enum Mode {
    /// Keep every record's analysis for the next run.
    Keep,
    /// Keep nothing; the bodies' plain texts, taken out of the model ([`take_texts`]),
    /// are dropped one by one as they are analyzed, so that the analyses reuse their
    /// memory.
    Once(Texts),
}

/// The plain texts of the items' bodies, per collection (in [`Collection::ALL`]'s
/// order) in the order of its items.
pub(crate) type Texts = Vec<Vec<String>>;

/// The plain text of every item's body, taken out of the model (the index is the last
/// step to read it).
pub(crate) fn take_texts(site: &mut Site) -> Texts {
    Collection::ALL
        .into_iter()
        .map(|c| {
            site.cores_mut(c)
                .into_iter()
                .map(|item| std::mem::take(&mut item.text))
                .collect()
        })
        .collect()
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
        let (keep, texts) = match mode {
            Mode::Keep => (true, Vec::new()),
            Mode::Once(texts) => (false, texts),
        };
        let mut records = records(site, strings, texts);
        if !self.folder.is_empty() {
            for r in &mut records {
                r.url = format!("{}{}", self.folder, r.url);
            }
        }
        t.step("search:read");
        let hashes: Vec<u64> = if keep || !self.kept.is_empty() {
            records.par_iter().map(hash).collect()
        } else {
            Vec::new()
        };
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
        let mut analyses = search::analyze_all(&mut records, reused, !keep);
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
        let paths: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let mut gone: Vec<String> = self.paths.difference(&paths).cloned().collect();
        gone.sort();
        self.paths = paths;
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

/// Everything of `site` a visitor can find; an item's text is taken from `texts`
/// where it is there (see [`Texts`]), else borrowed from the item.
fn records<'a>(site: &'a Site, strings: &serde_json::Value, texts: Texts) -> Vec<Record<'a>> {
    let language = site.config.language;
    let label = |key: &str| render::text(strings, &format!("search.kinds.{key}"));
    let mut records = Vec::new();
    let mut texts = texts.into_iter();
    for c in Collection::ALL {
        let mut items = c.visit(ItemRecords {
            site,
            language,
            kind: label(c.kind()),
            texts: texts.next().unwrap_or_default(),
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
    /// The items' texts taken out of the model, in their order (or none).
    texts: Vec<String>,
}

impl<'a> Visitor for ItemRecords<'a> {
    type Out = Vec<Record<'a>>;
    fn visit<T: FrontMatter>(self) -> Vec<Record<'a>> {
        let taken = self
            .texts
            .into_iter()
            .map(Some)
            .chain(std::iter::repeat(None));
        T::items(self.site)
            .iter()
            .zip(taken)
            .filter(|(item, _)| item.url != routes::SEARCH.url)
            .map(|(item, taken)| Record {
                url: item.url.clone(),
                title: item.data.title().to_string(),
                kind: self.kind.clone(),
                language: self.language,
                text: match taken {
                    Some(text) => Cow::Owned(text),
                    None => Cow::Borrowed(&item.text),
                },
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
