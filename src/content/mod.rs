//! Site directory → [`Site`] model: walks the directory, parses every YAML file and
//! front matter into typed structs (in parallel), then resolves references.
//! Every problem found is collected; loading fails with all of them at once.

mod load;
pub mod model;
mod resolve;
pub mod source;
pub mod yaml;

pub use load::{LoadOptions, load};
pub(crate) use load::{front_hash, is_ignored};
pub use resolve::GENERATED_PAGES;
