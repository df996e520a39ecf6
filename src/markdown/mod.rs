//! Markdown → HTML fragments (pulldown-cmark, CommonMark plus tables, footnotes and
//! strikethrough). Headings get stable ids so that `#anchors` work; an image whose
//! alt text is exactly `-` is decorative and gets `alt=""`; fenced blocks
//! ```` ```video ```` and ```` ```map ```` become two-click embeds ([`embed`]);
//! every body of the site is converted in parallel. Raw HTML in a body must stay
//! inside the body ([`raw_html`]): anything that could swallow, restyle or hide the
//! page around it (and so the funding notice) is an error.

mod credits;
pub(crate) mod embed;
pub(crate) mod lints;
mod raw_html;

pub(crate) use credits::site_credits;

use crate::content::collection::Collection;
use crate::content::model::Provider;
use crate::content::model::{BodyAt, Heading, ItemCore, Site};
use crate::content::routes::url_to_file;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::messages::Msg;
use crate::util::html::escape;
use crate::util::source::SourceFile;
use embed::Problem;
use lints::{BodyLinter, BodyLints};
use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The alt text that marks an image as decorative: `![-](bild.svg)`.
pub(crate) const DECORATIVE_ALT: &str = "-";

/// The Markdown dialect of the site: CommonMark plus tables, footnotes,
/// strikethrough and `{#id}` on headings. `check` parses with the same options.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What converting needs besides the text: the site's static files (embed previews)
/// and the theme's embed texts.
#[derive(Debug, Default)]
pub(crate) struct Context {
    /// Paths under static/, e.g. `images/a.svg`.
    pub statics: HashSet<String>,
    /// Texts of the embeds in the site's language.
    pub texts: embed::Texts,
    /// The site directory, where a body the loader did not keep is read again.
    pub site_dir: std::path::PathBuf,
    /// Drop each Markdown body once converted: a build that makes every page once
    /// (`build`, `check`) needs it no more; `serve` keeps it to compare edits.
    pub drop_bodies: bool,
    /// Leave the HTML of every body but the free pages' (whose HTML may be another
    /// page's introduction) to the page that shows it ([`ItemCore::html_later`],
    /// [`late_html`]): set by a build that makes every page once when no template
    /// reads another item's body.
    pub html_later: bool,
    /// The language of messages to editors.
    pub lang: crate::messages::Language,
}

/// What a conversion makes besides what the lints and the model need: the HTML
/// (not when the page converts the body again), the plain text (only for the
/// search index).
#[derive(Debug, Clone, Copy)]
struct Parts {
    html: bool,
    text: bool,
}

impl Parts {
    #[cfg(test)]
    const ALL: Parts = Parts {
        html: true,
        text: true,
    };
}

/// The HTML of one text, the problems of its embed blocks (with the 1-based line of
/// each block's opening fence in the text), and the embed providers it uses.
struct Converted {
    html: String,
    problems: Vec<(usize, Vec<Problem>)>,
    providers: Vec<Provider>,
    /// Raw HTML that could reach beyond the body: (byte offset, message, hint).
    raw_html: Vec<raw_html::Problem>,
    /// The images of the text: address as written, credit (the title) if any.
    images: Vec<(String, Option<String>)>,
    /// The text without markup, for the search index.
    text: String,
    /// The `##` headings, for a table of contents.
    outline: Vec<Heading>,
}

/// Converts one Markdown text to HTML.
#[cfg(test)]
pub(crate) fn to_html(markdown: &str) -> String {
    convert_text(markdown, &Context::default(), None, Parts::ALL).html
}

