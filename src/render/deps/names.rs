//! Which names a template binds to data that holds no item: a loop variable over
//! site.yaml's lists (`{% for issue in site.config.accessibility.known_issues %}`),
//! or a `set` of such a path. Their `content` (a known issue's text) is not another
//! item's body, so reading it does not make the page depend on other bodies.
//!
//! Names are followed through the template's scopes as Tera does, and whatever is
//! not certain counts as an item: a name bound by a tag of any other shape
//! (`for x in a | f`, `set x = a or b`), or not bound in this template (an
//! included template sees its includer's loop variables), or bound inside an
//! `if`, `for`, `block`, `filter` or `component` and read after it ends.

use std::collections::HashMap;

/// The parts of `site` that hold no item and no body.
const NO_ITEMS: &[&str] = &[
    "config",
    "partners",
    "contacts",
    "topics",
    "documents",
    "privacy",
    "embeds",
    "image_credits",
    "build_date",
];

/// Tags that open a scope, and the tags that close it.
const OPEN: &[&str] = &["for", "if", "block", "filter", "component"];
const CLOSE: &[&str] = &["endfor", "endif", "endblock", "endfilter", "endcomponent"];

/// The scopes of a template as its tags are read in order: each with the names
/// bound in it and whether each holds no item.
pub(super) struct Scopes<'a> {
    stack: Vec<HashMap<&'a str, bool>>,
}

impl<'a> Scopes<'a> {
    /// The template's outermost scope, with no name bound.
    pub(super) fn new() -> Scopes<'a> {
        Scopes {
            stack: vec![HashMap::new()],
        }
    }

    /// Takes the words of one tag (`{% … %}` or `{{ … }}`), in order.
    pub(super) fn tag(&mut self, words: &[&'a str]) {
        let Some(&first) = words.first() else {
            return;
        };
        if matches!(first, "elif" | "else") {
            self.close();
            self.stack.push(HashMap::new());
        } else if CLOSE.contains(&first) {
            self.close();
        } else if first == "for" {
            let (names, safe) = match words {
                [_, names @ .., "in", path] if !names.is_empty() => {
                    (names, self.holds_no_item(path))
                }
                _ => (&words[1..], false),
            };
            let scope = names
                .iter()
                .filter(|n| **n != "in")
                .map(|n| (*n, safe))
                .collect();
            self.stack.push(scope);
        } else if OPEN.contains(&first) {
            self.stack.push(HashMap::new());
        } else if let ("set" | "set_global", Some(&name)) = (first, words.get(1)) {
            let safe = matches!(words, [_, _, path] if self.holds_no_item(path));
            let scope = match first {
                "set" => self.stack.last_mut(),
                _ => self.stack.first_mut(),
            };
            if let Some(scope) = scope {
                scope.insert(name, safe);
            }
        }
    }

    /// Ends the innermost scope (never the template's own).
    fn close(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// True when `path` (a dotted path) surely leads to data that holds no item.
    pub(super) fn holds_no_item(&self, path: &str) -> bool {
        let mut parts = path.split('.');
        match (parts.next(), parts.next()) {
            (Some("site"), Some(part)) => NO_ITEMS.contains(&part),
            (Some("strings"), _) => true,
            (Some(name), _) => self.bound_to_no_item(name),
            (None, _) => false,
        }
    }

    /// True when `name` is bound in this template, where it is read, to data that
    /// holds no item.
    fn bound_to_no_item(&self, name: &str) -> bool {
        self.stack
            .iter()
            .rev()
            .find_map(|scope| scope.get(name).copied())
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::Scopes;

    fn read<'a>(tags: &[&[&'a str]]) -> Scopes<'a> {
        let mut s = Scopes::new();
        for t in tags {
            s.tag(t);
        }
        s
    }

    #[test]
    fn a_loop_over_site_config_holds_no_item_inside_the_loop_only() {
        let s = read(&[
            &["set", "a11y", "site.config.accessibility"],
            &["for", "issue", "in", "a11y.known_issues"],
        ]);
        assert!(s.holds_no_item("issue.content"));
        let s = read(&[
            &["set", "a11y", "site.config.accessibility"],
            &["for", "issue", "in", "a11y.known_issues"],
            &["endfor"],
        ]);
        assert!(
            !s.holds_no_item("issue.content"),
            "after the loop, issue is the includer's"
        );
        assert!(s.holds_no_item("a11y.x"));
    }

    #[test]
    fn whatever_is_not_certain_may_hold_items() {
        for tags in [
            &[&["for", "n", "in", "site.news"][..]][..],
            &[&[
                "for",
                "n",
                "in",
                "site.config.x",
                "concat",
                "with",
                "site.news",
            ][..]],
            &[&["set", "n", "site.config.x", "or", "item"][..]],
            &[
                &["if", "x"][..],
                &["set", "n", "site.config"][..],
                &["endif"][..],
            ],
            &[
                &["if", "x"][..],
                &["set", "n", "site.config"][..],
                &["else"][..],
            ],
            &[&["for", "n", "in", "lists.news"][..]],
            &[
                &["set", "n", "site.config"][..],
                &["set", "n", "site.pages"][..],
            ],
            &[],
        ] {
            let s = read(tags);
            assert!(!s.holds_no_item("n.content"), "{tags:?}");
        }
    }

    #[test]
    fn set_global_binds_for_the_whole_template() {
        let s = read(&[
            &["for", "x", "in", "site.partners"],
            &["set_global", "n", "site.config"],
            &["endfor"],
        ]);
        assert!(s.holds_no_item("n.content"));
        assert!(!s.holds_no_item("x.content"));
    }
}
