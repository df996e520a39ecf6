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
//! Where the finished files go is the caller's [`Sink`]: [`full`] keeps them in
//! memory (`serve` serves them from there, [`Files`]); `build` opens its output
//! after [`prepare`], when every path is known, and has [`Prepared::make`] write each
//! file into the staging directory as soon as it is finished (`crate::output`), so
//! that the finished pages are never all in memory at once; `check` keeps none.
//!
//! A new step that makes files of its own (beside the pages) adds them in
//! [`prepare`] to the files beside the pages, so that their paths are among
//! [`Prepared::paths`], and [`Prepared::make`] hands them to the sink with the
//! rest; a file made later must go through the same `sink.put` and its path into
//! `paths`.

pub(crate) mod images;
pub(crate) mod incremental;
pub(crate) mod languages;
mod pages;
pub(crate) mod rebuild;
mod search;
mod statics;

use crate::content::base_url::BaseUrl;
use crate::content::model::Site;
use crate::content::routes::url_to_file;
use crate::content::{self, LoadOptions};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Diagnostics;
use crate::markdown::{self, embed};
use crate::postprocess::{self, PageFacts};
use crate::render::theme::Theme;
use crate::render::{self, ItemValues, Renderer};
use crate::util::date::Date;
use crate::util::files::{Keep, OutputFile, Sink};
use crate::util::timings::Timings;
use rayon::prelude::*;
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
    /// Include items scheduled after the build date, marked (`serve`).
    pub scheduled: bool,
    /// The language of messages, when not the site's (`--lang`, `FACHWERK_LANG`).
    pub lang: Option<crate::messages::Language>,
}

/// A finished build: every path it wrote, and the files it kept in memory.
#[derive(Debug)]
pub struct Build {
    /// The files the build's sink kept in memory (every file for `serve` and the
    /// tests; none for `build`, which wrote each into the output as it was
    /// finished), sorted by path.
    pub files: Vec<OutputFile>,
    /// The path of every output file, sorted.
    pub paths: Vec<String>,
    /// Findings that did not fail the build.
    pub warnings: Diagnostics,
    /// The site's own theme directory (site.yaml `theme:`), if it has one; `serve`
    /// watches it beside the site.
    pub(crate) theme_dir: Option<PathBuf>,
}

