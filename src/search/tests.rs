//! The index read back as the browser reads it: terms, documents, facets.

use super::*;
use serde_json::Value;

fn record(url: &str, title: &str, kind: &str, text: &str) -> Record<'static> {
    Record {
        url: url.into(),
        title: title.into(),
        kind: kind.into(),
        text: text.to_owned().into(),
        ..Record::default()
    }
}

fn project(
    url: &str,
    title: &str,
    text: &str,
    topics: &[&str],
    year: &str,
    carrier: &str,
    amount: u64,
) -> Record<'static> {
    let mut r = record(url, title, "Projekt", text);
    r.filters.insert(
        "topic".into(),
        topics.iter().map(|t| t.to_string()).collect(),
    );
    r.filters.insert("year".into(), vec![year.into()]);
    r.filters.insert("carrier".into(), vec![carrier.into()]);
    r.numbers.insert("amount".into(), amount);
    r.sort.insert("start".into(), format!("{year}-01-01"));
    r
}

fn sample() -> Vec<Record<'static>> {
    vec![
        project(
            "/projekte/azubi-lotsen/",
            "Azubi-Lotsen Muldenaue",
            "Ein Lotse begleitet Auszubildende im ersten Lehrjahr.",
            &["Ausbildung", "Übergang Schule–Beruf"],
            "2024",
            "Kreishandwerkerschaft Muldenaue",
            45_000,
        ),
        project(
            "/projekte/pflege/",
            "Pflege im Verbund",
            "Ausbildungsbetriebe der Pflege werben gemeinsam um Nachwuchs.",
            &["Pflege"],
            "2022",
            "Diakonie Muldenaue",
            120_000,
        ),
        record(
            "/termine/messe/",
            "Ausbildungsmesse",
            "Termin",
            "Die Messe für Ausbildung und Studium.",
        ),
        record(
            "/",
            "Startseite",
            "Seite",
            "Willkommen bei der Fachkräfteallianz.",
        ),
    ]
}

/// Reads the unsigned LEB128 numbers and bytes of a term chunk.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn number(&mut self) -> u64 {
        let (mut n, mut shift) = (0u64, 0);
        loop {
            let b = self.bytes[self.at];
            self.at += 1;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return n;
            }
            shift += 7;
        }
    }

    fn take(&mut self, len: usize) -> &[u8] {
        self.at += len;
        &self.bytes[self.at - len..self.at]
    }
}

/// A term chunk decoded: terms with their (document, weight) pairs and parts.
type Entry = (String, Vec<(u32, u8)>, Vec<String>);

fn read_chunk(bytes: &[u8]) -> Vec<Entry> {
    let mut r = Reader { bytes, at: 0 };
    let count = r.number();
    let mut out: Vec<Entry> = Vec::new();
    for _ in 0..count {
        let shared = r.number() as usize;
        let len = r.number() as usize;
        let previous = out.last().map_or("", |(t, _, _)| t.as_str());
        let term = format!(
            "{}{}",
            &previous[..shared],
            std::str::from_utf8(r.take(len)).unwrap()
        );
        let df = r.number() as usize;
        let mut ids = Vec::new();
        let mut last = 0u32;
        for _ in 0..df {
            last += r.number() as u32;
            ids.push(last);
        }
        let weights = r.take(df).to_vec();
        let parts = (0..r.number())
            .map(|_| {
                let len = r.number() as usize;
                String::from_utf8(r.take(len).to_vec()).unwrap()
            })
            .collect();
        out.push((term, ids.into_iter().zip(weights).collect(), parts));
    }
    assert_eq!(r.at, bytes.len(), "trailing bytes in a chunk");
    out
}

/// The decoded index of one language: manifest, terms, documents (by number).
struct Index {
    manifest: Value,
    terms: Vec<Entry>,
    docs: Vec<Value>,
    facets: Option<Value>,
}

fn read_index(files: &[OutputFile], lang: &str) -> Index {
    let dir = format!("{INDEX_DIR}/{lang}/");
    let file = |name: &str| -> &[u8] {
        let path = format!("{dir}{name}");
        &files
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .1
    };
    let manifest: Value = serde_json::from_slice(file("index.json")).unwrap();
    let mut terms = Vec::new();
    for chunk in manifest["chunks"].as_array().unwrap() {
        let decoded = read_chunk(file(chunk[1].as_str().unwrap()));
        assert_eq!(
            decoded[0].0,
            chunk[0].as_str().unwrap(),
            "a chunk's first term"
        );
        terms.extend(decoded);
    }
    let docs = (0..manifest["docs"].as_u64().unwrap())
        .map(|id| serde_json::from_slice(file(&format!("d/{id}.json"))).unwrap())
        .collect();
    let facets = manifest["facets"]
        .as_str()
        .map(|f| serde_json::from_slice(file(f)).unwrap());
    Index {
        manifest,
        terms,
        docs,
        facets,
    }
}

