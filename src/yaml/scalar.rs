//! What a scalar means where a number or yes/no is expected. The validator and the
//! typed reading both ask here, so they cannot disagree.
//!
//! Only plain (unquoted) scalars are numbers or booleans, as in YAML 1.2's core
//! schema, restricted to what an editor means: decimal numbers (`45000`, `45000.50`,
//! `1e3`) and `true`/`false`; `0x1F`, `.inf` or `.nan` are no amounts of money.

use super::tree::{Scalar, Style};

fn plain<'s>(s: &'s Scalar) -> Option<&'s str> {
    (s.style == Style::Plain && !s.text_tag).then_some(&*s.text)
}

/// `true` or `false` (also `True`, `TRUE`, …).
pub(super) fn boolean(s: &Scalar) -> Option<bool> {
    match plain(s)? {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A whole number written in decimal digits, with an optional sign.
pub(super) fn integer(s: &Scalar) -> Option<i128> {
    let t = plain(s)?;
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || digits.len() > 30 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.strip_prefix('+').unwrap_or(t).parse().ok()
}

/// A decimal number: `45000`, `-3`, `45000.50`, `.5`, `1e3`.
pub(super) fn number(s: &Scalar) -> Option<f64> {
    let t = plain(s)?;
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let ok = digits(int)
        && frac.is_none_or(digits)
        && !(int.is_empty() && frac.is_none_or(str::is_empty))
        && exponent.is_none_or(|e| {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && digits(e)
        });
    if !ok {
        return None;
    }
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn plain(t: &str) -> Scalar<'_> {
        Scalar {
            text: Cow::Borrowed(t),
            style: Style::Plain,
            text_tag: false,
        }
    }

    #[test]
    fn decimal_numbers_only() {
        let good = [
            ("45000", 45000.0),
            ("45000.50", 45000.5),
            (".5", 0.5),
            ("1e3", 1000.0),
            ("-3", -3.0),
            ("+3", 3.0),
            ("7.", 7.0),
        ];
        for (t, v) in good {
            assert_eq!(number(&plain(t)), Some(v), "{t}");
        }
        for t in [
            "45.000,00",
            "1_000",
            "0x10",
            ".inf",
            ".nan",
            "12e",
            ".",
            "",
            "45 000",
            "€5",
            "1e999",
        ] {
            assert_eq!(number(&plain(t)), None, "{t}");
        }
        let quoted = Scalar {
            style: Style::DoubleQuoted,
            ..plain("5")
        };
        assert_eq!(number(&quoted), None);
    }

    #[test]
    fn integers_and_booleans() {
        assert_eq!(integer(&plain("+7")), Some(7));
        assert_eq!(integer(&plain("-1")), Some(-1));
        assert_eq!(integer(&plain("7.0")), None);
        assert_eq!(boolean(&plain("True")), Some(true));
        assert_eq!(boolean(&plain("ja")), None);
        assert_eq!(boolean(&plain("yes")), None);
    }
}
