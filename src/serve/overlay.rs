//! What the browser shows about a failed build: the reload script (which draws the
//! accessible error overlay, see `client.js`), the errors as the overlay's data, and a
//! plain error page for the case that no build has succeeded yet.
//!
//! The overlay shows exactly the text the terminal shows (`Diagnostic`'s `Display`:
//! message, `file:line:column`, the line, the hint), inserted as text, never as HTML.

use crate::diagnostic::Diagnostics;
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

/// The page served for every HTML request while no build has succeeded yet: the
/// errors, readable without JavaScript, and the hook that reloads once it is fixed.
pub(super) fn error_page(errors: &serde_json::Value) -> String {
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
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Vorschau: Fehler im Inhalt</title>\n</head>\n<body>\n<main>\n\
         <h1>Die Website konnte nicht erstellt werden</h1>\n\
         <p>Sobald Sie die Fehler beheben und speichern, erscheint hier die Vorschau.</p>\n\
         <ol>\n{items}</ol>\n</main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    #[test]
    fn errors_carry_the_terminal_text_and_are_escaped_on_the_page() {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error("news/a.md", "unknown field `<b>`")
                .at("x\ntitel: <b>\n", 2, 1)
                .hint("did you mean `title`?"),
        );
        d.push(Diagnostic::warning("site.yaml", "old"));
        let json = errors_json(&d);
        let list = json.as_array().unwrap();
        assert_eq!(list.len(), 1, "warnings are not errors: {json}");
        assert_eq!(list[0]["location"], "news/a.md:2:1");
        let text = list[0]["text"].as_str().unwrap();
        assert!(
            text.contains("--> news/a.md:2:1") && text.contains("2 | titel: <b>"),
            "{text}"
        );
        let page = error_page(&json);
        assert!(
            page.contains("titel: &lt;b&gt;") && !page.contains("<b>"),
            "{page}"
        );
    }
}