/// Converts one text; `lint` sees every event as parsed, so that `check`'s lints
/// need no parse of their own.
fn convert_text(
    markdown: &str,
    ctx: &Context,
    mut lint: Option<&mut BodyLinter>,
    parts: Parts,
) -> Converted {
    let mut events: Vec<Event> = Vec::new();
    let mut problems = Vec::new();
    let mut providers = Vec::new();
    let mut block: Option<(String, usize, String)> = None;
    let mut guard = raw_html::Guard::default();
    let mut text = String::with_capacity(if parts.text { markdown.len() } else { 0 });
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Some(l) = lint.as_deref_mut() {
            l.event(&event, range.clone());
        }
        guard.event(&event, range.clone());
        match (&mut block, event) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))))
                if matches!(info.trim(), "video" | "map") =>
            {
                let line = markdown[..range.start].matches('\n').count() + 1;
                block = Some((info.trim().to_string(), line, String::new()));
            }
            (Some((_, _, text)), Event::Text(t)) => text.push_str(&t),
            (Some(_), Event::End(TagEnd::CodeBlock)) => {
                let (kind, line, text) = block.take().unwrap_or_default();
                match embed::render(&kind, &text, &ctx.statics, &ctx.texts) {
                    Ok((html, provider)) => {
                        events.push(Event::Html(CowStr::from(html)));
                        providers.push(provider);
                    }
                    Err(p) => problems.push((line, p)),
                }
            }
            (Some(_), _) => {}
            (None, e) => {
                if parts.text {
                    plain_text(&mut text, &e);
                }
                events.push(e);
            }
        }
    }
    text.truncate(text.trim_end().len());
    add_heading_ids(&mut events);
    let outline = outline(&events);
    empty_decorative_alts(&mut events);
    let (events, images) = credits::caption_images(events);
    let events = wrap_tables(events);
    let mut out = String::new();
    if parts.html {
        out.reserve(markdown.len() * 3 / 2);
        html::push_html(&mut out, events.into_iter());
    }
    Converted {
        html: out,
        problems,
        providers,
        raw_html: guard.finish(),
        images,
        text,
        outline,
    }
}

/// The text of a heading whose events follow: its text and code up to its end.
fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// The `##` headings of a body with their ids (given by [`add_heading_ids`]).
fn outline(events: &[Event]) -> Vec<Heading> {
    let mut out = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            id: Some(id),
            ..
        }) = e
        else {
            continue;
        };
        let text = heading_text(&events[i + 1..]);
        out.push(Heading {
            id: id.to_string(),
            text,
        });
    }
    out
}

/// Adds what `event` shows as text to `text`: the words of text and code, a space
/// at a break and at the end of a block (not after a space).
fn plain_text(text: &mut String, event: &Event) {
    match event {
        Event::Text(t) | Event::Code(t) => text.push_str(t),
        Event::SoftBreak
        | Event::HardBreak
        | Event::End(
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::CodeBlock
            | TagEnd::BlockQuote(_),
        ) if !text.is_empty() && !text.ends_with(char::is_whitespace) => text.push(' '),
        _ => {}
    }
}

/// Ids the default theme's templates give to elements of the page (the skip link's
/// target `inhalt`, the sections of generated pages). A page's text is shown inside
/// these pages (`pages/termine.md` above /termine/), so a heading "Inhalt" or "Kommend"
/// must not get the same id: a duplicate id is invalid HTML and breaks the skip link.
/// The test `theme_ids_are_all_reserved` keeps this list in step with the templates.
const THEME_IDS: &[&str] = &[
    "abgelaufen",
    "aktuelles",
    "antragsberechtigt",
    "automatisierte-entscheidungen",
    "beschwerde",
    "bildnachweis",
    "consent",
    "consent-heading",
    "consent-settings",
    "datenschutzbeauftragte",
    "dienste",
    "eckdaten",
    "einbettungen",
    "einreichung",
    "einwilligung",
    "hosting",
    "inhalt",
    "kommend",
    "nach-thema",
    "offen",
    "offene-aufrufe",
    "pflicht",
    "rechte",
    "rechtsgrundlage",
    "schwerpunkte",
    "server-protokolle",
    "termine",
    "themen",
    "toc-heading",
    "unterlagen",
    "verantwortlich",
    "vergangen",
    "widerruf",
];

/// Prefixes of the theme's numbered ids (`jahr-2026`, `kontakt-presse`, …).
const THEME_ID_PREFIXES: &[&str] = &[
    "consent-",
    "cookies-",
    "dienste-",
    "dokument-",
    "jahr-",
    "kategorie-",
    "kontakt-",
    "rolle-",
];

