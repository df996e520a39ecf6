//! What CSS could hide the funding notice. Every stylesheet a site ships (its own and
//! its theme's CSS files, the `<style>` elements of its templates and static pages)
//! is read once per build ([`sheet`]); a rule with a declaration that can hide what
//! it styles ([`declarations`]) is compiled into tests on start tags ([`selector`],
//! [`styles`]), which the post-processing pass runs on the elements of every page. Where such a
//! rule applies to the notice or to an element around it, the build fails at the
//! rule's line.
//!
//! Selectors are over-approximated (a test matches at least every element the real
//! selector matches), custom properties are substituted with every value the site
//! defines for them, and `@keyframes` that hide make every animation using them a
//! hiding declaration. What this cannot see is JavaScript, and CSS that templates
//! write through Tera expressions.

mod declarations;
mod selector;
mod sheet;
mod styles;

pub(crate) use declarations::TEXT_LOCK;
pub(crate) use sheet::{Decl, read_declarations};
pub(crate) use styles::{Element, Styles, Written};

use crate::diagnostic::{Code, Diagnostic};
use crate::messages::{Language, Msg};
use selector::Target;
use sheet::Sheet;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A place in a source file, ready for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub source_line: String,
}

impl Place {
    /// The place of byte `offset` in `text`, the content of `file`.
    pub(crate) fn new(file: &Path, text: &str, offset: usize) -> Place {
        let (line, column) = crate::diagnostic::line_and_column(text, offset);
        Place {
            file: file.to_path_buf(),
            line,
            column,
            source_line: text
                .lines()
                .nth(line - 1)
                .map(|l| l.trim_end().to_string())
                .unwrap_or_default(),
        }
    }

    /// A message of the catalogue as an error at this place (worded in German; the
    /// report words it again in the reader's language).
    pub(crate) fn msg_error(&self, msg: &Msg) -> Diagnostic {
        self.locate(msg.error(&self.file, Language::De))
    }

    fn locate(&self, mut d: Diagnostic) -> Diagnostic {
        d.line = self.line;
        d.column = self.column;
        d.source_line = Some(self.source_line.clone());
        d
    }
}

/// One declaration that hides what a rule styles.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    /// `display: none`.
    pub text: String,
    /// The lock fachwerk writes on the notice's text overrides it there.
    pub locked: bool,
    /// ... and everywhere around the text (an inherited property the lock sets).
    pub inherited: bool,
    pub at: Place,
}

/// The stylesheets of a site, read but not yet compiled.
#[derive(Debug, Clone, Default)]
pub(crate) struct Collector {
    sheets: Vec<(PathBuf, Arc<str>, Sheet)>,
}

impl Collector {
    /// Reads every stylesheet of a site: the CSS files of the output (the site's
    /// `static/` ones shown as `static/…`, the theme's as `<theme>/static/…`) and
    /// the `<style>` elements of the templates (name, path, text).
    pub(crate) fn site(
        files: &[crate::util::files::OutputFile],
        templates: &[(String, PathBuf, String)],
        from_site: impl Fn(&str) -> bool,
        theme: &Path,
    ) -> Result<Collector, Diagnostic> {
        let mut c = Collector::default();
        for f in files
            .iter()
            .filter(|f| f.path.to_ascii_lowercase().ends_with(".css"))
        {
            let shown = if from_site(&f.path) {
                Path::new("static").join(&f.path)
            } else {
                theme.join("static").join(&f.path)
            };
            let bytes = f
                .bytes()
                .map_err(|e| crate::util::source::unreadable(&shown, &e))?;
            c.stylesheet(shown, &String::from_utf8_lossy(&bytes));
        }
        for (_, path, text) in templates {
            c.html(path.clone(), text);
        }
        Ok(c)
    }

    /// Reads a CSS file.
    pub(crate) fn stylesheet(&mut self, file: PathBuf, text: &str) {
        let mut sheet = Sheet::default();
        sheet::read(text, 0, &mut sheet);
        self.sheets.push((file, Arc::from(text), sheet));
    }

