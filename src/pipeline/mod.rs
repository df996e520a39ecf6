//! One build, in memory: load → Markdown → render → post-process, for `build`,
//! `check` and `serve` alike.
//!
//! [`full`] builds everything and keeps what the steps after loading need
//! ([`Stages`]), so that [`incremental`] can make again only the pages an edit
//! touched. Both make pages the same way, one page at a time ([`pages::make`]:
//! render, then post-process). What an edit needs is decided from the changed paths
//! ([`rebuild::classify`]) and the outcome of each incremental step
//! ([`rebuild::Rebuild`]). Files beside the pages (feeds, the theme's and the site's
//! static files) and what post-processing needs to know of the site are prepared
//! before any page is made ([`statics`]).
//!
//! Writing the output is not part of the pipeline: `build` writes what [`full`]
//! made ([`crate::output`]), `serve` keeps it in memory ([`Files`]).

pub(crate) mod images;
pub(crate) mod incremental;
mod pages;
pub(crate) mod rebuild;
mod search;
mod statics;

use crate::content::base_url::BaseUrl;
use crate::content::model::Site;
use crate::content::{self, LoadOptions};
use crate::diagnostic::Diagnostics;
use crate::markdown::{self, embed};
use crate::postprocess::{self, PageFacts};
use crate::render::theme::Theme;
use crate::render::{self, ItemValues, Renderer};
use crate::util::date::Date;
use crate::util::files::OutputFile;
use crate::util::timings::Timings;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site directory (with site.yaml).
    pub site_dir: PathBuf,
    /// Overrides site.yaml's `base_url`.
    pub base_url: Option<BaseUrl>,
    /// The build date; decides open calls and upcoming events.
    pub date: Date,
    /// Include drafts.
    pub drafts: bool,
    /// The language of messages, when not the site's (`--lang`, `FACHWERK_LANG`).
    pub lang: Option<crate::messages::Language>,
}

/// A finished build, in memory.
#[derive(Debug)]
pub struct Build {
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    /// Findings that did not fail the build.
    pub warnings: Diagnostics,
    /// The site's own theme directory (site.yaml `theme:`), if it has one; `serve`
    /// watches it beside the site.
    pub(crate) theme_dir: Option<PathBuf>,
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

/// The output as `serve` keeps it: the bytes of each file by output path. Unchanged
/// files keep their bytes from one build to the next, so comparing builds is cheap.
pub(crate) type Files = HashMap<String, Arc<[u8]>>;

/// A full build with what came of it besides the output: the model, the templates,
/// the facts of every page and the lints of every body (for `check`), and the
/// steps' state (for the incremental build).
pub(crate) struct Output {
    pub(crate) build: Build,
    pub(crate) site: Site,
    /// The templates (name, file, text) the pages were rendered with.
    pub(crate) templates: Vec<(String, PathBuf, String)>,
    /// What post-processing saw of each HTML page, by output path.
    pub(crate) facts: HashMap<String, PageFacts>,
    /// The findings of the Markdown lints and the links of each body, by page.
    pub(crate) lints: markdown::Lints,
    /// The steps' state, to make pages again after an edit.
    pub(crate) stages: Stages,
    /// The site's raster images; their files are in `build.files` unless the build
    /// left them to [`ImageWork::Later`].
    pub(crate) images: Arc<images::Images>,
}

/// When a full build makes the image files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageWork {
    /// Now, with the pages (`build`, `check`).
    Now,
    /// Later, by whoever asks ([`images::Images::file`]; `serve`).
    Later,
}

/// What the steps after loading keep between builds, so that pages can be made
/// again without redoing the rest.
pub(crate) struct Stages {
    /// The theme's strings in the site's language.
    pub(crate) strings: serde_json::Value,
    /// The Markdown step's inputs besides the text.
    pub(crate) markdown: markdown::Context,
    /// The compiled templates, with `site` and `lists` in their global context.
    pub(crate) renderer: Renderer,
    /// Every item as a Tera value.
    pub(crate) values: ItemValues,
    /// The post-processing pass's settings (notice, base path, asset names, sizes).
    pub(crate) settings: postprocess::Settings,
    /// The search index's records and their analyses.
    pub(crate) search: search::SearchStep,
}

/// Loads the site of `opts` as the build does.
pub(crate) fn load(opts: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let load_opts = LoadOptions {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
        build_date: opts.date,
        lang: opts.lang,
    };
    content::load(&opts.site_dir, &load_opts)
}

/// The search index's files; the step itself keeps its analyses of every record
/// only with `keep` (for the incremental builds that follow), else it is emptied right
/// away, so that the pages reuse that memory.
fn search_index(
    site: &Site,
    strings: &serde_json::Value,
    keep: bool,
) -> (search::SearchStep, Vec<OutputFile>) {
    let mut step = search::SearchStep::default();
    let index = step.run(site, strings).files;
    if !keep {
        step = search::SearchStep::default();
    }
    (step, index)
}

