//! The site model: typed content as editors write it (deserialised with
//! `deny_unknown_fields`) plus the fields fachwerk derives (URLs, resolved references).
//!
//! Every struct also serialises: the model is what templates see, so there is no
//! second set of "view" types to keep in step.

use super::config::Config;
pub(crate) use super::translate::Inherited;
use crate::messages::Language;
use crate::util::date::{Date, DateTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The whole site after loading and resolving references.
#[derive(Debug, Serialize)]
pub struct Site {
    /// site.yaml.
    pub config: Config,
    /// Free pages from pages/**.md.
    pub pages: Vec<Item<Page>>,
    /// partners.yaml, in file order.
    pub partners: Vec<Partner>,
    /// contacts.yaml, in file order.
    pub contacts: Vec<Contact>,
    /// Projects, newest period first.
    pub projects: Vec<Item<Project>>,
    /// Topics of the projects, alphabetical.
    pub topics: Vec<Topic>,
    /// Funding calls, latest deadline first.
    pub calls: Vec<Item<Call>>,
    /// News, newest first.
    pub news: Vec<Item<News>>,
    /// Events, earliest first.
    pub events: Vec<Item<Event>>,
    /// documents.yaml, in file order.
    pub documents: Vec<Document>,
    /// privacy.yaml.
    pub privacy: Privacy,
    /// Providers of the two-click embeds in the bodies, filled by the Markdown step;
    /// /datenschutz/ names them.
    pub embeds: Vec<Provider>,
    /// The credited images of the site, filled by the Markdown step; the Impressum's
    /// Bildnachweis lists them.
    pub image_credits: Vec<ImageCredit>,
    /// Files under static/, copied as they are (HTML is post-processed).
    #[serde(skip)]
    pub static_files: Vec<StaticFile>,
    /// Templates under templates/ that override the theme's.
    #[serde(skip)]
    pub template_overrides: Vec<TemplateSource>,
    /// The date the build is made for: decides open calls and upcoming events.
    pub build_date: Date,
    /// In another language than the site's main one: the URLs of the main language's
    /// pages in Leichte Sprache and Gebärdensprache, which every header links as
    /// they are (they are German by nature). Empty for the main language.
    #[serde(skip)]
    pub shared_pages: Vec<String>,
    /// The language of the messages to editors: the site's, unless `--lang` or
    /// `FACHWERK_LANG` chose another.
    #[serde(skip)]
    pub lang: crate::messages::Language,
}

/// A Markdown file: its front matter `data` and what fachwerk derives from it, the
/// same for every collection ([`ItemCore`], which the item derefs to).
#[derive(Debug, Serialize)]
pub struct Item<T> {
    /// The front matter.
    #[serde(flatten)]
    pub data: T,
    /// What every item has.
    #[serde(flatten)]
    pub core: ItemCore,
}

/// What fachwerk knows of every item whatever its collection: where it comes from,
/// its address, its body and the body's HTML. Loading, Markdown, the incremental
/// build and values work on this alone.
#[derive(Debug, Serialize)]
pub struct ItemCore {
    /// URL segment from the file name.
    pub slug: String,
    /// Root-relative URL, e.g. `/projekte/azubi-lotsen/`.
    pub url: String,
    /// The body as HTML, filled by the Markdown step.
    pub content: String,
    /// Source file, relative to the site, for messages.
    #[serde(skip)]
    pub source: PathBuf,
    /// The Markdown body.
    #[serde(skip)]
    pub body: String,
    /// 1-based line of the file where the body starts.
    #[serde(skip)]
    pub body_line: usize,
    /// Where the body stands in its file when the loader kept no copy of it
    /// (`body` is then empty): the Markdown step reads it again from the file.
    #[serde(skip)]
    pub body_at: Option<BodyAt>,
    /// Hash of the front matter's text: `serve` re-renders only the item's own page
    /// when an edit left it as it was.
    #[serde(skip)]
    pub front_hash: u64,
    /// Providers of the embeds in the body, filled by the Markdown step.
    #[serde(skip)]
    pub embeds: Vec<Provider>,
    /// The images of the body (address as written, credit from the Markdown title),
    /// filled by the Markdown step.
    #[serde(skip)]
    pub images: Vec<(String, Option<String>)>,
    /// The body as plain text (no markup, blocks apart by a space), filled by the
    /// Markdown step in the same pass: the search index reads it.
    #[serde(skip)]
    pub text: String,
    /// The day a scheduled item goes live, when it lies after the build date: only
    /// a preview (`serve`, `--drafts`) has such items, and the templates mark them
    /// as not yet published.
    pub scheduled: Option<crate::util::date::Date>,
    /// The body's `##` headings (id and text), filled by the Markdown step: a text
    /// page with three or more shows them as its table of contents.
    pub outline: Vec<Heading>,
    /// The language of a body taken over from the original, because its
    /// translation has none: the Markdown step marks that passage with it (WCAG
    /// 3.1.2, language of parts). `None` for a body in the page's own language.
    #[serde(skip)]
    pub body_lang: Option<Language>,
    /// The front-matter fields a translation takes over from its original
    /// (see [`Inherited`]); empty for an item in its own language.
    #[serde(skip_serializing_if = "Inherited::is_empty")]
    pub inherited: Inherited,
    /// The Markdown step left the body's HTML to the page that shows the item
    /// (`build`, `check`, when no template reads another item's body): `content`
    /// is empty and not among the item's Tera values, and the item's page converts
    /// the body again right before rendering, so that the HTML of all bodies is
    /// never in memory at once.
    #[serde(skip)]
    pub html_later: bool,
}

/// Where a body stands in its file (as [`crate::util::source::SourceFile`] decodes
/// it), so that a build which makes each page once reads it again right before
/// converting it instead of keeping every body from loading on: its length and hash
/// tell whether the file changed in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyAt {
    /// Byte offset of the body in the decoded text; the body runs to its end.
    pub start: usize,
    /// The body's length in bytes.
    pub len: usize,
    /// [`BodyAt::hash`] of the body.
    pub hash: u64,
}