impl Build {
    /// Number of HTML pages.
    pub fn page_count(&self) -> usize {
        self.paths.iter().filter(|p| p.ends_with(".html")).count()
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
    /// The site in its other languages.
    pub(crate) variants: Vec<languages::Variant>,
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
    /// The output folder of the pages: empty for the main language, `en/`.
    pub(crate) folder: String,
    /// Which page exists in which language, for a site in several.
    pub(crate) translations: Option<Arc<crate::content::routes::Translations>>,
}

/// Loads the site of `opts` as the build does; with `once` ([`prepare`]) the
/// Markdown bodies are not kept but read again by the Markdown step.
pub(crate) fn load(opts: &BuildOptions, once: bool) -> Result<(Site, Diagnostics), Diagnostics> {
    let load_opts = LoadOptions {
        drafts: opts.drafts,
        scheduled: opts.scheduled,
        base_url: opts.base_url.clone(),
        build_date: opts.date,
        lang: opts.lang,
        variant: None,
        keep_bodies: !once,
    };
    content::load(&opts.site_dir, &load_opts)
}

/// The Markdown step: with `once`, each body's plain text is counted for the search
/// index at once instead of kept in the model ([`search::Counting`], made before
/// the bodies are converted). Returns the errors of embed blocks, the lints of every
/// body and the counts.
fn convert_bodies(
    site: &mut Site,
    ctx: &markdown::Context,
    strings: &serde_json::Value,
    (once, folder): (bool, &str),
) -> (Diagnostics, markdown::Lints, Option<search::Counting>) {
    let counting = once.then(|| search::Counting::new(site, strings, folder));
    let texts = counting.as_ref().map(|c| c as &dyn markdown::TextSink);
    let (errors, lints) = markdown::render_site(site, ctx, texts);
    (errors, lints, counting)
}

/// The search index's files; the step keeps its analyses of every record only
/// without `counting` (for the incremental builds that follow), else it is emptied
/// right away, so that the pages reuse that memory.
fn search_index(
    site: &Site,
    strings: &serde_json::Value,
    counting: Option<search::Counting>,
    folder: &str,
) -> (search::SearchStep, Vec<OutputFile>) {
    let mut step = search::SearchStep::default();
    step.folder = folder.to_string();
    let mode = match counting {
        Some(c) => search::Mode::Once(c),
        None => search::Mode::Keep,
    };
    let index = step.run(site, strings, mode).files;
    (step, index)
}

/// Builds everything in memory, images included, keeping what an incremental build
/// needs.
pub(crate) fn full(opts: &BuildOptions) -> Result<Output, Diagnostics> {
    full_with(opts, ImageWork::Now)
}

/// Builds everything in memory, keeping what an incremental build needs; the image
/// files now or later.
pub(crate) fn full_with(opts: &BuildOptions, work: ImageWork) -> Result<Output, Diagnostics> {
    prepare(opts, false, work)?.make(&Keep)
}

/// A build up to the pages: the site loaded and converted, the templates compiled,
/// the files beside the pages made, the images planned. Every output path is known
/// now ([`Prepared::paths`]), so that the output can be opened before the first page
/// is made.
pub(crate) struct Prepared {
    site: Site,
    warnings: Diagnostics,
    theme_dir: Option<PathBuf>,
    lints: markdown::Lints,
    stages: Stages,
    /// The output paths of the pages (their jobs borrow the site: they are made
    /// again in [`Prepared::make`], which is cheap).
    page_paths: Vec<String>,
    beside: Vec<OutputFile>,
    style_errors: Diagnostics,
    templates: Vec<(String, PathBuf, String)>,
    images: images::Images,
    work: ImageWork,
    /// Every page is made once (see [`prepare`]).
    once: bool,
    timings: Timings,
    variants: Vec<languages::Variant>,
}

/// Loads the site, converts its Markdown, plans the images, compiles the templates
/// and prepares the files beside the pages. `once` (`build`, `check`: every page is
/// made once, no incremental build follows) drops each item's Markdown body once
/// converted, counts its plain text for the search index at once instead of keeping
/// it, drops the search step's analyses once the index is made, and (in
/// [`Prepared::make`]) each item's own copy of the body's HTML once the Tera values
/// hold it (each body is then held once, in the values, which the templates read).
pub(crate) fn prepare(
    opts: &BuildOptions,
    once: bool,
    work: ImageWork,
) -> Result<Prepared, Diagnostics> {
    let mut t = Timings::start();
    let (mut site, mut warnings) = load(opts, once)?;
    t.step("load");
    let images = plan_images(opts, &site, &mut warnings)?;
    t.step("images planned");
    let (theme, theme_dir) = theme(opts, &site, &mut warnings)?;
    let strings = theme.strings(site.config.language.code(), site.lang)?;
    let mut ctx = markdown_context(&site, &strings);
    ctx.drop_bodies = once;
    ctx.site_dir.clone_from(&opts.site_dir);
    // Compiled before the Markdown step, which needs to know whether a page shows
    // another item's body; its mistakes are told after the Markdown step's.
    let renderer = Renderer::new(&site, &theme, &strings);
    ctx.html_later = once && bodies_later(&renderer, &theme, &site);
    let (embed_errors, mut lints, counting) = convert_bodies(&mut site, &ctx, &strings, (once, ""));
    warnings.extend(images::credit_warnings(&site, &images));
    t.step("markdown");
    if embed_errors.has_errors() {
        let mut all = warnings;
        all.extend(embed_errors);
        return Err(all);
    }
    let (search, index) = search_index(&site, &strings, counting, "");
    t.step("search");
    let mut renderer = renderer?;
    let jobs = render::jobs(&site, &strings);
    let prepared = statics::prepare(&site, &theme, &jobs, &strings, images.pictures(), index);
    t.step("feeds+static");
    let prepared = match prepared {
        Ok(p) => p,
        Err(errors) => {
            // A mistake in a template is reported before one of the static files.
            let values = ItemValues::new(&site);
            renderer.set_model(&site, &values, &strings);
            renderer.check(&render::Model::new(&site, &values, &strings), &jobs)?;
            return Err(errors);
        }
    };
    let mut page_paths: Vec<String> = jobs.iter().map(|j| url_to_file(&j.url)).collect();
    drop(jobs);
    let mut beside = prepared.files;
    let mut settings = prepared.settings;
    // A site in several languages whose main language is not German.
    if let Some(t) = languages::notice_translation(&site, site.config.language, &strings) {
        settings = settings.with_notice_translation(Some(t));
    }
    let mut variants = languages::prepare(opts, &site, &theme, &settings, once, &mut warnings)?;
    let translations = languages::join(
        &site,
        &mut variants,
        &mut lints,
        &mut page_paths,
        &mut beside,
    );
    Ok(Prepared {
        site,
        warnings,
        theme_dir,
        lints,
        stages: Stages {
            strings,
            markdown: ctx,
            renderer,
            // Made in `make`, once the files beside the pages (the search index)
            // are handed to the sink: the two are not in memory together.
            values: ItemValues::default(),
            settings,
            search,
            folder: String::new(),
            translations,
        },
        page_paths,
        beside,
        style_errors: prepared.style_errors,
        templates: prepared.templates,
        images,
        work,
        once,
        timings: t,
        variants,
    })
}

impl Prepared {
    /// The path of every file the build makes: the pages, the files beside them and
    /// the images' files.
    pub(crate) fn paths(&self) -> Vec<String> {
        let beside = self.beside.iter().map(|f| f.path.clone());
        let images = self.images.paths().cloned();
        self.page_paths
            .iter()
            .cloned()
            .chain(beside)
            .chain(images)
            .collect()
    }

