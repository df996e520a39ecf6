//! Listings computed once per build and shared by all pages through Tera's global
//! context: partners by role, projects by year, open and closed calls, upcoming and
//! past events, the latest news, and the main menu. Listings of items hold their
//! indices; [`Lists::value`] makes them of the items' shared values.

use super::values::{ItemValues, pick};
use crate::content::collection::Collection;
use crate::content::model::*;
use crate::content::routes;
use serde::Serialize;
use tera::Value;

/// Partners that share a role.
#[derive(Serialize)]
pub(super) struct PartnerGroup<'a> {
    role: Role,
    /// Heading of the group, from the strings file.
    title: String,
    partners: Vec<&'a Partner>,
}

/// Projects that started in one year, by index.
pub(super) struct YearGroup {
    year: i32,
    projects: Vec<usize>,
}

/// A menu entry.
#[derive(Serialize)]
pub(super) struct NavLink {
    title: String,
    path: String,
}

/// A header link to a page in Leichte Sprache or Gebärdensprache.
#[derive(Serialize)]
pub(super) struct AccessLink {
    /// `easy` or `sign`: chooses the pictogram.
    kind: &'static str,
    /// The link text, from the strings file (German in every language: the pages
    /// are German).
    title: String,
    path: &'static str,
}

/// All listings; templates see them as `lists`.
pub(super) struct Lists<'a> {
    partner_groups: Vec<PartnerGroup<'a>>,
    projects_by_year: Vec<YearGroup>,
    open_calls: Vec<usize>,
    closed_calls: Vec<usize>,
    upcoming_events: Vec<usize>,
    past_events: Vec<usize>,
    latest_news: Vec<usize>,
    nav: Vec<NavLink>,
    access: Vec<AccessLink>,
}

/// How many news the home page shows.
const HOME_NEWS: usize = 3;

impl<'a> Lists<'a> {
    /// Computes the listings of `site`.
    pub(super) fn new(site: &'a Site, strings: &serde_json::Value) -> Lists<'a> {
        let mut partner_groups: Vec<PartnerGroup> = Vec::new();
        let mut by_role: Vec<&Partner> = site.partners.iter().collect();
        by_role.sort_by_key(|p| p.role); // stable: file order within a role
        for p in by_role {
            match partner_groups.last_mut() {
                Some(g) if g.role == p.role => g.partners.push(p),
                _ => partner_groups.push(PartnerGroup {
                    role: p.role,
                    title: super::text(strings, &format!("roles.{}", role_key(p.role))),
                    partners: vec![p],
                }),
            }
        }
        let mut projects_by_year: Vec<YearGroup> = Vec::new();
        for (i, p) in site.projects.iter().enumerate() {
            let year = p.data.period.start.year;
            match projects_by_year.last_mut() {
                Some(g) if g.year == year => g.projects.push(i),
                _ => projects_by_year.push(YearGroup {
                    year,
                    projects: vec![i],
                }),
            }
        }
        let (open_calls, closed_calls) =
            (0..site.calls.len()).partition(|&i| site.calls[i].data.is_open);
        let (upcoming_events, mut past_events): (Vec<_>, Vec<_>) =
            (0..site.events.len()).partition(|&i| site.events[i].data.upcoming);
        past_events.reverse();
        Lists {
            partner_groups,
            projects_by_year,
            open_calls,
            closed_calls,
            upcoming_events,
            past_events,
            latest_news: (0..site.news.len().min(HOME_NEWS)).collect(),
            nav: nav(site, strings),
            access: access(site, strings),
        }
    }

    /// The listings as the templates see them, made of the items' shared values.
    pub(super) fn value(&self, values: &ItemValues) -> Value {
        let mut map = tera::Map::new();
        let mut put = |key: &str, v: Value| {
            map.insert(key.to_string().into(), v);
        };
        put(
            "partner_groups",
            Value::from_serializable(&self.partner_groups),
        );
        let years: Vec<Value> = self
            .projects_by_year
            .iter()
            .map(|g| {
                let mut m = tera::Map::new();
                m.insert("year".into(), Value::from(g.year));
                m.insert(
                    "projects".into(),
                    pick(values.of(Collection::Project), &g.projects),
                );
                Value::from(m)
            })
            .collect();
        put("projects_by_year", Value::from(years));
        put(
            "open_calls",
            pick(values.of(Collection::Call), &self.open_calls),
        );
        put(
            "closed_calls",
            pick(values.of(Collection::Call), &self.closed_calls),
        );
        put(
            "upcoming_events",
            pick(values.of(Collection::Event), &self.upcoming_events),
        );
        put(
            "past_events",
            pick(values.of(Collection::Event), &self.past_events),
        );
        put(
            "latest_news",
            pick(values.of(Collection::News), &self.latest_news),
        );
        put("nav", Value::from_serializable(&self.nav));
        put("access", Value::from_serializable(&self.access));
        Value::from(map)
    }
}

fn role_key(r: Role) -> &'static str {
    match r {
        Role::Chair => "chair",
        Role::DeputyChair => "deputy_chair",
        Role::ManagingMember => "managing_member",
        Role::Member => "member",
    }
}

/// The menus as the templates see them (`lists.nav`, `lists.access`): every page
/// shows them, so a change of either renders every page again.
pub(crate) fn menu(site: &Site, strings: &serde_json::Value) -> Value {
    Value::from(vec![
        Value::from_serializable(&nav(site, strings)),
        Value::from_serializable(&access(site, strings)),
    ])
}

/// The header links to the pages in Leichte Sprache and Gebärdensprache that exist
/// (in another language: that the main language has).
fn access(site: &Site, strings: &serde_json::Value) -> Vec<AccessLink> {
    [
        ("easy", routes::EASY_LANGUAGE, "access.easy"),
        ("sign", routes::SIGN_LANGUAGE, "access.sign"),
    ]
    .into_iter()
    .filter(|(_, path, _)| {
        site.pages.iter().any(|p| p.url == *path) || site.shared_pages.iter().any(|p| p == path)
    })
    .map(|(kind, path, key)| AccessLink {
        kind,
        title: super::text(strings, key),
        path,
    })
    .collect()
}

/// The free page the default menu links first, when the site has it.
const ABOUT: &str = "/ueber-uns/";

/// site.yaml's menu, or one entry per section that has content.
fn nav(site: &Site, strings: &serde_json::Value) -> Vec<NavLink> {
    if let Some(items) = &site.config.navigation {
        return items
            .iter()
            .map(|i| NavLink {
                title: i.title.clone(),
                path: i.path.clone(),
            })
            .collect();
    }
    let has_page = |url: &str| site.pages.iter().any(|p| p.url == url);
    let listing = |c: Collection| {
        let l = c.listing();
        let has = !site.cores(c).is_empty();
        (l.map_or("", |l| l.nav), l.map_or("", |l| l.url), has)
    };
    let entries = [
        ("nav.about", ABOUT, has_page(ABOUT)),
        (
            "nav.partners",
            routes::PARTNERS.url,
            !site.partners.is_empty(),
        ),
        listing(Collection::Project),
        listing(Collection::Call),
        listing(Collection::News),
        listing(Collection::Event),
        (
            "nav.documents",
            routes::DOCUMENTS.url,
            !site.documents.is_empty(),
        ),
        ("nav.contact", routes::CONTACTS.url, true),
    ];
    entries
        .into_iter()
        .filter(|(_, _, show)| *show)
        .map(|(key, path, _)| NavLink {
            title: super::text(strings, key),
            path: path.into(),
        })
        .collect()
}
