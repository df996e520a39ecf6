//! The raw HTML of a Markdown body stays inside the body. Editors may write tables,
//! `<details>`, `<abbr>`, `<sup>`, `<br>`, a `<div>` or `<span>` with a class, but
//! nothing that can swallow, restyle or hide the page around the text, whose footer
//! carries the funding notice:
//!
//! - no `<style>`, `<script>`, `<link>`, `<meta>`, `<base>`, `<template>`,
//!   `<plaintext>`, frames or embedded documents, no event handlers (`onclick`) or
//!   `javascript:` addresses, no funding-notice markers;
//! - every element it opens it closes, and it closes none it did not open (an
//!   unclosed `<textarea>` or `<div hidden>`, or a `</main>` would reach the footer);
//! - every comment ends (an unclosed `<!--` hides the rest of the page);
//! - no `style` attribute that hides or moves things ([`crate::css`]).
//!
//! Elements whose end tag HTML lets one leave out (`<p>`, `<li>`, `<td>` …) need
//! none. The tokenizer is html5gum's (WHATWG's rules, raw text included), run on the
//! raw HTML alone: Markdown's own output is well formed.

use crate::diagnostic::Code;
use crate::messages::Msg;
use html5gum::{DefaultEmitter, Error, Token, Tokenizer};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// One mistake: byte offset in the body and the catalogue message.
pub(crate) type Problem = (usize, Msg);

/// Watches the raw HTML events of one body.
#[derive(Default)]
pub(crate) struct Guard {
    /// Elements the raw HTML opened and has not closed: name, offset.
    open: Vec<(String, usize)>,
    problems: Vec<Problem>,
    /// The HTML block being collected: its text and where each line of it starts
    /// in the text and in the body.
    block: Option<(String, Vec<(usize, usize)>)>,
}

/// Elements that are never allowed in a body: the message that says why.
fn forbidden(name: &str) -> Option<Code> {
    Some(match name {
        "style" | "link" => Code::HtmlRestyle,
        "script" => Code::HtmlScript,
        "meta" | "base" | "title" | "html" | "head" | "body" => Code::HtmlPageFrame,
        "template" => Code::HtmlTemplate,
        "plaintext" | "xmp" | "noembed" | "noframes" => Code::HtmlPlaintext,
        "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "portal" => {
            Code::HtmlEmbed
        }
        _ => return None,
    })
}

/// Elements without content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
    )
}

/// Elements whose end tag may be left out.
fn end_optional(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "dt"
            | "dd"
            | "rt"
            | "rp"
            | "rb"
            | "rtc"
            | "optgroup"
            | "option"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
    )
}

/// Whether a start tag `name` ends an open `top` whose end tag was left out.
fn closes(top: &str, name: &str) -> bool {
    match top {
        "li" => name == "li",
        "dt" | "dd" => matches!(name, "dt" | "dd"),
        "td" | "th" => matches!(name, "td" | "th" | "tr"),
        "tr" => name == "tr",
        "thead" | "tbody" | "tfoot" => matches!(name, "thead" | "tbody" | "tfoot"),
        "option" => matches!(name, "option" | "optgroup"),
        "p" => matches!(
            name,
            "address"
                | "article"
                | "aside"
                | "blockquote"
                | "details"
                | "div"
                | "dl"
                | "fieldset"
                | "figcaption"
                | "figure"
                | "footer"
                | "form"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "header"
                | "hgroup"
                | "hr"
                | "main"
                | "menu"
                | "nav"
                | "ol"
                | "p"
                | "pre"
                | "section"
                | "table"
                | "ul"
        ),
        _ => false,
    }
}

/// Elements whose text is raw: left open, they swallow the rest of the page.
fn is_raw_text(name: &str) -> bool {
    matches!(name, "textarea" | "noscript" | "select")
}

