//! What CSS could hide the funding notice. Every stylesheet a site ships (its own and
//! its theme's CSS files, the `<style>` elements of its templates and static pages)
//! is read once per build ([`sheet`]); a rule with a declaration that can hide what
//! it styles ([`declarations`]) is compiled into tests on start tags ([`selector`]),
//! which the post-processing pass runs on the elements of every page. Where such a
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

pub(crate) use declarations::TEXT_LOCK;
pub(crate) use sheet::{Decl, read_declarations};

use crate::diagnostic::Diagnostic;
use selector::{Compound, Target};
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
    pub fn new(file: &Path, text: &str, offset: usize) -> Place {
        let d = Diagnostic::error(file, "").at_offset(text, offset);
        Place {
            file: file.to_path_buf(),
            line: d.line,
            column: d.column,
            source_line: d.source_line.unwrap_or_default(),
        }
    }

    /// An error at this place.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::error(&self.file, message);
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

/// A rule with hiding declarations, as tests on start tags.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    /// Compounds that must match open elements around the subject.
    ancestors: Vec<u32>,
    subject: u32,
    /// The selector list as written.
    pub selector: String,
    pub findings: Vec<Finding>,
}

/// An element as the tests see it.
pub(crate) trait Element {
    /// Lower-case tag name.
    fn tag(&self) -> &str;
    fn id(&self) -> Option<&str>;
    /// The `class` attribute's value.
    fn class(&self) -> Option<&str>;
    /// An attribute's value by lower-case name.
    fn attr(&self, name: &str) -> Option<String>;
    /// Calls `f` with the lower-case name of each attribute.
    fn attr_names(&self, f: &mut dyn FnMut(&str));
}

/// An element fachwerk writes itself (the notice's text, the notice, the footer it
/// creates), which the pass does not parse.
pub(crate) struct Written<'a> {
    pub tag: &'a str,
    pub classes: &'a str,
    pub attrs: &'a [(&'a str, &'a str)],
}

