//! One case of the pipeline fuzz test, shared by `tests/fuzz_pipeline.rs` (proptest,
//! a fixed seed, in every `cargo test`) and the coverage-guided target
//! `fuzz/fuzz_targets/pipeline.rs` (cargo-fuzz, libFuzzer).
//!
//! The input bytes decide, through `arbitrary`, a list of edits to a copy of the
//! `minimal` fixture: bytes and tokens spliced into site.yaml, front matter, bodies
//! (raw HTML among them), the YAML data files and a static HTML page; new content
//! and static files with odd names. The site then goes through the whole pipeline
//! as `fachwerk check` runs it (load → Markdown → render → post-process → lints), and
//! the case asserts:
//!
//! - no panic (a panic fails the test or is libFuzzer's crash);
//! - every error names a file of the site (or of the theme) that exists, and a
//!   line and column inside that file's text (or line 0: a finding about the file
//!   as a whole, such as its name);
//! - every HTML page of a build that succeeded shows the funding notice: its text
//!   stands in a text node of the page as an independent HTML parser (html5ever,
//!   through `scraper`) reads it, and no ancestor hides it: not `<template>`, not
//!   a raw-text or fallback element, not `hidden`, `aria-hidden="true"`, a closed
//!   `<details>` or `<dialog>`, nor an inline style that hides it.

use arbitrary::{Arbitrary, Unstructured};
use fachwerk::Content;
use fachwerk::Diagnostic;
use fachwerk::SourceFile;
use std::fs;
use std::path::{Path, PathBuf};

/// Files of the fixture that edits go into.
const FILES: &[&str] = &[
    "site.yaml",
    "partners.yaml",
    "contacts.yaml",
    "documents.yaml",
    "privacy.yaml",
    "projects/azubi-lotsen.md",
    "projects/Rückkehr.md",
    "calls/aufruf-2027.md",
    "events/fachkraeftetag.md",
    "news/2026-10-01-start.md",
    "pages/ueber-uns.md",
    "pages/index.md",
    "static/legacy.html",
];

/// Pieces that mean something to one of the parsers: YAML punctuation and escapes,
/// Markdown, raw HTML that could swallow or hide the page around it, odd URLs.
const TOKENS: &[&str] = &[
    "\n",
    ": ",
    "- ",
    "  ",
    "\t",
    "---\n",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "|\n  ",
    ">-\n  ",
    "? ",
    "#",
    "\"\\x07\"",
    "\"\\u0000\"",
    "\"\\e\\r\\n\"",
    "\"\\uFFFE\"",
    "\"https://x.example.org/\\nDisallow: /\"",
    "29.02.2025",
    "2026-13-01",
    "~",
    "\u{feff}",
    "\r",
    "\u{85}",
    "\n## Ziele\n",
    "\n# Titel\n",
    "[Link](/projekte/)",
    "[Datei](</docs/Bericht 2024 & Anhang.pdf>)",
    "[Anker](#ziele)",
    "![Bild](/images/sachsen.svg)",
    "![-](bild.png)",
    "\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "\n```video\nhttps://www.youtube.com/watch?v=abc\n```\n",
    "\n```map\n51.05, 13.74\n```\n",
    "<!--",
    "-->",
    "<textarea style=\"display:none\">",
    "<plaintext>",
    "<template>",
    "<style>footer{display:none}</style>",
    "<script>",
    "</script>",
    "<xmp>",
    "<noscript>",
    "<iframe>",
    "<title>",
    "<select>",
    "<object>",
    "<svg>",
    "<math>",
    "<table>",
    "<details>",
    "<dialog>",
    "<div hidden>",
    "<div aria-hidden=\"true\">",
    "<div style=\"opacity:0\">",
    "<div style=\"visibility:hidden\">",
    "</div>",
    "</main>",
    "</footer>",
    "</body>",
    "</html>",
    "<footer>",
    "<body>",
    "<main>",
    "<br data-funding-notice>",
    "<meta data-funding-notice>",
    "<p data-funding-notice hidden></p>",
    "<p data-funding-notice=\"project\"></p>",
    "<a href=\"/docs/a&amp;b.pdf\">x</a>",
    "<a href=\"#nirgends\">x</a>",
    "<img src=\"/fehlt.png\" alt=\"\">",
    "&amp;",
    "&",
    "<",
    "ä",
    "%",
    "%20",
    " ",
];

