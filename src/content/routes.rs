//! The route table: every URL and output path fachwerk generates, in one place.
//!
//! Pages: the fixed pages of every site ([`FIXED`]: home, the listings of the
//! collections, partners, contacts, documents, the legal pages, 404), one page per
//! item under its collection's listing ([`item_url`], [`super::Collection::listing`];
//! free pages follow their path), one per project topic ([`topic_url`]). Files beside
//! them: the sitemap, robots.txt, the news feed and the calendars ([`Feed`]).
//! [`url_to_file`] turns a page's URL into its output path.
//!
//! A route has no language: the pages of a language other than the site's main one
//! have the same routes inside that language's folder ([`language_folder`], `/en/…`;
//! an English page keeps its German original's slug, so the other version's address
//! follows from either). [`Translations`] knows which page exists in which language.

use super::base_url::BaseUrl;
use super::collection::Collection;
use crate::messages::Language;
use std::collections::{HashMap, HashSet};

/// A page fachwerk generates from the site as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fixed {
    /// Root-relative URL.
    pub(crate) url: &'static str,
    /// The template.
    pub(crate) template: &'static str,
    /// `page.kind`.
    pub(crate) kind: &'static str,
    /// Key of the title in the theme's strings.
    pub(crate) title: &'static str,
}

const fn fixed(
    url: &'static str,
    template: &'static str,
    kind: &'static str,
    title: &'static str,
) -> Fixed {
    Fixed {
        url,
        template,
        kind,
        title,
    }
}

/// The listing of a collection as a fixed page.
const fn listing(c: Collection) -> Fixed {
    match c.listing() {
        Some(l) => fixed(l.url, l.template, l.kind, l.title),
        None => panic!("a collection without a listing"),
    }
}

/// The home page.
pub(crate) const HOME: Fixed = fixed("/", "index.html", "home", "titles.home");
/// The list of partners.
pub(crate) const PARTNERS: Fixed =
    fixed("/partner/", "partners.html", "partners", "titles.partners");
/// The contacts.
pub(crate) const CONTACTS: Fixed =
    fixed("/kontakt/", "contacts.html", "contacts", "titles.contacts");
/// The documents.
pub(crate) const DOCUMENTS: Fixed = fixed(
    "/dokumente/",
    "documents.html",
    "documents",
    "titles.documents",
);
/// The Impressum.
pub(crate) const IMPRESSUM: Fixed = fixed(
    "/impressum/",
    "impressum.html",
    "impressum",
    "titles.impressum",
);
/// The privacy statement.
pub(crate) const DATENSCHUTZ: Fixed = fixed(
    "/datenschutz/",
    "datenschutz.html",
    "datenschutz",
    "titles.datenschutz",
);
/// The accessibility statement.
pub(crate) const BARRIEREFREIHEIT: Fixed = fixed(
    "/barrierefreiheit/",
    "barrierefreiheit.html",
    "barrierefreiheit",
    "titles.barrierefreiheit",
);
/// The site search.
pub(crate) const SEARCH: Fixed = fixed("/suche/", "search.html", "search", "search.title");
/// The page for addresses that lead nowhere.
pub(crate) const NOT_FOUND: Fixed = fixed("/404.html", "404.html", "not_found", "titles.not_found");

/// The free page in Leichte Sprache (`pages/leichte-sprache.md`), which every page's
/// header links when it exists.
pub(crate) const EASY_LANGUAGE: &str = "/leichte-sprache/";
/// The free page in Deutsche Gebärdensprache (`pages/gebaerdensprache.md`), linked
/// like [`EASY_LANGUAGE`].
pub(crate) const SIGN_LANGUAGE: &str = "/gebaerdensprache/";

