//! Cache-friendly assets: every CSS and JS file of the output gets the first eight
//! hex digits of the SHA-256 of its bytes in its name (`css/fachwerk.css` →
//! `css/fachwerk.3f2a9c1b.css`), so a changed stylesheet has a new address and is
//! never served stale, while an unchanged one can be cached for a year.
//!
//! Stylesheets are first rewritten for the site's base path (their `url()`
//! references), then hashed, so the hash covers the bytes that are served. The
//! post-processing pass then points every HTML reference to the hashed names.
//!
//! The theme's assets are only written under their hashed names: only templates
//! refer to them, and their references are rewritten. A CSS or JS file from the
//! site's `static/` is written under both names, because something fachwerk cannot
//! see (a script's string, another site, a bookmark) may ask for it by its own name.

use crate::diagnostic::Diagnostics;
use crate::postprocess::urls::Urls;
use crate::util::files::{Content, OutputFile};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The first eight hex digits of the SHA-256 of `bytes`: stable across machines,
/// Rust versions and runs.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `css/fachwerk.css` + `3f2a9c1b` → `css/fachwerk.3f2a9c1b.css`.
fn hashed_name(path: &str, hash: &str) -> String {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{name}.{hash}"),
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

fn kind(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".css") {
        Some("css")
    } else if lower.ends_with(".js") || lower.ends_with(".mjs") {
        Some("js")
    } else {
        None
    }
}

/// Rewrites stylesheets for the base path, renames CSS and JS files to their hashed
/// names and records each renaming in `urls`. `keep_original` tells which files are
/// also written under their own name (the site's static files).
pub(crate) fn fingerprint(
    files: &mut Vec<OutputFile>,
    urls: &mut Urls,
    keep_original: impl Fn(&str) -> bool,
) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    let taken: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut originals = Vec::new();
    for f in files.iter_mut() {
        let Some(kind) = kind(&f.path) else {
            continue;
        };
        let mut bytes = match f.bytes() {
            Ok(b) => b.into_owned(),
            Err(e) => {
                let shown = std::path::Path::new("static").join(&f.path);
                diags.push(crate::util::source::unreadable(&shown, &e));
                continue;
            }
        };
        if kind == "css"
            && let Some(css) = std::str::from_utf8(&bytes)
                .ok()
                .and_then(|s| urls.rewrite_css(s))
        {
            bytes = css.into_bytes();
        }
        let hashed = hashed_name(&f.path, &content_hash(&bytes));
        if taken.contains(&hashed) {
            f.content = Content::Bytes(bytes);
            continue;
        }
        if keep_original(&f.path) {
            originals.push(OutputFile {
                path: f.path.clone(),
                content: Content::Bytes(bytes.clone()),
            });
        }
        urls.assets
            .insert(format!("/{}", f.path), format!("/{hashed}"));
        f.path = hashed;
        f.content = Content::Bytes(bytes);
    }
    files.extend(originals);
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            content: Content::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn hash_is_sha256_prefix() {
        // SHA-256("") = e3b0c442…
        assert_eq!(content_hash(b""), "e3b0c442");
        assert_eq!(
            hashed_name("css/a.b.css", "12345678"),
            "css/a.b.12345678.css"
        );
        assert_eq!(hashed_name("app.js", "12345678"), "app.12345678.js");
    }

    #[test]
    fn css_and_js_are_renamed_other_files_keep_their_name() {
        let mut urls =
            Urls::new(&crate::content::base_url::BaseUrl::parse("https://h.de/sub/").unwrap());
        let mut files = vec![
            file("css/fachwerk.css", "a{background:url(/img/a.svg)}"),
            file("js/site.js", "console.log(1)"),
            file("docs/plan.pdf", "%PDF"),
            file("index.html", "<p>"),
        ];
        fingerprint(&mut files, &mut urls, |p| p == "js/site.js").unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let css_hash = content_hash(b"a{background:url(/sub/img/a.svg)}");
        let css = format!("css/fachwerk.{css_hash}.css");
        let js = format!("js/site.{}.js", content_hash(b"console.log(1)"));
        assert_eq!(
            paths,
            [
                css.as_str(),
                js.as_str(),
                "docs/plan.pdf",
                "index.html",
                "js/site.js"
            ]
        );
        assert_eq!(urls.assets["/css/fachwerk.css"], format!("/{css}"));
        assert_eq!(urls.rewrite("/js/site.js").unwrap(), format!("/sub/{js}"));
        let Content::Bytes(b) = &files[0].content else {
            panic!()
        };
        assert_eq!(b, b"a{background:url(/sub/img/a.svg)}");
    }
}
