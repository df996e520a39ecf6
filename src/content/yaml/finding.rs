//! A finding of the YAML layer: a code of the message catalogue, the place in the
//! file, the hint variant and the parameters. Its words are looked up only when it is
//! shown, in the reader's language.

use super::tree::Pos;
use crate::config::Language;
use crate::diagnostic::Diagnostic;
use crate::messages::{Arg, Args, Code, Word, catalogue};
use std::path::Path;

/// One mistake in a YAML text, located.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// What kind of mistake: the catalogue entry.
    pub code: Code,
    /// Where it is.
    pub at: Pos,
    /// The hint variant of the catalogue entry, if one fits.
    pub hint: Option<&'static str>,
    /// The parameters of message and hint.
    pub args: Args,
}

impl Finding {
    /// A finding with the hint `hint` of `code`.
    pub fn new(code: Code, at: Pos, hint: &'static str) -> Finding {
        Finding {
            code,
            at,
            hint: Some(hint),
            args: Vec::new(),
        }
    }

    /// Adds a parameter.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Finding {
        self.args.push((name, value.into()));
        self
    }

    /// The parameter `name`, as given.
    pub fn param(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Language) -> String {
        catalogue(lang).message(self.code, &self.args)
    }

    /// The hint in `lang`.
    pub fn hint_text(&self, lang: Language) -> Option<String> {
        catalogue(lang).hint(self.code, self.hint?, &self.args)
    }

    /// The finding as a build error of `file`, whose contents are `text`.
    pub fn to_diagnostic(&self, file: &Path, text: &str, lang: Language) -> Diagnostic {
        let d = Diagnostic::error(file, self.message(lang)).at(text, self.at.line, self.at.column);
        match self.hint_text(lang) {
            Some(h) => d.hint(h),
            None => d,
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<Word> for Arg {
    fn from(w: Word) -> Arg {
        Arg::Word(w)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Text(n.to_string())
    }
}