/// Whether the theme may use `id` for an element of its own.
fn is_theme_id(id: &str) -> bool {
    THEME_IDS.contains(&id) || THEME_ID_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// Gives each heading without an explicit `{#id}` an id from its text, unique in the
/// page and different from the ids of the theme ([`THEME_IDS`]). Returns how many
/// candidate ids it tried: each text remembers the number its next repeat gets, so
/// that n equal headings cost n tries, not n²/2.
fn add_heading_ids(events: &mut [Event]) -> usize {
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut tries = 0;
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { id: None, .. }) = &events[i] else {
            continue;
        };
        let text = heading_text(&events[i + 1..]);
        let base = match crate::util::slug::slugify(&text) {
            s if s.is_empty() => "abschnitt".to_string(),
            s => s,
        };
        // A text id the theme may use starts numbering at 2, like a repeated heading
        // ("jahr-2025-2"). Only a contact or document id ending in "-2" could still
        // meet it; that is left to chance.
        if is_theme_id(&base) {
            used.insert(base.clone());
        }
        let n = next.entry(base.clone()).or_insert(1);
        let mut id = if *n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        tries += 1;
        while !used.insert(id.clone()) {
            *n += 1;
            id = format!("{base}-{n}");
            tries += 1;
        }
        *n += 1;
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
            *slot = Some(CowStr::from(id));
        }
    }
    tries
}

/// Empties the alt text of images written `![-](…)`, so that they render with
/// `alt=""` and screen readers skip them.
fn empty_decorative_alts(events: &mut [Event]) {
    let mut i = 0;
    while i < events.len() {
        if !matches!(events[i], Event::Start(Tag::Image { .. })) {
            i += 1;
            continue;
        }
        let end = events[i..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Image)))
            .map_or(events.len(), |p| i + p);
        let alt: String = events[i + 1..end]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        if alt.trim() == DECORATIVE_ALT {
            for e in &mut events[i + 1..end] {
                if matches!(e, Event::Text(_)) {
                    *e = Event::Text(CowStr::Borrowed(""));
                }
            }
        }
        i = end + 1;
    }
}

/// Puts each table in a scroll container, so that a wide table scrolls on its own on
/// a phone instead of widening the page; `tabindex` lets keyboard users scroll it, and
/// the heading above the table names the region (the first table below a heading
/// only; a second one stays an unnamed scroll box). Header cells get `scope="col"`.
fn wrap_tables(events: Vec<Event>) -> Vec<Event> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Table(_))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 4);
    let mut heading: Option<String> = None;
    let mut alignments: Vec<Alignment> = Vec::new();
    let (mut in_head, mut cell) = (false, 0);
    for e in events {
        match e {
            Event::Start(Tag::Heading {
                id: Some(ref id), ..
            }) => {
                heading = Some(id.to_string());
                out.push(e);
            }
            Event::Start(Tag::Table(ref a)) => {
                alignments = a.clone();
                // Only the first table below a heading takes its name: two regions
                // with the same name could not be told apart (axe landmark-unique).
                let label = heading.take().map_or(String::new(), |id| {
                    format!(r#" role="region" aria-labelledby="{}""#, escape(&id))
                });
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\"{label} tabindex=\"0\">\n"
                ))));
                out.push(e);
            }
            Event::Start(Tag::TableHead) => {
                (in_head, cell) = (true, 0);
                out.push(e);
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                out.push(e);
            }
            Event::Start(Tag::TableCell) if in_head => {
                let style = match alignments.get(cell) {
                    Some(Alignment::Left) => r#" style="text-align: left""#,
                    Some(Alignment::Center) => r#" style="text-align: center""#,
                    Some(Alignment::Right) => r#" style="text-align: right""#,
                    _ => "",
                };
                out.push(Event::Html(CowStr::from(format!(
                    r#"<th scope="col"{style}>"#
                ))));
            }
            Event::End(TagEnd::TableCell) if in_head => {
                cell += 1;
                out.push(Event::Html(CowStr::Borrowed("</th>")));
            }
            Event::End(TagEnd::Table) => {
                out.push(e);
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            e => out.push(e),
        }
    }
    out
}

/// Converts the body of one item: fills its `content`, `embeds` and `text`; returns
/// the errors of its embed blocks and raw HTML, and with `lint` the findings of
/// `check`'s Markdown lints and the body's links.
pub(crate) fn convert_item(
    item: &mut ItemCore,
    ctx: &Context,
    lint: bool,
) -> (Vec<Diagnostic>, Option<BodyLints>) {
    let (found, lints, text) = convert_body(item, ctx, lint, false);
    // Exactly sized: `serve` keeps it.
    item.text = text.as_str().to_owned();
    (found, lints)
}

