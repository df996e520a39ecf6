//! German compounds: a term such as `ausbildungsbetrieb` is split into two terms of
//! the same index, `ausbild` and `betrieb`, when both occur on the site.
//!
//! The index uses the split twice: the compound's pages are added, with half the
//! weight, to the tail's (so "Betrieb" finds "Ausbildungsbetriebe"; the head is found
//! by prefix already), and the chunk names the parts beside the compound, so that the
//! browser also finds pages that have both parts for a query of the compound
//! ("Ausbildungsbetriebe" finds a page about "Ausbildung" in "Betrieben").

use pagefind_stem::Stemmer;

/// Neither part may be shorter than this, in characters: shorter "words" inside a
/// compound are mostly accidents (`rat`, `amt` would split far too much).
const MIN_PART_CHARS: usize = 4;

/// The head and tail terms of `term`, if it splits into two known terms: the tail is
/// the end of the term (it is already stemmed), the head the stem of the rest (so a
/// linking `s`, `e` or `en` goes: `ausbildungs` → `ausbild`). Of several splits the
/// one with the longest tail wins (the compound's base word). Only letters split.
pub(super) fn split(
    term: &str,
    stemmer: &Stemmer,
    is_term: impl Fn(&str) -> bool,
) -> Option<(String, String)> {
    if !term.chars().all(char::is_alphabetic) {
        return None;
    }
    let bounds: Vec<usize> = term.char_indices().map(|(i, _)| i).collect();
    let chars = bounds.len();
    if chars < 2 * MIN_PART_CHARS {
        return None;
    }
    for &at in &bounds[MIN_PART_CHARS..=chars - MIN_PART_CHARS] {
        let tail = &term[at..];
        if !is_term(tail) {
            continue;
        }
        let head = stemmer.stem(&term[..at]);
        if head.chars().count() >= MIN_PART_CHARS - 1 && is_term(&head) {
            return Some((head.into_owned(), tail.to_owned()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use pagefind_stem::Algorithm;

    fn split_with(term: &str, known: &[&str]) -> Option<(String, String)> {
        split(term, &Stemmer::create(Algorithm::German), |t| {
            known.contains(&t)
        })
    }

    #[test]
    fn a_compound_splits_into_known_terms() {
        let known = [
            "ausbild",
            "betrieb",
            "fachkraft",
            "allianz",
            "beruf",
            "orientier",
        ];
        assert_eq!(
            split_with("ausbildungsbetrieb", &known),
            Some(("ausbild".into(), "betrieb".into()))
        );
        assert_eq!(
            split_with("fachkrafteallianz", &known),
            Some(("fachkraft".into(), "allianz".into()))
        );
        assert_eq!(
            split_with("berufsorientier", &known),
            Some(("beruf".into(), "orientier".into()))
        );
    }

    #[test]
    fn unknown_parts_short_parts_and_numbers_do_not_split() {
        assert_eq!(split_with("ausbildungsbetrieb", &["betrieb"]), None);
        assert_eq!(split_with("ausbildungsbetrieb", &["ausbild"]), None);
        assert_eq!(split_with("betriebsrat", &["betrieb", "rat"]), None);
        assert_eq!(split_with("betrieb2024", &["betrieb", "2024"]), None);
        assert_eq!(split_with("lots", &["lo", "ts"]), None);
    }

    #[test]
    fn the_longest_tail_wins() {
        let known = [
            "land",
            "landes",
            "arbeitsagentur",
            "agentur",
            "arbeit",
            "landesarbeit",
        ];
        assert_eq!(
            split_with("landesarbeitsagentur", &known),
            Some(("land".into(), "arbeitsagentur".into()))
        );
    }
}
