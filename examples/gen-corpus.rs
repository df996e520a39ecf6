//! Writes a deterministic N-page alliance site for benchmarking `fachwerk build`:
//!
//! ```sh
//! cargo run --release --example gen-corpus -- 10000 /tmp/ram/corpus-10000
//! ```
//!
//! The N pages are about 80 % projects (spread over 20 topics and the years 2016 to
//! 2026), 15 % news and 5 % free pages; 4 calls and 6 events come on top. Every body
//! has 600 to 1,200 words of German sentences, `##` and `###` headings, a bullet and a
//! numbered list, a table with a header row and 3 to 6 links to other generated pages,
//! some to a heading's `#id`. The site builds without errors and `fachwerk check` finds
//! nothing (`tests/bench_corpus.rs` asserts both). The same N gives the same bytes:
//! the text comes from a SplitMix64 generator with a fixed seed per page.
//!
//! DIR must be empty or hold only a corpus written earlier: the generator lists every
//! file it writes in `DIR/.fachwerk-bench-corpus` and, on the next run, deletes those
//! files and nothing else. A hidden file is skipped by fachwerk's loader.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "a benchmark tool: a failed unwrap stops it with the cause"
)]

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Name of the marker in DIR that lists the files of the corpus.
const MARKER: &str = ".fachwerk-bench-corpus";
/// First line of the marker, so that a stranger's file of that name is not trusted.
const MARKER_HEADER: &str = "# fachwerk bench corpus: files written by examples/gen-corpus.rs";
/// Seed of every page's generator (combined with the page's number).
const SEED: u64 = 0x00FA_C4EB_2026_1121;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (n, dir) = match args.as_slice() {
        [n, dir] => match n.replace('_', "").parse::<usize>() {
            Ok(n) if n >= 3 => (n, PathBuf::from(dir)),
            _ => return usage(&format!("N must be a number of at least 3, not `{n}`")),
        },
        _ => return usage("expected two arguments"),
    };
    match run(n, &dir) {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: cargo run --release --example gen-corpus -- N DIR");
    ExitCode::from(2)
}

/// Plans the site, clears a previous corpus in `dir`, writes the new one.
fn run(n: usize, dir: &Path) -> Result<String, String> {
    let plan = Plan::new(n);
    let mut files: Vec<(String, String)> = site_files();
    for (i, item) in plan.items.iter().enumerate() {
        files.push((item.file.clone(), item_file(&plan, i)));
    }
    clear_previous(dir)?;
    let mut marker = format!("{MARKER_HEADER}\n");
    for (rel, _) in &files {
        marker.push_str(rel);
        marker.push('\n');
    }
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    // The marker first: an interrupted run leaves a directory the next run may clear.
    fs::write(dir.join(MARKER), marker).map_err(|e| io(&dir.join(MARKER), e))?;
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        fs::write(&path, text).map_err(|e| io(&path, e))?;
    }
    let count = |k: Kind| plan.items.iter().filter(|i| i.kind == k).count();
    Ok(format!(
        "wrote {n} pages ({} projects, {} news, {} pages) and {} calls, {} events into {}",
        count(Kind::Project),
        count(Kind::News),
        count(Kind::Page),
        count(Kind::Call),
        count(Kind::Event),
        dir.display()
    ))
}

/// Deletes the files a previous run listed in the marker; refuses a directory that
/// holds anything else, before deleting anything.
fn clear_previous(dir: &Path) -> Result<(), String> {
    let Ok(mut entries) = fs::read_dir(dir) else {
        return Ok(()); // does not exist yet
    };
    if entries.next().is_none() {
        return Ok(());
    }
    let refuse = |why: String| {
        Err(format!(
            "{} is not empty and {why}; give an empty or new directory",
            dir.display()
        ))
    };
    let listed = match fs::read_to_string(dir.join(MARKER)) {
        Ok(text) if text.starts_with(MARKER_HEADER) => text,
        _ => return refuse(format!("has no {MARKER} written by this generator")),
    };
    let files: HashSet<PathBuf> = listed
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty() && !l.starts_with('/') && !l.contains(".."))
        .map(PathBuf::from)
        .collect();
    let mut stack = vec![PathBuf::new()];
    let mut dirs = Vec::new();
    while let Some(rel) = stack.pop() {
        let read = fs::read_dir(dir.join(&rel)).map_err(|e| e.to_string())?;
        for entry in read {
            let entry = entry.map_err(|e| e.to_string())?;
            let child = rel.join(entry.file_name());
            let kind = entry.file_type().map_err(|e| e.to_string())?;
            if kind.is_dir() {
                dirs.push(child.clone());
                stack.push(child);
            } else if child != Path::new(MARKER) && !files.contains(&child) {
                return refuse(format!(
                    "holds {}, which the generator did not write",
                    child.display()
                ));
            }
        }
    }
    for rel in &files {
        match fs::remove_file(dir.join(rel)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.to_string()),
            _ => {}
        }
    }
    // Deepest first; every directory is empty now, as it held only listed files.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for rel in dirs {
        fs::remove_dir(dir.join(&rel)).map_err(|e| format!("{}: {e}", rel.display()))?;
    }
    fs::remove_file(dir.join(MARKER)).map_err(|e| e.to_string())
}

/// SplitMix64: small, fast and good enough to vary the text; no dependency.
struct Rng(u64);

