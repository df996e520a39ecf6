//! The compiled rules that can hide, as tests on start tags: the pass asks which
//! compounds an element matches ([`Styles::matching`]), counts the open elements that
//! match the surroundings of a rule, and asks whether a rule hides an element
//! ([`Styles::hiding`]) or what fachwerk writes inside one ([`Styles::hiding_written`]).

use super::selector::{self, Compound, Target};
use super::{Collector, Finding, read_declarations, verdict};
use crate::diagnostic::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// A rule with hiding declarations, as tests on start tags.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    /// Compounds that must match open elements around the subject.
    pub(super) ancestors: Vec<u32>,
    pub(super) subject: u32,
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

/// The compiled rules that can hide, as tests on start tags.
#[derive(Debug, Clone, Default)]
pub(crate) struct Styles {
    compounds: Vec<Compound>,
    /// Per compound: used as an ancestor by some rule.
    ancestor: Vec<bool>,
    /// Per compound: the rules it is the subject of.
    subject_of: Vec<Vec<u32>>,
    pub(super) rules: Vec<Rule>,
    by_class: Index,
    by_id: Index,
    by_tag: Index,
    by_attr: Index,
    /// Compounds without a tag, id, class or attribute (`*`, `:hover`).
    universal: Vec<u32>,
    /// What they were compiled from, for a page's own `<style>` elements.
    pub(super) sheets: Arc<Collector>,
    /// The site's custom properties and the names of `@keyframes` that hide, for
    /// `style` attributes.
    pub(super) vars: HashMap<String, Vec<String>>,
    pub(super) animations: HashSet<String>,
}

impl Styles {
    /// True when no rule can hide anything.
    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The first declaration of a `style` attribute that can hide the notice's text
    /// inside the element.
    pub(crate) fn inline_hiding(&self, style: &str) -> Option<String> {
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
    pub(crate) fn compound_count(&self) -> usize {
        self.compounds.len()
    }

    /// These styles and those of the `<style>` elements of a static page, or `None`
    /// when the page has none.
    pub(crate) fn with_page(&self, file: &Path, html: &str) -> Option<(Styles, Vec<Diagnostic>)> {
        let mut sheets = (*self.sheets).clone();
        sheets
            .html(file.to_path_buf(), html)
            .then(|| sheets.compile())
    }

    pub(super) fn add(
        &mut self,
        sel: &selector::Reduced,
        selector_text: &str,
        findings: &[Finding],
    ) {
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
    pub(crate) fn matching(&self, el: &dyn Element, out: &mut Vec<u32>) {
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
    pub(crate) fn is_ancestor(&self, compound: u32) -> bool {
        self.ancestor[compound as usize]
    }

    /// The first rule that hides an element matching `matched`, whose surroundings
    /// match the compounds for which `open` is true.
    pub(crate) fn hiding(
        &self,
        matched: &[u32],
        open: &dyn Fn(u32) -> bool,
    ) -> Option<(&Rule, &Finding)> {
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
    pub(crate) fn hiding_written(
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

    pub(super) fn add(&mut self, key: &str, compound: u32) {
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
