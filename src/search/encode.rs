//! The index files of one language: term chunks (binary), one JSON file per document,
//! the facets of filterable records and the manifest that names them all.
//!
//! A term chunk is a sequence of unsigned LEB128 numbers and bytes:
//! `count`, then per term, in byte order of the terms: `shared` (bytes the term
//! shares with the previous one), `len` and `len` UTF-8 bytes of the rest, `df`
//! (number of documents), `df` document-number gaps (the first one from 0), `df`
//! weight bytes, and `parts` (0, or 2 for a compound) with `len` and UTF-8 bytes of
//! each part's term. `search.js` (`readChunk`) reads exactly this.

use super::compound;
use super::text::{Language, Terms};
use super::{Analysis, INDEX_DIR, OutputFile, Record, TermCount};
use pagefind_stem::{Algorithm, Stemmer};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A term chunk is closed once it holds this many bytes: small enough that a query's
/// chunk comes quickly, large enough that the manifest's list of chunks stays short.
pub(super) const CHUNK_BYTES: usize = 16 * 1024;

/// Version of the file formats, in the manifest; `search.js` refuses another.
const FORMAT: u32 = 1;

/// The body text kept per document for excerpts, in characters (about the first 200
/// words); a hit further down a longer page shows the page's summary instead. The
/// documents are most of the index: 20,000 characters made a 10,000-page index of
/// 77 MB, and writing it cost more than the 15 % of a build.
const MAX_TEXT_CHARS: usize = 1_500;

/// BM25's term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// The weight byte of a term in a document: the body part grows with the term's
/// frequency relative to the document's length (BM25, scaled to at most 150), a title
/// adds 100. The browser multiplies it with the term's rarity.
fn weight(count: TermCount, words: u32, average: f64) -> u8 {
    let tf = f64::from(count.body());
    let norm = K1 * (1.0 - B + B * f64::from(words) / average);
    let body = tf * (K1 + 1.0) / (tf + norm) / (K1 + 1.0) * 150.0;
    let title = if count.title() { 100.0 } else { 0.0 };
    (body + title).round().clamp(1.0, 255.0) as u8
}

/// All files of one language's index; `docs` is sorted by URL (the document numbers);
/// `doc(n)` gives the bytes of document `n`'s file.
pub(super) fn language_index(
    language: Language,
    docs: &[(&Record, &Analysis)],
    doc: &mut dyn FnMut(usize) -> Vec<u8>,
) -> Vec<OutputFile> {
    let dir = format!("{INDEX_DIR}/{}", language.code());
    let total_words: u64 = docs.iter().map(|(_, a)| u64::from(a.words)).sum();
    let average = (total_words as f64 / docs.len().max(1) as f64).max(1.0);

    let all = Vocabulary::of(docs);
    // Each term's number of documents first, so that each list is made at its size.
    let mut df = vec![0usize; all.terms.len()];
    for (_, analysis) in docs {
        let numbers = all.numbers_of(&analysis.table);
        for &(n, _) in &analysis.terms {
            df[numbers[n as usize] as usize] += 1;
        }
    }
    let mut postings: Vec<Vec<(u32, u8)>> = df.into_iter().map(Vec::with_capacity).collect();
    for (id, (_, analysis)) in docs.iter().enumerate() {
        let numbers = all.numbers_of(&analysis.table);
        for &(n, count) in &analysis.terms {
            let w = weight(count, analysis.words, average);
            postings[numbers[n as usize] as usize].push((id as u32, w));
        }
    }
    // Only terms with documents (a kept analyzer's table may name terms of records
    // that have changed since).
    let terms: Vec<u32> = (0..all.terms.len() as u32)
        .filter(|&n| !postings[n as usize].is_empty())
        .collect();
    let parts = compounds(language, &all.terms, &terms, &mut postings);
    let mut files = Vec::new();
    let mut chunks = Vec::new();
    for (first, bytes) in chunk_terms(&all.terms, &terms, &postings, &parts) {
        let name = format!("t/{}.bin", short_hash(&bytes, 12));
        chunks.push((first.to_owned(), name.clone()));
        files.push((format!("{dir}/{name}"), bytes));
    }
    let facets = facets_json(docs).map(|bytes| {
        let name = format!("facets.{}.json", short_hash(&bytes, 12));
        files.push((format!("{dir}/{name}"), bytes));
        name
    });
    // The version changes whenever any file does: documents are fetched with it. The
    // other files are named by their content already.
    let mut hasher = Sha256::new();
    for (path, _) in &files {
        hasher.update(path);
    }
    for (id, (_, analysis)) in docs.iter().enumerate() {
        hasher.update(id.to_le_bytes());
        hasher.update(analysis.digest);
    }
    let version = hex(&hasher.finalize())[..16].to_owned();
    files.extend((0..docs.len()).map(|id| (format!("{dir}/d/{id}.json"), doc(id))));
    let manifest = Manifest {
        format: FORMAT,
        language: language.code(),
        version,
        docs: docs.len(),
        stop: language.stop_words(),
        chunks,
        facets,
    };
    files.push((format!("{dir}/index.json"), to_json(&manifest)));
    files
}

