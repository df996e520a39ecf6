//! Request → file of the in-memory build: percent-decoding, normalisation, the rules
//! of a plain static host (directory → `index.html`, `/projekte` → `/projekte/`,
//! unknown → `/404.html`), content types and the reload hook for HTML.
//!
//! Every answer comes from the `Files` map of the last good build: a request never
//! reaches the file system, so no path, however encoded, can name a file outside the
//! site. The decoding is strict all the same: a `..` segment, an encoded slash or
//! backslash (`%2f`, `%5c`), a raw backslash, a NUL or any other control character,
//! a broken escape or invalid UTF-8 makes the request a plain 404.

use crate::pipeline::Files;

/// Where a request leads.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Resolved {
    /// A file of the build, by its output path.
    File(String),
    /// A directory asked for without its trailing slash: redirect to this path.
    Redirect(String),
    /// Nothing there (or a path that is not acceptable).
    NotFound,
}

/// Resolves a request target (`/projekte/?x=1`) against the build's files.
pub(super) fn resolve(files: &Files, target: &str) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(segments) = segments(path) else {
        return Resolved::NotFound;
    };
    let dir = path.ends_with('/');
    let key = segments.join("/");
    if key.is_empty() || dir {
        let index = if key.is_empty() {
            "index.html".to_string()
        } else {
            format!("{key}/index.html")
        };
        return if files.contains_key(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if files.contains_key(&key) {
        return Resolved::File(key);
    }
    if files.contains_key(&format!("{key}/index.html")) {
        let encoded: Vec<String> = segments.iter().map(|s| encode(s)).collect();
        return Resolved::Redirect(format!("/{}/", encoded.join("/")));
    }
    Resolved::NotFound
}

/// The output path a request target names (`/a/b.jpg?x` → `a/b.jpg`), if acceptable.
pub(super) fn file_key(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    Some(segments(path)?.join("/"))
}

/// The decoded, normalised segments of a path; `None` when the path is not acceptable.
fn segments(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix('/')?;
    let mut out = Vec::new();
    for raw in rest.split('/') {
        let seg = decode(raw)?;
        if seg.is_empty() || seg == "." {
            continue;
        }
        if seg == ".." || seg.chars().any(|c| c == '/' || c == '\\' || c.is_control()) {
            return None;
        }
        out.push(seg);
    }
    Some(out)
}

/// Percent-decodes one segment, once; `None` for a broken escape or invalid UTF-8.
fn decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes a segment for a `Location` header (only unreserved bytes stay).
fn encode(seg: &str) -> String {
    let mut out = String::new();
    for b in seg.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// True when a request's `Host` header names this machine's loopback address. A
/// server on 127.0.0.1 refuses other names, so that a web page cannot read the
/// preview through a domain that resolves to 127.0.0.1 (DNS rebinding).
pub(super) fn loopback_host(host: Option<&str>) -> bool {
    let Some(host) = host.map(str::trim) else {
        return true; // HTTP/1.0 without Host: only a local client sends that here
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The content type of an output file, by its extension.
pub(super) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "vtt" => "text/vtt; charset=utf-8",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

/// True for files that get the reload hook.
pub(super) fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

/// True for a CSS or JS file with a content hash in its name (`site.0123abcd.css`),
/// as fachwerk writes theme and site assets.
pub(super) fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.rsplitn(3, '.');
    let (Some(ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    matches!(ext, "css" | "js")
        && !stem.is_empty()
        && hash.len() == 8
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The reload hook: an external script (so that a page's Content-Security-Policy
/// allowing `'self'` scripts lets it run), tagged with the build the page came from.
pub(super) fn reload_tag(build_id: &str) -> String {
    format!(
        r#"<script src="{}" data-fachwerk-build="{}"></script>"#,
        super::SCRIPT_PATH,
        crate::util::html::escape(build_id)
    )
}

/// Inserts the reload hook before the last `</body>`, else at the end. Served pages
/// only: the build's own files never contain it.
pub(super) fn inject(html: &[u8], build_id: &str) -> Vec<u8> {
    let tag = reload_tag(build_id);
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn files(paths: &[&str]) -> Files {
        paths
            .iter()
            .map(|p| (p.to_string(), Arc::from(&b"x"[..])))
            .collect()
    }

    fn site() -> Files {
        files(&[
            "index.html",
            "404.html",
            "projekte/index.html",
            "projekte/a b/index.html",
            "css/fachwerk.css",
            "docs/bericht.pdf",
        ])
    }

    #[test]
    fn only_hashed_css_and_js_count_as_hashed_assets() {
        assert!(is_hashed_asset("css/fachwerk.0123abcd.css"));
        assert!(is_hashed_asset("js/consent.89abcdef.js"));
        for other in [
            "css/fachwerk.css",
            "css/fachwerk.0123ABCD.css",
            "css/fachwerk.0123abc.css",
            "images/logo.0123abcd.svg",
            ".0123abcd.css",
            "projekte/index.html",
        ] {
            assert!(!is_hashed_asset(other), "{other}");
        }
    }

    #[test]
    fn directories_files_and_redirects() {
        let f = site();
        assert_eq!(resolve(&f, "/"), Resolved::File("index.html".into()));
        assert_eq!(resolve(&f, "/?x=1"), Resolved::File("index.html".into()));
        assert_eq!(
            resolve(&f, "/projekte/"),
            Resolved::File("projekte/index.html".into())
        );
        assert_eq!(
            resolve(&f, "/projekte"),
            Resolved::Redirect("/projekte/".into())
        );
        assert_eq!(
            resolve(&f, "/projekte/a%20b"),
            Resolved::Redirect("/projekte/a%20b/".into())
        );
        assert_eq!(
            resolve(&f, "//css/./fachwerk.css"),
            Resolved::File("css/fachwerk.css".into())
        );
        assert_eq!(
            resolve(&f, "/docs/bericht.pdf#seite=2"),
            Resolved::File("docs/bericht.pdf".into())
        );
        assert_eq!(resolve(&f, "/docs/"), Resolved::NotFound);
        assert_eq!(resolve(&f, "/fehlt"), Resolved::NotFound);
    }

    #[test]
    fn traversal_and_odd_encodings_are_not_found() {
        // The map holds a file that a successful traversal from `projekte/` would
        // reach, so a wrong normalisation would show up as a hit.
        let f = site();
        for target in [
            "/../index.html",
            "/projekte/../index.html",
            "/%2e%2e/index.html",
            "/%2E%2E/index.html",
            "/projekte/%2e%2e/index.html",
            "/..%2findex.html",
            "/projekte%2findex.html",
            "/projekte%2Findex.html",
            "/..%5cindex.html",
            "/projekte\\index.html",
            "/projekte%5cindex.html",
            "/index.html%00",
            "/%00",
            "/%0d%0aX:%20y",
            "/%zz",
            "/%e",
            "/%ff%fe",
            "index.html",
            "http://example.org/index.html",
        ] {
            assert_eq!(resolve(&f, target), Resolved::NotFound, "{target}");
        }
        // Decoded once: `%252e%252e` is the literal name `%2e%2e`, which does not exist.
        assert_eq!(resolve(&f, "/%252e%252e/index.html"), Resolved::NotFound);
    }

    #[test]
    fn only_loopback_names_may_ask_a_loopback_server() {
        for ok in [
            Some("127.0.0.1:1111"),
            Some("localhost:1111"),
            Some("LOCALHOST"),
            Some("[::1]:1111"),
            Some("127.0.0.2"),
            None,
        ] {
            assert!(loopback_host(ok), "{ok:?}");
        }
        for bad in [
            Some("evil.example:1111"),
            Some("127.0.0.1.evil.example"),
            Some("192.168.1.5:1111"),
            Some("[::2]:1111"),
            Some(""),
        ] {
            assert!(!loopback_host(bad), "{bad:?}");
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/x.CSS"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("aktuelles/feed.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(
            content_type("termine/x.ics"),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(content_type("docs/a.pdf"), "application/pdf");
        assert_eq!(content_type("noext"), "application/octet-stream");
        assert!(is_html("x.htm") && !is_html("x.css"));
    }

    #[test]
    fn hook_goes_before_the_last_body_end() {
        let html = b"<html><body><p>a</p><!-- </body> --></BODY></html>";
        let out = String::from_utf8(inject(html, "7-2")).unwrap();
        assert!(
            out.ends_with(r#"<script src="/_fachwerk/reload.js" data-fachwerk-build="7-2"></script></BODY></html>"#),
            "{out}"
        );
        let out = String::from_utf8(inject(b"<p>no body", "1")).unwrap();
        assert!(out.starts_with("<p>no body<script"), "{out}");
    }
}