impl Index {
    /// URLs of the documents with exactly this term.
    fn find(&self, term: &str) -> Vec<&str> {
        let Some((_, list, _)) = self.terms.iter().find(|(t, _, _)| t == term) else {
            return Vec::new();
        };
        list.iter()
            .map(|(id, _)| self.docs[*id as usize]["url"].as_str().unwrap())
            .collect()
    }

    /// URLs of the documents with every term a query's words become.
    fn query(&self, words: &str, language: Language) -> Vec<&str> {
        let mut terms = Vec::new();
        text::Analyzer::new(language).each_term(words, |t| terms.push(t.to_owned()));
        let mut hits: Option<Vec<&str>> = None;
        for t in &terms {
            let found = self.find(t);
            hits = Some(match hits {
                None => found,
                Some(h) => h.into_iter().filter(|u| found.contains(u)).collect(),
            });
        }
        hits.unwrap_or_default()
    }
}

#[test]
fn another_word_form_finds_the_record() {
    let index = read_index(&build(&sample()), "de");
    // "Lotsen" stands in no text as it is: the project says "Lotse" (and "Azubi-Lotsen"
    // in its title); "Lotse" finds it as well.
    assert_eq!(
        index.query("Lotsen", Language::De),
        ["/projekte/azubi-lotsen/"]
    );
    assert_eq!(
        index.query("Lotse", Language::De),
        ["/projekte/azubi-lotsen/"]
    );
    // Plural and singular of a compound: the text says "Ausbildungsbetriebe".
    assert_eq!(
        index.query("Ausbildungsbetrieb", Language::De),
        ["/projekte/pflege/"]
    );
    // Without umlauts, as typed on a foreign keyboard.
    assert_eq!(index.query("Fachkraefteallianz", Language::De), ["/"]);
    // Words of the filters are searchable: the topic "Ausbildung" of the first project.
    assert_eq!(
        index.query("Ausbildung", Language::De),
        ["/projekte/azubi-lotsen/", "/termine/messe/"]
    );
    assert!(
        index.query("und", Language::De).is_empty(),
        "a stop word is not indexed"
    );
}

#[test]
fn compounds_name_their_parts_and_their_pages_join_the_tail() {
    let mut records = sample();
    records.push(record(
        "/betriebe/",
        "Betriebe",
        "Seite",
        "Ein Betrieb stellt sich vor.",
    ));
    let index = read_index(&build(&records), "de");
    let (_, _, parts) = index
        .terms
        .iter()
        .find(|(t, _, _)| t == "ausbildungsbetrieb")
        .unwrap();
    assert_eq!(parts, &["ausbild", "betrieb"]);
    // "Betrieb" finds the page about "Ausbildungsbetriebe" too, below its own page.
    assert_eq!(
        index.query("Betrieb", Language::De),
        ["/betriebe/", "/projekte/pflege/"]
    );
    let (_, list, _) = index.terms.iter().find(|(t, _, _)| t == "betrieb").unwrap();
    assert!(list[0].1 > list[1].1, "{list:?}");
}

#[test]
fn the_title_weighs_more_than_the_body() {
    let index = read_index(&build(&sample()), "de");
    let (_, list, _) = index
        .terms
        .iter()
        .find(|(t, _, _)| t == "ausbildungsmess")
        .unwrap();
    let (_, body, _) = index.terms.iter().find(|(t, _, _)| t == "studium").unwrap();
    assert!(list[0].1 > body[0].1, "{list:?} vs {body:?}");
}

#[test]
fn documents_carry_what_a_result_shows() {
    let index = read_index(&build(&sample()), "de");
    assert_eq!(index.manifest["docs"], 4);
    assert_eq!(index.manifest["language"], "de");
    assert!(
        index.manifest["stop"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "und")
    );
    // Numbered by URL.
    let urls: Vec<_> = index
        .docs
        .iter()
        .map(|d| d["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "/",
            "/projekte/azubi-lotsen/",
            "/projekte/pflege/",
            "/termine/messe/"
        ]
    );
    assert_eq!(index.docs[3]["kind"], "Termin");
    assert_eq!(index.docs[3]["title"], "Ausbildungsmesse");
    assert_eq!(
        index.docs[3]["text"],
        "Die Messe für Ausbildung und Studium."
    );
}

