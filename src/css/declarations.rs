//! Which CSS declarations can hide the funding notice when they apply to it or to an
//! element around it: they remove or hide the box (`display: none`, `visibility`,
//! `opacity`, `content-visibility`), cut it away or cover it (`clip`, `clip-path`,
//! `mask`, `filter`, `mix-blend-mode`), move it out of the page or shrink it
//! (`position: absolute|fixed`, offsets, negative margins, `transform`, `text-indent`,
//! tiny sizes and font sizes, `zoom`, a line that never wraps, `line-clamp`), make
//! its text transparent (`color`), replace its content (`content`), or animate into
//! one of these. The list is deliberately wide: a rule that merely could hide the
//! notice is refused where it applies to it.

use cssparser::{Parser, ParserInput, Token};

/// The inline style fachwerk writes on the notice's text (`!important` in a `style`
/// attribute beats every stylesheet rule): a rule that styles the text itself
/// cannot hide it with these properties. Rules on the elements around the text are
/// checked instead, as the text inherits or sits inside what they do. Line, letter
/// and word spacing stay out: readers must be able to widen them (WCAG 1.4.12,
/// axe's `avoid-inline-spacing`).
pub(crate) const TEXT_LOCK: &str = "display:inline!important;visibility:visible!important;\
opacity:1!important;position:static!important;z-index:auto!important;transform:none!important;\
translate:none!important;scale:none!important;rotate:none!important;filter:none!important;\
clip-path:none!important;mask:none!important;content-visibility:visible!important;\
margin:0!important;text-indent:0!important;font-size:max(12px,1em)!important;\
height:auto!important;\
max-height:none!important;overflow:visible!important;white-space:normal!important;\
content:normal!important;mix-blend-mode:normal!important;\
-webkit-text-fill-color:currentcolor!important;zoom:1!important";

/// Properties [`TEXT_LOCK`] decides on the notice's text (besides those in it by
/// name: `clip` and `line-clamp` have no effect on a statically placed inline box,
/// offsets none on an unpositioned one, and `font` sets the locked font size).
const LOCKED_TOO: &[&str] = &[
    "clip",
    "line-clamp",
    "top",
    "right",
    "bottom",
    "left",
    "inset",
    "font",
    "text-wrap",
    "text-wrap-mode",
    "text-fill-color",
    "mask-image",
    "mask-border",
];

/// Properties the notice's text inherits, which [`TEXT_LOCK`] sets on it again:
/// on an element around the text they do not reach it either.
const INHERITED: &[&str] = &[
    "visibility",
    "white-space",
    "text-wrap",
    "text-wrap-mode",
    "font-size",
    "font",
    "text-fill-color",
];

/// How a declaration can hide the notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// [`TEXT_LOCK`] overrides the declaration on the notice's text itself.
    pub locked: bool,
    /// ... and on every element around the text, as the text inherits the
    /// property and the lock sets it again.
    pub inherited: bool,
    /// Only on `::before`/`::after`: a generated box laid over the page (which can
    /// cover the notice whatever element it belongs to).
    pub overlay: bool,
}

/// The property without a vendor prefix (`-webkit-transform` → `transform`).
pub(crate) fn unprefixed(property: &str) -> String {
    let p = property.to_ascii_lowercase();
    for prefix in ["-webkit-", "-moz-", "-ms-", "-o-"] {
        if let Some(rest) = p.strip_prefix(prefix) {
            return rest.to_string();
        }
    }
    p
}

