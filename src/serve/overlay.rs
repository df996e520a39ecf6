//! What the browser shows about a failed build: the reload script (which draws the
//! accessible error overlay, see `client.js`), the errors as the overlay's data, and a
//! plain error page for the case that no build has succeeded yet.
//!
//! The overlay shows exactly the text the terminal shows (`Diagnostic`'s `Display`:
//! message, `file:line:column`, the line, the hint), inserted as text, never as HTML.

use crate::diagnostic::{Diagnostics, Word};
use crate::messages::{Language, catalogue};
use crate::util::html::escape;

/// The reload hook's script, served at [`super::SCRIPT_PATH`].
pub(super) const SCRIPT: &str = include_str!("client.js");

/// The errors of a failed build as the overlay's data: `[{location, text}]`, sorted as
/// the terminal prints them. Warnings are left out: they did not fail the build.
pub(super) fn errors_json(diags: &Diagnostics) -> serde_json::Value {
    let errors: Vec<serde_json::Value> = diags
        .clone()
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            serde_json::json!({
                "location": d.location(),
                "text": d.to_string().trim_end(),
            })
        })
        .collect();
    serde_json::Value::Array(errors)
}

/// The overlay's own words in `lang`, from the catalogue (`{count}` stands for the
/// number of errors), sent with the errors so that the script holds no text.
pub(super) fn texts(lang: Language) -> serde_json::Value {
    let cat = catalogue(lang);
    serde_json::json!({
        "lang": lang.code(),
        "title": cat.word(Word::OverlayTitle),
        "introOne": cat.word(Word::OverlayIntroOne),
        "introMany": cat.word(Word::OverlayIntroMany),
        "list": cat.word(Word::OverlayList),
        "close": cat.word(Word::OverlayClose),
    })
}

/// The page served for every HTML request while no build has succeeded yet: the
/// errors, readable without JavaScript, and the hook that reloads once it is fixed;
/// in `lang`.
pub(super) fn error_page(errors: &serde_json::Value, lang: Language) -> String {
    let cat = catalogue(lang);
    let items: String = errors
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            let text = e["text"].as_str().unwrap_or_default();
            format!("<li><pre>{}</pre></li>\n", escape(text))
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n<body>\n<main>\n\
         <h1>{heading}</h1>\n\
         <p>{text}</p>\n\
         <ol>\n{items}</ol>\n</main>\n</body>\n</html>\n",
        lang = lang.code(),
        title = escape(cat.word(Word::ErrorPageTitle)),
        heading = escape(cat.word(Word::ErrorPageHeading)),
        text = escape(cat.word(Word::ErrorPageText)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::messages::Msg;

    #[test]
    fn errors_carry_the_terminal_text_and_are_escaped_on_the_page() {
        let mut d = Diagnostics::new();
        d.push(
            Msg::new(Code::ContentUnknownField)
                .arg("field", "<b>")
                .error("news/a.md", Language::De)
                .at("x\ntitel: <b>\n", 2, 1),
        );
        d.push(
            Msg::new(Code::OutputRestored)
                .arg("path", "old")
                .warning("site.yaml", Language::De),
        );
        let json = errors_json(&d);
        let list = json.as_array().unwrap();
        assert_eq!(list.len(), 1, "warnings are not errors: {json}");
        assert_eq!(list[0]["location"], "news/a.md:2:1");
        let text = list[0]["text"].as_str().unwrap();
        assert!(
            text.contains("--> news/a.md:2:1") && text.contains("2 | titel: <b>"),
            "{text}"
        );
        let page = error_page(&json, Language::En);
        assert!(
            page.contains("titel: &lt;b&gt;") && !page.contains("<b>"),
            "{page}"
        );
    }

    #[test]
    fn the_overlay_and_the_error_page_speak_the_language_asked_for() {
        for (lang, other) in [(Language::De, Language::En), (Language::En, Language::De)] {
            let page = error_page(&serde_json::Value::Null, lang);
            let heading = catalogue(lang).word(Word::ErrorPageHeading);
            let foreign = catalogue(other).word(Word::ErrorPageHeading);
            assert!(
                page.contains(&format!("<html lang=\"{}\">", lang.code())),
                "{page}"
            );
            assert!(page.contains(heading) && !page.contains(foreign), "{page}");
            let t = texts(lang);
            assert_eq!(t["lang"], lang.code());
            assert_eq!(t["close"], catalogue(lang).word(Word::OverlayClose));
            assert_ne!(t["close"], catalogue(other).word(Word::OverlayClose));
        }
    }
}
