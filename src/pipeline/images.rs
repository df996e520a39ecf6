//! The image step: every raster image of the site's `static/` folder is planned
//! before any page is made ([`plan`]: headers and hashes; the pages get each image's
//! [`Picture`] for their `<picture>` elements) and produced by [`Images`]: all at
//! once for `build` and `check`, or in the background and on request for `serve`, so
//! that the first page does not wait for image work.
//!
//! No original raster file is published as it is: its place in the output is taken
//! by a fallback encoded from its pixels (without EXIF, XMP or GPS data). Variants are
//! kept in `.fachwerk-cache/` beside the site, by content hash, so a warm build
//! encodes nothing.

use crate::content::model::Site;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::imaging::{self, Cache, Original, Picture, Planned, Produced};
use crate::messages::{Language, Msg};
use crate::util::files::{Content, OutputFile};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock, Weak};

/// The cache folder beside the site's files (`fachwerk new site` ignores it in git).
pub(crate) const CACHE_DIR: &str = ".fachwerk-cache";

/// Extensions of the originals the step takes over: the web's raster formats, and
/// HEIC, which browsers cannot show and which is refused with a hint.
const RASTER: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "heic", "heif"];

/// An image's files: output path and bytes.
type ImageFiles = Vec<(String, Arc<[u8]>)>;

/// The site's raster images: their pictures for the pages, and their files, produced
/// once (each image's files at most once, whoever asks first).
pub(crate) struct Images {
    planned: Vec<Planned>,
    /// Output path of every planned file → index of its image.
    owner: HashMap<String, usize>,
    /// Each image's produced files (output path, bytes), or `None` when it failed.
    slots: Vec<OnceLock<Option<ImageFiles>>>,
    cache: Cache,
}

/// The output path (`images/a.jpg`) of a static file.
fn output_path(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

/// Whether the static file at `rel` is one the step takes over.
pub(crate) fn is_raster(rel: &Path) -> bool {
    rel.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| RASTER.contains(&e.to_ascii_lowercase().as_str()))
}

/// Plans every raster image of `site`'s `static/` folder (in parallel). An image that
/// cannot be used is an error; one heavier than a web site needs is a warning.
pub(crate) fn plan(site: &Site, site_dir: &Path) -> (Images, Diagnostics) {
    let item_images: HashSet<&str> = site
        .projects
        .iter()
        .filter_map(|p| p.data.image.as_deref())
        .chain(site.news.iter().filter_map(|n| n.data.image.as_deref()))
        .collect();
    let originals: Vec<Original> = site
        .static_files
        .iter()
        .filter(|f| is_raster(&f.rel))
        .map(|f| {
            let url = format!("/{}", output_path(&f.rel));
            Original {
                social_card: item_images.contains(url.as_str()),
                url,
                path: f.abs.clone(),
                file: Path::new("static").join(&f.rel),
            }
        })
        .collect();
    let plan = imaging::plan(&originals);
    let owner = plan
        .images
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.jobs
                .iter()
                .map(move |j| (output_path(Path::new(&j.url[1..])), i))
        })
        .collect();
    let images = Images {
        slots: plan.images.iter().map(|_| OnceLock::new()).collect(),
        planned: plan.images,
        owner,
        // A site without raster images gets no cache folder.
        cache: if originals.is_empty() {
            Cache::off()
        } else {
            Cache::open(&site_dir.join(CACHE_DIR))
        },
    };
    (images, plan.findings)
}

impl std::fmt::Debug for Images {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Images")
            .field("images", &self.planned.len())
            .finish_non_exhaustive()
    }
}