    /// Reads the `<style>` elements of an HTML file or template; false if it has none.
    pub(crate) fn html(&mut self, file: PathBuf, text: &str) -> bool {
        let blocks = style_elements(text);
        if blocks.is_empty() {
            return false;
        }
        let mut sheet = Sheet::default();
        for (offset, css) in blocks {
            sheet::read(css, offset, &mut sheet);
        }
        self.sheets.push((file, Arc::from(text), sheet));
        true
    }

    /// Compiles the rules that hide; also returns an error for each `@import` of a
    /// stylesheet from another host, which the build cannot check.
    pub(crate) fn compile(&self) -> (Styles, Vec<Diagnostic>) {
        let mut vars: HashMap<String, Vec<String>> = HashMap::new();
        for (_, _, s) in &self.sheets {
            for (name, value) in &s.vars {
                vars.entry(name.clone()).or_default().push(value.clone());
            }
        }
        let mut hiding_keyframes = HashSet::new();
        for (_, _, s) in &self.sheets {
            for (name, decls) in &s.keyframes {
                let hides = decls.iter().any(|d| {
                    verdict(&d.property, &d.value, &vars, &|_| false, Target::Element).is_some()
                });
                if hides {
                    hiding_keyframes.insert(name.to_ascii_lowercase());
                }
            }
        }
        let animation = |name: &str| hiding_keyframes.contains(name);
        let mut styles = Styles::default();
        let mut errors = Vec::new();
        for (file, text, s) in &self.sheets {
            for (url, at) in &s.imports {
                if crate::util::url::host_of(url).is_some() {
                    errors.push(
                        Place::new(file, text, *at)
                            .msg_error(&Msg::new(Code::CssForeignImport).arg("url", url.as_str())),
                    );
                }
            }
            for rule in &s.rules {
                for target in [Target::Element, Target::Generated] {
                    let mut findings: Vec<Finding> = rule
                        .decls
                        .iter()
                        .filter_map(|d| {
                            let v = verdict(&d.property, &d.value, &vars, &animation, target)?;
                            Some(Finding {
                                text: d.shown(),
                                locked: v.locked,
                                inherited: v.inherited,
                                at: Place::new(file, text, d.at),
                            })
                        })
                        .collect();
                    if target == Target::Element
                        && let Some(f) = clipped_height(&rule.decls, file, text)
                    {
                        findings.push(f);
                    }
                    // What the text's lock undoes wherever it is set cannot hide it.
                    if findings.iter().all(|f| f.inherited) {
                        continue;
                    }
                    for sel in rule.selectors.iter().filter(|s| s.target == target) {
                        styles.add(sel, &rule.selector_text, &findings);
                    }
                }
            }
        }
        styles.sheets = Arc::new(self.clone());
        styles.vars = vars;
        styles.animations = hiding_keyframes;
        (styles, errors)
    }
}

/// Whether a declaration of a `style` attribute in a Markdown body can hide, move or
/// shrink what it applies to (a custom property counts as any value, an animation
/// as one that hides).
pub(crate) fn hides(property: &str, value: &str) -> bool {
    let values: &[&str] = if value.contains("var(") {
        SAMPLES
    } else {
        &[value]
    };
    values
        .iter()
        .any(|v| declarations::judge(property, v, &|_| true).is_some())
}

/// Values to try for a declaration whose value cannot be known: whatever the
/// property can do with one of them, it may do.
const SAMPLES: &[&str] = &[
    "none",
    "0",
    "hidden",
    "absolute",
    "-1px",
    "transparent",
    "nowrap",
    "url(x)",
];

