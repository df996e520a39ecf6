//! The guarantees on every HTML file of the output, templates' and static/'s alike
//! (lol_html, streaming, one pass per page):
//!
//! - the funding notice ([`notice`]): every element marked `data-funding-notice`
//!   gets the site's notice as content; where a page has no page-level marker, the
//!   notice is inserted at the end of the page's footer (the first `<footer>` outside
//!   `article`, `aside`, `main`, `nav` and `section`), else in a
//!   `<footer role="contentinfo">` of its own before `</body>`, else at the end of
//!   the document. Templates choose the place; fachwerk owns the text, and refuses a
//!   page on which the notice would not be seen. A marker
//!   `data-funding-notice="project"` states it once more beside a project.
//! - external links are marked for screen readers and get `rel="external"`;
//! - images load lazily and decode asynchronously, and get their `width` and
//!   `height` (read by [`images`]) so that nothing shifts while they load;
//! - root-relative URLs in `href`, `src`, `srcset`, `action`, `poster` (and the
//!   other URL attributes, `style`'s `url()`) move under the site's base path, and
//!   references to CSS and JS files get their hashed names ([`urls`], [`assets`]).

pub(crate) mod assets;
mod body;
mod facts;
pub(crate) mod images;
mod locate;
mod notice;
mod rules;
pub(crate) mod urls;

pub(crate) use facts::PageFacts;
pub(crate) use locate::Sources;

use crate::content::base_url::BaseUrl;
use crate::css::Styles;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::imaging::Picture;
use crate::messages::{Language, Msg};
use crate::util::files::{Content, OutputFile};
use crate::util::html::{ADDRESS_ATTRIBUTES, escape, unescape};
use crate::util::url::host_of;
pub(crate) use images::Size;
use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, element, end, rewrite_str};
use memchr::memmem;
use rayon::prelude::*;
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use urls::Urls;

/// What the post-processing pass needs to know about the site.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// Inner HTML of a notice element: logo and text, escaped.
    pub notice_inner: String,
    /// The visually hidden label appended to external links, e.g. "(externer
    /// Link)", as appended.
    link_label: String,
    /// Host of the site; links to it are internal.
    pub site_host: String,
    /// Intrinsic sizes of the site's images by root-relative URL.
    pub image_sizes: HashMap<String, Size>,
    /// The raster images' variants by root-relative URL (the image step's plan).
    pictures: Arc<HashMap<String, Picture>>,
    /// Base path and hashed assets; root-relative URLs are rewritten with it.
    pub urls: Urls,
    /// The final address of the notice's logo: the lints check it on every page.
    notice_logo: Option<Arc<str>>,
    /// Every address recorded on the pages, each text once (most stand on every page).
    addresses: Arc<facts::Interner>,
    notice: crate::content::config::FundingNotice,
    /// On the pages of another language: the notice's rendering in it, shown after
    /// the German sentence (which then says that it is German).
    notice_translation: Option<String>,
    /// The stylesheet rules that can hide (the notice rule checks them).
    styles: Arc<Styles>,
    /// Templates and static pages, to place a problem of a page in its source.
    sources: Arc<Sources>,
    /// The notice as inserted, made from `notice_inner`.
    blocks: notice::Blocks,
    /// How many pages had their Markdown body finished without the pass.
    spliced: Arc<AtomicUsize>,
    /// Each page whose body is finished without the pass is made the whole way
    /// too, and must come out the same (`FACHWERK_VERIFY_BODIES=1`; always in the
    /// unit tests).
    verify: bool,
}

impl Settings {
    /// Builds the settings from the site's notice and strings.
    pub(crate) fn new(
        notice: &crate::content::config::FundingNotice,
        external_label: &str,
        base_url: &BaseUrl,
    ) -> Settings {
        let urls = Urls::new(base_url);
        let inner = notice_inner(notice, &urls, None);
        Settings {
            blocks: notice::Blocks::new(&inner),
            notice_inner: inner,
            link_label: link_label(external_label),
            site_host: base_url.host(),
            image_sizes: HashMap::new(),
            pictures: Arc::default(),
            notice_logo: notice_logo(notice, &urls).map(Arc::from),
            addresses: Arc::default(),
            urls,
            notice: notice.clone(),
            notice_translation: None,
            styles: Arc::new(Styles::default()),
            sources: Arc::new(Sources::default()),
            spliced: Arc::default(),
            verify: cfg!(test)
                || std::env::var_os("FACHWERK_VERIFY_BODIES")
                    .is_some_and(|v| !v.is_empty() && v != "0"),
        }
    }

