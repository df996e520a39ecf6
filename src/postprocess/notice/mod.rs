//! The notice rule of the pass: every page shows the funding notice as visible text,
//! or the build fails at what hides it.
//!
//! While lol_html streams through a page, the pass keeps the open elements that hide
//! their content (`hidden`, `aria-hidden="true"`, `inert`, `popover`, `<template>`,
//! closed `<details>` and `<dialog>`, `<select>`, media fallbacks, a `style` or a
//! stylesheet rule with a hiding declaration, [`crate::css`]), and counts the open
//! elements that match the surroundings of such rules. A marker
//! (`data-funding-notice`) on an element that cannot show text, or inside a hiding
//! element, is an error, as is a footer or body that would hide the notice fachwerk
//! puts into it, and a page that ends inside a comment or raw text, which would
//! swallow the notice appended to it. A notice fachwerk inserts sits in the page's
//! footer, or in a `<footer role="contentinfo">` it creates, so that it is in a
//! landmark. The notice's text carries [`crate::css::TEXT_LOCK`].
//!
//! End tags of elements the page leaves open are not seen (lol_html runs end-tag
//! handlers only for end tags that are written): a hiding element left open counts
//! until an enclosing tracked element ends. That is right for what is inserted
//! before the enclosing end tag (the open element holds it), and errs on the safe
//! side where a browser closes an element early (`<p hidden>` before a `<div>`).

use super::facts::PageFacts;
use crate::css::{self, Styles, Written};
use crate::diagnostic::{Code, Word};
use crate::messages::Msg;
use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, doc_comments, doc_text, element, rewrite_str};
use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::rc::Rc;

/// Where a problem is: a start tag in the page, or a rule in a stylesheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Where {
    /// A byte range of the page (a start tag).
    Page(Range<usize>),
    /// A declaration in a stylesheet.
    File(css::Place),
}

/// One reason a page would not show its notice: where, and the catalogue message
/// (its `pages` parameter is added where the problems of all pages are grouped).
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub at: Where,
    pub msg: Msg,
}

