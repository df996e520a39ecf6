//! Errors and warnings for editors: every finding names the file, line and column,
//! says what is wrong and, where possible, how to fix it.
//!
//! A build collects all findings instead of stopping at the first one, so that an
//! editor sees every mistake of a commit in one run.
//!
//! Every finding comes from the message catalogue (`crate::messages`): a
//! [`Diagnostic`] can only be made from a catalogue [`Code`] with its parameters
//! (`Msg::error`, `Msg::warning`), and its words are the catalogue's, in the reader's
//! language. No code outside this module can give a finding words of its own.

mod code;

pub(crate) use code::{Arg, Args, Code, Word, WordError, io_reason};

use crate::messages::{Language, catalogue};

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a finding is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails; nothing is written.
    Error,
    /// Worth fixing, but the site is built.
    Warning,
}

/// One finding, located in a source file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site directory (or the theme), as the editor knows it.
    pub file: PathBuf,
    /// 1-based line; 0 when the finding concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// What is wrong, in the words of the catalogue.
    message: String,
    /// How to fix it, in the words of the catalogue.
    hint: Option<String>,
    /// The text of the offending line, shown under the location.
    pub source_line: Option<String>,
    /// The catalogue message it was worded from, to word it again in another
    /// language; boxed, so that a `Result<_, Diagnostic>` stays small.
    coded: Box<Coded>,
}

/// What a message of the catalogue is made of: its code, hint variant and
/// parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Coded {
    /// The catalogue entry.
    pub code: Code,
    /// The hint variant, if any.
    pub hint: Option<&'static str>,
    /// The parameters of message and hint.
    pub args: Args,
}

impl Diagnostic {
    /// An error of the catalogue about a whole file (no line known), worded in
    /// `lang`; made by `Msg::error`, the only way to a finding.
    pub(crate) fn from_code(file: impl Into<PathBuf>, coded: Coded, lang: Language) -> Self {
        let mut d = Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: String::new(),
            hint: None,
            source_line: None,
            coded: Box::new(coded),
        };
        d.reword(lang);
        d
    }

    /// Words the finding in `lang` (message and hint) from the catalogue.
    pub(crate) fn reword(&mut self, lang: Language) {
        let cat = catalogue(lang);
        let c = &self.coded;
        self.message = cat.message(c.code, &c.args);
        self.hint = c.hint.and_then(|h| cat.hint(c.code, h, &c.args));
    }

    /// Adds a parameter known only later (the pages a problem of a template
    /// concerns) and words the finding again in `lang`.
    pub(crate) fn add_arg(&mut self, name: &'static str, value: Arg, lang: Language) {
        self.coded.args.push((name, value));
        self.reword(lang);
    }

    /// What is wrong, in the catalogue's words.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How to fix it, in the catalogue's words.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// Places the finding at a line and column of `text` (the file's contents), and
    /// remembers that line to show it.
    pub fn at(mut self, text: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self.source_line = line
            .checked_sub(1)
            .and_then(|i| text.lines().nth(i))
            .map(|l| l.trim_end().to_string());
        self
    }

    /// Places the finding at a byte offset of `text` (the file's contents).
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, column) = line_and_column(text, offset);
        self.at(text, line, column)
    }

    /// The same finding as a warning (`build` reports `check`'s lints this way).
    pub fn into_warning(self) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..self
        }
    }

    /// The stable code of the message (`content/unknown-field`), shown with it and
    /// used by CI reports.
    pub fn code(&self) -> &'static str {
        self.coded.code.as_str()
    }

    /// What tells this finding from another of the same code in the same file: its
    /// parameters as written (field, value), never the words of the message; part of
    /// the CI fingerprint, which must not change when a message is reworded, shown in
    /// another language or moved to another line.
    pub fn key(&self) -> String {
        self.coded
            .args
            .iter()
            .filter_map(|(name, a)| match a {
                Arg::Text(t) if *name != "first_line" => Some(t.as_str()),
                Arg::List(items) => items.first().map(String::as_str),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\0")
    }

    /// True for errors, false for warnings.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` as editors and CI tools expect it.
    pub fn location(&self) -> String {
        let file = display_path(&self.file);
        match (self.line, self.column) {
            (0, _) => file,
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub(crate) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}[{}]: {}", self.code(), self.message)?;
        writeln!(f, "  --> {}", self.location())?;
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            let (shown, caret) = excerpt(src, self.column);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {shown}")?;
            if self.column > 0 {
                // Columns count characters, so the caret lines up under multi-byte text.
                writeln!(f, "{pad} | {}^", " ".repeat(caret - 1))?;
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "   = hint: {hint}")?;
        }
        Ok(())
    }
}

/// At most this many characters of a source line are shown under a finding.
const MAX_SHOWN: usize = 120;

/// The part of a source line to show, and the caret's column in it: a long line
/// (a minified file, a value nested 100,000 levels deep) is cut around `column`,
/// with `…` where text is left out.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= MAX_SHOWN {
        return (line.to_string(), column);
    }
    let col = column.clamp(1, len + 1);
    let start = (col - 1).saturating_sub(MAX_SHOWN / 2).min(len - MAX_SHOWN);
    let end = start + MAX_SHOWN;
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(MAX_SHOWN));
    if end < len {
        shown.push('…');
    }
    (shown, col - start + usize::from(start > 0))
}

/// All findings of one build, in a stable order (by file, line, column).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Adds one finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds all findings of another collection.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// True when at least one finding is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// True when there is no finding at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The findings, sorted by file, line and column, duplicates removed.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
        self.0
    }

    /// The findings, to change (to word them in another language).
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.0.iter_mut()
    }

    /// Iterates over the findings in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// Suggests the closest of `candidates` to a mistyped `word`, or a known German
