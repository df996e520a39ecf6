//! A finding of the YAML layer: a code of the message catalogue, the place in the
//! file, the hint variant and the parameters. Its words are looked up only when it is
//! shown, in the reader's language.

use super::tree::Pos;
use crate::diagnostic::{Arg, Args, Code};

/// One mistake in a YAML text, located.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
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
    pub(crate) fn new(code: Code, at: Pos, hint: &'static str) -> Finding {
        Finding {
            code,
            at,
            hint: Some(hint),
            args: Vec::new(),
        }
    }

    /// Adds a parameter.
    pub(crate) fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Finding {
        self.args.push((name, value.into()));
        self
    }

    /// The parameter `name`, as given.
    #[cfg(test)]
    pub(crate) fn param(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }
}
