//! Template filters fachwerk adds to Tera: dates in the site's language.

use crate::date::DateTime;
use tera::{Kwargs, State, TeraResult};

/// Registers `date`: `{{ call.deadline | date }}` → "28.02.2027";
/// `| date(format="long")` → "28. Februar 2027"; `"time"` → "18:00"; `"iso"` → "2027-02-28".
/// Accepts the ISO strings the model serialises dates and date-times to.
pub fn register(tera: &mut tera::Tera, months: Vec<String>) {
    tera.register_filter(
        "date",
        move |val: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let dt = DateTime::parse(val)
                .map_err(|e| tera::Error::message(format!("filter `date`: {e}")))?;
            let format = kwargs.get::<&str>("format")?.unwrap_or("short");
            Ok(match format {
                "short" => dt.date.german(),
                "long" => crate::format::long_date(dt.date, &months),
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
