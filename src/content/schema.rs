//! `fachwerk schema`: JSON Schemas of every YAML file and front matter, made from the
//! same structs the loader uses, so editors get completion and checks in their editor
//! (e.g. VS Code with the YAML extension) that never disagree with the build.

use crate::content::config::Config;
use crate::content::model::*;
use schemars::JsonSchema;

/// The schema of `T` as the loader's validator reads it, with a title.
fn schema<T: JsonSchema>(title: &str) -> serde_json::Value {
    let mut value = crate::yaml::json_schema::<T>();
    if let Some(map) = value.as_object_mut() {
        map.insert("title".into(), title.into());
    }
    value
}

/// Every schema with its file name.
pub(crate) fn all() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("site.schema.json", schema::<Config>("site.yaml")),
        (
            "partners.schema.json",
            schema::<Vec<Partner>>("partners.yaml"),
        ),
        (
            "contacts.schema.json",
            schema::<Vec<Contact>>("contacts.yaml"),
        ),
        (
            "documents.schema.json",
            schema::<Vec<Document>>("documents.yaml"),
        ),
        ("privacy.schema.json", schema::<Privacy>("privacy.yaml")),
        (
            "page.schema.json",
            schema::<Page>("front matter of pages/*.md"),
        ),
        (
            "project.schema.json",
            schema::<Project>("front matter of projects/*.md"),
        ),
        (
            "call.schema.json",
            schema::<Call>("front matter of calls/*.md"),
        ),
        (
            "news.schema.json",
            schema::<News>("front matter of news/*.md"),
        ),
        (
            "event.schema.json",
            schema::<Event>("front matter of events/*.md"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::all;

    #[test]
    fn schemas_forbid_unknown_fields_and_hide_derived_ones() {
        let schemas = all();
        let contacts = &schemas
            .iter()
            .find(|(n, _)| *n == "contacts.schema.json")
            .unwrap()
            .1;
        let text = contacts.to_string();
        assert!(text.contains("\"phone\""), "{text}");
        assert!(text.contains("\"additionalProperties\":false"), "{text}");
        assert!(
            !text.contains("phone_uri"),
            "derived fields are not for editors: {text}"
        );
        let project = &schemas
            .iter()
            .find(|(n, _)| *n == "project.schema.json")
            .unwrap()
            .1;
        let text = project.to_string();
        assert!(
            text.contains("\"carrier\"") && !text.contains("topic_links"),
            "{text}"
        );
        assert!(
            text.contains("\"required\":[\"title\",\"carrier\",\"period\",\"topics\"]"),
            "{text}"
        );
    }
}