/// Names for new files: spaces, umlauts, URL punctuation, dots.
const NAME_TOKENS: &[&str] = &[
    "a", "B", " ", "ä", "Ü", "ß", "&", "'", "%", "#", "?", "+", ";", "=", "@", ".", "..", "-", "_",
    "(", ")", "~", "é", "\u{301}", "index", "feed",
];

/// Directories new content files go into.
const DIRS: &[&str] = &[
    "pages",
    "projects",
    "calls",
    "news",
    "events",
    "pages/themen",
];

/// A piece of text: a token, free text, or both.
#[derive(Arbitrary, Debug)]
enum Piece {
    Token(u8),
    Text(String),
    Both(u8, String),
}

impl Piece {
    fn text(&self) -> String {
        let token = |i: &u8| TOKENS[*i as usize % TOKENS.len()];
        match self {
            Piece::Token(i) => token(i).to_string(),
            Piece::Text(s) => s.clone(),
            Piece::Both(i, s) => format!("{}{s}", token(i)),
        }
    }
}

/// One change to the site.
#[derive(Arbitrary, Debug)]
enum Edit {
    /// Puts pieces at a position of a file (a byte offset, moved to a character
    /// boundary).
    Insert { file: u8, at: u16, what: Vec<Piece> },
    /// Removes bytes of a file.
    Delete { file: u8, at: u16, len: u8 },
    /// Replaces the value after `key: ` on a line of a file.
    SetValue { file: u8, line: u8, what: Piece },
    /// Repeats a line of a file.
    Repeat { file: u8, line: u8, times: u8 },
    /// Appends pieces at the end of a file (the body of a Markdown file).
    Append { file: u8, what: Vec<Piece> },
    /// A new Markdown file with a title and a body.
    NewContent {
        dir: u8,
        name: Vec<u8>,
        title: Piece,
        body: Vec<Piece>,
    },
    /// A new file under static/; `.html` files get the notice.
    NewStatic {
        name: Vec<u8>,
        html: bool,
        body: Vec<Piece>,
    },
    /// A document of documents.yaml pointing at a new static file.
    NewDocument { name: Vec<u8> },
}

fn name(parts: &[u8]) -> String {
    let n: String = parts
        .iter()
        .take(8)
        .map(|i| NAME_TOKENS[*i as usize % NAME_TOKENS.len()])
        .collect();
    if n.trim_matches('.').is_empty() {
        format!("x{n}")
    } else {
        n
    }
}

fn file(i: u8) -> &'static str {
    FILES[i as usize % FILES.len()]
}

/// The largest character boundary of `s` not after `at`.
fn boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn read(site: &Path, rel: &str) -> String {
    String::from_utf8_lossy(&fs::read(site.join(rel)).unwrap_or_default()).into_owned()
}

fn write(site: &Path, rel: &str, text: &str) {
    let path = site.join(rel);
    if let Some(dir) = path.parent() {
        let _ = fs::create_dir_all(dir);
    }
    let _ = fs::write(path, text);
}

