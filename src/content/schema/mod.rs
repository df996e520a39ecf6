//! `fachwerk schema`: JSON Schemas of every YAML file and front matter, made from the
//! same structs the loader uses, so editors get completion and checks in their editor
//! (e.g. VS Code with the YAML extension) that agree with the build.
//!
//! The loader's validator reads the schema schemars makes of each type
//! ([`crate::yaml::json_schema`]); what is published adds to it only what an editor's
//! tool needs to reach the same verdict, each step named below:
//! - texts: the loader reads any single value as text (`postal_code: 01234`), while an
//!   editor's tool reads a plain `01234` as a number, so text fields accept numbers and
//!   yes/no too; an empty list is an empty list for the loader, so lists accept nothing;
//! - the facts the loader checks after reading ([`AFTER_READING`]: the legal facts of
//!   site.yaml, a contact's id) become `required` fields and patterns;
//! - descriptions and examples in the editor's language, from `fields.yaml` beside this
//!   file (one entry per field with the German text, the English one and examples).
//!
//! The agreement test (`agreement.rs`) validates every fixture file and a set of
//! wrong files with a real JSON Schema validator and holds the verdicts against the
//! loader's.

#[cfg(test)]
mod agreement;

use crate::content::collection::{Collection, FrontMatter, Visitor};
use crate::content::config::Config;
use crate::content::model::*;
use crate::diagnostic::Code;
use crate::messages::Language;
use crate::yaml::Tree;
use schemars::JsonSchema;
use serde_json::{Map, Value as Json};
use std::sync::LazyLock;

/// The descriptions and examples of every field, keyed by type and field name.
const FIELDS: &str = include_str!("fields.yaml");

/// A published schema: its file name (also its key under `files:` in `fields.yaml`,
/// which holds its title) and how it is made.
#[derive(Clone, Copy)]
struct Published {
    name: &'static str,
    make: fn() -> (String, Json),
}

/// The schema of `T` as the loader's validator reads it, with the name of its type.
fn raw<T: JsonSchema>() -> (String, Json) {
    (
        T::schema_name().into_owned(),
        crate::yaml::json_schema::<T>(),
    )
}

/// The published schemas of the YAML files.
const DATA: &[Published] = &[
    Published {
        name: "site.schema.json",
        make: raw::<Config>,
    },
    Published {
        name: "partners.schema.json",
        make: raw::<Vec<Partner>>,
    },
    Published {
        name: "contacts.schema.json",
        make: raw::<Vec<Contact>>,
    },
    Published {
        name: "documents.schema.json",
        make: raw::<Vec<Document>>,
    },
    Published {
        name: "privacy.schema.json",
        make: raw::<Privacy>,
    },
];

/// The maker of a collection's front matter schema.
struct FrontMatterSchema;

impl Visitor for FrontMatterSchema {
    type Out = fn() -> (String, Json);
    fn visit<T: FrontMatter>(self) -> Self::Out {
        raw::<T>
    }
}

/// Every published schema, in the order `fachwerk schema` writes them: the YAML
/// files, then the front matter of each collection, then the front matter of each
/// collection's translations.
fn published() -> impl Iterator<Item = Published> {
    DATA.iter()
        .copied()
        .chain(Collection::ALL.into_iter().map(|c| Published {
            name: c.schema_file(),
            make: c.visit(FrontMatterSchema),
        }))
        .chain(Collection::ALL.into_iter().map(|c| Published {
            name: c.translation_schema_file(),
            make: c.visit(FrontMatterSchema),
        }))
}

/// True for the schema of a translation's front matter.
fn is_translation(name: &str) -> bool {
    name.ends_with(".translation.schema.json")
}

/// A fact the loader checks after reading a file, with a message of its own (so that
/// the other mistakes of site.yaml are still told in the same run), which the
/// published schema states as JSON Schema.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// The field must be written, with a value.
    Required,
    /// The field's text must match this pattern.
    Pattern(&'static str),
}