    /// How many pages so far had their Markdown body finished without the pass.
    pub(crate) fn spliced(&self) -> usize {
        self.spliced.load(Ordering::Relaxed)
    }

    /// Uses the site's stylesheets (their rules that can hide) and sources (to
    /// place a problem of a page in its template or static file).
    pub(crate) fn with_sources(mut self, styles: Styles, sources: Sources) -> Settings {
        self.styles = Arc::new(styles);
        self.sources = Arc::new(sources);
        self
    }

    /// Uses `urls` (base path and hashed assets) for every URL of the output.
    pub(crate) fn with_urls(mut self, urls: Urls) -> Settings {
        let inner = notice_inner(&self.notice, &urls, self.notice_translation.as_deref());
        self.notice_logo = notice_logo(&self.notice, &urls).map(Arc::from);
        self.notice_inner =
            add_size_to_img(&inner, &self.image_sizes, &self.site_host, &urls.prefix);
        self.blocks = notice::Blocks::new(&self.notice_inner);
        self.urls = urls;
        self
    }

    /// The settings for the pages of another language than the site's main one:
    /// their own URLs move into the language's folder (`language`).
    pub(crate) fn for_language(
        mut self,
        language: Arc<crate::postprocess::urls::LanguageUrls>,
    ) -> Settings {
        self.urls.language = Some(language);
        self
    }

    /// The notice on pages in another language than German: the German sentence
    /// (marked German) followed by its rendering `translation` in the pages' language
    /// (`None`: the sentence alone).
    pub(crate) fn with_notice_translation(mut self, translation: Option<String>) -> Settings {
        self.notice_translation = translation;
        let inner = notice_inner(&self.notice, &self.urls, self.notice_translation.as_deref());
        self.notice_inner = add_size_to_img(
            &inner,
            &self.image_sizes,
            &self.site_host,
            &self.urls.prefix,
        );
        self.blocks = notice::Blocks::new(&self.notice_inner);
        self
    }

    /// Adds the images' sizes, also to the logo of the funding notice.
    pub(crate) fn with_image_sizes(mut self, sizes: HashMap<String, Size>) -> Settings {
        self.notice_inner = add_size_to_img(
            &self.notice_inner,
            &sizes,
            &self.site_host,
            &self.urls.prefix,
        );
        self.blocks = notice::Blocks::new(&self.notice_inner);
        self.image_sizes = sizes;
        self
    }

    /// Uses the image step's pictures: an `<img>` of one becomes a `<picture>`.
    pub(crate) fn with_pictures(mut self, pictures: HashMap<String, Picture>) -> Settings {
        self.pictures = Arc::new(pictures);
        self
    }

    fn size_of(&self, src: &str) -> Option<Size> {
        image_size(src, &self.image_sizes, &self.site_host, &self.urls.prefix)
    }

    fn picture_of(&self, src: &str) -> Option<&Picture> {
        if self.pictures.is_empty() {
            return None;
        }
        site_image(src, &self.pictures, &self.site_host, &self.urls.prefix)
    }
}

/// The logo's address as the pages show it.
fn notice_logo(notice: &crate::content::config::FundingNotice, urls: &Urls) -> Option<String> {
    let logo = notice.logo.as_ref()?;
    Some(urls.rewrite(logo).unwrap_or_else(|| logo.clone()))
}

