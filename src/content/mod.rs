//! Site directory → [`Site`] model: walks the directory, parses site.yaml
//! ([`config`]), every other YAML file and the front matter into typed structs (in
//! parallel), then resolves references. Every problem found is collected; loading
//! fails with all of them at once.

pub(crate) mod base_url;
pub(crate) mod collection;
pub(crate) mod config;
pub(crate) mod format;
pub(crate) mod front_matter;
mod load;
mod loose;
pub(crate) mod model;
pub(crate) mod placeholder;
mod resolve;
pub(crate) mod routes;
pub(crate) mod schema;
pub(crate) mod translate;

pub(crate) use load::front_hash;
pub use load::{LoadOptions, load};