    /// Makes the pages and (with [`ImageWork::Now`]) the images, in parallel, and
    /// hands each file to `sink` as soon as it is finished (the files beside the
    /// pages first, before the items' Tera values are made, so that the search
    /// index and the values are never in memory together). `Err` holds every error
    /// of the build; the sink may have been given files by then.
    pub(crate) fn make(self, sink: &dyn Sink) -> Result<Output, Diagnostics> {
        let paths = self.paths();
        let Prepared {
            mut site,
            warnings,
            theme_dir,
            lints,
            mut stages,
            mut beside,
            style_errors,
            templates,
            images,
            work,
            once,
            mut timings,
            variants,
            ..
        } = self;
        let mut paths = paths;
        let mut processed = postprocess::process_files(&mut beside, &stages.settings);
        let (kept_beside, mut write_errors) = put_all(beside, &processed, sink);
        stages.values = ItemValues::for_build(&mut site, once);
        stages
            .renderer
            .set_model(&site, &stages.values, &stages.strings);
        timings.step("values");
        let jobs = render::jobs(&site, &stages.strings);
        // Pages and images in parallel: neither waits for the other.
        let (made, image_files) = rayon::join(
            || pages::stream(&stages, &site, &jobs, sink),
            || (work == ImageWork::Now).then(|| images.produce_all()),
        );
        let mut made = made?;
        drop(jobs);
        for v in &variants {
            let jobs = render::jobs(&v.site, &v.stages.strings);
            let more = pages::stream(&v.stages, &v.site, &jobs, sink)?;
            made.processed.extend(more.processed);
            made.kept.extend(more.kept);
            made.write_errors.extend(more.write_errors);
        }
        let (kept_images, image_errors) =
            put_all(image_files.transpose()?.unwrap_or_default(), &[], sink);
        processed.extend(made.processed);
        write_errors.extend(made.write_errors);
        write_errors.extend(image_errors);
        // Every error of the notice rule at once: the stylesheets' and the pages'.
        let facts = match (
            postprocess::finish(processed, &stages.settings),
            style_errors,
        ) {
            (Ok(facts), errors) if errors.is_empty() && write_errors.is_empty() => facts,
            (result, mut errors) => {
                errors.extend(result.err().into_iter().flatten());
                errors.extend(write_errors);
                return Err(errors);
            }
        };
        timings.step("pages+images");
        timings.note(&format!(
            "bodies finished without the pass: {} pages",
            stages.settings.spliced()
        ));
        let mut files = made.kept;
        files.extend(kept_beside);
        files.extend(kept_images);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        paths.sort_unstable();
        Ok(Output {
            build: Build {
                files,
                paths,
                warnings,
                theme_dir,
            },
            site,
            templates,
            facts,
            lints,
            stages,
            images: Arc::new(images),
            variants,
        })
    }
}

/// Hands `files` to `sink`, in parallel, except the HTML files that post-processing
/// refused (`processed`); returns the files the sink kept and the errors of writing.
fn put_all(
    files: Vec<OutputFile>,
    processed: &[(String, postprocess::Processed)],
    sink: &dyn Sink,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let refused: std::collections::HashSet<&str> = processed
        .iter()
        .filter(|(_, p)| p.is_err())
        .map(|(path, _)| path.as_str())
        .collect();
    let put: Vec<Result<Option<OutputFile>, Diagnostic>> = files
        .into_par_iter()
        .filter(|f| !refused.contains(f.path.as_str()))
        .map(|f| sink.put(f))
        .collect();
    let (mut kept, mut errors) = (Vec::new(), Vec::new());
    for p in put {
        match p {
            Ok(Some(f)) => kept.push(f),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    (kept, errors)
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

/// Whether the Markdown step may leave the HTML of the bodies to their pages
/// ([`markdown::Context::html_later`]): only when no template of the theme can
/// show another item's body (what cannot be known counts as showing it).
pub(super) fn bodies_later(
    renderer: &Result<Renderer, Diagnostics>,
    theme: &Theme,
    site: &Site,
) -> bool {
    let Ok(renderer) = renderer else {
        return false;
    };
    theme
        .templates(&site.template_overrides)
        .is_ok_and(|templates| !renderer.shows_other_bodies(&templates))
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
        site_dir: std::path::PathBuf::new(),
        drop_bodies: false,
        html_later: false,
    }
}

#[cfg(test)]
mod tests;
