//! Words of a text as the search index keeps them: NFC, split at every character that
//! is neither a letter nor a digit, lower case, without stop words, stemmed.
//!
//! The browser does the same to the query (`search.js`, `analyze`): it splits at
//! `[^\p{Alphabetic}\p{N}]` (Rust's `char::is_alphanumeric`), lowers with
//! `toLowerCase`, drops the stop words the index lists and stems with the same
//! algorithms. `tests/browser/search.test.mjs` compares both stemmers word by word.

use super::TermCount;
use pagefind_stem::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::Arc;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Words longer than this (in characters) are not indexed: no one searches for them,
/// and a base64 blob pasted into a page would otherwise become a term.
pub(crate) const MAX_WORD_CHARS: usize = 40;

/// The languages the index knows how to stem: the site's languages (German with
/// Snowball's German stemmer, version 3.0, ae/oe/ue read as umlauts; English with
/// plural endings only, `-ies`, `-es`, `-s`, the "S stemmer").
pub use crate::messages::Language;

/// What the index needs of a language besides its code.
impl Language {
    /// The language of a code (`de`, `de-DE`, `en`, `en-GB`); `None` for others.
    pub fn from_code(code: &str) -> Option<Language> {
        match code.split(['-', '_']).next()?.to_ascii_lowercase().as_str() {
            "de" => Some(Language::De),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// Function words the index leaves out: they are on every page and would make up a
    /// quarter of the index. The list goes into the index, so the browser drops the same.
    pub fn stop_words(self) -> &'static [&'static str] {
        match self {
            Language::De => STOP_DE,
            Language::En => STOP_EN,
        }
    }
}

/// German function words (articles, pronouns, conjunctions, prepositions, forms of
/// sein/haben/werden), sorted by bytes (so `über` comes last).
const STOP_DE: &[&str] = &[
    "ab", "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "bist", "da",
    "damit", "dann", "das", "dass", "dem", "den", "denn", "der", "des", "die", "dies", "diese",
    "diesem", "diesen", "dieser", "dieses", "doch", "du", "durch", "ein", "eine", "einem", "einen",
    "einer", "eines", "er", "es", "für", "hat", "hatte", "ich", "ihr", "ihre", "im", "in", "ist",
    "ja", "kann", "man", "mit", "nach", "nicht", "noch", "nur", "ob", "oder", "sich", "sie",
    "sind", "so", "um", "und", "uns", "unter", "vom", "von", "vor", "war", "was", "wenn", "werden",
    "wie", "wir", "wird", "wo", "zu", "zum", "zur", "über",
];

/// English function words, sorted.
const STOP_EN: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "so",
    "that", "the", "their", "them", "they", "this", "to", "was", "we", "were", "which", "will",
    "with", "you", "your",
];

/// Turns words into index terms for one language and counts them per record. Each
/// distinct word is stemmed once (a site has a few ten thousand distinct words and
/// millions of occurrences); terms are numbered per analyzer, and a record's counts
/// live in a table indexed by those numbers.
pub(crate) struct Analyzer {
    language: Language,
    german: Option<Stemmer>,
    /// A word as written (of at most [`SHORT`] bytes, packed by [`short_key`]) →
    /// its term's number, or [`NO_TERM`]: a key is one number, so a look-up
    /// compares numbers and follows no pointer (most words are short).
    short_words: FxHashMap<u128, u32>,
    /// A longer word as written → its term's number, or [`NO_TERM`].
    words: FxHashMap<Box<str>, u32>,
    /// Term → its number.
    numbers: FxHashMap<Arc<str>, u32>,
    /// Number → term.
    terms: Vec<Arc<str>>,
    /// The counts of the record being analyzed, by term number, and which are set.
    counts: Vec<TermCount>,
    touched: Vec<u32>,
    words_counted: u32,
    /// The term numbers of the text being counted (kept to reuse its allocation).
    seen: Vec<u32>,
}

/// An analyzer's terms by number, shared by the analyses it made.
pub(crate) type Terms = Arc<[Arc<str>]>;

/// A word that is not indexed (a stop word, or too long).
const NO_TERM: u32 = u32::MAX;