/// The terms of all analyses of one language in byte order, numbered in that order,
/// and for each analyzer's table (by its address) its numbers in that order.
struct Vocabulary<'a> {
    terms: Vec<&'a str>,
    tables: Vec<(&'a Terms, Vec<u32>)>,
}

impl<'a> Vocabulary<'a> {
    fn of(docs: &[(&Record, &'a Analysis)]) -> Vocabulary<'a> {
        let mut tables: Vec<&'a Terms> = docs.iter().map(|(_, a)| &a.table).collect();
        tables.sort_unstable_by_key(|t| Arc::as_ptr(t).cast::<()>() as usize);
        tables.dedup_by(|a, b| Arc::ptr_eq(a, b));
        let mut terms: Vec<&'a str> = tables.iter().flat_map(|t| t.iter().map(|s| &**s)).collect();
        terms.par_sort_unstable();
        terms.dedup();
        let tables = tables
            .par_iter()
            .map(|t| {
                let numbers = t
                    .iter()
                    .map(|s| terms.binary_search(&&**s).unwrap_or_default() as u32)
                    .collect();
                (*t, numbers)
            })
            .collect();
        Vocabulary { terms, tables }
    }

    /// The numbers in byte order of the terms of `table`, by the table's numbers.
    fn numbers_of(&self, table: &Terms) -> &[u32] {
        self.tables
            .iter()
            .find(|(t, _)| Arc::ptr_eq(t, table))
            .map(|(_, n)| n.as_slice())
            .unwrap_or_default()
    }
}

#[derive(Serialize)]
struct Manifest {
    format: u32,
    language: &'static str,
    version: String,
    docs: usize,
    stop: &'static [&'static str],
    /// First term and file of each chunk, in term order.
    chunks: Vec<(String, String)>,
    facets: Option<String>,
}

/// German compounds among `terms` (numbers into `all`, in order) that split into two
/// other terms with documents (see [`compound`]): the compound's documents join the
/// tail's postings with half their weight. Returns the parts by compound.
fn compounds(
    language: Language,
    all: &[&str],
    terms: &[u32],
    postings: &mut [Vec<(u32, u8)>],
) -> FxHashMap<u32, (String, String)> {
    if language != Language::De {
        return FxHashMap::default();
    }
    let known = &*postings;
    let number = |t: &str| all.binary_search(&t).ok().filter(|&n| !known[n].is_empty());
    let splits: Vec<(u32, (String, String))> = terms
        .par_iter()
        .map_init(
            || Stemmer::create(Algorithm::German),
            |stemmer, &n| {
                compound::split(all[n as usize], stemmer, |t| number(t).is_some()).map(|p| (n, p))
            },
        )
        .flatten()
        .collect();
    for (n, (_, tail)) in &splits {
        let added: Vec<(u32, u8)> = postings[*n as usize]
            .iter()
            .map(|&(id, w)| (id, (w / 2).max(1)))
            .collect();
        if let Ok(t) = all.binary_search(&tail.as_str()) {
            postings[t] = merge(&postings[t], &added);
        }
    }
    splits.into_iter().collect()
}

/// Two postings lists sorted by document as one; a document in both keeps the
/// higher weight.
fn merge(a: &[(u32, u8)], b: &[(u32, u8)]) -> Vec<(u32, u8)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1.max(b[j].1)));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Encodes the terms (numbers into `all`, in order) into chunks of about
/// [`CHUNK_BYTES`]; returns each chunk's first term and bytes.
fn chunk_terms<'a>(
    all: &[&'a str],
    terms: &[u32],
    postings: &[Vec<(u32, u8)>],
    parts: &FxHashMap<u32, (String, String)>,
) -> Vec<(&'a str, Vec<u8>)> {
    let mut chunks = Vec::new();
    let (mut body, mut count, mut first, mut previous) = (Vec::new(), 0u64, "", "");
    for &n in terms {
        let term = all[n as usize];
        if count == 0 {
            first = term;
            previous = "";
        }
        let shared = common_prefix(previous, term);
        varint(&mut body, shared as u64);
        varint(&mut body, (term.len() - shared) as u64);
        body.extend_from_slice(&term.as_bytes()[shared..]);
        let list = &postings[n as usize];
        varint(&mut body, list.len() as u64);
        let mut last = 0;
        for &(id, _) in list {
            varint(&mut body, u64::from(id - last));
            last = id;
        }
        body.extend(list.iter().map(|&(_, w)| w));
        match parts.get(&n) {
            Some((head, tail)) => {
                varint(&mut body, 2);
                for part in [head, tail] {
                    varint(&mut body, part.len() as u64);
                    body.extend_from_slice(part.as_bytes());
                }
            }
            None => varint(&mut body, 0),
        }
        count += 1;
        previous = term;
        if body.len() >= CHUNK_BYTES {
            chunks.push((first, finish_chunk(count, &mut body)));
            count = 0;
        }
    }
    if count > 0 {
        chunks.push((first, finish_chunk(count, &mut body)));
    }
    chunks
}

