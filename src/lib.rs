//! fachwerk: a static site generator for the websites of Saxony's regional
//! skilled-worker alliances (Fachkräfteallianzen).
//!
//! Data flows one way: [`content`] loads the site directory into a model,
//! [`markdown`] converts the bodies, [`render`] fills the theme's templates,
//! [`postprocess`] enforces the guarantees on every HTML file (a visible funding
//! notice, judging the site's stylesheets with `css`; external links, images, URLs
//! under the base path and hashed asset names, with [`urls`] and `assets`), and
//! [`output`] writes the result atomically.

mod assets;
pub mod check;
pub mod config;
pub mod content;
mod css;
pub mod date;
pub mod diagnostic;
mod embed;
mod feeds;
mod format;
mod images;
mod markdown;
pub mod messages;
pub mod output;
pub mod postprocess;
mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
mod slug;
mod timings;
pub mod urls;
mod yaml;

use content::model::Site;
use date::Date;
use diagnostic::{Diagnostic, Diagnostics};
use output::{Content, OutputFile};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site directory (with site.yaml).
    pub site_dir: PathBuf,
    /// Overrides site.yaml's `base_url`.
    pub base_url: Option<String>,
    /// The build date; decides open calls and upcoming events.
    pub date: Date,
    /// Include drafts.
    pub drafts: bool,
}

/// A finished build, in memory.
#[derive(Debug)]
pub struct Build {
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    /// Findings that did not fail the build.
    pub warnings: Diagnostics,
    /// The base path and the hashed names of CSS and JS files: a root-relative URL
    /// of the site maps to an output path through it.
    pub urls: urls::Urls,
    /// The site's own theme directory (site.yaml `theme:`), if it has one; `serve`
    /// watches it beside the site.
    pub theme_dir: Option<PathBuf>,
}

impl Build {
    /// Number of HTML pages.
    pub fn page_count(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count()
    }
}

