//! The one way a page is made, for the full build and every incremental one:
//! render it from its job, then post-process it ([`make_page`]); [`make`] does that
//! for a set of pages in parallel. A page is finished when it leaves here, with the
//! facts the lints need, so that the pages could as well be written one by one as
//! they come.

use super::Stages;
use crate::content::model::Site;
use crate::content::routes::url_to_file;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::postprocess::{self, Processed};
use crate::render::{Job, Model};
use crate::util::files::{Content, OutputFile};
use rayon::prelude::*;

/// Makes the pages of `jobs`, in parallel: each page's output file and what
/// post-processing found on it. A mistake in a template fails the whole set (every
/// such mistake at once), before any problem that post-processing found is looked at.
pub(super) fn make(
    stages: &Stages,
    site: &Site,
    jobs: &[Job],
) -> Result<Vec<(OutputFile, Processed)>, Diagnostics> {
    let model = Model::new(site, &stages.values, &stages.strings);
    let made: Vec<Result<(OutputFile, Processed), Diagnostic>> = jobs
        .par_iter()
        .map(|job| make_page(stages, &model, job))
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

/// Makes one page: renders its template and post-processes the HTML. `Err` is a
/// mistake of the template; what post-processing finds comes with the page.
pub(super) fn make_page(
    stages: &Stages,
    model: &Model,
    job: &Job,
) -> Result<(OutputFile, Processed), Diagnostic> {
    let mut html = stages.renderer.page(model, job)?;
    let path = url_to_file(&job.url);
    let processed = postprocess::process_html(&path, &mut html, &stages.settings);
    let file = OutputFile {
        path,
        content: Content::Html(html),
    };
    Ok((file, processed))
}
