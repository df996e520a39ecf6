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
        let mut d = Diagnostic::error(file, "").with_code(Coded {
            code: self.code,
            hint: self.hint,
            args: self.args.clone(),
        });
        d.reword(lang);
        d
    }

    /// The message as a warning of `file`, worded in `lang`.
    pub(crate) fn warning(&self, file: impl Into<PathBuf>, lang: Language) -> Diagnostic {
        self.error(file, lang).into_warning()
    }
}

impl Diagnostic {
    /// Words a finding of the catalogue in `lang` (message and hint); a finding
    /// without a code keeps its words.
    pub(crate) fn reword(&mut self, lang: Language) {
        let Some(c) = self.coded() else { return };
        let cat = catalogue(lang);
        let message = cat.message(c.code, &c.args);
        let hint = c.hint.and_then(|h| cat.hint(c.code, h, &c.args));
        self.message = message;
        if hint.is_some() {
            self.hint = hint;
        }
    }
}

impl Diagnostics {
    /// Words every finding of the catalogue in `lang`: findings made where the
    /// language was not known yet are shown in the reader's language too.
    pub(crate) fn reword(&mut self, lang: Language) {
        self.iter_mut().for_each(|d| d.reword(lang));
    }
}
