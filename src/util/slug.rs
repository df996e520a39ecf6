//! URL slugs from file names and titles: lower case, German umlauts transliterated
//! (`ä→ae ö→oe ü→ue ß→ss`), every other character that is not a letter or digit
//! becomes `-`, runs of `-` collapse and none stands at either end.

/// Turns a file stem or topic name into a URL segment.
pub(crate) fn slugify(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut dash = false;
    let push = |out: &mut String, s: &str, dash: &mut bool| {
        if *dash && !out.is_empty() {
            out.push('-');
        }
        *dash = false;
        out.push_str(s);
    };
    for ch in input.chars() {
        let mapped: Option<&str> = match ch {
            'ä' | 'Ä' => Some("ae"),
            'ö' | 'Ö' => Some("oe"),
            'ü' | 'Ü' => Some("ue"),
            'ß' | 'ẞ' => Some("ss"),
            _ => None,
        };
        if let Some(s) = mapped {
            push(&mut out, s, &mut dash);
        } else if ch.is_ascii_alphanumeric() {
            let mut buf = [0u8; 4];
            push(
                &mut out,
                ch.to_ascii_lowercase().encode_utf8(&mut buf),
                &mut dash,
            );
        } else if let Some(base) = fold_accent(ch) {
            push(&mut out, base, &mut dash);
        } else {
            dash = true;
        }
    }
    out
}

/// Common accented Latin letters (names of partner towns, foreign words) fold to ASCII.
fn fold_accent(ch: char) -> Option<&'static str> {
    Some(match ch {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Å' => "a",
        'ç' | 'č' | 'ć' | 'Ç' | 'Č' | 'Ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'ň' | 'ń' | 'Ñ' | 'Ň' | 'Ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ø' => "o",
        'ř' | 'Ř' => "r",
        'š' | 'ś' | 'Š' | 'Ś' => "s",
        'ù' | 'ú' | 'û' | 'ů' | 'Ù' | 'Ú' | 'Û' | 'Ů' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ž' | 'ź' | 'ż' | 'Ž' | 'Ź' | 'Ż' => "z",
        'ł' | 'Ł' => "l",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn transliterates_umlauts_and_collapses_separators() {
        assert_eq!(slugify("Über uns"), "ueber-uns");
        assert_eq!(slugify("Fachkräfte-Börse 2026!"), "fachkraefte-boerse-2026");
        assert_eq!(slugify("Straße  & Weg"), "strasse-weg");
        assert_eq!(slugify("--Café--"), "cafe");
        assert_eq!(slugify("MINT_Förderung"), "mint-foerderung");
        assert_eq!(slugify("???"), "");
    }
}
