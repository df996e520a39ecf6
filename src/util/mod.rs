//! Helpers every stage uses and that belong to none: HTML escaping, URL paths of
//! files, slugs, dates, the files of the output, reading a file of the site, timings.
//! Nothing here knows the site's model.

pub(crate) mod colour;
pub(crate) mod date;
pub(crate) mod files;
pub(crate) mod html;
pub(crate) mod slug;
pub(crate) mod source;
pub(crate) mod timings;
pub(crate) mod url;
