//! Reading stylesheets with cssparser: every style rule (also nested ones and those
//! in `@media`, `@supports`, `@layer`, `@container`) with its reduced selectors and
//! declarations, custom property definitions, `@keyframes` and `@import`s, each
//! with its byte offset in the file. Rules for print only (`@media print`) are left
//! out: a visitor reads the screen.

use super::selector::{self, Parsed, Reduced};
use cssparser::{
    AtRuleParser, CowRcStr, DeclarationParser, ParseError, Parser, ParserInput, ParserState,
    QualifiedRuleParser, RuleBodyItemParser, RuleBodyParser, StyleSheetParser, Token,
};

/// One declaration as written.
#[derive(Debug, Clone)]
pub(crate) struct Decl {
    /// The property, lower case (`--x` for a custom property).
    pub property: String,
    /// The value without `!important`.
    pub value: String,
    /// Byte offset of the declaration in the file.
    pub at: usize,
}

impl Decl {
    /// `display: none`, as messages show it.
    pub(crate) fn shown(&self) -> String {
        format!("{}: {}", self.property, self.value)
    }
}

/// A style rule: its selectors, reduced, and its declarations.
#[derive(Debug, Clone)]
pub(crate) struct StyleRule {
    pub selectors: Vec<Reduced>,
    /// The selector list as written.
    pub selector_text: String,
    pub decls: Vec<Decl>,
}

/// What one stylesheet holds that matters for the notice.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sheet {
    pub rules: Vec<StyleRule>,
    /// Custom properties (`--brand: #005a9c`) wherever they are defined.
    pub vars: Vec<(String, String)>,
    /// The declarations of each `@keyframes`, by name.
    pub keyframes: Vec<(String, Vec<Decl>)>,
    /// `@import` addresses with their offsets.
    pub imports: Vec<(String, usize)>,
}

/// Reads the CSS `text`, which starts at byte `offset` of its file (a `<style>`
/// element's content), into `sheet`.
pub(crate) fn read(text: &str, offset: usize, sheet: &mut Sheet) {
    let mut input = ParserInput::new(text);
    let mut parser = Parser::new(&mut input);
    let mut reader = Reader {
        sheet,
        offset,
        parents: Vec::new(),
        keyframes: None,
    };
    for _ in StyleSheetParser::new(&mut parser, &mut reader) {}
}

/// Reads a declaration list (a `style` attribute's value).
pub(crate) fn read_declarations(text: &str) -> Vec<Decl> {
    let mut input = ParserInput::new(text);
    let mut parser = Parser::new(&mut input);
    let mut sheet = Sheet::default();
    let mut reader = Reader {
        sheet: &mut sheet,
        offset: 0,
        parents: Vec::new(),
        keyframes: None,
    };
    RuleBodyParser::new(&mut parser, &mut reader)
        .filter_map(|item| match item {
            Ok(Item::Decl(d)) => Some(d),
            _ => None,
        })
        .collect()
}

struct Reader<'s> {
    sheet: &'s mut Sheet,
    offset: usize,
    /// The selectors of the style rules this one is nested in, innermost last.
    parents: Vec<Vec<Reduced>>,
    /// Inside `@keyframes`: its declarations so far.
    keyframes: Option<Vec<Decl>>,
}

enum Item {
    Decl(Decl),
    Done,
}

/// What an at-rule's prelude says about its block.
enum Prelude {
    /// Rules (or declarations for the enclosing rule) that apply to the screen.
    Rules,
    /// `@keyframes NAME`.
    Keyframes(String),
    /// Print only, a font, a page box …: nothing for the notice.
    Skip,
    Import(String),
}

impl<'i> DeclarationParser<'i> for Reader<'_> {
    type Declaration = Item;
    type Error = ();

    fn parse_value<'t>(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i, 't>,
        start: &ParserState,
    ) -> Result<Item, ParseError<'i, ()>> {
        let from = input.position();
        let mut end = from;
        while let Ok(token) = input.next_including_whitespace_and_comments() {
            match token {
                Token::Delim('!') => break,
                // A block in a declaration's value is a nested rule read wrongly
                // (`a:hover { … }`): only custom properties may hold one.
                Token::CurlyBracketBlock if !name.starts_with("--") => {
                    return Err(input.new_custom_error(()));
                }
                _ => end = input.position(),
            }
        }
        while input.next_including_whitespace_and_comments().is_ok() {}
        let property = name.to_ascii_lowercase();
        let value = input.slice(from..end).trim().to_string();
        if property.starts_with("--") {
            self.sheet.vars.push((name.to_string(), value.clone()));
        }
        Ok(Item::Decl(Decl {
            property,
            value,
            at: self.offset + start.position().byte_index(),
        }))
    }
}

