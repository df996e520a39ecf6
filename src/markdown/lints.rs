//! Lints on the Markdown bodies, where editors make their mistakes: images without
//! alt text, skipped heading levels, link texts that say nothing out of context,
//! tables without a header row. Each finding points at the Markdown source.
//!
//! The same pass collects every link and image address of a body with its position,
//! so that [`super::links`] can report a broken one where the editor wrote it.

use super::DECORATIVE_ALT;
#[cfg(test)]
use super::options;
use crate::diagnostic::{Code, Diagnostic};
use crate::messages::{Language, Msg};
use crate::util::source::SourceFile;
use lol_html::{RewriteStrSettings, element, rewrite_str};
#[cfg(test)]
use pulldown_cmark::Parser;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Tag, TagEnd};
use std::cell::RefCell;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// Link texts that do not say where a link leads (compared in lower case, without
/// surrounding punctuation and with single spaces).
const MEANINGLESS: &[&str] = &[
    "hier",
    "hier klicken",
    "klicken sie hier",
    "hier klicken sie",
    "klick",
    "klicken",
    "mehr",
    "mehr lesen",
    "mehr erfahren",
    "mehr dazu",
    "mehr infos",
    "mehr informationen",
    "weiter",
    "weiterlesen",
    "weiter lesen",
    "zum artikel",
    "details",
    "info",
    "infos",
    "link",
    "dieser link",
    "diesen link",
    "download",
    "herunterladen",
    "pdf",
    "here",
    "click here",
    "click",
    "more",
    "read more",
    "learn more",
    "this link",
    "continue",
];

/// A link or image address written in a Markdown body, with its place there.
#[derive(Debug, Clone)]
pub(crate) struct MarkdownLink {
    /// The address as written (`/dokumente/x.pdf`, `#ziele`, `../y/`).
    pub dest: String,
    /// Where the `[` or `![` stands.
    pub at: Place,
}

/// A position in a source file: no more than a link needs to be reported. The
/// line's text is read again from the file only for a finding ([`SourceLines`]):
/// the links of a large site are many, the broken ones few.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    /// The file, relative to the site (one copy for all links of a body).
    pub file: Arc<Path>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Place {
    /// The catalogue message `msg` as an error at this place, worded in `lang`, with
    /// the line's text from `lines`.
    pub(crate) fn error(&self, msg: &Msg, lang: Language, lines: &mut SourceLines) -> Diagnostic {
        let mut d = self.error_without_line(msg, lang);
        d.source_line = lines.line(&self.file, self.line);
        d
    }

    fn error_without_line(&self, msg: &Msg, lang: Language) -> Diagnostic {
        let mut d = msg.error(&*self.file, lang);
        d.line = self.line;
        d.column = self.column;
        d
    }
}

/// The lines of the site's Markdown files, read again for the few findings that
/// show one (the Markdown bodies are gone by then); keeps the last file read, as the
/// findings of one body come together.
pub(crate) struct SourceLines<'a> {
    site_dir: &'a Path,
    last: Option<(Arc<Path>, Option<SourceFile>)>,
}

impl<'a> SourceLines<'a> {
    /// Reads the files under `site_dir`.
    pub(crate) fn new(site_dir: &'a Path) -> Self {
        SourceLines {
            site_dir,
            last: None,
        }
    }

    /// The text of the 1-based `line` of `file` (relative to the site), without
    /// its line end and trailing blanks; `None` when the file cannot be read.
    fn line(&mut self, file: &Arc<Path>, line: usize) -> Option<String> {
        if self.last.as_ref().is_none_or(|(f, _)| f != file) {
            let src = SourceFile::read(self.site_dir, file).ok();
            self.last = Some((Arc::clone(file), src));
        }
        let (_, src) = self.last.as_ref()?;
        let text = src.as_ref()?.text.split('\n').nth(line.checked_sub(1)?)?;
        Some(text.trim_end().to_string())
    }
}

