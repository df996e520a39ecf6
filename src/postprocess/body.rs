//! A Markdown body finished without lol_html: the page's rules applied to the tags
//! of HTML that fachwerk wrote itself, once, where the pass would read every byte.
//!
//! Only HTML of a shape the pass cannot read differently is finished here: every
//! `<` starts a tag of [`is_element`] written the way pulldown-cmark writes them
//! (lower-case names, one space before each attribute, every value in double
//! quotes, `" />"` only on void elements), each element closed by its own end tag,
//! no comment, no raw text, no notice marker. Such a body leaves the tokenizer in
//! the state it found it and the open elements as they were, so the notice rule
//! sees the page around it exactly as with the body in place (see
//! [`super::process_spliced`]). Anything else (raw HTML of another shape, a body
//! that is not balanced) is `None`: its page gets the whole pass, as before.

use super::{ADDRESS_ATTRIBUTES, Settings, is_url_attribute, rules};
use crate::util::html::unescape;
use lol_html::HandlerResult;
use memchr::memchr;
use std::borrow::Cow;
use std::sync::Arc;

/// A body with the page's rules applied, and what the pass would have recorded of it.
#[derive(Debug, Default)]
pub(crate) struct Finished {
    /// The body as the pass writes it.
    pub html: String,
    /// Its `id`s and `<a name>`s, as the page's facts hold them.
    pub ids: Vec<String>,
    /// Its addresses, in order.
    pub addresses: Vec<Arc<str>>,
}

/// The elements a finished body may have: what pulldown-cmark writes, and the
/// figures and table wrappers of the Markdown step. None of them hides its content,
/// holds raw text or is a landmark the notice rule looks for.
fn is_element(name: &str) -> bool {
    matches!(
        name,
        "a" | "blockquote"
            | "br"
            | "caption"
            | "code"
            | "del"
            | "div"
            | "em"
            | "figcaption"
            | "figure"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "img"
            | "li"
            | "ol"
            | "p"
            | "pre"
            | "small"
            | "span"
            | "strong"
            | "sup"
            | "table"
            | "tbody"
            | "td"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// The void elements of [`is_element`].
fn is_void(name: &str) -> bool {
    matches!(name, "br" | "hr" | "img")
}

/// One start tag of the body, changed by the rules as lol_html's elements are.
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<(&'a str, Cow<'a, str>)>,
    self_closing: bool,
    /// The source text, written as it was while nothing changed.
    raw: &'a str,
    changed: bool,
    before: String,
    after: String,
    append: String,
}

impl rules::Edit for Tag<'_> {
    fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    }
    fn has_attr(&self, name: &str) -> bool {
        self.attrs.iter().any(|(n, _)| *n == name)
    }
    fn set_attr(&mut self, name: &str, value: &str) -> HandlerResult {
        self.changed = true;
        match self.attrs.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => *v = Cow::Owned(value.to_string()),
            None => {
                // Only the rules' own names are added; an unknown one would need
                // lol_html's checks of attribute names.
                let name = KNOWN_NAMES
                    .iter()
                    .find(|n| **n == name)
                    .ok_or("unexpected attribute name")?;
                self.attrs.push((name, Cow::Owned(value.to_string())));
            }
        }
        Ok(())
    }
    fn remove_attr(&mut self, name: &str) {
        let before = self.attrs.len();
        self.attrs.retain(|(n, _)| *n != name);
        self.changed |= self.attrs.len() != before;
    }
    fn each_attr(&self, f: &mut dyn FnMut(&str, &str)) {
        for (n, v) in &self.attrs {
            f(n, v);
        }
    }
    fn before_html(&mut self, html: &str) {
        self.before.push_str(html);
    }
    fn after_html(&mut self, html: &str) {
        self.after.push_str(html);
    }
    fn append_html(&mut self, html: &str) {
        self.append.push_str(html);
    }
}

/// The attributes the rules may add to an element.
const KNOWN_NAMES: &[&str] = &["rel", "width", "height", "loading", "decoding"];