/// The facts of [`Rule`]: in which schema, at which type's field, what, and the code
/// of the loader's message when it is not kept.
const AFTER_READING: &[(&str, &str, &str, Rule, Code)] = &[
    (
        "site.schema.json",
        "Config",
        "privacy",
        Rule::Required,
        Code::LegalNoPrivacy,
    ),
    (
        "site.schema.json",
        "Config",
        "accessibility",
        Rule::Required,
        Code::LegalNoAccessibility,
    ),
    (
        "site.schema.json",
        "PrivacySettings",
        "dpo",
        Rule::Required,
        Code::LegalNoDpo,
    ),
    (
        "site.schema.json",
        "PrivacySettings",
        "server_log_days",
        Rule::Required,
        Code::LegalNoLogDays,
    ),
    (
        "site.schema.json",
        "Accessibility",
        "prepared_on",
        Rule::Required,
        Code::LegalNoPreparedOn,
    ),
    (
        "site.schema.json",
        "Accessibility",
        "method",
        Rule::Required,
        Code::LegalNoMethod,
    ),
    (
        "contacts.schema.json",
        "Contact",
        "id",
        Rule::Required,
        Code::RefContactWithoutId,
    ),
    (
        "contacts.schema.json",
        "Contact",
        "id",
        Rule::Pattern("^[a-z0-9-]+$"),
        Code::RefBadId,
    ),
];

/// Every schema with its file name, described in `lang`.
pub(crate) fn all(lang: Language) -> Vec<(&'static str, Json)> {
    published()
        .map(|p| {
            let (ty, mut json) = (p.make)();
            publish(p.name, &ty, &mut json, lang, &mut Vec::new());
            (p.name, json)
        })
        .collect()
}

/// Turns the loader's schema `json` of the type `ty` into the published schema
/// `name`; the fields without a description in `fields.yaml` go to `missing`.
fn publish(name: &str, ty: &str, json: &mut Json, lang: Language, missing: &mut Vec<String>) {
    strip_descriptions(json);
    widen(json);
    for (file, on, field, rule, _) in AFTER_READING {
        if *file == name
            && let Some(object) = type_schema(json, ty, on)
        {
            apply(object, field, *rule);
        }
    }
    let texts = &*TEXTS;
    if let Some(map) = json.as_object_mut() {
        let title = texts.file(name, lang).unwrap_or_else(|| {
            missing.push(format!("files.{name}"));
            name.to_string()
        });
        map.insert("title".into(), title.into());
        map.remove("description");
    }
    describe(json, ty, lang, missing);
    let defs: Vec<String> = definitions(json)
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default();
    for def in defs {
        if let Some(schema) = definitions(json).and_then(|d| d.get_mut(&def)) {
            describe(schema, &def, lang, missing);
        }
    }
    let data = ["site", "partners", "contacts", "documents", "privacy"];
    if data.iter().any(|d| name == format!("{d}.schema.json")) {
        allow_translations(json, lang);
    }
    if is_translation(name) {
        translation_front_matter(json, lang, missing);
    }
}

/// A translation's front matter (`ueber-uns.en.md`) holds only the fields that
/// differ from its original's: every field of the collection, none required, and
/// `translation_of`, the fingerprint of the original's text it was made from (any
/// value: the loader only compares it, and `check` warns when it differs).
fn translation_front_matter(json: &mut Json, lang: Language, missing: &mut Vec<String>) {
    let Some(map) = json.as_object_mut() else {
        return;
    };
    map.remove("required");
    let text = TEXTS
        .field("Translation", super::translate::TRANSLATION_OF, lang)
        .unwrap_or_else(|| {
            missing.push(format!("Translation.{}", super::translate::TRANSLATION_OF));
            String::new()
        });
    if let Some(Json::Object(props)) = map.get_mut("properties") {
        props.insert(
            super::translate::TRANSLATION_OF.into(),
            serde_json::json!({
                "type": ["string", "number"],
                "description": text,
                "examples": ["3f2a9c1b"],
            }),
        );
    }
}

