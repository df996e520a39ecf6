//! Light, responsive and metadata-free versions of the site's raster images.
//!
//! Editors put photos straight from a camera or phone into `static/`: 4000 px wide,
//! several megabytes, with the GPS position, the camera's serial number and the author
//! in their EXIF data. This module turns each such original into what a page should
//! publish:
//!
//! - **variants** a few widths wide (480, 960, 1600 px; never upscaled) in WebP, for a
//!   `srcset`;
//! - a **fallback** in the original's format, resized too, published at the original's
//!   URL, so that links to the original and browsers without WebP keep working, and the
//!   4000 px file with its metadata is never published;
//! - on request a **social card**, 1200×630, for `og:image`.
//!
//! Every written file is encoded from pixels, so it carries no EXIF, XMP, IPTC, ICC
//! profile or comment: the orientation of the EXIF data is applied to the pixels first,
//! and colours of an ICC profile (Display P3 from phones) are converted to sRGB, which
//! browsers assume for an image without a profile.
//!
//! The work is split so that a build can describe every image before encoding any:
//! [`plan`] reads the originals' headers and hashes (cheap) and returns each image's
//! [`Picture`] (URLs, `srcset`, sizes: all that HTML needs) and its [`VariantJob`]s;
//! [`produce`] encodes the jobs in parallel, reusing what the [`Cache`] holds from
//! earlier builds. Outputs are deterministic: the same original gives byte-identical
//! files on every run, whatever the number of threads.

mod cache;
mod decode;
mod encode;
mod plan;
mod produce;
mod resize;
mod stages;
mod webp;

pub use cache::{Cache, PRUNE_AFTER};
pub use plan::{
    DEFAULT_SIZES, FALLBACK_MAX_WIDTH, MAX_PIXELS, Original, Picture, Plan, Planned, SOCIAL_CARD,
    SocialCard, VariantJob, WARN_BYTES, WARN_SIDE, WIDTHS, plan,
};
pub use produce::{Produced, produce};
pub use stages::{StageCost, stage_costs};

/// Part of every cache key: raise it when a change here changes any output byte
/// (another encoder version, quality, filter or naming), so that old entries are no
/// longer used (and are pruned later).
pub const ENGINE_VERSION: u32 = 1;