impl Rng {
    fn new(stream: u64) -> Rng {
        let mut r = Rng(SEED ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.range(0, xs.len() - 1)]
    }
    /// `k` distinct indexes below `len`.
    fn distinct(&mut self, k: usize, len: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..len).collect();
        for i in 0..k {
            let j = self.range(i, len - 1);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Project,
    News,
    Page,
    Call,
    Event,
}

/// One Markdown file: where it goes, its address and the headings other pages may
/// link to. Its body is written from `seed` when the whole plan is known.
struct Item {
    kind: Kind,
    file: String,
    url: String,
    title: String,
    /// `(level, text)`: the body's headings in order.
    headings: Vec<(u8, String)>,
    /// Index into the kind's own numbering (project 0, 1, …), for front matter.
    nth: usize,
    seed: u64,
}

/// Every file of the corpus, decided before any body is written so that bodies can
/// link to the headings of pages written later.
struct Plan {
    items: Vec<Item>,
    /// Indexes of projects, news and pages (link targets).
    targets: Vec<usize>,
}

impl Plan {
    fn new(n: usize) -> Plan {
        let pages = (n * 5 / 100).max(3);
        let news = (n * 15 / 100).max(1);
        let projects = n - pages - news;
        let mut items = Vec::with_capacity(n + 10);
        let mut news_files = HashSet::new();
        for nth in 0..projects {
            let year = 2016 + nth % 11;
            let mut title = format!(
                "{} {} {year}",
                PROJECT_NAMES[(nth / 11) % PROJECT_NAMES.len()],
                PLACES[(nth / (11 * PROJECT_NAMES.len())) % PLACES.len()]
            );
            let cycle = nth / (11 * PROJECT_NAMES.len() * PLACES.len());
            if cycle > 0 {
                let _ = write!(title, " – Phase {}", cycle + 1);
            }
            let slug = slugify(&title);
            items.push(item(
                Kind::Project,
                format!("projects/{slug}.md"),
                format!("/projekte/{slug}/"),
                title,
                nth,
            ));
        }
        for nth in 0..news {
            let mut rng = Rng::new(1_000_000 + nth as u64);
            let mut title = format!(
                "{} {}",
                NEWS_HEADLINES[nth % NEWS_HEADLINES.len()],
                PLACES[(nth / NEWS_HEADLINES.len()) % PLACES.len()]
            );
            let cycle = nth / (NEWS_HEADLINES.len() * PLACES.len());
            if cycle > 0 {
                let _ = write!(title, " ({}. Runde)", cycle + 1);
            }
            let slug = slugify(&title);
            // 2016-01-01 up to the day before the benchmark's build date.
            let mut day = rng.range(0, 3_976);
            let mut file = format!("{}-{slug}", day_to_date(day));
            while !news_files.insert(file.clone()) {
                day = (day + 1) % 3_977;
                file = format!("{}-{slug}", day_to_date(day));
            }
            items.push(item(
                Kind::News,
                format!("news/{file}.md"),
                format!("/aktuelles/{file}/"),
                title,
                nth,
            ));
        }
        for nth in 0..pages {
            let (title, file, url) = match nth {
                0 => (
                    "Startseite".to_string(),
                    "index".to_string(),
                    "/".to_string(),
                ),
                1 => (
                    "Über die Fachkräfteallianz".to_string(),
                    "ueber-uns".to_string(),
                    "/ueber-uns/".to_string(),
                ),
                // The page every site is asked to offer (`check` warns without it).
                2 => (
                    "Leichte Sprache".to_string(),
                    "leichte-sprache".to_string(),
                    "/leichte-sprache/".to_string(),
                ),
                _ => {
                    let k = nth - 3;
                    let mut title = format!(
                        "{}: {} {}",
                        GUIDE_KINDS[k % GUIDE_KINDS.len()],
                        TOPICS[(k / GUIDE_KINDS.len()) % TOPICS.len()],
                        AUDIENCES[(k / (GUIDE_KINDS.len() * TOPICS.len())) % AUDIENCES.len()]
                    );
                    let cycle = k / (GUIDE_KINDS.len() * TOPICS.len() * AUDIENCES.len());
                    if cycle > 0 {
                        let _ = write!(title, " – Teil {}", cycle + 1);
                    }
                    let slug = slugify(&title);
                    (title, slug.clone(), format!("/{slug}/"))
                }
            };
            items.push(item(
                Kind::Page,
                format!("pages/{file}.md"),
                url,
                title,
                nth,
            ));
        }
        let targets = (0..items.len()).collect();
        for (nth, motto) in CALL_MOTTOS.iter().enumerate() {
            let year = 2024 + nth;
            let title = format!("Projektaufruf {year} – {motto}");
            let slug = format!("projektaufruf-{year}");
            items.push(item(
                Kind::Call,
                format!("calls/{slug}.md"),
                format!("/projektaufrufe/{slug}/"),
                title,
                nth,
            ));
        }
        for (nth, (title, _, _, _)) in EVENTS.iter().enumerate() {
            let slug = slugify(title);
            items.push(item(
                Kind::Event,
                format!("events/{slug}.md"),
                format!("/termine/{slug}/"),
                title.to_string(),
                nth,
            ));
        }
        for (i, it) in items.iter_mut().enumerate() {
            it.seed = i as u64;
            it.headings = plan_headings(&mut Rng::new(it.seed));
        }
        Plan { items, targets }
    }
}

fn item(kind: Kind, file: String, url: String, title: String, nth: usize) -> Item {
    Item {
        kind,
        file,
        url,
        title,
        headings: Vec::new(),
        nth,
        seed: 0,
    }
}

/// 4 to 6 sections, each with up to two subsections; texts distinct in the page and
/// none with a slug the theme reserves (`rolle-…`, `termine`, see src/markdown.rs), so
/// each heading's id is its slug.
fn plan_headings(rng: &mut Rng) -> Vec<(u8, String)> {
    let sections = rng.range(4, 6);
    let mut subs = rng.distinct(H3.len(), H3.len()).into_iter();
    let mut out = Vec::new();
    for h in rng.distinct(sections, H2.len()) {
        out.push((2, H2[h].to_string()));
        for _ in 0..rng.range(0, 2) {
            if let Some(s) = subs.next() {
                out.push((3, H3[s].to_string()));
            }
        }
    }
    out
}

/// Days since 2016-01-01 → `YYYY-MM-DD`.
fn day_to_date(mut day: usize) -> String {
    let mut year = 2016;
    loop {
        let len = if year % 4 == 0 { 366 } else { 365 };
        if day < len {
            break;
        }
        day -= len;
        year += 1;
    }
    let feb = if year % 4 == 0 { 29 } else { 28 };
    let months = [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut month = 0;
    while day >= months[month] {
        day -= months[month];
        month += 1;
    }
    format!("{year}-{:02}-{:02}", month + 1, day + 1)
}

/// The slug rule of fachwerk (src/slug.rs) for the texts this generator uses:
/// lower case, umlauts transliterated, other characters a single `-`.
fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for ch in text.chars() {
        let s = match ch {
            'ä' | 'Ä' => "ae".to_string(),
            'ö' | 'Ö' => "oe".to_string(),
            'ü' | 'Ü' => "ue".to_string(),
            'ß' => "ss".to_string(),
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase().to_string(),
            _ => {
                dash = true;
                continue;
            }
        };
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        out.push_str(&s);
    }
    out
}

/// A YAML double-quoted string.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Front matter and body of the plan's item `i`.
fn item_file(plan: &Plan, i: usize) -> String {
    let it = &plan.items[i];
    let mut rng = Rng::new(it.seed);
    plan_headings(&mut rng); // the same draws as the plan, so the body continues the stream
    let mut f = String::from("---\n");
    let summary = summary(&mut rng);
    let _ = writeln!(f, "title: {}", q(&it.title));
    match it.kind {
        Kind::Project => {
            let year = 2016 + it.nth % 11;
            let month = rng.range(1, 12);
            let _ = writeln!(f, "carrier: {}", q(rng.pick(CARRIERS)));
            let _ = writeln!(
                f,
                "period: {{ start: {year}-{month:02}-01, end: {}-{month:02}-28 }}",
                year + rng.range(1, 3)
            );
            let first = it.nth % TOPICS.len();
            let mut topics = vec![q(TOPICS[first])];
            if rng.range(0, 2) == 0 {
                topics.push(q(
                    TOPICS[(first + rng.range(1, TOPICS.len() - 1)) % TOPICS.len()]
                ));
            }
            let _ = writeln!(f, "topics: [{}]", topics.join(", "));
            let _ = writeln!(f, "funding_amount: {}", rng.range(40, 900) * 500);
            if rng.range(0, 3) > 0 {
                let _ = writeln!(
                    f,
                    "contact: {}",
                    CONTACT_IDS[rng.range(0, CONTACT_IDS.len() - 1)]
                );
            }
            if rng.range(0, 3) == 0 {
                let _ = writeln!(f, "website: https://{}.example.org/", slugify(&it.title));
            }
            let _ = writeln!(f, "summary: {}", q(&summary));
        }
        Kind::News => {
            let date = &it.file["news/".len().."news/".len() + 10];
            let _ = writeln!(f, "date: {date}\nsummary: {}", q(&summary));
        }
        Kind::Page => {
            let _ = writeln!(f, "description: {}", q(&summary));
        }
        Kind::Call => {
            let year = 2024 + it.nth;
            let _ = writeln!(f, "deadline: {year}-02-28\npublished: {}-11-03", year - 1);
            let _ = writeln!(
                f,
                "project_period: {{ start: {year}-07-01, end: {}-12-31 }}",
                year + 1
            );
            let _ = writeln!(
                f,
                "budget: \"bis zu {}.000 Euro für alle Projekte zusammen\"",
                300 + 50 * it.nth
            );
            let _ = writeln!(f, "priorities:");
            for t in rng.distinct(4, TOPICS.len()) {
                let _ = writeln!(f, "  - {}", q(TOPICS[t]));
            }
            let _ = writeln!(
                f,
                "eligible:\n  - Vereine, Verbände und Kammern\n  - Kommunen und kommunale Unternehmen\n  - Bildungsträger und Hochschulen"
            );
            let _ = writeln!(
                f,
                "submit_to: foerdermittel\ndocuments: [handlungskonzept, geschaeftsordnung]"
            );
            let _ = writeln!(f, "summary: {}", q(&summary));
        }
        Kind::Event => {
            let (_, start, end, place) = EVENTS[it.nth];
            let _ = writeln!(f, "start: {start}\nend: {end}");
            if place.is_empty() {
                let _ = writeln!(f, "online: true");
            } else {
                let _ = writeln!(f, "location: {}", q(place));
            }
            let _ = writeln!(
                f,
                "registration: anmeldung@fachkraefte-muldenaue.example.org\nsummary: {}",
                q(&summary)
            );
        }
    }
    f.push_str("---\n");
    let words = match it.kind {
        Kind::Call | Kind::Event => rng.range(300, 500),
        _ => rng.range(650, 1_130),
    };
    body(plan, i, &mut rng, words, &mut f);
    f
}

/// Words as the test counts them: whitespace-separated tokens with a letter or digit.
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Appends a body of about `target` words (never below it, at most one sentence
/// above) with the item's headings, two lists, a table and 3 to 6 links.
fn body(plan: &Plan, i: usize, rng: &mut Rng, target: usize, out: &mut String) {
    let it = &plan.items[i];
    let mut links: Vec<String> = (0..rng.range(3, 6))
        .map(|_| link_sentence(plan, i, rng))
        .collect();
    let start = out.len();
    // Appends a paragraph and returns its number of words.
    let para = |rng: &mut Rng, out: &mut String, sentences: usize| {
        let text: Vec<String> = (0..sentences).map(|_| sentence(rng)).collect();
        let text = text.join(" ");
        out.push_str(&text);
        out.push_str("\n\n");
        count_words(&text)
    };
    let first = rng.range(2, 3);
    para(rng, out, first);
    let sections = it.headings.iter().filter(|h| h.0 == 2).count();
    let mut section = 0;
    let mut counted = (start, 0); // words in out[start..counted.0]
    for (h, (level, text)) in it.headings.iter().enumerate() {
        let _ = write!(out, "{} {text}\n\n", "#".repeat(*level as usize));
        let opening = rng.range(1, 2);
        para(rng, out, opening);
        if *level == 2 {
            section += 1;
        }
        match h {
            1 => bullet_list(rng, out),
            2 => numbered_list(rng, out),
            3 => table(rng, out),
            _ => {}
        }
        // Spread the links over the sections; the last takes what is left.
        let take = if section == sections {
            links.len()
        } else {
            links.len().min(1)
        };
        for l in links.drain(..take) {
            let _ = write!(out, "{} {l}\n\n", sentence(rng));
        }
        // The next heading belongs to a later section: fill this one up to its share.
        let last_of_section = it.headings.get(h + 1).is_none_or(|n| n.0 == 2);
        if last_of_section {
            let share = target * section / sections;
            let mut words = counted.1 + count_words(&out[counted.0..]);
            while words < share {
                let sentences = rng.range(2, 4).min(1 + (share - words) / 12);
                words += para(rng, out, sentences);
            }
            counted = (out.len(), words);
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
}

fn bullet_list(rng: &mut Rng, out: &mut String) {
    let _ = writeln!(out, "Zum Angebot gehören unter anderem:\n");
    for _ in 0..rng.range(3, 6) {
        let offer = rng.pick(OFFERS);
        let _ = writeln!(
            out,
            "- {offer} für {} {}",
            rng.pick(OBJECTS),
            rng.pick(ADVERBIALS)
        );
    }
    out.push('\n');
}

fn numbered_list(rng: &mut Rng, out: &mut String) {
    let _ = writeln!(out, "So läuft die Teilnahme ab:\n");
    let k = rng.range(3, 5);
    let steps = rng.distinct(k, STEPS.len());
    for (k, s) in steps.into_iter().enumerate() {
        let _ = writeln!(out, "{}. {}", k + 1, STEPS[s]);
    }
    out.push('\n');
}

fn table(rng: &mut Rng, out: &mut String) {
    let _ = writeln!(out, "Die wichtigsten Zahlen im Überblick:\n");
    let _ = writeln!(out, "| Kennzahl | Ziel | erreicht |\n|---|--:|--:|");
    let rows = rng.range(3, 5);
    for k in rng.distinct(rows, MEASURES.len()) {
        let goal = rng.range(2, 60) * 5;
        let _ = writeln!(
            out,
            "| {} | {goal} | {} |",
            MEASURES[k],
            goal * rng.range(70, 125) / 100
        );
    }
    out.push('\n');
}

/// A sentence with a link to another page of the plan, to its top or to a heading.
fn link_sentence(plan: &Plan, from: usize, rng: &mut Rng) -> String {
    let mut to = plan.targets[rng.range(0, plan.targets.len() - 1)];
    if to == from {
        to = plan.targets[(to + 1) % plan.targets.len()];
    }
    let t = &plan.items[to];
    let what = match t.kind {
        Kind::Project => "im Projekt",
        Kind::News => "in der Meldung",
        _ => "auf der Seite",
    };
    if rng.range(0, 2) == 0 {
        let (_, h) = &t.headings[rng.range(0, t.headings.len() - 1)];
        format!(
            "Mehr dazu steht im Abschnitt [{h} {what} „{}“]({}#{}).",
            t.title,
            t.url,
            slugify(h)
        )
    } else {
        format!("{} [{}]({}).", rng.pick(LINK_LEADS), t.title, t.url)
    }
}

/// A plain sentence for a summary (no Markdown: summaries are shown as text).
fn summary(rng: &mut Rng) -> String {
    capitalized(&plain_sentence(rng))
}

/// Subject, verb, object, adverbial: the plainest shape of sentence.
fn plain_sentence(rng: &mut Rng) -> String {
    format!(
        "{} {} {} {}.",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(ADVERBIALS)
    )
}

/// `s` with its first letter in upper case.
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    first + chars.as_str()
}

/// One German sentence of one of five shapes.
fn sentence(rng: &mut Rng) -> String {
    let s = match rng.range(0, 4) {
        0 => plain_sentence(rng),
        1 => format!(
            "{} {} {} {}.",
            rng.pick(ADVERBIALS),
            rng.pick(VERBS),
            rng.pick(SUBJECTS),
            rng.pick(OBJECTS)
        ),
        2 => format!("{}, dass {}.", rng.pick(FINDINGS_LEADS), rng.pick(FINDINGS)),
        3 => format!(
            "Im Jahr {} nahmen {} {} {} teil.",
            rng.range(2016, 2026),
            rng.range(12, 480),
            rng.pick(PEOPLE),
            rng.pick(OCCASIONS)
        ),
        _ => format!(
            "{} {} **{}** {}.",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(ADVERBIALS)
        ),
    };
    capitalized(&s)
}

/// site.yaml, the YAML lists and the two static files the site refers to.
fn site_files() -> Vec<(String, String)> {
    let logo = |title: &str, fill: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"56\" height=\"56\" viewBox=\"0 0 56 56\" role=\"img\">\n  \
             <title>{title}</title>\n  <rect width=\"56\" height=\"56\" rx=\"8\" fill=\"{fill}\"/>\n  \
             <path d=\"M8 42 L22 20 L30 32 L38 18 L48 42 Z\" fill=\"#ffffff\"/>\n</svg>\n"
        )
    };
    let pdf =
        |title: &str| format!("%PDF-1.4\n% {title} (Platzhalter des Benchmark-Korpus)\n%%EOF\n");
    vec![
        ("site.yaml".into(), SITE_YAML.into()),
        ("privacy.yaml".into(), PRIVACY_YAML.into()),
        ("partners.yaml".into(), PARTNERS_YAML.into()),
        ("contacts.yaml".into(), CONTACTS_YAML.into()),
        ("documents.yaml".into(), DOCUMENTS_YAML.into()),
        (
            "static/logos/allianz.svg".into(),
            logo("Fachkräfteallianz Muldenaue", "#00577a"),
        ),
        (
            "static/logos/sachsen.svg".into(),
            logo("Freistaat Sachsen", "#1b5e20"),
        ),
        (
            "static/docs/handlungskonzept-2025-2027.pdf".into(),
            pdf("Handlungskonzept 2025–2027"),
        ),
        (
            "static/docs/geschaeftsordnung.pdf".into(),
            pdf("Geschäftsordnung"),
        ),
    ]
}

const SITE_YAML: &str = r##"# Benchmark-Korpus (examples/gen-corpus.rs). Alle Angaben sind erfunden.
title: Fachkräfteallianz Landkreis Muldenaue
region: Landkreis Muldenaue
base_url: https://fachkraefte-muldenaue.example.org/
language: de
description: >-
  Die Fachkräfteallianz Landkreis Muldenaue verbindet Landkreis, Städte, Kammern,
  Arbeitsagentur, Jobcenter, Gewerkschaften, Schulen und Wirtschaft, damit die Betriebe
  zwischen Mulde und Erzgebirgsvorland die Fachkräfte finden, die sie brauchen.
brand_color: "#00577a"
logo: logos/allianz.svg
logo_alt: Fachkräfteallianz Landkreis Muldenaue
funding_notice:
  text: >-
    Diese Maßnahme wird mitfinanziert mit Steuermitteln auf Grundlage des vom
    Sächsischen Landtag beschlossenen Haushaltes.
  logo: logos/sachsen.svg
  logo_alt: Freistaat Sachsen
operator:
  name: Landratsamt Muldenaue
  department: Geschäftsstelle der Fachkräfteallianz
  legal_form: Körperschaft des öffentlichen Rechts
  street: Markt 7
  postal_code: "04699"
  city: Muldenau
  represented_by: Landrat Michael Sommer
  phone: "03437 9840-0"
  email: poststelle@lra-muldenaue.example.org
  vat_id: DE987654321
  supervisory_authority: Landesdirektion Sachsen (Rechtsaufsicht), Braustraße 2, 04107 Leipzig
  content_responsible: >-
    Katrin Vogel, Leiterin der Geschäftsstelle der Fachkräfteallianz,
    Landratsamt Muldenaue, Markt 7, 04699 Muldenau
privacy:
  dpo:
    name: Behördlicher Datenschutzbeauftragter des Landratsamtes Muldenaue
    email: datenschutz@lra-muldenaue.example.org
    phone: "03437 9840-1190"
    address: |
      Landratsamt Muldenaue
      Behördlicher Datenschutzbeauftragter
      Markt 7
      04699 Muldenau
  hosting:
    provider: Kommunales Rechenzentrum Mitteldeutschland
    location: Deutschland
  server_log_days: 7
accessibility:
  status: partial
  known_issues:
    - content: Ältere PDF-Dokumente aus den Jahren 2016 bis 2023
      reason: >-
        Die Dateien wurden vor der Umstellung auf barrierefreie Vorlagen erstellt und
        enthalten keine Strukturinformationen.
      alternative: >-
        Auf Anfrage senden wir Ihnen den Inhalt als barrierefreies Textdokument zu.
  prepared_on: 2026-02-02
  last_reviewed: 2026-09-15
  method: self_assessment
  feedback:
    email: barrierefreiheit@lra-muldenaue.example.org
    phone: "03437 9840-1010"
"##;

const PRIVACY_YAML: &str = r#"categories:
  - id: essential
    title: Notwendig
    description: >-
      Für den Betrieb der Website erforderlich; ohne diese Verarbeitung können die
      Seiten nicht ausgeliefert werden.
    required: true
services:
  - name: Webserver und Server-Protokolle
    provider: Kommunales Rechenzentrum Mitteldeutschland
    category: essential
    purpose: >-
      Auslieferung der Seiten; Protokolle zur Erkennung und Abwehr von Angriffen,
      gelöscht nach sieben Tagen.
    legal_basis: Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3 SächsDSDG
"#;

const PARTNERS_YAML: &str = r#"- name: Landkreis Muldenaue
  short_name: Landkreis
  url: https://www.lra-muldenaue.example.org/
  role: chair
  kind: county
  description: Der Landkreis führt den Vorsitz und richtet die Sitzungen der Allianz aus.
- name: Industrie- und Handelskammer Westsachsen, Regionalkammer Muldenaue
  short_name: IHK
  url: https://www.ihk-muldenaue.example.org/
  role: deputy_chair
  kind: chamber
  description: Die IHK bringt ihre Ausbildungsberatung und ihre Konjunkturumfragen ein.
- name: Geschäftsstelle der Fachkräfteallianz im Landratsamt Muldenaue
  short_name: Geschäftsstelle
  role: managing_member
  kind: county
  description: Die Geschäftsstelle berät Projektträger und begleitet die geförderten Projekte.
- name: Große Kreisstadt Muldenau
  url: https://www.muldenau.example.org/
  role: member
  kind: city
  description: Die Kreisstadt unterstützt die Allianz mit ihrer Wirtschaftsförderung.
- name: Stadt Glaubnitz
  url: https://www.glaubnitz.example.org/
  role: member
  kind: city
  description: Glaubnitz erprobt mit der Allianz Angebote für Rückkehrerinnen und Rückkehrer.
- name: Kreishandwerkerschaft Muldenaue
  url: https://www.kh-muldenaue.example.org/
  role: member
  kind: employers
  description: Die Kreishandwerkerschaft organisiert Werkstatttage in den Innungsbetrieben.
- name: Agentur für Arbeit Muldenau
  url: https://www.arbeitsagentur-muldenau.example.org/
  role: member
  kind: employment_agency
  description: Die Agentur liefert Arbeitsmarktdaten und berät Schülerinnen und Schüler.
- name: Jobcenter Muldenaue
  url: https://www.jobcenter-muldenaue.example.org/
  role: member
  kind: jobcenter
  description: Das Jobcenter vermittelt Menschen ohne Arbeit in Qualifizierung und Beschäftigung.
- name: DGB-Region Westsachsen
  url: https://www.dgb-westsachsen.example.org/
  role: member
  kind: union
  description: Der Gewerkschaftsbund bringt gute Arbeitsbedingungen als Mittel der Fachkräftesicherung ein.
- name: Berufliches Schulzentrum Muldenau
  url: https://www.bsz-muldenau.example.org/
  role: member
  kind: school
  description: Das Berufliche Schulzentrum bildet in 19 Berufen aus.
- name: Wirtschaftsförderung Muldenaue GmbH
  url: https://www.wf-muldenaue.example.org/
  role: member
  kind: business_development
  description: Die Wirtschaftsförderung betreibt das Rückkehrerportal und wirbt auf Messen um Fachkräfte.
- name: Migrationsberatung der Diakonie Muldenaue
  url: https://www.diakonie-muldenaue.example.org/
  role: member
  kind: migration
  description: Die Migrationsberatung begleitet zugewanderte Fachkräfte bei Sprache und Anerkennung.
"#;

const CONTACTS_YAML: &str = r#"- id: geschaeftsstelle
  name: Katrin Vogel
  function: Leiterin der Geschäftsstelle
  organisation: Landratsamt Muldenaue, Geschäftsstelle der Fachkräfteallianz
  phone: "03437 9840-1410"
  email: fachkraefte@lra-muldenaue.example.org
  address: |
    Landratsamt Muldenaue
    Markt 7
    04699 Muldenau
- id: foerdermittel
  name: Stefan Lorenz
  function: Fördermittelberatung
  organisation: Landratsamt Muldenaue, Geschäftsstelle der Fachkräfteallianz
  phone: "03437 9840-1412"
  email: foerderung@lra-muldenaue.example.org
- id: willkommensservice
  name: Mira Schubert
  function: Willkommensservice für internationale Fachkräfte
  organisation: Wirtschaftsförderung Muldenaue GmbH
  phone: "03437 7720-30"
  email: willkommen@wf-muldenaue.example.org
- id: presse
  name: Jens Hartmann
  function: Pressesprecher
  organisation: Landratsamt Muldenaue, Pressestelle
  phone: "03437 9840-1020"
  email: presse@lra-muldenaue.example.org
"#;

const DOCUMENTS_YAML: &str = r#"- id: handlungskonzept
  title: Handlungskonzept der Fachkräfteallianz 2025–2027
  file: docs/handlungskonzept-2025-2027.pdf
  description: Ziele, Handlungsfelder und Förderschwerpunkte für die Jahre 2025 bis 2027.
  date: 2024-12-10
- id: geschaeftsordnung
  title: Geschäftsordnung der Fachkräfteallianz
  file: docs/geschaeftsordnung.pdf
  description: Zusammensetzung, Aufgaben und Arbeitsweise der Allianz.
  date: 2023-03-14
"#;

const CONTACT_IDS: &[&str] = &["geschaeftsstelle", "foerdermittel", "willkommensservice"];

/// The 20 topics (Handlungsfelder) of the projects.
const TOPICS: &[&str] = &[
    "Berufsorientierung",
    "Ausbildung",
    "Ausbildungsabbrüche vermeiden",
    "Integration internationaler Fachkräfte",
    "Rückkehr und Zuzug",
    "Vereinbarkeit von Familie und Beruf",
    "Fachkräftesicherung im Handwerk",
    "MINT-Nachwuchs",
    "Pflege und Gesundheit",
    "Weiterbildung",
    "Digitalisierung der Arbeitswelt",
    "Ältere Beschäftigte",
    "Frauen in technischen Berufen",
    "Studienorientierung",
    "Unternehmensnachfolge",
    "Attraktive Arbeitgeber",
    "Inklusion",
    "Langzeitarbeitslose",
    "Willkommenskultur",
    "Regionale Netzwerke",
];

const PROJECT_NAMES: &[&str] = &[
    "Azubi-Lotsen",
    "Werkstatttage",
    "Pflege im Tandem",
    "MINT-Entdecker",
    "Rückkehrbörse",
    "Ausbildung in Teilzeit",
    "Willkommen im Betrieb",
    "Handwerk macht Schule",
    "Berufe zum Anfassen",
    "Familienfreundliche Betriebe",
    "Sprachbrücke Beruf",
    "Praxistage Metall",
    "Zukunft Pflege",
    "Digital im Handwerk",
    "Erfahrung zählt",
    "Technikerinnen von morgen",
    "Nachfolge gestalten",
    "Ausbildungsbotschafter",
    "Elternabend Beruf",
    "Karriere im Landkreis",
    "Ankommen und Bleiben",
    "Betriebserkundung",
    "Weiterbildungsscout",
    "Brücken in Arbeit",
    "Ferienjob plus",
    "Mentoring Ausbildung",
    "Gesund arbeiten",
    "Talente finden",
    "Schule trifft Wirtschaft",
    "Perspektive Meister",
    "Integration durch Ausbildung",
    "Forscherwerkstatt",
    "Kita und Schicht",
    "Zuhause im Landkreis",
    "Inklusiv ausbilden",
    "Job-Speed-Dating",
    "Studium und Praxis",
    "Fachkräfte-Kompass",
    "Girls und Boys Day regional",
    "Berufsstart begleiten",
];

const PLACES: &[&str] = &[
    "Muldenau",
    "Glaubnitz",
    "Wernsdorf",
    "Kirchbach",
    "Lindenthal",
    "Steinbrück",
    "Auerhain",
    "Bergwiese",
    "Eichenrode",
    "Falkenau",
    "Hainichen-Süd",
    "Kohrsdorf",
    "Lauterbach",
    "Mühlgrund",
    "Neukirchen",
    "Oberau",
    "Rosenthal",
    "Schönfeld",
    "Tannenberg",
    "Waldheim-Ost",
    "Zschorlau",
    "Altmittweida",
    "Buchholz",
    "Dittersdorf",
    "Erlbach",
    "Frankenhain",
    "Gückelsberg",
    "Hohenfichte",
    "Irbersdorf",
    "Jahnsbach",
];

const NEWS_HEADLINES: &[&str] = &[
    "Neue Projekte empfohlen in",
    "Werkstatttage begeistern Jugendliche in",
    "Fachkräftemonitoring vorgestellt in",
    "Netzwerktreffen der Projektträger in",
    "Rückkehrertag zieht Bilanz in",
    "Ausbildungsmesse öffnet ihre Türen in",
    "Allianz tagt im Rathaus von",
    "Neue Geschäftsstelle eröffnet in",
    "Preis für familienfreundliche Betriebe in",
    "Sprachkurse für Auszubildende starten in",
    "Pflegeschule kooperiert mit Betrieben in",
    "Ferienjobbörse erfolgreich in",
    "Fachtag zur Unternehmensnachfolge in",
    "MINT-Labor besucht Oberschule in",
    "Zehn Jahre Fachkräfteallianz: Festakt in",
    "Projektaufruf stößt auf großes Interesse in",
    "Betriebe öffnen ihre Werkstätten in",
    "Willkommensabend für neue Fachkräfte in",
    "Berufsorientierung an Förderschulen in",
    "Weiterbildungstag für Beschäftigte in",
];

const GUIDE_KINDS: &[&str] = &[
    "Ratgeber",
    "Leitfaden",
    "Checkliste",
    "Fragen und Antworten",
];

const AUDIENCES: &[&str] = &[
    "für Betriebe",
    "für Schulen",
    "für Eltern",
    "für Projektträger",
    "für Kommunen",
    "für Zugewanderte",
    "für Rückkehrende",
    "für Auszubildende",
    "für Vereine",
    "für Beschäftigte",
];

const CALL_MOTTOS: &[&str] = &[
    "Nachwuchs gewinnen",
    "Fachkräfte halten",
    "Vielfalt nutzen",
    "Ausbildung sichern, Fachkräfte halten",
];

/// Title, start, end, location (empty: online).
const EVENTS: &[(&str, &str, &str, &str)] = &[
    (
        "Fachkräftetag 2025",
        "2025-09-18 09:30",
        "2025-09-18 16:00",
        "Kulturhaus Muldenau, Bahnhofstraße 4, 04699 Muldenau",
    ),
    (
        "Netzwerktreffen Frühjahr 2026",
        "2026-04-22 14:00",
        "2026-04-22 17:00",
        "Berufliches Schulzentrum Muldenau, Aula",
    ),
    (
        "Online-Sprechstunde zum Projektaufruf 2027",
        "2027-01-27 16:00",
        "2027-01-27 17:30",
        "",
    ),
    (
        "Fachkräftetag 2027",
        "2027-09-16 09:30",
        "2027-09-16 16:00",
        "Kulturhaus Muldenau, Bahnhofstraße 4, 04699 Muldenau",
    ),
    (
        "Rückkehrertag zwischen den Jahren",
        "2026-12-28 10:00",
        "2026-12-28 15:00",
        "Rathaus Glaubnitz, Markt 1, 04703 Glaubnitz",
    ),
    (
        "Werkstatttag Handwerk",
        "2027-03-11 08:00",
        "2027-03-11 13:00",
        "Innungszentrum Muldenau, Gewerbering 12",
    ),
];

const CARRIERS: &[&str] = &[
    "Bildungswerk der Wirtschaft Muldenaue e. V.",
    "Kreishandwerkerschaft Muldenaue",
    "Diakonie Muldenaue gGmbH",
    "Hochschule Mittweida-Muldenaue",
    "Wirtschaftsförderung Muldenaue GmbH",
    "Volkshochschule Landkreis Muldenaue",
    "Verein für Berufsorientierung Westsachsen e. V.",
    "Kreiskrankenhaus Muldenau gGmbH",
    "Unternehmerverband Muldenaue e. V.",
    "Jugendberufshilfe Glaubnitz e. V.",
];

const H2: &[&str] = &[
    "Ausgangslage",
    "Ziele des Projekts",
    "Was das Projekt tut",
    "Zielgruppen",
    "Zusammenarbeit in der Region",
    "Ergebnisse und Wirkung",
    "Erfahrungen aus der Praxis",
    "Finanzierung und Förderung",
    "Ausblick",
    "Beteiligte Partner",
    "Zeitplan",
    "Stimmen aus den Betrieben",
    "Angebote für Schulen",
    "Angebote für Betriebe",
    "Nachhaltigkeit",
    "Öffentlichkeitsarbeit",
    "Herausforderungen",
    "Hintergrund",
];

const H3: &[&str] = &[
    "Erste Schritte",
    "Beratung vor Ort",
    "Begleitung in der Ausbildung",
    "Angebote im ländlichen Raum",
    "Rückmeldungen der Teilnehmenden",
    "Was gut funktioniert",
    "Was wir ändern",
    "Nächste Schritte",
    "Die Kammern als Partner",
    "Beitrag der Schulen",
    "Beispiel aus Muldenau",
    "Beispiel aus Glaubnitz",
];

const SUBJECTS: &[&str] = &[
    "die Geschäftsstelle",
    "der Träger",
    "das Projektteam",
    "die Handwerkskammer",
    "die Agentur für Arbeit",
    "das Jobcenter",
    "die Wirtschaftsförderung",
    "der Landkreis",
    "die Hochschule",
    "die Kreishandwerkerschaft",
    "der Unternehmerverband",
    "das Berufliche Schulzentrum",
    "die Migrationsberatung",
    "jede Lotsin",
    "die Steuerungsgruppe",
    "die Allianz",
    "der Verein",
    "die Projektleitung",
];

const VERBS: &[&str] = &[
    "begleitet",
    "berät",
    "unterstützt",
    "gewinnt",
    "informiert",
    "qualifiziert",
    "vernetzt",
    "erreicht",
    "befragt",
    "stärkt",
    "besucht",
    "ermutigt",
];

const OBJECTS: &[&str] = &[
    "junge Menschen aus den Oberschulen",
    "kleine und mittlere Betriebe",
    "Auszubildende im ersten Lehrjahr",
    "internationale Fachkräfte",
    "Rückkehrerinnen und Rückkehrer",
    "Eltern und Lehrkräfte",
    "Pflegekräfte in der Ausbildung",
    "Handwerksbetriebe im ländlichen Raum",
    "Studierende der Hochschule",
    "Beschäftigte mit Familienaufgaben",
    "ältere Arbeitnehmerinnen und Arbeitnehmer",
    "Unternehmen der Metall- und Elektroindustrie",
];

const ADVERBIALS: &[&str] = &[
    "seit dem Frühjahr",
    "im gesamten Landkreis",
    "gemeinsam mit den Kammern",
    "an sechs Standorten",
    "in enger Abstimmung mit den Schulen",
    "während der gesamten Probezeit",
    "mit einem festen Beratungsangebot",
    "in kleinen Gruppen",
    "auch in den Abendstunden",
    "über die Grenzen der Gemeinden hinweg",
    "mit Unterstützung der Arbeitsagentur",
    "im Rahmen der Fachkräfterichtlinie",
];

const FINDINGS_LEADS: &[&str] = &[
    "Dabei zeigt sich",
    "Die Erfahrung der letzten Jahre belegt",
    "Wichtig ist allen Beteiligten",
    "Die Auswertung ergab",
    "Die Betriebe berichten",
];

const FINDINGS: &[&str] = &[
    "viele Betriebe ihre Ausbildungsplätze früher ausschreiben",
    "die Zahl der Vertragslösungen deutlich sinkt",
    "Jugendliche die Betriebe der Region besser kennenlernen",
    "persönliche Beratung mehr bewirkt als jede Broschüre",
    "kurze Wege zwischen Schule und Betrieb entscheidend sind",
    "zugewanderte Fachkräfte schneller im Betrieb ankommen",
    "Familien gern in die Region zurückkehren, wenn die Kinderbetreuung stimmt",
    "kleine Betriebe von gemeinsamen Angeboten besonders profitieren",
];

const OFFERS: &[&str] = &[
    "Beratung",
    "Kurse",
    "Betriebsbesuche",
    "Sprechstunden",
    "Begleitung",
    "Informationsabende",
];

const PEOPLE: &[&str] = &[
    "Jugendliche",
    "Betriebe",
    "Eltern",
    "Lehrkräfte",
    "Auszubildende",
    "Fachkräfte",
    "Rückkehrende",
];

const OCCASIONS: &[&str] = &[
    "an den Werkstatttagen",
    "an der Ausbildungsmesse",
    "an den Sprechstunden",
    "an den Betriebserkundungen",
    "am Sprachkurs",
    "an den Elternabenden",
    "am Rückkehrertag",
];

const STEPS: &[&str] = &[
    "Ein Erstgespräch in der Schule oder im Betrieb vereinbaren",
    "Gemeinsam Ziele und Wünsche festhalten",
    "Passende Betriebe und Praktikumsplätze auswählen",
    "Das Praktikum vorbereiten und begleiten",
    "Erfahrungen in einem Auswertungsgespräch besprechen",
    "Die Bewerbung schreiben und abschicken",
    "In der Probezeit Kontakt halten",
];

const MEASURES: &[&str] = &[
    "beratene Jugendliche",
    "vermittelte Praktika",
    "Ausbildungsverträge",
    "beteiligte Betriebe",
    "Veranstaltungen",
    "Teilnehmende an Kursen",
    "begleitete Fachkräfte",
];

const LINK_LEADS: &[&str] = &[
    "Einen ähnlichen Ansatz verfolgt",
    "Hintergründe dazu finden Sie unter",
    "Vergleichen Sie dazu auch",
    "Erfahrungen aus der Nachbarschaft beschreibt",
];
