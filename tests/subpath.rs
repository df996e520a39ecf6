//! A site under a sub-path (`https://www.landkreis.de/fachkraefteallianz/`): every
//! URL of every output file — HTML attributes, CSS `url()`, feed, sitemap,
//! robots.txt, calendars — stays under the sub-path, and every internal link of an
//! HTML page or stylesheet points to a file that exists (hashed names included).

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "test code: a failed unwrap is a failed test, and a test reads top to bottom"
)]

mod common;

use common::{DATE, Fixture, tree};
use lol_html::{RewriteStrSettings, element, rewrite_str};
use std::cell::RefCell;

const BASE: &str = "https://www.landkreis.de/fachkraefteallianz/";
const HOST: &str = "www.landkreis.de";
const PREFIX: &str = "/fachkraefteallianz/";

/// Every attribute value of every element.
fn attribute_values(html: &str) -> Vec<(String, String)> {
    let found = RefCell::new(Vec::new());
    let settings = RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
        for a in el.attributes() {
            found.borrow_mut().push((a.name(), a.value()));
        }
        Ok(())
    }));
    rewrite_str(html, settings).unwrap();
    found.into_inner()
}

/// `url(…)` references of a stylesheet or style attribute.
fn css_urls(css: &str) -> Vec<String> {
    css.split("url(")
        .skip(1)
        .map(|rest| {
            let end = rest.find(')').unwrap_or(rest.len());
            rest[..end].trim().trim_matches(['"', '\'']).to_string()
        })
        .collect()
}

/// Absolute URLs anywhere in a text (feeds, sitemap, calendars, robots.txt).
fn absolute_urls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for scheme in ["https://", "http://", "webcal://"] {
        let mut rest = text;
        while let Some(i) = rest.find(scheme) {
            let url: String = rest[i..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !"\"'<>)".contains(*c))
                .collect();
            rest = &rest[i + url.len()..];
            out.push(url);
        }
    }
    out
}

/// The problem with `url`, found in `file` (whose own address is `page`), if any.
fn escapes(url: &str, page: &str) -> Option<String> {
    let url = url.replace("\r\n ", ""); // folded calendar lines
    if let Some(rest) = url.split_once("://").map(|(_, r)| r) {
        let host = rest.split('/').next().unwrap_or("");
        let path = &rest[host.len()..];
        if host == HOST && !path.starts_with(PREFIX) {
            return Some(format!("absolute URL outside the sub-path: {url}"));
        }
        return None;
    }
    if url.starts_with("//") {
        return None;
    }
    if url.starts_with('/') {
        return (!url.starts_with(PREFIX))
            .then(|| format!("root-relative URL outside the sub-path: {url}"));
    }
    if url.starts_with('#') || url.contains(':') || url.is_empty() {
        return None;
    }
    if page.ends_with("404.html") {
        // Served for a missing page at any depth: a relative URL would break there.
        return Some(format!("relative URL in the 404 page: {url}"));
    }
    // Relative: resolve against the page's directory.
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in url.split(['?', '#']).next().unwrap_or("").split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let resolved = parts.join("/") + "/";
    (!resolved.starts_with(PREFIX)).then(|| format!("relative URL leaves the sub-path: {url}"))
}

/// The output file an internal URL names, if the URL is internal.
fn target_file(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let rel = path.strip_prefix(PREFIX)?;
    Some(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    })
}

#[test]
fn no_url_of_a_sub_path_site_escapes_the_sub_path() {
    for fixture in ["minimal", "example"] {
        let f = Fixture::new("minimal");
        let site = if fixture == "example" {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("content")
                .display()
                .to_string()
        } else {
            "site".to_string()
        };
        let out = f.run(&[
            "build",
            &site,
            "-o",
            "public",
            "--date",
            DATE,
            "--base-url",
            BASE,
        ]);
        assert!(out.status.success(), "{}", common::stderr(&out));
        let files = tree(&f.out());
        let mut problems = Vec::new();
        let mut checked = 0;
        for (path, bytes) in &files {
            let page = format!("{PREFIX}{path}");
            let Ok(text) = std::str::from_utf8(bytes) else {
                continue; // images, PDFs
            };
            let mut urls: Vec<String> = Vec::new();
            let mut internal: Vec<String> = Vec::new();
            if path.ends_with(".html") {
                for (name, value) in attribute_values(text) {
                    match name.as_str() {
                        "srcset" => urls.extend(
                            value
                                .split(',')
                                .filter_map(|c| c.split_whitespace().next())
                                .map(String::from),
                        ),
                        "style" => urls.extend(css_urls(&value)),
                        "href" | "src" | "action" | "poster" | "formaction" | "data" => {
                            if value.starts_with('/') && !value.starts_with("//") {
                                internal.push(value.clone());
                            }
                            urls.push(value)
                        }
                        "content" => urls.extend(absolute_urls(&value)),
                        _ if value.starts_with('/') && !value.starts_with("//") => urls.push(value),
                        _ => {}
                    }
                }
            } else if path.ends_with(".css") {
                let found = css_urls(text);
                internal.extend(found.iter().filter(|u| u.starts_with('/')).cloned());
                urls.extend(found);
            } else {
                urls.extend(absolute_urls(text));
            }
            checked += urls.len();
            for u in &urls {
                if let Some(p) = escapes(u, &page) {
                    problems.push(format!("{fixture}: {path}: {p}"));
                }
            }
            for u in &internal {
                if let Some(target) = target_file(u)
                    && !files.contains_key(&target)
                {
                    problems.push(format!("{fixture}: {path}: broken link {u}"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(checked > 200, "{fixture}: only {checked} URLs checked");
        let home = String::from_utf8(files["index.html"].clone()).unwrap();
        assert!(home.contains(&format!("<link rel=\"canonical\" href=\"{BASE}\">")));
        assert!(home.contains("href=\"/fachkraefteallianz/css/fachwerk."));
        let robots = String::from_utf8(files["robots.txt"].clone()).unwrap();
        assert!(robots.contains(&format!("Sitemap: {BASE}sitemap.xml")));
    }
}

#[test]
fn the_scan_finds_a_link_that_escapes() {
    // The checks above could pass by finding nothing; these must be caught.
    let page = "/fachkraefteallianz/termine/index.html";
    assert!(escapes("/projekte/", page).is_some());
    assert!(escapes("https://www.landkreis.de/impressum/", page).is_some());
    assert!(escapes("../../x/", page).is_some());
    assert!(escapes("a.png", "/fachkraefteallianz/404.html").is_some());
    assert!(escapes("/fachkraefteallianz/projekte/", page).is_none());
    assert!(escapes("https://ihk.example.com/", page).is_none());
    assert_eq!(css_urls("a{b:url( '/x.svg' )}"), ["/x.svg"]);
}
