//! `fachwerk check`: builds in memory and runs every lint, reporting all findings at
//! once, each at the file, line and column of the source that caused it:
//!
//! - the Markdown lints (`crate::markdown::lints`, found while converting): images without alt text, skipped heading levels, link texts
//!   that say nothing out of context, tables without a header row;
//! - [`links`]: every internal link, image and `#anchor` of the output leads
//!   somewhere (also those the templates write), documents and static files exist;
//! - the funding notice on every HTML file;
//! - a page in Leichte Sprache or Gebärdensprache (a warning when the site has neither).
//!
//! `check` fails on any finding; `build` runs the same lints and prints them as
//! warnings, so that a site with a mistake is still published but the editor hears
//! about it.

mod links;

use crate::content::collection::Collection;
use crate::content::model::Site;
use crate::content::routes::{self, file_to_url};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::markdown::lints::MarkdownLink;
use crate::messages::{Language, Msg};
use crate::pipeline::{self, Build, BuildOptions, Output};
use crate::postprocess::PageFacts;
use crate::util::files::Discard;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Builds the site in memory and returns every finding (errors fail the check) and,
/// for a site in several languages, what each other language lacks.
pub(crate) fn check(opts: &BuildOptions) -> Result<(Diagnostics, Vec<Untranslated>), Diagnostics> {
    // The lints need the facts of each page, not its bytes: no page is kept.
    let output = pipeline::prepare(opts, true, pipeline::ImageWork::Now)
        .and_then(|p| p.make(&Discard))
        .map_err(as_published)?;
    let missing = untranslated(&output);
    let (_, findings) = lint_build(output, &opts.site_dir);
    if findings.has_errors() {
        Err(findings)
    } else {
        Ok((findings, missing))
    }
}

/// The Markdown pages of the main language that another language lacks.
pub(crate) struct Untranslated {
    /// The other language.
    pub(crate) language: crate::messages::Language,
    /// How many of the main language's Markdown pages it has.
    pub(crate) translated: usize,
    /// How many the main language has.
    pub(crate) total: usize,
    /// The files of the pages it lacks, sorted.
    pub(crate) missing: Vec<String>,
}

/// For each other language of the site, the Markdown pages without a translation
/// (the pages in Leichte Sprache and Gebärdensprache are German by nature).
fn untranslated(output: &Output) -> Vec<Untranslated> {
    let main: Vec<(&str, String)> = Collection::ALL
        .into_iter()
        .flat_map(|c| output.site.cores(c))
        .filter(|i| i.url != routes::EASY_LANGUAGE && i.url != routes::SIGN_LANGUAGE)
        .map(|i| {
            (
                i.url.as_str(),
                i.source.to_string_lossy().replace('\\', "/"),
            )
        })
        .collect();
    output
        .variants
        .iter()
        .map(|v| {
            let have: std::collections::HashSet<&str> = Collection::ALL
                .into_iter()
                .flat_map(|c| v.site.cores(c))
                .map(|i| i.url.as_str())
                .collect();
            let mut missing: Vec<String> = main
                .iter()
                .filter(|(url, _)| !have.contains(url))
                .map(|(_, file)| file.clone())
                .collect();
            missing.sort();
            Untranslated {
                language: v.site.config.language,
                translated: main.len() - missing.len(),
                total: main.len(),
                missing,
            }
        })
        .collect()
}

/// [`check`], keeping the build: `Err` when the site does not build, else the
/// build and every finding of the lints (errors among them) and of the build. The
/// pipeline fuzz test inspects both.
pub fn check_build(opts: &BuildOptions) -> Result<(Build, Diagnostics), Diagnostics> {
    Ok(lint_build(
        pipeline::full(opts).map_err(as_published)?,
        &opts.site_dir,
    ))
}

/// The build of `output` and every finding of the lints and of the build.
fn lint_build(output: Output, site_dir: &Path) -> (Build, Diagnostics) {
    let Output {
        mut build,
        site,
        templates,
        facts,
        lints,
        variants,
        ..
    } = output;
    let page_templates = pipeline::languages::page_templates(&site, &variants);
    let mut findings = Diagnostics::new();
    findings.extend(lint(
        (&site, site_dir),
        &templates,
        &build.paths,
        &facts,
        lints,
        &page_templates,
    ));
    findings.extend(std::mem::take(&mut build.warnings));
    (build, as_published(findings))
}

/// The findings as `check` counts them: a placeholder of `fachwerk new` is a warning
/// while editing and an error where the site is published from, also beside other
/// errors (so that fixing those does not bring new ones to light).
fn as_published(mut findings: Diagnostics) -> Diagnostics {
    for d in findings.iter_mut() {
        if d.code() == Code::ContentPlaceholder.as_str() {
            d.severity = crate::diagnostic::Severity::Error;
        }
    }
    findings
}

