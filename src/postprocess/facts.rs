//! What the post-processing pass records of each page while it rewrites it: the ids
//! the page defines, the addresses it uses and the funding notices it shows, all as
//! they stand in the finished page. `check`'s link and notice lints read these, so
//! that every page is parsed once per build, not once more for the lints.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

/// The facts of one finished HTML page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct PageFacts {
    /// Targets of `#anchor`s: `id`s and `<a name>`s.
    pub ids: HashSet<String>,
    /// Every address of `crate::util::html::ADDRESS_ATTRIBUTES`, in page order.
    pub addresses: Vec<Arc<str>>,
    /// Funding notices placed where a visitor sees them (filled markers and
    /// inserted notices): (page-level, beside a project).
    pub notices: (usize, usize),
}

impl PageFacts {
    /// Records a notice placed visibly (`project` for the one beside a project) and
    /// the logo that the notice brings along.
    pub(crate) fn add_notice(&mut self, project: bool, logo: Option<&Arc<str>>) {
        if project {
            self.notices.1 += 1;
        } else {
            self.notices.0 += 1;
        }
        if let Some(logo) = logo {
            self.addresses.push(Arc::clone(logo));
        }
    }
}

/// The addresses of a build's pages, each text held once: most addresses stand on
/// every page (menu, footer, listings), and the facts of every page are kept until
/// the lints ran.
#[derive(Debug, Default)]
pub(crate) struct Interner(Mutex<rustc_hash::FxHashSet<Arc<str>>>);

impl Interner {
    /// The one copy of `text`.
    pub(crate) fn intern(&self, text: String) -> Arc<str> {
        let mut set = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = set.get(text.as_str()) {
            return Arc::clone(known);
        }
        let new: Arc<str> = Arc::from(text);
        set.insert(Arc::clone(&new));
        new
    }

    /// The one copy of `text`, copied only when it is new (most addresses are not).
    pub(crate) fn intern_str(&self, text: &str) -> Arc<str> {
        let mut set = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = set.get(text) {
            return Arc::clone(known);
        }
        let new: Arc<str> = Arc::from(text);
        set.insert(Arc::clone(&new));
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postprocess::{Settings, process_page};
    use crate::util::files::Content;
    use crate::util::html::{ADDRESS_ATTRIBUTES, unescape};
    use lol_html::{RewriteStrSettings, element, rewrite_str};
    use std::cell::RefCell;
    use std::path::Path;

    /// The facts of a finished page read the plain way, in a pass of its own: what
    /// the post-processing pass records while it rewrites must equal this.
    fn read_finished(html: &str) -> PageFacts {
        let selectors: Vec<(String, &str)> = ADDRESS_ATTRIBUTES
            .iter()
            .map(|(tag, attr)| (format!("{tag}[{attr}]"), *attr))
            .collect();
        let facts = RefCell::new(PageFacts::default());
        let mut settings = RewriteStrSettings::new()
            .append_element_content_handler(element!("[data-funding-notice]", |el| {
                let project = el.get_attribute("data-funding-notice").as_deref() == Some("project");
                facts.borrow_mut().add_notice(project, None);
                Ok(())
            }))
            .append_element_content_handler(element!("[id]", |el| {
                if let Some(id) = el.get_attribute("id") {
                    facts.borrow_mut().ids.insert(unescape(id));
                }
                Ok(())
            }))
            .append_element_content_handler(element!("a[name]", |el| {
                if let Some(name) = el.get_attribute("name") {
                    facts.borrow_mut().ids.insert(unescape(name));
                }
                Ok(())
            }));
        for (selector, attr) in &selectors {
            let facts = &facts;
            settings =
                settings.append_element_content_handler(element!(selector.as_str(), move |el| {
                    if let Some(v) = el.get_attribute(attr) {
                        facts.borrow_mut().addresses.push(unescape(v).into());
                    }
                    Ok(())
                }));
        }
        rewrite_str(html, settings).unwrap();
        facts.into_inner()
    }

    fn assert_same(path: &str, recorded: &PageFacts, html: &str) {
        let mut expected = read_finished(html);
        let mut got = recorded.clone();
        expected.addresses.sort();
        got.addresses.sort();
        assert_eq!(got, expected, "{path}:\n{html}");
    }

    #[test]
    fn character_references_in_values_are_decoded() {
        for (written, read) in [
            ("/docs/A%20&amp;%20B.pdf", "/docs/A%20&%20B.pdf"),
            ("/docs/Bob&#x27;s.pdf", "/docs/Bob's.pdf"),
            (
                "/docs/Bob&#39;s&#X41;&#228;&auml;.pdf",
                "/docs/Bob'sAää.pdf",
            ),
            ("a&b &unknown; &#xZZ; &", "a&b &unknown; &#xZZ; &"),
            ("plain", "plain"),
        ] {
            assert_eq!(unescape(written.to_string()), read);
        }
    }

    #[test]
    fn recorded_facts_equal_those_of_the_finished_page() {
        let notice = crate::content::config::FundingNotice {
            text: "Gefördert.".into(),
            logo: Some("/logos/sn.svg".into()),
            logo_alt: Some("Sachsen".into()),
        };
        let settings = Settings::new(
            &notice,
            "(extern)",
            &crate::content::base_url::BaseUrl::parse("https://fk.example.org/fka/").unwrap(),
        );
        for html in [
            // A marker's own content is replaced, ids and links in it included.
            r##"<body><div data-funding-notice><a id="weg" href="/weg/">x</a></div><a name="n" href="#n">n</a></body>"##,
            r##"<body><main id="inhalt"><img src="/b.png" alt=""><a href="https://ext.example/">e</a></main><footer><a href="/impressum/">I</a></footer></body>"##,
            r##"<body><p data-funding-notice="project"></p><footer></footer></body><footer></footer>"##,
            "<p>no body</p>",
        ] {
            let (out, facts) = process_page(html, &settings).unwrap();
            assert_same(html, &facts, &out);
        }
    }

    /// Every page of the example site and of the fixtures.
    #[test]
    fn recorded_facts_equal_those_of_every_finished_page_of_the_sites() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sites = vec![root.join("content")];
        for name in [
            "minimal",
            "consent",
            "englisch",
            "lint-mistakes",
            "zweite-allianz",
        ] {
            sites.push(root.join("tests/fixtures").join(name));
        }
        for site in sites {
            let opts = crate::pipeline::BuildOptions {
                site_dir: site.clone(),
                base_url: None,
                date: crate::util::date::Date::parse("2026-11-21").unwrap(),
                drafts: false,
                scheduled: false,
                lang: None,
            };
            let parts = crate::pipeline::full(&opts).unwrap_or_else(|d| panic!("{site:?}: {d:?}"));
            let mut pages = 0;
            for f in &parts.build.files {
                if let Content::Html(html) = &f.content {
                    assert_same(&f.path, &parts.facts[&f.path], html);
                    pages += 1;
                }
            }
            assert_eq!(pages, parts.facts.len(), "{site:?}");
            assert!(pages > 5, "{site:?}");
        }
    }
}