impl Guard {
    /// Takes the next event of the body and its byte range.
    pub(super) fn event(&mut self, event: &Event, range: Range<usize>) {
        match event {
            Event::Start(Tag::HtmlBlock) => self.block = Some((String::new(), Vec::new())),
            Event::Html(html) => match self.block.as_mut() {
                Some((text, starts)) => {
                    starts.push((text.len(), range.start));
                    text.push_str(html);
                }
                None => self.tokenize(html, &[(0, range.start)]),
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((text, starts)) = self.block.take() {
                    self.tokenize(&text, &starts);
                }
            }
            Event::InlineHtml(html) => self.tokenize(html, &[(0, range.start)]),
            _ => {}
        }
    }

    /// The mistakes of the body, in order.
    pub(super) fn finish(mut self) -> Vec<Problem> {
        while let Some((name, at)) = self.open.pop() {
            if end_optional(&name) {
                continue;
            }
            let code = if is_raw_text(&name) {
                Code::HtmlUnclosedRaw
            } else {
                Code::HtmlUnclosed
            };
            self.problems.push((at, Msg::new(code).arg("name", name)));
        }
        self.problems.sort_by_key(|p| p.0);
        self.problems
    }

    /// Checks the tokens of a piece of raw HTML; `starts` maps offsets in `text` to
    /// offsets in the body (pairs of text offset and body offset, ascending).
    fn tokenize(&mut self, text: &str, starts: &[(usize, usize)]) {
        let body = |at: usize| {
            let (from, to) = starts
                .iter()
                .rev()
                .find(|(t, _)| *t <= at)
                .copied()
                .unwrap_or((0, 0));
            to + (at - from)
        };
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        emitter.naively_switch_states(true);
        let mut unclosed_comment = false;
        for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
            match token {
                Token::Error(e) => match e.value {
                    Error::EofInComment => unclosed_comment = true,
                    Error::EofInTag => self.problems.push((
                        body(text.rfind('<').unwrap_or(0)),
                        Msg::new(Code::HtmlUnclosedTag),
                    )),
                    _ => {}
                },
                Token::Comment(c) => {
                    let start = text[..c.span.start.min(text.len())]
                        .rfind("<!")
                        .unwrap_or(c.span.start);
                    if unclosed_comment {
                        self.problems
                            .push((body(start), Msg::new(Code::HtmlUnclosedComment)));
                    } else if c.value.starts_with(b"[CDATA[") {
                        self.problems.push((body(start), Msg::new(Code::HtmlCdata)));
                    }
                }
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    let at = body(tag.span.start);
                    self.start_tag(&name, at, &tag.attributes, tag.self_closing);
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    self.end_tag(&name, body(tag.span.start));
                }
                _ => {}
            }
        }
    }

    fn start_tag(
        &mut self,
        name: &str,
        at: usize,
        attributes: &std::collections::BTreeMap<
            html5gum::HtmlString,
            html5gum::Spanned<html5gum::HtmlString, usize>,
        >,
        self_closing: bool,
    ) {
        if let Some(code) = forbidden(name) {
            self.problems.push((at, Msg::new(code).arg("name", name)));
            return;
        }
        for (attr, value) in attributes {
            let attr = String::from_utf8_lossy(attr).to_ascii_lowercase();
            let value = String::from_utf8_lossy(value);
            if let Some(msg) = attribute_problem(name, &attr, &value) {
                self.problems.push((at, msg));
            }
        }
        while self.open.last().is_some_and(|(top, _)| closes(top, name)) {
            self.open.pop();
        }
        let foreign = self
            .open
            .iter()
            .any(|(n, _)| matches!(n.as_str(), "svg" | "math"));
        if !is_void(name) && !(self_closing && (foreign || matches!(name, "svg" | "math"))) {
            self.open.push((name.to_string(), at));
        }
    }

    fn end_tag(&mut self, name: &str, at: usize) {
        match self.open.iter().rposition(|(n, _)| n == name) {
            // Closes what it opened (and what was left open inside, as browsers do).
            Some(i) => self.open.truncate(i),
            // `</p>` and `</br>` alone make an empty paragraph or a line break.
            None if matches!(name, "p" | "br") => {}
            None => self
                .problems
                .push((at, Msg::new(Code::HtmlStrayClose).arg("name", name))),
        }
    }
}

