//! fachwerk: a static site generator for the websites of Saxony's regional
//! skilled-worker alliances (Fachkräfteallianzen).
//!
//! Data flows one way: [`content`] loads the site directory into a model,
//! [`markdown`] converts the bodies, [`render`] fills the theme's templates,
//! [`postprocess`] enforces the guarantees on every HTML file (funding notice,
//! external links, images, URLs under the base path and hashed asset names, with
//! [`urls`] and `assets`), and [`output`] writes the result atomically.

mod assets;
pub mod check;
pub mod config;
pub mod content;
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
    let (mut site, warnings) = content::load(&opts.site_dir, &load_opts)?;
    t.step("load");
    let theme_dir = site
        .config
        .theme
        .as_ref()
        .map(|dir| opts.site_dir.join(dir));
    let theme = match (&site.config.theme, &theme_dir) {
        (Some(dir), Some(abs)) => render::theme::Theme::from_dir(abs, dir.clone())?,
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
    .with_image_sizes(images::sizes(&files));
    let facts = postprocess::process_all(&mut files, &settings)?;
    t.step("postprocess");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let templates = theme.templates(&site.template_overrides)?;
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
    output::write(out, &build.files)?;
    t.step("write");
    Ok(build)
}
