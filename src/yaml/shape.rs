//! The shapes the loader expects, compiled from the JSON Schema that schemars makes
//! of the very Rust types the loader reads (the schema `fachwerk schema` publishes
//! for editors). The validator walks these shapes beside the YAML tree.
//!
//! JSON Schema cannot say "a date as fachwerk reads it"; the keyword
//! `x-fachwerk-format` (`date`, `date-time`, `colour`) does, and the validator checks
//! such values with the same functions the loader uses.

use crate::diagnostic::Word;
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value as Json};
use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

/// The keyword that names a format JSON Schema has no word for.
pub(crate) const FORMAT_KEYWORD: &str = "x-fachwerk-format";

/// Index of a shape in its [`Schema`].
pub(super) type ShapeId = usize;

/// What a text must look like, checked with the loader's own functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// `crate::util::date::Date::parse`
    Date,
    /// `crate::util::date::DateTime::parse`
    DateTime,
    /// `crate::util::colour::parse_hex_color`
    Colour,
}

/// One expected shape of a value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Shape {
    /// Anything (a schema fachwerk does not restrict).
    Any,
    /// A scalar, read as text; maybe with a format.
    Text(Option<Format>),
    /// A plain number, maybe whole, maybe bounded.
    Number {
        integer: bool,
        min: Option<f64>,
        max: Option<f64>,
    },
    /// `true` or `false`.
    Bool,
    /// Nothing.
    Null,
    /// One of these texts.
    Enum(Vec<String>),
    /// A list of items of one shape.
    List(ShapeId),
    /// Fields; `closed` rejects unknown ones.
    Object { fields: Vec<Field>, closed: bool },
    /// The shape, or nothing.
    Nullable(ShapeId),
    /// One of several shapes, chosen by the kind of node (text, list, fields).
    Union(Vec<ShapeId>),
    /// Another shape: a definition, maybe still being compiled (recursive types).
    /// [`Schema::get`] follows it, so no one else sees it.
    Ref(ShapeId),
}

/// A field of an object shape.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Field {
    /// The key as written in YAML.
    pub name: String,
    /// Its shape.
    pub shape: ShapeId,
    /// Must be written (no default, not optional).
    pub required: bool,
}

/// The compiled schema of one Rust type.
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    shapes: Vec<Shape>,
    root: ShapeId,
}

static CACHE: LazyLock<RwLock<HashMap<TypeId, Arc<Schema>>>> = LazyLock::new(Default::default);