/// Whether `property: value` can hide what it applies to; `value` has its custom
/// properties substituted. `hiding_animation` tells whether a name is one of
/// `@keyframes` that hide.
pub(crate) fn judge(
    property: &str,
    value: &str,
    hiding_animation: &dyn Fn(&str) -> bool,
) -> Option<Verdict> {
    let p = unprefixed(property);
    // The value is read only for a property that can hide.
    let parts = std::cell::OnceCell::new();
    let atoms = || parts.get_or_init(|| atoms(value)).as_slice();
    let idents = || atoms().iter().filter_map(Atom::ident);
    let any_ident = |names: &[&str]| idents().any(|i| names.contains(&i));
    let only = |word: &str| {
        atoms()
            .iter()
            .all(|a| a.ident() == Some(word) || a.is_wide())
    };
    let numbers = || atoms().iter().filter(|a| a.is_numeric());
    let hides = match p.as_str() {
        "display" => any_ident(&["none"]),
        "visibility" => any_ident(&["hidden", "collapse"]),
        "content-visibility" => any_ident(&["hidden"]),
        "opacity" | "zoom" => numbers().any(|a| a.fraction().is_some_and(|f| f < 0.5)),
        "filter" | "clip-path" | "mask" | "mask-image" | "mask-border" | "transform"
        | "translate" | "scale" | "rotate" => !only("none"),
        "mix-blend-mode" => !only("normal"),
        "clip" => !only("auto"),
        "line-clamp" => !only("none"),
        "position" => any_ident(&["absolute", "fixed"]),
        "top" | "right" | "bottom" | "left" | "inset" | "inset-block" | "inset-inline"
        | "inset-block-start" | "inset-block-end" | "inset-inline-start" | "inset-inline-end"
        | "text-indent" => far(atoms(), false),
        "z-index" => numbers().any(Atom::is_negative),
        // Tighter than a fifth of a letter makes the words run into each other.
        "letter-spacing" | "word-spacing" => {
            numbers().any(|a| a.is_negative() && a.pixels().is_some_and(|px| px.abs() >= 3.0))
        }
        _ if p == "margin" || p.starts_with("margin-") => far(atoms(), true),
        "font-size" | "font" => numbers().any(Atom::is_tiny_font),
        "width" | "max-width" | "height" | "max-height" | "block-size" | "inline-size"
        | "max-block-size" | "max-inline-size" => numbers().any(Atom::is_tiny_length),
        "white-space" => any_ident(&["nowrap", "pre"]),
        "text-wrap" | "text-wrap-mode" => any_ident(&["nowrap"]),
        "color" | "text-fill-color" => transparent(atoms()),
        "content" => !atoms()
            .iter()
            .all(|a| matches!(a.ident(), Some("normal" | "none")) || a.is_wide()),
        "animation" | "animation-name" => idents().any(hiding_animation),
        _ => false,
    };
    if !hides {
        return None;
    }
    // A longhand is decided by its shorthand in the lock (`margin-left` by `margin`).
    let shorthand = p.split('-').next().unwrap_or(&p);
    let locked = [p.as_str(), shorthand].iter().any(|name| {
        TEXT_LOCK.contains(&format!(";{name}:")) || TEXT_LOCK.starts_with(&format!("{name}:"))
    }) || LOCKED_TOO.contains(&p.as_str());
    Some(Verdict {
        locked,
        inherited: locked && INHERITED.contains(&p.as_str()),
        overlay: false,
    })
}

/// A declaration on a `::before`/`::after` box that can lay it over the page.
pub(crate) fn judge_generated(property: &str, value: &str) -> Option<Verdict> {
    let covers = unprefixed(property) == "position"
        && atoms(value)
            .iter()
            .any(|a| matches!(a.ident(), Some("absolute" | "fixed")));
    covers.then_some(Verdict {
        locked: false,
        inherited: false,
        overlay: true,
    })
}

/// A value as a flat list of its parts (functions' arguments inline).
#[derive(Debug, Clone, PartialEq)]
enum Atom {
    Ident(String),
    Number(f32),
    /// 0 to 100.
    Percent(f32),
    Length(f32, String),
    Hash(String),
    Function(String),
    Slash,
    Comma,
    Other,
}

impl Atom {
    fn ident(&self) -> Option<&str> {
        match self {
            Atom::Ident(i) => Some(i),
            _ => None,
        }
    }

    /// `inherit`, `initial`, `unset`, `revert`: no hiding value of their own.
    fn is_wide(&self) -> bool {
        matches!(
            self.ident(),
            Some("inherit" | "initial" | "unset" | "revert" | "revert-layer")
        )
    }

    fn is_numeric(&self) -> bool {
        matches!(self, Atom::Number(_) | Atom::Percent(_) | Atom::Length(..))
    }

    fn value(&self) -> f32 {
        match self {
            Atom::Number(v) | Atom::Percent(v) | Atom::Length(v, _) => *v,
            _ => 0.0,
        }
    }

    fn is_negative(&self) -> bool {
        self.value() < 0.0
    }

    /// A number or percentage as a fraction (`0.3`, `30%`).
    fn fraction(&self) -> Option<f32> {
        match self {
            Atom::Number(v) => Some(*v),
            Atom::Percent(p) => Some(p / 100.0),
            _ => None,
        }
    }

