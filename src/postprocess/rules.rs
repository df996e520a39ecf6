//! The rules of the pass that change one element (URLs under the base path and
//! hashed asset names, external links, images), written once for the two places
//! they run: lol_html's elements of a page, and the tags of a Markdown body that
//! [`super::body`] finishes without lol_html. Both implement [`Edit`].

use super::{Settings, URL_ATTRIBUTES, urls::Urls};
use crate::util::html::escape;
use crate::util::url::host_of;
use lol_html::HandlerResult;
use lol_html::html_content::{ContentType, Element};

/// What the rules read and change of an element, as lol_html's [`Element`] does:
/// values as written (character references kept), a set value replaces the
/// attribute in place or is appended, HTML put before, after or at the end of the
/// element's content.
pub(super) trait Edit {
    /// The value of attribute `name`, as written.
    fn attr(&self, name: &str) -> Option<String>;
    /// Whether the element has attribute `name`.
    fn has_attr(&self, name: &str) -> bool;
    /// Sets attribute `name` (replacing its value where it stands, else appended).
    fn set_attr(&mut self, name: &str, value: &str) -> HandlerResult;
    /// Removes attribute `name`, if present.
    fn remove_attr(&mut self, name: &str);
    /// Calls `f` with each attribute's name and value, in order.
    fn each_attr(&self, f: &mut dyn FnMut(&str, &str));
    /// Puts HTML before the element.
    fn before_html(&mut self, html: &str);
    /// Puts HTML after the element.
    fn after_html(&mut self, html: &str);
    /// Puts HTML at the end of the element's content.
    fn append_html(&mut self, html: &str);
}

impl Edit for Element<'_, '_> {
    fn attr(&self, name: &str) -> Option<String> {
        self.get_attribute(name)
    }
    fn has_attr(&self, name: &str) -> bool {
        self.has_attribute(name)
    }
    fn set_attr(&mut self, name: &str, value: &str) -> HandlerResult {
        Ok(self.set_attribute(name, value)?)
    }
    fn remove_attr(&mut self, name: &str) {
        self.remove_attribute(name);
    }
    fn each_attr(&self, f: &mut dyn FnMut(&str, &str)) {
        for attr in self.attributes() {
            f(&attr.name(), &attr.value());
        }
    }
    fn before_html(&mut self, html: &str) {
        self.before(html, ContentType::Html);
    }
    fn after_html(&mut self, html: &str) {
        self.after(html, ContentType::Html);
    }
    fn append_html(&mut self, html: &str) {
        self.append(html, ContentType::Html);
    }
}

/// Rewrites the URLs of one element's attributes (see [`Urls`]): those of
/// [`URL_ATTRIBUTES`], `srcset`, `imagesrcset` and `style`.
pub(super) fn rewrite_attributes(el: &mut impl Edit, urls: &Urls) -> HandlerResult {
    let mut changes = Vec::new();
    el.each_attr(&mut |name, value| {
        if let Some(new) = rewritten(name, value, urls) {
            changes.push((name.to_string(), new));
        }
    });
    for (name, value) in changes {
        el.set_attr(&name, &value)?;
    }
    Ok(())
}

/// The new value of attribute `name` (lower case) whose value is `value`, if
/// [`rewrite_attributes`] changes it.
pub(super) fn rewritten(name: &str, value: &str, urls: &Urls) -> Option<String> {
    match name {
        "srcset" | "imagesrcset" => urls.rewrite_srcset(value),
        "style" => urls.rewrite_css(value),
        n if URL_ATTRIBUTES.contains(&n) => urls.rewrite(value),
        _ => None,
    }
}

/// Marks a link to another host for screen readers and as `rel="external"`.
pub(super) fn external_link(
    el: &mut impl Edit,
    href: &str,
    settings: &Settings,
    label: &str,
) -> HandlerResult {
    if host_of(href).is_some_and(|h| h != settings.site_host) {
        let rel = el.attr("rel").unwrap_or_default();
        if !rel.split_whitespace().any(|r| r == "external") {
            let rel = if rel.is_empty() {
                "external".to_string()
            } else {
                format!("{rel} external")
            };
            el.set_attr("rel", &rel)?;
        }
        el.append_html(label);
    }
    Ok(())
}

/// Sizes for the site's own images, WebP variants for its raster images (a
/// `<picture>` around the `<img>`, whose `sizes` it takes); lazy loading and async
/// decoding for all.
pub(super) fn image(el: &mut impl Edit, settings: &Settings) -> HandlerResult {
    // `sizes` is a template's hint for the variants: it belongs to a `srcset` only.
    let sizes = match el.has_attr("srcset") {
        true => None,
        false => el.attr("sizes"),
    };
    if sizes.is_some() {
        el.remove_attr("sizes");
    }
    if !el.has_attr("srcset")
        && let Some(picture) = el
            .attr("src")
            .and_then(|s| settings.picture_of(&s))
            .filter(|p| !p.srcset.is_empty())
    {
        let srcset = settings
            .urls
            .rewrite_srcset(&picture.srcset)
            .unwrap_or_else(|| picture.srcset.clone());
        let sizes = sizes.unwrap_or_else(|| crate::imaging::DEFAULT_SIZES.to_string());
        el.before_html(&format!(
            r#"<picture><source type="image/webp" srcset="{}" sizes="{}">"#,
            escape(&srcset),
            escape(&sizes)
        ));
        el.after_html("</picture>");
    }
    if !el.has_attr("width")
        && !el.has_attr("height")
        && let Some((w, h)) = el.attr("src").and_then(|s| settings.size_of(&s))
    {
        el.set_attr("width", &w.to_string())?;
        el.set_attr("height", &h.to_string())?;
    }
    if !el.has_attr("loading") {
        el.set_attr("loading", "lazy")?;
    }
    if !el.has_attr("decoding") {
        el.set_attr("decoding", "async")?;
    }
    Ok(())
}