impl Schema {
    /// The schema of `T`, generated and compiled once per type and program run.
    pub(crate) fn of<T: JsonSchema + 'static>() -> Arc<Schema> {
        let id = TypeId::of::<T>();
        if let Some(s) = CACHE.read().ok().and_then(|c| c.get(&id).cloned()) {
            return s;
        }
        let schema = Arc::new(Schema::compile(&json_schema::<T>()));
        if let Ok(mut c) = CACHE.write() {
            c.insert(id, schema.clone());
        }
        schema
    }

    /// Compiles a JSON Schema (draft 7, as schemars writes it).
    pub(crate) fn compile(json: &Json) -> Schema {
        let mut c = Compiler {
            definitions: json
                .get("definitions")
                .or_else(|| json.get("$defs"))
                .and_then(Json::as_object),
            slots: HashMap::new(),
            shapes: Vec::new(),
        };
        let root = c.compile(json);
        Schema {
            shapes: c.shapes,
            root,
        }
    }

    pub(super) fn root(&self) -> ShapeId {
        self.root
    }

    /// True when the whole file is a list (partners.yaml, contacts.yaml, …).
    pub(super) fn expects_list(&self) -> bool {
        match self.get(self.root) {
            Shape::List(_) => true,
            Shape::Nullable(inner) => matches!(self.get(*inner), Shape::List(_)),
            _ => false,
        }
    }

    /// The shape `id`, with references followed.
    pub(super) fn get(&self, id: ShapeId) -> &Shape {
        let mut id = id;
        for _ in 0..16 {
            match self.shapes.get(id) {
                Some(Shape::Ref(next)) => id = *next,
                Some(shape) => return shape,
                None => break,
            }
        }
        &Shape::Any
    }

    /// The fields of the object a shape holds (through "or nothing", lists and
    /// unions), to find the field a misplaced key belongs to.
    pub(super) fn fields_within(&self, id: ShapeId) -> &[Field] {
        let mut id = id;
        for _ in 0..8 {
            match self.get(id) {
                Shape::Object { fields, .. } => return fields,
                Shape::Nullable(inner) | Shape::List(inner) => id = *inner,
                Shape::Union(branches) => {
                    match branches
                        .iter()
                        .find(|b| matches!(self.get(**b), Shape::Object { .. }))
                    {
                        Some(b) => id = *b,
                        None => return &[],
                    }
                }
                _ => return &[],
            }
        }
        &[]
    }

    /// The kinds of value a shape accepts, in words: "a date", "a text or fields".
    pub(super) fn words(&self, id: ShapeId) -> Vec<Word> {
        match self.get(id) {
            Shape::Any | Shape::Text(None) => vec![Word::Text],
            Shape::Text(Some(Format::Date)) => vec![Word::Date],
            Shape::Text(Some(Format::DateTime)) => vec![Word::DateTime],
            Shape::Text(Some(Format::Colour)) => vec![Word::Colour],
            Shape::Number { integer: true, .. } => vec![Word::WholeNumber],
            Shape::Number { .. } => vec![Word::Number],
            Shape::Bool => vec![Word::YesNo],
            Shape::Null => vec![Word::Nothing],
            Shape::Enum(_) => vec![Word::OneOf],
            Shape::List(_) => vec![Word::List],
            Shape::Object { .. } => vec![Word::Fields],
            Shape::Nullable(inner) | Shape::Ref(inner) => self.words(*inner),
            Shape::Union(branches) => {
                let mut out = Vec::new();
                for b in branches {
                    for w in self.words(*b) {
                        if w != Word::Nothing && !out.contains(&w) {
                            out.push(w);
                        }
                    }
                }
                out
            }
        }
    }

    /// The allowed values of an enum shape (through "or nothing").
    pub(super) fn allowed(&self, id: ShapeId) -> Option<&[String]> {
        match self.get(id) {
            Shape::Enum(values) => Some(values),
            Shape::Nullable(inner) => self.allowed(*inner),
            _ => None,
        }
    }
}

/// The JSON Schema of `T`: the one generator of schemas, used by the validator and
/// by `fachwerk schema` (content/schema.rs), so that the two cannot disagree.
pub(crate) fn json_schema<T: JsonSchema>() -> Json {
    let generator = SchemaSettings::draft07().for_deserialize().into_generator();
    serde_json::to_value(generator.into_root_schema_for::<T>()).unwrap_or(Json::Bool(true))
}

struct Compiler<'j> {
    definitions: Option<&'j Map<String, Json>>,
    slots: HashMap<&'j str, ShapeId>,
    shapes: Vec<Shape>,
}

impl<'j> Compiler<'j> {
    fn add(&mut self, shape: Shape) -> ShapeId {
        self.shapes.push(shape);
        self.shapes.len() - 1
    }

    fn compile(&mut self, json: &'j Json) -> ShapeId {
        let shape = self.shape(json);
        self.add(shape)
    }

    fn reference(&mut self, r: &'j str) -> ShapeId {
        let name = r
            .strip_prefix("#/definitions/")
            .or_else(|| r.strip_prefix("#/$defs/"))
            .unwrap_or(r);
        if let Some(id) = self.slots.get(name) {
            return *id;
        }
        let id = self.add(Shape::Any);
        self.slots.insert(name, id);
        if let Some(def) = self.definitions.and_then(|d| d.get(name)) {
            self.shapes[id] = self.shape(def);
        }
        id
    }