/// [`convert_item`], giving the body's plain text back instead of keeping it;
/// with `later`, the HTML is left to the item's page ([`late_html`]).
fn convert_body(
    item: &mut ItemCore,
    ctx: &Context,
    lint: bool,
    later: bool,
) -> (Vec<Diagnostic>, Option<BodyLints>, String) {
    // Only a body the loader did not keep can be read again by its page.
    let later = later && item.body_at.is_some();
    let (text, start) = match body_of((&item.body, item.body_at, &item.source), ctx) {
        Ok(found) => found,
        Err(d) => return (vec![d], None, String::new()),
    };
    let body = &text[start..];
    let mut linter = lint.then(|| BodyLinter::new(&item.source, body, item.body_line, ctx.lang));
    let parts = Parts {
        html: !later,
        text: true,
    };
    let c = convert_text(body, ctx, linter.as_mut(), parts);
    let lints = linter.map(BodyLinter::finish);
    item.html_later = later;
    item.content = with_language(c.html, item.body_lang);
    // Exactly sized: the HTML is kept until the pages are made.
    item.content.shrink_to_fit();
    item.embeds = c.providers;
    item.images = c.images;
    item.outline = c.outline;
    let mut found = Vec::new();
    for (line, problems) in c.problems {
        for mut d in embed::diagnostics(&item.source, body, line, problems, ctx.lang) {
            d.line += item.body_line.saturating_sub(1);
            found.push(d);
        }
    }
    for (at, msg) in c.raw_html {
        let mut d = msg.error(&item.source, ctx.lang).at_offset(body, at);
        d.line += item.body_line.saturating_sub(1);
        found.push(d);
    }
    if ctx.drop_bodies {
        item.body = String::new();
    }
    (found, lints, c.text)
}

/// The text that holds the body of an item, and where the body starts in it: the
/// loader's copy, else its file read again (from the page cache) right before
/// converting, so that the bodies are never all in memory.
fn body_of<'a>(
    (body, at, source): (&'a str, Option<BodyAt>, &Path),
    ctx: &Context,
) -> Result<(Cow<'a, str>, usize), Diagnostic> {
    match at {
        Some(at) => Ok((Cow::Owned(read_body(source, at, ctx)?), at.start)),
        None => Ok((Cow::Borrowed(body), 0)),
    }
}

/// A body's HTML as the page shows it: a body taken over from the original speaks
/// its language (WCAG 3.1.2).
fn with_language(html: String, lang: Option<crate::messages::Language>) -> String {
    match lang {
        Some(l) if !html.is_empty() => format!("<div lang=\"{}\">\n{}</div>\n", l.code(), html),
        _ => html,
    }
}

/// The HTML of the body of an item whose Markdown step left it to its page
/// ([`ItemCore::html_later`]): the body read again and converted as the Markdown
/// step would have (its findings were told by that step already). An error only
/// when the file changed since it was loaded.
pub(crate) fn late_html(item: &ItemCore, ctx: &Context) -> Result<String, Diagnostic> {
    let (text, start) = body_of((&item.body, item.body_at, &item.source), ctx)?;
    let body = &text[start..];
    let parts = Parts {
        html: true,
        text: false,
    };
    Ok(with_language(
        convert_text(body, ctx, None, parts).html,
        item.body_lang,
    ))
}

/// The text of `file` read again, when it still holds the body the loader saw at
/// `at` (else a clear error: the file changed during the build).
fn read_body(file: &Path, at: BodyAt, ctx: &Context) -> Result<String, Diagnostic> {
    let src = SourceFile::read(&ctx.site_dir, file)?;
    match at.body_in(&src.text) {
        Some(_) => Ok(src.text),
        None => Err(Msg::new(Code::ContentChangedDuringBuild).error(file, ctx.lang)),
    }
}

/// Where the plain text of each body goes in a build that does not keep it in the
/// model (`build`, `check`): the search step counts its words at once, on the thread
/// that converted the body.
pub(crate) trait TextSink: Sync {
    /// Takes the plain text of the body of item `index` of collection `c`.
    fn take(&self, c: Collection, index: usize, text: String);
}

/// The lints of each body, by the output path of its page.
pub(crate) type Lints = Vec<(String, BodyLints)>;

