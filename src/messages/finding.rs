//! A finding of the YAML layer in words: its message and hint in the reader's
//! language, and the build error it becomes.

use super::Language;
#[cfg(test)]
use super::catalogue;
use crate::diagnostic::{Coded, Diagnostic};
use crate::yaml::Finding;
use std::path::Path;

impl Finding {
    /// The message in `lang`.
    #[cfg(test)]
    pub(crate) fn message(&self, lang: Language) -> String {
        catalogue(lang).message(self.code, &self.args)
    }

    /// The hint in `lang`.
    #[cfg(test)]
    pub(crate) fn hint_text(&self, lang: Language) -> Option<String> {
        catalogue(lang).hint(self.code, self.hint?, &self.args)
    }

    /// The finding as a build error of `file`, whose contents are `text`.
    pub(crate) fn to_diagnostic(&self, file: &Path, text: &str, lang: Language) -> Diagnostic {
        let coded = Coded {
            code: self.code,
            hint: self.hint,
            args: self.args.clone(),
        };
        Diagnostic::from_code(file, coded, lang).at(text, self.at.line, self.at.column)
    }
}
