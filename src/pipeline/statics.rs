//! What a build makes besides the pages, prepared before any page is made: the
//! feeds, the theme's and the site's static files (a static file may not take the
//! place of a generated one), the hashed names of stylesheets and scripts, the sizes
//! of images, and the stylesheet rules the notice rule judges pages by; together
//! they are the post-processing pass's settings.

use super::images::is_raster;
use crate::content::model::{Site, StaticFile};
use crate::content::routes::{Feed, SEARCH_INDEX, url_to_file};
use crate::css;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Word};
use crate::feeds;
use crate::imaging::Picture;
use crate::messages::{Language, Msg};
use crate::postprocess::{self, Settings, Size, assets, images, urls::Urls};
use crate::render::{self, Job, theme::Theme};
use crate::util::files::{Content, OutputFile};
use crate::util::source::SourceFile;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The files beside the pages and the settings of the post-processing pass.
pub(super) struct Prepared {
    /// Feeds and static files, CSS and JS under their hashed names; static HTML
    /// files still to be post-processed.
    pub(super) files: Vec<OutputFile>,
    /// The settings of the post-processing pass.
    pub(super) settings: Settings,
    /// The stylesheets' mistakes the notice rule found (reported with the pages').
    pub(super) style_errors: Diagnostics,
    /// The templates (name, file, text), for the lints.
    pub(super) templates: Vec<(String, PathBuf, String)>,
}

/// Prepares the files beside the pages of `jobs` and the post-processing settings;
/// `index` (the search index) joins them.
pub(super) fn prepare(
    site: &Site,
    theme: &Theme,
    jobs: &[Job],
    strings: &serde_json::Value,
    pictures: HashMap<String, Picture>,
    index: Vec<OutputFile>,
) -> Result<Prepared, Diagnostics> {
    let mut files = feeds::generate(site);
    files.extend(index);
    let generated: Vec<String> = jobs
        .iter()
        .map(|j| url_to_file(&j.url))
        .chain(files.iter().map(|f| f.path.clone()))
        .collect();
    add_static(site, theme, &generated, &mut files)?;
    // Stylesheets are read before their names and URLs change.
    let templates = theme.templates(&site.template_overrides)?;
    let (styles, sources, style_errors) = notice_sources(site, theme, &templates, &files)?;
    let base_url = &site.config.base_url;
    let mut urls = Urls::new(base_url);
    let site_static: HashSet<String> = site.static_files.iter().map(static_path).collect();
    assets::fingerprint(&mut files, &mut urls, |p| site_static.contains(p))?;
    let settings = Settings::new(
        &site.config.funding_notice,
        &render::text(strings, "external_link"),
        base_url,
    )
    .with_urls(urls)
    .with_image_sizes(sizes(&files, &pictures))
    .with_pictures(pictures)
    .with_sources(styles, sources);
    Ok(Prepared {
        files,
        settings,
        style_errors,
        templates,
    })
}

/// The size of every image of the output, by root-relative URL: the raster images'
/// as the image step publishes them, the others' as they are.
fn sizes(files: &[OutputFile], pictures: &HashMap<String, Picture>) -> HashMap<String, Size> {
    let mut sizes = images::sizes(files);
    sizes.extend(
        pictures
            .iter()
            .map(|(url, p)| (url.clone(), (p.width, p.height))),
    );
    sizes
}

/// The path of a static file in the output, `/`-separated.
fn static_path(f: &StaticFile) -> String {
    f.rel.to_string_lossy().replace('\\', "/")
}

/// What the notice rule needs besides the pages: the stylesheet rules that can hide
/// (from the site's and the theme's CSS files and the templates' `<style>`
/// elements, read before their URLs are rewritten), and where pages come from.
fn notice_sources(
    site: &Site,
    theme: &render::theme::Theme,
    templates: &[(String, PathBuf, String)],
    files: &[OutputFile],
) -> Result<(css::Styles, postprocess::Sources, Diagnostics), Diagnostic> {
    let from_site: HashSet<String> = site.static_files.iter().map(static_path).collect();
    let collector =
        css::Collector::site(files, templates, |p| from_site.contains(p), &theme.origin)?;
    let (styles, errors) = collector.compile();
    let mut style_errors = Diagnostics::new();
    style_errors.extend(errors);
    let static_pages = site
        .static_files
        .iter()
        .map(static_path)
        .filter(|p| {
            let p = p.to_ascii_lowercase();
            p.ends_with(".html") || p.ends_with(".htm")
        })
        .map(|p| (p.clone(), Path::new("static").join(p)))
        .collect();
    let sources = postprocess::Sources {
        templates: templates.to_vec(),
        page_templates: render::page_templates(site)
            .into_iter()
            .map(|(page, name)| (page, name.to_string()))
            .collect(),
        static_pages,
    };
    Ok((styles, sources, style_errors))
}

