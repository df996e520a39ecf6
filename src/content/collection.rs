//! The collections of Markdown items, each named once: the folder of its files, the
//! URL of its listing under which its items' pages lie, the templates and page kinds,
//! the breadcrumb and menu entry, and what `fachwerk new` calls it.
//!
//! Everything that treats items alike works on [`Collection`] and the item core
//! ([`super::model::ItemCore`]): loading, Markdown, values, the incremental build,
//! scaffolding. Only the front matter is typed per collection ([`FrontMatter`]);
//! [`Collection::visit`] is the one place that goes from a collection to its type.
//!
//! Adding a collection (job offers, say) takes: a variant here with its facts in
//! the `match`es of this file, a front-matter struct in `model.rs` with a field of
//! [`Site`] for its items, its [`FrontMatter`] implementation at the end of this
//! file, and its templates in the theme. The compiler names every `match` that lacks
//! the new variant.

use super::model::{Call, Event, Item, ItemCore, News, Page, Project, Site};
use crate::util::date::Date;
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A collection of Markdown items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Collection {
    /// Free pages (pages/**.md), whose URL follows their path.
    Page,
    /// Project examples (projects/).
    Project,
    /// Funding calls (calls/).
    Call,
    /// News (news/).
    News,
    /// Events (events/).
    Event,
}

/// A collection's listing page, under which its items' pages lie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Listing {
    /// Root-relative URL, e.g. `/projekte/`.
    pub(crate) url: &'static str,
    /// The template, e.g. `projects.html`.
    pub(crate) template: &'static str,
    /// `page.kind` of the listing, e.g. `projects`.
    pub(crate) kind: &'static str,
    /// Key of its title in the theme's strings (also the breadcrumb of its items).
    pub(crate) title: &'static str,
    /// Key of its menu entry in the theme's strings.
    pub(crate) nav: &'static str,
}

/// The subcommand of `fachwerk new` for a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NewCommand {
    /// `fachwerk new <name>`.
    pub(crate) name: &'static str,
    /// Its line in `fachwerk new --help`.
    pub(crate) help: &'static str,
    /// Its place in that help.
    pub(crate) order: u8,
}

impl Collection {
    /// Every collection, in the order of the model (and of `site` in templates).
    pub(crate) const ALL: [Collection; 5] = [
        Collection::Page,
        Collection::Project,
        Collection::Call,
        Collection::News,
        Collection::Event,
    ];

    /// Position in [`Collection::ALL`], for tables by collection.
    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// The folder of the collection's Markdown files, also its name in `site`
    /// (`site.projects`).
    pub(crate) const fn folder(self) -> &'static str {
        match self {
            Collection::Page => "pages",
            Collection::Project => "projects",
            Collection::Call => "calls",
            Collection::News => "news",
            Collection::Event => "events",
        }
    }

    /// The collection whose files lie in `folder`.
    pub(crate) fn of_folder(folder: &str) -> Option<Collection> {
        Collection::ALL.into_iter().find(|c| c.folder() == folder)
    }

    /// The template of an item's page.
    pub(crate) const fn template(self) -> &'static str {
        match self {
            Collection::Page => "page.html",
            Collection::Project => "project.html",
            Collection::Call => "call.html",
            Collection::News => "news.html",
            Collection::Event => "event.html",
        }
    }

    /// The file name of the JSON Schema of the collection's front matter
    /// (`fachwerk schema`).
    pub(crate) const fn schema_file(self) -> &'static str {
        match self {
            Collection::Page => "page.schema.json",
            Collection::Project => "project.schema.json",
            Collection::Call => "call.schema.json",
            Collection::News => "news.schema.json",
            Collection::Event => "event.schema.json",
        }
    }

    /// The file name of the JSON Schema of a translation's front matter
    /// (`pages/ueber-uns.en.md`): the collection's fields, none required, and
    /// `translation_of`.
    pub(crate) const fn translation_schema_file(self) -> &'static str {
        match self {
            Collection::Page => "page.translation.schema.json",
            Collection::Project => "project.translation.schema.json",
            Collection::Call => "call.translation.schema.json",
            Collection::News => "news.translation.schema.json",
            Collection::Event => "event.translation.schema.json",
        }
    }

    /// `page.kind` of an item's page.
    pub(crate) const fn kind(self) -> &'static str {
        match self {
            Collection::Page => "page",
            Collection::Project => "project",
            Collection::Call => "call",
            Collection::News => "news",
            Collection::Event => "event",
        }
    }

    /// The listing page; `None` for free pages.
    pub(crate) const fn listing(self) -> Option<Listing> {
        let (url, template, kind, title, nav) = match self {
            Collection::Page => return None,
            Collection::Project => (
                "/projekte/",
                "projects.html",
                "projects",
                "titles.projects",
                "nav.projects",
            ),
            Collection::Call => (
                "/projektaufrufe/",
                "calls.html",
                "calls",
                "titles.calls",
                "nav.calls",
            ),
            Collection::News => (
                "/aktuelles/",
                "news_list.html",
                "news_list",
                "titles.news",
                "nav.news",
            ),
            Collection::Event => (
                "/termine/",
                "events.html",
                "events",
                "titles.events",
                "nav.events",
            ),
        };
        Some(Listing {
            url,
            template,
            kind,
            title,
            nav,
        })
    }

    /// `fachwerk new <name>`: the subcommand that creates a new item.
    pub(crate) const fn new_command(self) -> NewCommand {
        let (name, help, order) = match self {
            Collection::Project => ("project", "A project example in projects/", 0),
            Collection::News => ("news", "A news item in news/", 1),
            Collection::Event => ("event", "An event in events/", 2),
            Collection::Call => ("call", "A funding call in calls/", 3),
            Collection::Page => ("page", "A free page in pages/", 4),
        };
        NewCommand { name, help, order }
    }

    /// Calls `v` with the front-matter type of this collection: the one place that
    /// goes from a collection to its type.
    pub(crate) fn visit<V: Visitor>(self, v: V) -> V::Out {
        match self {
            Collection::Page => v.visit::<Page>(),
            Collection::Project => v.visit::<Project>(),
            Collection::Call => v.visit::<Call>(),
            Collection::News => v.visit::<News>(),
            Collection::Event => v.visit::<Event>(),
        }
    }
}

