//! Places a notice problem of a finished page where an editor can fix it: a static
//! page at its own line, a rendered page at the line of the template that wrote the
//! offending tag (found by its text), a stylesheet rule at its declaration. The same
//! problem on many pages is reported once, naming the first page and their number.

use super::notice::{Problem, Where};
use crate::diagnostic::{Arg, Diagnostic, Word};
use crate::messages::Language;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Errors by location and message, with the pages they concern.
type Groups = BTreeMap<(String, String), (Diagnostic, Vec<String>)>;

/// What locating needs to know about the site's sources.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sources {
    /// Every template: name, path as editors know it, text.
    pub templates: Vec<(String, PathBuf, String)>,
    /// The template name of each rendered page, by output path.
    pub page_templates: HashMap<String, String>,
    /// The source of each HTML file copied from static/, by output path.
    pub static_pages: HashMap<String, PathBuf>,
}

impl Sources {
    /// The static file an output path was copied from.
    pub(crate) fn static_file(&self, path: &str) -> Option<PathBuf> {
        self.static_pages.get(path).cloned()
    }

    /// One error per problem and place, naming the pages it concerns. Each entry
    /// is a page's path, its problems and its HTML as it was before the pass.
    pub(crate) fn diagnostics(
        &self,
        pages: Vec<(String, Vec<Problem>, String)>,
    ) -> Vec<Diagnostic> {
        let mut grouped: Groups = BTreeMap::new();
        for (page, problems, html) in pages {
            for p in problems {
                let d = self.place(&page, &p, &html);
                let key = (d.location(), d.message().to_string());
                grouped
                    .entry(key)
                    .or_insert((d, Vec::new()))
                    .1
                    .push(page.clone());
            }
        }
        grouped
            .into_values()
            .map(|(mut d, mut pages)| {
                pages.sort();
                pages.dedup();
                let first = crate::content::routes::file_to_url(&pages[0]);
                let on = match pages.len() {
                    1 => Arg::Phrase(Word::OnPage, vec![("first", first)]),
                    n => Arg::Phrase(
                        Word::OnPages,
                        vec![("count", n.to_string()), ("first", first)],
                    ),
                };
                d.add_arg("pages", on, Language::De);
                d
            })
            .collect()
    }

    /// The error for one problem of `page`.
    fn place(&self, page: &str, p: &Problem, html: &str) -> Diagnostic {
        let range = match &p.at {
            Where::File(place) => return place.msg_error(&p.msg),
            Where::Page(range) => range.clone(),
        };
        if let Some(file) = self.static_pages.get(page) {
            return p.msg.error(file, Language::De).at_offset(html, range.start);
        }
        let tag = html.get(range).unwrap_or("");
        let own = self.page_templates.get(page);
        match self.find(tag, own) {
            Some((file, text, at)) => p.msg.error(file, Language::De).at_offset(text, at),
            None => {
                let file = own
                    .and_then(|name| self.templates.iter().find(|(n, _, _)| n == name))
                    .map_or_else(|| PathBuf::from(page), |(_, path, _)| path.clone());
                p.msg.error(file, Language::De)
            }
        }
    }

    /// The template that holds the longest beginning of `tag` (the page's own
    /// template first): a tag with Tera expressions in it matches up to the first.
    fn find(&self, tag: &str, own: Option<&String>) -> Option<(&PathBuf, &str, usize)> {
        let name_end = tag.find(|c: char| c.is_ascii_whitespace() || c == '>')?;
        let mut order: Vec<&(String, PathBuf, String)> = self.templates.iter().collect();
        order.sort_by_key(|(n, _, _)| Some(n) != own);
        let mut best: Option<(usize, &PathBuf, &str, usize)> = None;
        for (_, path, text) in order {
            let mut len = tag.len();
            while len > name_end {
                if !tag.is_char_boundary(len) {
                    len -= 1;
                    continue;
                }
                if let Some(at) = text.find(&tag[..len]) {
                    if best.is_none_or(|(l, ..)| len > l) {
                        best = Some((len, path, text, at));
                    }
                    break;
                }
                len -= 1;
            }
        }
        best.map(|(_, path, text, at)| (path, text, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: &str = "the funding-notice marker stands on `<br>`, which cannot show text, so the notice would be lost";

    fn sources() -> Sources {
        Sources {
            templates: vec![
                (
                    "base.html".into(),
                    PathBuf::from("templates/base.html"),
                    "<body class=\"kind-{{ page.kind }}\">\n<footer hidden>\n".into(),
                ),
                (
                    "page.html".into(),
                    PathBuf::from("templates/page.html"),
                    "{% extends \"base.html\" %}\n<br data-funding-notice>".into(),
                ),
            ],
            page_templates: HashMap::from([("ueber-uns/index.html".into(), "page.html".into())]),
            static_pages: HashMap::from([("alt.html".into(), PathBuf::from("static/alt.html"))]),
        }
    }

    fn problem(range: std::ops::Range<usize>) -> Problem {
        Problem {
            at: Where::Page(range),
            msg: crate::messages::Msg::new(crate::diagnostic::Code::NoticeMarkerNoText)
                .arg("tag", "br"),
        }
    }

    /// The English words of a finding's message.
    fn en(d: &Diagnostic) -> String {
        let mut d = d.clone();
        d.reword(Language::En);
        d.message().to_string()
    }

    #[test]
    fn problems_are_placed_in_templates_and_static_files() {
        let page = "<body class=\"kind-page\">\n<footer hidden><br data-funding-notice>";
        let found = sources().diagnostics(vec![
            (
                "ueber-uns/index.html".into(),
                vec![problem(25..40), problem(40..64), problem(0..24)],
                page.into(),
            ),
            ("alt.html".into(), vec![problem(25..40)], page.into()),
        ]);
        let shown: Vec<String> = found
            .iter()
            .map(|d| format!("{}: {}", d.location(), en(d)))
            .collect();
        assert_eq!(
            shown,
            [
                format!("static/alt.html:2:1: {M} (on the page `/alt.html`)"),
                format!("templates/base.html:1:1: {M} (on the page `/ueber-uns/`)"),
                format!("templates/base.html:2:1: {M} (on the page `/ueber-uns/`)"),
                format!("templates/page.html:2:1: {M} (on the page `/ueber-uns/`)"),
            ]
        );
    }

    #[test]
    fn one_error_for_many_pages() {
        let page = "<footer hidden>";
        let found = sources().diagnostics(
            ["a/index.html", "b/index.html"]
                .iter()
                .map(|p| (p.to_string(), vec![problem(0..15)], page.to_string()))
                .collect(),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(en(&found[0]), format!("{M} (on 2 pages, first `/a/`)"));
    }
}
