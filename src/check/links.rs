//! Every internal link, image and `#anchor` of the output must lead somewhere: the
//! output is indexed once (file paths, the ids of each page, the addresses each page
//! uses), then every address is looked up in hash sets, linear in the size of the site.
//!
//! A broken address written in Markdown is reported where the editor wrote it; one
//! written by a template is reported in the template (at the line where the address
//! stands literally, else the page's template as a whole), once for all its pages.

use crate::content::base_url::BaseUrl;
use crate::content::model::StaticFile;
use crate::content::routes::file_to_url;
use crate::diagnostic::{Code, Diagnostic, did_you_mean, did_you_mean_path};
use crate::markdown::lints::{MarkdownLink, SourceLines};
use crate::messages::{Language, Msg};
use crate::postprocess::PageFacts;
use crate::util::source::SourceFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How many broken addresses get a "did you mean" (each costs a scan of all files).
const MAX_SUGGESTIONS: usize = 50;

/// A resolved internal address: an output path (maybe not existing) and an anchor.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Target {
    path: String,
    fragment: Option<String>,
}

impl Target {
    /// The address as a reader sees it, root-relative: `/projekte/x/#ziele`.
    fn shown(&self) -> String {
        let url = file_to_url(&self.path);
        match &self.fragment {
            Some(f) => format!("{url}#{f}"),
            None => url,
        }
    }
}

/// Turns addresses into output paths, knowing the site's host and sub-path.
struct Resolver {
    host: String,
    /// The path of base_url without its leading and trailing `/` ("" at the root).
    base_path: String,
}

impl Resolver {
    fn new(base_url: &BaseUrl) -> Self {
        Resolver {
            host: base_url.host(),
            base_path: base_url.prefix().trim_start_matches('/').to_string(),
        }
    }

    /// The target of `address` on the page with output path `page`; `None` when the
    /// address leads out of the site (another host, `mailto:`, `tel:` …).
    fn resolve(&self, address: &str, page: &str) -> Option<Target> {
        let address = address.trim();
        if address.is_empty() {
            return None;
        }
        let (rest, fragment) = match address.split_once('#') {
            Some((r, f)) => (r, Some(percent_decode(f))),
            None => (address, None),
        };
        let rest = rest.split('?').next().unwrap_or("");
        let path = if let Some(after) = strip_scheme(rest) {
            let (host, path) = after.split_once('/').unwrap_or((after, ""));
            if !host.eq_ignore_ascii_case(&self.host) {
                return None;
            }
            self.strip_base(path)
        } else if is_scheme(rest) {
            return None;
        } else if let Some(abs) = rest.strip_prefix('/') {
            self.strip_base(abs)
        } else if rest.is_empty() {
            page.to_string()
        } else {
            let dir = page.rfind('/').map_or("", |i| &page[..=i]);
            format!("{dir}{rest}")
        };
        let fragment = fragment.filter(|f| !f.is_empty());
        Some(Target {
            path: normalise_path(&percent_decode(&path)),
            fragment,
        })
    }

    fn strip_base(&self, path: &str) -> String {
        if self.base_path.is_empty() {
            return path.to_string();
        }
        match path.strip_prefix(self.base_path.as_str()) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                rest.trim_start_matches('/').to_string()
            }
            _ => path.to_string(),
        }
    }
}

/// `https://host/x` → `host/x`; `//host/x` → `host/x`.
fn strip_scheme(s: &str) -> Option<&str> {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    if lower.starts_with("https://") {
        Some(&s[8..])
    } else if lower.starts_with("http://") {
        Some(&s[7..])
    } else {
        s.strip_prefix("//")
    }
}

