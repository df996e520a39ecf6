//! fachwerk: a static site generator for the websites of Saxony's regional
//! skilled-worker alliances (Fachkräfteallianzen).
//!
//! Data flows one way, each folder one stage: `content` loads the site directory
//! into a model, `markdown` converts the bodies, `render` fills the theme's
//! templates, `postprocess` enforces the guarantees on every HTML file (a visible
//! funding notice, judged against the site's stylesheets with `css`; external links,
//! images, URLs under the base path, hashed asset names), and `output` writes the
//! result atomically. `pipeline` runs these steps for a full build and for the
//! incremental builds of `serve`; `check` lints what they recorded. Below every
//! stage lie `diagnostic` (findings), `util` (helpers), `yaml` and `messages`.
//!
//! The public face is small: the commands ([`cmd`], which `main.rs` calls) and what
//! the integration tests need to drive the pipeline without the binary.

mod check;
pub mod cmd;
mod content;
mod css;
mod diagnostic;
mod feeds;
pub mod imaging;
mod markdown;
mod messages;
mod output;
mod pipeline;
mod postprocess;
mod render;
mod scaffold;
mod search;
mod serve;
mod util;
mod yaml;

pub use check::check_build;
pub use content::base_url::BaseUrl;
pub use content::model::Site;
pub use content::{LoadOptions, load};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use messages::Language as MessageLanguage;
pub use pipeline::{Build, BuildOptions};
pub use postprocess::count_notices;
pub use search::{Language as SearchLanguage, terms as search_terms};
pub use util::date::Date;
pub use util::files::{Content, OutputFile};
pub use util::source::SourceFile;

/// The funding notice's text as a build reads it from site.yaml (`src`): the text
/// written there, or the standard Saxon sentence; `None` when site.yaml does not
/// parse. The pipeline's fuzz test checks every page for it.
pub fn funding_notice_text(src: &SourceFile) -> Option<String> {
    let (config, _) = content::config::load(src, None, messages::Language::De, &Default::default());
    config.map(|c| c.funding_notice.text)
}