/// The items of every collection alike, whatever their front matter.
impl Site {
    /// The items of `c`, in model order.
    pub(crate) fn cores(&self, c: Collection) -> Vec<&ItemCore> {
        struct Cores<'a>(&'a Site);
        impl<'a> Visitor for Cores<'a> {
            type Out = Vec<&'a ItemCore>;
            fn visit<T: FrontMatter>(self) -> Vec<&'a ItemCore> {
                T::items(self.0).iter().map(|i| &i.core).collect()
            }
        }
        c.visit(Cores(self))
    }

    /// Item `index` of `c`.
    pub(crate) fn core(&self, c: Collection, index: usize) -> Option<&ItemCore> {
        self.cores(c).get(index).copied()
    }

    /// Item `index` of `c`, to change.
    pub(crate) fn core_mut(&mut self, c: Collection, index: usize) -> &mut ItemCore {
        struct CoreMut<'a>(&'a mut Site, usize);
        impl<'a> Visitor for CoreMut<'a> {
            type Out = &'a mut ItemCore;
            fn visit<T: FrontMatter>(self) -> &'a mut ItemCore {
                &mut T::items_mut(self.0)[self.1].core
            }
        }
        c.visit(CoreMut(self, index))
    }

    /// The items of `c`, to change.
    pub(crate) fn cores_mut(&mut self, c: Collection) -> Vec<&mut ItemCore> {
        struct CoresMut<'a>(&'a mut Site);
        impl<'a> Visitor for CoresMut<'a> {
            type Out = Vec<&'a mut ItemCore>;
            fn visit<T: FrontMatter>(self) -> Vec<&'a mut ItemCore> {
                T::items_mut(self.0)
                    .iter_mut()
                    .map(|i| &mut i.core)
                    .collect()
            }
        }
        c.visit(CoresMut(self))
    }
}

/// Work on one collection that needs its front-matter type (reading it, serializing
/// its items, its JSON Schema): see [`Collection::visit`].
pub(crate) trait Visitor {
    /// What the work gives.
    type Out;
    /// Does the work for the collection whose front matter is `T`.
    fn visit<T: FrontMatter>(self) -> Self::Out;
}

/// The front matter of a collection's items: read from YAML, shown to templates,
/// described by a JSON Schema.
pub(crate) trait FrontMatter:
    DeserializeOwned + Serialize + JsonSchema + Send + Sync + 'static
{
    /// The collection.
    const COLLECTION: Collection;
    /// The items of the collection in `site`.
    fn items(site: &Site) -> &[Item<Self>];
    /// The same, to change.
    fn items_mut(site: &mut Site) -> &mut Vec<Item<Self>>;
    /// Left out of the build unless `--drafts`.
    fn is_draft(&self) -> bool;
    /// The first day the item is published (`publish:`; a news item also not before
    /// its `date`); a build for an earlier day leaves it out unless `--drafts`.
    fn publish_on(&self) -> Option<Date>;
    /// The page's title.
    fn title(&self) -> &str;
    /// The meta description of the item's page.
    fn description(&self) -> Option<&str>;
    /// The image that stands for the item (Open Graph) and its text alternative.
    fn image(&self) -> Option<(&str, Option<&str>)> {
        None
    }
    /// The front matter `fachwerk new` writes for a new item titled `title` (already
    /// quoted for YAML), with the id of a contact of the site if there is one.
    fn skeleton(title: &str, today: Date, contact: Option<&str>) -> String;
}