/// The verdict on a declaration for a target, with custom properties substituted.
fn verdict(
    property: &str,
    value: &str,
    vars: &HashMap<String, Vec<String>>,
    animation: &dyn Fn(&str) -> bool,
    target: Target,
) -> Option<declarations::Verdict> {
    let judge = |v: &str| match target {
        Target::Element => declarations::judge(property, v, animation),
        Target::Generated => declarations::judge_generated(property, v),
    };
    match substitute(value, vars, 0) {
        Some(values) => values.iter().find_map(|v| judge(v)),
        // Too many combinations to try: whatever the property can do, it may.
        None => SAMPLES.iter().find_map(|v| judge(v)),
    }
}

/// Every value `value` can take with the site's custom properties (`var(--x, y)`);
/// `None` when there are too many to try.
fn substitute(
    value: &str,
    vars: &HashMap<String, Vec<String>>,
    depth: usize,
) -> Option<Vec<String>> {
    let Some(start) = value.find("var(") else {
        return Some(vec![value.to_string()]);
    };
    if depth > 4 {
        return None;
    }
    let inner_start = start + 4;
    let mut level = 1;
    let mut end = None;
    for (i, c) in value[inner_start..].char_indices() {
        match c {
            '(' => level += 1,
            ')' => {
                level -= 1;
                if level == 0 {
                    end = Some(inner_start + i);
                    break;
                }
            }
            _ => {}
        }
    }
    let end = end.unwrap_or(value.len());
    let inner = &value[inner_start..end];
    let (name, fallback) = match inner.find(',') {
        Some(c) => (inner[..c].trim(), Some(inner[c + 1..].trim())),
        None => (inner.trim(), None),
    };
    let mut choices: Vec<&str> = vars
        .get(name)
        .map(|v| v.iter().map(String::as_str).collect())
        .unwrap_or_default();
    choices.extend(fallback);
    let mut out = Vec::new();
    for choice in choices {
        let replaced = format!(
            "{}{choice}{}",
            &value[..start],
            value.get(end + 1..).unwrap_or("")
        );
        out.extend(substitute(&replaced, vars, depth + 1)?);
        if out.len() > 32 {
            return None;
        }
    }
    Some(out)
}

/// `overflow: hidden` together with a fixed height in one rule cuts the text off.
fn clipped_height(decls: &[Decl], file: &Path, text: &str) -> Option<Finding> {
    let clips = decls.iter().find(|d| {
        matches!(
            d.property.as_str(),
            "overflow" | "overflow-y" | "overflow-block"
        ) && (d.value.contains("hidden") || d.value.contains("clip"))
    })?;
    let height = decls.iter().find(|d| {
        matches!(
            d.property.as_str(),
            "height" | "max-height" | "block-size" | "max-block-size"
        ) && d
            .value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
            && !d.value.ends_with('%')
    })?;
    Some(Finding {
        text: format!("{}; {}", height.shown(), clips.shown()),
        locked: true,
        inherited: false,
        at: Place::new(file, text, height.at),
    })
}