/// Why an open element hides what is inside it.
#[derive(Debug, Clone)]
enum Why {
    /// An attribute: `hidden`, `aria-hidden="true"`, `inert`, `popover`.
    Attribute(&'static str),
    /// An element that never shows its content (`template`, a closed `details` …).
    Element(&'static str),
    /// A declaration of the element's `style` attribute.
    Style(String),
    /// A stylesheet rule: its selector and the declaration.
    Rule(String, css::Finding),
}

/// An open element that hides its content.
#[derive(Debug, Clone)]
struct Hider {
    why: Why,
    /// The element's start tag in the page.
    tag: Range<usize>,
    /// Closed by the end tag of an enclosing element at this offset: it still
    /// holds what is put before that end tag, and nothing after.
    closed_at: Option<usize>,
}

/// The elements fachwerk writes, as stylesheet rules see them.
const TEXT: Written = Written {
    tag: "span",
    classes: "funding-notice__text",
    attrs: &[("lang", "de"), ("style", css::TEXT_LOCK)],
};
const NOTICE: Written = Written {
    tag: "div",
    classes: "funding-notice",
    attrs: &[("data-funding-notice", "")],
};
const FOOTER: Written = Written {
    tag: "footer",
    classes: "funding-footer",
    attrs: &[("role", "contentinfo")],
};

/// What the notice rule knows of one page so far.
#[derive(Default)]
pub(super) struct State {
    pub facts: PageFacts,
    /// The page-level notice is placed (or a marker for it follows).
    pub placed: bool,
    /// Inside a marker, whose content the notice replaces.
    pub replaced: bool,
    hidden: Vec<Hider>,
    /// Open `article`, `aside`, `main`, `nav`, `section`: a footer inside is not
    /// the page's.
    sectioning: u32,
    /// The page's footer is open.
    in_footer: bool,
    /// Open elements per compound of the page's styles.
    counts: Vec<u32>,
    /// Compounds of elements closed by an enclosing element's end tag at an
    /// offset: counted until that end tag is handled.
    closing: Vec<(usize, Vec<u32>)>,
    /// The `style` attributes read so far, with the declaration that hides.
    styles_seen: Vec<(String, Option<String>)>,
    pub problems: Vec<Problem>,
}

impl State {
    /// Forgets the elements closed by end tags before `now` (the offset of the end
    /// tag being handled, or none at a start tag or the document's end).
    fn settle(&mut self, now: Option<usize>) {
        if self.closing.is_empty() {
            return;
        }
        let stale = |at: &Option<usize>| at.is_some() && *at != now;
        if self.hidden.iter().any(|h| stale(&h.closed_at)) {
            self.hidden.retain(|h| !stale(&h.closed_at));
        }
        if self.closing.iter().any(|(at, _)| Some(*at) != now) {
            let (done, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut self.closing)
                .into_iter()
                .partition(|(at, _)| Some(*at) != now);
            for (_, compounds) in done {
                for c in compounds {
                    self.counts[c as usize] -= 1;
                }
            }
            self.closing = keep;
        }
    }
}

/// What the handlers of one page share.
pub(super) struct Page {
    pub styles: std::sync::Arc<Styles>,
    /// The notice as inserted into a footer, and in a footer of its own.
    pub block: std::sync::Arc<str>,
    pub footer_block: std::sync::Arc<str>,
    pub logo: Option<std::sync::Arc<str>>,
    pub state: RefCell<State>,
    /// Links to this host are the site's own.
    pub site_host: String,
}

impl Page {
    /// The shared state of a page, with `placed` set when a marker will place it.
    pub(super) fn new(
        styles: std::sync::Arc<Styles>,
        blocks: &Blocks,
        logo: Option<std::sync::Arc<str>>,
        placed: bool,
        site_host: &str,
    ) -> Rc<Page> {
        let counts = vec![0; styles.compound_count()];
        Rc::new(Page {
            styles,
            block: blocks.block.clone(),
            footer_block: blocks.footer_block.clone(),
            logo,
            state: RefCell::new(State {
                placed,
                counts,
                ..State::default()
            }),
            site_host: site_host.to_string(),
        })
    }
}

/// The notice as fachwerk inserts it (the same on every page): in a footer, and in
/// a footer of its own.
#[derive(Debug, Clone)]
pub(super) struct Blocks {
    block: std::sync::Arc<str>,
    footer_block: std::sync::Arc<str>,
}

impl Blocks {
    /// The blocks around the notice's content `inner` (logo and text).
    pub(super) fn new(inner: &str) -> Blocks {
        let block = format!(r#"<div class="funding-notice" data-funding-notice>{inner}</div>"#);
        let footer_block =
            format!(r#"<footer class="funding-footer" role="contentinfo">{block}</footer>"#);
        Blocks {
            block: block.into(),
            footer_block: footer_block.into(),
        }
    }
}

/// An element of the page as stylesheet rules see it.
pub(super) struct View<'a, 'r, 't> {
    pub tag: &'a str,
    pub id: Option<&'a str>,
    pub class: Option<&'a str>,
    pub el: &'a Element<'r, 't>,
}

impl css::Element for View<'_, '_, '_> {
    fn tag(&self) -> &str {
        self.tag
    }
    fn id(&self) -> Option<&str> {
        self.id
    }
    fn class(&self) -> Option<&str> {
        self.class
    }
    fn attr(&self, name: &str) -> Option<String> {
        self.el.get_attribute(name)
    }
    fn attr_names(&self, f: &mut dyn FnMut(&str)) {
        for a in self.el.attributes() {
            f(&a.name());
        }
    }
}

/// What the pass read from an element's attributes that the notice rule needs.
#[derive(Default)]
pub(super) struct Attrs {
    pub marker: Option<String>,
    pub hidden: Option<&'static str>,
    pub style: Option<String>,
    pub open: bool,
    pub stylesheet: bool,
}

/// Elements that never show their content to a visitor.
fn hiding_element(tag: &str, open: bool) -> Option<&'static str> {
    Some(match tag {
        "template" => "template",
        "details" if !open => "details",
        "dialog" if !open => "dialog",
        "select" => "select",
        "datalist" => "datalist",
        "object" => "object",
        "video" => "video",
        "audio" => "audio",
        "canvas" => "canvas",
        "rp" => "rp",
        "svg" => "svg",
        "math" => "math",
        _ => return None,
    })
}

/// Elements a marker cannot stand on (besides the void ones): their content is not
/// shown as text, or is moved out of them.
fn unfit_for_marker(tag: &str) -> bool {
    hiding_element(tag, false).is_some_and(|t| !matches!(t, "details" | "dialog"))
        || matches!(
            tag,
            "script"
                | "style"
                | "textarea"
                | "title"
                | "xmp"
                | "iframe"
                | "noembed"
                | "noframes"
                | "noscript"
                | "plaintext"
                | "html"
                | "head"
                | "table"
                | "thead"
                | "tbody"
                | "tfoot"
                | "tr"
                | "colgroup"
                | "option"
                | "optgroup"
        )
}

/// A start tag as the notice rule sees it.
pub(super) struct Tag<'a> {
    /// Lower-case name.
    pub name: &'a str,
    /// Its range in the page.
    pub raw: Range<usize>,
    pub id: Option<&'a str>,
    pub class: Option<&'a str>,
    pub attrs: &'a Attrs,
}

