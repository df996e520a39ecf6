//! The model as Tera values, made once per build and shared by every page.
//!
//! Each item is serialized once, in parallel. `site`, `lists`, a page's `item` and a
//! topic page's `projects` then hold the same values: Tera's maps, arrays and long
//! strings are reference-counted, so sharing an item is a pointer copy, not a copy
//! of its text. Serializing the whole site per global (and each item again per
//! page) used to be a quarter of the rendering time.

use crate::content::collection::{Collection, FrontMatter, Visitor};
use crate::content::model::*;
use rayon::prelude::*;
use tera::Value;

/// Every Markdown item of the site as a Tera value, by collection, in model order.
#[derive(Default)]
pub(crate) struct ItemValues {
    /// By [`Collection::index`].
    by_collection: [Vec<Value>; Collection::ALL.len()],
}

/// Serializes the items of one collection, in parallel.
struct Serialized<'a>(&'a Site);

impl Visitor for Serialized<'_> {
    type Out = Vec<Value>;
    fn visit<T: FrontMatter>(self) -> Vec<Value> {
        T::items(self.0)
            .par_iter()
            .map(Value::from_serializable)
            .collect()
    }
}

/// Serializes the items of one collection, in parallel, each item's HTML moved
/// into its value (see [`ItemValues::taking`]).
struct Taken<'a>(&'a mut Site);

impl Visitor for Taken<'_> {
    type Out = Vec<Value>;
    fn visit<T: FrontMatter>(self) -> Vec<Value> {
        T::items_mut(self.0)
            .par_iter_mut()
            .map(|item| {
                let value = Value::from_serializable(&*item);
                item.core.content = String::new();
                if item.core.html_later {
                    // No template reads it (else the Markdown step keeps it): a
                    // template that still did would fail instead of showing nothing.
                    let mut map = value.into_map().unwrap_or_default();
                    map.remove(&CONTENT.into());
                    Value::from(map)
                } else {
                    value
                }
            })
            .collect()
    }
}

impl ItemValues {
    /// Serializes every item of `site` and drops each item's own copy of its HTML
    /// as soon as its value holds it, so that the two copies of all bodies are never
    /// in memory together. For a build that makes every page once: the templates
    /// read the HTML from the values; an incremental build needs [`ItemValues::new`].
    pub(crate) fn taking(site: &mut Site) -> ItemValues {
        ItemValues {
            by_collection: Collection::ALL.map(|c| c.visit(Taken(site))),
        }
    }

    /// The values for a build: [`ItemValues::taking`] when every page is made
    /// `once` (`build`, `check`), else [`ItemValues::new`], which leaves the HTML in
    /// the model for the incremental builds that follow.
    pub(crate) fn for_build(site: &mut Site, once: bool) -> ItemValues {
        if once {
            ItemValues::taking(site)
        } else {
            ItemValues::new(site)
        }
    }

    /// Serializes every item of `site`.
    pub(crate) fn new(site: &Site) -> ItemValues {
        ItemValues {
            by_collection: Collection::ALL.map(|c| c.visit(Serialized(site))),
        }
    }

    /// The values of the items of `c`.
    pub(crate) fn of(&self, c: Collection) -> &[Value] {
        &self.by_collection[c.index()]
    }

    /// Serializes item `index` of `c` again, after its body changed.
    pub(crate) fn update(&mut self, site: &Site, c: Collection, index: usize) {
        struct One<'a>(&'a Site, usize);
        impl Visitor for One<'_> {
            type Out = Option<Value>;
            fn visit<T: FrontMatter>(self) -> Option<Value> {
                T::items(self.0).get(self.1).map(Value::from_serializable)
            }
        }
        if let (Some(value), Some(slot)) = (
            c.visit(One(site, index)),
            self.by_collection[c.index()].get_mut(index),
        ) {
            *slot = value;
        }
    }

    /// `site` for the templates: the model with these item values in it; equal to
    /// serializing the model (a test holds the two together).
    pub(crate) fn site(&self, site: &Site) -> Value {
        let mut map = self.site_rest(site).into_map().unwrap_or_default();
        for c in Collection::ALL {
            map.insert(c.folder().into(), Value::from(self.of(c).to_vec()));
        }
        Value::from(map)
    }

    /// The parts of `site` that are not item collections.
    pub(crate) fn site_rest(&self, site: &Site) -> Value {
        /// The fields of [`Site`] that are not item collections, by reference.
        #[derive(serde::Serialize)]
        struct Rest<'a> {
            config: &'a crate::content::config::Config,
            partners: &'a [Partner],
            contacts: &'a [Contact],
            topics: &'a [Topic],
            documents: &'a [Document],
            privacy: &'a Privacy,
            embeds: &'a [Provider],
            image_credits: &'a [crate::content::model::ImageCredit],
            build_date: &'a crate::util::date::Date,
        }
        let rest = Rest {
            config: &site.config,
            partners: &site.partners,
            contacts: &site.contacts,
            topics: &site.topics,
            documents: &site.documents,
            privacy: &site.privacy,
            embeds: &site.embeds,
            image_credits: &site.image_credits,
            build_date: &site.build_date,
        };
        Value::from_serializable(&rest)
    }
}

/// The key of an item's body HTML among its values.
const CONTENT: &str = "content";

/// An item's value with the HTML of its body put in (`html`, made for its page
/// when the Markdown step left it; see [`ItemValues::taking`]), else as it is.
pub(crate) fn with_content(value: Value, html: Option<&str>) -> Value {
    let Some(html) = html else {
        return value;
    };
    let mut map = value.into_map().unwrap_or_default();
    map.insert(CONTENT.into(), Value::from(html));
    Value::from(map)
}

/// The values at `indices`, as one array.
pub(crate) fn pick(values: &[Value], indices: &[usize]) -> Value {
    Value::from(
        indices
            .iter()
            .map(|&i| values[i].clone())
            .collect::<Vec<_>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_shared_site_value_equals_the_serialized_model() {
        let opts = crate::content::LoadOptions {
            drafts: false,
            scheduled: false,
            base_url: None,
            build_date: crate::util::date::Date::parse("2026-11-21").unwrap(),
            lang: None,
            variant: None,
            keep_bodies: true,
        };
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let (mut site, _) = crate::content::load(&root, &opts).unwrap();
        for p in &mut site.projects {
            p.content = format!("<p>{}</p>", p.data.title);
        }
        let shared = ItemValues::new(&site).site(&site);
        let plain = Value::from_serializable(&site);
        assert_eq!(shared, plain);
        assert!(
            shared
                .as_map()
                .and_then(|m| m.get(&"projects".into()))
                .is_some_and(|p| p.as_array().is_some_and(|v| !v.is_empty()))
        );
    }
}
