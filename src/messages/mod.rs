//! The message catalogue: every message fachwerk shows an editor, in German (the
//! default) and English, one file per language beside this one (`de.yaml`,
//! `en.yaml`), compiled into the binary like the theme's strings.
//!
//! A message has a stable [`Code`] (`content/unknown-field`, `yaml/tab-indent`, …),
//! named parameters (`{field}`) and, where it helps, hints chosen by a variant name
//! (`did-you-mean`, `allowed`, …). Code that finds a mistake records the code, the
//! variant and the parameters; the words are looked up only when the finding is shown,
//! so the same finding can be shown in either language and the code stays the same
//! when a message is reworded (CI fingerprints use the code, tests assert on it).

mod finding;
mod msg;

pub(crate) use msg::Msg;

use crate::diagnostic::{Arg, Code, Word};
use crate::yaml::tree::{Node, Tree, Value};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Language of the generated site.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// German (default).
    #[default]
    De,
    /// English.
    En,
}

impl Language {
    /// The BCP 47 code used in `lang` and file names.
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }
}

/// One language's messages.
#[derive(Debug, Default)]
pub(crate) struct Catalogue {
    words: HashMap<String, String>,
    messages: HashMap<String, Entry>,
    /// The texts of `fachwerk --help` (src/cmd/help.rs).
    help: HashMap<String, String>,
}

#[derive(Debug, Default)]
struct Entry {
    message: String,
    hints: HashMap<String, String>,
}

static CATALOGUES: LazyLock<[Catalogue; 2]> = LazyLock::new(|| {
    [
        Catalogue::parse(include_str!("de.yaml")),
        Catalogue::parse(include_str!("en.yaml")),
    ]
});

/// The catalogue of a language.
pub(crate) fn catalogue(lang: Language) -> &'static Catalogue {
    match lang {
        Language::De => &CATALOGUES[0],
        Language::En => &CATALOGUES[1],
    }
}

impl Catalogue {
    /// Reads a catalogue file. The files are part of the binary and tested, so a
    /// mistake in one leaves entries out (shown as their code) rather than failing.
    fn parse(text: &str) -> Catalogue {
        let doc = Tree::parse(text);
        let mut cat = Catalogue::default();
        let Some(root) = doc.root() else {
            return cat;
        };
        if let Some(Value::Map(words)) = root.get("words").map(|n| &n.value) {
            for e in words {
                if let (Some(k), Some(v)) = (e.key.as_str(), e.value.as_str()) {
                    cat.words.insert(k.to_string(), v.to_string());
                }
            }
        }
        if let Some(Value::Map(help)) = root.get("help").map(|n| &n.value) {
            for e in help {
                if let (Some(k), Some(v)) = (e.key.as_str(), e.value.as_str()) {
                    cat.help.insert(k.to_string(), v.to_string());
                }
            }
        }
        if let Some(Value::Map(messages)) = root.get("messages").map(|n| &n.value) {
            for e in messages {
                let Some(code) = e.key.as_str() else { continue };
                cat.messages.insert(code.to_string(), entry(&e.value));
            }
        }
        cat
    }

    /// The message of `code` with its parameters filled in.
    pub(crate) fn message(&self, code: Code, args: &[(&'static str, Arg)]) -> String {
        match self.messages.get(code.as_str()) {
            Some(e) => self.fill(&e.message, args),
            None => code.as_str().to_string(),
        }
    }

    /// The hint `variant` of `code` with its parameters filled in.
    pub(crate) fn hint(
        &self,
        code: Code,
        variant: &str,
        args: &[(&'static str, Arg)],
    ) -> Option<String> {
        let text = self.messages.get(code.as_str())?.hints.get(variant)?;
        Some(self.fill(text, args))
    }

    /// The parameters that the message of `code` or its hint `hint` name but `args`
    /// lacks.
    #[cfg(test)]
    pub(crate) fn missing_params(
        &self,
        code: Code,
        hint: Option<&str>,
        args: &[(&'static str, Arg)],
    ) -> Vec<String> {
        let Some(e) = self.messages.get(code.as_str()) else {
            return vec![format!("message {}", code.as_str())];
        };
        let hint_text = hint.map(|h| e.hints.get(h).map_or("{no such hint}", String::as_str));
        [Some(e.message.as_str()), hint_text]
            .into_iter()
            .flatten()
            .flat_map(|t| t.split('{').skip(1))
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .filter(|name| !args.iter().any(|(n, _)| n == name))
            .map(String::from)
            .collect()
    }

    /// A text of `fachwerk --help` in this language.
    pub(crate) fn help(&self, key: &str) -> Option<&str> {
        self.help.get(key).map(String::as_str)
    }

    /// A word in this language.
    pub(crate) fn word(&self, word: Word) -> &str {
        self.words
            .get(word.as_str())
            .map_or(word.as_str(), String::as_str)
    }

    /// A parameter in words of this language.
    pub(crate) fn arg(&self, arg: &Arg) -> String {
        match arg {
            Arg::Text(s) => s.clone(),
            Arg::Word(w) => self.word(*w).to_string(),
            Arg::Words(ws) => {
                let or = format!(" {} ", self.word(Word::Or));
                ws.iter()
                    .map(|w| self.word(*w))
                    .collect::<Vec<_>>()
                    .join(&or)
            }
            Arg::WordList(ws) => ws
                .iter()
                .map(|w| self.word(*w))
                .collect::<Vec<_>>()
                .join("; "),
            Arg::Phrase(w, params) => {
                let args: Vec<(&'static str, Arg)> = params
                    .iter()
                    .map(|(n, v)| (*n, Arg::Text(v.clone())))
                    .collect();
                self.fill(self.word(*w), &args)
            }
            Arg::List(items) => items
                .iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// Replaces each `{name}` by its argument; unknown names stay as written.
    fn fill(&self, template: &str, args: &[(&'static str, Arg)]) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    match args.iter().find(|(n, _)| *n == name) {
                        Some((_, a)) => out.push_str(&self.arg(a)),
                        None => out.push_str(&rest[open..open + close + 2]),
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn entry(node: &Node) -> Entry {
    let mut e = Entry::default();
    if let Some(m) = node.get("message").and_then(Node::as_str) {
        e.message = m.to_string();
    }
    if let Some(Value::Map(hints)) = node.get("hints").map(|n| &n.value) {
        for h in hints {
            if let (Some(k), Some(v)) = (h.key.as_str(), h.value.as_str()) {
                e.hints.insert(k.to_string(), v.to_string());
            }
        }
    }
    e
}

#[cfg(test)]
mod tests;
