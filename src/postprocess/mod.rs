//! The guarantees on every HTML file of the output, templates' and static/'s alike
//! (lol_html, streaming, one pass per page):
//!
//! - the funding notice: every element marked `data-funding-notice` gets the site's
//!   notice as content; where a page has no page-level marker, the notice is inserted
//!   at the end of the page footer (`body > footer`), else before `</body>`, else at
//!   the end of the document. Templates choose the place; fachwerk owns the text.
//!   A marker `data-funding-notice="project"` states it once more beside a project.
//! - external links are marked for screen readers and get `rel="external"`;
//! - images load lazily and decode asynchronously, and get their `width` and
//!   `height` (read by [`crate::images`]) so that nothing shifts while they load;
//! - root-relative URLs in `href`, `src`, `srcset`, `action`, `poster` (and the
//!   other URL attributes, `style`'s `url()`) move under the site's base path, and
//!   references to CSS and JS files get their hashed names ([`crate::urls`]).

mod facts;

pub use facts::PageFacts;
pub(crate) use facts::{ADDRESS_ATTRIBUTES, unescape};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::images::Size;
use crate::output::{Content, OutputFile};
use crate::urls::Urls;
use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, element, end, rewrite_str};
use memchr::memmem;
use rayon::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// What the post-processing pass needs to know about the site.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Inner HTML of a notice element: logo and text, escaped.
    pub notice_inner: String,
    /// Visually hidden label appended to external links, e.g. "(externer Link)".
    pub external_label: String,
    /// Host of the site; links to it are internal.
    pub site_host: String,
    /// Intrinsic sizes of the site's images by root-relative URL.
    pub image_sizes: HashMap<String, Size>,
    /// Base path and hashed assets; root-relative URLs are rewritten with it.
    pub urls: Urls,
    /// The final address of the notice's logo: the lints check it on every page.
    notice_logo: Option<String>,
    notice: crate::config::FundingNotice,
}

impl Settings {
    /// Builds the settings from the site's notice and strings.
    pub fn new(
        notice: &crate::config::FundingNotice,
        external_label: &str,
        base_url: &str,
    ) -> Settings {
        let urls = Urls::new(base_url);
        Settings {
            notice_inner: notice_inner(notice, &urls),
            external_label: external_label.to_string(),
            site_host: host_of(base_url).unwrap_or_default(),
            image_sizes: HashMap::new(),
            notice_logo: notice_logo(notice, &urls),
            urls,
            notice: notice.clone(),
        }
    }

    /// Uses `urls` (base path and hashed assets) for every URL of the output.
    pub fn with_urls(mut self, urls: Urls) -> Settings {
        let inner = notice_inner(&self.notice, &urls);
        self.notice_logo = notice_logo(&self.notice, &urls);
        self.notice_inner =
            add_size_to_img(&inner, &self.image_sizes, &self.site_host, &urls.prefix);
        self.urls = urls;
        self
    }

    /// Adds the images' sizes, also to the logo of the funding notice.
    pub fn with_image_sizes(mut self, sizes: HashMap<String, Size>) -> Settings {
        self.notice_inner = add_size_to_img(
            &self.notice_inner,
            &sizes,
            &self.site_host,
            &self.urls.prefix,
        );
        self.image_sizes = sizes;
        self
    }

    fn size_of(&self, src: &str) -> Option<Size> {
        image_size(src, &self.image_sizes, &self.site_host, &self.urls.prefix)
    }

    fn notice_block(&self) -> String {
        format!(
            r#"<div class="funding-notice" data-funding-notice>{}</div>"#,
            self.notice_inner
        )
    }
}

/// The logo's address as the pages show it.
fn notice_logo(notice: &crate::config::FundingNotice, urls: &Urls) -> Option<String> {
    let logo = notice.logo.as_ref()?;
    Some(urls.rewrite(logo).unwrap_or_else(|| logo.clone()))
}

