//! What each page template can show, for the incremental build: which templates a
//! page consists of and which variables it reads come from Tera's own parse of the
//! templates; what fachwerk cannot know from it, it answers with "everything", so
//! that the page is rendered again.
//!
//! Tera tells, per template, the top-level variables read by it, its parents
//! (`extends`) and the templates it includes, however their names are quoted
//! ([`tera::Tera::get_template_variables`]); loop and `set` variables are not among
//! them. Which templates that closure holds is learnt from a second Tera instance in
//! which every template carries a marker variable of its own (a block appended at its
//! end): the markers a page template's variables hold name the templates it is made
//! of. If that probe does not compile, nothing is known and every page counts as
//! reading everything.
//!
//! Tera does not tell which attributes a template reads (`site.config` or
//! `site.news`), so the closure's own code is read for them: the attribute paths in
//! its `{{ }}` and `{% %}` tags ([`Code`]). Components are rendered with their
//! arguments only, but Tera tells neither which template defines a component nor
//! which calls it: with components, every template's code counts for every page, and
//! `item` means the page's own item only when no component has a parameter of that
//! name.

mod names;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// The collections of `site` and the listings of `lists` that hold items.
const COLLECTIONS: &[&str] = &["pages", "projects", "calls", "news", "events"];

/// What the pages of one template can show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Reads {
    /// The bodies (`content`) of items other than the page's own.
    pub(crate) other_bodies: bool,
    /// Items other than the page's own (a listing): `site.<collection>`, `lists`
    /// besides the menu, a topic's `projects`.
    pub(crate) other_items: bool,
    /// The parts of `site` it reads besides the collections; `None`: all of them.
    pub(crate) site_parts: Option<BTreeSet<String>>,
}

impl Reads {
    /// A page that may show anything.
    fn everything() -> Reads {
        Reads {
            other_bodies: true,
            other_items: true,
            site_parts: None,
        }
    }

    /// True when the page can show `site.<part>`.
    pub(crate) fn site_part(&self, part: &str) -> bool {
        self.site_parts.as_ref().is_none_or(|p| p.contains(part))
    }
}

/// What every template of a theme can show, by template name.
#[derive(Debug, Default)]
pub(crate) struct Dependencies {
    by_template: HashMap<String, Reads>,
}

impl Dependencies {
    /// What the pages of `template` can show (everything, for a template not known).
    pub(crate) fn of(&self, template: &str) -> Reads {
        self.by_template
            .get(template)
            .cloned()
            .unwrap_or_else(Reads::everything)
    }
}

/// The variable a template's probe copy carries: `__fachwerk_probe_<index>`.
const MARK: &str = "__fachwerk_probe_";

impl Dependencies {
    /// What the pages of each of `templates` can show, as compiled in `tera` (the
    /// renderer's instance, whose filters the probe borrows).
    pub(crate) fn new(tera: &tera::Tera, templates: &[(String, PathBuf, String)]) -> Dependencies {
        let Some(probe) = probe(tera, templates) else {
            return Dependencies::default();
        };
        let codes: Vec<Code> = templates.iter().map(|(_, _, t)| Code::of(t)).collect();
        let components: Vec<tera::ComponentInfo> = tera
            .get_component_names()
            .filter_map(|name| tera.get_component_definition(name))
            .collect();
        // A component's parameter `item` is not the page's item; a component's
        // implicit parameter reads a variable of whoever calls it.
        let item_is_own = !components
            .iter()
            .any(|c| c.args().iter().any(|a| a.name() == "item"));
        let implicit: Vec<&str> = components
            .iter()
            .flat_map(|c| {
                c.args()
                    .iter()
                    .filter(|a| a.is_implicit())
                    .map(|a| a.name())
            })
            .collect();
        let mut by_template = HashMap::new();
        for (name, _, _) in templates {
            let Ok(vars) = probe.get_template_variables(name) else {
                continue;
            };
            // Components may be called from any template: with them, every
            // template's code may be part of a page.
            let closure: Vec<&Code> = if components.is_empty() {
                vars.iter()
                    .filter_map(|v| v.strip_prefix(MARK)?.parse::<usize>().ok())
                    .filter_map(|i| codes.get(i))
                    .collect()
            } else {
                codes.iter().collect()
            };
            let reads: HashSet<&str> = vars
                .iter()
                .copied()
                .filter(|v| !v.starts_with(MARK))
                .chain(implicit.iter().copied())
                .collect();
            by_template.insert(name.clone(), Reads::of(&reads, &closure, item_is_own));
        }
        Dependencies { by_template }
    }
}