    fn shape(&mut self, json: &'j Json) -> Shape {
        let Some(obj) = json.as_object() else {
            return Shape::Any;
        };
        if let Some(r) = obj.get("$ref").and_then(Json::as_str) {
            return Shape::Ref(self.reference(r));
        }
        if let Some(f) = obj.get(FORMAT_KEYWORD).and_then(Json::as_str) {
            match f {
                "date" => return Shape::Text(Some(Format::Date)),
                "date-time" => return Shape::Text(Some(Format::DateTime)),
                "colour" | "color" => return Shape::Text(Some(Format::Colour)),
                _ => {}
            }
        }
        if let Some(all) = obj.get("allOf").and_then(Json::as_array)
            && let [one] = all.as_slice()
        {
            return self.shape(one);
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = obj.get(key).and_then(Json::as_array) {
                return self.union(branches);
            }
        }
        if let Some(values) = obj.get("enum").and_then(Json::as_array) {
            return self.enumeration(values);
        }
        if let Some(c) = obj.get("const") {
            return self.enumeration(std::slice::from_ref(c));
        }
        match obj.get("type") {
            Some(Json::String(t)) => self.typed(t, obj),
            Some(Json::Array(types)) => {
                let names: Vec<&str> = types.iter().filter_map(Json::as_str).collect();
                let ids: Vec<ShapeId> = names
                    .iter()
                    .filter(|t| **t != "null")
                    .map(|t| {
                        let s = self.typed(t, obj);
                        self.add(s)
                    })
                    .collect();
                let inner = match ids.as_slice() {
                    [one] => *one,
                    _ => self.add(Shape::Union(ids)),
                };
                if names.contains(&"null") {
                    Shape::Nullable(inner)
                } else {
                    self.shapes[inner].clone()
                }
            }
            _ if obj.contains_key("properties") => self.typed("object", obj),
            _ => Shape::Any,
        }
    }

    fn typed(&mut self, t: &str, obj: &'j Map<String, Json>) -> Shape {
        let bound = |k: &str| obj.get(k).and_then(Json::as_f64);
        match t {
            "string" => Shape::Text(None),
            "boolean" => Shape::Bool,
            "null" => Shape::Null,
            "number" => Shape::Number {
                integer: false,
                min: bound("minimum"),
                max: bound("maximum"),
            },
            "integer" => {
                let (fmin, fmax) = integer_format(obj.get("format").and_then(Json::as_str));
                Shape::Number {
                    integer: true,
                    min: bound("minimum").or(fmin),
                    max: bound("maximum").or(fmax),
                }
            }
            "array" => {
                let item = match obj.get("items") {
                    Some(items) => self.compile(items),
                    None => self.add(Shape::Any),
                };
                Shape::List(item)
            }
            "object" => self.object(obj),
            _ => Shape::Any,
        }
    }