/// Logo and text of the notice, as inserted into each notice element (which the
/// rewriting pass does not visit again, so the logo's URL is final here).
fn notice_inner(notice: &crate::config::FundingNotice, urls: &Urls) -> String {
    let mut inner = String::new();
    if let Some(src) = notice_logo(notice, urls) {
        inner.push_str(&format!(
            r#"<img class="funding-notice__logo" src="{}" alt="{}" loading="lazy" decoding="async"> "#,
            escape(&src),
            escape(notice.logo_alt.as_deref().unwrap_or(""))
        ));
    }
    // The default text is the German legal sentence; on an English site it must be
    // marked as German, or screen readers read it with English pronunciation
    // (WCAG 3.1.2). On a German page the attribute repeats the page's language.
    let lang = if notice.text.trim() == crate::config::DEFAULT_FUNDING_TEXT {
        r#" lang="de""#
    } else {
        ""
    };
    inner.push_str(&format!(
        r#"<span class="funding-notice__text"{lang}>{}</span>"#,
        escape(notice.text.trim())
    ));
    inner
}

/// Attributes that hold one URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "background",
    "xlink:href",
    "data-src",
    "data-href",
    "data-url",
];

/// True for the attributes whose URLs are rewritten.
fn is_url_attribute(name: &str) -> bool {
    matches!(name, "srcset" | "imagesrcset" | "style") || URL_ATTRIBUTES.contains(&name)
}

