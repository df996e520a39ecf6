//! A finding of the YAML layer in words: its message and hint in the reader's
//! language, and the build error it becomes.

use super::{Language, catalogue};
use crate::diagnostic::{Arg, Diagnostic};
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

    /// What tells this finding from others of its code in the same file: its
    /// parameters as written (field, value), never the words of the message.
    pub(crate) fn key(&self) -> String {
        self.args
            .iter()
            .filter_map(|(name, a)| match a {
                Arg::Text(t) if *name != "first_line" => Some(t.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\0")
    }

    /// The finding as a build error of `file`, whose contents are `text`.
    pub(crate) fn to_diagnostic(&self, file: &Path, text: &str, lang: Language) -> Diagnostic {
        let d = Diagnostic::error(file, self.message(lang))
            .at(text, self.at.line, self.at.column)
            .with_code(self.code, self.key());
        match self.hint_text(lang) {
            Some(h) => d.hint(h),
            None => d,
        }
    }
}