impl<'i> QualifiedRuleParser<'i> for Reader<'_> {
    type Prelude = (Vec<Parsed>, String);
    type QualifiedRule = Item;
    type Error = ();

    fn parse_prelude<'t>(
        &mut self,
        input: &mut Parser<'i, 't>,
    ) -> Result<Self::Prelude, ParseError<'i, ()>> {
        let from = input.position();
        if self.keyframes.is_some() {
            // `from`, `to`, `50%`: no selectors.
            while input.next().is_ok() {}
            return Ok((Vec::new(), String::new()));
        }
        let parsed = selector::parse_list(input);
        Ok((parsed, input.slice_from(from).trim().to_string()))
    }

    fn parse_block<'t>(
        &mut self,
        (parsed, text): Self::Prelude,
        _start: &ParserState,
        input: &mut Parser<'i, 't>,
    ) -> Result<Item, ParseError<'i, ()>> {
        if self.keyframes.is_some() {
            let decls = self.body(input);
            if let Some(k) = self.keyframes.as_mut() {
                k.extend(decls);
            }
            return Ok(Item::Done);
        }
        let parents = self.parents.last().cloned().unwrap_or_default();
        let selectors: Vec<Reduced> = parsed.iter().flat_map(|p| p.reduce(&parents)).collect();
        self.parents.push(selectors.clone());
        let decls = self.body(input);
        self.parents.pop();
        if !selectors.is_empty() && !decls.is_empty() {
            self.sheet.rules.push(StyleRule {
                selectors,
                selector_text: text,
                decls,
            });
        }
        Ok(Item::Done)
    }
}

impl<'i> AtRuleParser<'i> for Reader<'_> {
    type Prelude = Prelude;
    type AtRule = Item;
    type Error = ();

    fn parse_prelude<'t>(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i, 't>,
    ) -> Result<Prelude, ParseError<'i, ()>> {
        let name = name.to_ascii_lowercase();
        let prelude = match name.trim_start_matches("-webkit-") {
            "media" if print_only(input) => Prelude::Skip,
            "keyframes" => Prelude::Keyframes(
                input
                    .next()
                    .ok()
                    .and_then(|t| match t {
                        Token::Ident(n) | Token::QuotedString(n) => Some(n.to_string()),
                        _ => None,
                    })
                    .unwrap_or_default(),
            ),
            "import" => Prelude::Import(input.expect_url_or_string()?.to_string()),
            "font-face"
            | "page"
            | "property"
            | "counter-style"
            | "font-feature-values"
            | "font-palette-values"
            | "namespace"
            | "charset"
            | "view-transition"
            | "position-try" => Prelude::Skip,
            _ => Prelude::Rules,
        };
        while input.next().is_ok() {}
        Ok(prelude)
    }

    fn rule_without_block(&mut self, prelude: Prelude, start: &ParserState) -> Result<Item, ()> {
        if let Prelude::Import(url) = prelude {
            self.sheet
                .imports
                .push((url, self.offset + start.position().byte_index()));
        }
        Ok(Item::Done)
    }

    fn parse_block<'t>(
        &mut self,
        prelude: Prelude,
        _start: &ParserState,
        input: &mut Parser<'i, 't>,
    ) -> Result<Item, ParseError<'i, ()>> {
        match prelude {
            Prelude::Rules => {
                // Declarations directly inside (`footer { @media (…) { display: none } }`)
                // belong to the enclosing rule.
                let decls = self.body(input);
                if let Some(parents) = self.parents.last()
                    && !decls.is_empty()
                {
                    self.sheet.rules.push(StyleRule {
                        selectors: parents.clone(),
                        selector_text: "&".into(),
                        decls,
                    });
                }
            }
            Prelude::Keyframes(name) => {
                let outer = self.keyframes.replace(Vec::new());
                self.body(input);
                let decls = std::mem::replace(&mut self.keyframes, outer).unwrap_or_default();
                self.sheet.keyframes.push((name, decls));
            }
            Prelude::Skip | Prelude::Import(_) => while input.next().is_ok() {},
        }
        Ok(Item::Done)
    }
}

