//! Producing the planned files: from the cache when it has them, else by decoding
//! each original once and encoding its variants, originals and variants in parallel
//! (rayon). At most one original per thread is decoded at a time, so memory stays
//! within a few hundred megabytes however many photos a site has.

use super::cache::Cache;
use super::decode;
use super::encode::{self, Encoding};
use super::plan::{MAX_PIXELS, Planned, VariantJob, hex, refused, unreadable};
use super::resize;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::messages::{Language, Msg};
use crate::util::files::{Content, OutputFile};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The files of a plan, ready for the output.
#[derive(Debug, Default)]
pub struct Produced {
    /// Every planned file of the originals that could be used, in plan order: a copy
    /// of a cache entry, or the bytes when caching is off.
    pub files: Vec<OutputFile>,
    /// Errors about originals that could not be produced (the build should fail).
    pub findings: Diagnostics,
    /// How many files were encoded.
    pub encoded: usize,
    /// How many files came from the cache.
    pub reused: usize,
}

/// Produces every job of `images`. Serve can call it with a few images first (those
/// of the page asked for) and with the rest in the background.
pub fn produce(images: &[Planned], cache: &Cache) -> Produced {
    let results: Vec<Result<Produced, Diagnostic>> = images
        .par_iter()
        .map(|image| produce_image(image, cache))
        .collect();
    let mut all = Produced::default();
    for result in results {
        match result {
            Ok(p) => {
                all.files.extend(p.files);
                all.encoded += p.encoded;
                all.reused += p.reused;
            }
            Err(d) => all.findings.push(d),
        }
    }
    all
}

fn output(job: &VariantJob, content: Content) -> OutputFile {
    OutputFile {
        path: job.url.trim_start_matches('/').to_string(),
        content,
    }
}

/// A cache entry whose header says it has the job's size (not a damaged file).
fn cached(cache: &Cache, job: &VariantJob) -> Option<PathBuf> {
    let path = cache.get(&job.key, job.encoding.ext())?;
    let size = imagesize::size(&path).ok()?;
    (size.width == job.width as usize && size.height == job.height as usize).then_some(path)
}

fn produce_image(image: &Planned, cache: &Cache) -> Result<Produced, Diagnostic> {
    let found: Vec<Option<PathBuf>> = image.jobs.iter().map(|j| cached(cache, j)).collect();
    let mut produced = Produced::default();
    if found.iter().all(Option::is_some) {
        for (job, path) in image.jobs.iter().zip(found) {
            produced
                .files
                .push(output(job, Content::Copy(path.expect("all found"))));
        }
        produced.reused = image.jobs.len();
        return Ok(produced);
    }
    let file = &image.original.file;
    let bytes = std::fs::read(&image.original.path).map_err(|e| unreadable(file, &e))?;
    if hex(&Sha256::digest(&bytes)) != image.digest {
        return Err(Msg::new(Code::ImageChanged).error(file, Language::De));
    }
    let raster = if image.jobs.iter().all(|j| j.encoding == Encoding::GifCopy) {
        None
    } else {
        Some(decode::decode(&bytes, MAX_PIXELS).map_err(|r| refused(file, &r))?)
    };
    let made: Vec<Result<(OutputFile, bool), Diagnostic>> = image
        .jobs
        .par_iter()
        .zip(found)
        .map(|(job, hit)| {
            if let Some(path) = hit {
                return Ok((output(job, Content::Copy(path)), false));
            }
            let encoded = match &raster {
                None => encode::gif_copy(&bytes),
                Some(r) => resize::resize(r, job.width, job.height, job.cover)
                    .and_then(|scaled| encode::encode(&scaled, job.encoding)),
            }
            .map_err(|_| failed(file, job))?;
            let content = match cache.put(&job.key, job.encoding.ext(), &encoded) {
                Some(path) => Content::Copy(path),
                None => Content::Bytes(encoded),
            };
            Ok((output(job, content), true))
        })
        .collect();
    for m in made {
        let (file, fresh) = m?;
        produced.files.push(file);
        if fresh {
            produced.encoded += 1;
        } else {
            produced.reused += 1;
        }
    }
    Ok(produced)
}

fn failed(file: &std::path::Path, job: &VariantJob) -> Diagnostic {
    Msg::new(Code::ImageNoVersion)
        .arg("width", job.width.to_string())
        .arg("height", job.height.to_string())
        .error(file, Language::De)
}