fn finish_chunk(count: u64, body: &mut Vec<u8>) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(body.len() + 4);
    varint(&mut bytes, count);
    bytes.append(body);
    bytes
}

/// Length in bytes of the common prefix of `a` and `b`, at a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// Unsigned LEB128: seven bits a byte, the high bit set on all but the last.
fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[derive(Serialize)]
struct Doc<'a> {
    url: &'a str,
    title: &'a str,
    kind: &'a str,
    excerpt: &'a str,
    text: &'a str,
}

/// The document file of a record with `text` as its body: what the browser shows of
/// a result. Sized to fit: the files of a build are held until they are written.
pub(super) fn doc_json(record: &Record, text: &str) -> Vec<u8> {
    let text = match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    let doc = Doc {
        url: &record.url,
        title: &record.title,
        kind: &record.kind,
        excerpt: &record.excerpt,
        text,
    };
    // The keys and quotes take 52 bytes; escapes (a quote, a line break) a few more.
    let plain = [doc.url, doc.title, doc.kind, doc.excerpt, doc.text];
    let len: usize = plain.iter().map(|s| s.len()).sum();
    let mut out = Vec::with_capacity(len + len / 32 + 64);
    // Serializing plain structs of strings cannot fail.
    let _ = serde_json::to_writer(&mut out, &doc);
    if out.capacity() > out.len() + out.len() / 8 {
        out = out.as_slice().to_vec();
    }
    out
}

/// The facets file: for each record with filters, numbers or sort keys, its document
/// number and URL, the indices of its filter values, its numbers and sort keys. `None`
/// when no record has any.
#[derive(Serialize)]
struct Facets<'a> {
    docs: Vec<u32>,
    urls: Vec<&'a str>,
    /// Per filter: its values (sorted) and, per faceted document, the indices of its own.
    filters: BTreeMap<&'a str, Filter<'a>>,
    /// Per number: the value of each faceted document, or null.
    numbers: BTreeMap<&'a str, Vec<Option<u64>>>,
    /// Per sort key: the value of each faceted document, or null.
    sort: BTreeMap<&'a str, Vec<Option<&'a str>>>,
}