/// The contents of the `<style>` elements of an HTML text, with their offsets.
fn style_elements(text: &str) -> Vec<(usize, &str)> {
    use html5gum::{DefaultEmitter, Token, Tokenizer};
    if !text
        .as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"<style"))
    {
        return Vec::new();
    }
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            Token::StartTag(t) if t.name.eq_ignore_ascii_case(b"style") && !t.self_closing => {
                open = Some(t.span.end);
            }
            Token::EndTag(t) if t.name.eq_ignore_ascii_case(b"style") => {
                if let Some(start) = open.take() {
                    out.push((start, text.get(start..t.span.start).unwrap_or("")));
                }
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        out.push((start, &text[start.min(text.len())..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(css: &str) -> Styles {
        let mut c = Collector::default();
        c.stylesheet(PathBuf::from("static/css/site.css"), css);
        c.compile().0
    }

    const FOOTER: Written = Written {
        tag: "footer",
        classes: "site-footer",
        attrs: &[],
    };
    const TEXT: Written = Written {
        tag: "span",
        classes: "funding-notice__text",
        attrs: &[("lang", "de")],
    };

    #[test]
    fn only_hiding_rules_are_compiled() {
        let s = compile(
            ".a { color: red }\n.b { display: none }\n@media print { .c { display: none } }\n.d:empty { display: none }",
        );
        assert_eq!(s.rules.len(), 1);
        assert_eq!(s.rules[0].selector, ".b");
        assert_eq!(s.rules[0].findings[0].at.line, 2);
        assert_eq!(s.rules[0].findings[0].text, "display: none");
    }

    #[test]
    fn elements_and_their_surroundings() {
        let s = compile("main footer { opacity: 0 }");
        let mut out = Vec::new();
        s.matching(&FOOTER, &mut out);
        assert_eq!(out.len(), 1);
        // Without an open `main` around it, the footer is not hidden.
        assert!(s.hiding(&out, &|_| false).is_none());
        assert!(s.hiding(&out, &|_| true).is_some());
    }

    #[test]
    fn the_text_fachwerk_writes_keeps_what_its_lock_overrides() {
        let s = compile(".funding-notice__text { visibility: hidden }");
        assert!(s.hiding_written(&[TEXT], &|_| false).is_none());
        let s = compile("footer span { color: transparent }");
        assert!(s.hiding_written(&[FOOTER, TEXT], &|_| false).is_some());
        assert!(s.hiding_written(&[TEXT], &|_| false).is_none());
        let s = compile("footer { display: none }");
        assert!(s.hiding_written(&[FOOTER, TEXT], &|_| false).is_some());
    }

    #[test]
    fn custom_properties_and_keyframes() {
        let s = compile(
            ":root { --o: 1; --x: 0 }\nfooter { opacity: var(--o) }\n.a { opacity: var(--x) }",
        );
        assert_eq!(s.rules.len(), 1);
        assert_eq!(s.rules[0].selector, ".a");
        let s =
            compile("@keyframes weg { to { opacity: 0 } }\nfooter { animation: weg 2s forwards }");
        assert_eq!(s.rules.len(), 1);
        let s = compile("footer { max-height: 2em; overflow: hidden }");
        assert_eq!(
            s.rules[0].findings[0].text,
            "max-height: 2em; overflow: hidden"
        );
    }

    #[test]
    fn remote_imports_are_errors() {
        let mut c = Collector::default();
        c.stylesheet(
            PathBuf::from("static/css/site.css"),
            "@import url(\"https://fonts.example/a.css\");\n@import 'lokal.css';",
        );
        let (_, errors) = c.compile();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].location(), "static/css/site.css:1:1");
    }

    #[test]
    fn style_elements_of_a_page() {
        let html = "<p>x</p><STYLE media=screen>\nfooter{display:none}</STYLE><script>'<style>'</script><style>.a{opacity:0}";
        let blocks = style_elements(html);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].1, "\nfooter{display:none}");
        assert_eq!(blocks[1].1, ".a{opacity:0}");
        let mut c = Collector::default();
        assert!(c.html(PathBuf::from("static/alt.html"), html));
        let (s, _) = c.compile();
        assert_eq!(s.rules[0].findings[0].at.line, 2);
    }
}

#[cfg(test)]
mod theme_tests {
    use super::*;

    /// The default theme hides only what it means to: the visually hidden labels and
    /// the skip link until focused (its labels that never wrap cannot hide the
    /// notice's text, which wraps by its own style).
    #[test]
    fn the_default_theme_hides_only_its_helpers() {
        let css = include_str!("../../themes/default/static/css/fachwerk.css");
        let mut c = Collector::default();
        c.stylesheet(PathBuf::from("themes/default/static/css/fachwerk.css"), css);
        let (s, errors) = c.compile();
        assert!(errors.is_empty());
        let mut selectors: Vec<&str> = s.rules.iter().map(|r| r.selector.as_str()).collect();
        selectors.dedup();
        assert_eq!(selectors, [".visually-hidden", ".skip-link"]);
    }
}
