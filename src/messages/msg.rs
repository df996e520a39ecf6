//! A message of the catalogue about to be shown to an editor: its code, the hint
//! variant and the parameters; worded in the reader's language when it becomes a
//! [`Diagnostic`].

use super::{Language, catalogue};
use crate::diagnostic::{Arg, Args, Code, Coded, Diagnostic, Diagnostics};
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
        let coded = Coded {
            code: self.code,
            hint: self.hint,
            args: self.args.clone(),
        };
        Diagnostic::from_code(file, coded, lang)
    }

    /// The message alone, worded in `lang`: a line of the terminal that concerns no
    /// file (the preview's status, a usage error).
    pub(crate) fn text(&self, lang: Language) -> String {
        catalogue(lang).message(self.code, &self.args)
    }

    /// The hint alone, worded in `lang`.
    pub(crate) fn hint_text(&self, lang: Language) -> Option<String> {
        catalogue(lang).hint(self.code, self.hint?, &self.args)
    }

    /// The message as the terminal shows a finding that concerns no file, worded in
    /// `lang`: `label[code]: message`, then the hint; ends with a line break.
    pub(crate) fn shown(&self, label: &str, lang: Language) -> String {
        let mut out = format!("{label}[{}]: {}\n", self.code.as_str(), self.text(lang));
        if let Some(hint) = self.hint_text(lang) {
            out.push_str(&format!("   = hint: {hint}\n"));
        }
        out
    }

    /// The message as a warning of `file`, worded in `lang`.
    pub(crate) fn warning(&self, file: impl Into<PathBuf>, lang: Language) -> Diagnostic {
        self.error(file, lang).into_warning()
    }
}

impl Diagnostics {
    /// Words every finding of the catalogue in `lang`: findings made where the
    /// language was not known yet are shown in the reader's language too.
    pub(crate) fn reword(&mut self, lang: Language) {
        self.iter_mut().for_each(|d| d.reword(lang));
    }
}
