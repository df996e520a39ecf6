//! The typed reading: a serde Deserializer over the positioned tree, used once the
//! validator found nothing wrong. Numbers and yes/no are read by [`super::scalar`],
//! as the validator reads them; any error that still arises carries its node's place.

use super::scalar;
use super::tree::{Entry, Node, Pos, Value};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::fmt;

/// Why the typed reading failed, and where.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Error {
    /// The place of the node that could not be read.
    pub at: Option<Pos>,
    /// The key whose value could not be read.
    pub field: Option<String>,
    /// What serde or the model's own types said; for developers, never shown to editors.
    pub detail: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            at: None,
            field: None,
            detail: msg.to_string(),
        }
    }
}

impl Error {
    fn at(mut self, pos: Pos) -> Error {
        self.at.get_or_insert(pos);
        self
    }
}

/// Reads a node into any type that deserializes.
pub(super) struct NodeDe<'n, 'a>(pub &'n Node<'a>);

impl NodeDe<'_, '_> {
    fn wrong(&self, what: &str) -> Error {
        Error {
            at: Some(self.0.span.start),
            field: None,
            detail: format!("expected {what}"),
        }
    }
    fn scalar(&self) -> Option<&super::tree::Scalar<'_>> {
        match &self.0.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }
}

macro_rules! integer {
    ($($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
            match self.scalar().and_then(scalar::integer).and_then(|i| <$ty>::try_from(i).ok()) {
                Some(i) => v.$visit(i),
                None => Err(self.wrong(stringify!($ty))),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'_, '_> {
    type Error = Error;

    /// Text first: a scalar is a string to a type that takes anything (a contact
    /// given by id may be `42`).
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Null => v.visit_unit(),
            Value::Scalar(s) => v.visit_str(&s.text),
            Value::List(items) => v.visit_seq(Seq(items.iter())),
            Value::Map(entries) => v.visit_map(Map::new(entries)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.scalar().and_then(scalar::boolean) {
            Some(b) => v.visit_bool(b),
            None => Err(self.wrong("true or false")),
        }
    }

    integer!(
        deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32, deserialize_i64 visit_i64 i64,
        deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64
    );

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_f64(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.scalar().and_then(scalar::number) {
            Some(n) => v.visit_f64(n),
            None => Err(self.wrong("a number")),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.scalar() {
            Some(s) => v.visit_str(&s.text),
            None => Err(self.wrong("a text")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(self.wrong("bytes"))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(self.wrong("bytes"))
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Null => v.visit_unit(),
            _ => Err(self.wrong("nothing")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    /// An empty value is an empty list, as the validator reads it.
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::List(items) => v.visit_seq(Seq(items.iter())),
            Value::Null => v.visit_seq(Seq([].iter())),
            _ => Err(self.wrong("a list")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Map(entries) => v.visit_map(Map::new(entries)),
            _ => Err(self.wrong("fields")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let at = self.0.span.start;
        match self.scalar() {
            Some(s) => v
                .visit_enum(s.text.as_ref().into_deserializer())
                .map_err(|e: Error| e.at(at)),
            None => Err(self.wrong("one of the allowed values")),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }
}

struct Seq<'n, 'a>(std::slice::Iter<'n, Node<'a>>);

impl<'de> de::SeqAccess<'de> for Seq<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.next() {
            Some(n) => seed
                .deserialize(NodeDe(n))
                .map(Some)
                .map_err(|e| e.at(n.span.start)),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Map<'n, 'a> {
    entries: std::slice::Iter<'n, Entry<'a>>,
    value: Option<(&'n Node<'a>, &'n Node<'a>)>,
}

impl<'n, 'a> Map<'n, 'a> {
    fn new(entries: &'n [Entry<'a>]) -> Self {
        Map {
            entries: entries.iter(),
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for Map<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some(e) => {
                self.value = Some((&e.key, &e.value));
                seed.deserialize(NodeDe(&e.key))
                    .map(Some)
                    .map_err(|err| err.at(e.key.span.start))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some((key, n)) => seed.deserialize(NodeDe(n)).map_err(|mut e| {
                if e.field.is_none() {
                    e.field = key.as_str().map(String::from);
                }
                e.at(n.span.start)
            }),
            None => Err(de::Error::custom("value without key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
