//! Numbers, sizes and dates written the way the site's language writes them:
//! "45.000 €" and "PDF, 1,2 MB" in German, "€45,000" and "PDF, 1.2 MB" in English.

use crate::messages::Language;
use crate::util::date::Date;

/// `03521 725-0` → `tel:+4935217250`; numbers already in international form keep it,
/// and the trunk `(0)` of `+49 (0) 351 12345` is dropped. Text that is not exactly one
/// number (two numbers, `oder`, `(Zentrale)`, more than the 15 digits E.164 allows)
/// gets no URI: the theme then shows it as plain text instead of a link that dials a
/// wrong number.
pub(crate) fn tel_uri(phone: &str) -> Option<String> {
    let phone = phone.trim().replace("(0)", "");
    let allowed = |c: char| c.is_ascii_digit() || " \u{a0}+-/().".contains(c);
    if !phone.chars().all(allowed) || phone.rfind('+').is_some_and(|i| i > 0) {
        return None;
    }
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    let intl = if phone.starts_with('+') {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("49{rest}")
    } else {
        return None;
    };
    (5..=15)
        .contains(&intl.len())
        .then(|| format!("tel:+{intl}"))
}

/// Groups thousands and sets the decimal mark of `lang`.
pub(crate) fn number(value: f64, decimals: usize, lang: Language) -> String {
    let (group, mark) = match lang {
        Language::De => ('.', ','),
        Language::En => (',', '.'),
    };
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if value < 0.0 {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(mark);
        out.push_str(frac);
    }
    out
}

/// An amount in euros; cents only when there are any.
pub(crate) fn euros(value: f64, lang: Language) -> String {
    let decimals = if value.fract().abs() > f64::EPSILON {
        2
    } else {
        0
    };
    match lang {
        Language::De => format!("{} €", number(value, decimals, lang)),
        Language::En => format!("€{}", number(value, decimals, lang)),
    }
}

/// A file size: "240 KB", "1,2 MB".
pub(crate) fn file_size(bytes: u64, lang: Language) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB * KB {
        format!("{} KB", number((b / KB).ceil().max(1.0), 0, lang))
    } else {
        format!("{} MB", number(b / KB / KB, 1, lang))
    }
}

/// The file type shown to users, from the extension.
pub(crate) fn file_type(path: &str) -> String {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => "PDF".into(),
        "doc" | "docx" => "Word".into(),
        "xls" | "xlsx" => "Excel".into(),
        "ppt" | "pptx" => "PowerPoint".into(),
        "odt" => "OpenDocument-Text".into(),
        "" => "Datei".into(),
        other => other.to_ascii_uppercase(),
    }
}

fn month(d: Date, months: &[String]) -> &str {
    months
        .get(usize::from(d.month) - 1)
        .map_or("", String::as_str)
}

/// "12. März 2026" / "12 March 2026".
pub(crate) fn long_date(d: Date, months: &[String], lang: Language) -> String {
    match lang {
        Language::De => format!("{}. {} {}", d.day, month(d, months), d.year),
        Language::En => format!("{} {} {}", d.day, month(d, months), d.year),
    }
}

/// "12.03.2026" / "12 Mar 2026" (unambiguous for English readers anywhere).
pub(crate) fn short_date(d: Date, months: &[String], lang: Language) -> String {
    match lang {
        Language::De => d.german(),
        Language::En => {
            let m: String = month(d, months).chars().take(3).collect();
            format!("{} {m} {}", d.day, d.year)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_and_english_numbers() {
        assert_eq!(euros(45000.0, Language::De), "45.000 €");
        assert_eq!(euros(1234567.5, Language::De), "1.234.567,50 €");
        assert_eq!(euros(950.0, Language::En), "€950");
        assert_eq!(file_size(1_258_291, Language::De), "1,2 MB");
        assert_eq!(file_size(1_258_291, Language::En), "1.2 MB");
        assert_eq!(file_size(10, Language::De), "1 KB");
        assert_eq!(file_size(245_760, Language::De), "240 KB");
        assert_eq!(file_type("docs/Konzept.PDF"), "PDF");
    }

    #[test]
    fn dates_per_language() {
        let months: Vec<String> = ["January", "February", "March"].map(String::from).to_vec();
        let d = Date::new(2027, 2, 8).unwrap();
        assert_eq!(short_date(d, &months, Language::De), "08.02.2027");
        assert_eq!(short_date(d, &months, Language::En), "8 Feb 2027");
        assert_eq!(long_date(d, &months, Language::En), "8 February 2027");
    }
}
