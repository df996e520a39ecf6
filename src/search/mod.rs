//! The site search: records (one per page, project, call, news item, event, document
//! and contact) in, the files of a static search index out, which `search.js` reads in
//! the browser from the site itself.
//!
//! Not wired into the build yet: the pipeline will gather the records and write the
//! files under the output root (see the branch's report for the plan).
//!
//! The index is split so that a first query downloads little:
//!
//! - `suche/index/<lang>/index.json` — the manifest: number of documents, stop words,
//!   the first term of each term chunk, the facets file, a version for cache busting;
//! - `t/<hash>.bin` — term chunks: sorted terms with their documents and weights,
//!   about [`encode::CHUNK_BYTES`] each, named by their content (unchanged chunks keep
//!   their name from build to build);
//! - `d/<id>.json` — one per document: URL, title, type, excerpt and plain text, from
//!   which the browser cuts the passage around a hit;
//! - `facets.<hash>.json` — for records with filters (projects): their URLs, filter
//!   values, numbers and sort keys, read by the project finder.
//!
//! The same records give the same bytes: documents are numbered in the order of their
//! URLs, every map is sorted, and nothing of the build machine or time goes in.

mod compound;
mod encode;
mod text;

pub use text::Language;

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use text::{Analyzer, Terms};

/// Where the index lives below the output root.
pub(crate) use crate::content::routes::SEARCH_INDEX as INDEX_DIR;

/// One thing a visitor can find.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Record<'a> {
    /// Root-relative URL (`/projekte/azubi-lotsen/`, `/docs/plan.pdf`, `/kontakt/#kontakt-x`).
    pub(crate) url: String,
    /// Title shown as the result's link text; its words weigh more.
    pub(crate) title: String,
    /// Type shown beside the title, in the site's language (`Projekt`, `Termin`, …).
    pub(crate) kind: String,
    /// Language of the text; the index has one part per language.
    pub(crate) language: Language,
    /// The body as plain text (no markup).
    pub(crate) text: Cow<'a, str>,
    /// A short summary shown under the title when no passage of the text fits better.
    pub(crate) excerpt: String,
    /// Filter values by filter name (`topic: [Pflege, Handwerk]`, `year: [2024]`,
    /// `carrier: [...]`); their words are searchable too.
    pub(crate) filters: BTreeMap<String, Vec<String>>,
    /// Numbers for range filters and numeric sorting (`amount: 45000`).
    pub(crate) numbers: BTreeMap<String, u64>,
    /// Text sort keys (`date: 2024-03-01`).
    pub(crate) sort: BTreeMap<String, String>,
}

/// A file of the index: path below the output root (`/`-separated) and bytes.
pub(crate) type OutputFile = (String, Vec<u8>);

/// What the index keeps of one record's words: each term with how often it occurs
/// in the body and whether it is in the title, and the number of words. Computing it
/// is most of an index build; `serve` can keep it per record and analyze only the
/// records whose text changed (see [`assemble`]).
#[derive(Debug, Clone)]
pub(crate) struct Analysis {
    /// Term numbers into `table` with their counts, in no particular order.
    terms: Vec<(u32, TermCount)>,
    /// The terms of the analyzer that made this analysis (shared by all analyses it
    /// made): numbers instead of a shared string per term make an analysis a third
    /// of the size, and assembling maps numbers instead of hashing strings.
    table: Terms,
    words: u32,
    /// The record's document file (`d/<n>.json`) and the SHA-256 of its bytes: made
    /// here, so that keeping an analysis keeps its document too.
    doc: Vec<u8>,
    digest: [u8; 32],
}

/// How often a term occurs in a record's body, and whether it is in the title, in
/// four bytes (the title is the highest bit): an analysis holds millions of them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct TermCount(u32);

impl TermCount {
    const TITLE: u32 = 1 << 31;

    #[cfg(test)]
    fn new(body: u32, title: bool) -> TermCount {
        TermCount(body.min(!Self::TITLE) | if title { Self::TITLE } else { 0 })
    }