#[test]
fn facets_list_the_filter_values_of_each_project() {
    let index = read_index(&build(&sample()), "de");
    let facets = index.facets.expect("facets file");
    assert_eq!(facets["docs"], serde_json::json!([1, 2]));
    assert_eq!(
        facets["urls"],
        serde_json::json!(["/projekte/azubi-lotsen/", "/projekte/pflege/"])
    );
    let topic = &facets["filters"]["topic"];
    assert_eq!(
        topic["values"],
        serde_json::json!(["Ausbildung", "Pflege", "Übergang Schule–Beruf"])
    );
    assert_eq!(topic["of"], serde_json::json!([[0, 2], [1]]));
    assert_eq!(
        facets["filters"]["year"]["values"],
        serde_json::json!(["2022", "2024"])
    );
    assert_eq!(
        facets["filters"]["year"]["of"],
        serde_json::json!([[1], [0]])
    );
    assert_eq!(
        facets["numbers"]["amount"],
        serde_json::json!([45000, 120000])
    );
    assert_eq!(
        facets["sort"]["start"],
        serde_json::json!(["2024-01-01", "2022-01-01"])
    );
}

#[test]
fn no_facets_file_without_filters() {
    let records = vec![record("/a/", "A", "Seite", "Text")];
    let index = read_index(&build(&records), "de");
    assert!(index.facets.is_none());
    assert!(index.manifest["facets"].is_null());
}

#[test]
fn the_same_records_give_the_same_bytes_in_any_order() {
    let records = sample();
    let first = build(&records);
    assert_eq!(first, build(&records));
    let mut reversed = records.clone();
    reversed.reverse();
    assert_eq!(first, build(&reversed));
    // And a change shows in the version, so that browsers fetch the new documents.
    let mut changed = records;
    changed[2].text.to_mut().push_str(" Neu.");
    let version = |files: &[OutputFile]| read_index(files, "de").manifest["version"].clone();
    assert_ne!(version(&first), version(&build(&changed)));
}

#[test]
fn languages_get_an_index_each() {
    let mut records = sample();
    let mut en = record("/en/", "Alliance", "Page", "Companies train apprentices.");
    en.language = Language::En;
    records.push(en);
    let files = build(&records);
    let en = read_index(&files, "en");
    assert_eq!(en.manifest["docs"], 1);
    assert_eq!(en.query("company apprentice", Language::En), ["/en/"]);
    assert_eq!(read_index(&files, "de").manifest["docs"], 4);
}

#[test]
fn many_terms_fill_several_chunks_in_order() {
    // 3,000 distinct words over 30 documents: more than one chunk.
    let records: Vec<Record> = (0..30)
        .map(|i| {
            let words: Vec<String> = (0..100)
                .map(|j| format!("wort{:05}x", i * 100 + j))
                .collect();
            record(&format!("/s/{i}/"), "Seite", "Seite", &words.join(" "))
        })
        .collect();
    let index = read_index(&build(&records), "de");
    assert!(index.manifest["chunks"].as_array().unwrap().len() > 1);
    let terms: Vec<&str> = index.terms.iter().map(|(t, _, _)| t.as_str()).collect();
    assert!(
        terms.windows(2).all(|w| w[0] < w[1]),
        "terms sorted across chunks"
    );
    assert_eq!(index.find("wort02950x"), ["/s/29/"]);
}

#[test]
fn incremental_analysis_equals_a_full_build() {
    let mut records = sample();
    let mut analyses = analyze_all(&records, Vec::new());
    records[1].text = "Ein neuer Text über Lotsinnen.".into();
    analyses[1] = analyze(&records[1]);
    let pairs: Vec<(&Record, &Analysis)> = records.iter().zip(&analyses).collect();
    assert_eq!(assemble(&pairs), build(&records));
}

#[test]
fn bodies_counted_apart_from_their_records_on_many_threads_change_no_byte() {
    // Enough records that the threads share and reuse analyzers.
    let mut records = sample();
    for i in 0..200 {
        let text = format!("Seite {i} über Lotsinnen und Betriebe im Jahr {}", 2000 + i);
        records.push(record(&format!("/s/{i}/"), "Seite", "Seite", &text));
    }
    let expected = build(&records);
    let texts: Vec<String> = records
        .iter_mut()
        .map(|r| std::mem::take(&mut r.text).into_owned())
        .collect();
    let analyzers = Analyzers::default();
    let pending: Vec<Pending> = records
        .par_iter()
        .zip(&texts)
        .map(|(r, text)| analyzers.count(r, text))
        .collect();
    let tables = analyzers.finish();
    let analyses: Vec<Analysis> = pending.into_iter().map(|p| p.with_table(&tables)).collect();
    let pairs: Vec<(&Record, &Analysis)> = records.iter().zip(&analyses).collect();
    assert_eq!(assemble(&pairs), expected);
}

#[test]
fn empty_and_odd_input_gives_valid_files() {
    assert!(build(&[]).is_empty());
    let odd = vec![
        record("/x/", "", "", "\u{0}\u{7f} \u{308} -- ½ 𝔸𝔹 ﷽"),
        record("/x/", "", "", ""),
    ];
    let index = read_index(&build(&odd), "de");
    assert_eq!(index.manifest["docs"], 2);
}