/// Converts the items of collection `c`; each body's plain text goes to `texts`, or
/// without it into the model.
fn convert(
    c: Collection,
    mut items: Vec<&mut ItemCore>,
    (ctx, texts): (&Context, Option<&dyn TextSink>),
    diags: &mut Diagnostics,
    lints: &mut Lints,
) {
    let results: Vec<(String, Vec<Diagnostic>, Option<BodyLints>)> = items
        .par_iter_mut()
        .enumerate()
        .map(|(index, item)| {
            let (found, l) = match texts {
                Some(texts) => {
                    let later = ctx.html_later && c != Collection::Page;
                    let (found, l, text) = convert_body(item, ctx, true, later);
                    texts.take(c, index, text);
                    (found, l)
                }
                None => convert_item(item, ctx, true),
            };
            (url_to_file(&item.url), found, l)
        })
        .collect();
    for (page, found, l) in results {
        diags.extend(found);
        lints.extend(l.map(|l| (page, l)));
    }
}

/// The providers of all embeds of the site, each once, in a stable order.
pub(crate) fn site_embeds(site: &Site) -> Vec<Provider> {
    let mut out: Vec<Provider> = Collection::ALL
        .into_iter()
        .flat_map(|c| site.cores(c))
        .flat_map(|i| i.embeds.iter().cloned())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Fills `content` of every page, project, call, news item and event, and
/// `site.embeds` with the providers of the embeds used; each body's plain text goes
/// to `texts`, or without it into the model (`text`). Returns the errors of embed
/// blocks, and the lints of every body.
pub(crate) fn render_site(
    site: &mut Site,
    ctx: &Context,
    texts: Option<&dyn TextSink>,
) -> (Diagnostics, Lints) {
    let mut diags = Diagnostics::new();
    let mut lints = Lints::new();
    for c in Collection::ALL {
        convert(c, site.cores_mut(c), (ctx, texts), &mut diags, &mut lints);
    }
    site.embeds = site_embeds(site);
    site.image_credits = credits::site_credits(site);
    (diags, lints)
}

#[cfg(test)]
mod tests {
    use super::{THEME_ID_PREFIXES, THEME_IDS, add_heading_ids, options, to_html};
    use pulldown_cmark::{Event, Parser, Tag};
    use std::collections::HashSet;

    /// A build that keeps no body reads it again before converting; a file edited
    /// in between is a clear error, not a page built from half of each version.
    #[test]
    fn a_body_read_again_must_be_the_one_loaded() {
        let tmp = tempfile::tempdir().unwrap();
        let file = std::path::Path::new("a.md");
        let text = "---\ntitle: A\n---\nDie Lotsin hilft.\n";
        std::fs::write(tmp.path().join(file), text).unwrap();
        let at = super::BodyAt::of(text, "Die Lotsin hilft.\n");
        let ctx = super::Context {
            site_dir: tmp.path().to_path_buf(),
            ..super::Context::default()
        };
        let again = super::read_body(file, at, &ctx).unwrap();
        assert_eq!(&again[at.start..], "Die Lotsin hilft.\n");
        // Saved again with one letter changed (same length), then shorter.
        for edited in [
            "---\ntitle: A\n---\nDie Lotsin hilfT.\n",
            "---\ntitle: A\n---\nDie Lotsin.\n",
        ] {
            std::fs::write(tmp.path().join(file), edited).unwrap();
            let e = super::read_body(file, at, &ctx).unwrap_err();
            assert_eq!(e.code(), "content/changed-during-build", "{e:?}");
        }
    }

    #[test]
    fn the_plain_text_has_the_words_of_text_and_code_and_no_markup() {
        let c = super::convert_text(
            "# Azubi-Lotsen\n\nDie **Lotsin** hilft\nim `Betrieb`.\n\n- eins\n- zwei\n\n<b>roh</b>\n",
            &super::Context::default(),
            None,
            super::Parts::ALL,
        );
        // Raw HTML leaves its text (it is shown), not its tags.
        assert_eq!(
            c.text,
            "Azubi-Lotsen Die Lotsin hilft im Betrieb. eins zwei roh"
        );
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = to_html("## Ziele\n\n## Ziele\n\n### Über uns {#eigen}\n");
        assert!(html.contains(r#"<h2 id="ziele">"#), "{html}");
        assert!(html.contains(r#"<h2 id="ziele-2">"#), "{html}");
        assert!(html.contains(r#"<h3 id="eigen">"#), "{html}");
    }

    /// 20,000 equal headings took minutes when each one counted up from 1.
    #[test]
    fn many_equal_headings_cost_one_try_each() {
        let mut md = "## Ziele 2\n\n## Ziele {#ziele-3}\n\n".to_string();
        md.push_str(&"## Ziele\n\n".repeat(20_000));
        let mut events: Vec<Event> = Parser::new_ext(&md, options()).collect();
        let tries = add_heading_ids(&mut events);
        // One try per heading, plus one for each id that was taken already.
        assert_eq!(tries, 20_001 + 2, "{tries}");
        let ids: Vec<String> = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(
            &ids[..5],
            ["ziele-2", "ziele-3", "ziele", "ziele-4", "ziele-5"]
        );
        assert_eq!(ids.last().unwrap(), "ziele-20002");
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    }

    #[test]
    fn a_dash_marks_an_image_as_decorative() {
        let html = to_html("![-](/images/linie.svg) ![Karte](/images/karte.svg)\n");
        assert!(
            html.contains(r#"<img src="/images/linie.svg" alt="" />"#),
            "{html}"
        );
        assert!(html.contains(r#"alt="Karte""#), "{html}");
    }

    #[test]
    fn tables_have_header_cells() {
        let html = to_html("| Jahr | Projekte |\n|---|---|\n| 2024 | 3 |\n");
        assert!(
            html.contains("<thead>") && html.contains(r#"<th scope="col">Jahr</th>"#),
            "{html}"
        );
        assert!(html.contains(r#"<td>2024</td>"#), "{html}");
        assert!(
            !html.contains("role=\"region\""),
            "no heading, no name: {html}"
        );
        let html = to_html("## Ergebnisse\n\n| Ziel | erreicht |\n|---|--:|\n| 300 | 342 |\n");
        assert!(
            html.contains(r#"<div class="table-wrap" role="region" aria-labelledby="ergebnisse" tabindex="0">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<th scope="col" style="text-align: right">erreicht</th>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<td style="text-align: right">342</td>"#),
            "{html}"
        );
    }

    #[test]
    fn headings_do_not_take_the_ids_of_the_theme() {
        let html = to_html("## Inhalt\n\n## Kommend\n\n## Jahr 2025\n\n## Ziele\n");
        assert!(html.contains(r#"<h2 id="inhalt-2">"#), "{html}");
        assert!(html.contains(r#"<h2 id="kommend-2">"#), "{html}");
        assert!(html.contains(r#"<h2 id="jahr-2025-2">"#), "{html}");
        assert!(html.contains(r#"<h2 id="ziele">"#), "{html}");
    }

    #[test]
    fn theme_ids_are_all_reserved() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.extend(
            std::fs::read_dir(dir.join("partials"))
                .unwrap()
                .map(|e| e.unwrap().path()),
        );
        let mut found = 0;
        for file in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "html"))
        {
            let text = std::fs::read_to_string(file).unwrap();
            for (at, _) in text.match_indices(" id=\"") {
                let value = &text[at + 5..];
                let value = &value[..value.find('"').unwrap()];
                // A templated id is reserved by its literal prefix (`jahr-{{ … }}`).
                let literal = value.split("{{").next().unwrap();
                found += 1;
                assert!(
                    if literal.len() < value.len() {
                        THEME_ID_PREFIXES.contains(&literal)
                    } else {
                        THEME_IDS.contains(&literal)
                    },
                    "{}: the id `{value}` is missing from THEME_IDS or THEME_ID_PREFIXES",
                    file.display()
                );
            }
        }
        assert!(found > 20, "only {found} ids found in {}", dir.display());
    }

    #[test]
    fn two_tables_below_one_heading_do_not_share_a_region_name() {
        let table = "| Gruppe | Anteil |\n|---|---|\n| A | 1 |\n";
        let html = to_html(&format!(
            "## Zahlen\n\n{table}\nText\n\n{table}\n## Mehr\n\n{table}"
        ));
        assert_eq!(
            html.matches(r#"aria-labelledby="zahlen""#).count(),
            1,
            "{html}"
        );
        assert_eq!(
            html.matches(r#"aria-labelledby="mehr""#).count(),
            1,
            "{html}"
        );
        assert_eq!(html.matches(r#"class="table-wrap""#).count(), 3, "{html}");
    }
}