/// Builds everything in memory, images included.
pub(crate) fn full(opts: &BuildOptions) -> Result<Output, Diagnostics> {
    full_with(opts, ImageWork::Now, false)
}

/// Builds everything in memory; the image files now or later; with `keep_search`,
/// the search step's analyses of every record are kept (for [`incremental`], which
/// follows edits with them), else they go right after the index is made, so that the
/// pages reuse their memory.
pub(crate) fn full_with(
    opts: &BuildOptions,
    work: ImageWork,
    keep_search: bool,
) -> Result<Output, Diagnostics> {
    let mut t = Timings::start();
    let (mut site, mut warnings) = load(opts)?;
    t.step("load");
    let images = plan_images(opts, &site, &mut warnings)?;
    t.step("images planned");
    let (theme, theme_dir) = theme(opts, &site, &mut warnings)?;
    let strings = theme.strings(site.config.language.code(), site.lang)?;
    let ctx = markdown_context(&site, &strings);
    let (embed_errors, lints) = markdown::render_site(&mut site, &ctx);
    warnings.extend(images::credit_warnings(&site, &images));
    t.step("markdown");
    if embed_errors.has_errors() {
        let mut all = warnings;
        all.extend(embed_errors);
        return Err(all);
    }
    let mut renderer = Renderer::new(&site, &theme, &strings)?;
    let values = ItemValues::new(&site);
    renderer.set_model(&site, &values, &strings);
    let jobs = render::jobs(&site, &strings);
    let (search, index) = search_index(&site, &strings, keep_search);
    t.step("search");
    let prepared = statics::prepare(&site, &theme, &jobs, &strings, images.pictures(), index);
    t.step("feeds+static");
    let prepared = match prepared {
        Ok(p) => p,
        Err(errors) => {
            // A mistake in a template is reported before one of the static files.
            renderer.check(&render::Model::new(&site, &values, &strings), &jobs)?;
            return Err(errors);
        }
    };
    let stages = Stages {
        strings,
        markdown: ctx,
        renderer,
        values,
        settings: prepared.settings,
        search,
    };
    // Pages and images in parallel: neither waits for the other.
    let (made, image_files) = rayon::join(
        || pages::make(&stages, &site, &jobs),
        || (work == ImageWork::Now).then(|| images.produce_all()),
    );
    let made = made?;
    drop(jobs);
    let mut files = Vec::with_capacity(made.len());
    let mut processed = Vec::with_capacity(made.len());
    for (file, p) in made {
        processed.push((file.path.clone(), p));
        files.push(file);
    }
    let mut beside = prepared.files;
    processed.extend(postprocess::process_files(&mut beside, &stages.settings));
    // Every error of the notice rule at once: the stylesheets' and the pages'.
    let facts = match (
        postprocess::finish(processed, &stages.settings),
        prepared.style_errors,
    ) {
        (Ok(facts), errors) if errors.is_empty() => facts,
        (result, mut errors) => {
            errors.extend(result.err().into_iter().flatten());
            return Err(errors);
        }
    };
    t.step("pages+images");
    files.extend(beside);
    files.extend(image_files.transpose()?.into_iter().flatten());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output {
        build: Build {
            files,
            warnings,
            theme_dir,
        },
        site,
        templates: prepared.templates,
        facts,
        lints,
        stages,
        images: Arc::new(images),
    })
}

/// The image step's plan; its warnings join `warnings`, its errors fail the build.
fn plan_images(
    opts: &BuildOptions,
    site: &Site,
    warnings: &mut Diagnostics,
) -> Result<images::Images, Diagnostics> {
    let (images, findings) = images::plan(site, &opts.site_dir);
    warnings.extend(findings);
    if warnings.has_errors() {
        return Err(std::mem::take(warnings));
    }
    Ok(images)
}

/// The site's theme (site.yaml `theme:`, with its directory) or the built-in one;
/// the theme's warnings join `warnings`.
fn theme(
    opts: &BuildOptions,
    site: &Site,
    warnings: &mut Diagnostics,
) -> Result<(Theme, Option<PathBuf>), Diagnostics> {
    let Some(dir) = &site.config.theme else {
        return Ok((Theme::builtin(), None));
    };
    let abs = opts.site_dir.join(dir);
    let (theme, theme_warnings) = Theme::from_dir(&abs, dir.clone()).map_err(|mut e| {
        e.extend(warnings.clone());
        e
    })?;
    warnings.extend(theme_warnings);
    Ok((theme, Some(abs)))
}

/// The Markdown step's inputs from outside the text: static files and embed texts.
fn markdown_context(site: &Site, strings: &serde_json::Value) -> markdown::Context {
    let t = |k: &str| render::text(strings, &format!("embed.{k}"));
    markdown::Context {
        lang: site.lang,
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
