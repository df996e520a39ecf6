//! Calendar dates and local date-times as editors write them: ISO (`2026-03-12`) or
//! German (`12.03.2026`), events with a time (`2026-03-12 18:00`).
//!
//! A dozen lines of civil-calendar arithmetic serve every need of the site (ordering,
//! the build date from `SOURCE_DATE_EPOCH`, validation), so no date crate is pulled in.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date without time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Four-digit year.
    pub year: i32,
    /// 1..=12
    pub month: u8,
    /// 1..=31, valid for the month.
    pub day: u8,
}

/// A date with an optional wall-clock time (Europe/Berlin is implied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// The day.
    pub date: Date,
    /// Hour and minute, when given.
    pub time: Option<(u8, u8)>,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Builds a date, rejecting days that do not exist (31 April, 29 February 2025).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let ok = (1000..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// Parses `2026-03-12` or `12.03.2026` (also `1.3.2026`).
    pub fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let nums = |parts: Vec<&str>| -> Option<Vec<u32>> {
            parts
                .iter()
                .map(|p| {
                    (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| p.parse().ok())
                        .flatten()
                })
                .collect()
        };
        let (y, m, d) = if s.contains('-') {
            let p = nums(s.split('-').collect()).filter(|p| p.len() == 3);
            match p {
                Some(p) if s.len() == 10 => (p[0], p[1], p[2]),
                _ => return Err(format!("`{s}` is not a date")),
            }
        } else if s.contains('.') {
            match nums(s.split('.').collect()).filter(|p| p.len() == 3) {
                Some(p) if p[2] >= 1000 => (p[2], p[1], p[0]),
                _ => return Err(format!("`{s}` is not a date")),
            }
        } else {
            return Err(format!("`{s}` is not a date"));
        };
        Date::new(y as i32, m as u8, d as u8)
            .ok_or_else(|| format!("`{s}` is not a day of the calendar"))
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01, for durations and sorting.
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Today in Germany, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::in_germany(secs)
    }

    /// The calendar date in Germany (Europe/Berlin: CET, CEST from the last Sunday of
    /// March to the last Sunday of October, switching at 01:00 UTC) at a Unix time.
    /// A nightly build at 00:30 German time must already count the new day.
    pub fn in_germany(unix_secs: i64) -> Date {
        let year = Date::from_days_since_epoch(unix_secs.div_euclid(86_400)).year;
        let switch = |month: u8| {
            let last = Date::new(year, month, 31).map_or(0, Date::days_since_epoch);
            let sunday = last - (last + 4).rem_euclid(7); // 1970-01-01 was a Thursday
            sunday * 86_400 + 3_600
        };
        let summer = (switch(3)..switch(10)).contains(&unix_secs);
        let offset = if summer { 7_200 } else { 3_600 };
        Date::from_days_since_epoch((unix_secs + offset).div_euclid(86_400))
    }

    /// `12.03.2026`
    pub fn german(self) -> String {
        format!("{:02}.{:02}.{}", self.day, self.month, self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl DateTime {
    /// Parses a date, optionally followed by ` 18:00` or `T18:00` (seconds ignored).
    pub fn parse(s: &str) -> Result<DateTime, String> {
        let s = s.trim();
        let (d, t) = match s.find(['T', ' ']) {
            Some(i) => (&s[..i], Some(s[i + 1..].trim())),
            None => (s, None),
        };
        let date = Date::parse(d)?;
        let time = match t {
            None => None,
            Some(t) => {
                let t = t.strip_suffix(" Uhr").unwrap_or(t);
                let mut parts = t.split(':');
                let h = parts.next().and_then(|h| h.parse::<u8>().ok());
                let m = parts.next().and_then(|m| m.parse::<u8>().ok());
                match (h, m) {
                    (Some(h), Some(m)) if h < 24 && m < 60 => Some((h, m)),
                    _ => return Err(format!("`{t}` is not a time of day")),
                }
            }
        };
        Ok(DateTime { date, time })
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.time {
            Some((h, m)) => write!(f, "{}T{h:02}:{m:02}", self.date),
            None => write!(f, "{}", self.date),
        }
    }
}

/// The hint shown for every date that could not be read.
pub(crate) const DATE_HINT: &str = "write dates as 2026-03-12 or 12.03.2026";

macro_rules! serde_via_string {
    ($ty:ty, $what:literal) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
                let s = String::deserialize(de)
                    .map_err(|_| serde::de::Error::custom(concat!("expected ", $what)))?;
                <$ty>::parse(&s).map_err(|e| serde::de::Error::custom(format!("invalid date: {e}")))
            }
        }
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    };
}
serde_via_string!(Date, "a date");
serde_via_string!(DateTime, "a date and time");

