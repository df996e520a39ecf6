//! The site's versions in its other languages (site.yaml `languages: [de, en]`):
//! each is the site read in that language (its translations over their originals,
//! the items without one left out), converted and rendered with the theme's strings
//! in that language, its pages and feeds in the language's folder (`en/`). Every
//! page learns which versions it has ([`Translations`]) for `hreflang` and the
//! language switch; the sitemap names them all.

use super::{BuildOptions, Stages, convert_bodies, markdown_context, search_index};
use crate::content::model::Site;
use crate::content::routes::{self, Feed, Translations, url_to_file};
use crate::content::{self, LoadOptions};
use crate::diagnostic::Diagnostics;
use crate::markdown;
use crate::messages::Language;
use crate::postprocess::{self, urls::LanguageUrls};
use crate::render::theme::Theme;
use crate::render::{self, ItemValues, Renderer};
use crate::util::files::OutputFile;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The site in one of its other languages.
pub(crate) struct Variant {
    /// The model in that language.
    pub(crate) site: Site,
    /// The steps' state in that language.
    pub(crate) stages: Stages,
    /// Its feeds and calendars, in its folder, and its search index.
    pub(super) beside: Vec<OutputFile>,
    /// The output paths of its pages.
    pub(super) page_paths: Vec<String>,
    /// The Markdown lints and links of its bodies, by output path (in its folder);
    /// a finding the main language's bodies have already is left out.
    pub(super) lints: markdown::Lints,
}

/// The site's versions in its other languages, made as far as the pages: `main` is
/// the site in its main language, `settings` the post-processing settings of its
/// pages. Their errors fail the build; their warnings about the translations join
/// `warnings`.
pub(super) fn prepare(
    opts: &BuildOptions,
    main: &Site,
    theme: &Theme,
    settings: &postprocess::Settings,
    once: bool,
    warnings: &mut Diagnostics,
) -> Result<Vec<Variant>, Diagnostics> {
    let mut out = Vec::new();
    for &lang in main.config.languages.iter().skip(1) {
        out.push(variant(opts, main, theme, settings, lang, once, warnings)?);
    }
    Ok(out)
}

fn variant(
    opts: &BuildOptions,
    main: &Site,
    theme: &Theme,
    settings: &postprocess::Settings,
    lang: Language,
    once: bool,
    warnings: &mut Diagnostics,
) -> Result<Variant, Diagnostics> {
    let load_opts = LoadOptions {
        drafts: opts.drafts,
        scheduled: opts.scheduled,
        base_url: opts.base_url.clone(),
        build_date: opts.date,
        lang: opts.lang,
        variant: Some(lang),
        keep_bodies: !once,
    };
    let (mut site, found) = content::load(&opts.site_dir, &load_opts)?;
    // What the main language's reading found already is not told twice.
    let told: HashSet<String> = warnings.iter().map(ToString::to_string).collect();
    warnings.extend(found.into_iter().filter(|d| !told.contains(&d.to_string())));
    let main_lang = main.config.language;
    site.config.base_url = routes::language_base(&main.config.base_url, lang, main_lang);
    site.shared_pages = main
        .pages
        .iter()
        .map(|p| p.url.clone())
        .filter(|u| u == routes::EASY_LANGUAGE || u == routes::SIGN_LANGUAGE)
        .collect();
    let folder = routes::language_folder(lang, main_lang);
    let strings = theme.strings(lang.code(), site.lang)?;
    let mut ctx = markdown_context(&site, &strings);
    ctx.drop_bodies = once;
    ctx.site_dir.clone_from(&opts.site_dir);
    let renderer = Renderer::new(&site, theme, &strings);
    ctx.html_later = once && super::bodies_later(&renderer, theme, &site);
    let language_folder = format!("/{}", folder.trim_end_matches('/'));
    let (embed_errors, mut lints, counting) =
        convert_bodies(&mut site, &ctx, &strings, (once, &language_folder));
    for (page, _) in &mut lints {
        page.insert_str(0, &folder);
    }
    if embed_errors.has_errors() {
        return Err(embed_errors);
    }
    let (search, index) = search_index(&site, &strings, counting, &language_folder);
    let mut renderer = renderer?;
    let values = ItemValues::for_build(&mut site, once);
    renderer.set_model(&site, &values, &strings);
    let jobs = render::jobs(&site, &strings);
    let (beside, paths) = feeds(&site, &jobs, &folder, index);
    let page_paths = jobs
        .iter()
        .map(|j| format!("{folder}{}", url_to_file(&j.url)))
        .collect();
    drop(jobs);
    let language = Arc::new(LanguageUrls {
        folder: format!("/{}", folder.trim_end_matches('/')),
        paths,
    });
    let settings = settings
        .clone()
        .for_language(language)
        .with_notice_translation(notice_translation(main, lang, &strings));
    Ok(Variant {
        site,
        lints,
        page_paths,
        beside,
        stages: Stages {
            strings,
            markdown: ctx,
            renderer,
            values,
            settings,
            search,
            folder,
            translations: None,
        },
    })
}