fn apply(site: &Path, edit: &Edit) {
    match edit {
        Edit::Insert { file: f, at, what } => {
            let rel = file(*f);
            let mut text = read(site, rel);
            let at = boundary(&text, *at as usize % (text.len() + 1));
            let add: String = what.iter().take(8).map(Piece::text).collect();
            text.insert_str(at, &add);
            write(site, rel, &text);
        }
        Edit::Delete { file: f, at, len } => {
            let rel = file(*f);
            let mut text = read(site, rel);
            let from = boundary(&text, *at as usize % (text.len() + 1));
            let to = boundary(&text, from + *len as usize);
            text.replace_range(from..to, "");
            write(site, rel, &text);
        }
        Edit::SetValue {
            file: f,
            line,
            what,
        } => {
            let rel = file(*f);
            let text = read(site, rel);
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            if lines.is_empty() {
                return;
            }
            let i = *line as usize % lines.len();
            if let Some((key, _)) = lines[i].split_once(": ") {
                lines[i] = format!("{key}: {}", what.text());
            }
            write(site, rel, &(lines.join("\n") + "\n"));
        }
        Edit::Repeat {
            file: f,
            line,
            times,
        } => {
            let rel = file(*f);
            let text = read(site, rel);
            let mut lines: Vec<&str> = text.lines().collect();
            if lines.is_empty() {
                return;
            }
            let i = *line as usize % lines.len();
            for _ in 0..(*times % 16) {
                lines.insert(i, lines[i]);
            }
            write(site, rel, &(lines.join("\n") + "\n"));
        }
        Edit::Append { file: f, what } => {
            let rel = file(*f);
            let mut text = read(site, rel);
            text.extend(what.iter().take(16).map(Piece::text));
            write(site, rel, &text);
        }
        Edit::NewContent {
            dir,
            name: n,
            title,
            body,
        } => {
            let dir = DIRS[*dir as usize % DIRS.len()];
            let (date, extra) = match dir {
                "news" => ("2026-10-02", "summary: Kurz.\n"),
                "events" => ("2026-12-01", ""),
                "calls" => ("2026-12-01", ""),
                _ => ("", ""),
            };
            let dated = match dir {
                "news" => format!("date: {date}\n"),
                "events" => format!("start: {date}\n"),
                "calls" => format!("deadline: {date}\n"),
                "projects" => {
                    "carrier: Träger\nperiod: { start: 2025-01-01, end: 2025-12-31 }\n".into()
                }
                _ => String::new(),
            };
            let body: String = body.iter().take(16).map(Piece::text).collect();
            let text = format!("---\ntitle: {}\n{dated}{extra}---\n{body}\n", title.text());
            write(site, &format!("{dir}/{}.md", name(n)), &text);
        }
        Edit::NewStatic {
            name: n,
            html,
            body,
        } => {
            let body: String = body.iter().take(16).map(Piece::text).collect();
            let ext = if *html { "html" } else { "txt" };
            write(site, &format!("static/docs/{}.{ext}", name(n)), &body);
        }
        Edit::NewDocument { name: n } => {
            let file = format!("docs/{}.pdf", name(n));
            write(site, &format!("static/{file}"), "%PDF-1.4\n");
            let mut docs = read(site, "documents.yaml");
            let quoted = file.replace('\\', "\\\\").replace('"', "\\\"");
            docs.push_str(&format!(
                "- id: neu-{}\n  title: Neu\n  file: \"{quoted}\"\n",
                docs.len()
            ));
            write(site, "documents.yaml", &docs);
        }
    }
}

/// Copies a directory tree.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn repo() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The fuzz crate lives in fuzz/ beside the repository's Cargo.toml.
    if here.join("tests/fixtures/minimal").is_dir() {
        here.to_path_buf()
    } else {
        here.parent().unwrap().to_path_buf()
    }
}

/// A scratch directory, on a RAM disk where there is one.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(t) = tempfile::Builder::new()
            .prefix("fachwerk-fuzz")
            .tempdir_in(shm)
    {
        return t;
    }
    tempfile::tempdir().unwrap()
}

/// The edits `data` stands for, at most twelve.
fn decode(data: &[u8]) -> Vec<Edit> {
    let mut u = Unstructured::new(data);
    let mut edits = Vec::new();
    while edits.len() < 12 && !u.is_empty() {
        match Edit::arbitrary(&mut u) {
            Ok(e) => edits.push(e),
            Err(_) => break,
        }
    }
    edits
}

/// The edits `data` stands for, readable: for the report of a failing case.
pub(crate) fn describe(data: &[u8]) -> String {
    format!("{:#?}", decode(data))
}

/// Runs one case; `Err` says which assertion failed (a panic propagates).
pub(crate) fn run(data: &[u8]) -> Result<(), String> {
    let edits = decode(data);
    let tmp = scratch();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/minimal"), &site);
    for e in &edits {
        apply(&site, e);
    }
    // For triage: the mutated site, kept where this variable says.
    if let Some(keep) = std::env::var_os("FACHWERK_FUZZ_KEEP") {
        let _ = fs::remove_dir_all(&keep);
        copy_dir(&site, Path::new(&keep));
    }
    check_site(&site)
}

/// Builds `site` as `fachwerk check` does and checks the promises on the result.
pub(crate) fn check_site(site: &Path) -> Result<(), String> {
    let opts = fachwerk::BuildOptions {
        site_dir: site.to_path_buf(),
        base_url: None,
        date: fachwerk::Date::new(2026, 11, 21).unwrap(),
        drafts: false,
        scheduled: false,
        lang: None,
    };
    match fachwerk::check_build(&opts) {
        Err(diags) => {
            if !diags.has_errors() {
                return Err(format!("a failed build without an error: {diags:?}"));
            }
            for d in diags.iter().filter(|d| d.is_error()) {
                located(site, d)?;
            }
        }
        Ok((build, findings)) => {
            for d in findings.iter().filter(|d| d.is_error()) {
                located(site, d)?;
            }
            let notice = notice_text(site)?;
            for f in &build.files {
                if let Content::Html(html) = &f.content {
                    visible_notice(html, &notice).map_err(|e| format!("{}: {e}", f.path))?;
                }
            }
        }
    }
    Ok(())
}

