//! Template filters fachwerk adds to Tera: dates in the site's language, `tel:` links.

use crate::messages::Language;
use crate::util::date::DateTime;
use tera::{Kwargs, State, TeraResult};

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