/// The build date: `--date`, else `SOURCE_DATE_EPOCH` (seconds), else today; a Unix
/// time counts as the calendar day it is in Germany.
pub fn build_date(arg: Option<&str>) -> Result<Date, String> {
    if let Some(a) = arg {
        return Date::parse(a).map_err(|e| format!("--date: {e}; {}", date::DATE_HINT));
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .map(Date::in_germany)
            .map_err(|_| format!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds")),
        _ => Ok(Date::today()),
    }
}

/// Loads, renders and post-processes the site without writing anything.
pub fn build_in_memory(opts: &BuildOptions) -> Result<Build, Diagnostics> {
    build_parts(opts).map(|p| p.build)
}

/// A build with what `check`'s lints need besides the output: the model (Markdown
/// sources) and the templates (name, path, text) the pages were rendered with.
pub(crate) struct Parts {
    pub build: Build,
    pub site: Site,
    pub templates: Vec<(String, PathBuf, String)>,
    /// What post-processing saw of each HTML page, by output path.
    pub facts: std::collections::HashMap<String, postprocess::PageFacts>,
    /// The findings of the Markdown lints and the links of each body, by page.
    pub lints: markdown::Lints,
    /// The steps' state, for re-rendering pages after an edit.
    pub pipeline: Pipeline,
}

/// What the steps after loading keep between builds, so that `serve` can re-render
/// the pages an edit touched without redoing the rest ([`incremental`]).
pub(crate) struct Pipeline {
    /// The theme's strings in the site's language.
    pub strings: serde_json::Value,
    /// The Markdown step's inputs besides the text.
    pub markdown: markdown::Context,
    /// The compiled templates, with `site` and `lists` in their global context.
    pub renderer: render::Renderer,
    /// Every item as a Tera value.
    pub values: render::ItemValues,
    /// The post-processing pass's settings (notice, base path, asset names, sizes).
    pub settings: postprocess::Settings,
}

/// [`build_in_memory`], keeping the model and the templates.
pub(crate) fn build_parts(opts: &BuildOptions) -> Result<Parts, Diagnostics> {
    let mut t = timings::Timings::start();
    let load_opts = content::LoadOptions {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
        build_date: opts.date,
    };
    let (mut site, mut warnings) = content::load(&opts.site_dir, &load_opts)?;
    t.step("load");
    let theme_dir = site
        .config
        .theme
        .as_ref()
        .map(|dir| opts.site_dir.join(dir));
    let theme = match (&site.config.theme, &theme_dir) {
        (Some(dir), Some(abs)) => {
            let (theme, theme_warnings) = render::theme::Theme::from_dir(abs, dir.clone())
                .map_err(|mut e| {
                    e.extend(warnings.clone());
                    e
                })?;
            warnings.extend(theme_warnings);
            theme
        }
        _ => render::theme::Theme::builtin(),
    };
    let strings = theme.strings(site.config.language.code())?;
    let ctx = markdown_context(&site, &strings);
    let (embed_errors, lints) = markdown::render_site(&mut site, &ctx);
    t.step("markdown");
    if embed_errors.has_errors() {
        let mut all = warnings;
        all.extend(embed_errors);
        return Err(all);
    }
    let mut renderer = render::Renderer::new(&site, &theme, &strings)?;
    let values = render::ItemValues::new(&site);
    renderer.set_model(&site, &values, &strings);
    let mut files = renderer.render(&site, &values, &strings, &render::jobs(&site, &strings))?;
    t.step("render");
    files.extend(feeds::generate(&site));
    add_static(&site, &theme, &mut files)?;
    t.step("feeds+static");
    // Stylesheets are read before their names and URLs change.
    let templates = theme.templates(&site.template_overrides)?;
    let (styles, sources, style_errors) = notice_sources(&site, &theme, &templates, &files)?;
    let mut urls = urls::Urls::new(&site.config.base_url);
    let site_static: HashSet<String> = site
        .static_files
        .iter()
        .map(|f| f.rel.to_string_lossy().replace('\\', "/"))
        .collect();
    assets::fingerprint(&mut files, &mut urls, |p| site_static.contains(p))?;
    let settings = postprocess::Settings::new(
        &site.config.funding_notice,
        &render::text(&strings, "external_link"),
        &site.config.base_url,
    )
    .with_urls(urls.clone())
    .with_image_sizes(images::sizes(&files))
    .with_sources(styles, sources);
    // Every error of the notice rule at once: the stylesheets' and the pages'.
    let facts = match (
        postprocess::process_all(&mut files, &settings),
        style_errors,
    ) {
        (Ok(facts), errors) if errors.is_empty() => facts,
        (result, mut errors) => {
            errors.extend(result.err().into_iter().flatten());
            return Err(errors);
        }
    };
    t.step("postprocess");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Parts {
        build: Build {
            files,
            warnings,
            urls,
            theme_dir,
        },
        site,
        templates,
        facts,
        lints,
        pipeline: Pipeline {
            strings,
            markdown: ctx,
            renderer,
            values,
            settings,
        },
    })
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
    let static_paths = |f: &content::model::StaticFile| f.rel.to_string_lossy().replace('\\', "/");
    let from_site: HashSet<String> = site.static_files.iter().map(static_paths).collect();
    let collector =
        css::Collector::site(files, templates, |p| from_site.contains(p), &theme.origin)?;
    let (styles, errors) = collector.compile();
    let mut style_errors = Diagnostics::new();
    style_errors.extend(errors);
    let static_pages = site
        .static_files
        .iter()
        .map(static_paths)
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

/// The Markdown step's inputs from outside the text: static files and embed texts.
fn markdown_context(site: &Site, strings: &serde_json::Value) -> markdown::Context {
    let t = |k: &str| render::text(strings, &format!("embed.{k}"));
    markdown::Context {
        statics: site
            .static_files
            .iter()
            .map(|f| f.rel.to_string_lossy().replace('\\', "/"))
            .collect(),
        texts: embed::Texts {
            load_video: t("load_video"),
            load_map: t("load_map"),
            note: t("note"),
            policy: t("policy"),
            fallback_video: t("fallback_video"),
            fallback_map: t("fallback_map"),
        },
    }
}

/// Theme assets, then the site's static/ files (which win over the theme's).
/// HTML files from static/ are read so that post-processing can add the notice.
/// A static file at the path of a generated file (a page, feed, calendar, sitemap or
/// robots.txt) is an error naming both: one of them would overwrite the other.
fn add_static(
    site: &Site,
    theme: &render::theme::Theme,
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
    let clashes = clashes_with_generated(files, &statics);
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
    for f in &site.static_files {
        let path = f.rel.to_string_lossy().replace('\\', "/");
        let is_html = f
            .rel
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        let content = if is_html {
            let rel = Path::new("static").join(&f.rel);
            let read = std::fs::read(&f.abs)
                .map_err(|e| Diagnostic::error(&rel, format!("cannot read: {e}")))
                .and_then(|bytes| content::source::SourceFile::from_bytes(rel, bytes));
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
fn clashes_with_generated(generated: &[OutputFile], statics: &[(String, PathBuf)]) -> Diagnostics {
    let files: HashSet<&str> = generated.iter().map(|f| f.path.as_str()).collect();
    let dirs: HashSet<&str> = generated
        .iter()
        .flat_map(|f| f.path.match_indices('/').map(|(i, _)| &f.path[..i]))
        .collect();
    let mut diags = Diagnostics::new();
    for (path, shown) in statics {
        let path = path.as_str();
        let taken = if files.contains(path) {
            Some(format!(
                "fachwerk generates `{path}` itself: {}",
                generated_by(path)
            ))
        } else if dirs.contains(path) {
            Some(format!("fachwerk generates the folder `{path}/` itself"))
        } else {
            let mut ancestors = path.match_indices('/').map(|(i, _)| &path[..i]);
            ancestors.find(|a| files.contains(a)).map(|a| {
                format!("this file needs a folder `{a}/`, but fachwerk generates the file `{a}` itself: {}", generated_by(a))
            })
        };
        if let Some(msg) = taken {
            diags.push(
                Diagnostic::error(shown, format!("{msg}; a static file may not take its place"))
                    .hint("remove or rename this file; to change a generated page, write a file with its path under pages/ or a template under templates/"),
            );
        }
    }
    diags
}

/// What makes a generated file, for messages.
fn generated_by(path: &str) -> String {
    match path {
        "robots.txt" => "the file for search engines that names the sitemap".into(),
        "sitemap.xml" => "the list of all pages for search engines".into(),
        "aktuelles/feed.xml" => "the news feed".into(),
        feeds::ALL_EVENTS_ICS => "the calendar of all upcoming events".into(),
        p if p.starts_with("termine/") && p.ends_with(".ics") => {
            "the calendar file of an event in events/".into()
        }
        p if p.ends_with(".html") => {
            let url = format!("/{}", p.trim_end_matches("index.html"));
            format!("the page `{url}`")
        }
        _ => "a file of the theme or the site".into(),
    }
}

/// Builds the site and writes it to `out`, replacing fachwerk's previous output there
/// only if the whole build succeeded.
pub fn build(opts: &BuildOptions, out: &Path) -> Result<Build, Diagnostics> {
    if let (Ok(site), Ok(o)) = (opts.site_dir.canonicalize(), out.canonicalize())
        && site.starts_with(&o)
    {
        return Err(
            Diagnostic::error(out, "the output directory contains the site itself")
                .hint("choose an output directory outside the site, e.g. -o public")
                .into(),
        );
    }
    let Parts {
        mut build,
        site,
        templates,
        facts,
        lints,
        ..
    } = build_parts(opts)?;
    // The lints of `check` are warnings here: the site is still built.
    let mut t = timings::Timings::start();
    let findings = check::lint(&site, &templates, &build.files, &facts, lints);
    build
        .warnings
        .extend(findings.into_iter().map(Diagnostic::into_warning));
    t.step("lint");
    let notes = output::write(out, &build.files).map_err(|mut e| {
        e.extend(build.warnings.clone());
        e
    })?;
    build.warnings.extend(notes);
    t.step("write");
    Ok(build)
}