    fn object(&mut self, obj: &'j Map<String, Json>) -> Shape {
        let required: Vec<&str> = obj
            .get("required")
            .and_then(Json::as_array)
            .map(|r| r.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        if let Some(props) = obj.get("properties").and_then(Json::as_object) {
            for (name, schema) in props {
                let shape = self.compile(schema);
                fields.push(Field {
                    name: name.clone(),
                    shape,
                    required: required.contains(&name.as_str()),
                });
            }
        }
        let closed = obj.get("additionalProperties") == Some(&Json::Bool(false));
        Shape::Object { fields, closed }
    }

    fn union(&mut self, branches: &'j [Json]) -> Shape {
        let consts: Option<Vec<String>> = branches
            .iter()
            .map(|b| match b.get("const").or_else(|| b.get("enum")) {
                Some(Json::String(s)) => Some(vec![s.clone()]),
                Some(Json::Array(a)) => a.iter().map(|v| v.as_str().map(String::from)).collect(),
                _ => None,
            })
            .collect::<Option<Vec<Vec<String>>>>()
            .map(|v| v.concat());
        if let Some(values) = consts {
            return Shape::Enum(values);
        }
        let ids: Vec<ShapeId> = branches.iter().map(|b| self.compile(b)).collect();
        let (nulls, others): (Vec<ShapeId>, Vec<ShapeId>) = ids
            .into_iter()
            .partition(|id| self.shapes[*id] == Shape::Null);
        let inner = match others.as_slice() {
            [one] => *one,
            _ => self.add(Shape::Union(others)),
        };
        if nulls.is_empty() {
            Shape::Ref(inner)
        } else {
            Shape::Nullable(inner)
        }
    }

    fn enumeration(&mut self, values: &[Json]) -> Shape {
        let texts: Vec<String> = values
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        let e = Shape::Enum(texts);
        if values.iter().any(Json::is_null) {
            let id = self.add(e);
            Shape::Nullable(id)
        } else {
            e
        }
    }
}

/// The bounds schemars' integer formats imply.
fn integer_format(format: Option<&str>) -> (Option<f64>, Option<f64>) {
    match format {
        Some("uint8") => (Some(0.0), Some(f64::from(u8::MAX))),
        Some("uint16") => (Some(0.0), Some(f64::from(u16::MAX))),
        Some("uint32") => (Some(0.0), Some(f64::from(u32::MAX))),
        Some("uint64" | "uint") => (Some(0.0), Some(u64::MAX as f64)),
        Some("int8") => (Some(f64::from(i8::MIN)), Some(f64::from(i8::MAX))),
        Some("int16") => (Some(f64::from(i16::MIN)), Some(f64::from(i16::MAX))),
        Some("int32") => (Some(f64::from(i32::MIN)), Some(f64::from(i32::MAX))),
        Some("int64" | "int") => (Some(i64::MIN as f64), Some(i64::MAX as f64)),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{Contact, Project};

    #[test]
    fn compiles_the_models_schema() {
        let s = Schema::of::<Project>();
        let Shape::Object { fields, closed } = s.get(s.root()) else {
            panic!("{:?}", s.get(s.root()));
        };
        assert!(*closed);
        let field = |n: &str| fields.iter().find(|f| f.name == n).unwrap();
        assert!(field("title").required && !field("summary").required);
        assert!(
            !field("draft").required,
            "fields with a default are optional"
        );
        assert_eq!(s.words(field("period").shape), vec![Word::Fields]);
        let period = s.fields_within(field("period").shape);
        assert_eq!(s.get(period[0].shape), &Shape::Text(Some(Format::Date)));
        assert_eq!(s.words(field("funding_amount").shape), vec![Word::Number]);
        assert_eq!(
            s.words(field("contact").shape),
            vec![Word::Text, Word::Fields]
        );
        assert!(fields.iter().all(|f| f.name != "topic_links"));
        // The cache hands out the same compiled schema.
        assert!(Arc::ptr_eq(&s, &Schema::of::<Project>()));
        assert!(!Arc::ptr_eq(&s, &Schema::of::<Contact>()));
    }

    #[test]
    fn enums_keywords_and_bounds() {
        let json = serde_json::json!({
            "type": "object",
            "properties": {
                "role": { "oneOf": [{ "const": "chair" }, { "const": "member" }] },
                "days": { "type": ["integer", "null"], "format": "uint32", "minimum": 0 },
                "when": { "type": "string", FORMAT_KEYWORD: "date-time" }
            },
            "required": ["role"]
        });
        let s = Schema::compile(&json);
        let Shape::Object { fields, closed } = s.get(s.root()) else {
            panic!()
        };
        assert!(!closed);
        assert_eq!(
            s.allowed(fields[1].shape),
            Some(&["chair".to_string(), "member".to_string()][..])
        );
        let Shape::Nullable(days) = s.get(fields[0].shape) else {
            panic!("{:?}", s.get(fields[0].shape))
        };
        assert_eq!(
            s.get(*days),
            &Shape::Number {
                integer: true,
                min: Some(0.0),
                max: Some(f64::from(u32::MAX))
            }
        );
        assert_eq!(s.words(fields[2].shape), vec![Word::DateTime]);
    }
}