/// Maps byte offsets of a body to lines and columns of its file.
struct Locator<'a> {
    file: Arc<Path>,
    /// The language of the messages.
    lang: Language,
    body: &'a str,
    first_line: usize,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    fn new(file: &Path, body: &'a str, first_line: usize, lang: Language) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(body.match_indices('\n').map(|(i, _)| i + 1));
        Locator {
            file: Arc::from(file),
            lang,
            body,
            first_line,
            line_starts,
        }
    }

    /// The catalogue message `msg` as an error at `offset` of the body, with the
    /// line's text.
    fn error(&self, offset: usize, msg: &Msg) -> Diagnostic {
        let (place, line) = self.locate(offset);
        let mut d = place.error_without_line(msg, self.lang);
        d.source_line = Some(self.body[line].trim_end().to_string());
        d
    }

    fn place(&self, offset: usize) -> Place {
        self.locate(offset).0
    }

    /// The place of `offset` and the bytes of its line in the body.
    fn locate(&self, offset: usize) -> (Place, Range<usize>) {
        let offset = offset.min(self.body.len());
        let idx = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[idx];
        let end = self.body[start..]
            .find('\n')
            .map_or(self.body.len(), |e| start + e);
        let column = self
            .body
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        let place = Place {
            file: Arc::clone(&self.file),
            line: self.first_line + idx,
            column,
        };
        (place, start..end)
    }
}

/// What one body yields: findings and the addresses it links to.
#[derive(Debug, Default)]
pub(crate) struct BodyLints {
    /// Mistakes found.
    pub findings: Vec<Diagnostic>,
    /// Every link and image address, for the link check.
    pub links: Vec<MarkdownLink>,
}

/// An open link or image whose text is being collected.
struct Open {
    start: usize,
    text: String,
    dest: String,
    autolink: bool,
    /// Alt texts of images inside a link count as its text.
    has_image_text: bool,
}

/// Lints a Markdown body that starts at `first_line` of `file` (parsing it; the
/// Markdown step lints while it converts, with [`BodyLinter`]).
#[cfg(test)]
pub(crate) fn lint_body(file: &Path, body: &str, first_line: usize) -> BodyLints {
    let mut linter = BodyLinter::new(file, body, first_line, Language::En);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        linter.event(&event, range);
    }
    linter.finish()
}

/// Lints a body event by event, as the parser gives them: the Markdown step feeds it
/// the events it converts, so that each body is parsed once per build.
pub(crate) struct BodyLinter<'a> {
    loc: Locator<'a>,
    out: BodyLints,
    links: Vec<Open>,
    image: Option<Open>,
    last_heading: usize,
    table_start: usize,
    head_text: Option<String>,
    html_block: Option<(usize, String)>,
}

impl<'a> BodyLinter<'a> {
    /// A linter for `body`, which starts at `first_line` of `file`; its findings are
    /// worded in `lang`.
    pub(crate) fn new(file: &Path, body: &'a str, first_line: usize, lang: Language) -> Self {
        BodyLinter {
            loc: Locator::new(file, body, first_line, lang),
            out: BodyLints::default(),
            links: Vec::new(),
            image: None,
            last_heading: 1,
            table_start: 0,
            head_text: None,
            html_block: None,
        }
    }