/// The YAML data files of a site in several languages translate in place: every
/// mapping may hold `translations: {en: {…}}` (`crate::content::translate`), whose
/// fields are the mapping's own (none required: the others stay the original's),
/// checked as the loader checks them once laid over the mapping. Which of the two
/// languages a site has besides its first, only its site.yaml says; the loader
/// checks that (`translation/language`).
fn allow_translations(json: &mut Json, lang: Language) {
    match json {
        Json::Object(map) => {
            let closed = map.get("additionalProperties") == Some(&Json::Bool(false));
            // The fields a translation may set: the mapping's own, taken before
            // their own translations are added (a translation holds none).
            let fields = map.get("properties").filter(|_| closed).cloned();
            map.values_mut().for_each(|v| allow_translations(v, lang));
            if let (Some(fields), Some(Json::Object(props))) = (fields, map.get_mut("properties")) {
                let text = match lang {
                    Language::De => {
                        "Übersetzungen der Felder, je Sprache der Website außer der ersten (languages: in site.yaml), z. B. en: mit den englischen Feldern."
                    }
                    Language::En => {
                        "Translations of the fields, per language of the site besides the first (languages: in site.yaml), e.g. en: with the English fields."
                    }
                };
                // One of the mapping's own fields with its own example, in English.
                let example = fields.as_object().and_then(|f| {
                    f.iter().find_map(|(k, v)| {
                        let e = v.get("examples")?.get(0)?.clone();
                        Some(serde_json::json!({ "en": { k.clone(): e } }))
                    })
                });
                let codes: Vec<&str> = [Language::De, Language::En]
                    .iter()
                    .map(|l| l.code())
                    .collect();
                props.insert(
                    super::translate::TRANSLATIONS.into(),
                    serde_json::json!({
                        "type": "object",
                        "propertyNames": { "enum": codes },
                        "additionalProperties": {
                            "type": "object",
                            "properties": fields,
                            "additionalProperties": false,
                        },
                        "description": text,
                        "examples": example.into_iter().collect::<Vec<_>>(),
                    }),
                );
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|v| allow_translations(v, lang)),
        _ => {}
    }
}

/// The definitions of a schema (`definitions`, as draft 7 names them).
fn definitions(json: &mut Json) -> Option<&mut Map<String, Json>> {
    json.get_mut("definitions").and_then(Json::as_object_mut)
}

/// The schema of type `on` within the schema of `ty`: the root or a definition.
fn type_schema<'j>(json: &'j mut Json, ty: &str, on: &str) -> Option<&'j mut Json> {
    if ty == on {
        return Some(json);
    }
    definitions(json)?.get_mut(on)
}

/// Removes the descriptions schemars takes from the code's doc comments (English,
/// written for programmers); `describe` writes the editors' ones.
fn strip_descriptions(json: &mut Json) {
    match json {
        Json::Object(map) => {
            if map.get("description").is_some_and(Json::is_string) {
                map.remove("description");
            }
            map.values_mut().for_each(strip_descriptions);
        }
        Json::Array(items) => items.iter_mut().for_each(strip_descriptions),
        _ => {}
    }
}

/// Texts accept what the loader reads as text (any single value), lists accept
/// nothing (an empty list), as an editor's tool sees them.
fn widen(json: &mut Json) {
    match json {
        Json::Object(map) => {
            let plain_text = !map.contains_key("pattern")
                && !map.contains_key(crate::yaml::FORMAT_KEYWORD)
                && !map.contains_key("enum")
                && !map.contains_key("const");
            let widened = match map.get("type") {
                Some(Json::String(t)) if t == "string" && plain_text => {
                    Some(serde_json::json!(["string", "number", "boolean"]))
                }
                Some(Json::Array(ts)) if ts == &["string", "null"] && plain_text => {
                    Some(serde_json::json!(["string", "number", "boolean", "null"]))
                }
                Some(Json::String(t)) if t == "array" => Some(serde_json::json!(["array", "null"])),
                _ => None,
            };
            if let Some(w) = widened {
                map.insert("type".into(), w);
            }
            map.values_mut().for_each(widen);
        }
        Json::Array(items) => items.iter_mut().for_each(widen),
        _ => {}
    }
}

