//! What each step of producing one original costs: decoding, then resizing and
//! encoding each planned file, on the calling thread. For the benchmark tool
//! (`examples/image-bench`), which reports it beside the whole build's times.

use super::decode;
use super::encode;
use super::plan::{MAX_PIXELS, Planned};
use super::resize;
use std::time::{Duration, Instant};

/// One step and what it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageCost {
    /// `decode`, or the file made: `webp 960×720`, `jpg 1600×1200`, …
    pub stage: String,
    /// Resizing and encoding (or decoding) time.
    pub time: Duration,
    /// Bytes written (0 for decoding).
    pub bytes: usize,
}

/// The cost of each step of producing `image`, one after the other on this thread.
pub fn stage_costs(image: &Planned) -> Result<Vec<StageCost>, String> {
    let bytes = std::fs::read(&image.original.path).map_err(|e| e.to_string())?;
    let start = Instant::now();
    let raster = decode::decode(&bytes, MAX_PIXELS).map_err(|r| format!("{r:?}"))?;
    let mut costs = vec![StageCost {
        stage: "decode".into(),
        time: start.elapsed(),
        bytes: 0,
    }];
    for job in &image.jobs {
        let start = Instant::now();
        let scaled = resize::resize(&raster, job.width, job.height, job.cover)?;
        let file = encode::encode(&scaled, job.encoding)?;
        costs.push(StageCost {
            stage: format!("{} {}×{}", job.encoding.key(), job.width, job.height),
            time: start.elapsed(),
            bytes: file.len(),
        });
    }
    Ok(costs)
}
