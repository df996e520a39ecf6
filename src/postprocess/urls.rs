//! Where the site lives and what its URLs become in the output.
//!
//! Templates, Markdown and static files write root-relative URLs (`/projekte/`).
//! A site published under a sub-path (`https://www.landkreis.de/fachkraefteallianz/`)
//! needs them to start with that path, and an asset with a content hash in its name
//! (`/css/fachwerk.css` → `/css/fachwerk.3f2a9c1b.css`) needs its references renamed.
//! [`Urls::rewrite`] does both for one URL; the post-processing pass applies it to
//! every URL attribute of every HTML file, and [`Urls::rewrite_css`] to `url()` in
//! stylesheets.

use crate::content::base_url::BaseUrl;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// The site's base path and the renamed assets.
#[derive(Debug, Clone, Default)]
pub(crate) struct Urls {
    /// The path of the base URL without its trailing slash: `""` for a site at the
    /// root of its host, `/fachkraefteallianz` under a sub-path.
    pub prefix: String,
    /// Root-relative path of an asset → root-relative path of its hashed copy.
    pub assets: BTreeMap<String, String>,
    /// On the pages of a language other than the site's main one: the folder of
    /// that language and its pages and files, whose URLs move into it (`/projekte/`
    /// → `/en/projekte/`). A URL of a page that language lacks stays as written: it
    /// leads to the main language's page.
    pub language: Option<Arc<LanguageUrls>>,
}

/// The pages and files of one language besides the main one (see [`Urls::language`]).
#[derive(Debug, Default)]
pub(crate) struct LanguageUrls {
    /// The folder, `/en`.
    pub folder: String,
    /// The root-relative paths it has (`/projekte/x/`, `/aktuelles/feed.xml`).
    pub paths: HashSet<String>,
}

impl Urls {
    /// The prefix of a base URL (`https://host/a/b/` → `/a/b`), no assets yet.
    pub(crate) fn new(base_url: &BaseUrl) -> Urls {
        Urls {
            prefix: base_url.prefix().to_string(),
            assets: BTreeMap::new(),
            language: None,
        }
    }

    /// Rewrites a root-relative URL (`/x`, not `//host/x`): an asset gets its hashed
    /// name, and the base path is put in front. Other URLs stay as they are.
    pub(crate) fn rewrite(&self, url: &str) -> Option<String> {
        if !url.starts_with('/') || url.starts_with("//") {
            return None;
        }
        let split = url.find(['?', '#']).unwrap_or(url.len());
        let (path, rest) = url.split_at(split);
        let asset = self.assets.get(path);
        let translated = self
            .language
            .as_ref()
            .filter(|l| l.paths.contains(path))
            .map(|l| format!("{}{path}", l.folder));
        if self.prefix.is_empty() && asset.is_none() && translated.is_none() {
            return None;
        }
        let path = translated
            .as_deref()
            .unwrap_or_else(|| asset.map_or(path, String::as_str));
        let out = format!("{}{path}{rest}", self.prefix);
        (out != url).then_some(out)
    }

    /// Rewrites every URL of a `srcset` (`/a.png 1x, /b.png 2x`).
    pub(crate) fn rewrite_srcset(&self, srcset: &str) -> Option<String> {
        let parts: Vec<String> = srcset
            .split(',')
            .map(|candidate| {
                let trimmed = candidate.trim_start();
                let lead = &candidate[..candidate.len() - trimmed.len()];
                let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
                let (url, descriptor) = trimmed.split_at(end);
                match self.rewrite(url) {
                    Some(u) => format!("{lead}{u}{descriptor}"),
                    None => candidate.to_string(),
                }
            })
            .collect();
        let out = parts.join(",");
        (out != srcset).then_some(out)
    }