/// Logo and text of the notice, as inserted into each notice element (which the
/// rewriting pass does not visit again, so the logo's URL is final here).
fn notice_inner(
    notice: &crate::content::config::FundingNotice,
    urls: &Urls,
    translation: Option<&str>,
) -> String {
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
    let lang = if translation.is_some()
        || notice.text.trim() == crate::content::config::DEFAULT_FUNDING_TEXT
    {
        r#" lang="de""#
    } else {
        ""
    };
    // The text's own style beats every stylesheet rule that styles it directly.
    inner.push_str(&format!(
        r#"<span class="funding-notice__text"{lang} style="{}">{}</span>"#,
        crate::css::TEXT_LOCK,
        escape(notice.text.trim())
    ));
    // On a page in another language, the sentence's rendering in it follows.
    if let Some(t) = translation {
        inner.push_str(&format!(
            r#" <span class="funding-notice__translation">{}</span>"#,
            escape(t.trim())
        ));
    }
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

/// What post-processing made of one HTML file: its facts, or why it failed.
pub(crate) type Processed = Result<PageFacts, PageError>;

/// Post-processes every HTML file of `files` in place, in parallel, and returns what
/// became of each, by output path: the facts for the lints, or the failure.
pub(crate) fn process_files(
    files: &mut [OutputFile],
    settings: &Settings,
) -> Vec<(String, Processed)> {
    files
        .par_iter_mut()
        .filter_map(|f| match &mut f.content {
            Content::Html(html) => Some((f.path.clone(), process_html(&f.path, html, settings))),
            _ => None,
        })
        .collect()
}

/// Post-processes the HTML of the file at `path` in place.
pub(crate) fn process_html(path: &str, html: &mut String, settings: &Settings) -> Processed {
    let (out, facts) = process_file(path, html, settings)?;
    *html = out;
    Ok(facts)
}

/// What post-processing found on every page together: the facts by output path, or
/// every error (a page on which the funding notice would not be seen fails the build,
/// at the source of the problem).
pub(crate) fn finish(
    processed: Vec<(String, Processed)>,
    settings: &Settings,
) -> Result<HashMap<String, PageFacts>, Diagnostics> {
    let mut facts = HashMap::with_capacity(processed.len());
    let mut errors = Diagnostics::new();
    let mut problems = Vec::new();
    for (path, r) in processed {
        match r {
            Ok(f) => {
                facts.insert(path, f);
            }
            Err(PageError::Rewrite(e)) => errors.push(
                Msg::new(Code::HtmlUnprocessable)
                    .arg("detail", e.to_string())
                    .error(path, Language::De),
            ),
            Err(PageError::Notice(found, html)) => problems.push((path, found, html)),
            Err(PageError::Styles(found)) => errors.extend(found),
        }
    }
    errors.extend(settings.sources.diagnostics(problems));
    if errors.is_empty() {
        Ok(facts)
    } else {
        Err(errors)
    }
}

/// Why a page could not be post-processed.
#[derive(Debug)]
pub(crate) enum PageError {
    /// lol_html could not rewrite it.
    Rewrite(String),
    /// The notice would not be seen; the page as it was, to place the problems.
    Notice(Vec<notice::Problem>, String),
    /// The page's own `<style>` elements import from another host.
    Styles(Vec<Diagnostic>),
}

/// One file of the output: a static page with `<style>` elements of its own is
/// checked against them too.
fn process_file(
    path: &str,
    html: &str,
    settings: &Settings,
) -> Result<(String, PageFacts), PageError> {
    let own = settings
        .sources
        .static_file(path)
        .and_then(|file| settings.styles.with_page(&file, html));
    match own {
        Some((_, errors)) if !errors.is_empty() => Err(PageError::Styles(errors)),
        Some((styles, _)) => process_with(html, settings, &Arc::new(styles), None),
        None => process_with(html, settings, &settings.styles, None),
    }
}

/// The hidden text after an external link whose label is `label`.
fn link_label(label: &str) -> String {
    format!(
        // The space inside the hidden span: outside it, it would be underlined
        // after the link text.
        r#"<span class="visually-hidden"> {}</span>"#,
        escape(label)
    )
}

/// The element that stands for a finished body while the pass reads the page
/// around it.
const BODY_MARKER: &str = "<fachwerk-body></fachwerk-body>";

/// What the pass puts in the marker's place: the body goes there after the pass,
/// so that the pass neither copies it nor checks its UTF-8 once more.
const BODY_PLACE: &str = "<!--fachwerk:body-->";

/// A finished body and where its marker starts in the page the pass reads.
struct Splice {
    at: usize,
    body: body::Finished,
    /// The marker was met where elements are (not in a comment, raw text, an
    /// attribute, foreign content or a notice marker's replaced content).
    put: Cell<bool>,
}

impl Splice {
    /// Puts the finished body in the marker's place, and its facts at their place
    /// among the page's.
    fn put(&self, el: &mut Element, page: &notice::Page) -> lol_html::HandlerResult {
        if el.namespace_uri() != "http://www.w3.org/1999/xhtml" {
            return Ok(());
        }
        el.replace(BODY_PLACE, ContentType::Html);
        let mut st = page.state.borrow_mut();
        st.facts
            .addresses
            .extend(self.body.addresses.iter().cloned());
        st.facts.ids.extend(self.body.ids.iter().cloned());
        self.put.set(true);
        Ok(())
    }
}

/// Post-processes the HTML of the page at `path` in place, as [`process_html`]
/// does, where `body` is the Markdown body its template shows: a body that
/// [`body::finish`] can finish is finished on its own, and the pass reads only the
/// page around it (the body is most of a page's bytes). Any other page, and any
/// page the pass refuses, gets the whole pass.
pub(crate) fn process_page_with_body(
    path: &str,
    html: &mut String,
    body: Option<&str>,
    settings: &Settings,
) -> Processed {
    let spliced = body
        .filter(|b| !b.is_empty() && settings.sources.static_file(path).is_none())
        .and_then(|b| splice(html, b, settings));
    let Some((out, facts)) = spliced else {
        return process_html(path, html, settings);
    };
    settings.spliced.fetch_add(1, Ordering::Relaxed);
    if settings.verify {
        let whole = process_file(path, html, settings)?;
        if whole != (out.clone(), facts.clone()) {
            return Err(PageError::Rewrite(format!(
                "the page made with its body finished on its own differs from the whole pass:\n{}\n---\n{out}",
                whole.0
            )));
        }
    }
    *html = out;
    Ok(facts)
}

/// The page `html` made with `body` (found in it) finished on its own, or `None`.
fn splice(html: &str, body: &str, settings: &Settings) -> Option<(String, PageFacts)> {
    // A finder for the whole body would cost more than the search (Two-Way's
    // set-up reads the needle): its start is found, then the rest compared.
    let head = &body.as_bytes()[..body.len().min(64)];
    let at = memmem::find_iter(html.as_bytes(), head)
        .find(|&at| html.as_bytes()[at..].starts_with(body.as_bytes()))?;
    let finished = body::finish(body, settings)?;
    let mut around = String::with_capacity(html.len() - body.len() + BODY_MARKER.len());
    around.push_str(&html[..at]);
    around.push_str(BODY_MARKER);
    around.push_str(&html[at + body.len()..]);
    // The place the pass leaves for the body must be the only one in its output:
    // not in the page already, and not made by what the pass adds.
    if memmem::find(around.as_bytes(), BODY_PLACE.as_bytes()).is_some() {
        return None;
    }
    let splice = Splice {
        at,
        body: finished,
        put: Cell::new(false),
    };
    let (out, facts) = process_with(&around, settings, &settings.styles, Some(&splice)).ok()?;
    if !splice.put.get() {
        return None;
    }
    let place = memmem::find(out.as_bytes(), BODY_PLACE.as_bytes())?;
    let after = place + BODY_PLACE.len();
    if memmem::find(&out.as_bytes()[after..], BODY_PLACE.as_bytes()).is_some() {
        return None;
    }
    let body = splice.body.html;
    let mut page = String::with_capacity(out.len() - BODY_PLACE.len() + body.len());
    page.push_str(&out[..place]);
    page.push_str(&body);
    page.push_str(&out[after..]);
    Some((page, facts))
}

/// Post-processes one HTML document.
#[cfg(test)]
pub(crate) fn process(html: &str, settings: &Settings) -> Result<String, String> {
    process_page(html, settings)
        .map(|(out, _)| out)
        .map_err(|e| format!("{e:?}"))
}

/// Post-processes one HTML document in one streaming pass, recording its facts.
#[cfg(test)]
pub(crate) fn process_page(
    html: &str,
    settings: &Settings,
) -> Result<(String, PageFacts), PageError> {
    process_with(html, settings, &settings.styles, None)
}

/// [`process_page`] with the stylesheet rules of the page.
///
/// One handler sees every element and does all per-element work, dispatching on
/// the attributes in Rust: lol_html's selector matching costs per selector and
/// element, so one `*` beats a dozen attribute selectors (measured: ~2× faster).
fn process_with(
    html: &str,
    settings: &Settings,
    styles: &Arc<Styles>,
    splice: Option<&Splice>,
) -> Result<(String, PageFacts), PageError> {
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
    let page = notice::Page::new(
        styles.clone(),
        &settings.blocks,
        settings.notice_logo.clone(),
        has_marker,
        &settings.site_host,
    );
    let label = &settings.link_label;
    let end_page = page.clone();
    let rs = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", |el| {
            if page.state.borrow().replaced {
                return Ok(());
            }
            if let Some(splice) = splice
                && el.source_location().bytes().start == splice.at
            {
                return splice.put(el, &page);
            }
            element(el, html, settings, label, &page)
        }))
        .append_document_content_handler(end!(move |end| notice::document_end(
            end, &end_page, html
        )));
    let out = rewrite(html, rs).map_err(PageError::Rewrite)?;
    let state = page.state.replace(notice::State::default());
    if state.problems.is_empty() {
        let mut facts = state.facts;
        facts.addresses.shrink_to_fit();
        facts.ids.shrink_to_fit();
        Ok((out, facts))
    } else {
        Err(PageError::Notice(state.problems, html.to_string()))
    }
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