    /// A length in CSS pixels, roughly (an `em` as 16 pixels, a `vw` on a phone).
    fn pixels(&self) -> Option<f32> {
        let Atom::Length(v, unit) = self else {
            return match self {
                Atom::Number(v) => Some(*v),
                _ => None,
            };
        };
        let factor = match unit.as_str() {
            "px" => 1.0,
            "pt" => 4.0 / 3.0,
            "pc" | "em" | "rem" | "lh" | "rlh" => 16.0,
            "ex" | "ch" | "cap" | "ic" | "rex" | "rch" | "ric" | "rcap" => 8.0,
            "in" => 96.0,
            "cm" => 37.8,
            "mm" => 3.78,
            "q" => 0.945,
            // Viewport and container units on a narrow phone.
            _ => 3.6,
        };
        Some(v * factor)
    }

    /// A font size too small to read: under 8 pixels or half the inherited size.
    fn is_tiny_font(&self) -> bool {
        match self {
            Atom::Percent(p) => *p < 50.0,
            // A bare number is a weight or a line height in `font`, except 0.
            Atom::Number(n) => *n == 0.0,
            Atom::Length(v, unit) if matches!(unit.as_str(), "em" | "ex" | "ch" | "cap") => {
                *v < 0.5
            }
            a => a.pixels().is_some_and(|px| (0.0..8.0).contains(&px)),
        }
    }

    /// A box size that leaves no room for a line of text.
    fn is_tiny_length(&self) -> bool {
        match self {
            Atom::Percent(p) => *p < 1.0,
            Atom::Number(n) => *n == 0.0,
            a => a.pixels().is_some_and(|px| px < 8.0),
        }
    }
}

/// A shift far enough to move text out of sight (a hundred pixels, a tenth of the
/// containing block), in either direction or only a negative one; a factor in
/// `calc()` counts with the largest length beside it. Small shifts (a pixel, a
/// grid's gutter) pass.
fn far(atoms: &[Atom], negative_only: bool) -> bool {
    let largest = atoms
        .iter()
        .filter_map(|a| match a {
            Atom::Length(..) => a.pixels().map(f32::abs),
            _ => None,
        })
        .fold(1.0_f32, f32::max);
    atoms.iter().any(|a| {
        if negative_only && !a.is_negative() {
            return false;
        }
        match a {
            Atom::Length(..) => a.pixels().is_some_and(|px| px.abs() >= 100.0),
            Atom::Percent(p) => p.abs() >= 10.0,
            Atom::Number(n) => *n != 0.0 && n.abs() * largest >= 100.0,
            _ => false,
        }
    })
}

/// The parts of a value.
fn atoms(value: &str) -> Vec<Atom> {
    fn walk(input: &mut Parser<'_, '_>, out: &mut Vec<Atom>) {
        while let Ok(token) = input.next().cloned() {
            if token == Token::Delim('!') {
                // `!important` changes which rule wins, not what the value does.
                break;
            }
            let nested = matches!(
                token,
                Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock
            );
            out.push(match token {
                Token::Ident(i) => Atom::Ident(i.to_ascii_lowercase()),
                Token::Number { value, .. } => Atom::Number(value),
                Token::Percentage { unit_value, .. } => Atom::Percent(unit_value * 100.0),
                Token::Dimension { value, unit, .. } => {
                    Atom::Length(value, unit.to_ascii_lowercase())
                }
                Token::Hash(h) | Token::IDHash(h) => Atom::Hash(h.to_ascii_lowercase()),
                Token::Function(f) => Atom::Function(f.to_ascii_lowercase()),
                Token::Delim('/') => Atom::Slash,
                Token::Comma => Atom::Comma,
                _ => Atom::Other,
            });
            if nested {
                let _ = input.parse_nested_block(|i| {
                    walk(i, out);
                    Ok::<_, cssparser::ParseError<'_, ()>>(())
                });
            }
        }
    }
    let mut input = ParserInput::new(value);
    let mut parser = Parser::new(&mut input);
    let mut out = Vec::new();
    walk(&mut parser, &mut out);
    out
}

