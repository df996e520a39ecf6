//! A YAML tree as the JSON value an editor's YAML tools see (YAML 1.2 core schema:
//! plain `true`, `12`, `1.5`, `~` are a boolean, numbers and nothing; everything
//! else is text). The published JSON Schemas are checked against this reading of a
//! file, so it is what their descriptions' examples are written in, and what the
//! schema agreement test validates.

use super::tree::{Node, Scalar, Style, Value};
use serde_json::Value as Json;

/// `node` as JSON; `None` when a mapping holds a key twice or a key that is not a
/// single value (JSON has no such objects; editors report them as mistakes).
pub(crate) fn to_json(node: &Node) -> Option<Json> {
    Some(match &node.value {
        Value::Null => Json::Null,
        Value::Scalar(s) => scalar(s),
        Value::List(items) => Json::Array(items.iter().map(to_json).collect::<Option<_>>()?),
        Value::Map(entries) => {
            let mut map = serde_json::Map::new();
            for e in entries {
                let key = e.key.as_str()?.to_string();
                if map.insert(key, to_json(&e.value)?).is_some() {
                    return None;
                }
            }
            Json::Object(map)
        }
    })
}

/// A single value under YAML 1.2's core schema.
fn scalar(s: &Scalar) -> Json {
    let text = &*s.text;
    if s.style != Style::Plain || s.text_tag {
        return Json::String(text.to_string());
    }
    match text {
        "true" | "True" | "TRUE" => return Json::Bool(true),
        "false" | "False" | "FALSE" => return Json::Bool(false),
        _ => {}
    }
    number(text).unwrap_or_else(|| Json::String(text.to_string()))
}

/// A core-schema number: `12`, `-3`, `0o17`, `0x1F`, `1.5`, `.5`, `1e3`
/// (`.inf` and `.nan` have no JSON form and stay text).
fn number(t: &str) -> Option<Json> {
    let digits = |d: &str, radix: u32| !d.is_empty() && d.chars().all(|c| c.is_digit(radix));
    if let Some(h) = t.strip_prefix("0x").filter(|h| digits(h, 16)) {
        return i64::from_str_radix(h, 16).ok().map(Json::from);
    }
    if let Some(o) = t.strip_prefix("0o").filter(|o| digits(o, 8)) {
        return i64::from_str_radix(o, 8).ok().map(Json::from);
    }
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits(body, 10) {
        return match t.parse::<i64>() {
            Ok(i) => Some(Json::from(i)),
            Err(_) => t
                .parse::<f64>()
                .ok()
                .and_then(|f| serde_json::Number::from_f64(f).map(Json::Number)),
        };
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let ok = (int.is_empty() || digits(int, 10))
        && (frac.is_empty() || digits(frac, 10))
        && !(int.is_empty() && frac.is_empty())
        && exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e), 10))
        && (mantissa.contains('.') || exponent.is_some());
    if !ok {
        return None;
    }
    t.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Json::Number)
}

#[cfg(test)]
mod tests {
    use super::to_json;
    use crate::yaml::Tree;
    use serde_json::json;

    fn json(yaml: &str) -> Option<serde_json::Value> {
        to_json(Tree::parse(yaml).root()?)
    }

    #[test]
    fn reads_plain_values_as_the_core_schema_does() {
        assert_eq!(
            json(
                "a: 01234\nb: '01234'\nc: true\nd: yes\ne: ~\nf:\ng: 1.5\nh: 2026-03-12\ni: 0x1F\nj: 1e3\n"
            ),
            Some(
                json!({"a": 1234, "b": "01234", "c": true, "d": "yes", "e": null, "f": null,
                        "g": 1.5, "h": "2026-03-12", "i": 31, "j": 1000.0})
            )
        );
        assert_eq!(json("- x\n- !!str 12\n"), Some(json!(["x", "12"])));
    }

    #[test]
    fn a_key_written_twice_is_no_json() {
        assert_eq!(json("a: 1\na: 2\n"), None);
    }
}