    /// Takes the next event of the body and its byte range.
    #[expect(
        clippy::too_many_lines,
        reason = "one match over pulldown-cmark's events; each arm is one lint"
    )]
    pub(crate) fn event(&mut self, event: &Event, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = heading_number(*level);
                if level == 1 {
                    let msg = Msg::new(Code::LintH1);
                    self.out.findings.push(self.loc.error(range.start, &msg));
                } else if level > self.last_heading + 1 {
                    let msg = Msg::new(Code::LintHeadingSkip)
                        .arg("level", "#".repeat(level))
                        .arg("previous", "#".repeat(self.last_heading))
                        .arg("next", "#".repeat(self.last_heading + 1));
                    self.out.findings.push(self.loc.error(range.start, &msg));
                }
                self.last_heading = level;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                self.out.links.push(MarkdownLink {
                    dest: dest_url.to_string(),
                    at: self.loc.place(range.start),
                });
                self.links.push(Open {
                    start: range.start,
                    text: String::new(),
                    dest: dest_url.to_string(),
                    autolink: matches!(link_type, LinkType::Autolink),
                    has_image_text: false,
                });
            }
            Event::End(TagEnd::Link) => {
                if let Some(link) = self.links.pop() {
                    if let Some(d) = link_text_finding(&link, &self.loc) {
                        self.out.findings.push(d);
                    }
                    if let Some(outer) = self.links.last_mut() {
                        outer.text.push_str(&link.text);
                    }
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.out.links.push(MarkdownLink {
                    dest: dest_url.to_string(),
                    at: self.loc.place(range.start),
                });
                self.image = Some(Open {
                    start: range.start,
                    text: String::new(),
                    dest: dest_url.to_string(),
                    autolink: false,
                    has_image_text: false,
                });
            }
            Event::End(TagEnd::Image) => {
                if let Some(img) = self.image.take() {
                    let alt = img.text.trim();
                    if alt.is_empty() {
                        let msg = Msg::new(Code::LintImageAlt)
                            .hint("markdown")
                            .arg("dest", img.dest.as_str())
                            .arg("decorative", DECORATIVE_ALT);
                        self.out.findings.push(self.loc.error(img.start, &msg));
                    } else if alt != DECORATIVE_ALT
                        && let Some(link) = self.links.last_mut()
                    {
                        link.text.push_str(alt);
                        link.has_image_text = true;
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(img) = self.image.as_mut() {
                    img.text.push_str(t);
                } else if let Some(link) = self.links.last_mut() {
                    link.text.push_str(t);
                }
                if let Some(h) = self.head_text.as_mut() {
                    h.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(link) = self.links.last_mut() {
                    link.text.push(' ');
                }
            }
            Event::Start(Tag::Table(_)) => self.table_start = range.start,
            Event::Start(Tag::TableHead) => self.head_text = Some(String::new()),
            Event::End(TagEnd::TableHead) => {
                let text = self.head_text.take().unwrap_or_default();
                if text.trim().is_empty() {
                    let msg = Msg::new(Code::LintTableHeader).hint("markdown");
                    self.out
                        .findings
                        .push(self.loc.error(self.table_start, &msg));
                }
            }
            Event::Start(Tag::HtmlBlock) => self.html_block = Some((range.start, String::new())),
            Event::Html(html) => {
                if let Some((_, text)) = self.html_block.as_mut() {
                    text.push_str(html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, text)) = self.html_block.take() {
                    self.out
                        .findings
                        .extend(raw_html_findings(&text, start, &self.loc));
                    self.out
                        .links
                        .extend(raw_html_links(&text, start, &self.loc));
                }
            }
            Event::InlineHtml(html) => {
                self.out
                    .findings
                    .extend(raw_html_findings(html, range.start, &self.loc));
                self.out
                    .links
                    .extend(raw_html_links(html, range.start, &self.loc));
            }
            _ => {}
        }
    }

    /// The findings and the links of the body.
    pub(crate) fn finish(self) -> BodyLints {
        self.out
    }
}

fn heading_number(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Lower case, single spaces, no punctuation around: `» Hier klicken! «` → `hier klicken`.
fn normalise(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

fn is_bare_url(text: &str, dest: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || (t == dest && t.contains('/'))
}

fn link_text_finding(link: &Open, loc: &Locator) -> Option<Diagnostic> {
    let text = normalise(&link.text);
    let msg = if text.is_empty() && !link.has_image_text {
        Msg::new(Code::LintLinkNoText)
    } else if MEANINGLESS.contains(&text.as_str()) {
        Msg::new(Code::LintLinkText)
    } else if link.autolink || is_bare_url(&link.text, &link.dest) {
        Msg::new(Code::LintBareUrl)
    } else {
        return None;
    };
    let msg = msg
        .arg("text", link.text.trim())
        .arg("dest", link.dest.as_str());
    Some(loc.error(link.start, &msg))
}

/// Images without `alt` and tables without header cells in raw HTML of a body.
/// The addresses of raw HTML in a body (`<a href>`, `<img src>`, …), located where
/// the editor wrote them, so that a broken one is reported in the Markdown file and
/// not in the template that shows the body.
fn raw_html_links(html: &str, start: usize, loc: &Locator) -> Vec<MarkdownLink> {
    let lower = html.to_ascii_lowercase();
    if !lower.contains("href") && !lower.contains("src") {
        return Vec::new();
    }
    let found = RefCell::new(Vec::new());
    let selectors: Vec<String> = crate::util::html::ADDRESS_ATTRIBUTES
        .iter()
        .map(|(tag, attr)| format!("{tag}[{attr}]"))
        .collect();
    let mut settings = RewriteStrSettings::new();
    for (selector, (_, attr)) in selectors.iter().zip(crate::util::html::ADDRESS_ATTRIBUTES) {
        let found = &found;
        settings =
            settings.append_element_content_handler(element!(selector.as_str(), move |el| {
                if let Some(v) = el.get_attribute(attr) {
                    found.borrow_mut().push(v);
                }
                Ok(())
            }));
    }
    let _ = rewrite_str(html, settings);
    let mut from = 0;
    found
        .into_inner()
        .into_iter()
        .map(|raw| {
            let at = html[from..].find(raw.as_str()).map_or(0, |i| from + i);
            from = at;
            MarkdownLink {
                dest: crate::util::html::unescape(raw),
                at: loc.place(start + at),
            }
        })
        .collect()
}

fn raw_html_findings(html: &str, start: usize, loc: &Locator) -> Vec<Diagnostic> {
    let lower = html.to_ascii_lowercase();
    if !lower.contains("<img") && !lower.contains("<table") {
        return Vec::new();
    }
    // (image index without alt), number of tables and of header cells.
    let found = RefCell::new((Vec::new(), 0usize, 0usize, 0usize));
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("img", |el| {
            let mut f = found.borrow_mut();
            let index = f.3;
            f.3 += 1;
            if !el.has_attribute("alt") {
                f.0.push(index);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("table", |_| {
            found.borrow_mut().1 += 1;
            Ok(())
        }))
        .append_element_content_handler(element!("th", |_| {
            found.borrow_mut().2 += 1;
            Ok(())
        }));
    let _ = rewrite_str(html, settings);
    let (no_alt, tables, header_cells, _) = found.into_inner();
    let mut out = Vec::new();
    let img_offsets: Vec<usize> = lower.match_indices("<img").map(|(i, _)| i).collect();
    for i in no_alt {
        let at = img_offsets.get(i).copied().unwrap_or(0);
        let msg = Msg::new(Code::LintImageAlt)
            .hint("html")
            .arg("dest", "<img>")
            .arg("decorative", DECORATIVE_ALT);
        out.push(loc.error(start + at, &msg));
    }
    if tables > 0 && header_cells == 0 {
        let at = lower.find("<table").unwrap_or(0);
        let msg = Msg::new(Code::LintTableHeader).hint("html");
        out.push(loc.error(start + at, &msg));
    }
    out
}

/// (line, column, message) of each finding in a body that starts at line 5, for tests.
#[cfg(test)]
fn messages(body: &str) -> Vec<(usize, usize, String)> {
    lint_body(Path::new("x.md"), body, 5)
        .findings
        .into_iter()
        .map(|d| (d.line, d.column, d.message().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_from_the_body_line_and_in_characters() {
        let m = messages("Text\n\nÄä ![](/a.svg)\n");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!((m[0].0, m[0].1), (7, 4));
        assert!(m[0].2.contains("no alt text"));
    }

    #[test]
    fn decorative_images_and_described_images_pass() {
        assert!(messages("![-](/a.svg) ![Karte des Landkreises](/b.svg)\n").is_empty());
    }

    #[test]
    fn headings_must_start_at_two_and_not_skip() {
        let m = messages("# Titel\n\n## A\n\n#### B\n\n### C\n\n## D\n");
        let lines: Vec<usize> = m.iter().map(|x| x.0).collect();
        assert_eq!(lines, vec![5, 9], "{m:?}");
        assert!(m[1].2.contains("`####` follows `##`"), "{m:?}");
    }

    #[test]
    fn meaningless_and_empty_link_texts() {
        let m = messages(
            "[Hier](/a/), [» mehr …](/b/), [](/c/), [Klicken Sie hier!](/d/), [Projektaufruf 2027](/e/)\n",
        );
        let cols: Vec<usize> = m.iter().map(|x| x.1).collect();
        assert_eq!(cols, vec![1, 14, 31, 40], "{m:?}");
        assert!(m[2].2.contains("has no text"));
    }

    #[test]
    fn bare_urls_as_link_text() {
        let m = messages(
            "<https://www.ihk.de/> und [www.ihk.de](https://www.ihk.de/) und <info@example.org>\n",
        );
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m.iter().all(|x| x.2.contains("bare address")));
    }

    #[test]
    fn linked_image_with_alt_text_is_a_meaningful_link() {
        assert!(messages("[![Logo der IHK](/ihk.svg)](https://www.ihk.de/)\n").is_empty());
        assert_eq!(messages("[![-](/ihk.svg)](https://www.ihk.de/)\n").len(), 1);
    }

    #[test]
    fn tables_need_a_header_row() {
        let m = messages("Text\n\n|   |   |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].0, m[0].1), (7, 1));
        assert!(messages("| Jahr | Zahl |\n|---|---|\n| 1 | 2 |\n").is_empty());
    }

    #[test]
    fn raw_html_tables_and_images() {
        let m = messages(
            "<table>\n<tr><td>1</td></tr>\n</table>\n\nText <img src=\"/a.png\"> und <img src=\"/b.png\" alt=\"\">\n",
        );
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!((m[0].0, m[0].1), (5, 1));
        assert_eq!((m[1].0, m[1].1), (9, 6));
        assert!(messages("<table>\n<tr><th scope=\"col\">A</th></tr>\n</table>\n").is_empty());
    }

    #[test]
    fn collects_link_and_image_addresses() {
        let l = lint_body(Path::new("x.md"), "[A](/a/) ![B](/b.svg)\n", 3).links;
        let dests: Vec<&str> = l.iter().map(|x| x.dest.as_str()).collect();
        assert_eq!(dests, vec!["/a/", "/b.svg"]);
        assert_eq!((l[1].at.line, l[1].at.column), (3, 10));
    }

    /// A link keeps no text of its line: a finding reads it again from the file,
    /// as the loader decoded it (no BOM, `\r\n` as a line end).
    #[test]
    fn a_link_finding_reads_its_line_again_from_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("pages")).unwrap();
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\n\r\nSiehe [B](/b/)  \r\n";
        std::fs::write(tmp.path().join("pages/a.md"), text).unwrap();
        let l = lint_body(Path::new("pages/a.md"), "\nSiehe [B](/b/)  \n", 4).links;
        let mut lines = SourceLines::new(tmp.path());
        let d = l[0]
            .at
            .error(&Msg::new(Code::LinkNoPage), Language::En, &mut lines);
        assert_eq!((d.line, d.column), (5, 7));
        assert_eq!(d.source_line.as_deref(), Some("Siehe [B](/b/)"));
        // A file gone since loading: the finding stays, without the line.
        std::fs::remove_file(tmp.path().join("pages/a.md")).unwrap();
        let mut lines = SourceLines::new(tmp.path());
        let d = l[0]
            .at
            .error(&Msg::new(Code::LinkNoPage), Language::En, &mut lines);
        assert_eq!((d.line, d.source_line), (5, None));
    }
}