// The front matter of each collection.

impl FrontMatter for Page {
    const COLLECTION: Collection = Collection::Page;
    fn items(site: &Site) -> &[Item<Self>] {
        &site.pages
    }
    fn items_mut(site: &mut Site) -> &mut Vec<Item<Self>> {
        &mut site.pages
    }
    fn is_draft(&self) -> bool {
        self.draft
    }
    fn publish_on(&self) -> Option<Date> {
        self.publish
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    fn skeleton(title: &str, _: Date, _: Option<&str>) -> String {
        format!("title: {title}\ndescription: Ein Satz, der die Seite beschreibt.\ndraft: true\n")
    }
}

impl FrontMatter for Project {
    const COLLECTION: Collection = Collection::Project;
    fn items(site: &Site) -> &[Item<Self>] {
        &site.projects
    }
    fn items_mut(site: &mut Site) -> &mut Vec<Item<Self>> {
        &mut site.projects
    }
    fn is_draft(&self) -> bool {
        self.draft
    }
    fn publish_on(&self) -> Option<Date> {
        self.publish
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn description(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn image(&self) -> Option<(&str, Option<&str>)> {
        self.image
            .as_deref()
            .map(|i| (i, self.image_alt.as_deref()))
    }
    fn skeleton(title: &str, today: Date, contact: Option<&str>) -> String {
        let next = Date::from_days_since_epoch(today.days_since_epoch() + 365);
        let contact = match contact {
            Some(id) => format!("contact: {id}\n"),
            None => "# contact: id einer Person aus contacts.yaml\n".to_string(),
        };
        format!(
            "title: {title}\ncarrier: Name des Trägers\nperiod:\n  start: {today}\n  end: {next}\ntopics: [Berufsorientierung]\n# funding_amount: 25000\n{contact}summary: Ein bis zwei Sätze für die Übersicht.\ndraft: true\n"
        )
    }
}

impl FrontMatter for Call {
    const COLLECTION: Collection = Collection::Call;
    fn items(site: &Site) -> &[Item<Self>] {
        &site.calls
    }
    fn items_mut(site: &mut Site) -> &mut Vec<Item<Self>> {
        &mut site.calls
    }
    fn is_draft(&self) -> bool {
        self.draft
    }
    fn publish_on(&self) -> Option<Date> {
        self.publish
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn description(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn skeleton(title: &str, today: Date, _: Option<&str>) -> String {
        format!(
            "title: {title}\ndeadline: {}\npublished: {today}\npriorities: []\neligible: []\nsubmit_to: geschaeftsstelle\ndocuments: []\nsummary: Worum es in diesem Aufruf geht.\ndraft: true\n",
            Date::from_days_since_epoch(today.days_since_epoch() + 90)
        )
    }
}

impl FrontMatter for News {
    const COLLECTION: Collection = Collection::News;
    fn items(site: &Site) -> &[Item<Self>] {
        &site.news
    }
    fn items_mut(site: &mut Site) -> &mut Vec<Item<Self>> {
        &mut site.news
    }
    fn is_draft(&self) -> bool {
        self.draft
    }
    fn publish_on(&self) -> Option<Date> {
        Some(self.publish.map_or(self.date, |p| p.max(self.date)))
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn description(&self) -> Option<&str> {
        Some(&self.summary)
    }
    fn image(&self) -> Option<(&str, Option<&str>)> {
        self.image
            .as_deref()
            .map(|i| (i, self.image_alt.as_deref()))
    }
    fn skeleton(title: &str, today: Date, _: Option<&str>) -> String {
        format!(
            "title: {title}\ndate: {today}\nsummary: Ein bis zwei Sätze für die Übersicht und den Feed.\ndraft: true\n"
        )
    }
}

impl FrontMatter for Event {
    const COLLECTION: Collection = Collection::Event;
    fn items(site: &Site) -> &[Item<Self>] {
        &site.events
    }
    fn items_mut(site: &mut Site) -> &mut Vec<Item<Self>> {
        &mut site.events
    }
    fn is_draft(&self) -> bool {
        self.draft
    }
    fn publish_on(&self) -> Option<Date> {
        self.publish
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn description(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn skeleton(title: &str, today: Date, _: Option<&str>) -> String {
        format!(
            "title: {title}\nstart: {today} 10:00\nend: {today} 12:00\nlocation: Ort und Anschrift\nregistration: anmeldung@example.org\ndraft: true\n"
        )
    }
}