/// A second Tera instance with the same templates, each with a block at its end
/// that reads `MARK<index>`: Tera's variables of a template then name the templates
/// its pages are made of. `None` when it does not compile.
fn probe(tera: &tera::Tera, templates: &[(String, PathBuf, String)]) -> Option<tera::Tera> {
    let mut probe = tera::Tera::new();
    probe.register_from(tera);
    let marked: Vec<(String, String)> = templates
        .iter()
        .enumerate()
        .map(|(i, (name, _, text))| {
            let block = format!("{{% block {MARK} %}}{{{{ {MARK}{i} }}}}{{% endblock {MARK} %}}");
            (name.clone(), format!("{text}\n{block}"))
        })
        .collect();
    probe.add_raw_templates(marked).ok()?;
    Some(probe)
}

impl Reads {
    /// What a page reads whose templates have `codes` and whose top-level variables
    /// (Tera's) are `vars`.
    fn of(vars: &HashSet<&str>, codes: &[&Code], item_is_own: bool) -> Reads {
        let mut site_parts = Some(BTreeSet::new());
        if vars.contains("site") {
            for c in codes {
                match (&mut site_parts, &c.site) {
                    (Some(all), Some(parts)) => all.extend(parts.iter().cloned()),
                    (all, None) => *all = None,
                    (None, _) => {}
                }
            }
        }
        let lists = vars.contains("lists")
            && codes.iter().any(|c| {
                c.lists
                    .as_ref()
                    .is_none_or(|parts| parts.iter().any(|p| p != "nav" && p != "access"))
            });
        let collections = site_parts
            .as_ref()
            .is_none_or(|parts| COLLECTIONS.iter().any(|c| parts.contains(*c)));
        Reads {
            other_bodies: codes
                .iter()
                .any(|c| c.other_content || (c.own_content && !item_is_own)),
            other_items: lists
                || vars.contains("projects")
                || (vars.contains("site") && collections),
            site_parts,
        }
    }
}

/// What one template's own code reads, from the attribute paths in its tags.
#[derive(Debug, Default)]
struct Code {
    /// The parts of `site` it reads; `None`: `site` as a whole.
    site: Option<BTreeSet<String>>,
    /// The parts of `lists` it reads; `None`: `lists` as a whole.
    lists: Option<BTreeSet<String>>,
    /// `content` of something other than the page's `item` (or `item` bound anew).
    other_content: bool,
    /// `item.content`.
    own_content: bool,
}

impl Code {
    /// Reads the tags of a template's text.
    fn of(text: &str) -> Code {
        let mut code = Code {
            site: Some(BTreeSet::new()),
            lists: Some(BTreeSet::new()),
            ..Code::default()
        };
        let mut scopes = names::Scopes::new();
        for (statement, words) in tera_tags(text) {
            if statement {
                scopes.tag(&words);
            }
            let prevs = std::iter::once("").chain(words.iter().copied());
            for (prev, word) in prevs.zip(words.iter().copied()) {
                code.word(prev, word, &scopes);
            }
        }
        code
    }

    /// Takes one word of a tag, and the word before it in the tag.
    fn word(&mut self, prev: &str, word: &str, scopes: &names::Scopes) {
        let mut parts = word.split('.');
        let (first, second) = (parts.next(), parts.next());
        for (root, seen) in [("site", &mut self.site), ("lists", &mut self.lists)] {
            if first == Some(root) {
                match (second, seen.as_mut()) {
                    (Some(part), Some(set)) => {
                        set.insert(part.to_string());
                    }
                    (None, _) => *seen = None,
                    (Some(_), None) => {}
                }
            }
        }
        // `content` of data that holds no item (site.yaml's) is no body.
        let content = word.split('.').any(|p| p == "content")
            && !matches!(prev, "block" | "endblock")
            && !scopes.holds_no_item(word);
        if word == "item.content" {
            self.own_content = true;
        } else if content || (word == "item" && matches!(prev, "for" | "set" | "set_global")) {
            self.other_content = true;
        }
    }
}

/// The tags of a template's Tera code (`{{ }}`, and `{% %}`: `true`), each as
/// its words (dotted paths are one word).
fn tera_tags(text: &str) -> Vec<(bool, Vec<&str>)> {
    let mut tags = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start..];
        let close = match after.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                rest = &after[1..];
                continue;
            }
        };
        let end = after.find(close).map_or(after.len(), |i| i + 2);
        let code = &after[..end];
        let words = code
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .filter(|w| !w.is_empty())
            .collect();
        tags.push((close == "%}", words));
        rest = &after[end..];
    }
    tags
}

#[cfg(test)]
mod tests;