    /// Occurrences in the body.
    fn body(self) -> u32 {
        self.0 & !Self::TITLE
    }

    /// In the title.
    fn title(self) -> bool {
        self.0 & Self::TITLE != 0
    }

    fn add_body(&mut self) {
        if self.body() < !Self::TITLE {
            self.0 += 1;
        }
    }

    fn set_title(&mut self) {
        self.0 |= Self::TITLE;
    }
}

/// The terms of `text` as the index keeps them, in order: what `search.js` computes
/// for a query in `language` (the browser test compares the two word by word).
pub fn terms(text: &str, language: Language) -> Vec<String> {
    let mut out = Vec::new();
    Analyzer::new(language).each_term(text, |t| out.push(t.to_owned()));
    out
}

/// Builds the whole index from `records` (in any order): [`analyze_all`], then
/// [`assemble`].
#[cfg(test)]
pub(crate) fn build(records: &[Record]) -> Vec<OutputFile> {
    let analyses = analyze_all(records, Vec::new());
    let pairs: Vec<(&Record, &Analysis)> = records.iter().zip(&analyses).collect();
    assemble(&pairs)
}

/// Analyzes every record (with its own text) for which `kept` (by position) has no
/// analysis (the build before made it), in parallel; the result is in the order of
/// `records`.
pub(crate) fn analyze_all(records: &[Record], mut kept: Vec<Option<Analysis>>) -> Vec<Analysis> {
    kept.resize_with(records.len(), || None);
    let analyzers = Analyzers::default();
    let analyzed: Vec<Result<Analysis, Pending>> = records
        .par_iter()
        .zip(kept)
        .map(|(record, kept)| kept.ok_or_else(|| analyzers.count(record, &record.text)))
        .collect();
    let tables = analyzers.finish();
    analyzed
        .into_iter()
        .map(|a| a.unwrap_or_else(|p| p.with_table(&tables)))
        .collect()
}

/// Analyzes one record.
#[cfg(test)]
pub(crate) fn analyze(record: &Record) -> Analysis {
    let mut analyzer = Analyzer::new(record.language);
    let counted = count(&mut analyzer, record, &record.text);
    counted.with_table(analyzer.into_terms())
}

/// Analyzers for the threads that analyze records at the same time (the Markdown
/// step counts each body as it converts it, so that no body's plain text is kept):
/// one per thread of rayon's pool (and one for any other thread), so that each
/// stems a distinct word once per thread and stays in that thread's cache. The
/// analyses get their analyzer's term table at the end ([`Pending::with_table`]).
pub(crate) struct Analyzers {
    /// By rayon's thread index + 1; the first for threads outside the pool.
    slots: Vec<Mutex<AnalyzerPair>>,
}

impl Default for Analyzers {
    fn default() -> Analyzers {
        Analyzers {
            slots: (0..=rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
        }
    }
}

/// An analysis whose analyzer's term table is not complete yet (other records may
/// add terms to it): made by [`Analyzers::count`].
pub(crate) struct Pending {
    counted: Counted,
    language: Language,
    /// The number of the analyzer that counted it.
    analyzer: usize,
}

/// The term tables of every analyzer of an [`Analyzers`], by its number.
pub(crate) struct Tables(Vec<(Terms, Terms)>);

impl Analyzers {
    /// Counts the words of `record` with `text` as its body (the record's own text is
    /// not read), from any thread.
    pub(crate) fn count(&self, record: &Record, text: &str) -> Pending {
        let analyzer = rayon::current_thread_index()
            .map_or(0, |i| i + 1)
            .min(self.slots.len() - 1);
        let mut pair = self.slots[analyzer]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let counted = count(pair.for_language(record.language), record, text);
        Pending {
            counted,
            language: record.language,
            analyzer,
        }
    }