impl BodyAt {
    /// Where `body`, the end of `text`, stands in it.
    pub(crate) fn of(text: &str, body: &str) -> BodyAt {
        BodyAt {
            start: text.len() - body.len(),
            len: body.len(),
            hash: Self::hash(body),
        }
    }

    /// A fast hash of a body (not for security: it notices an edit in between).
    pub(crate) fn hash(body: &str) -> u64 {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        h.write(body.as_bytes());
        h.finish()
    }

    /// The body in `text`, the file read again; `None` when it is not the one
    /// loaded.
    pub(crate) fn body_in<'t>(&self, text: &'t str) -> Option<&'t str> {
        let body = text.get(self.start..)?;
        (body.len() == self.len && Self::hash(body) == self.hash).then_some(body)
    }
}

/// A `##` heading of a body: its id (the anchor) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// The id, `unser-auftrag`.
    pub id: String,
    /// The text as plain text.
    pub text: String,
}

impl<T> std::ops::Deref for Item<T> {
    type Target = ItemCore;
    fn deref(&self) -> &ItemCore {
        &self.core
    }
}

impl<T> std::ops::DerefMut for Item<T> {
    fn deref_mut(&mut self) -> &mut ItemCore {
        &mut self.core
    }
}

/// A credited image of the site, for the Impressum's Bildnachweis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageCredit {
    /// The image's address as written.
    pub image: String,
    /// The credit, `Foto: Erika Musterfrau`.
    pub credit: String,
    /// URL of the first page that shows it.
    pub page: String,
    /// That page's title.
    pub title: String,
}

/// A free page (pages/**.md).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Page heading and title.
    pub title: String,
    /// Meta description.
    pub description: Option<String>,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Published from this day on: a build for an earlier day leaves the item out
    /// (unless `--drafts`), so that it goes live with the first build on that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<Date>,
}