/// synonym (editors write `telefon` for `phone`).
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    if let Some((_, english)) = GERMAN_SYNONYMS.iter().find(|(de, _)| *de == lower)
        && let Some(c) = candidates.iter().find(|c| *c == english)
    {
        return Some(c);
    }
    candidates
        .iter()
        .map(|c| (c, strsim::jaro_winkler(&lower, c)))
        .filter(|(_, score)| *score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| *c)
}

/// Suggests the closest existing file for a mistyped path; stricter than
/// [`did_you_mean`], since paths share long prefixes such as `images/`.
pub(crate) fn did_you_mean_path<'a>(path: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (c, strsim::normalized_levenshtein(path, c)))
        .filter(|(_, score)| *score >= 0.7)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| *c)
}

/// German words editors are likely to use for field names.
const GERMAN_SYNONYMS: &[(&str, &str)] = &[
    ("telefon", "phone"),
    ("tel", "phone"),
    ("titel", "title"),
    ("name", "name"),
    ("datum", "date"),
    ("ort", "location"),
    ("adresse", "address"),
    ("anschrift", "address"),
    ("bild", "image"),
    ("beschreibung", "description"),
    ("zusammenfassung", "summary"),
    ("traeger", "carrier"),
    ("träger", "carrier"),
    ("zeitraum", "period"),
    ("themen", "topics"),
    ("thema", "topics"),
    ("foerdersumme", "funding_amount"),
    ("fördersumme", "funding_amount"),
    ("kontakt", "contact"),
    ("ansprechpartner", "contact"),
    ("frist", "deadline"),
    ("einreichungsfrist", "deadline"),
    ("beginn", "start"),
    ("ende", "end"),
    ("anmeldung", "registration"),
    ("datei", "file"),
    ("rolle", "role"),
    ("art", "kind"),
    ("funktion", "function"),
    ("organisation", "organisation"),
    ("organization", "organisation"),
    ("webseite", "website"),
    ("url", "website"),
    ("entwurf", "draft"),
    // Values of roles and kinds.
    ("vorsitz", "chair"),
    ("vorsitzender", "chair"),
    ("vorsitzende", "chair"),
    ("stellvertretung", "deputy_chair"),
    ("mitglied", "member"),
    ("geschaeftsfuehrung", "managing_member"),
    ("geschäftsführung", "managing_member"),
    ("landkreis", "county"),
    ("kreis", "county"),
    ("stadt", "city"),
    ("gemeinde", "city"),
    ("kammer", "chamber"),
    ("gewerkschaft", "union"),
    ("arbeitgeberverband", "employers"),
    ("unternehmerverband", "employers"),
    ("arbeitsagentur", "employment_agency"),
    ("agentur", "employment_agency"),
    ("schule", "school"),
    ("hochschule", "university"),
    ("universitaet", "university"),
    ("universität", "university"),
    ("wirtschaftsfoerderung", "business_development"),
    ("wirtschaftsförderung", "business_development"),
    ("gleichstellung", "equality"),
    ("sonstige", "other"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Msg;

    /// A finding of the catalogue about `field`, in English.
    fn finding(file: &str, field: &str) -> Diagnostic {
        Msg::new(Code::ContentUnknownField)
            .hint("did-you-mean")
            .arg("field", field)
            .arg("suggestion", "phone")
            .error(file, Language::En)
    }

    #[test]
    fn long_source_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "[".repeat(5000), "]".repeat(5000));
        let d = finding("partners.yaml", "x").at(&line, 1, 5001);
        let text = d.to_string();
        let shown = text.lines().nth(3).unwrap();
        let caret = text.lines().nth(4).unwrap();
        assert!(shown.chars().count() < 140, "{shown}");
        assert!(
            shown.starts_with("1 | …[") && shown.ends_with("]…"),
            "{shown}"
        );
        // The caret stands under the X.
        let x = shown.chars().position(|c| c == 'X').unwrap();
        assert_eq!(caret.chars().count() - 1, x, "{caret}");
        // Short lines are shown whole.
        let d = finding("a.yaml", "name").at("name: x", 1, 7);
        assert!(d.to_string().contains("1 | name: x\n  |       ^\n"), "{d}");
    }

    #[test]
    fn suggests_german_synonym_and_typo() {
        let fields = ["id", "name", "phone", "email", "function"];
        assert_eq!(did_you_mean("telefon", &fields), Some("phone"));
        assert_eq!(did_you_mean("emial", &fields), Some("email"));
        assert_eq!(did_you_mean("xyzzy", &fields), None);
    }

    #[test]
    fn path_suggestions_need_more_than_a_shared_folder() {
        let files = ["images/sachsen.svg", "docs/konzept.pdf"];
        assert_eq!(did_you_mean_path("images/rueckkehr.jpg", &files), None);
        assert_eq!(
            did_you_mean_path("docs/konzept-2025.pdf", &files),
            Some("docs/konzept.pdf")
        );
    }

    #[test]
    fn renders_location_line_and_caret() {
        let text = "a: 1\n  telefon: 2\n";
        let d = finding("contacts.yaml", "telefon").at(text, 2, 3);
        let shown = d.to_string();
        assert!(shown.contains("--> contacts.yaml:2:3"), "{shown}");
        assert!(shown.contains("2 |   telefon: 2"), "{shown}");
        assert!(shown.contains("  |   ^"), "{shown}");
    }
}