/// The lower-case name of the tag that starts `raw` (`<DIV class=…>` → `div`),
/// in `buf` when it has capitals.
fn tag_name<'a>(raw: &'a str, buf: &'a mut String) -> &'a str {
    let name = raw
        .get(1..)
        .unwrap_or("")
        .split(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .next()
        .unwrap_or("");
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        *buf = name.to_ascii_lowercase();
        buf
    } else {
        name
    }
}

/// The source text of a range of the page, if it is one.
fn source(html: &str, range: Option<lol_html::html_content::SourceLocation>) -> Option<&str> {
    range.and_then(|r| html.get(r.bytes()))
}

/// The work on one element (outside notice markers): URLs under the base path and
/// hashed asset names, external links, image sizes, the notice, and the facts.
#[expect(
    clippy::too_many_lines,
    reason = "one match over the elements the post-processor rewrites"
)]
fn element(
    el: &mut Element,
    html: &str,
    settings: &Settings,
    label: &str,
    page: &Rc<notice::Page>,
) -> lol_html::HandlerResult {
    let raw: Range<usize> = el.source_location().bytes();
    let mut buf = String::new();
    let tag = tag_name(html.get(raw.clone()).unwrap_or(""), &mut buf);
    let mut id = None;
    let mut name = None;
    let mut class = None;
    let mut has_url = false;
    let mut n = notice::Attrs::default();
    let urls = &settings.urls;
    let rewriting = !urls.prefix.is_empty() || !urls.assets.is_empty();
    // The URL attributes' new values, in order (as `rules::rewrite_attributes`
    // makes them), read from the page's source without copies.
    let mut changes: Vec<(Cow<str>, String)> = Vec::new();
    // The attribute whose address the facts record, and its value as written (of
    // the first attribute of the name, as `get_attribute` finds it).
    let address_attr = ADDRESS_ATTRIBUTES
        .iter()
        .find(|(t, _)| *t == tag)
        .map(|(_, a)| *a);
    let mut address: Option<Cow<str>> = None;
    let mut property: Option<Cow<str>> = None;
    for attr in el.attributes() {
        let attr_name: Cow<str> = match source(html, attr.name_source_location()) {
            Some(s) if !s.bytes().any(|b| b.is_ascii_uppercase()) => Cow::Borrowed(s),
            _ => Cow::Owned(attr.name()),
        };
        let value = || -> Cow<str> {
            match source(html, attr.value_source_location()) {
                Some(v) => Cow::Borrowed(v),
                None => Cow::Owned(attr.value()),
            }
        };
        match attr_name.as_ref() {
            "id" => id = Some(attr.value()),
            "name" => name = Some(attr.value()),
            // Class names are matched as written; only a character reference
            // needs the decoded value.
            "class" => {
                class = match source(html, attr.value_source_location()) {
                    Some(v) if !v.contains('&') => Some(Cow::Borrowed(v)),
                    _ => Some(Cow::Owned(attr.value())),
                }
            }
            "data-funding-notice" => n.marker = Some(attr.value()),
            "hidden" => n.hidden = Some("hidden"),
            "inert" => n.hidden = Some("inert"),
            "popover" => n.hidden = Some("popover"),
            "aria-hidden" if attr.value().trim().eq_ignore_ascii_case("true") => {
                n.hidden = Some("aria-hidden=\"true\"");
            }
            "open" => n.open = true,
            "rel" if tag == "link" => {
                n.stylesheet = attr
                    .value()
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("stylesheet"));
            }
            "property" if tag == "meta" && property.is_none() => property = Some(value()),
            "style" => {
                n.style = Some(attr.value());
                has_url = true;
            }
            other => has_url |= is_url_attribute(other),
        }
        if Some(attr_name.as_ref()) == address_attr && address.is_none() {
            address = Some(value());
        }
        if rewriting
            && is_url_attribute(&attr_name)
            && let Some(new) = rules::rewritten(&attr_name, &value(), urls)
        {
            changes.push((attr_name, new));
        }
    }
    for (name, value) in &changes {
        el.set_attribute(name, value)?;
    }
    // The address as it stands now: a rewritten one is read again from the element
    // (which has the last of the values set for its name).
    let address = match address_attr {
        Some(attr) if changes.iter().any(|(n, _)| n == attr) => {
            el.get_attribute(attr).map(Cow::Owned)
        }
        _ => address,
    };
    if has_url
        && tag == "a"
        && let Some(href) = &address
    {
        rules::external_link(el, href, settings, label)?;
    }
    if tag == "img" {
        rules::image(el, settings)?;
    } else if tag == "meta"
        && property.as_deref() == Some("og:image")
        && let Some(content) = el.get_attribute("content")
    {
        social_card(el, &content, settings)?;
    }
    if has_url && let Some(v) = address {
        let address = if v.contains('&') {
            settings.addresses.intern(unescape(v.into_owned()))
        } else {
            settings.addresses.intern_str(&v)
        };
        page.state.borrow_mut().facts.addresses.push(address);
    }
    let seen = notice::Tag {
        name: tag,
        raw,
        id: id.as_deref(),
        class: class.as_deref(),
        attrs: &n,
    };
    notice::start_tag(el, &seen, page, &settings.notice_inner)?;
    let mut st = page.state.borrow_mut();
    if let Some(id) = id {
        st.facts.ids.insert(unescape(id));
    }
    if tag == "a"
        && let Some(name) = name
    {
        st.facts.ids.insert(unescape(name));
    }
    Ok(())
}