#[derive(Serialize)]
struct Filter<'a> {
    values: Vec<&'a str>,
    of: Vec<Vec<usize>>,
}

fn facets_json(docs: &[(&Record, &Analysis)]) -> Option<Vec<u8>> {
    let faceted: Vec<(u32, &Record)> = docs
        .iter()
        .enumerate()
        .filter(|(_, (r, _))| !(r.filters.is_empty() && r.numbers.is_empty() && r.sort.is_empty()))
        .map(|(id, (r, _))| (id as u32, *r))
        .collect();
    if faceted.is_empty() {
        return None;
    }
    let mut facets = Facets {
        docs: faceted.iter().map(|(id, _)| *id).collect(),
        urls: faceted.iter().map(|(_, r)| r.url.as_str()).collect(),
        filters: BTreeMap::new(),
        numbers: BTreeMap::new(),
        sort: BTreeMap::new(),
    };
    let names: BTreeSet<&str> = faceted
        .iter()
        .flat_map(|(_, r)| r.filters.keys())
        .map(String::as_str)
        .collect();
    for name in names {
        let values: BTreeSet<&str> = faceted
            .iter()
            .flat_map(|(_, r)| r.filters.get(name).into_iter().flatten())
            .map(String::as_str)
            .collect();
        let values: Vec<&str> = values.into_iter().collect();
        let of = faceted
            .iter()
            .map(|(_, r)| {
                let own: BTreeSet<usize> = r
                    .filters
                    .get(name)
                    .into_iter()
                    .flatten()
                    .filter_map(|v| values.binary_search(&v.as_str()).ok())
                    .collect();
                own.into_iter().collect()
            })
            .collect();
        facets.filters.insert(name, Filter { values, of });
    }
    let numbers: BTreeSet<&str> = faceted
        .iter()
        .flat_map(|(_, r)| r.numbers.keys())
        .map(String::as_str)
        .collect();
    for name in numbers {
        let column = faceted
            .iter()
            .map(|(_, r)| r.numbers.get(name).copied())
            .collect();
        facets.numbers.insert(name, column);
    }
    let sort: BTreeSet<&str> = faceted
        .iter()
        .flat_map(|(_, r)| r.sort.keys())
        .map(String::as_str)
        .collect();
    for name in sort {
        let column = faceted
            .iter()
            .map(|(_, r)| r.sort.get(name).map(String::as_str))
            .collect();
        facets.sort.insert(name, column);
    }
    Some(to_json(&facets))
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

fn short_hash(bytes: &[u8], len: usize) -> String {
    hex(&Sha256::digest(bytes))[..len].to_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_leb128() {
        let mut out = Vec::new();
        for n in [0, 1, 127, 128, 300, 16_384] {
            varint(&mut out, n);
        }
        assert_eq!(out, [0, 1, 127, 0x80, 1, 0xac, 2, 0x80, 0x80, 1]);
    }

    #[test]
    fn common_prefix_stops_at_a_character_boundary() {
        assert_eq!(common_prefix("lots", "lotsin"), 4);
        // ä (c3 a4) and ö (c3 b6) share their first byte, not a character.
        assert_eq!(common_prefix("mä", "mö"), 1);
        assert_eq!(common_prefix("", "a"), 0);
    }

    #[test]
    fn merged_postings_stay_sorted_and_keep_the_higher_weight() {
        assert_eq!(
            merge(&[(1, 10), (4, 10)], &[(0, 5), (4, 50), (9, 1)]),
            [(0, 5), (1, 10), (4, 50), (9, 1)]
        );
        assert_eq!(merge(&[], &[(2, 3)]), [(2, 3)]);
    }

    #[test]
    fn weights_grow_with_frequency_and_the_title() {
        let w = |body, title| weight(TermCount::new(body, title), 100, 100.0);
        assert!(w(1, false) < w(5, false));
        assert!(w(5, false) < w(1, true));
        assert_eq!(w(0, false), 1);
        assert!(w(10_000, true) <= 250);
    }
}