/// The notice rule's work on one start tag (outside markers); `inner` is the
/// notice's content, for a marker.
#[expect(
    clippy::too_many_lines,
    reason = "one match over the tags that can hide the notice; each arm is one rule"
)]
pub(super) fn start_tag(
    el: &mut Element,
    t: &Tag,
    page: &Rc<Page>,
    inner: &str,
) -> lol_html::HandlerResult {
    let (tag, raw, attrs) = (t.name, t.raw.clone(), t.attrs);
    let styles = &page.styles;
    let mut st = page.state.borrow_mut();
    st.settle(None);
    let hidden_before = st.hidden.len();
    // Whether the element hides its content, and which compounds it matches.
    let mut why = attrs
        .hidden
        .map(Why::Attribute)
        .or_else(|| hiding_element(tag, attrs.open).map(Why::Element));
    if why.is_none()
        && let Some(style) = &attrs.style
    {
        // Pages repeat their styles (a table's alignment): each is read once.
        let known = st
            .styles_seen
            .iter()
            .find(|(s, _)| s == style)
            .map(|(_, v)| v.clone());
        let verdict = known.unwrap_or_else(|| {
            let v = styles.inline_hiding(style);
            st.styles_seen.push((style.clone(), v.clone()));
            v
        });
        why = verdict.map(Why::Style);
    }
    let mut matched = Vec::new();
    if !styles.is_empty() {
        let view = View {
            tag,
            id: t.id,
            class: t.class,
            el,
        };
        styles.matching(&view, &mut matched);
        if why.is_none() && !matched.is_empty() {
            let counts = &st.counts;
            why = styles
                .hiding(&matched, &|c| counts[c as usize] > 0)
                .map(|(rule, f)| Why::Rule(rule.selector.clone(), f.clone()));
        }
        matched.retain(|&c| styles.is_ancestor(c));
    }
    let top_level_footer = tag == "footer"
        && !st.placed
        && !st.in_footer
        && st.sectioning == 0
        && st.hidden.is_empty();
    if let Some(why) = why {
        st.hidden.push(Hider {
            why,
            tag: raw.clone(),
            closed_at: None,
        });
    }
    if attrs.stylesheet
        && let Some(href) = el.get_attribute("href")
        && super::host_of(&href).is_some_and(|h| h != page.site_host)
    {
        st.problems.push(Problem {
            at: Where::Page(raw.clone()),
            msg: Msg::new(Code::NoticeForeignStylesheet).arg("href", href.as_str()),
        });
    }
    let can_have_content = el.can_have_content();
    if let Some(value) = &attrs.marker {
        let project = value == "project";
        let problems = if !can_have_content
            || unfit_for_marker(tag)
            || el.namespace_uri() != "http://www.w3.org/1999/xhtml"
        {
            vec![Problem {
                at: Where::Page(raw.clone()),
                msg: Msg::new(Code::NoticeMarkerNoText).arg("tag", tag),
            }]
        } else {
            place_problems(&st, &page.styles, &[TEXT], Word::NoticeMarked)
        };
        if problems.is_empty() {
            st.facts.add_notice(project, page.logo.as_ref());
        }
        st.problems.extend(problems);
        if !project {
            st.placed = true;
        }
        el.set_inner_content(inner, ContentType::Html);
        st.replaced = can_have_content;
    }
    for &c in &matched {
        st.counts[c as usize] += 1;
    }
    let section = matches!(tag, "article" | "aside" | "main" | "nav" | "section");
    if section {
        st.sectioning += 1;
    }
    if top_level_footer {
        st.in_footer = true;
    }
    let hiding = st.hidden.len() > hidden_before;
    let is_body = tag == "body";
    let tracked = hiding
        || !matched.is_empty()
        || section
        || top_level_footer
        || is_body
        || attrs.marker.is_some();
    drop(st);
    if !tracked || !can_have_content {
        return Ok(());
    }
    let page = page.clone();
    let marker = attrs.marker.is_some();
    let own = tag.to_string();
    el.on_end_tag(Box::new(move |end| {
        let mut st = page.state.borrow_mut();
        let now = end.source_location().bytes().start;
        st.settle(Some(now));
        // lol_html also calls this for an element the page left open when an
        // enclosing element's end tag closes it; it holds what is put before that.
        let explicit = end.name().eq_ignore_ascii_case(&own);
        if marker {
            st.replaced = false;
        }
        if (top_level_footer || is_body) && !st.placed {
            let written: &[Written] = if is_body {
                &[FOOTER, NOTICE, TEXT]
            } else {
                &[NOTICE, TEXT]
            };
            let what = if is_body {
                Word::NoticeInBody
            } else {
                Word::NoticeInFooter
            };
            let problems = place_problems(&st, &page.styles, written, what);
            if problems.is_empty() {
                let block = if is_body {
                    &page.footer_block
                } else {
                    &page.block
                };
                end.before(block, ContentType::Html);
                st.facts.add_notice(false, page.logo.as_ref());
            }
            st.problems.extend(problems);
            st.placed = true;
        }
        if explicit {
            st.hidden.truncate(hidden_before);
            for &c in &matched {
                st.counts[c as usize] -= 1;
            }
        } else {
            for h in st.hidden.iter_mut().skip(hidden_before) {
                h.closed_at.get_or_insert(now);
            }
            st.closing.push((now, matched.clone()));
        }
        if section {
            st.sectioning -= 1;
        }
        if top_level_footer {
            st.in_footer = false;
        }
        Ok(())
    }))
}