/// A mistake in one attribute.
fn attribute_problem(tag: &str, attr: &str, value: &str) -> Option<Msg> {
    if attr.starts_with("on") && attr.len() > 2 {
        return Some(
            Msg::new(Code::HtmlEventAttribute)
                .arg("attr", attr)
                .arg("tag", tag),
        );
    }
    if attr == "data-funding-notice" {
        return Some(Msg::new(Code::HtmlNoticeAttribute));
    }
    if matches!(
        attr,
        "href" | "src" | "action" | "formaction" | "data" | "xlink:href"
    ) {
        let plain: String = value
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        if plain.to_ascii_lowercase().starts_with("javascript:") {
            return Some(Msg::new(Code::HtmlJavascriptAddress).arg("attr", attr));
        }
    }
    if attr == "style" {
        let hiding = crate::css::read_declarations(value)
            .into_iter()
            .find(|d| crate::css::hides(&d.property, &d.value));
        if let Some(d) = hiding {
            return Some(Msg::new(Code::HtmlHidingStyle).arg("style", d.shown()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    /// (offset, message) of each problem of a body.
    fn problems(body: &str) -> Vec<(usize, String)> {
        let mut guard = Guard::default();
        for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
            guard.event(&event, range);
        }
        guard
            .finish()
            .into_iter()
            .map(|(at, m)| {
                (
                    at,
                    m.error("x.md", crate::messages::Language::En)
                        .message()
                        .to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn ordinary_raw_html_passes() {
        for body in [
            "| A | B |\n|---|---|\n| 1 | 2 |\n\n<details>\n<summary>Mehr</summary>\n\nText **fett**\n\n</details>\n",
            "Die <abbr title=\"Industrie- und Handelskammer\">IHK</abbr> hat 10<sup>3</sup> Mitglieder.<br>Neu",
            "<div class=\"kasten\">\n\nText\n\n</div>\n",
            "<ul><li>a<li>b</ul>\n\n<p>offen\n\n<table><tr><th>A<td>1</table>\n",
            "<span style=\"color: #005a9c; text-align: center\">blau</span> <!-- Notiz -->",
            "<div hidden>später</div> <img src=\"/a.png\" alt=\"\"/>",
            "<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/></svg>",
            "</p> und </br>",
        ] {
            assert_eq!(problems(body), [], "{body}");
        }
    }

    #[test]
    fn what_could_reach_the_footer_is_refused() {
        for (body, at, start) in [
            (
                "Text\n\n<style>footer{display:none}</style>\n",
                6,
                "`<style>`",
            ),
            (
                "x <textarea style=\"display:none\">\n\nmehr",
                2,
                "the style `display: none`",
            ),
            ("<plaintext>\n", 0, "`<plaintext>`"),
            (
                "Text\n\n<!-- alt\n\nmehr\n",
                6,
                "this comment is never closed",
            ),
            ("<div hidden>\n\nText\n", 0, "`<div>` is opened"),
            ("Text\n\n</main><footer hidden>\n", 6, "`</main>` closes"),
            ("<template>\n", 0, "`<template>`"),
            (
                "<img src=x onerror=\"alert(1)\">",
                0,
                "the attribute `onerror`",
            ),
            (
                "<a href=\" javascript:alert(1)\">x</a>",
                0,
                "the address in `href`",
            ),
            (
                "<span data-funding-notice>x</span>",
                0,
                "the funding notice is placed",
            ),
            (
                "<p style=\"position:fixed;inset:0\">x</p>",
                0,
                "the style `position: fixed`",
            ),
            ("<svg><![CDATA[ x ]]></svg>", 5, "a CDATA section"),
            (
                "<iframe src=\"https://example.org\"></iframe>",
                0,
                "`<iframe>`",
            ),
            ("<b>fett\n", 0, "`<b>` is opened"),
        ] {
            let found = problems(body);
            assert!(
                found.iter().any(|(a, m)| *a == at && m.starts_with(start)),
                "{body:?}: expected {start} at {at}, got {found:?}"
            );
        }
    }

    #[test]
    fn an_unclosed_textarea_swallows_the_page() {
        let found = problems("Text\n\n<textarea>\n\nmehr\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("never closed"), "{found:?}");
        assert_eq!(found[0].0, 6);
    }
}
