//! The route table: every URL and output path fachwerk generates, in one place.

/// `/` → `index.html`, `/projekte/x/` → `projekte/x/index.html`, `/404.html` → `404.html`.
pub fn url_to_file(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_mapping() {
        assert_eq!(url_to_file("/"), "index.html");
        assert_eq!(url_to_file("/projekte/a/"), "projekte/a/index.html");
        assert_eq!(url_to_file("/404.html"), "404.html");
    }
}