/// The roles in the alliance's committee.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Vorsitz.
    Chair,
    /// Stellvertretender Vorsitz.
    DeputyChair,
    /// Geschäftsführendes Mitglied.
    ManagingMember,
    /// Mitglied.
    Member,
}

/// What kind of body a partner is; the Fachkräfterichtlinie expects certain kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    /// Landkreis.
    County,
    /// Stadt or Gemeinde.
    City,
    /// IHK, HWK.
    Chamber,
    /// Arbeitgeber- or Unternehmerverband, Kreishandwerkerschaft.
    Employers,
    /// Gewerkschaft.
    Union,
    /// Agentur für Arbeit.
    EmploymentAgency,
    /// Jobcenter.
    Jobcenter,
    /// Schulen, LaSuB.
    School,
    /// Hochschule.
    University,
    /// Wirtschaftsförderung.
    BusinessDevelopment,
    /// Migrationsberatung.
    Migration,
    /// Gleichstellung.
    Equality,
    /// Anything else.
    Other,
}

/// A member of the alliance (partners.yaml).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// Full name.
    pub name: String,
    /// Abbreviation, e.g. "IHK".
    pub short_name: Option<String>,
    /// Website.
    pub url: Option<String>,
    /// Logo under static/.
    pub logo: Option<String>,
    /// Text alternative of the logo.
    pub logo_alt: Option<String>,
    /// What the partner contributes.
    pub description: Option<String>,
    /// Role in the committee.
    pub role: Role,
    /// Kind of body.
    pub kind: PartnerKind,
    /// The fields taken over from the main language, in another language's site
    /// (see [`Inherited`]).
    #[serde(skip_deserializing, skip_serializing_if = "Inherited::is_empty")]
    pub inherited: Inherited,
}

/// A person to contact (contacts.yaml, or inline in a project).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Reference used by projects and calls; absent for inline contacts.
    #[serde(default)]
    pub id: String,
    /// Name.
    pub name: String,
    /// Function, e.g. "Leiterin der Geschäftsstelle".
    pub function: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// Phone number as written.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Postal address, may span lines.
    pub address: Option<String>,
    /// `tel:` URI derived from the phone number.
    #[serde(skip_deserializing)]
    pub phone_uri: Option<String>,
    /// The fields taken over from the main language, in another language's site
    /// (see [`Inherited`]).
    #[serde(skip_deserializing, skip_serializing_if = "Inherited::is_empty")]
    pub inherited: Inherited,
}

/// A contact given by id or written inline.
#[derive(Debug, Clone)]
pub enum ContactRef {
    /// An id from contacts.yaml.
    Id(String),
    /// A contact written in place.
    Inline(Box<Contact>),
}

impl JsonSchema for ContactRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ContactRef".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let inline = generator.subschema_for::<Contact>();
        schemars::json_schema!({
            "description": "The id of a contact from contacts.yaml, or a contact written in place.",
            "oneOf": [{ "type": "string" }, inline]
        })
    }
}

/// Reads a plain id or a mapping. Unlike `#[serde(untagged)]`, a mistake inside an
/// inline contact keeps its own message and location ("unknown field `telefon`").
impl<'de> Deserialize<'de> for ContactRef {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ContactRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the id of a contact from contacts.yaml, or name, phone and email indented below")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ContactRef, E> {
                Ok(ContactRef::Id(v.trim().to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ContactRef, A::Error> {
                Contact::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|c| ContactRef::Inline(Box::new(c)))
            }
        }
        de.deserialize_any(V)
    }
}

/// A period of time, e.g. a project's duration.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

