//! CSS selectors reduced to what the notice rule needs: which element a rule styles
//! (its subject) and which compounds must match elements around it.
//!
//! The reduction over-approximates: a reduced selector matches every element the
//! real one matches, and perhaps more. Pseudo-classes (`:hover`, `:not()`, `:has()`,
//! `:nth-child()` …) are dropped, sibling combinators (`+`, `~`) drop the sibling,
//! child and descendant combinators both mean "somewhere around it", and values are
//! compared without regard to case (pages without a doctype compare classes so).
//! Only what provably matches nothing the notice lives in is left out: `:empty`
//! (the notice and every element around it have content), `:root` on another
//! element than `html`, and shadow trees.

use cssparser::{Parser, Token};

/// A compound selector (`div.a#b[c]`), as a test on one start tag.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Compound {
    /// Lower-case tag name; `None` for any element.
    pub tag: Option<String>,
    /// Lower-case ids.
    pub ids: Vec<String>,
    /// Lower-case class names.
    pub classes: Vec<String>,
    /// Attribute tests.
    pub attrs: Vec<AttrTest>,
}

/// `[name]`, `[name=value]`, `[name~=value]` … with a lower-case name and value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct AttrTest {
    pub name: String,
    pub op: AttrOp,
    pub value: String,
}

/// The operator of an attribute selector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AttrOp {
    Exists,
    Equals,
    Includes,
    DashMatch,
    Prefix,
    Suffix,
    Substring,
}

impl AttrTest {
    /// Whether an attribute value passes the test (ASCII case-insensitive).
    pub(super) fn passes(&self, value: &str) -> bool {
        let (v, t) = (value.to_ascii_lowercase(), self.value.as_str());
        match self.op {
            AttrOp::Exists => true,
            AttrOp::Equals => v == t,
            AttrOp::Includes => v.split_ascii_whitespace().any(|w| w == t),
            AttrOp::DashMatch => v == t || v.strip_prefix(t).is_some_and(|r| r.starts_with('-')),
            AttrOp::Prefix => !t.is_empty() && v.starts_with(t),
            AttrOp::Suffix => !t.is_empty() && v.ends_with(t),
            AttrOp::Substring => !t.is_empty() && v.contains(t),
        }
    }
}

/// What a rule styles: the element itself, or a box the browser generates for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The element (also its `::first-line` and `::first-letter`).
    Element,
    /// `::before`, `::after` and other boxes beside the element's content: hiding
    /// them hides nothing of the notice, but one laid over the page can cover it.
    Generated,
}

/// A complex selector after reduction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reduced {
    /// Compounds that must match elements around the subject, outermost first.
    pub ancestors: Vec<Compound>,
    /// The element the rule styles.
    pub subject: Compound,
    pub target: Target,
}

/// One compound of a complex selector as written, before reduction.
#[derive(Debug, Clone, Default)]
struct Part {
    compound: Compound,
    /// Joined to the part before by `+` or `~`.
    sibling: bool,
    /// Contains `&` (CSS nesting).
    nest: bool,
    /// Can match nothing the notice lives in.
    never: bool,
    target: Option<Target>,
}

/// A complex selector as parsed, before reduction (which needs the parent rule's
/// selectors when rules are nested).
#[derive(Debug, Clone, Default)]
pub(crate) struct Parsed {
    parts: Vec<Part>,
}

/// Collects the parts of the selector being parsed.
#[derive(Default)]
struct Builder {
    out: Vec<Parsed>,
    current: Parsed,
    part: Part,
    started: bool,
    sibling: bool,
}

impl Builder {
    /// Ends the compound being built.
    fn close(&mut self) {
        if self.started {
            self.part.sibling = std::mem::take(&mut self.sibling);
            self.current.parts.push(std::mem::take(&mut self.part));
            self.started = false;
        }
    }
}

