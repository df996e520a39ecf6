//! The one way a page is made, for the full build and every incremental one:
//! render it from its job, then post-process it ([`make_page`]); [`make`] does that
//! for a set of pages in parallel. A page is finished when it leaves here, with the
//! facts the lints need, so that the pages could as well be written one by one as
//! they come.

use super::Stages;
use crate::content::model::Site;
use crate::content::routes::url_to_file;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::postprocess::{self, Processed};
use crate::render::{Job, Model, Subject};
use crate::util::files::{Content, OutputFile, Sink};
use rayon::prelude::*;

/// Makes the pages of `jobs`, in parallel: each page's output file and what
/// post-processing found on it. A mistake in a template fails the whole set (every
/// such mistake at once), before any problem that post-processing found is looked at.
pub(super) fn make(
    stages: &Stages,
    site: &Site,
    jobs: &[Job],
) -> Result<Vec<(OutputFile, Processed)>, Diagnostics> {
    let model = Model::new(site, &stages.values, &stages.strings)
        .with_translations(stages.translations.as_deref());
    let made: Vec<Result<(OutputFile, Processed), Diagnostic>> = jobs
        .par_iter()
        .map(|job| make_page(stages, site, &model, job))
        .collect();
    let mut errors = Diagnostics::new();
    let mut pages = Vec::with_capacity(made.len());
    for m in made {
        match m {
            Ok(page) => pages.push(page),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(errors)
    }
}

/// What [`stream`] made: what post-processing found on each page, by output path,
/// the files the sink kept, and the errors of handing files to the sink.
pub(super) struct Streamed {
    pub(super) processed: Vec<(String, Processed)>,
    pub(super) kept: Vec<OutputFile>,
    pub(super) write_errors: Vec<Diagnostic>,
}

/// One page of [`stream`].
enum Made {
    /// Made, and handed to the sink unless post-processing refused it.
    Page(String, Processed, Result<Option<OutputFile>, Diagnostic>),
    /// A mistake of the template.
    Template(Diagnostic),
}

/// Makes the pages of `jobs` in parallel, as [`make`] does, and hands each finished
/// page to `sink` at once, so that no page waits in memory for the others. A page
/// that post-processing refused is not handed on (the build fails). A mistake in a
/// template fails the whole set, as in [`make`].
pub(super) fn stream(
    stages: &Stages,
    site: &Site,
    jobs: &[Job],
    sink: &dyn Sink,
) -> Result<Streamed, Diagnostics> {
    let model = Model::new(site, &stages.values, &stages.strings)
        .with_translations(stages.translations.as_deref());
    let made: Vec<Made> = jobs
        .par_iter()
        .map(|job| match make_page(stages, site, &model, job) {
            Ok((file, Ok(facts))) => {
                let path = file.path.clone();
                Made::Page(path, Ok(facts), sink.put(file))
            }
            Ok((file, Err(e))) => Made::Page(file.path, Err(e), Ok(None)),
            Err(d) => Made::Template(d),
        })
        .collect();
    let mut templates = Diagnostics::new();
    let mut out = Streamed {
        processed: Vec::with_capacity(made.len()),
        kept: Vec::new(),
        write_errors: Vec::new(),
    };
    for m in made {
        match m {
            Made::Page(path, processed, put) => {
                out.processed.push((path, processed));
                match put {
                    Ok(Some(file)) => out.kept.push(file),
                    Ok(None) => {}
                    Err(e) => out.write_errors.push(e),
                }
            }
            Made::Template(d) => templates.push(d),
        }
    }
    if templates.is_empty() {
        Ok(out)
    } else {
        Err(templates)
    }
}

/// The HTML of the body of the item whose page `job` makes, when the Markdown step
/// left it to the page ([`crate::content::model::ItemCore::html_later`]).
fn late_body(stages: &Stages, site: &Site, job: &Job) -> Result<Option<String>, Diagnostic> {
    let Subject::Item(c, i) = job.subject else {
        return Ok(None);
    };
    match site.core(c, i) {
        Some(item) if item.html_later => markdown::late_html(item, &stages.markdown).map(Some),
        _ => Ok(None),
    }
}

/// Makes one page: renders its template and post-processes the HTML (the item's
/// Markdown body, where the page shows it, finished on its own). `Err` is a
/// mistake of the template (or a body whose file changed during the build); what
/// post-processing finds comes with the page.
pub(super) fn make_page(
    stages: &Stages,
    site: &Site,
    model: &Model,
    job: &Job,
) -> Result<(OutputFile, Processed), Diagnostic> {
    let late = late_body(stages, site, job)?;
    let mut html = stages.renderer.page(model, job, late.as_deref())?;
    let path = format!("{}{}", stages.folder, url_to_file(&job.url));
    let body = late.as_deref().or_else(|| model.body(job));
    let processed = postprocess::process_page_with_body(&path, &mut html, body, &stages.settings);
    let file = OutputFile {
        path,
        content: Content::Html(html),
    };
    Ok((file, processed))
}
