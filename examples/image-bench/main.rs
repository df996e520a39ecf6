//! Measures the image engine (`fachwerk::imaging`) on camera-sized photos:
//!
//! ```sh
//! cargo run --release --example image-bench -- 20 /tmp/image-bench
//! ```
//!
//! Writes N photo-like 4000×3000 JPEGs (quality 92, about 3.3 MB each, like a
//! 12-megapixel camera's; every other one with a Display P3 profile, as iPhones write
//! them) to `DIR/originals/` unless they are there already, then
//! times, with a fresh cache in `DIR/.fachwerk-cache/`:
//! - the plan (reading and hashing the originals),
//! - a cold run (no cache: every variant encoded), and
//! - a warm run (plan again and produce: everything from the cache),
//!
//! and prints the sizes of originals and outputs, and the cost of each step for one
//! photo on one thread (decoding, and resizing plus encoding each file). The photos
//! come from a seeded generator (`photo.rs`): the same N gives the same files.

#![allow(
    clippy::print_stdout,
    clippy::too_many_lines,
    reason = "a benchmark tool: its report is its standard output"
)]

mod photo;

use fachwerk::imaging::{self, Cache, Original};
use image::ImageEncoder;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const WIDTH: u32 = 4000;
const HEIGHT: u32 = 3000;

fn originals(dir: &Path, n: u64) -> Result<Vec<Original>, String> {
    let folder = dir.join("originals");
    fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    let mut list = Vec::new();
    for seed in 1..=n {
        let name = format!("foto-{seed:02}.jpg");
        let path = folder.join(&name);
        if !path.exists() {
            let rgb = photo::photo(WIDTH, HEIGHT, seed);
            let mut jpeg = Vec::new();
            let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92);
            if seed % 2 == 1 {
                let p3 = moxcms::ColorProfile::new_display_p3()
                    .encode()
                    .map_err(|e| e.to_string())?;
                encoder.set_icc_profile(p3).map_err(|e| e.to_string())?;
            }
            encoder
                .write_image(&rgb, WIDTH, HEIGHT, image::ExtendedColorType::Rgb8)
                .map_err(|e| e.to_string())?;
            fs::write(&path, jpeg).map_err(|e| e.to_string())?;
        }
        list.push(Original {
            url: format!("/images/{name}"),
            path: path.clone(),
            file: PathBuf::from("static/images").join(&name),
            social_card: true,
        });
    }
    Ok(list)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn run(n: u64, dir: &Path) -> Result<(), String> {
    let originals = originals(dir, n)?;
    let input: u64 = originals
        .iter()
        .map(|o| fs::metadata(&o.path).map_or(0, |m| m.len()))
        .sum();
    println!(
        "{n} photos {WIDTH}×{HEIGHT}, {} in all; {} threads",
        mb(input),
        rayon::current_num_threads()
    );
    let cache_dir = dir.join(".fachwerk-cache");
    let _ = fs::remove_dir_all(&cache_dir);

    let start = Instant::now();
    let plan = imaging::plan(&originals);
    let plan_time = start.elapsed();
    if !plan.findings.is_empty() {
        return Err(format!("{:?}", plan.findings));
    }
    let start = Instant::now();
    let cold = imaging::produce(&plan.images, &Cache::open(&cache_dir));
    let cold_time = start.elapsed();
    let start = Instant::now();
    let warm_plan = imaging::plan(&originals);
    let warm = imaging::produce(&warm_plan.images, &Cache::open(&cache_dir));
    let warm_time = start.elapsed();
    println!(
        "plan (read, hash, headers): {:.2} s",
        plan_time.as_secs_f64()
    );
    println!(
        "cold: {:.1} s ({} files encoded, {} reused)",
        cold_time.as_secs_f64(),
        cold.encoded,
        cold.reused
    );
    println!(
        "warm: {:.2} s, plan included ({} encoded, {} reused)",
        warm_time.as_secs_f64(),
        warm.encoded,
        warm.reused
    );

    // Output sizes by kind: the name's part before the hash (`960w`, `social`) or
    // `fallback` for the file at the original's URL.
    let mut by_kind: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    for f in &cold.files {
        let len = f.bytes().map_err(|e| e.to_string())?.len() as u64;
        let name = f.path.rsplit('/').next().unwrap_or(&f.path);
        let kind = match name.split_once('-').and_then(|(_, r)| r.split_once('-')) {
            Some((_, rest)) => rest.split('.').next().unwrap_or("?").to_string(),
            None => "fallback (jpg 1600)".to_string(),
        };
        let e = by_kind.entry(kind).or_default();
        e.0 += 1;
        e.1 += len;
    }
    let total: u64 = by_kind.values().map(|v| v.1).sum();
    for (kind, (count, bytes)) in &by_kind {
        println!(
            "  {kind:<20} {count:>3} files, {:>9}, {:>4.0} KB each",
            mb(*bytes),
            *bytes as f64 / *count as f64 / 1e3
        );
    }
    println!(
        "output {} = {:.1} % of the originals",
        mb(total),
        total as f64 * 100.0 / input as f64
    );

    for (image, label) in plan
        .images
        .iter()
        .zip(["with a Display P3 profile", "sRGB"])
    {
        println!("one photo ({label}), one thread:");
        for cost in imaging::stage_costs(image)? {
            println!(
                "  {:<36} {:>6.0} ms {:>8.0} KB",
                cost.stage,
                cost.time.as_secs_f64() * 1e3,
                cost.bytes as f64 / 1e3
            );
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n = args.first().and_then(|a| a.parse().ok()).unwrap_or(20);
    let dir = PathBuf::from(
        args.get(1)
            .cloned()
            .unwrap_or_else(|| "target/image-bench".into()),
    );
    match run(n, &dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("image-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