/// `og:image` of a page whose image is a raster image of the site: its social card
/// (1200×630), with its width and height.
fn social_card(el: &mut Element, content: &str, settings: &Settings) -> lol_html::HandlerResult {
    let Some(card) = settings.picture_of(content).and_then(|p| p.social.as_ref()) else {
        return Ok(());
    };
    // `https://host` of the absolute URL, then the card's path under the base path.
    let origin = content
        .find("//")
        .and_then(|i| content[i + 2..].find('/').map(|j| &content[..i + 2 + j]))
        .unwrap_or("");
    let path = settings
        .urls
        .rewrite(&card.url)
        .unwrap_or_else(|| card.url.clone());
    el.set_attribute("content", &format!("{origin}{path}"))?;
    el.after(
        &format!(
            r#"<meta property="og:image:width" content="{}"><meta property="og:image:height" content="{}">"#,
            card.width, card.height
        ),
        ContentType::Html,
    );
    Ok(())
}

/// The picture of the image at `src`, if it is one of the site's raster images.
fn site_image<'a>(
    src: &str,
    pictures: &'a HashMap<String, Picture>,
    site_host: &str,
    prefix: &str,
) -> Option<&'a Picture> {
    let path = site_path(src, site_host, prefix)?;
    pictures.get(path.as_ref())
}