/// Parses a selector list (a rule's prelude). Selectors that can match nothing the
/// notice lives in are left out.
pub(crate) fn parse_list(input: &mut Parser<'_, '_>) -> Vec<Parsed> {
    let mut b = Builder::default();
    let mut space = false;
    while let Ok(token) = input.next_including_whitespace().cloned() {
        let combinator = matches!(
            token,
            Token::WhiteSpace(_) | Token::Comma | Token::Delim('>' | '+' | '~')
        );
        if space && !combinator {
            b.close();
        }
        space = false;
        match token {
            Token::WhiteSpace(_) => space = b.started,
            Token::Comma => {
                b.close();
                let done = std::mem::take(&mut b.current);
                b.out.push(done);
                b.sibling = false;
            }
            Token::Delim(c @ ('>' | '+' | '~')) => {
                b.close();
                b.sibling = c != '>';
                if b.current.parts.is_empty() {
                    // A relative selector (`> .a` in a nested rule) is joined to `&`.
                    b.current.parts.push(Part {
                        nest: true,
                        ..Part::default()
                    });
                }
            }
            Token::Ident(name) => {
                b.started = true;
                b.part.compound.tag = Some(name.to_ascii_lowercase());
            }
            Token::Delim('&') => {
                b.started = true;
                b.part.nest = true;
            }
            Token::Delim('.') => {
                b.started = true;
                if let Ok(Token::Ident(class)) = input.next_including_whitespace() {
                    b.part.compound.classes.push(class.to_ascii_lowercase());
                }
            }
            Token::IDHash(id) | Token::Hash(id) => {
                b.started = true;
                b.part.compound.ids.push(id.to_ascii_lowercase());
            }
            Token::SquareBracketBlock => {
                b.started = true;
                let test = input.parse_nested_block(|i| {
                    let test = attribute(i);
                    // A case flag (`i`, `s`): values are compared without case anyway.
                    while i.next().is_ok() {}
                    Ok::<_, cssparser::ParseError<'_, ()>>(test)
                });
                if let Ok(Some(test)) = test {
                    b.part.compound.attrs.push(test);
                }
            }
            Token::Colon => {
                b.started = true;
                pseudo(input, &mut b.part);
            }
            // `*`, a namespace bar (`svg|a`), or something this reduction does not
            // know: the compound then matches more elements, never fewer.
            _ => b.started = true,
        }
    }
    b.close();
    let last = std::mem::take(&mut b.current);
    b.out.push(last);
    b.out
        .retain(|p| !p.parts.is_empty() && !p.parts.iter().any(|p| p.never));
    b.out
}

/// `:hover`, `::before`, `:root`, `:not(…)` after the first colon.
fn pseudo(input: &mut Parser<'_, '_>, part: &mut Part) {
    let element = input.try_parse(|i| i.expect_colon()).is_ok();
    let Ok(token) = input.next_including_whitespace().cloned() else {
        return;
    };
    let name = match token {
        Token::Ident(n) => n.to_ascii_lowercase(),
        Token::Function(n) => {
            // The arguments of `:not()`, `:is()`, `:has()`, `:nth-child()` … are dropped.
            let _ = input.parse_nested_block(|i| {
                while i.next_including_whitespace_and_comments().is_ok() {}
                Ok::<_, cssparser::ParseError<'_, ()>>(())
            });
            n.to_ascii_lowercase()
        }
        _ => return,
    };
    match name.as_str() {
        "first-line" | "first-letter" => {}
        "root" => match &part.compound.tag {
            Some(t) if t != "html" => part.never = true,
            _ => part.compound.tag = Some("html".into()),
        },
        "empty" if !element => part.never = true,
        // The notice is never inside a shadow tree.
        "host" | "host-context" | "slotted" | "part" => part.never = true,
        "before" | "after" => part.target = Some(Target::Generated),
        _ if element => part.target = Some(Target::Generated),
        _ => {}
    }
}

/// The inside of `[…]`.
fn attribute(input: &mut Parser<'_, '_>) -> Option<AttrTest> {
    let mut name = match input.next().ok()?.clone() {
        Token::Ident(n) => n.to_ascii_lowercase(),
        Token::Delim('*' | '|') => String::new(),
        _ => return None,
    };
    // `[ns|name]`, `[*|name]`, `[|name]`: the namespace goes.
    if input.try_parse(|i| i.expect_delim('|')).is_ok() || name.is_empty() {
        name = input.expect_ident().ok()?.to_ascii_lowercase();
    }
    let op = match input.next() {
        Err(_) => {
            return Some(AttrTest {
                name,
                op: AttrOp::Exists,
                value: String::new(),
            });
        }
        Ok(Token::Delim('=')) => AttrOp::Equals,
        Ok(Token::IncludeMatch) => AttrOp::Includes,
        Ok(Token::DashMatch) => AttrOp::DashMatch,
        Ok(Token::PrefixMatch) => AttrOp::Prefix,
        Ok(Token::SuffixMatch) => AttrOp::Suffix,
        Ok(Token::SubstringMatch) => AttrOp::Substring,
        Ok(_) => return None,
    };
    let value = match input.next().ok()? {
        Token::Ident(v) | Token::QuotedString(v) => v.to_ascii_lowercase(),
        _ => return None,
    };
    Some(AttrTest { name, op, value })
}

