use super::*;
use crate::diagnostic::Args;
use std::collections::BTreeSet;

const FILES: [(&str, &str); 2] = [
    ("de.yaml", include_str!("de.yaml")),
    ("en.yaml", include_str!("en.yaml")),
];

/// The `{name}` placeholders of a text.
fn params(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// Each catalogue file parses without a syntax error.
#[test]
fn catalogue_files_are_valid_yaml() {
    for (name, text) in FILES {
        let doc = Tree::parse(text);
        assert!(
            doc.syntax_findings().is_empty(),
            "{name}: {:?}",
            doc.syntax_findings()
        );
    }
}

#[test]
fn both_languages_have_every_code_hint_and_word() {
    for lang in [Language::De, Language::En] {
        let cat = catalogue(lang);
        let codes: BTreeSet<&str> = cat.messages.keys().map(String::as_str).collect();
        let expected: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes, expected, "{lang:?}: codes");
        for code in Code::ALL {
            let e = &cat.messages[code.as_str()];
            assert!(!e.message.trim().is_empty(), "{lang:?} {code:?}");
            let hints: BTreeSet<&str> = e.hints.keys().map(String::as_str).collect();
            let declared: BTreeSet<&str> = code.hints().iter().copied().collect();
            assert_eq!(hints, declared, "{lang:?} {}: hint variants", code.as_str());
        }
        let words: BTreeSet<&str> = cat.words.keys().map(String::as_str).collect();
        let expected: BTreeSet<&str> = Word::ALL.iter().map(|w| w.as_str()).collect();
        assert_eq!(words, expected, "{lang:?}: words");
    }
}

#[test]
fn both_languages_use_the_same_parameters() {
    let (de, en) = (catalogue(Language::De), catalogue(Language::En));
    for code in Code::ALL {
        let (d, e) = (&de.messages[code.as_str()], &en.messages[code.as_str()]);
        assert_eq!(params(&d.message), params(&e.message), "{}", code.as_str());
        for (variant, text) in &d.hints {
            assert_eq!(
                params(text),
                params(&e.hints[variant]),
                "{} hint {variant}",
                code.as_str()
            );
        }
    }
}

/// No message leaks Rust's or a parser's words.
#[test]
fn no_rust_or_parser_wording() {
    const FORBIDDEN: &[&str] = &[
        "f64",
        "f32",
        "u32",
        "u64",
        "i64",
        "usize",
        "variant",
        "sequence",
        "mapping",
        "invalid type",
        "struct",
        "enum",
        "unit value",
        "deserializ",
        "scalar",
        "serde",
        "libyaml",
        "indicator",
        "None",
        "Some(",
    ];
    for lang in [Language::De, Language::En] {
        let cat = catalogue(lang);
        let texts = cat
            .messages
            .values()
            .flat_map(|e| std::iter::once(&e.message).chain(e.hints.values()))
            .chain(cat.words.values());
        for text in texts {
            for word in FORBIDDEN {
                assert!(!text.contains(word), "{lang:?}: `{word}` in {text:?}");
            }
            // A backticked type name: `String`, `Vec`, `Date`.
            for quoted in text.split('`').skip(1).step_by(2) {
                assert!(
                    !quoted.starts_with(|c: char| c.is_ascii_uppercase()),
                    "{lang:?}: type name `{quoted}` in {text:?}"
                );
            }
        }
    }
}

#[test]
fn fills_parameters_and_words() {
    let de = catalogue(Language::De);
    let args: Args = vec![
        ("field", Arg::Text("topics".into())),
        ("found", Arg::Word(Word::Text)),
        ("expected", Arg::Words(vec![Word::Text, Word::Fields])),
    ];
    assert_eq!(
        de.message(Code::ContentWrongType, &args),
        "Bei `topics` steht ein Text, hierher gehört aber ein Text oder ein Abschnitt mit eingerückten Feldern."
    );
    let en = catalogue(Language::En);
    let allowed = vec![("allowed", Arg::List(vec!["chair".into(), "member".into()]))];
    assert_eq!(
        en.hint(Code::ContentInvalidValue, "allowed", &allowed)
            .as_deref(),
        Some("Allowed: `chair`, `member`.")
    );
    // A missing argument stays visible rather than vanishing.
    assert_eq!(
        en.message(Code::ContentMissingField, &[]),
        "The required field `{field}` is missing."
    );
    assert_eq!(
        en.hint(Code::ContentMissingField, "no-such-variant", &[]),
        None
    );
}