/// The schema of a date type: a text of a pattern, marked with the YAML layer's
/// format keyword (`x-fachwerk-format`), so that its validator reads the text as a
/// date and names the mistake (a day that does not exist, `12 Uhr`).
macro_rules! schema_as_pattern {
    ($ty:ty, $name:literal, $format:literal, $pattern:literal, $desc:literal) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "pattern": $pattern,
                    "description": $desc,
                    "x-fachwerk-format": $format
                })
            }
        }
    };
}
schema_as_pattern!(
    Date,
    "Date",
    "date",
    r"^(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})$",
    "2026-03-12 or 12.03.2026"
);
schema_as_pattern!(
    DateTime,
    "DateTime",
    "date-time",
    r"^(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})([ T]([01]?\d|2[0-3]):[0-5]?\d(:\d{2})?( Uhr)?)?$",
    "2026-03-12 18:00, 12.03.2026 18:00 or a date alone"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_and_german() {
        let d = Date::new(2026, 3, 12).unwrap();
        assert_eq!(Date::parse("2026-03-12"), Ok(d));
        assert_eq!(Date::parse("12.03.2026"), Ok(d));
        assert_eq!(Date::parse("12.3.2026"), Ok(d));
        assert!(Date::parse("31.04.2026").is_err());
        assert!(Date::parse("2025-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("morgen").is_err());
        assert!(Date::parse("12.03.26").is_err());
        assert!(Date::parse("2026-3-12").is_err());
    }

    #[test]
    fn epoch_round_trip() {
        for days in [-1000, 0, 1, 59, 365, 20_000, 20_413, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_413).to_string(),
            "2025-11-21"
        );
    }

    #[test]
    fn german_calendar_day_follows_cet_and_cest() {
        let at = |s: &str| Date::in_germany(s.parse::<i64>().unwrap());
        // 2026-02-28 23:30 UTC is already 1 March in Germany (CET, +1).
        assert_eq!(at("1772321400").to_string(), "2026-03-01");
        // 2026-07-01 22:30 UTC is 2 July in Germany (CEST, +2).
        assert_eq!(at("1782945000").to_string(), "2026-07-02");
        // 2026-07-01 21:30 UTC is still 1 July.
        assert_eq!(at("1782941400").to_string(), "2026-07-01");
        // DST starts 2026-03-29 01:00 UTC: 00:30 UTC is 01:30 CET, 22:30 UTC is 00:30 CEST next day.
        assert_eq!(at("1774744200").to_string(), "2026-03-29");
        assert_eq!(at("1774823400").to_string(), "2026-03-30");
        // DST ends 2026-10-25 01:00 UTC: 2026-10-25 22:30 UTC is 23:30 CET, same day.
        assert_eq!(at("1792967400").to_string(), "2026-10-25");
    }

    #[test]
    fn date_times() {
        let t = DateTime::parse("12.03.2026 18:30").unwrap();
        assert_eq!(t.to_string(), "2026-03-12T18:30");
        assert_eq!(DateTime::parse("2026-03-12T18:30").unwrap(), t);
        assert_eq!(DateTime::parse("2026-03-12").unwrap().time, None);
        assert!(DateTime::parse("2026-03-12 25:00").is_err());
    }
}