/// Theme assets, then the site's static/ files (which win over the theme's).
/// HTML files from static/ are read so that post-processing can add the notice.
/// A static file at the path of a generated file (a page, feed, calendar, sitemap or
/// robots.txt) is an error naming both: one of them would overwrite the other.
fn add_static(
    site: &Site,
    theme: &Theme,
    generated: &[String],
    files: &mut Vec<OutputFile>,
) -> Result<(), Diagnostics> {
    let site_paths: HashSet<String> = site
        .static_files
        .iter()
        .map(|f| f.rel.to_string_lossy().replace('\\', "/"))
        .collect();
    let mut statics: Vec<(String, PathBuf)> = theme
        .static_files()
        .filter(|(p, _)| !site_paths.contains(*p))
        .map(|(p, _)| (p.to_string(), theme.origin.join("static").join(p)))
        .collect();
    statics.extend(site.static_files.iter().map(|f| {
        let path = f.rel.to_string_lossy().replace('\\', "/");
        (path, Path::new("static").join(&f.rel))
    }));
    let clashes = clashes_with_generated(generated, &statics);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    for (path, data) in theme.static_files() {
        if !site_paths.contains(path) {
            files.push(OutputFile {
                path: path.to_string(),
                content: Content::Bytes(data.to_vec()),
            });
        }
    }
    let mut diags = Diagnostics::new();
    // Raster images are published by the image step (encoded again, without metadata).
    for f in site.static_files.iter().filter(|f| !is_raster(&f.rel)) {
        let path = f.rel.to_string_lossy().replace('\\', "/");
        let is_html = f
            .rel
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        let content = if is_html {
            let rel = Path::new("static").join(&f.rel);
            let read = std::fs::read(&f.abs)
                .map_err(|e| crate::util::source::unreadable(&rel, &e))
                .and_then(|bytes| SourceFile::from_bytes(rel, bytes));
            match read {
                Ok(src) => Content::Html(src.text),
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            }
        } else {
            Content::Copy(f.abs.clone())
        };
        files.push(OutputFile { path, content });
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// Static files (path in the output, file to blame) whose path is taken by a file or
/// folder of `generated`, or that would need a folder where a generated file lies.
fn clashes_with_generated(generated: &[String], statics: &[(String, PathBuf)]) -> Diagnostics {
    let files: HashSet<&str> = generated.iter().map(String::as_str).collect();
    let dirs: HashSet<&str> = generated
        .iter()
        .flat_map(|p| p.match_indices('/').map(|(i, _)| &p[..i]))
        .collect();
    let mut diags = Diagnostics::new();
    for (path, shown) in statics {
        let path = path.as_str();
        let taken = if files.contains(path) && path.ends_with(".html") {
            let url = format!("/{}", path.trim_end_matches("index.html"));
            Some(
                Msg::new(Code::FileTakenPage)
                    .arg("path", path)
                    .arg("url", url),
            )
        } else if files.contains(path) {
            Some(
                Msg::new(Code::FileTakenFile)
                    .arg("path", path)
                    .arg("what", generated_by(path)),
            )
        } else if dirs.contains(path) {
            Some(Msg::new(Code::FileTakenFolder).arg("path", path))
        } else {
            let mut ancestors = path.match_indices('/').map(|(i, _)| &path[..i]);
            ancestors.find(|a| files.contains(a)).map(|a| {
                Msg::new(Code::FileTakenParent)
                    .arg("path", a)
                    .arg("what", generated_by(a))
            })
        };
        if let Some(msg) = taken {
            diags.push(msg.error(shown, Language::De));
        }
    }
    diags
}

/// What makes a generated file, in words, for messages.
fn generated_by(path: &str) -> Word {
    match path {
        Feed::ROBOTS => Word::GenRobots,
        Feed::SITEMAP => Word::GenSitemap,
        p if p == Feed::news() => Word::GenNews,
        p if p == Feed::all_events() => Word::GenCalendar,
        p if Feed::is_event_calendar(p) => Word::GenEventCalendar,
        p if p.starts_with(SEARCH_INDEX) => Word::GenSearchIndex,
        p if p.ends_with(".html") => Word::GenPage,
        _ => Word::GenOther,
    }
}