/// A project example (projects/*.md).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Title.
    pub title: String,
    /// Träger: the organisation that carries out the project.
    pub carrier: String,
    /// Duration.
    pub period: Period,
    /// Topics; each gets a page listing its projects.
    pub topics: Vec<String>,
    /// Funding in euros.
    pub funding_amount: Option<f64>,
    /// Contact id or inline contact.
    #[serde(skip_serializing)]
    pub contact: Option<ContactRef>,
    /// Project website.
    pub website: Option<String>,
    /// Image under static/.
    pub image: Option<String>,
    /// Text alternative of the image.
    pub image_alt: Option<String>,
    /// Who made the image ("Foto: Name"): shown under it and in the Impressum's
    /// Bildnachweis (§ 13 UrhG).
    pub image_credit: Option<String>,
    /// Teaser for listings.
    pub summary: Option<String>,
    /// Left out unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Published from this day on: a build for an earlier day leaves the item out
    /// (unless `--drafts`), so that it goes live with the first build on that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<Date>,
    /// The resolved contact.
    #[serde(skip_deserializing)]
    pub contact_person: Option<Contact>,
    /// Topics with their URLs.
    #[serde(skip_deserializing)]
    pub topic_links: Vec<Topic>,
    /// The funding amount formatted in German ("45.000 €").
    #[serde(skip_deserializing)]
    pub funding_label: Option<String>,
}

/// A project topic.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Topic {
    /// As written by the editor.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// `/projekte/thema/<slug>/`.
    pub url: String,
    /// Number of projects.
    pub count: usize,
}

/// A funding call (calls/*.md).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// Title.
    pub title: String,
    /// Last day to submit.
    pub deadline: Date,
    /// Publication date.
    pub published: Option<Date>,
    /// When funded projects may run.
    pub project_period: Option<Period>,
    /// Funding priorities.
    #[serde(default)]
    pub priorities: Vec<String>,
    /// Who may apply.
    #[serde(default)]
    pub eligible: Vec<String>,
    /// Available budget as text.
    pub budget: Option<String>,
    /// Contact id where applications go.
    #[serde(skip_serializing)]
    pub submit_to: Option<String>,
    /// Document ids.
    #[serde(default, skip_serializing)]
    pub documents: Vec<String>,
    /// Teaser.
    pub summary: Option<String>,
    /// Left out unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Published from this day on: a build for an earlier day leaves the item out
    /// (unless `--drafts`), so that it goes live with the first build on that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<Date>,
    /// Open on the build date (deadline not passed).
    #[serde(skip_deserializing)]
    pub is_open: bool,
    /// Resolved `submit_to`.
    #[serde(skip_deserializing)]
    pub submit_contact: Option<Contact>,
    /// Resolved `documents`.
    #[serde(skip_deserializing)]
    pub document_list: Vec<Document>,
}

/// A news item (news/*.md).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct News {
    /// Title.
    pub title: String,
    /// Publication date.
    pub date: Date,
    /// Teaser, also the feed summary.
    pub summary: String,
    /// Image under static/.
    pub image: Option<String>,
    /// Text alternative of the image.
    pub image_alt: Option<String>,
    /// Who made the image ("Foto: Name"): shown under it and in the Impressum's
    /// Bildnachweis (§ 13 UrhG).
    pub image_credit: Option<String>,
    /// Left out unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Published from this day on: a build for an earlier day leaves the item out
    /// (unless `--drafts`), so that it goes live with the first build on that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<Date>,
}

/// An event (events/*.md).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Title.
    pub title: String,
    /// Start, with or without time.
    pub start: DateTime,
    /// End, with or without time.
    pub end: Option<DateTime>,
    /// Venue address.
    pub location: Option<String>,
    /// Takes place online.
    #[serde(default)]
    pub online: bool,
    /// Registration: URL, e-mail address or text.
    pub registration: Option<String>,
    /// Teaser.
    pub summary: Option<String>,
    /// Left out unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Published from this day on: a build for an earlier day leaves the item out
    /// (unless `--drafts`), so that it goes live with the first build on that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<Date>,
    /// Not yet over on the build date.
    #[serde(skip_deserializing)]
    pub upcoming: bool,
    /// `registration` as a link target, when it is a URL or e-mail address.
    #[serde(skip_deserializing)]
    pub registration_href: Option<String>,
}