/// Why the notice fachwerk would put at a place (`what` names it) would not be
/// seen: every open element that hides it, and a rule that hides what fachwerk
/// writes there.
fn place_problems(st: &State, styles: &Styles, written: &[Written], what: Word) -> Vec<Problem> {
    let mut out: Vec<Problem> = st.hidden.iter().map(|h| hidden_problem(h, what)).collect();
    out.extend(
        styles
            .hiding_written(written, &|c| st.counts[c as usize] > 0)
            .map(|(rule, f)| written_problem(&rule.selector, f, what)),
    );
    out
}

/// The problem of a notice (`what`) inside a hiding element.
fn hidden_problem(h: &Hider, what: Word) -> Problem {
    let msg = match &h.why {
        Why::Attribute(a) => Msg::new(Code::NoticeHiddenAttribute).arg("attribute", *a),
        Why::Element(e) => Msg::new(Code::NoticeHiddenElement).arg("element", *e),
        Why::Style(d) => Msg::new(Code::NoticeHiddenStyle).arg("style", d.as_str()),
        Why::Rule(selector, f) => return written_problem(selector, f, what),
    };
    Problem {
        at: Where::Page(h.tag.clone()),
        msg: msg.arg("what", what),
    }
}

/// The problem of a stylesheet rule that hides a notice (`what`) or an element
/// around it.
fn written_problem(selector: &str, f: &css::Finding, what: Word) -> Problem {
    Problem {
        at: Where::File(f.at.clone()),
        msg: Msg::new(Code::NoticeHiddenRule)
            .arg("declaration", f.text.as_str())
            .arg("selector", selector)
            .arg("what", what),
    }
}

