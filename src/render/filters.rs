//! Template filters fachwerk adds to Tera: dates in the site's language, `tel:` links,
//! the language of a field taken over from the original.

use crate::messages::Language;
use crate::util::date::DateTime;
use tera::{Kwargs, State, TeraResult, Value};

/// Registers `date`: `{{ call.deadline | date }}` → "28.02.2027" (German) or
/// "28 Feb 2027" (English); `| date(format="long")` → "28. Februar 2027" /
/// "28 February 2027"; `"time"` → "18:00"; `"iso"` → "2027-02-28".
/// Accepts the ISO strings the model serialises dates and date-times to.
pub(super) fn register(tera: &mut tera::Tera, months: Vec<String>, lang: Language) {
    // `{{ op.phone | tel }}` → "tel:+4935997250"; empty when the text is no number.
    tera.register_filter(
        "tel",
        |val: &str, _: Kwargs, _: &State| -> TeraResult<String> {
            Ok(crate::content::format::tel_uri(val).unwrap_or_default())
        },
    );
    // `<p{{ item | lang_of(field="summary") }}>` → ` lang="de"` when the item (or a
    // partner, contact, document) takes `summary` over from the main language
    // (WCAG 3.1.2, language of parts); empty otherwise, and always on a site in one
    // language. For an element that holds the field alone.
    tera.register_filter(
        "lang_of",
        |val: &Value, kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let field: String = kwargs.must_get("field")?;
            Ok(Value::safe_string(&match inherited_lang(val, field) {
                Some(code) => format!(" lang=\"{code}\""),
                None => String::new(),
            }))
        },
    );
    // `{{ project | text_of(field="carrier") }}` → the field's text, escaped, in a
    // `<span lang="de">` when it is taken over from the main language: for a field
    // that shares its element with other text. Plain escaped text otherwise, as
    // `{{ project.carrier }}` prints it.
    tera.register_filter(
        "text_of",
        |val: &Value, kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let field: String = kwargs.must_get("field")?;
            let text = val
                .as_map()
                .and_then(|m| m.get(&field.clone().into()))
                .filter(|v| !v.is_none())
                .map(ToString::to_string)
                .unwrap_or_default();
            let mut out = Vec::with_capacity(text.len() + 20);
            let code = inherited_lang(val, field);
            if let Some(code) = &code {
                out.extend_from_slice(format!("<span lang=\"{code}\">").as_bytes());
            }
            tera::escape_html(&text, &mut out)
                .map_err(|e| tera::Error::message(format!("filter `text_of`: {e}")))?;
            if code.is_some() {
                out.extend_from_slice(b"</span>");
            }
            Ok(Value::safe_string(&String::from_utf8_lossy(&out)))
        },
    );
    tera.register_filter(
        "date",
        move |val: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let dt = DateTime::parse(val)
                .map_err(|e| tera::Error::message(format!("filter `date`: {e}")))?;
            let format = kwargs.get::<&str>("format")?.unwrap_or("short");
            Ok(match format {
                "short" => crate::content::format::short_date(dt.date, &months, lang),
                "long" => crate::content::format::long_date(dt.date, &months, lang),
                "iso" => dt.date.to_string(),
                "time" => dt
                    .time
                    .map(|(h, m)| format!("{h:02}:{m:02}"))
                    .unwrap_or_default(),
                other => {
                    return Err(tera::Error::message(format!(
                        "filter `date`: unknown format `{other}`; use short, long, time or iso"
                    )));
                }
            })
        },
    );
}

/// The language of `field` of `val` when it is one of the fields its translation
/// takes over (the model's `inherited`).
fn inherited_lang(val: &Value, field: String) -> Option<String> {
    val.as_map()
        .and_then(|m| m.get(&"inherited".into()))
        .and_then(Value::as_map)
        .and_then(|m| m.get(&field.into()))
        .and_then(Value::as_str)
        .map(str::to_string)
}