    /// The term tables, once every record is counted.
    pub(crate) fn finish(self) -> Tables {
        Tables(
            self.slots
                .into_iter()
                .map(|m| {
                    m.into_inner()
                        .unwrap_or_else(PoisonError::into_inner)
                        .into_terms()
                })
                .collect(),
        )
    }
}

impl Pending {
    /// The analysis, with the term table of the analyzer that counted it (of the
    /// [`Analyzers`] that made `tables`).
    pub(crate) fn with_table(self, tables: &Tables) -> Analysis {
        let table = tables.0.get(self.analyzer).map_or_else(
            || Terms::from([]),
            |(de, en)| match self.language {
                Language::De => Terms::clone(de),
                Language::En => Terms::clone(en),
            },
        );
        self.counted.with_table(table)
    }
}

/// One analyzer per language, created when first needed.
#[derive(Default)]
struct AnalyzerPair {
    de: Option<Analyzer>,
    en: Option<Analyzer>,
}

impl AnalyzerPair {
    fn for_language(&mut self, language: Language) -> &mut Analyzer {
        let slot = match language {
            Language::De => &mut self.de,
            Language::En => &mut self.en,
        };
        slot.get_or_insert_with(|| Analyzer::new(language))
    }

    /// The term tables of both analyzers (empty for one never used).
    fn into_terms(self) -> (Terms, Terms) {
        let table = |a: Option<Analyzer>| a.map_or_else(|| Terms::from([]), Analyzer::into_terms);
        (table(self.de), table(self.en))
    }
}

/// An analysis before its analyzer's term table is complete.
struct Counted {
    terms: Vec<(u32, TermCount)>,
    words: u32,
    doc: Vec<u8>,
    digest: [u8; 32],
}

impl Counted {
    fn with_table(self, table: Terms) -> Analysis {
        Analysis {
            terms: self.terms,
            table,
            words: self.words,
            doc: self.doc,
            digest: self.digest,
        }
    }
}

/// Counts the words of `record` with `text` as its body.
fn count(analyzer: &mut Analyzer, record: &Record, text: &str) -> Counted {
    analyzer.count(&record.excerpt, false);
    analyzer.count(text, false);
    for value in record.filters.values().flatten() {
        analyzer.count(value, false);
    }
    analyzer.count(&record.title, true);
    let (terms, words) = analyzer.finish();
    let doc = encode::doc_json(record, text);
    let digest = Sha256::digest(&doc).into();
    Counted {
        terms,
        words,
        doc,
        digest,
    }
}

/// Writes the index files from records and their analyses (each analysis must be of
/// its record). Documents are numbered by URL per language, so the order of the pairs
/// does not matter.
pub(crate) fn assemble(pairs: &[(&Record, &Analysis)]) -> Vec<OutputFile> {
    assemble_with(pairs, |i| pairs[i].1.doc.clone())
}

/// [`assemble`], with the document file of pair `i` from `doc(i)`: a copy of the
/// analysis's own, or the file itself taken out of analyses that are not kept
/// ([`take_docs`]).
pub(crate) fn assemble_with(
    pairs: &[(&Record, &Analysis)],
    mut doc: impl FnMut(usize) -> Vec<u8>,
) -> Vec<OutputFile> {
    let mut by_language: BTreeMap<Language, Vec<usize>> = BTreeMap::new();
    for (i, (record, _)) in pairs.iter().enumerate() {
        by_language.entry(record.language).or_default().push(i);
    }
    let mut files = Vec::new();
    for (language, mut order) in by_language {
        // By URL; equal URLs (which the pipeline never gives) by the rest of the record.
        order.sort_by(|&a, &b| {
            let (a, b) = (pairs[a].0, pairs[b].0);
            a.url.cmp(&b.url).then_with(|| a.cmp(b))
        });
        let docs: Vec<(&Record, &Analysis)> = order.iter().map(|&i| pairs[i]).collect();
        files.extend(encode::language_index(language, &docs, &mut |n| {
            doc(order[n])
        }));
    }
    files
}

/// The document files of `analyses`, taken out of them (for a build that keeps no
/// analysis: its files need no copy).
pub(crate) fn take_docs(analyses: &mut [Analysis]) -> Vec<Vec<u8>> {
    analyses
        .iter_mut()
        .map(|a| std::mem::take(&mut a.doc))
        .collect()
}

#[cfg(test)]
mod tests;
