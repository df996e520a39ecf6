//! Writes the search index of a site's content into a built output, and times it:
//!
//! ```sh
//! cargo run --release --example search-index -- SITE [OUT]
//! cargo run --example search-index -- --terms de < words.txt
//! ```
//!
//! A stand-in for the pipeline step that will gather the records (issue 17's wiring):
//! it reads SITE's Markdown and YAML itself, loosely (front matter as YAML values, the
//! body's text from pulldown-cmark's events), turns projects, calls, news, events,
//! pages, documents and contacts into [`fachwerk::search::Record`]s with the type
//! labels of the theme's strings file, builds the index and prints how long each step
//! took and how large the files are. With OUT (a `fachwerk build` output) it writes
//! the files there, below `suche/index/`. `tests/browser/search.test.mjs` uses it on a
//! fixture site; `docs/search.md` on the 10,000-page corpus. With `--terms LANG` it
//! prints the stop words on one line, then for each line of standard input the terms
//! the index makes of it (space-separated), which the browser test compares with
//! search.js.

#![allow(
    clippy::print_stdout,
    reason = "a tool whose output is what it prints"
)]

use fachwerk::search::{self, Language, Record};
use pulldown_cmark::{Event, Parser, TagEnd};
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if args.first().is_some_and(|a| a == "--terms") {
        let language = args
            .get(1)
            .and_then(|l| Language::from_code(&l.to_string_lossy()));
        let Some(language) = language else {
            eprintln!("usage: search-index --terms de|en < words");
            return ExitCode::from(2);
        };
        println!("{}", language.stop_words().join(" "));
        for line in std::io::stdin().lines().map_while(Result::ok) {
            println!("{}", search::terms(&line, language).join(" "));
        }
        return ExitCode::SUCCESS;
    }
    // --read-only: only reads the site, to tell the index's CPU time from the reading's.
    if args.first().is_some_and(|a| a == "--read-only") {
        return match args.get(1).map(|site| gather(site)) {
            Some(Ok(records)) => {
                eprintln!("{} records read", records.len());
                ExitCode::SUCCESS
            }
            _ => ExitCode::FAILURE,
        };
    }
    let (site, out) = match args.as_slice() {
        [site] => (site, None),
        [site, out] => (site, Some(out)),
        _ => {
            eprintln!("usage: cargo run --release --example search-index -- SITE [OUT]");
            return ExitCode::from(2);
        }
    };
    match run(site, out.map(PathBuf::as_path)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(site: &Path, out: Option<&Path>) -> Result<(), String> {
    let started = Instant::now();
    let records = gather(site)?;
    let gathered = started.elapsed();
    let started = Instant::now();
    let analyses = search::analyze_all(&records);
    let analyzed = started.elapsed();
    let started = Instant::now();
    let pairs: Vec<_> = records.iter().zip(&analyses).collect();
    let files = search::assemble(&pairs);
    let assembled = started.elapsed();
    let text: usize = records.iter().map(|r| r.text.len()).sum();
    eprintln!(
        "{} records ({:.1} MB of text): read {:.0?}, analyzed {:.0?}, assembled {:.0?}",
        records.len(),
        text as f64 / 1e6,
        gathered,
        analyzed,
        assembled
    );
    let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (path, bytes) in &files {
        let kind = match path.rsplit('/').nth(1) {
            Some("t") => "term chunks",
            Some("d") => "documents",
            _ if path.ends_with("index.json") => "manifest",
            _ => "facets",
        };
        let entry = kinds.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += bytes.len();
    }
    for (kind, (n, bytes)) in kinds {
        eprintln!("  {kind}: {n} files, {bytes} bytes");
    }
    if let Some(out) = out {
        let started = Instant::now();
        for (path, bytes) in &files {
            let path = out.join(path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        eprintln!(
            "  written into {} in {:.0?}",
            out.display(),
            started.elapsed()
        );
    }
    Ok(())
}

/// The site's language from site.yaml and its records.
fn gather(site: &Path) -> Result<Vec<Record>, String> {
    let config = yaml(&read(&site.join("site.yaml"))?)?;
    let code = config
        .get("language")
        .and_then(Value::as_str)
        .unwrap_or("de");
    let language = Language::from_code(code).ok_or(format!("language `{code}`"))?;
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let strings = yaml(&read(
        &theme.join(format!("strings.{}.yaml", language.code())),
    )?)?;
    let label = |key: &str| str_at(&strings["search"]["kinds"], key);

    let mut records = Vec::new();
    let sections = [
        ("projects", "/projekte/", "project"),
        ("calls", "/projektaufrufe/", "call"),
        ("news", "/aktuelles/", "news"),
        ("events", "/termine/", "event"),
    ];
    for (folder, prefix, kind) in sections {
        for path in markdown_files(&site.join(folder))? {
            let (front, body) = split(&read(&path)?)?;
            let slug = slugify(&path.file_stem().unwrap_or_default().to_string_lossy());
            let mut record = item(&front, &body, language, &label(kind));
            record.url = format!("{prefix}{slug}/");
            if kind == "project" {
                project_facets(&front, &mut record);
            }
            if let Some(date) = front.get("date").and_then(Value::as_str) {
                record.sort.insert("date".into(), date.into());
            }
            records.push(record);
        }
    }
    let pages = site.join("pages");
    for path in markdown_files(&pages)? {
        let (front, body) = split(&read(&path)?)?;
        let rel = path
            .strip_prefix(&pages)
            .unwrap_or(&path)
            .with_extension("");
        let mut parts: Vec<String> = rel.iter().map(|p| slugify(&p.to_string_lossy())).collect();
        if parts.last().is_some_and(|p| p == "index") {
            parts.pop();
        }
        let mut record = item(&front, &body, language, &label("page"));
        record.url = parts
            .iter()
            .fold("/".to_owned(), |url, p| format!("{url}{p}/"));
        records.push(record);
    }
    for doc in yaml_list(&site.join("documents.yaml"))? {
        records.push(Record {
            url: format!("/{}", str_at(&doc, "file")),
            title: str_at(&doc, "title"),
            kind: label("document"),
            language,
            text: str_at(&doc, "description"),
            ..Record::default()
        });
    }
    for contact in yaml_list(&site.join("contacts.yaml"))? {
        let text = ["function", "organisation", "address"]
            .map(|k| str_at(&contact, k))
            .join(" ");
        records.push(Record {
            url: format!("/kontakt/#kontakt-{}", str_at(&contact, "id")),
            title: str_at(&contact, "name"),
            kind: label("contact"),
            language,
            excerpt: str_at(&contact, "function"),
            text,
            ..Record::default()
        });
    }
    Ok(records)
}

fn item(front: &Value, body: &str, language: Language, kind: &str) -> Record {
    Record {
        title: str_at(front, "title"),
        kind: kind.into(),
        language,
        text: plain_text(body),
        excerpt: str_at(front, "summary"),
        ..Record::default()
    }
}

/// Topics, start year, carrier and amount of a project.
fn project_facets(front: &Value, record: &mut Record) {
    let topics: Vec<String> = match front.get("topics") {
        Some(Value::Sequence(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    };
    record.filters.insert("topic".into(), topics);
    let start = str_at(&front["period"], "start");
    // ISO (2024-03-01) or German (01.03.2024) dates.
    let year = if start.contains('.') {
        start.rsplit('.').next()
    } else {
        start.split('-').next()
    };
    if let Some(year) = year.filter(|y| y.len() == 4) {
        record.filters.insert("year".into(), vec![year.into()]);
        record.sort.insert("start".into(), start.clone());
    }
    let carrier = str_at(front, "carrier");
    if !carrier.is_empty() {
        record.filters.insert("carrier".into(), vec![carrier]);
    }
    if let Some(amount) = front.get("funding_amount").and_then(Value::as_u64) {
        record.numbers.insert("amount".into(), amount);
    }
}

/// The text of a Markdown body, blocks separated by a space.
fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, pulldown_cmark::Options::all()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn str_at(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn split(file: &str) -> Result<(Value, String), String> {
    let file = file.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = file.strip_prefix("---\n").ok_or("no front matter")?;
    let end = rest.find("\n---\n").ok_or("front matter not closed")?;
    Ok((yaml(&rest[..end])?, rest[end + 5..].to_owned()))
}

fn yaml(text: &str) -> Result<Value, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

fn yaml_list(path: &Path) -> Result<Vec<Value>, String> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    match yaml(&read(path)?)? {
        Value::Sequence(list) => Ok(list),
        _ => Err(format!("{}: not a list", path.display())),
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Markdown files below `dir`, sorted (none if it does not exist).
fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(_) if !dir.exists() => return Ok(found),
            Err(e) => return Err(e.to_string()),
        };
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.ends_with(".md") && !name.starts_with('.') {
            found.push(entry.into_path());
        }
    }
    Ok(found)
}

/// fachwerk's slugs: lower case, ä→ae ö→oe ü→ue ß→ss, other characters `-`.
fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        match c {
            'ä' => slug.push_str("ae"),
            'ö' => slug.push_str("oe"),
            'ü' => slug.push_str("ue"),
            'ß' => slug.push_str("ss"),
            c if c.is_ascii_alphanumeric() => slug.push(c),
            _ if !slug.ends_with('-') => slug.push('-'),
            _ => {}
        }
    }
    slug.trim_matches('-').to_owned()
}
