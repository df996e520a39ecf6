//! A message of the catalogue about to be shown to an editor: its code, the hint
//! variant and the parameters; worded in the reader's language when it becomes a
//! [`Diagnostic`].

use super::{Language, catalogue};
use crate::diagnostic::{Arg, Args, Code, Diagnostic};
use std::path::PathBuf;

/// A catalogue message with its parameters.
#[derive(Debug, Clone)]
pub(crate) struct Msg {
    code: Code,
    hint: Option<&'static str>,
    args: Args,
}

impl Msg {
    /// The message `code` with the hint `fix`, if the code has one.
    pub(crate) fn new(code: Code) -> Msg {
        Msg {
            code,
            hint: code.hints().first().copied(),
            args: Vec::new(),
        }
    }

    /// Chooses the hint variant.
    pub(crate) fn hint(mut self, variant: &'static str) -> Msg {
        self.hint = Some(variant);
        self
    }

    /// Adds a parameter.
    pub(crate) fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.args.push((name, value.into()));
        self
    }

    /// The message as an error of `file`, worded in `lang`.
    pub(crate) fn error(&self, file: impl Into<PathBuf>, lang: Language) -> Diagnostic {
        let cat = catalogue(lang);
        let d = Diagnostic::error(file, cat.message(self.code, &self.args))
            .with_code(self.code, self.key());
        match self.hint.and_then(|h| cat.hint(self.code, h, &self.args)) {
            Some(h) => d.hint(h),
            None => d,
        }
    }

    /// The message as a warning of `file`, worded in `lang`.
    pub(crate) fn warning(&self, file: impl Into<PathBuf>, lang: Language) -> Diagnostic {
        self.error(file, lang).into_warning()
    }

    /// The parameters as written (names, values), which tell this finding from
    /// others of its code in the same file.
    fn key(&self) -> String {
        self.args
            .iter()
            .filter_map(|(_, a)| match a {
                Arg::Text(t) => Some(t.as_str()),
                Arg::List(items) => items.first().map(String::as_str),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\0")
    }
}