    /// Rewrites root-relative `url(…)` references of a stylesheet (quoted or not), so
    /// that backgrounds and fonts keep working under a sub-path.
    pub(crate) fn rewrite_css(&self, css: &str) -> Option<String> {
        let mut out = String::with_capacity(css.len());
        let mut rest = css;
        let mut changed = false;
        while let Some(i) = find_url_open(rest) {
            let (before, after) = rest.split_at(i + 4); // up to and including `url(`
            out.push_str(before);
            let inner_start = after.len() - after.trim_start().len();
            out.push_str(&after[..inner_start]);
            let inner = &after[inner_start..];
            let quote = inner.chars().next().filter(|c| *c == '"' || *c == '\'');
            let body = quote.map_or(inner, |q| &inner[q.len_utf8()..]);
            let end = match quote {
                Some(q) => body.find(q),
                None => body.find(|c: char| c == ')' || c.is_whitespace()),
            }
            .unwrap_or(body.len());
            let url = &body[..end];
            if let Some(q) = quote {
                out.push(q);
            }
            match self.rewrite(url) {
                Some(u) => {
                    out.push_str(&u);
                    changed = true;
                }
                None => out.push_str(url),
            }
            rest = &body[end..];
        }
        out.push_str(rest);
        changed.then_some(out)
    }
}

/// `url(` case-insensitively, not as the end of a longer name (`myurl(`).
fn find_url_open(s: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("url(") {
        let at = from + i;
        let prev = lower[..at].chars().next_back();
        if !prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(url: &str) -> BaseUrl {
        BaseUrl::parse(url).unwrap()
    }

    fn sub() -> Urls {
        let mut u = Urls::new(&base("https://www.landkreis.de/fachkraefteallianz/"));
        u.assets.insert(
            "/css/fachwerk.css".into(),
            "/css/fachwerk.0123abcd.css".into(),
        );
        u
    }

    #[test]
    fn the_prefix_comes_from_the_base_url() {
        assert_eq!(Urls::new(&base("https://fk.example.org/")).prefix, "");
        assert_eq!(sub().prefix, "/fachkraefteallianz");
    }

    #[test]
    fn only_root_relative_urls_move_under_the_sub_path() {
        let u = sub();
        assert_eq!(
            u.rewrite("/projekte/").as_deref(),
            Some("/fachkraefteallianz/projekte/")
        );
        assert_eq!(
            u.rewrite("/css/fachwerk.css?v=1#x").as_deref(),
            Some("/fachkraefteallianz/css/fachwerk.0123abcd.css?v=1#x")
        );
        for unchanged in [
            "//cdn.example.org/x",
            "https://x.de/",
            "#inhalt",
            "a.png",
            "mailto:a@b.de",
            "",
        ] {
            assert_eq!(u.rewrite(unchanged), None, "{unchanged}");
        }
        let root = Urls::new(&base("https://fk.example.org/"));
        assert_eq!(root.rewrite("/projekte/"), None);
    }

    #[test]
    fn a_language_moves_its_own_pages_into_its_folder() {
        let mut u = sub();
        u.language = Some(Arc::new(LanguageUrls {
            folder: "/en".into(),
            paths: ["/projekte/".to_string()].into(),
        }));
        assert_eq!(
            u.rewrite("/projekte/#a").as_deref(),
            Some("/fachkraefteallianz/en/projekte/#a")
        );
        // A page the language lacks stays the main language's.
        assert_eq!(
            u.rewrite("/impressum/").as_deref(),
            Some("/fachkraefteallianz/impressum/")
        );
        assert_eq!(
            u.rewrite("/css/fachwerk.css").as_deref(),
            Some("/fachkraefteallianz/css/fachwerk.0123abcd.css")
        );
    }

    #[test]
    fn srcset_and_css_urls() {
        let u = sub();
        assert_eq!(
            u.rewrite_srcset("/a.png 1x, /b.png 2x,c.png 3x").as_deref(),
            Some("/fachkraefteallianz/a.png 1x, /fachkraefteallianz/b.png 2x,c.png 3x")
        );
        let css = "a{background:url(/img/a.svg)}b{background:URL( \"/img/b.svg\" )}@font-face{src:url('/f.woff2') format('woff2')}c{x:myurl(/no)}d{background:url(data:image/png;base64,AA)}";
        let out = u.rewrite_css(css).unwrap();
        assert_eq!(
            out,
            "a{background:url(/fachkraefteallianz/img/a.svg)}b{background:URL( \"/fachkraefteallianz/img/b.svg\" )}@font-face{src:url('/fachkraefteallianz/f.woff2') format('woff2')}c{x:myurl(/no)}d{background:url(data:image/png;base64,AA)}"
        );
        assert_eq!(
            Urls::new(&base("https://fk.example.org/")).rewrite_css(css),
            None
        );
    }
}