/// `mailto:`, `tel:`, `javascript:`, `data:` … (a scheme before any `/`).
fn is_scheme(s: &str) -> bool {
    let head = s.split('/').next().unwrap_or("");
    head.find(':').is_some_and(|i| {
        i > 0
            && head[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Resolves `.` and `..` and turns a directory into its `index.html`.
fn normalise_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() {
        "index.html".to_string()
    } else if path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..") {
        format!("{joined}/index.html")
    } else {
        joined
    }
}

fn percent_decode(s: &str) -> String {
    crate::util::url::decode(s).into_owned()
}

/// Why an address leads nowhere.
enum Broken {
    NoFile,
    NoAnchor(Vec<String>),
}

/// The output, indexed for lookups.
struct Index<'a> {
    files: HashSet<&'a str>,
    pages: &'a HashMap<String, PageFacts>,
}

impl Index<'_> {
    /// `None` when the target exists.
    fn lookup(&self, t: &Target) -> Option<Broken> {
        let dir;
        let path = if self.files.contains(t.path.as_str()) {
            t.path.as_str()
        } else {
            // A directory written without its slash: the server redirects.
            dir = format!("{}/index.html", t.path);
            if !self.files.contains(dir.as_str()) {
                return Some(Broken::NoFile);
            }
            dir.as_str()
        };
        let fragment = t.fragment.as_deref()?;
        let page = self.pages.get(path)?;
        if fragment == "top" || page.ids.contains(fragment) {
            None
        } else {
            let mut ids: Vec<String> = page.ids.iter().cloned().collect();
            ids.sort();
            Some(Broken::NoAnchor(ids))
        }
    }
}

/// The message for a broken target (its parameter `on` is added where the pages
/// that link are known).
fn describe(t: &Target, why: &Broken, index: &Index, suggest: bool) -> Msg {
    match why {
        Broken::NoFile if t.path.to_lowercase().ends_with(".md") => markdown_file(t, index),
        Broken::NoFile => {
            let is_page = t.path.ends_with(".html");
            let candidates: Vec<&str> = if suggest {
                index
                    .files
                    .iter()
                    .copied()
                    .filter(|p| p.ends_with(".html") == is_page)
                    .collect()
            } else {
                Vec::new()
            };
            // Compare pages by their address (`archiv/`), not by `index.html`.
            let strip = |p: &'_ str| p.strip_suffix("index.html").unwrap_or(p).to_string();
            let mut shown: Vec<String> = candidates.into_iter().map(strip).collect();
            shown.sort_unstable();
            let refs: Vec<&str> = shown.iter().map(String::as_str).collect();
            let guess = did_you_mean_path(&strip(&t.path), &refs).map(|p| {
                let path = if p.ends_with('/') || p.is_empty() {
                    format!("{p}index.html")
                } else {
                    p.to_string()
                };
                Target {
                    path,
                    fragment: t.fragment.clone(),
                }
                .shown()
            });
            let code = if is_page {
                Code::LinkNoPage
            } else {
                Code::LinkNoFile
            };
            let msg = Msg::new(code)
                .arg("target", t.shown())
                .arg("file", t.path.as_str());
            match guess {
                Some(g) => msg.hint("did-you-mean").arg("suggestion", g),
                None => msg.hint("fix"),
            }
        }
        Broken::NoAnchor(ids) => {
            let fragment = t.fragment.as_deref().unwrap_or("");
            let page = Target {
                path: t.path.clone(),
                fragment: None,
            }
            .shown();
            let candidates: Vec<&str> = ids.iter().map(String::as_str).collect();
            let msg = Msg::new(Code::LinkNoAnchor)
                .arg("fragment", fragment)
                .arg("target", page);
            match did_you_mean(fragment, &candidates) {
                Some(g) => msg.hint("did-you-mean").arg("suggestion", g),
                None => msg.hint("fix"),
            }
        }
    }
}

/// A link to a Markdown file (`../projekte/x.md`): the page made of it has another
/// address, which the hint names when a page of that name exists.
fn markdown_file(t: &Target, index: &Index) -> Msg {
    let stem = t.path.rsplit('/').next().unwrap_or("");
    let slug = crate::util::slug::slugify(stem.get(..stem.len() - 3).unwrap_or(""));
    let page = format!("/{slug}/index.html");
    let found = index
        .files
        .iter()
        .filter(|f| !slug.is_empty() && format!("/{f}").ends_with(&page))
        .min();
    let msg = Msg::new(Code::LinkMarkdownFile).arg("target", t.shown());
    match found {
        Some(f) => msg.hint("page").arg(
            "suggestion",
            format!("/{}", f.strip_suffix("index.html").unwrap_or(f)),
        ),
        None => msg.hint("fix"),
    }
}