/// Runs every lint on a finished build; every finding is an error.
pub(crate) fn lint(
    (site, site_dir): (&Site, &Path),
    templates: &[(String, PathBuf, String)],
    paths: &[String],
    facts: &HashMap<String, PageFacts>,
    bodies: crate::markdown::Lints,
    page_templates: &HashMap<String, &'static str>,
) -> Vec<Diagnostic> {
    let mut t = crate::util::timings::Timings::start();
    let mut out = Vec::new();
    let mut links: HashMap<String, Vec<MarkdownLink>> = HashMap::new();
    for (page, body) in bodies {
        out.extend(body.findings);
        links.entry(page).or_default().extend(body.links);
    }
    t.step("l:md");
    let mut notices: Vec<(&str, (usize, usize))> =
        facts.iter().map(|(p, f)| (p.as_str(), f.notices)).collect();
    notices.sort_unstable();
    out.extend(verify_notices(
        &notices,
        page_templates,
        templates,
        site.lang,
    ));
    out.extend(links::check(
        paths,
        facts,
        &site.config.base_url,
        &links,
        page_templates,
        templates,
        &site.static_files,
        (site_dir, site.lang),
    ));
    out.extend(easy_language(site));
    t.step("l:check");
    out
}

/// A warning when the site has neither a page in Leichte Sprache nor one in
/// Gebärdensprache, which public bodies are asked to offer (BITV 2.0 § 4).
fn easy_language(site: &Site) -> Option<Diagnostic> {
    let has = |url: &str| site.pages.iter().any(|p| p.url == url);
    if has(routes::EASY_LANGUAGE) || has(routes::SIGN_LANGUAGE) {
        return None;
    }
    Some(Msg::new(Code::SiteNoEasyLanguage).warning("pages", site.lang))
}

/// Verifies the funding notice on every HTML file: exactly one page-level notice,
/// and on project pages one more beside the project. A finding names the page's
/// template (the notice's place is the template's business), once for all its pages.
fn verify_notices(
    notices: &[(&str, (usize, usize))],
    page_templates: &HashMap<String, &'static str>,
    templates: &[(String, PathBuf, String)],
    lang: Language,
) -> Vec<Diagnostic> {
    // (page, code, count): what is wrong on which page.
    let mut problems: Vec<(&str, Code, usize)> = Vec::new();
    for &(path, (page, project)) in notices {
        if page != 1 {
            problems.push((path, Code::NoticeCount, page));
        }
        let is_project = page_templates.get(path) == Some(&Collection::Project.template());
        if is_project && project != 1 {
            problems.push((path, Code::NoticeProject, project));
        }
    }
    let mut grouped: BTreeMap<(PathBuf, Code, usize), Vec<&str>> = BTreeMap::new();
    for (page, code, count) in problems {
        let file = match page_templates.get(page) {
            Some(name) => templates
                .iter()
                .find(|(n, _, _)| n == name)
                .map_or_else(|| PathBuf::from(name), |t| t.1.clone()),
            None => PathBuf::from("static").join(page),
        };
        grouped.entry((file, code, count)).or_default().push(page);
    }
    grouped
        .into_iter()
        .map(|((file, code, count), pages)| {
            let urls: Vec<String> = pages.iter().map(|p| file_to_url(p)).collect();
            Msg::new(code)
                .arg("count", count)
                .arg("on", links::on_pages(&urls, lang))
                .error(file, lang)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_findings_name_the_template_once_for_all_its_pages() {
        let templates = vec![(
            "project.html".to_string(),
            PathBuf::from("templates/project.html"),
            String::new(),
        )];
        let page_templates = HashMap::from([
            ("projekte/a/index.html".to_string(), "project.html"),
            ("projekte/b/index.html".to_string(), "project.html"),
        ]);
        let notices = [
            ("alt.html", (0, 0)),
            ("projekte/a/index.html", (1, 0)),
            ("projekte/b/index.html", (1, 0)),
            ("projekte/index.html", (1, 0)),
        ];
        let found: Vec<String> =
            verify_notices(&notices, &page_templates, &templates, Language::En)
                .iter()
                .map(|d| format!("{}: {}", d.location(), d.message()))
                .collect();
        assert_eq!(
            found,
            vec![
                "static/alt.html: the page carries the funding notice 0 times instead of once (on the page `/alt.html`)",
                "templates/project.html: the project page does not state the funding notice beside the project (on 2 pages, first `/projekte/a/`)",
            ]
        );
    }
}
