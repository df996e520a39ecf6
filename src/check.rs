//! `fachwerk check`: builds in memory and verifies the promises on the result.
//! Lints on content and accessibility extend this module.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Content;
use crate::postprocess::count_notices;
use crate::{Build, BuildOptions, build_in_memory};

/// Builds the site in memory and returns every finding: errors fail the check.
pub fn check(opts: &BuildOptions) -> Result<Diagnostics, Diagnostics> {
    let build = build_in_memory(opts)?;
    let mut findings = verify(&build);
    findings.extend(build.warnings);
    if findings.has_errors() {
        Err(findings)
    } else {
        Ok(findings)
    }
}

/// Verifies the funding notice on every HTML file of a build: exactly one page-level
/// notice, and on project pages one more beside the project.
pub fn verify(build: &Build) -> Diagnostics {
    let mut d = Diagnostics::new();
    for f in &build.files {
        let Content::Html(html) = &f.content else {
            continue;
        };
        let (page, project) = count_notices(html);
        if page != 1 {
            d.push(
                Diagnostic::error(
                    &f.path,
                    format!("the page carries the funding notice {page} times instead of once"),
                )
                .hint("remove extra `data-funding-notice` elements from the template"),
            );
        }
        let is_project = f.path.starts_with("projekte/")
            && !f.path.starts_with("projekte/thema/")
            && f.path != "projekte/index.html";
        if is_project && project != 1 {
            d.push(
                Diagnostic::error(
                    &f.path,
                    "the project page does not state the funding notice beside the project",
                )
                .hint(
                    "the project template needs one element with data-funding-notice=\"project\"",
                ),
            );
        }
    }
    d
}