impl Tag<'_> {
    /// Writes the start tag as lol_html serializes it: as written while unchanged,
    /// else each attribute `name="value"` with `"` escaped.
    fn write(&self, out: &mut String) {
        if !self.changed {
            out.push_str(self.raw);
            return;
        }
        out.push('<');
        out.push_str(self.name);
        for (n, v) in &self.attrs {
            out.push(' ');
            out.push_str(n);
            out.push_str("=\"");
            if v.contains('"') {
                out.push_str(&v.replace('"', "&quot;"));
            } else {
                out.push_str(v);
            }
            out.push('"');
        }
        out.push_str(match (self.self_closing, self.attrs.is_empty()) {
            (true, false) => " />",
            (true, true) => "/>",
            (false, _) => ">",
        });
    }
}

/// Reads the start tag at the start of `s` (after its `<`): name, attributes, `/>`
/// and its length with the `<`; `None` when it is not of the shape described above.
fn start_tag<'a>(s: &'a str, mut attrs: Vec<(&'a str, Cow<'a, str>)>) -> Option<Tag<'a>> {
    let b = s.as_bytes();
    let name_len = b
        .iter()
        .position(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit()))?;
    let name = &s[..name_len];
    if !is_element(name) {
        return None;
    }
    let mut at = name_len;
    attrs.clear();
    let mut self_closing = false;
    loop {
        match b.get(at)? {
            b'>' => {
                at += 1;
                break;
            }
            b' ' if s[at..].starts_with(" />") && is_void(name) => {
                self_closing = true;
                at += 3;
                break;
            }
            b' ' if b.get(at + 1).is_some_and(u8::is_ascii_lowercase) => {
                let rest = &s[at + 1..];
                let n = rest
                    .bytes()
                    .position(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'))?;
                let (attr, rest) = rest.split_at(n);
                let value = rest.strip_prefix("=\"")?;
                let end = memchr(b'"', value.as_bytes())?;
                if attrs.iter().any(|(a, _)| *a == attr) {
                    return None;
                }
                attrs.push((attr, Cow::Borrowed(&value[..end])));
                at += 1 + n + 2 + end + 1;
            }
            _ => return None,
        }
    }
    // `<` is not part of `s`: the raw tag is one byte longer.
    Some(Tag {
        name,
        self_closing,
        attrs,
        raw: &s[..at],
        changed: false,
        before: String::new(),
        after: String::new(),
        append: String::new(),
    })
}

/// An open element of the body: its name and what goes before and after its end tag.
struct Open<'a> {
    name: &'a str,
    append: String,
    after: String,
}

/// The body `html` with the page's rules applied, or `None` when it is not HTML
/// this can finish.
pub(crate) fn finish(html: &str, settings: &Settings) -> Option<Finished> {
    let label = settings.link_label.as_str();
    let mut done = Finished {
        html: String::with_capacity(html.len() + html.len() / 8),
        ..Finished::default()
    };
    let mut open: Vec<Open> = Vec::new();
    let mut attrs = Vec::new();
    let b = html.as_bytes();
    let mut pos = 0;
    while let Some(found) = memchr(b'<', &b[pos..]) {
        let lt = pos + found;
        done.html.push_str(&html[pos..lt]);
        let rest = &html[lt + 1..];
        if let Some(end) = rest.strip_prefix('/') {
            let n = memchr(b'>', end.as_bytes())?;
            let top = open.pop()?;
            if top.name != &end[..n] {
                return None;
            }
            done.html.push_str(&top.append);
            done.html.push_str(&html[lt..lt + n + 3]);
            done.html.push_str(&top.after);
            pos = lt + n + 3;
            continue;
        }
        let mut tag = start_tag(rest, std::mem::take(&mut attrs))?;
        // The raw tag with its `<`.
        tag.raw = &html[lt..lt + 1 + tag.raw.len()];
        pos = lt + tag.raw.len();
        apply(&mut tag, settings, label, &mut done).ok()?;
        done.html.push_str(&tag.before);
        tag.write(&mut done.html);
        if is_void(tag.name) {
            done.html.push_str(&tag.append);
            done.html.push_str(&tag.after);
        } else {
            open.push(Open {
                name: tag.name,
                append: tag.append,
                after: tag.after,
            });
        }
        attrs = tag.attrs;
    }
    done.html.push_str(&html[pos..]);
    open.is_empty().then_some(done)
}