/// ` (on the page `/a/`)` or ` (on 3 pages, first `/a/`)`, in `lang`: the pages a
/// finding in a template shows on.
pub(super) fn on_pages(pages: &[String], lang: Language) -> String {
    let first = pages.first().map_or("", String::as_str);
    match (pages.len(), lang) {
        (1, Language::De) => format!(" (auf der Seite `{first}`)"),
        (n, Language::De) => format!(" (auf {n} Seiten, zuerst `{first}`)"),
        (1, Language::En) => format!(" (on the page `{first}`)"),
        (n, Language::En) => format!(" (on {n} pages, first `{first}`)"),
    }
}

/// Where a template writes an address: its file, line and column if it stands there
/// literally (`href="/impressum/"`), else the page's template as a whole.
fn template_place(
    address: &str,
    own: Option<&str>,
    templates: &[(String, PathBuf, String)],
) -> Option<(PathBuf, usize, usize, String)> {
    // The address as the page holds it, character references decoded; the source
    // may have written `&` as `&amp;`.
    let mut written = vec![format!("\"{address}\"")];
    if address.contains('&') {
        written.push(format!("\"{}\"", address.replace('&', "&amp;")));
    }
    let own_first = templates
        .iter()
        .filter(|(n, _, _)| Some(n.as_str()) == own)
        .chain(templates.iter().filter(|(n, _, _)| Some(n.as_str()) != own));
    for (_, path, text) in own_first {
        if let Some(at) = written.iter().find_map(|w| text.find(w.as_str())) {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let line = text[..at].matches('\n').count() + 1;
            let column = text[line_start..at].chars().count() + 2;
            return Some((
                path.clone(),
                line,
                column,
                text[line_start..line_end].trim_end().to_string(),
            ));
        }
    }
    None
}

/// A place in a template (file, line, column) and the address written there.
type TemplatePlace = (PathBuf, usize, usize, String);