/// The feeds and calendars of a language's site (in its folder) and its search
/// index, and the root-relative paths of its pages and files that move into its
/// folder on its pages.
fn feeds(
    site: &Site,
    jobs: &[render::Job],
    folder: &str,
    index: Vec<OutputFile>,
) -> (Vec<OutputFile>, HashSet<String>) {
    let mut beside: Vec<OutputFile> = crate::feeds::generate(site)
        .into_iter()
        .filter(|f| f.path != Feed::SITEMAP && f.path != Feed::ROBOTS)
        .collect();
    let mut paths: HashSet<String> = jobs.iter().map(|j| j.url.clone()).collect();
    paths.extend(beside.iter().map(|f| format!("/{}", f.path)));
    for f in &mut beside {
        f.path = format!("{folder}{}", f.path);
    }
    beside.extend(index);
    (beside, paths)
}

/// The template of every page of every language, by output path: `check` names it
/// when a notice or a link the template wrote is wrong.
pub(crate) fn page_templates(main: &Site, variants: &[Variant]) -> HashMap<String, &'static str> {
    let mut out = render::page_templates(main);
    for v in variants {
        out.extend(
            render::page_templates(&v.site)
                .into_iter()
                .map(|(p, t)| (format!("{}{p}", v.stages.folder), t)),
        );
    }
    out
}

/// The rendering of the funding notice on the pages in `lang` of a site in several
/// languages: the theme's, for the standard Saxon sentence on pages that are not
/// German; none otherwise.
pub(super) fn notice_translation(
    site: &Site,
    lang: Language,
    strings: &serde_json::Value,
) -> Option<String> {
    let standard = site.config.funding_notice.text.trim() == content::config::DEFAULT_FUNDING_TEXT;
    (standard && lang != Language::De && site.config.languages.len() > 1)
        .then(|| render::text(strings, "notice_translation"))
}

/// Joins the other languages' versions to the main language's build: their page
/// paths, files and lints to the main language's, the sitemap of every language in
/// place of the main language's, and which page exists in which language to every
/// version's stages. Returns that for the main language's stages (`None` for a
/// site in one language).
pub(super) fn join(
    main: &Site,
    variants: &mut [Variant],
    lints: &mut markdown::Lints,
    page_paths: &mut Vec<String>,
    beside: &mut Vec<OutputFile>,
) -> Option<Arc<Translations>> {
    if variants.is_empty() {
        return None;
    }
    let t = translations(main, variants);
    let mut sites = vec![main];
    sites.extend(variants.iter().map(|v| &v.site));
    let sitemap = crate::feeds::sitemap_languages(&sites, &t);
    beside.retain(|f| f.path != sitemap.path);
    beside.push(sitemap);
    // A finding of an inherited body is told once, by the main language.
    let told: HashSet<String> = lints
        .iter()
        .flat_map(|(_, l)| l.findings.iter().map(ToString::to_string))
        .collect();
    for v in variants {
        v.stages.translations = Some(t.clone());
        for (page, mut l) in std::mem::take(&mut v.lints) {
            l.findings.retain(|d| !told.contains(&d.to_string()));
            lints.push((page, l));
        }
        page_paths.append(&mut v.page_paths);
        beside.append(&mut v.beside);
    }
    Some(t)
}

/// Which page exists in which language: the routes of the main language's pages
/// (`main`) and of each variant's, and the topic pages that pair across languages
/// although their names (and so their routes) differ.
fn translations(main: &Site, variants: &[Variant]) -> Arc<Translations> {
    let routes_of = |site: &Site| -> HashSet<String> {
        render::jobs(site, &serde_json::Value::Null)
            .into_iter()
            .map(|j| j.url)
            .filter(|u| u != routes::NOT_FOUND.url)
            .collect()
    };
    let mut languages = vec![(
        main.config.language,
        main.config.base_url.clone(),
        routes_of(main),
    )];
    for v in variants {
        languages.push((
            v.site.config.language,
            v.site.config.base_url.clone(),
            routes_of(&v.site),
        ));
    }
    let mut t = Translations {
        languages,
        ..Translations::default()
    };
    for v in variants {
        pair_topics(&mut t, main, &v.site);
    }
    Arc::new(t)
}

/// Pairs the topic pages of `other` (a language besides the main one) with the
/// main language's: a translated project names its topics in the order of its
/// original, so the n-th topic of each translated project is the n-th of the
/// original (when both name as many). The first pairing in the model's order wins.
fn pair_topics(t: &mut Translations, main: &Site, other: &Site) {
    let originals: std::collections::HashMap<&str, &[content::model::Topic]> = main
        .projects
        .iter()
        .map(|p| (p.url.as_str(), p.data.topic_links.as_slice()))
        .collect();
    for p in &other.projects {
        let Some(original) = originals.get(p.url.as_str()) else {
            continue;
        };
        if original.len() != p.data.topic_links.len() {
            continue;
        }
        for (theirs, ours) in p.data.topic_links.iter().zip(original.iter()) {
            t.pair(other.config.language, &theirs.url, &ours.url);
        }
    }
}