/// Rewrites the URLs of one element's attributes (see [`Urls`]): those of
/// [`URL_ATTRIBUTES`], `srcset`, `imagesrcset` and `style`.
fn rewrite_attributes(el: &mut lol_html::html_content::Element, urls: &Urls) -> Result<(), String> {
    let mut changes = Vec::new();
    for attr in el.attributes() {
        let (name, value) = (attr.name(), attr.value());
        let new = match name.as_str() {
            "srcset" | "imagesrcset" => urls.rewrite_srcset(&value),
            "style" => urls.rewrite_css(&value),
            n if URL_ATTRIBUTES.contains(&n) => urls.rewrite(&value),
            _ => None,
        };
        if let Some(new) = new {
            changes.push((name, new));
        }
    }
    for (name, value) in changes {
        el.set_attribute(&name, &value).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `https://www.example.org:8080/x` → `www.example.org:8080`.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    Some(host.to_ascii_lowercase())
}

/// Post-processes every HTML file of the output, in parallel, and returns what it
/// saw of each page (by output path) for the lints.
pub fn process_all(
    files: &mut [OutputFile],
    settings: &Settings,
) -> Result<HashMap<String, PageFacts>, Diagnostics> {
    let results: Vec<Result<(String, PageFacts), (String, String)>> = files
        .par_iter_mut()
        .filter_map(|f| match &mut f.content {
            Content::Html(html) => Some(match process_page(html, settings) {
                Ok((out, facts)) => {
                    *html = out;
                    Ok((f.path.clone(), facts))
                }
                Err(e) => Err((f.path.clone(), e)),
            }),
            _ => None,
        })
        .collect();
    let mut facts = HashMap::with_capacity(results.len());
    let mut errors = Diagnostics::new();
    for r in results {
        match r {
            Ok((path, f)) => {
                facts.insert(path, f);
            }
            Err((path, e)) => errors.push(Diagnostic::error(
                path,
                format!("cannot process the HTML: {e}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(facts)
    } else {
        Err(errors)
    }
}

/// Post-processes one HTML document.
pub fn process(html: &str, settings: &Settings) -> Result<String, String> {
    process_page(html, settings).map(|(out, _)| out)
}

/// Post-processes one HTML document in one streaming pass, recording its facts.
///
/// One handler sees every element and does all per-element work, dispatching on
/// the attributes in Rust: lol_html's selector matching costs per selector and
/// element, so one `*` beats a dozen attribute selectors (measured: ~2× faster).
pub(crate) fn process_page(html: &str, settings: &Settings) -> Result<(String, PageFacts), String> {
    // A page-level marker seen before the footer ends sets `placed` in the pass
    // itself. Only a marker that may stand after the first `</footer` (or a page
    // without one) needs a look ahead: an extra pass that counts the markers.
    let marker_ahead = match (
        memmem::rfind(html.as_bytes(), b"data-funding-notice"),
        memmem::find(html.as_bytes(), b"</footer"),
    ) {
        (None, _) => false,
        (Some(marker), Some(footer_end)) => marker > footer_end,
        (Some(_), None) => true,
    };
    let has_marker = marker_ahead && count_notices(html).0 > 0;
    let placed = Rc::new(Cell::new(has_marker));
    let facts = Rc::new(RefCell::new(PageFacts::default()));
    let logo = settings.notice_logo.as_deref();
    let block = Rc::new(settings.notice_block());
    let label = format!(
        r#" <span class="visually-hidden">{}</span>"#,
        escape(&settings.external_label)
    );
    // Set inside a notice marker, whose own content the notice replaces: what stood
    // there is not part of the page.
    let replaced = Rc::new(Cell::new(false));

    let mut rs = RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
        if replaced.get() {
            return Ok(());
        }
        element(el, settings, &label, &facts, &placed, &replaced)
    }));
    for selector in ["body > footer", "body"] {
        let (p, f, b) = (placed.clone(), facts.clone(), block.clone());
        let logo = logo.map(String::from);
        rs = rs.append_element_content_handler(element!(selector, move |el| {
            if let Some(h) = el.end_tag_handlers() {
                h.push(insert_before_end(
                    p.clone(),
                    f.clone(),
                    b.clone(),
                    logo.clone(),
                ));
            }
            Ok(())
        }));
    }
    let (p3, f3, b3) = (placed.clone(), facts.clone(), block.clone());
    rs = rs.append_document_content_handler(end!(move |end| {
        if !p3.get() {
            end.append(&b3, ContentType::Html);
            f3.borrow_mut().add_notice(false, logo);
        }
        Ok(())
    }));
    let out = rewrite(html, rs)?;
    let facts = facts.take();
    Ok((out, facts))
}

/// `lol_html::rewrite_str` with the output collected as bytes and checked as UTF-8
/// once (instead of chunk by chunk: a tenth of the pass's time).
fn rewrite(html: &str, settings: RewriteStrSettings) -> Result<String, String> {
    let settings = lol_html::Settings::from(settings)
        .with_adjust_charset_on_meta_tag(false)
        .with_encoding(lol_html::AsciiCompatibleEncoding::utf_8());
    let mut out = Vec::with_capacity(html.len() + html.len() / 8);
    let mut rewriter = lol_html::HtmlRewriter::new(settings, |chunk: &[u8]| {
        out.extend_from_slice(chunk);
    });
    rewriter.write(html.as_bytes()).map_err(|e| e.to_string())?;
    rewriter.end().map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// The work on one element (outside notice markers): URLs under the base path and
/// hashed asset names, external links, image sizes, the notice, and the facts.
fn element(
    el: &mut Element,
    settings: &Settings,
    label: &str,
    facts: &RefCell<PageFacts>,
    placed: &Rc<Cell<bool>>,
    replaced: &Rc<Cell<bool>>,
) -> lol_html::HandlerResult {
    let mut id = None;
    let mut name = None;
    let mut marker = None;
    let mut has_url = false;
    for attr in el.attributes() {
        match attr.name().as_str() {
            "id" => id = Some(attr.value()),
            "name" => name = Some(attr.value()),
            "data-funding-notice" => marker = Some(attr.value()),
            n => has_url |= is_url_attribute(n),
        }
    }
    // Attribute-free elements are most of a page; only `<img>` needs work then.
    let tag = if has_url || name.is_some() || el.attributes().is_empty() {
        el.tag_name()
    } else {
        String::new()
    };
    if has_url {
        let urls = &settings.urls;
        if !urls.prefix.is_empty() || !urls.assets.is_empty() {
            rewrite_attributes(el, urls)?;
        }
        if tag == "a"
            && let Some(href) = el.get_attribute("href")
        {
            external_link(el, &href, settings, label)?;
        }
    }
    if tag == "img" {
        image(el, settings)?;
    }
    let mut f = facts.borrow_mut();
    if has_url
        && let Some((_, attr)) = ADDRESS_ATTRIBUTES.iter().find(|(t, _)| *t == tag)
        && let Some(v) = el.get_attribute(attr)
    {
        f.addresses.push(facts::unescape(v));
    }
    if let Some(id) = id {
        f.ids.insert(facts::unescape(id));
    }
    if tag == "a"
        && let Some(name) = name
    {
        f.ids.insert(facts::unescape(name));
    }
    if let Some(value) = marker {
        let project = value == "project";
        if !project {
            placed.set(true);
        }
        f.add_notice(project, settings.notice_logo.as_deref());
        el.set_inner_content(&settings.notice_inner, ContentType::Html);
        if let Some(h) = el.end_tag_handlers() {
            replaced.set(true);
            h.push(end_of_marker(replaced.clone()));
        }
    }
    Ok(())
}

/// Marks a link to another host for screen readers and as `rel="external"`.
fn external_link(
    el: &mut Element,
    href: &str,
    settings: &Settings,
    label: &str,
) -> lol_html::HandlerResult {
    if host_of(href).is_some_and(|h| h != settings.site_host) {
        let rel = el.get_attribute("rel").unwrap_or_default();
        if !rel.split_whitespace().any(|r| r == "external") {
            let rel = if rel.is_empty() {
                "external".to_string()
            } else {
                format!("{rel} external")
            };
            el.set_attribute("rel", &rel)?;
        }
        el.append(label, ContentType::Html);
    }
    Ok(())
}

/// Sizes for the site's own images; lazy loading and async decoding for all.
fn image(el: &mut Element, settings: &Settings) -> lol_html::HandlerResult {
    if !el.has_attribute("width")
        && !el.has_attribute("height")
        && let Some((w, h)) = el.get_attribute("src").and_then(|s| settings.size_of(&s))
    {
        el.set_attribute("width", &w.to_string())?;
        el.set_attribute("height", &h.to_string())?;
    }
    if !el.has_attribute("loading") {
        el.set_attribute("loading", "lazy")?;
    }
    if !el.has_attribute("decoding") {
        el.set_attribute("decoding", "async")?;
    }
    Ok(())
}

/// The size of the image at `src`, if it is one of the site's.
fn image_size(
    src: &str,
    sizes: &HashMap<String, Size>,
    site_host: &str,
    prefix: &str,
) -> Option<Size> {
    let path = match host_of(src) {
        Some(h) if h == site_host => {
            let rest = src.split_once("//").map_or(src, |(_, r)| r);
            rest.find('/').map_or("/", |i| &rest[i..])
        }
        Some(_) => return None,
        None => src,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    // Under a sub-path, a URL that was already moved there names the same image.
    let path = path
        .strip_prefix(prefix)
        .filter(|p| !prefix.is_empty() && p.starts_with('/'))
        .unwrap_or(path);
    if path.contains(['&', '%']) {
        // The sizes are by file path; URLs of files are percent-encoded, and may
        // be written with character references.
        let path = crate::urls::decode(&facts::unescape(path.to_string())).into_owned();
        return sizes.get(&path).copied();
    }
    sizes.get(path).copied()
}

/// Gives the `<img>` elements of an HTML fragment their sizes (for the notice's logo,
/// which is inserted after the elements of a page are rewritten).
fn add_size_to_img(
    html: &str,
    sizes: &HashMap<String, Size>,
    site_host: &str,
    prefix: &str,
) -> String {
    let handler = element!("img", |el| {
        if let Some((w, h)) = el
            .get_attribute("src")
            .and_then(|s| image_size(&s, sizes, site_host, prefix))
        {
            el.set_attribute("width", &w.to_string())?;
            el.set_attribute("height", &h.to_string())?;
        }
        Ok(())
    });
    let settings = RewriteStrSettings::new().append_element_content_handler(handler);
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// An end-tag handler that ends a notice marker's replaced content.
fn end_of_marker(replaced: Rc<Cell<bool>>) -> lol_html::EndTagHandler<'static> {
    Box::new(move |_| {
        replaced.set(false);
        Ok(())
    })
}

/// An end-tag handler that puts the notice before the tag unless a notice is placed.
fn insert_before_end(
    placed: Rc<Cell<bool>>,
    facts: Rc<RefCell<PageFacts>>,
    block: Rc<String>,
    logo: Option<String>,
) -> lol_html::EndTagHandler<'static> {
    Box::new(move |end| {
        if !placed.get() {
            end.before(&block, ContentType::Html);
            placed.set(true);
            facts.borrow_mut().add_notice(false, logo.as_deref());
        }
        Ok(())
    })
}

/// Counts funding-notice markers: (page-level, beside a project). Used by the
/// post-processing pass, `check`, and the tests.
pub fn count_notices(html: &str) -> (usize, usize) {
    let page = Cell::new(0);
    let project = Cell::new(0);
    let settings = RewriteStrSettings::new().append_element_content_handler(element!(
        "[data-funding-notice]",
        |el| {
            match el.get_attribute("data-funding-notice").as_deref() {
                Some("project") => project.set(project.get() + 1),
                _ => page.set(page.get() + 1),
            }
            Ok(())
        }
    ));
    let _ = rewrite_str(html, settings);
    (page.get(), project.get())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::FundingNotice;

    fn settings() -> Settings {
        let notice = FundingNotice {
            text: "Gefördert & gut.".into(),
            logo: Some("/logos/sn.svg".into()),
            logo_alt: Some("Freistaat Sachsen".into()),
        };
        Settings::new(&notice, "(externer Link)", "https://fk.example.org/")
    }

    #[test]
    fn inserts_notice_into_footer_once() {
        let out = process(
            "<html><body><main></main><footer><p>Impressum</p></footer></body></html>",
            &settings(),
        )
        .unwrap();
        assert_eq!(count_notices(&out), (1, 0));
        let footer = &out[out.find("<footer>").unwrap()..out.find("</footer>").unwrap()];
        assert!(footer.contains("Gefördert &amp; gut."), "{out}");
        assert!(footer.contains(r#"alt="Freistaat Sachsen""#), "{out}");
    }

    #[test]
    fn the_german_default_text_is_marked_as_german() {
        let notice = FundingNotice {
            text: crate::config::DEFAULT_FUNDING_TEXT.into(),
            logo: None,
            logo_alt: None,
        };
        let s = Settings::new(&notice, "(external link)", "https://fk.example.org/");
        assert!(
            s.notice_inner
                .starts_with(r#"<span class="funding-notice__text" lang="de">Diese Maßnahme"#),
            "{}",
            s.notice_inner
        );
        // A text of the site's own is in the site's language.
        assert!(!settings().notice_inner.contains("lang="));
    }

    #[test]
    fn fills_template_marker_without_adding_another() {
        let html = r#"<body><footer><div data-funding-notice>old</div></footer><p data-funding-notice="project"></p></body>"#;
        let out = process(html, &settings()).unwrap();
        assert_eq!(count_notices(&out), (1, 1));
        assert!(!out.contains("old"));
        assert_eq!(out.matches("Gefördert").count(), 2);
    }

    #[test]
    fn marker_after_footer_is_respected() {
        let html = r#"<body><footer></footer><div data-funding-notice></div></body>"#;
        assert_eq!(count_notices(&process(html, &settings()).unwrap()), (1, 0));
    }

    #[test]
    fn only_a_real_page_marker_counts_as_placed() {
        // A project marker before the footer is not the page's notice.
        let html = r#"<body><p data-funding-notice="project"></p><footer></footer></body>"#;
        assert_eq!(count_notices(&process(html, &settings()).unwrap()), (1, 1));
        // The attribute's name in text or a comment after the footer is no marker.
        for tail in [
            "<p>&lt;div data-funding-notice&gt;</p>",
            "<!-- <div data-funding-notice> -->",
        ] {
            let html = format!("<body><main></main><footer><p>x</p></footer>{tail}</body>");
            let out = process(&html, &settings()).unwrap();
            assert_eq!(count_notices(&out), (1, 0), "{out}");
        }
        // A marker after a nested footer (inside main) is found by the look ahead.
        let html = r#"<body><main><blockquote><footer>Quelle</footer></blockquote></main><footer></footer><div data-funding-notice></div></body>"#;
        assert_eq!(count_notices(&process(html, &settings()).unwrap()), (1, 0));
    }

    #[test]
    fn falls_back_to_body_end_and_document_end() {
        let out = process("<html><body><p>x</p></body></html>", &settings()).unwrap();
        assert!(out.find("data-funding-notice").unwrap() < out.find("</body>").unwrap());
        let frag = process("<p>nur ein Fragment</p>", &settings()).unwrap();
        assert_eq!(count_notices(&frag), (1, 0));
        assert!(frag.ends_with("</div>"));
    }

    #[test]
    fn images_of_the_site_get_their_size() {
        let sizes = HashMap::from([
            ("/logos/sn.svg".to_string(), (160, 64)),
            ("/images/a.png".to_string(), (800, 450)),
        ]);
        let s = settings().with_image_sizes(sizes);
        let out = process(
            r#"<body><img src="/images/a.png?v=1" alt="A"><img src="https://fk.example.org/images/a.png" alt=""><img src="/images/a.png" width="400" alt=""><img src="/fehlt.png" alt=""><footer></footer></body>"#,
            &s,
        )
        .unwrap();
        assert_eq!(
            out.matches(r#"width="800" height="450""#).count(),
            2,
            "{out}"
        );
        assert!(out.contains(r#"width="400" alt="""#), "{out}");
        assert!(
            out.contains(r#"<img src="/fehlt.png" alt="" loading"#),
            "{out}"
        );
        assert!(out.contains(r#"src="/logos/sn.svg" alt="Freistaat Sachsen" loading="lazy" decoding="async" width="160" height="64""#), "{out}");
    }

    #[test]
    fn marks_external_links_and_lazy_images() {
        let out = process(
            r#"<body><a href="https://ihk.example.com/">IHK</a><a href="https://fk.example.org/x/">intern</a><a href="/projekte/">P</a><img src="a.png" alt=""></body>"#,
            &settings(),
        )
        .unwrap();
        assert!(out.contains(r#"<a href="https://ihk.example.com/" rel="external">IHK <span class="visually-hidden">(externer Link)</span></a>"#), "{out}");
        assert!(
            out.contains(r#"<a href="https://fk.example.org/x/">intern</a>"#),
            "{out}"
        );
        assert!(out.contains(r#"loading="lazy""#) && out.contains(r#"decoding="async""#));
    }

    #[test]
    fn urls_move_under_the_base_path_and_assets_get_their_hashed_names() {
        let mut urls = Urls::new("https://www.landkreis.de/fka/");
        urls.assets.insert(
            "/css/fachwerk.css".into(),
            "/css/fachwerk.0123abcd.css".into(),
        );
        urls.assets
            .insert("/js/consent.js".into(), "/js/consent.89abcdef.js".into());
        let s = settings().with_urls(urls);
        let out = process(
            r#"<head><link rel="stylesheet" href="/css/fachwerk.css"></head><body><a href="/projekte/#x">P</a><a href="https://www.landkreis.de/">LRA</a><img src="/a.png" srcset="/a.png 1x, /b.png 2x" alt=""><form action="/suche/"></form><div style="background:url(/bg.svg)" data-src="/js/consent.js" data-other="/projekte/"></div><footer></footer></body>"#,
            &s,
        )
        .unwrap();
        for expected in [
            r#"href="/fka/css/fachwerk.0123abcd.css""#,
            r#"href="/fka/projekte/#x""#,
            r#"href="https://www.landkreis.de/""#,
            r#"srcset="/fka/a.png 1x, /fka/b.png 2x""#,
            r#"action="/fka/suche/""#,
            r#"style="background:url(/fka/bg.svg)""#,
            r#"data-src="/fka/js/consent.89abcdef.js""#,
            r#"data-other="/projekte/""#,
            r#"class="funding-notice__logo" src="/fka/logos/sn.svg""#,
        ] {
            assert!(out.contains(expected), "{expected} missing in {out}");
        }
    }
}