impl<'i> RuleBodyItemParser<'i, Item, ()> for Reader<'_> {
    fn parse_declarations(&self) -> bool {
        true
    }

    fn parse_qualified(&self) -> bool {
        true
    }
}

impl Reader<'_> {
    /// The declarations of a block; nested rules in it are read on the way.
    fn body(&mut self, input: &mut Parser<'_, '_>) -> Vec<Decl> {
        RuleBodyParser::new(input, self)
            .filter_map(|item| match item {
                Ok(Item::Decl(d)) => Some(d),
                _ => None,
            })
            .collect()
    }
}

/// Whether every media query of an `@media` prelude is for print.
fn print_only(input: &mut Parser<'_, '_>) -> bool {
    let state = input.state();
    let mut all_print = true;
    let mut first = true;
    let mut any = false;
    while let Ok(token) = input.next() {
        match token {
            Token::Comma => first = true,
            Token::Ident(i) if first && i.eq_ignore_ascii_case("only") => {}
            t => {
                if first {
                    any = true;
                    all_print &= matches!(t, Token::Ident(i) if i.eq_ignore_ascii_case("print"));
                }
                first = false;
            }
        }
    }
    input.reset(&state);
    any && all_print
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(text: &str) -> Sheet {
        let mut s = Sheet::default();
        read(text, 0, &mut s);
        s
    }

    #[test]
    fn rules_declarations_and_offsets() {
        let text = "/* c */\nfooter, .a > p {\n  display: none !important;\n  color: red\n}\n";
        let s = sheet(text);
        assert_eq!(s.rules.len(), 1);
        let r = &s.rules[0];
        assert_eq!(r.selector_text, "footer, .a > p");
        assert_eq!(r.selectors.len(), 2);
        assert_eq!(r.decls[0].shown(), "display: none");
        assert_eq!(&text[r.decls[0].at..r.decls[0].at + 7], "display");
        assert_eq!(r.decls[1].shown(), "color: red");
    }

    #[test]
    fn media_supports_layers_and_nesting() {
        let s = sheet(
            "@media print { footer { display: none } }\n\
             @media screen and (max-width: 40em), print { .a { display: none } }\n\
             @supports (display: grid) { @layer x { .b { opacity: 0 } } }\n\
             .c { color: red; &:hover .d { opacity: 0 } @media (min-width: 1px) { opacity: 0 } }\n\
             a:hover{color:blue}",
        );
        let texts: Vec<(&str, String)> = s
            .rules
            .iter()
            .map(|r| (r.selector_text.as_str(), r.decls[0].shown()))
            .collect();
        assert_eq!(
            texts,
            [
                (".a", "display: none".to_string()),
                (".b", "opacity: 0".into()),
                ("&:hover .d", "opacity: 0".into()),
                ("&", "opacity: 0".into()),
                (".c", "color: red".into()),
                ("a:hover", "color: blue".into()),
            ]
        );
        // The nested rule is `.c .d`.
        assert_eq!(s.rules[2].selectors[0].ancestors.len(), 1);
    }

    #[test]
    fn keyframes_vars_and_imports() {
        let s = sheet(
            "@import url(https://fonts.example/a.css);\n@import 'lokal.css';\n\
             :root { --weg: 0 }\n@keyframes aus { from { opacity: 1 } to { opacity: var(--weg) } }",
        );
        assert_eq!(s.imports.len(), 2);
        assert_eq!(s.imports[0].0, "https://fonts.example/a.css");
        assert_eq!(s.vars, [("--weg".to_string(), "0".to_string())]);
        assert_eq!(s.keyframes[0].0, "aus");
        assert_eq!(s.keyframes[0].1.len(), 2);
    }

    #[test]
    fn style_attributes() {
        let d = read_declarations("color: red; display:none;; margin : 0 auto");
        let shown: Vec<String> = d.iter().map(Decl::shown).collect();
        assert_eq!(shown, ["color: red", "display: none", "margin: 0 auto"]);
    }
}