/// The root-relative path of `src` (`/images/a.png`) when it names a file of the site:
/// relative to the root, or absolute on the site's host; under a sub-path, with the
/// sub-path taken off; decoded when it has escapes or character references.
fn site_path<'a>(src: &'a str, site_host: &str, prefix: &str) -> Option<Cow<'a, str>> {
    let path = match host_of(src) {
        Some(h) if h == site_host => {
            let rest = src.split_once("//").map_or(src, |(_, r)| r);
            rest.find('/').map_or("/", |i| &rest[i..])
        }
        Some(_) => return None,
        None => src,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let path = path
        .strip_prefix(prefix)
        .filter(|p| !prefix.is_empty() && p.starts_with('/'))
        .unwrap_or(path);
    if path.contains(['&', '%']) {
        return Some(Cow::Owned(
            crate::util::url::decode(&unescape(path.to_string())).into_owned(),
        ));
    }
    Some(Cow::Borrowed(path))
}

/// The size of the image at `src`, if it is one of the site's.
fn image_size(
    src: &str,
    sizes: &HashMap<String, Size>,
    site_host: &str,
    prefix: &str,
) -> Option<Size> {
    let path = site_path(src, site_host, prefix)?;
    sizes.get(path.as_ref()).copied()
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

/// Counts funding-notice markers: (page-level, beside a project). Used by the
/// post-processing pass (to look ahead for a marker after the footer) and the
/// tests; `check` counts the notices the pass placed visibly ([`PageFacts`]).
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
    use crate::content::config::FundingNotice;

    fn settings() -> Settings {
        let notice = FundingNotice {
            text: "Gefördert & gut.".into(),
            logo: Some("/logos/sn.svg".into()),
            logo_alt: Some("Freistaat Sachsen".into()),
        };
        Settings::new(
            &notice,
            "(externer Link)",
            &BaseUrl::parse("https://fk.example.org/").unwrap(),
        )
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
            text: crate::content::config::DEFAULT_FUNDING_TEXT.into(),
            logo: None,
            logo_alt: None,
        };
        let s = Settings::new(
            &notice,
            "(external link)",
            &BaseUrl::parse("https://fk.example.org/").unwrap(),
        );
        assert!(
            s.notice_inner.starts_with(
                r#"<span class="funding-notice__text" lang="de" style="display:inline!important;"#
            ) && s.notice_inner.contains(r#"!important">Diese Maßnahme"#),
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
        assert!(
            out.contains(r#"<p>x</p><footer class="funding-footer" role="contentinfo">"#),
            "{out}"
        );
        let frag = process("<p>nur ein Fragment</p>", &settings()).unwrap();
        assert_eq!(count_notices(&frag), (1, 0));
        // In a landmark of its own.
        assert!(
            frag.contains(r#"</p><footer class="funding-footer" role="contentinfo"><div class="funding-notice" data-funding-notice>"#)
                && frag.ends_with("</div></footer>"),
            "{frag}"
        );
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
    fn raster_images_become_pictures_and_og_image_a_card() {
        let picture = Picture {
            src: "/bilder/a.jpg".into(),
            width: 1600,
            height: 900,
            srcset: "/bilder/a-480w.1.webp 480w, /bilder/a-960w.2.webp 960w".into(),
            social: Some(crate::imaging::SocialCard {
                url: "/bilder/a-social.3.jpg".into(),
                width: 1200,
                height: 630,
            }),
        };
        let pictures = HashMap::from([("/bilder/a.jpg".to_string(), picture)]);
        let s = settings()
            .with_image_sizes(HashMap::from([("/bilder/a.jpg".to_string(), (1600, 900))]))
            .with_pictures(pictures);
        let out = process(
            r#"<head><meta property="og:image" content="https://fk.example.org/bilder/a.jpg"></head><body><img src="/bilder/a.jpg" alt="A" sizes="16rem"><img src="/logos/sn.svg" alt="" sizes="9rem"><footer></footer></body>"#,
            &s,
        )
        .unwrap();
        assert!(
            out.contains(r#"<picture><source type="image/webp" srcset="/bilder/a-480w.1.webp 480w, /bilder/a-960w.2.webp 960w" sizes="16rem"><img src="/bilder/a.jpg" alt="A" width="1600" height="900" loading="lazy" decoding="async"></picture>"#),
            "{out}"
        );
        // `sizes` without a `srcset` is invalid HTML: it goes.
        assert!(!out.contains("9rem"), "{out}");
        assert!(
            out.contains(r#"<meta property="og:image" content="https://fk.example.org/bilder/a-social.3.jpg"><meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">"#),
            "{out}"
        );
    }

    #[test]
    fn marks_external_links_and_lazy_images() {
        let out = process(
            r#"<body><a href="https://ihk.example.com/">IHK</a><a href="https://fk.example.org/x/">intern</a><a href="/projekte/">P</a><img src="a.png" alt=""></body>"#,
            &settings(),
        )
        .unwrap();
        assert!(out.contains(r#"<a href="https://ihk.example.com/" rel="external">IHK<span class="visually-hidden"> (externer Link)</span></a>"#), "{out}");
        assert!(
            out.contains(r#"<a href="https://fk.example.org/x/">intern</a>"#),
            "{out}"
        );
        assert!(out.contains(r#"loading="lazy""#) && out.contains(r#"decoding="async""#));
    }

    #[test]
    fn urls_move_under_the_base_path_and_assets_get_their_hashed_names() {
        let mut urls = Urls::new(&BaseUrl::parse("https://www.landkreis.de/fka/").unwrap());
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