/// Checks every address of the output (`pages`: what post-processing recorded of each page). `markdown` holds
/// the Markdown links of each page (by output path); `page_templates` the template of
/// each rendered page.
#[expect(
    clippy::too_many_lines,
    reason = "one pass over a page's links; each kind of link is one short arm"
)]
#[expect(
    clippy::too_many_arguments,
    reason = "the finished build's parts the check reads, each named; a struct would only repeat them"
)]
pub(super) fn check(
    paths: &[String],
    pages: &HashMap<String, PageFacts>,
    base_url: &BaseUrl,
    markdown: &HashMap<String, Vec<MarkdownLink>>,
    page_templates: &HashMap<String, &'static str>,
    templates: &[(String, PathBuf, String)],
    statics: &[StaticFile],
    (site_dir, lang): (&Path, Language),
) -> Vec<Diagnostic> {
    let index = Index {
        files: paths.iter().map(String::as_str).collect(),
        pages,
    };
    let resolver = Resolver::new(base_url);
    let mut out = Vec::new();
    let mut suggestions = 0;
    let mut from_markdown: HashSet<(&str, Target)> = HashSet::new();

    let mut md_pages: Vec<(&String, &Vec<MarkdownLink>)> = markdown.iter().collect();
    md_pages.sort_by_key(|(p, _)| *p);
    // Resolved in parallel, in page order; only the broken ones go on.
    let broken_md: Vec<(&str, &MarkdownLink, Target, Broken)> = md_pages
        .par_iter()
        .flat_map_iter(|&(page, links)| {
            let (index, resolver) = (&index, &resolver);
            links.iter().filter_map(move |link| {
                let target = resolver.resolve(&link.dest, page)?;
                let why = index.lookup(&target)?;
                Some((page.as_str(), link, target, why))
            })
        })
        .collect();
    let mut lines = SourceLines::new(site_dir);
    for (page, link, target, why) in broken_md {
        suggestions += 1;
        let msg = describe(&target, &why, &index, suggestions <= MAX_SUGGESTIONS);
        out.push(link.at.error(&msg.arg("on", ""), lang, &mut lines));
        // A template's address to the same broken target is not reported again.
        from_markdown.insert((page, target));
    }

    // Broken addresses written by templates, one finding per place in a template.
    // The message, the line's text and the pages, by place.
    let mut by_place: BTreeMap<TemplatePlace, (Msg, String, Vec<String>)> = BTreeMap::new();
    let mut page_paths: Vec<&str> = index.pages.keys().map(String::as_str).collect();
    page_paths.sort();
    // Resolving is the bulk of the work (every address of every page): in parallel,
    // in page order; only the broken ones go on.
    // Most addresses stand on many pages (menu, footer, listings): those that do
    // not depend on the page are resolved once each.
    let independent = |a: &str| a.starts_with('/') || a.contains("://");
    let unique: HashSet<&str> = index
        .pages
        .values()
        .flat_map(|f| f.addresses.iter().map(|a| &**a))
        .filter(|a| independent(a))
        .collect();
    let fine: HashSet<&str> = unique
        .into_par_iter()
        .filter(|a| {
            resolver
                .resolve(a, "")
                .is_none_or(|t| index.lookup(&t).is_none())
        })
        .collect();
    let broken: Vec<(&str, &std::sync::Arc<str>, Target, Broken)> = page_paths
        .par_iter()
        .flat_map_iter(|&page| {
            let (index, resolver, fine) = (&index, &resolver, &fine);
            index.pages[page]
                .addresses
                .iter()
                .filter_map(move |address| {
                    if fine.contains(&**address) {
                        return None;
                    }
                    let target = resolver.resolve(address, page)?;
                    let why = index.lookup(&target)?;
                    Some((page, address, target, why))
                })
        })
        .collect();
    for (page, address, target, why) in broken {
        if from_markdown.contains(&(page, target.clone())) {
            continue;
        }
        let own = page_templates.get(page).copied();
        let (file, line, column, source_line) = match own {
            Some(_) => template_place(address, own, templates).unwrap_or_else(|| {
                let file = templates
                    .iter()
                    .find(|(n, _, _)| Some(n.as_str()) == own)
                    .map_or_else(|| PathBuf::from(own.unwrap_or("")), |t| t.1.clone());
                (file, 0, 0, String::new())
            }),
            // Not rendered from a template: an HTML file of static/, read again to
            // find the line (only for a broken address).
            None => {
                let file = PathBuf::from("static").join(page);
                statics
                    .iter()
                    .find(|f| f.rel.to_string_lossy().replace('\\', "/") == page)
                    .and_then(|f| std::fs::read(&f.abs).ok())
                    .and_then(|bytes| {
                        let src = SourceFile::from_bytes(file.clone(), bytes).ok()?;
                        template_place(address, None, &[(String::new(), file.clone(), src.text)])
                    })
                    .unwrap_or((file, 0, 0, String::new()))
            }
        };
        let key = (file.clone(), line, column, address.to_string());
        let shown_page = Target {
            path: page.to_string(),
            fragment: None,
        }
        .shown();
        if let Some((_, _, pages)) = by_place.get_mut(&key) {
            pages.push(shown_page);
            continue;
        }
        suggestions += 1;
        let msg = describe(&target, &why, &index, suggestions <= MAX_SUGGESTIONS);
        by_place.insert(key, (msg, source_line, vec![shown_page]));
    }
    for ((file, line, column, _), (msg, source_line, pages)) in by_place {
        let mut d = msg.arg("on", on_pages(&pages, lang)).error(file, lang);
        d.line = line;
        d.column = column;
        d.source_line = (!source_line.is_empty()).then_some(source_line);
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::files::{Content, OutputFile};

    fn base(url: &str) -> BaseUrl {
        BaseUrl::parse(url).unwrap()
    }

    fn r() -> Resolver {
        Resolver::new(&base("https://fk.example.org/"))
    }

    fn t(path: &str, fragment: Option<&str>) -> Option<Target> {
        Some(Target {
            path: path.into(),
            fragment: fragment.map(String::from),
        })
    }

    /// A broken address in an HTML file of static/ is found at its line there, also
    /// when the file writes `&` as `&amp;`.
    #[test]
    fn a_broken_address_in_a_static_page_is_located_in_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let abs = tmp.path().join("alt.html");
        let text = "<body>\n<p><a href=\"/docs/a&amp;b.pdf\">x</a></p>\n</body>\n";
        std::fs::write(&abs, text).unwrap();
        let files = vec![OutputFile {
            path: "docs/alt.html".into(),
            content: Content::Html(text.into()),
        }];
        let statics = [StaticFile {
            rel: PathBuf::from("docs/alt.html"),
            abs,
            size: 0,
        }];
        let found = check(
            &paths_of(&files),
            &facts_of(&files),
            &base("https://fk.example.org/"),
            &HashMap::new(),
            &HashMap::new(),
            &[],
            &statics,
            (std::path::Path::new(""), Language::En),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].location(),
            "static/docs/alt.html:2:13",
            "{found:?}"
        );
        assert!(found[0].message().contains("`/docs/a&b.pdf`"), "{found:?}");
    }

    #[test]
    fn resolves_root_relative_relative_and_absolute_addresses() {
        let page = "projekte/a/index.html";
        assert_eq!(
            r().resolve("/projekte/", page),
            t("projekte/index.html", None)
        );
        assert_eq!(
            r().resolve("../b/#ziele", page),
            t("projekte/b/index.html", Some("ziele"))
        );
        assert_eq!(r().resolve("#ziele", page), t(page, Some("ziele")));
        assert_eq!(
            r().resolve("bild.svg?v=2", page),
            t("projekte/a/bild.svg", None)
        );
        assert_eq!(
            r().resolve("https://fk.example.org/docs/a%20b.pdf", page),
            t("docs/a b.pdf", None)
        );
        assert_eq!(r().resolve("/", page), t("index.html", None));
        for external in [
            "https://www.ihk.de/",
            "mailto:a@b.de",
            "tel:+4935",
            "//cdn.example.com/x.js",
            "",
        ] {
            assert_eq!(r().resolve(external, page), None, "{external}");
        }
    }

    #[test]
    fn strips_the_sub_path_of_the_base_url() {
        let r = Resolver::new(&base("https://example.org/fk/"));
        assert_eq!(
            r.resolve("/fk/projekte/", "index.html"),
            t("projekte/index.html", None)
        );
        assert_eq!(r.resolve("/fk/", "index.html"), t("index.html", None));
    }

    /// The facts of pages as the post-processing pass records them.
    fn paths_of(files: &[OutputFile]) -> Vec<String> {
        files.iter().map(|f| f.path.clone()).collect()
    }

    fn facts_of(files: &[OutputFile]) -> HashMap<String, PageFacts> {
        let notice = crate::content::config::FundingNotice {
            text: "Gefördert.".into(),
            logo: None,
            logo_alt: None,
        };
        let settings =
            crate::postprocess::Settings::new(&notice, "", &base("https://fk.example.org/"));
        files
            .iter()
            .filter_map(|f| match &f.content {
                Content::Html(html) => Some((
                    f.path.clone(),
                    crate::postprocess::process_page(html, &settings).unwrap().1,
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn finds_missing_files_and_anchors() {
        let files = vec![
            OutputFile {
                path: "index.html".into(),
                content: Content::Html(
                    r##"<a href="/a/">A</a><a href="/a/#da">da</a><a href="/a/#weg">weg</a><a href="/fehlt/">x</a><img src="/b.svg" alt=""><a href="#top">oben</a><a href="/a">ohne Schrägstrich</a>"##.into(),
                ),
            },
            OutputFile {
                path: "a/index.html".into(),
                content: Content::Html(r#"<h2 id="da">Da</h2>"#.into()),
            },
        ];
        let templates = vec![(
            "index.html".to_string(),
            PathBuf::from("themes/default/templates/index.html"),
            "<p>\n  <a href=\"/fehlt/\">x</a>\n".to_string(),
        )];
        let page_templates = HashMap::from([("index.html".to_string(), "index.html")]);
        let found = check(
            &paths_of(&files),
            &facts_of(&files),
            &base("https://fk.example.org/"),
            &HashMap::new(),
            &page_templates,
            &templates,
            &[],
            (std::path::Path::new(""), Language::En),
        );
        let msgs: Vec<String> = found
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message()))
            .collect();
        assert_eq!(msgs.len(), 3, "{msgs:#?}");
        assert!(
            msgs.iter()
                .any(|m| m.contains("`#weg` does not exist on `/a/`")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with(
                "themes/default/templates/index.html:2:12: the link leads to `/fehlt/`"
            )),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("`/b.svg` leads to no file")),
            "{msgs:#?}"
        );
    }

    #[test]
    fn normalises_dot_segments_and_decodes_escapes() {
        assert_eq!(normalise_path("a/./b/../c/"), "a/c/index.html");
        assert_eq!(normalise_path("../../x.pdf"), "x.pdf");
        assert_eq!(percent_decode("%C3%BCber%zz"), "über%zz");
    }
}