/// Where the page ends inside a comment, raw text or a CDATA section (which would
/// swallow what is appended): the construct's start and its name.
pub(super) fn open_at_end(html: &str) -> Option<(usize, &'static str)> {
    let comment: Cell<Option<(usize, usize)>> = Cell::new(None);
    let raw_start: Cell<Option<(usize, &'static str)>> = Cell::new(None);
    let raw_end: Cell<Option<usize>> = Cell::new(None);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", |el| {
            let name = match el.tag_name().as_str() {
                "script" => "script",
                "style" => "style",
                "textarea" => "textarea",
                "title" => "title",
                "xmp" => "xmp",
                "iframe" => "iframe",
                "noembed" => "noembed",
                "noframes" => "noframes",
                "noscript" => "noscript",
                "plaintext" => "plaintext",
                _ => return Ok(()),
            };
            let tag = el.source_location().bytes();
            raw_start.set(Some((tag.start, name)));
            if tag.end >= html.len() {
                // Nothing follows the start tag: what is appended is its text.
                raw_end.set(Some(tag.end));
            }
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(|c| {
            let r = c.source_location().bytes();
            comment.set(Some((r.start, r.end)));
            Ok(())
        }))
        .append_document_content_handler(doc_text!(|t| {
            if t.text_type() != lol_html::html_content::TextType::Data {
                raw_end.set(Some(t.source_location().bytes().end));
                if t.text_type() == lol_html::html_content::TextType::CDataSection {
                    raw_start.set(None);
                }
            }
            Ok(())
        }));
    let _ = rewrite_str(html, settings);
    if let Some((start, end)) = comment.get()
        && end >= html.len()
        && !html[start..end].ends_with('>')
    {
        return Some((start, "comment"));
    }
    if raw_end.get().is_some_and(|e| e >= html.len()) {
        return Some(match raw_start.get() {
            Some(r) => r,
            None => (html.rfind("<![CDATA[").unwrap_or(0), "CDATA section"),
        });
    }
    None
}

/// The notice at the end of a page that had no body end tag (a fragment): appended
/// in a footer of its own, unless the page ends where it would be hidden.
pub(super) fn document_end(
    end: &mut lol_html::html_content::DocumentEnd,
    page: &Page,
    html: &str,
) -> lol_html::HandlerResult {
    let mut st = page.state.borrow_mut();
    st.settle(None);
    if st.placed {
        return Ok(());
    }
    st.placed = true;
    let what = Word::NoticeAppended;
    let mut problems = place_problems(&st, &page.styles, &[FOOTER, NOTICE, TEXT], what);
    if problems.is_empty() {
        problems.extend(open_at_end(html).map(|(at, opened)| {
            Problem {
                at: Where::Page(at..at),
                msg: match opened {
                    "comment" => Msg::new(Code::NoticeEndsInComment)
                        .hint("comment")
                        .arg("opened", Word::ConstructComment),
                    "CDATA section" => Msg::new(Code::NoticeEndsInComment)
                        .hint("cdata")
                        .arg("opened", Word::ConstructCdata),
                    element => Msg::new(Code::NoticeEndsInElement).arg("element", element),
                },
            }
        }));
    }
    if problems.is_empty() {
        end.append(&page.footer_block, ContentType::Html);
        st.facts.add_notice(false, page.logo.as_ref());
    }
    st.problems.extend(problems);
    Ok(())
}

#[cfg(test)]
mod tests;