impl Parsed {
    /// The reduced selector, nested in a rule with the selectors `parents` (CSS
    /// nesting: `&` stands for the parent's subject; a selector without `&` is a
    /// descendant of it). One selector per parent selector; one without parents.
    pub(super) fn reduce(&self, parents: &[Reduced]) -> Vec<Reduced> {
        let mut chain: Vec<&Part> = Vec::new();
        for p in &self.parts {
            if p.sibling {
                // `a + b`: b's surroundings are a's; a itself is no ancestor of b.
                chain.pop();
            }
            chain.push(p);
        }
        let target = chain
            .last()
            .and_then(|p| p.target)
            .unwrap_or(Target::Element);
        let split = |mut ancestors: Vec<Compound>, tail: &[&Part]| {
            let mut compounds: Vec<Compound> = tail.iter().map(|p| p.compound.clone()).collect();
            let subject = compounds.pop()?;
            ancestors.extend(compounds);
            Some(Reduced {
                ancestors,
                subject,
                target,
            })
        };
        if parents.is_empty() {
            return split(Vec::new(), &chain).into_iter().collect();
        }
        // Everything left of the last `&` goes (that over-approximates); `&` itself
        // merges with the parent's subject.
        let nest_at = chain.iter().rposition(|p| p.nest);
        let mut out = Vec::new();
        for parent in parents {
            let mut ancestors = parent.ancestors.clone();
            let tail = match nest_at {
                Some(i) => {
                    let mut merged = parent.subject.clone();
                    merge(&mut merged, &chain[i].compound);
                    if i + 1 == chain.len() {
                        out.push(Reduced {
                            ancestors,
                            subject: merged,
                            target,
                        });
                        continue;
                    }
                    ancestors.push(merged);
                    &chain[i + 1..]
                }
                None => {
                    ancestors.push(parent.subject.clone());
                    &chain[..]
                }
            };
            out.extend(split(ancestors, tail));
        }
        out
    }
}

/// Adds the simple selectors of `other` to `into` (`&.active`).
fn merge(into: &mut Compound, other: &Compound) {
    if into.tag.is_none() {
        into.tag.clone_from(&other.tag);
    }
    into.ids.extend(other.ids.iter().cloned());
    into.classes.extend(other.classes.iter().cloned());
    into.attrs.extend(other.attrs.iter().cloned());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(text: &str, parents: &[Reduced]) -> Vec<Reduced> {
        let mut input = cssparser::ParserInput::new(text);
        let mut parser = Parser::new(&mut input);
        parse_list(&mut parser)
            .iter()
            .flat_map(|p| p.reduce(parents))
            .collect()
    }

    /// Each selector as `ancestor ancestor subject` in a compact form.
    fn shown(text: &str, parents: &[Reduced]) -> Vec<String> {
        let one = |c: &Compound| {
            let mut s = c.tag.clone().unwrap_or_else(|| "*".into());
            for id in &c.ids {
                s.push_str(&format!("#{id}"));
            }
            for class in &c.classes {
                s.push_str(&format!(".{class}"));
            }
            for a in &c.attrs {
                s.push_str(&format!("[{}{:?}{}]", a.name, a.op, a.value));
            }
            s
        };
        reduce(text, parents)
            .iter()
            .map(|r| {
                let mut parts: Vec<String> = r.ancestors.iter().map(one).collect();
                parts.push(one(&r.subject));
                let generated = if r.target == Target::Generated {
                    "::gen"
                } else {
                    ""
                };
                format!("{}{generated}", parts.join(" "))
            })
            .collect()
    }

    #[test]
    fn compounds_and_combinators() {
        assert_eq!(
            shown(
                "footer .Funding-Notice, BODY > div#X.a.b[data-x=\"Y\" i]",
                &[]
            ),
            ["footer *.funding-notice", "body div#x.a.b[data-xEqualsy]"]
        );
        assert_eq!(shown("svg|a, [xlink|href]", &[]), ["a", "*[hrefExists]"]);
    }

    #[test]
    fn siblings_and_pseudo_classes_are_dropped() {
        assert_eq!(
            shown(
                "main + footer:hover, .a ~ .b > p:not(.c):nth-child(2n)",
                &[]
            ),
            ["footer", "*.b p"]
        );
    }

    #[test]
    fn what_cannot_hold_the_notice_is_left_out() {
        assert!(shown(".funding-notice:empty, div:root, :host(.x)", &[]).is_empty());
        assert_eq!(shown(":root", &[]), ["html"]);
    }

    #[test]
    fn generated_boxes_are_told_apart_from_first_lines() {
        assert_eq!(
            shown("footer::after, p:before, p::first-line", &[]),
            ["footer::gen", "p::gen", "p"]
        );
    }

    #[test]
    fn nesting_joins_the_parent() {
        let parents = reduce("footer, .x", &[]);
        assert_eq!(shown("&.a", &parents), ["footer.a", "*.x.a"]);
        assert_eq!(shown("p", &parents), ["footer p", "*.x p"]);
        assert_eq!(shown("> p", &parents), ["footer p", "*.x p"]);
        assert_eq!(shown(".y & .z", &parents), ["footer *.z", "*.x *.z"]);
    }
}