/// The pass's work on one element of a body (`postprocess::element`, for the
/// elements a body can have), its facts recorded in `done`.
fn apply(tag: &mut Tag, settings: &Settings, label: &str, done: &mut Finished) -> HandlerResult {
    use rules::Edit;
    let mut has_url = false;
    for (name, _) in &tag.attrs {
        match *name {
            "data-funding-notice" => return Err("a notice marker".into()),
            n => has_url |= is_url_attribute(n),
        }
    }
    if has_url {
        let urls = &settings.urls;
        if !urls.prefix.is_empty() || !urls.assets.is_empty() {
            rules::rewrite_attributes(tag, urls)?;
        }
        if tag.name == "a"
            && let Some(href) = tag.attr("href")
        {
            rules::external_link(tag, &href, settings, label)?;
        }
    }
    if tag.name == "img" {
        rules::image(tag, settings)?;
    }
    if has_url
        && let Some((_, attr)) = ADDRESS_ATTRIBUTES.iter().find(|(t, _)| *t == tag.name)
        && let Some(v) = tag.attr(attr)
    {
        done.addresses.push(settings.addresses.intern(unescape(v)));
    }
    if let Some(id) = tag.attr("id") {
        done.ids.push(unescape(id));
    }
    if tag.name == "a"
        && let Some(name) = tag.attr("name")
    {
        done.ids.push(unescape(name));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::base_url::BaseUrl;
    use crate::content::config::FundingNotice;
    use crate::imaging::Picture;
    use crate::postprocess::{process_page, process_page_with_body, urls::Urls};
    use std::collections::HashMap;

    /// Settings with everything the rules use: a sub-path, hashed assets, image
    /// sizes and a picture.
    fn settings(base: &str) -> Settings {
        let notice = FundingNotice {
            text: "Gefördert.".into(),
            logo: Some("/logos/sn.svg".into()),
            logo_alt: Some("Sachsen".into()),
        };
        let base = BaseUrl::parse(base).unwrap();
        let mut urls = Urls::new(&base);
        urls.assets
            .insert("/dl/plan.pdf".into(), "/dl/plan.0123abcd.pdf".into());
        let picture = Picture {
            src: "/bilder/a.jpg".into(),
            width: 1600,
            height: 900,
            srcset: "/bilder/a-480w.1.webp 480w".into(),
            social: None,
        };
        Settings::new(&notice, "(externer Link)", &base)
            .with_urls(urls)
            .with_image_sizes(HashMap::from([
                ("/bilder/a.jpg".to_string(), (1600, 900)),
                ("/bilder/b.png".to_string(), (40, 30)),
            ]))
            .with_pictures(HashMap::from([("/bilder/a.jpg".to_string(), picture)]))
    }

    /// A page of a theme around `body`.
    fn page(body: &str) -> String {
        format!(
            r#"<!DOCTYPE html><html><head><link rel="stylesheet" href="/css/a.css"></head><body><nav><a href="/">Start</a></nav><main id="inhalt"><div class="prose">{body}</div></main><footer><a href="/impressum/">Impressum</a></footer></body></html>"#
        )
    }

    /// The page made with `body` finished on its own, which must be the page the
    /// whole pass makes, with the same facts; and whether it was finished so.
    fn both_ways(base: &str, html: &str, body: &str) -> bool {
        let s = settings(base);
        let whole = process_page(html, &s).unwrap();
        let mut spliced = html.to_string();
        let facts = process_page_with_body("x/index.html", &mut spliced, Some(body), &s).unwrap();
        assert_eq!(spliced, whole.0, "{body}");
        assert_eq!(facts, whole.1, "{body}");
        s.spliced() == 1
    }

    const BODIES: &[&str] = &[
        "<h2 id=\"ziele\">Ziele</h2>\n<p>Text mit <a href=\"https://ihk.example.com/a?x=1&amp;y=2\" title=\"IHK\">Link</a>, <a href=\"/projekte/#ziele\">intern</a>, <a href=\"https://fk.example.org/x/\">eigener Host</a> und <a href=\"/dl/plan.pdf\">Plan</a>.</p>\n",
        "<p><img src=\"/bilder/a.jpg\" alt=\"Foto\" /> <img src=\"/bilder/b.png\" alt=\"\" title=\"Bild: X\" /> <img src=\"https://fk.example.org/bilder/b.png\" alt=\"\" /> <img src=\"fehlt.png\" alt=\"x\" /></p>\n",
        "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"ziele\" tabindex=\"0\"><table>\n<thead><tr><th style=\"text-align: center\">A</th></tr></thead><tbody>\n<tr><td style=\"text-align: center\"><a name=\"anker\" href=\"#ziele\">B</a></td></tr>\n</tbody></table>\n</div>\n",
        "<ul>\n<li>eins<br />\nzwei</li>\n</ul>\n<hr />\n<pre><code class=\"language-rust\">let x = 1 &lt; 2;\n</code></pre>\n<blockquote>\n<p><del>alt</del> <sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n</blockquote>\n",
        "<figure><img src=\"/bilder/a.jpg\" alt=\"A\" title=\"Foto: B\" /><figcaption>Foto: B</figcaption></figure>\n",
    ];

    #[test]
    fn a_finished_body_makes_the_page_the_whole_pass_makes() {
        for base in [
            "https://fk.example.org/",
            "https://fk.example.org/unter/pfad/",
        ] {
            for body in BODIES {
                assert!(both_ways(base, &page(body), body), "not finished: {body}");
            }
            let all = BODIES.concat();
            assert!(both_ways(base, &page(&all), &all));
        }
    }

    #[test]
    fn html_of_another_shape_gets_the_whole_pass() {
        for body in [
            "<p>a</p><!-- c -->",
            "<div hidden>x</div>",
            "<div>offen",
            "<p>a</div>",
            "<script>x</script>",
            "<P>a</P>",
            "<p class='x'>a</p>",
            "<p class=x>a</p>",
            "<div data-funding-notice>x</div>",
            "<footer>x</footer>",
            "<p  class=\"x\">a</p>",
            "<p class=\"a\" class=\"b\">a</p>",
            "<div />",
        ] {
            assert!(
                finish(body, &settings("https://fk.example.org/")).is_none(),
                "{body}"
            );
            assert!(
                !both_ways("https://fk.example.org/", &page(body), body),
                "{body}"
            );
        }
        // `<br>` without the slash is fine.
        assert!(finish("<p>a<br>b</p>", &settings("https://fk.example.org/")).is_some());
    }

    #[test]
    fn a_body_where_no_elements_are_gets_the_whole_pass() {
        let body = BODIES[0];
        for html in [
            format!("<body><!-- {body} --><footer></footer></body>"),
            format!("<body><textarea>{body}</textarea><footer></footer></body>"),
            format!("<body><svg>{body}</svg><footer></footer></body>"),
            format!("<body><div data-funding-notice>{body}</div><footer></footer></body>"),
            // The place the pass leaves for the body would not be the only one.
            format!("<body><!--fachwerk:body--><div>{body}</div><footer></footer></body>"),
        ] {
            assert!(!both_ways("https://fk.example.org/", &html, body), "{html}");
        }
        // Shown twice, it is finished once and the other is read by the pass.
        let html = page(&format!("{body}</div><div>{body}"));
        assert!(both_ways("https://fk.example.org/", &html, body));
    }
}
