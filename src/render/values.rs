//! The model as Tera values, made once per build and shared by every page.
//!
//! Each item is serialized once, in parallel. `site`, `lists`, a page's `item` and a
//! topic page's `projects` then hold the same values: Tera's maps, arrays and long
//! strings are reference-counted, so sharing an item is a pointer copy, not a copy
//! of its text. Serializing the whole site per global (and each item again per
//! page) used to be a quarter of the rendering time.

use crate::content::model::*;
use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

/// Every Markdown item of the site as a Tera value, by collection, in model order.
pub(crate) struct ItemValues {
    pub pages: Vec<Value>,
    pub projects: Vec<Value>,
    pub calls: Vec<Value>,
    pub news: Vec<Value>,
    pub events: Vec<Value>,
}

fn values<T: Serialize + Sync>(items: &[Item<T>]) -> Vec<Value> {
    items.par_iter().map(Value::from_serializable).collect()
}

impl ItemValues {
    /// Serializes every item of `site`.
    pub fn new(site: &Site) -> ItemValues {
        ItemValues {
            pages: values(&site.pages),
            projects: values(&site.projects),
            calls: values(&site.calls),
            news: values(&site.news),
            events: values(&site.events),
        }
    }

    /// `site` for the templates: the model with these item values in it; equal to
    /// serializing the model (a test holds the two together).
    pub fn site(&self, site: &Site) -> Value {
        let mut map = self.site_rest(site).into_map().unwrap_or_default();
        for (key, items) in [
            ("pages", &self.pages),
            ("projects", &self.projects),
            ("calls", &self.calls),
            ("news", &self.news),
            ("events", &self.events),
        ] {
            map.insert(key.into(), Value::from(items.clone()));
        }
        Value::from(map)
    }

    /// The parts of `site` that are not item collections.
    pub fn site_rest(&self, site: &Site) -> Value {
        /// The fields of [`Site`] that are not item collections, by reference.
        #[derive(Serialize)]
        struct Rest<'a> {
            config: &'a crate::content::config::Config,
            partners: &'a [Partner],
            contacts: &'a [Contact],
            topics: &'a [Topic],
            documents: &'a [Document],
            privacy: &'a Privacy,
            embeds: &'a [Provider],
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
            build_date: &site.build_date,
        };
        Value::from_serializable(&rest)
    }
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
            base_url: None,
            build_date: crate::util::date::Date::parse("2026-11-21").unwrap(),
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