/// The finding points into the text of its file: line and column inside it.
fn located(site: &Path, d: &Diagnostic) -> Result<(), String> {
    let shown = || format!("{}: {}", d.location(), d.message);
    let candidates = [
        site.join(&d.file),
        repo().join("themes/default").join(&d.file),
        repo().join(&d.file),
    ];
    let Some(bytes) = candidates.iter().find_map(|p| fs::read(p).ok()) else {
        return Err(format!(
            "an error in a file that does not exist: {}",
            shown()
        ));
    };
    // Line 0: a finding about the file as a whole (its name, say), shown without
    // a line; the file exists.
    if d.line == 0 {
        return Ok(());
    }
    let src = match SourceFile::from_bytes(d.file.clone(), bytes) {
        Ok(s) => s,
        // Not UTF-8: the error is that one, located at the bad byte's line.
        Err(_) => return Ok(()),
    };
    let lines: Vec<&str> = src.text.split('\n').collect();
    let Some(line) = lines.get(d.line - 1) else {
        return Err(format!(
            "line {} is past the end of the file ({} lines): {}",
            d.line,
            lines.len(),
            shown()
        ));
    };
    if d.column > line.chars().count() + 1 {
        return Err(format!(
            "column {} is past the end of line {} ({} characters): {}",
            d.column,
            d.line,
            line.chars().count(),
            shown()
        ));
    }
    Ok(())
}

/// The notice text the site configures (site.yaml parsed as the build did).
fn notice_text(site: &Path) -> Result<String, String> {
    let src = SourceFile::read(site, Path::new("site.yaml"))
        .map_err(|d| format!("site.yaml unreadable after a good build: {d}"))?;
    let text =
        fachwerk::funding_notice_text(&src).ok_or("site.yaml does not parse after a good build")?;
    Ok(words(&text))
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements whose text a visitor never sees as page text.
const UNSEEN: &[&str] = &[
    "template",
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "head",
    "object",
    "video",
    "audio",
    "canvas",
    "select",
    "option",
    "datalist",
];

/// Whether an inline style hides the element.
fn style_hides(style: &str) -> bool {
    let css: String = style
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    css.split(';').any(|decl| {
        let Some((prop, value)) = decl.split_once(':') else {
            return false;
        };
        let value = value.trim_end_matches("!important");
        let zero = value
            .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%')
            .parse::<f64>()
            .is_ok_and(|v| v <= 0.0);
        match prop {
            "display" => value == "none",
            "visibility" => value == "hidden" || value == "collapse",
            "content-visibility" => value == "hidden",
            "opacity" | "font-size" | "width" | "height" | "max-width" | "max-height" => zero,
            "transform" => value.contains("scale(0"),
            "clip" | "clip-path" => value != "auto" && value != "none",
            _ => false,
        }
    })
}

/// The page shows `notice` in a text node no ancestor hides.
pub(crate) fn visible_notice(html: &str, notice: &str) -> Result<(), String> {
    let doc = scraper::Html::parse_document(html);
    let mut seen_hidden = Vec::new();
    for node in doc.tree.nodes() {
        let scraper::Node::Text(text) = node.value() else {
            continue;
        };
        if !words(text).contains(notice) {
            continue;
        }
        let mut hidden_by = None;
        let mut child_name = String::new();
        for anc in node.ancestors() {
            let Some(el) = anc.value().as_element() else {
                continue;
            };
            let name = el.name();
            let attr = |a: &str| el.attr(a);
            let hides = UNSEEN.contains(&name)
                || attr("hidden").is_some()
                || attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
                || attr("style").is_some_and(style_hides)
                || (name == "details" && attr("open").is_none() && child_name != "summary")
                || (name == "dialog" && attr("open").is_none());
            if hides {
                hidden_by = Some(name.to_string());
                break;
            }
            child_name = name.to_string();
        }
        match hidden_by {
            None => return Ok(()),
            Some(by) => seen_hidden.push(by),
        }
    }
    if seen_hidden.is_empty() {
        Err("no text node holds the funding notice".into())
    } else {
        Err(format!(
            "the funding notice is hidden by <{}>",
            seen_hidden.join(">, <")
        ))
    }
}
