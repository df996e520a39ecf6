use super::*;

/// The schema `name` as published in `lang`.
fn published(name: &str, lang: Language) -> Json {
    all(lang)
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no schema {name}"))
}

#[test]
fn every_field_is_described_in_both_languages() {
    for lang in [Language::De, Language::En] {
        let mut missing = Vec::new();
        for p in super::published() {
            let (ty, mut json) = (p.make)();
            publish(p.name, &ty, &mut json, lang, &mut missing);
        }
        missing.sort();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "fields.yaml lacks ({lang:?}):\n{}",
            missing.join("\n")
        );
    }
}

#[test]
fn schemas_forbid_unknown_fields_and_hide_derived_ones() {
    let text = published("contacts.schema.json", Language::De).to_string();
    assert!(text.contains("\"phone\""), "{text}");
    assert!(text.contains("\"additionalProperties\":false"), "{text}");
    assert!(
        !text.contains("phone_uri"),
        "derived fields are not for editors: {text}"
    );
    let project = published("project.schema.json", Language::De);
    let text = project.to_string();
    assert!(
        text.contains("\"carrier\"") && !text.contains("topic_links"),
        "{text}"
    );
    assert_eq!(
        project["required"],
        serde_json::json!(["title", "carrier", "period", "topics"])
    );
}

#[test]
fn descriptions_follow_the_language() {
    let de = published("site.schema.json", Language::De);
    let en = published("site.schema.json", Language::En);
    let postal = |s: &Json| s["definitions"]["Operator"]["properties"]["postal_code"].clone();
    assert!(
        postal(&de)["description"]
            .as_str()
            .unwrap()
            .contains("Postleitzahl")
    );
    assert!(
        postal(&en)["description"]
            .as_str()
            .unwrap()
            .contains("Postal code")
    );
    assert_eq!(de["title"], "site.yaml – Einstellungen der Website");
    // No description written for programmers is left (they are English).
    let text = de.to_string();
    assert!(!text.contains("Settings of one site"), "{text}");
    assert!(!text.contains("Facts for the privacy statement"), "{text}");
}

#[test]
fn the_loaders_after_reading_facts_are_required() {
    let site = published("site.schema.json", Language::De);
    let required = |s: &Json| s["required"].as_array().cloned().unwrap_or_default();
    assert!(required(&site).contains(&"privacy".into()));
    assert!(required(&site).contains(&"accessibility".into()));
    let a = &site["definitions"]["Accessibility"];
    assert!(required(a).contains(&"prepared_on".into()) && required(a).contains(&"method".into()));
    let contacts = published("contacts.schema.json", Language::De);
    assert!(required(&contacts["definitions"]["Contact"]).contains(&"id".into()));
    // An inline contact of a project needs no id.
    let project = published("project.schema.json", Language::De);
    assert!(!required(&project["definitions"]["Contact"]).contains(&"id".into()));
}

/// Every example of every field is a value the field's schema accepts.
#[test]
fn examples_have_the_right_form() {
    let mut checked = 0;
    for (name, schema) in all(Language::De) {
        let defs = schema.get("definitions").cloned().unwrap_or(Json::Null);
        let mut objects = vec![(String::from("(root)"), schema.clone())];
        if let Some(d) = defs.as_object() {
            objects.extend(d.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        for (ty, object) in objects {
            let Some(props) = object.get("properties").and_then(Json::as_object) else {
                continue;
            };
            for (field, prop) in props {
                let mut wrapped = prop.clone();
                wrapped["definitions"] = defs.clone();
                let validator = jsonschema::draft7::new(&wrapped)
                    .unwrap_or_else(|e| panic!("{name} {ty}.{field}: {e}"));
                let examples = prop["examples"].as_array().cloned().unwrap_or_default();
                assert!(!examples.is_empty(), "{name} {ty}.{field} has no examples");
                for e in examples {
                    assert!(
                        validator.is_valid(&e),
                        "{name} {ty}.{field}: example {e} is wrong"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 150, "{checked}");
}