/// Every fixed page, in the order they are rendered.
pub(crate) const FIXED: [Fixed; 13] = [
    HOME,
    PARTNERS,
    CONTACTS,
    listing(Collection::Project),
    listing(Collection::Call),
    listing(Collection::News),
    listing(Collection::Event),
    DOCUMENTS,
    IMPRESSUM,
    DATENSCHUTZ,
    BARRIEREFREIHEIT,
    SEARCH,
    NOT_FOUND,
];

/// The folder of the search index below the output root (`suche/index/de/…`): no item
/// and no static file may lie there.
pub(crate) const SEARCH_INDEX: &str = "suche/index";

/// The URLs of the generated pages a file in pages/ can give an introduction (every
/// fixed page but 404): such a file adds its text to the page instead of clashing.
pub(crate) fn generated_pages() -> impl Iterator<Item = &'static str> {
    FIXED
        .iter()
        .filter(|f| f.url != NOT_FOUND.url)
        .map(|f| f.url)
}

/// True for the URL of a generated page (see [`generated_pages`]).
pub(crate) fn is_generated_page(url: &str) -> bool {
    generated_pages().any(|u| u == url)
}

/// The URL of an item of `c` with `slug` (not for free pages, whose URL follows
/// their path).
pub(crate) fn item_url(c: Collection, slug: &str) -> String {
    let prefix = c.listing().map_or("/", |l| l.url);
    format!("{prefix}{slug}/")
}

/// Where the topic pages of the projects lie.
fn topics_url() -> String {
    item_url(Collection::Project, "thema")
}

/// The page of a project topic: `/projekte/thema/<slug>/`.
pub(crate) fn topic_url(slug: &str) -> String {
    format!("{}{slug}/", topics_url())
}

/// The name of the calendar of all events, beside those of the single events.
const ALL_EVENTS: &str = "termine";

/// The generated files beside the pages.
pub(crate) struct Feed;

impl Feed {
    /// The sitemap.
    pub(crate) const SITEMAP: &'static str = "sitemap.xml";
    /// The file for search engines.
    pub(crate) const ROBOTS: &'static str = "robots.txt";

    /// The Atom feed of the news, in the news listing's folder.
    pub(crate) fn news() -> String {
        format!("{}feed.xml", folder_of(Collection::News))
    }

    /// The calendar file of one event, beside the events listing.
    pub(crate) fn event(slug: &str) -> String {
        format!("{}{slug}.ics", folder_of(Collection::Event))
    }

    /// The calendar of all upcoming events, linked from the events listing.
    pub(crate) fn all_events() -> String {
        Feed::event(ALL_EVENTS)
    }

    /// True for the calendar file of one event (not the one of all events).
    pub(crate) fn is_event_calendar(path: &str) -> bool {
        path.starts_with(folder_of(Collection::Event)) && path.ends_with(".ics")
    }
}

/// The output folder of a collection's listing: `aktuelles/`.
fn folder_of(c: Collection) -> &'static str {
    c.listing().map_or("", |l| l.url.trim_start_matches('/'))
}

/// True for an item URL that fachwerk needs for a page or file of its own: a
/// generated page, a topic page, or the event whose calendar file would be the one of
/// all events.
pub(crate) fn is_reserved(url: &str) -> bool {
    is_generated_page(url)
        || url.starts_with(&topics_url())
        || url.starts_with(&format!("/{SEARCH_INDEX}/"))
        || url == item_url(Collection::Event, ALL_EVENTS)
}

/// `/` → `index.html`, `/projekte/x/` → `projekte/x/index.html`, `/404.html` → `404.html`.
pub(crate) fn url_to_file(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// An output path as the address a reader sees: `a/index.html` → `/a/`,
/// `404.html` → `/404.html`.
pub(crate) fn file_to_url(path: &str) -> String {
    format!("/{}", path.strip_suffix("index.html").unwrap_or(path))
}

/// The output folder of a language's pages: none for the main language, `en/` for
/// English beside German.
pub(crate) fn language_folder(lang: Language, main: Language) -> String {
    if lang == main {
        String::new()
    } else {
        format!("{}/", lang.code())
    }
}

/// The base URL of a language's pages: the site's, with the language's folder.
pub(crate) fn language_base(base: &BaseUrl, lang: Language, main: Language) -> BaseUrl {
    BaseUrl::parse(&base.absolute(&format!("/{}", language_folder(lang, main))))
        .unwrap_or_else(|_| base.clone())
}

/// The Open Graph locale of a language (`og:locale`).
pub(crate) fn locale(lang: Language) -> &'static str {
    match lang {
        Language::De => "de_DE",
        Language::En => "en_GB",
    }
}