impl Element for Written<'_> {
    fn tag(&self) -> &str {
        self.tag
    }
    fn id(&self) -> Option<&str> {
        None
    }
    fn class(&self) -> Option<&str> {
        Some(self.classes)
    }
    fn attr(&self, name: &str) -> Option<String> {
        match name {
            "class" => Some(self.classes.to_string()),
            _ => self
                .attrs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string()),
        }
    }
    fn attr_names(&self, f: &mut dyn FnMut(&str)) {
        f("class");
        for (n, _) in self.attrs {
            f(n);
        }
    }
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
    pub fn site(
        files: &[crate::output::OutputFile],
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
                .map_err(|e| Diagnostic::error(&shown, format!("cannot read: {e}")))?;
            c.stylesheet(shown, &String::from_utf8_lossy(&bytes));
        }
        for (_, path, text) in templates {
            c.html(path.clone(), text);
        }
        Ok(c)
    }

    /// Reads a CSS file.
    pub fn stylesheet(&mut self, file: PathBuf, text: &str) {
        let mut sheet = Sheet::default();
        sheet::read(text, 0, &mut sheet);
        self.sheets.push((file, Arc::from(text), sheet));
    }

    /// Reads the `<style>` elements of an HTML file or template; false if it has none.
    pub fn html(&mut self, file: PathBuf, text: &str) -> bool {
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
    pub fn compile(&self) -> (Styles, Vec<Diagnostic>) {
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
                if crate::postprocess::host_of(url).is_some() {
                    errors.push(
                        Place::new(file, text, *at)
                            .error(format!("the stylesheet imports `{url}` from another host, which fachwerk cannot check for rules that hide the funding notice"))
                            .hint("copy the stylesheet into static/ and import it from there; this also keeps the visitors' addresses from the other host"),
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

/// The compiled rules that can hide, as tests on start tags.
#[derive(Debug, Clone, Default)]
pub(crate) struct Styles {
    compounds: Vec<Compound>,
    /// Per compound: used as an ancestor by some rule.
    ancestor: Vec<bool>,
    /// Per compound: the rules it is the subject of.
    subject_of: Vec<Vec<u32>>,
    rules: Vec<Rule>,
    by_class: Index,
    by_id: Index,
    by_tag: Index,
    by_attr: Index,
    /// Compounds without a tag, id, class or attribute (`*`, `:hover`).
    universal: Vec<u32>,
    /// What they were compiled from, for a page's own `<style>` elements.
    sheets: Arc<Collector>,
    /// The site's custom properties and the names of `@keyframes` that hide, for
    /// `style` attributes.
    vars: HashMap<String, Vec<String>>,
    animations: HashSet<String>,
}

impl Styles {
    /// True when no rule can hide anything.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The first declaration of a `style` attribute that can hide the notice's text
    /// inside the element.
    pub fn inline_hiding(&self, style: &str) -> Option<String> {
        let animation = |name: &str| self.animations.contains(name);
        read_declarations(style)
            .into_iter()
            .find(|d| {
                verdict(
                    &d.property,
                    &d.value,
                    &self.vars,
                    &animation,
                    Target::Element,
                )
                .is_some_and(|v| !v.inherited)
            })
            .map(|d| d.shown())
    }

    /// Number of compounds (the size of the open-count table of a page).
    pub fn compound_count(&self) -> usize {
        self.compounds.len()
    }

    /// These styles and those of the `<style>` elements of a static page, or `None`
    /// when the page has none.
    pub fn with_page(&self, file: &Path, html: &str) -> Option<(Styles, Vec<Diagnostic>)> {
        let mut sheets = (*self.sheets).clone();
        sheets
            .html(file.to_path_buf(), html)
            .then(|| sheets.compile())
    }

    fn add(&mut self, sel: &selector::Reduced, selector_text: &str, findings: &[Finding]) {
        // An element with `hidden` is hidden anyway; the pass sees the attribute.
        if sel
            .subject
            .attrs
            .iter()
            .any(|a| a.name == "hidden" && a.op == selector::AttrOp::Exists)
        {
            return;
        }
        let subject = self.intern(&sel.subject);
        let ancestors: Vec<u32> = sel.ancestors.iter().map(|c| self.intern(c)).collect();
        for &a in &ancestors {
            self.ancestor[a as usize] = true;
        }
        let rule = self.rules.len() as u32;
        self.subject_of[subject as usize].push(rule);
        self.rules.push(Rule {
            ancestors,
            subject,
            selector: selector_text.to_string(),
            findings: findings.to_vec(),
        });
    }

    fn intern(&mut self, c: &Compound) -> u32 {
        if let Some(i) = self.compounds.iter().position(|x| x == c) {
            return i as u32;
        }
        let id = self.compounds.len() as u32;
        self.compounds.push(c.clone());
        self.ancestor.push(false);
        self.subject_of.push(Vec::new());
        if let Some(class) = c.classes.first() {
            self.by_class.add(class, id);
        } else if let Some(i) = c.ids.first() {
            self.by_id.add(i, id);
        } else if let Some(a) = c.attrs.first() {
            self.by_attr.add(&a.name, id);
        } else if let Some(t) = &c.tag {
            self.by_tag.add(t, id);
        } else {
            self.universal.push(id);
        }
        id
    }

    /// The compounds `el` matches, into `out`.
    pub fn matching(&self, el: &dyn Element, out: &mut Vec<u32>) {
        out.clear();
        let mut test = |ids: &[u32]| {
            for &c in ids {
                if !out.contains(&c) && compound_matches(&self.compounds[c as usize], el) {
                    out.push(c);
                }
            }
        };
        if !self.universal.is_empty() {
            test(&self.universal);
        }
        if let Some(ids) = self.by_tag.get(el.tag()) {
            test(ids);
        }
        if !self.by_id.is_empty()
            && let Some(ids) = el.id().and_then(|id| self.by_id.get(id))
        {
            test(ids);
        }
        if !self.by_class.is_empty()
            && let Some(class) = el.class()
        {
            for c in class.split_ascii_whitespace() {
                if let Some(ids) = self.by_class.get(c) {
                    test(ids);
                }
            }
        }
        if !self.by_attr.is_empty() {
            el.attr_names(&mut |n| {
                if let Some(ids) = self.by_attr.get(n) {
                    test(ids);
                }
            });
        }
    }

    /// Whether a compound is an ancestor of some rule (an open element matching it
    /// must be counted).
    pub fn is_ancestor(&self, compound: u32) -> bool {
        self.ancestor[compound as usize]
    }

    /// The first rule that hides an element matching `matched`, whose surroundings
    /// match the compounds for which `open` is true.
    pub fn hiding(&self, matched: &[u32], open: &dyn Fn(u32) -> bool) -> Option<(&Rule, &Finding)> {
        matched.iter().find_map(|&c| {
            self.subject_of[c as usize].iter().find_map(|&r| {
                let rule = &self.rules[r as usize];
                if !rule.ancestors.iter().all(|&a| open(a)) {
                    return None;
                }
                rule.findings
                    .iter()
                    .find(|f| !f.inherited)
                    .map(|f| (rule, f))
            })
        })
    }

    /// The first rule that hides one of the elements fachwerk writes, `chain`
    /// (outermost first, the notice's text last), placed inside open elements for
    /// whose compounds `open` is true. On the text, only what its lock does not
    /// override counts.
    pub fn hiding_written(
        &self,
        chain: &[Written<'_>],
        open: &dyn Fn(u32) -> bool,
    ) -> Option<(&Rule, &Finding)> {
        for (k, el) in chain.iter().enumerate() {
            let is_text = k + 1 == chain.len();
            for rule in &self.rules {
                if !compound_matches(&self.compounds[rule.subject as usize], el) {
                    continue;
                }
                let around = rule.ancestors.iter().all(|&a| {
                    open(a)
                        || chain[..k]
                            .iter()
                            .any(|o| compound_matches(&self.compounds[a as usize], o))
                });
                if !around {
                    continue;
                }
                let undone = |f: &&Finding| f.inherited || (is_text && f.locked);
                if let Some(f) = rule.findings.iter().find(|f| !undone(f)) {
                    return Some((rule, f));
                }
            }
        }
        None
    }
}

/// Compounds filed under a lower-case key (a class, id, attribute or tag name).
#[derive(Debug, Clone, Default)]
struct Index {
    keys: Vec<(String, Vec<u32>)>,
    /// Position in `keys` by key, once there are many.
    map: HashMap<String, usize>,
    /// Bit n set when a key has n bytes (63 for any longer): most names of a page
    /// are passed over by their length alone.
    lengths: u64,
}

impl Index {
    /// A short list is searched in order: cheaper than hashing every class name of
    /// a page.
    const LINEAR: usize = 16;

    fn add(&mut self, key: &str, compound: u32) {
        match self.keys.iter().position(|(k, _)| k == key) {
            Some(i) => self.keys[i].1.push(compound),
            None => {
                self.map.insert(key.to_string(), self.keys.len());
                self.keys.push((key.to_string(), vec![compound]));
                self.lengths |= 1 << key.len().min(63);
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The compounds under `key`, compared without regard to ASCII case.
    #[inline]
    fn get(&self, key: &str) -> Option<&[u32]> {
        if self.lengths & (1 << key.len().min(63)) == 0 {
            return None;
        }
        let found = if self.keys.len() <= Self::LINEAR {
            self.keys
                .iter()
                .find(|(k, _)| k.len() == key.len() && k.eq_ignore_ascii_case(key))
        } else if key.bytes().any(|b| b.is_ascii_uppercase()) {
            self.map
                .get(&key.to_ascii_lowercase())
                .map(|&i| &self.keys[i])
        } else {
            self.map.get(key).map(|&i| &self.keys[i])
        };
        found.map(|(_, ids)| ids.as_slice())
    }
}

/// Whether an element passes every simple selector of a compound.
fn compound_matches(c: &Compound, el: &dyn Element) -> bool {
    if c.tag
        .as_ref()
        .is_some_and(|t| !t.eq_ignore_ascii_case(el.tag()))
    {
        return false;
    }
    if !c.ids.is_empty() {
        let Some(id) = el.id() else { return false };
        if !c.ids.iter().all(|i| i.eq_ignore_ascii_case(id)) {
            return false;
        }
    }
    if !c.classes.is_empty() {
        let class = el.class().unwrap_or("");
        if !c.classes.iter().all(|want| {
            class
                .split_ascii_whitespace()
                .any(|have| have.eq_ignore_ascii_case(want))
        }) {
            return false;
        }
    }
    c.attrs
        .iter()
        .all(|a| el.attr(&a.name).is_some_and(|v| a.passes(&v)))
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