impl Analyzer {
    /// An analyzer for `language`.
    pub(crate) fn new(language: Language) -> Analyzer {
        Analyzer {
            language,
            german: (language == Language::De).then(|| Stemmer::create(Algorithm::German)),
            short_words: FxHashMap::default(),
            words: FxHashMap::default(),
            numbers: FxHashMap::default(),
            terms: Vec::new(),
            counts: Vec::new(),
            touched: Vec::new(),
            words_counted: 0,
            seen: Vec::new(),
        }
    }

    /// Calls `each` with the term of every indexed word of `text`, in order.
    pub(crate) fn each_term(&mut self, text: &str, mut each: impl FnMut(&str)) {
        let mut numbers = Vec::new();
        self.numbers_of(text, |n| numbers.push(n));
        for n in numbers {
            each(&self.terms[n as usize]);
        }
    }

    /// Counts the words of `text` for the current record: in the body, or in the title.
    pub(crate) fn count(&mut self, text: &str, title: bool) {
        let mut seen = std::mem::take(&mut self.seen);
        seen.clear();
        self.numbers_of(text, |n| seen.push(n));
        if self.counts.len() < self.terms.len() {
            self.counts.resize(self.terms.len(), TermCount::default());
        }
        for &n in &seen {
            let c = &mut self.counts[n as usize];
            if *c == TermCount::default() {
                self.touched.push(n);
            }
            if title {
                c.set_title();
            } else {
                c.add_body();
                self.words_counted += 1;
            }
        }
        self.seen = seen;
    }

    /// The counts of the current record (by term number, in no particular order) and
    /// its number of body words; starts the next record. The numbers are this
    /// analyzer's: [`Analyzer::into_terms`] gives the terms they stand for.
    pub(crate) fn finish(&mut self) -> (Vec<(u32, TermCount)>, u32) {
        let mut out = Vec::with_capacity(self.touched.len());
        for n in self.touched.drain(..) {
            let count = std::mem::take(&mut self.counts[n as usize]);
            out.push((n, count));
        }
        (out, std::mem::take(&mut self.words_counted))
    }

    /// Every term this analyzer numbered, by number: the table of the counts that
    /// [`Analyzer::finish`] gave.
    pub(crate) fn into_terms(self) -> Terms {
        self.terms.into()
    }

    /// Calls `each` with the number of each indexed word's term.
    fn numbers_of(&mut self, text: &str, mut each: impl FnMut(u32)) {
        let text: Cow<str> = if is_nfc(text) {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(text.nfc().collect())
        };
        for_each_word(&text, |word| {
            let n = match short_key(word.as_bytes()) {
                Some(key) => match self.short_words.get(&key) {
                    Some(&n) => n,
                    None => {
                        let n = self.number_of_new(word);
                        self.short_words.insert(key, n);
                        n
                    }
                },
                None => match self.words.get(word) {
                    Some(&n) => n,
                    None => {
                        let n = self.number_of_new(word);
                        self.words.insert(word.into(), n);
                        n
                    }
                },
            };
            if n != NO_TERM {
                each(n);
            }
        });
    }

    fn number_of_new(&mut self, word: &str) -> u32 {
        let Some(term) = self.compute(word) else {
            return NO_TERM;
        };
        if let Some(&n) = self.numbers.get(term.as_str()) {
            return n;
        }
        let n = self.terms.len() as u32;
        let term: Arc<str> = term.into();
        self.terms.push(Arc::clone(&term));
        self.numbers.insert(term, n);
        n
    }

    fn compute(&self, word: &str) -> Option<String> {
        if word.chars().count() > MAX_WORD_CHARS {
            return None;
        }
        let lower = word.to_lowercase();
        if self
            .language
            .stop_words()
            .binary_search(&lower.as_str())
            .is_ok()
        {
            return None;
        }
        // Numbers, and words with digits (`H2`, `2024er`), are kept as they are.
        if lower.chars().any(|c| c.is_numeric()) {
            return Some(lower);
        }
        Some(match &self.german {
            Some(stemmer) => stemmer.stem(&lower).into_owned(),
            None => english_plural(&lower),
        })
    }
}

/// The longest word (in bytes) that [`short_key`] packs.
const SHORT: usize = 15;

/// A word of at most [`SHORT`] bytes as one number: its length, then its bytes
/// (distinct words give distinct numbers: a length `l` gives a number in
/// `l·256^l .. (l+1)·256^l`); `None` for a longer word.
fn short_key(word: &[u8]) -> Option<u128> {
    if word.len() > SHORT {
        return None;
    }
    Some(
        word.iter()
            .fold(word.len() as u128, |key, &b| key << 8 | u128::from(b)),
    )
}