impl Images {
    /// The output path of every file the images make.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &String> {
        self.owner.keys()
    }

    /// Each image's picture by its root-relative URL (`/images/a.jpg`).
    pub(crate) fn pictures(&self) -> HashMap<String, Picture> {
        self.planned
            .iter()
            .map(|p| (p.original.url.clone(), p.picture.clone()))
            .collect()
    }

    /// Produces every file now, in parallel: the output files, or the errors of the
    /// images that could not be made.
    pub(crate) fn produce_all(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        let Produced {
            files, findings, ..
        } = imaging::produce(&self.planned, &self.cache);
        if findings.has_errors() {
            return Err(findings);
        }
        // Entries no build used for a month go (other branches' and old photos').
        self.cache.prune(imaging::PRUNE_AFTER);
        Ok(files)
    }

    /// The bytes of the planned file at `path` (output path), made now if no one made
    /// them yet; `None` when `path` is not an image file of this build.
    pub(crate) fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        let &i = self.owner.get(path)?;
        let files = self.slot(i).as_ref()?;
        files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.clone())
    }

    /// Every planned file with its bytes (for comparing `serve`'s build with a full one).
    pub(crate) fn all_files(&self) -> ImageFiles {
        (0..self.planned.len())
            .into_par_iter()
            .flat_map_iter(|i| self.slot(i).clone().unwrap_or_default())
            .collect()
    }

    /// Makes every image's files on another thread, image by image, until done or
    /// until these images are no longer used (a newer build replaced them).
    pub(crate) fn produce_in_background(self: &Arc<Self>) {
        let weak: Weak<Images> = Arc::downgrade(self);
        let count = self.planned.len();
        std::thread::spawn(move || {
            (0..count).into_par_iter().for_each(|i| {
                if let Some(images) = weak.upgrade() {
                    images.slot(i);
                }
            });
        });
    }

    fn slot(&self, i: usize) -> &Option<ImageFiles> {
        self.slots[i].get_or_init(|| {
            let produced = imaging::produce(&self.planned[i..=i], &self.cache);
            if produced.findings.has_errors() {
                return None;
            }
            produced.files.into_iter().map(read).collect()
        })
    }
}

/// An output file's path and bytes.
fn read(f: OutputFile) -> Option<(String, Arc<[u8]>)> {
    let bytes: Arc<[u8]> = match f.content {
        Content::Bytes(b) => Arc::from(b),
        Content::Html(s) => Arc::from(s.into_bytes()),
        Content::Copy(p) => Arc::from(std::fs::read(p).ok()?),
    };
    Some((f.path, bytes))
}

/// A warning for each raster image that a page shows without a credit (the item's
/// `image` without `image_credit`, an image in a text without a title): German law
/// (§ 13 UrhG) gives photographers the right to be named.
pub(crate) fn credit_warnings(site: &Site, images: &Images) -> Diagnostics {
    let planned: HashSet<&str> = images
        .planned
        .iter()
        .map(|p| p.original.url.as_str())
        .collect();
    let is_planned = |src: &str| {
        let src = src.split(['?', '#']).next().unwrap_or(src);
        match src.strip_prefix('/') {
            Some(_) => planned.contains(src),
            None => planned.contains(format!("/{src}").as_str()),
        }
    };
    let mut found = Diagnostics::new();
    let items = (site
        .projects
        .iter()
        .map(|i| (&i.core, &i.data.image, &i.data.image_credit)))
    .chain(
        site.news
            .iter()
            .map(|i| (&i.core, &i.data.image, &i.data.image_credit)),
    );
    for (item, image, credit) in items {
        if let Some(image) = image
            && credit.is_none()
            && is_planned(image)
        {
            found.push(uncredited(&item.source, image));
        }
    }
    for c in crate::content::collection::Collection::ALL {
        for item in site.cores(c) {
            for (src, credit) in &item.images {
                if credit.is_none() && is_planned(src) {
                    found.push(uncredited(&item.source, src));
                }
            }
        }
    }
    found
}

fn uncredited(file: &Path, url: &str) -> Diagnostic {
    Msg::new(Code::ImageNoCredit)
        .arg("url", url)
        .warning(file, Language::De)
}
