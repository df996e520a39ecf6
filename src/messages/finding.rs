//! A finding of the YAML layer in words: its message and hint in the reader's
//! language, and the build error it becomes.

use super::{Language, catalogue};
use crate::diagnostic::Diagnostic;
use crate::yaml::Finding;
use std::path::Path;

impl Finding {
    /// The message in `lang`.
    pub(crate) fn message(&self, lang: Language) -> String {
        catalogue(lang).message(self.code, &self.args)
    }

    /// The hint in `lang`.
    pub(crate) fn hint_text(&self, lang: Language) -> Option<String> {
        catalogue(lang).hint(self.code, self.hint?, &self.args)
    }

    /// The finding as a build error of `file`, whose contents are `text`.
    pub(crate) fn to_diagnostic(&self, file: &Path, text: &str, lang: Language) -> Diagnostic {
        let d = Diagnostic::error(file, self.message(lang)).at(text, self.at.line, self.at.column);
        match self.hint_text(lang) {
            Some(h) => d.hint(h),
            None => d,
        }
    }
}