/// Whether `text` is in NFC for sure (else it is normalized, which is right either
/// way). Characters below U+0300 (UTF-8 lead bytes below 0xCC) are in NFC and combine
/// with nothing before them, so only the others need Unicode's tables; leaving the
/// first out can only make the quick check stricter (they have combining class 0).
/// Blocks of 64 bytes are skipped whole when their largest byte says so (a loop the
/// compiler vectorizes): most German text has a few such characters („ “) per page.
fn is_nfc(text: &str) -> bool {
    const FIRST: u8 = 0xCC;
    let bytes = text.as_bytes();
    let marks = bytes
        .chunks(64)
        .enumerate()
        .filter(|(_, block)| block.iter().fold(0, |m, &b| m.max(b)) >= FIRST)
        .flat_map(|(k, block)| {
            let at = k * 64;
            block
                .iter()
                .enumerate()
                .filter(|(_, b)| **b >= FIRST)
                .map(move |(j, _)| at + j)
        })
        .filter_map(|i| text.get(i..).and_then(|rest| rest.chars().next()));
    is_nfc_quick(marks) == IsNormalized::Yes
}

/// Calls `f` with every maximal run of letters and digits (`char::is_alphanumeric`)
/// of `text`; ASCII, the Latin letters of two bytes and the punctuation of
/// U+2000..U+203F (dashes, quotes) without Unicode's tables.
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let (mut start, mut i) = (None, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let (in_word, width) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else if (LATIN_LEAD..=LATIN_LAST).contains(&b) {
            // U+00C0..U+027F: letters all but × (C3 97) and ÷ (C3 B7).
            let next = bytes.get(i + 1).copied().unwrap_or(0);
            (b != LATIN_LEAD || (next != 0x97 && next != 0xB7), 2)
        } else if b == 0xE2 && bytes.get(i + 1) == Some(&0x80) {
            // U+2000..U+203F: spaces, dashes, quotes, bullets.
            (false, 3)
        } else {
            match text[i..].chars().next() {
                Some(c) => (c.is_alphanumeric(), c.len_utf8()),
                None => break,
            }
        };
        if in_word {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            f(&text[s..i]);
        }
        i += width;
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

/// The UTF-8 lead bytes of U+00C0..U+027F (Latin-1's letters, Latin Extended-A
/// and -B, IPA), which [`for_each_word`] reads without decoding.
const LATIN_LEAD: u8 = 0xC3;
const LATIN_LAST: u8 = 0xC9;

/// Harman's "S stemmer" (1991): `-ies` → `-y`, `-es` → `-e`, `-s` → ``, but not after
/// `ae`, `ee`, `oe`, `ie`, `ue`, `ss` or `us`. A light touch that the browser repeats
/// exactly.
fn english_plural(word: &str) -> String {
    // Lengths in characters, as the browser counts them (`Array.from`).
    let n = word.chars().count();
    let cut = |k: usize| &word[..word.len() - k]; // the endings are ASCII
    if n > 3 && word.ends_with("ies") && !word.ends_with("eies") && !word.ends_with("aies") {
        return format!("{}y", cut(3));
    }
    if n > 3 && word.ends_with("es") && !["aes", "ees", "oes"].iter().any(|e| word.ends_with(e)) {
        return cut(1).to_owned();
    }
    if n > 2 && word.ends_with('s') && !word.ends_with("us") && !word.ends_with("ss") {
        return cut(1).to_owned();
    }
    word.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(language: Language, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        Analyzer::new(language).each_term(text, |t| out.push(t.to_owned()));
        out
    }

    #[test]
    fn german_word_forms_share_a_term() {
        let de = |w| terms(Language::De, w);
        assert_eq!(de("Lotse"), de("Lotsen"));
        assert_eq!(de("Lotse"), ["lots"]);
        assert_eq!(de("Ausbildungsbetriebe"), de("Ausbildungsbetrieb"));
        assert_eq!(de("Fachkräfte"), de("Fachkraft"));
        assert_eq!(de("Ergebnisse"), de("Ergebnis"));
        assert_eq!(de("Unternehmen"), de("Unternehmens"));
        // ae, oe, ue and ß read as ä, ö, ü and ss (a keyboard without umlauts).
        assert_eq!(de("Fachkraefte"), de("Fachkräfte"));
        assert_eq!(de("Strasse"), de("Straße"));
    }

    #[test]
    fn decomposed_umlauts_are_one_letter() {
        // "Fachkräfte" with ä written as a + U+0308, as some editors save it.
        assert_eq!(
            terms(Language::De, "Fachkra\u{308}fte"),
            terms(Language::De, "Fachkräfte")
        );
    }

    #[test]
    fn short_keys_tell_words_apart() {
        let words: Vec<&[u8]> = vec![
            b"a",
            b"\0",
            b"\0\0",
            b"a\0",
            b"\0a",
            b"\x01\0",
            b"\x02",
            b"ab",
            b"ba",
            b"abcdefghijklmno",
            b"abcdefghijklmnp",
            b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
            b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
        ];
        let keys: std::collections::HashSet<u128> =
            words.iter().map(|w| short_key(w).unwrap()).collect();
        assert_eq!(keys.len(), words.len());
        assert_eq!(short_key(b"abcdefghijklmnop"), None);
        // A long word and its short prefix are both counted, each as itself.
        let long = "Ausbildungsbetriebe";
        assert!(long.len() > SHORT);
        assert_eq!(
            terms(
                Language::De,
                &format!("{long} Ausbildung {long} Ausbildung")
            ),
            [
                "ausbildungsbetrieb",
                "ausbild",
                "ausbildungsbetrieb",
                "ausbild"
            ]
        );
    }

    #[test]
    fn text_in_nfc_is_told_apart_from_text_that_is_not() {
        for text in ["Lotse", "Fachkräfte „Azubi“ – 2024", "", "½ 𝔸"] {
            assert!(is_nfc(text), "{text}");
        }
        for text in ["Fachkra\u{308}fte", "a\u{301}\u{300}x", "\u{212b}"] {
            assert!(!is_nfc(text), "{text}");
            assert_ne!(text.nfc().collect::<String>(), text);
        }
        // Past the first block of 64 bytes, and at a block's last byte.
        let far = format!("{}a\u{308}", "x".repeat(100));
        assert!(!is_nfc(&far));
        let edge = format!("{}\u{212b}", "x".repeat(63));
        assert!(!is_nfc(&edge));
        assert!(is_nfc(&format!("{}„ä“", "x".repeat(200))));
    }

    #[test]
    fn words_split_at_hyphens_and_punctuation_and_stop_words_go() {
        assert_eq!(
            terms(
                Language::De,
                "Azubi-Lotsen, die im Jahr 2024 (und danach) halfen."
            ),
            ["azubi", "lots", "jahr", "2024", "danach", "half"]
        );
        assert!(terms(Language::De, &"x".repeat(MAX_WORD_CHARS + 1)).is_empty());
        assert_eq!(terms(Language::De, &"x".repeat(MAX_WORD_CHARS)).len(), 1);
    }

    #[test]
    fn words_split_as_is_alphanumeric_says() {
        // Every character once between two letters, and once alone: the fast paths
        // for Latin letters and punctuation must agree with `char::is_alphanumeric`.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let mut words = Vec::new();
            for_each_word(&text, |w| words.push(w.to_string()));
            let expected = if c.is_alphanumeric() {
                vec![text.clone()]
            } else {
                vec!["a".to_string(), "b".to_string()]
            };
            assert_eq!(words, expected, "U+{:04X}", c as u32);
            let mut alone = Vec::new();
            for_each_word(c.encode_utf8(&mut [0; 4]), |w| alone.push(w.to_string()));
            assert_eq!(
                alone.len(),
                usize::from(c.is_alphanumeric()),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn english_plurals() {
        let en = |w| terms(Language::En, w);
        assert_eq!(en("Companies"), ["company"]);
        assert_eq!(en("apprentices"), ["apprentice"]);
        assert_eq!(en("projects"), ["project"]);
        assert_eq!(en("status process"), ["status", "process"]);
        assert_eq!(en("the and of"), Vec::<String>::new());
    }

    #[test]
    fn stop_lists_are_sorted_for_binary_search() {
        for list in [STOP_DE, STOP_EN] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn language_codes() {
        assert_eq!(Language::from_code("de-DE"), Some(Language::De));
        assert_eq!(Language::from_code("EN"), Some(Language::En));
        assert_eq!(Language::from_code("fr"), None);
        assert_eq!(Language::from_code(""), None);
    }
}