/// The name of a language in itself, for the language switch.
pub(crate) fn native_name(lang: Language) -> &'static str {
    match lang {
        Language::De => "Deutsch",
        Language::En => "English",
    }
}

/// Which page exists in which language, for a site in several: each language (the
/// main one first) with the base URL of its pages and their routes. A page has the
/// same route in every language, except where its address follows a translated
/// name (the topic pages: `/projekte/thema/berufsorientierung/` is
/// `/en/projekte/thema/career-guidance/`); those pairs are in `paired`.
#[derive(Debug, Default)]
pub(crate) struct Translations {
    /// Each language, the base URL of its pages, and the routes of its pages.
    pub(crate) languages: Vec<(Language, BaseUrl, HashSet<String>)>,
    /// Pages whose route differs between languages: (another language, its route)
    /// → the main language's route.
    pub(crate) paired: HashMap<(Language, String), String>,
    /// The same pairs the other way: (another language, the main language's route)
    /// → that language's route.
    pub(crate) paired_back: HashMap<(Language, String), String>,
}

impl Translations {
    /// Pairs the route `theirs` of the language `lang` with the main language's
    /// route `main`, unless either language has a page at the other's route (then
    /// the pages pair by route already) or either is paired already.
    pub(crate) fn pair(&mut self, lang: Language, theirs: &str, main: &str) {
        let has = |l: Language, route: &str| {
            self.languages
                .iter()
                .any(|(x, _, pages)| *x == l && pages.contains(route))
        };
        let main_lang = self.languages.first().map(|(l, _, _)| *l);
        if theirs == main
            || main_lang.is_none_or(|m| has(m, theirs))
            || has(lang, main)
            || !has(lang, theirs)
            || main_lang.is_some_and(|m| !has(m, main))
            || self.paired.contains_key(&(lang, theirs.to_string()))
            || self.paired_back.contains_key(&(lang, main.to_string()))
        {
            return;
        }
        self.paired
            .insert((lang, theirs.to_string()), main.to_string());
        self.paired_back
            .insert((lang, main.to_string()), theirs.to_string());
    }

    /// The route of the page at `url` in `from` in the language `to`.
    fn route_in(&self, url: &str, from: Language, to: Language) -> String {
        let main = self
            .paired
            .get(&(from, url.to_string()))
            .map_or(url, String::as_str);
        self.paired_back
            .get(&(to, main.to_string()))
            .map_or(main, String::as_str)
            .to_string()
    }

    /// The versions of the page at `url` (a route) of the language `from`: each
    /// language that has it, with the absolute URL of its version. Empty when only
    /// one language has it.
    pub(crate) fn versions(&self, url: &str, from: Language) -> Vec<(Language, String)> {
        let out: Vec<(Language, String)> = self
            .languages
            .iter()
            .filter_map(|(l, base, pages)| {
                let route = self.route_in(url, from, *l);
                pages.contains(&route).then(|| (*l, base.absolute(&route)))
            })
            .collect();
        if out.len() > 1 { out } else { Vec::new() }
    }