/// A colour that lets the background through: `transparent`, or an alpha below one
/// half (`#0008`, `rgb(0 0 0 / 0.2)`, `rgba(0, 0, 0, 0)`, `hsl(… / 10%)`).
fn transparent(atoms: &[Atom]) -> bool {
    let mut i = 0;
    while i < atoms.len() {
        match &atoms[i] {
            Atom::Ident(name) if name == "transparent" => return true,
            Atom::Hash(h) if matches!(h.len(), 4 | 8) => {
                let alpha = &h[h.len() - h.len() / 4..];
                let alpha = u8::from_str_radix(&alpha.repeat(3 - alpha.len()), 16).unwrap_or(255);
                if alpha < 128 {
                    return true;
                }
            }
            Atom::Function(_) => {
                // The arguments of this colour function (nested ones are read on their own).
                let args: Vec<&Atom> = atoms[i + 1..]
                    .iter()
                    .take_while(|a| !matches!(a, Atom::Function(_)))
                    .collect();
                let alpha = match args.iter().position(|a| **a == Atom::Slash) {
                    Some(s) => args.get(s + 1),
                    None => args.iter().filter(|a| **a != &Atom::Comma).nth(3),
                };
                if alpha.and_then(|a| a.fraction()).is_some_and(|f| f < 0.5) {
                    return true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hides(property: &str, value: &str) -> bool {
        judge(property, value, &|name| name == "weg").is_some()
    }

    #[test]
    fn hiding_declarations() {
        for (p, v) in [
            ("display", "none"),
            ("display", "NONE !important"),
            ("visibility", "hidden"),
            ("opacity", "0"),
            ("opacity", "20%"),
            ("-webkit-filter", "opacity(0)"),
            ("clip-path", "inset(50%)"),
            ("clip", "rect(0 0 0 0)"),
            ("transform", "scale(0)"),
            ("translate", "-100vw"),
            ("position", "absolute"),
            ("left", "-9999px"),
            ("margin-top", "-20em"),
            ("margin", "calc(-100 * 1rem)"),
            ("text-indent", "100%"),
            ("text-indent", "-9999px"),
            ("top", "150vh"),
            ("font-size", "0"),
            ("font-size", "1px"),
            ("font-size", "0.1em"),
            ("font", "0/0 a"),
            ("height", "0"),
            ("max-height", "1px"),
            ("color", "transparent"),
            ("color", "rgba(0, 0, 0, 0)"),
            ("color", "rgb(0 0 0 / 10%)"),
            ("color", "#fff0"),
            ("color", "#ffffff10"),
            ("-webkit-text-fill-color", "transparent"),
            ("white-space", "nowrap"),
            ("content", "url(leer.png)"),
            ("z-index", "-1"),
            ("letter-spacing", "-1em"),
            ("zoom", "0.1"),
            ("animation", "weg 1s forwards"),
            ("content-visibility", "hidden"),
        ] {
            assert!(hides(p, v), "{p}: {v} should hide");
        }
    }

    #[test]
    fn ordinary_declarations() {
        for (p, v) in [
            ("display", "flex"),
            ("display", "inherit"),
            ("opacity", "0.9"),
            ("transform", "none"),
            ("position", "relative"),
            ("position", "sticky"),
            ("left", "0"),
            ("top", "2px"),
            ("margin", "0 auto 1rem"),
            ("margin-left", "calc(-.5 * 1.5rem)"),
            ("margin-top", "-1px"),
            ("text-indent", "2em"),
            ("font-size", "0.875rem"),
            ("font-size", "90%"),
            ("font", "700 1rem/1.5 sans-serif"),
            ("height", "48px"),
            ("width", "100%"),
            ("color", "#1a1a1a"),
            ("color", "rgb(0 0 0 / 0.8)"),
            ("color", "var(--text)"),
            ("white-space", "pre-wrap"),
            ("letter-spacing", "-0.02em"),
            ("content", "normal"),
            ("animation", "spin 1s"),
            ("border-top", "4px solid transparent"),
        ] {
            assert!(!hides(p, v), "{p}: {v} should not hide");
        }
    }

    #[test]
    fn the_lock_on_the_notice_text_decides_what_it_names() {
        let locked = |p: &str, v: &str| judge(p, v, &|_| false).unwrap().locked;
        assert!(locked("display", "none"));
        assert!(locked("-webkit-transform", "scale(0)"));
        assert!(locked("font", "0/0 a"));
        assert!(locked("margin-inline-start", "-100vw"));
        assert!(!locked("color", "transparent"));
        assert!(!locked("max-width", "1px"));
        // What the text inherits and the lock sets again reaches it from nowhere.
        let inherited = |p: &str, v: &str| judge(p, v, &|_| false).unwrap().inherited;
        assert!(inherited("visibility", "hidden"));
        assert!(inherited("font-size", "0"));
        assert!(!inherited("display", "none"));
        assert!(!inherited("text-indent", "-9999px"));
        assert!(!inherited("color", "transparent"));
        assert!(judge_generated("position", "fixed").is_some_and(|v| v.overlay));
        assert!(judge_generated("content", "''").is_none());
    }
}