/// A downloadable document (documents.yaml).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Reference used by calls.
    pub id: String,
    /// Title.
    pub title: String,
    /// Path under static/.
    pub file: String,
    /// What it contains.
    pub description: Option<String>,
    /// Date of the document.
    pub date: Option<Date>,
    /// Root-relative URL of the file.
    #[serde(skip_deserializing)]
    pub url: String,
    /// Type and size, e.g. "PDF, 1,2 MB".
    #[serde(skip_deserializing)]
    pub format_label: String,
    /// The fields taken over from the main language, in another language's site
    /// (see [`Inherited`]).
    #[serde(skip_deserializing, skip_serializing_if = "Inherited::is_empty")]
    pub inherited: Inherited,
}

/// privacy.yaml: consent categories and the services used.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Consent categories.
    #[serde(default)]
    pub categories: Vec<ConsentCategory>,
    /// Services and their cookies.
    #[serde(default)]
    pub services: Vec<Service>,
}

/// A consent category.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentCategory {
    /// Reference used by services.
    pub id: String,
    /// Name shown in the dialog.
    pub title: String,
    /// What it is for.
    pub description: Option<String>,
    /// Essential: needs no consent.
    #[serde(default)]
    pub required: bool,
    /// The fields taken over from the main language, in another language's site
    /// (see [`Inherited`]).
    #[serde(skip_deserializing, skip_serializing_if = "Inherited::is_empty")]
    pub inherited: Inherited,
}

/// A service that processes visitors' data.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Name.
    pub name: String,
    /// Who runs it.
    pub provider: String,
    /// Category id.
    pub category: String,
    /// Purpose.
    pub purpose: String,
    /// Legal basis, if not the category's default.
    pub legal_basis: Option<String>,
    /// Cookies it sets.
    #[serde(default)]
    pub cookies: Vec<Cookie>,
    /// Script under static/, loaded only after consent.
    pub script: Option<String>,
    /// The fields taken over from the main language, in another language's site
    /// (see [`Inherited`]).
    #[serde(skip_deserializing, skip_serializing_if = "Inherited::is_empty")]
    pub inherited: Inherited,
}

/// A cookie set by a service.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cookie {
    /// Cookie name.
    pub name: String,
    /// How long it lives.
    pub duration: String,
    /// What it is for.
    pub purpose: String,
    /// The fields taken over from the main language, in another language's site
    /// (see [`Inherited`]).
    #[serde(skip_deserializing, skip_serializing_if = "Inherited::is_empty")]
    pub inherited: Inherited,
}

/// A third party whose content can be embedded, named on /datenschutz/.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Provider {
    /// Key in a block's `provider:` (`youtube`, `vimeo`, `openstreetmap`).
    pub key: &'static str,
    /// Name as visitors know it.
    pub name: &'static str,
    /// The company behind it and its address (Art. 13 (1) e DSGVO: recipient).
    pub operator: &'static str,
    /// Its privacy policy.
    pub policy: &'static str,
}

/// A file under static/.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path relative to static/ (= path in the output).
    pub rel: PathBuf,
    /// Where it is on disk.
    pub abs: PathBuf,
    /// Size in bytes.
    pub size: u64,
}

/// A template override from the site's templates/ directory.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Template name, e.g. `project.html`.
    pub name: String,
    /// Path relative to the site, for messages.
    pub rel: PathBuf,
    /// The text.
    pub text: String,
}

macro_rules! inherits {
    ($($t:ty),*) => {$(
        impl super::translate::Inherits for $t {
            fn inherited_mut(&mut self) -> &mut Inherited {
                &mut self.inherited
            }
        }
    )*};
}
inherits!(Partner, Contact, Document, ConsentCategory, Service, Cookie);