    /// The language switch of the page at `url` in `current`: for each other
    /// language, its version of the page, or else its home page (and whether it is
    /// the same page).
    pub(crate) fn switch(&self, url: &str, current: Language) -> Vec<(Language, String, bool)> {
        self.languages
            .iter()
            .filter(|(l, _, _)| *l != current)
            .map(|(l, base, pages)| {
                let route = self.route_in(url, current, *l);
                let same = pages.contains(&route);
                (
                    *l,
                    base.absolute(if same { &route } else { HOME.url }),
                    same,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_mapping() {
        assert_eq!(url_to_file("/"), "index.html");
        assert_eq!(url_to_file("/projekte/a/"), "projekte/a/index.html");
        assert_eq!(url_to_file("/404.html"), "404.html");
        for url in ["/", "/projekte/a/", "/404.html"] {
            assert_eq!(file_to_url(&url_to_file(url)), url);
        }
    }

    #[test]
    fn the_table_names_every_generated_address() {
        assert_eq!(
            generated_pages().collect::<Vec<_>>(),
            [
                "/",
                "/partner/",
                "/kontakt/",
                "/projekte/",
                "/projektaufrufe/",
                "/aktuelles/",
                "/termine/",
                "/dokumente/",
                "/impressum/",
                "/datenschutz/",
                "/barrierefreiheit/",
                "/suche/",
            ]
        );
        assert_eq!(item_url(Collection::Project, "a"), "/projekte/a/");
        assert_eq!(topic_url("mint"), "/projekte/thema/mint/");
        assert_eq!(Feed::news(), "aktuelles/feed.xml");
        assert_eq!(Feed::event("x"), "termine/x.ics");
        assert_eq!(Feed::all_events(), "termine/termine.ics");
        assert!(Feed::is_event_calendar("termine/x.ics"));
        assert!(!Feed::is_event_calendar("aktuelles/x.ics"));
        for reserved in [
            "/kontakt/",
            "/projekte/thema/x/",
            "/termine/termine/",
            "/suche/",
            "/suche/index/de/",
        ] {
            assert!(is_reserved(reserved), "{reserved}");
        }
        for free in ["/404.html", "/termine/x/", "/projekte/x/"] {
            assert!(!is_reserved(free), "{free}");
        }
    }

    #[test]
    fn pages_of_other_names_pair_only_where_no_route_pairs_them() {
        let base = |u: &str| BaseUrl::parse(u).unwrap();
        let set = |r: &[&str]| r.iter().map(|s| (*s).to_string()).collect::<HashSet<_>>();
        let mut t = Translations {
            languages: vec![
                (
                    Language::De,
                    base("https://x.org/"),
                    set(&["/", "/t/beruf/", "/t/aus/"]),
                ),
                (
                    Language::En,
                    base("https://x.org/en/"),
                    set(&["/", "/t/career/", "/t/aus/", "/t/training/"]),
                ),
            ],
            ..Translations::default()
        };
        t.pair(Language::En, "/t/career/", "/t/beruf/");
        // German has /t/aus/ in English too: it pairs by its route.
        t.pair(Language::En, "/t/training/", "/t/aus/");
        // Paired already.
        t.pair(Language::En, "/t/training/", "/t/beruf/");
        let urls = |v: Vec<(Language, String)>| v.into_iter().map(|(_, u)| u).collect::<Vec<_>>();
        assert_eq!(
            urls(t.versions("/t/beruf/", Language::De)),
            ["https://x.org/t/beruf/", "https://x.org/en/t/career/"]
        );
        assert_eq!(
            urls(t.versions("/t/career/", Language::En)),
            ["https://x.org/t/beruf/", "https://x.org/en/t/career/"]
        );
        assert_eq!(
            urls(t.versions("/t/aus/", Language::En)),
            ["https://x.org/t/aus/", "https://x.org/en/t/aus/"]
        );
        assert!(t.versions("/t/training/", Language::En).is_empty());
        assert_eq!(
            t.switch("/t/career/", Language::En),
            [(Language::De, "https://x.org/t/beruf/".to_string(), true)]
        );
        assert_eq!(
            t.switch("/t/training/", Language::En),
            [(Language::De, "https://x.org/".to_string(), false)]
        );
    }
}