/// States `rule` for `field` of the object schema `object`.
fn apply(object: &mut Json, field: &str, rule: Rule) {
    let Some(map) = object.as_object_mut() else {
        return;
    };
    match rule {
        Rule::Required => {
            let required = map
                .entry("required")
                .or_insert_with(|| Json::Array(Vec::new()));
            if let Some(list) = required.as_array_mut()
                && !list.iter().any(|r| r == field)
            {
                list.push(field.into());
            }
            if let Some(prop) = map.get_mut("properties").and_then(|p| p.get_mut(field)) {
                drop_null(prop);
            }
        }
        Rule::Pattern(pattern) => {
            if let Some(Json::Object(prop)) =
                map.get_mut("properties").and_then(|p| p.get_mut(field))
            {
                prop.insert("type".into(), "string".into());
                prop.insert("pattern".into(), pattern.into());
            }
        }
    }
}

/// A required fact may not be left empty: `privacy:` with nothing is no privacy
/// section.
fn drop_null(prop: &mut Json) {
    let Some(map) = prop.as_object_mut() else {
        return;
    };
    if let Some(Json::Array(types)) = map.get_mut("type") {
        types.retain(|t| t != "null");
    }
    if let Some(Json::Array(branches)) = map.get_mut("anyOf") {
        branches.retain(|b| b.get("type").is_none_or(|t| t != "null"));
        if let [one] = branches.as_slice() {
            let one = one.clone();
            map.remove("anyOf");
            map.insert("allOf".into(), Json::Array(vec![one]));
        }
    }
}

/// Writes the descriptions and examples of the fields of the object schema of type
/// `ty` (and of the values of an enum type).
fn describe(schema: &mut Json, ty: &str, lang: Language, missing: &mut Vec<String>) {
    let texts = &*TEXTS;
    if let Some(props) = schema.get_mut("properties").and_then(Json::as_object_mut) {
        for (field, prop) in props.iter_mut() {
            let Some(text) = texts.field(ty, field, lang) else {
                missing.push(format!("{ty}.{field}"));
                continue;
            };
            let Some(map) = prop.as_object_mut() else {
                continue;
            };
            // Draft 7 ignores what stands beside `$ref`: wrap it.
            if let Some(r) = map.remove("$ref") {
                map.insert("allOf".into(), serde_json::json!([{ "$ref": r }]));
            }
            map.insert("description".into(), text.into());
            if let Some(examples) = texts.examples(ty, field) {
                map.insert("examples".into(), examples);
            }
        }
    }
    if let Some(branches) = schema.get_mut("oneOf").and_then(Json::as_array_mut) {
        for b in branches {
            let Some(value) = b
                .get("const")
                .or_else(|| b.get("enum").and_then(|e| e.get(0)))
            else {
                continue;
            };
            let value = value.as_str().unwrap_or_default().to_string();
            match texts.field(ty, &value, lang) {
                Some(text) => {
                    if let Some(map) = b.as_object_mut() {
                        map.insert("description".into(), text.into());
                    }
                }
                None => missing.push(format!("{ty}.{value}")),
            }
        }
    }
}

/// `fields.yaml`, read once.
static TEXTS: LazyLock<Texts> = LazyLock::new(|| Texts::parse(FIELDS));

/// The descriptions of `fields.yaml`: type → field → language text and examples.
struct Texts {
    root: Option<Json>,
}

impl Texts {
    fn parse(text: &str) -> Texts {
        let tree = Tree::parse(text);
        Texts {
            root: tree.root().and_then(crate::yaml::to_json),
        }
    }

    fn entry(&self, ty: &str, field: &str) -> Option<&Json> {
        self.root.as_ref()?.get(ty)?.get(field)
    }

    fn field(&self, ty: &str, field: &str, lang: Language) -> Option<String> {
        let text = self.entry(ty, field)?.get(lang_key(lang))?.as_str()?;
        Some(text.trim().to_string()).filter(|t| !t.is_empty())
    }

    fn examples(&self, ty: &str, field: &str) -> Option<Json> {
        self.entry(ty, field)?
            .get("examples")
            .filter(|e| e.is_array())
            .cloned()
    }

    fn file(&self, name: &str, lang: Language) -> Option<String> {
        self.field("files", name, lang)
    }
}

fn lang_key(lang: Language) -> &'static str {
    match lang {
        Language::De => "de",
        Language::En => "en",
    }
}

#[cfg(test)]
mod tests;
