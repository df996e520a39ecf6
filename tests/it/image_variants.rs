//! The image engine (issue 18) on files as cameras, phones and editors make them: a
//! camera JPEG with GPS, author, serial number, XMP, IPTC, a Display P3 profile, a
//! comment and a sideways orientation must become upright variants at the expected
//! widths without any of that metadata, checked with real decoders (image) and a real
//! EXIF reader (kamadak-exif); the same input gives the same bytes, cached or not, on
//! one thread or several.

use crate::camera::*;
use fachwerk::Content;
use fachwerk::imaging::{self, Cache, Original, Planned, Produced};
use image::ImageEncoder;
use std::collections::BTreeMap;
use std::fs;
use std::io::Cursor;
use std::path::Path;

fn original(dir: &Path, name: &str, bytes: &[u8], social_card: bool) -> Original {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    Original {
        url: format!("/images/{name}"),
        path,
        file: Path::new("static/images").join(name),
        social_card,
    }
}

fn bytes_of(content: &Content) -> Vec<u8> {
    match content {
        Content::Bytes(b) => b.clone(),
        Content::Copy(p) => fs::read(p).unwrap(),
        Content::Html(_) => panic!("an image as HTML"),
    }
}

/// Every produced file by output path, with its bytes.
fn files(produced: &Produced) -> BTreeMap<String, Vec<u8>> {
    produced
        .files
        .iter()
        .map(|f| (f.path.clone(), bytes_of(&f.content)))
        .collect()
}

/// The fixture is what it claims: a real EXIF reader finds GPS, author, serial and
/// orientation 6, and the image decoder the orientation and the ICC profile.
#[test]
fn the_camera_fixture_carries_real_metadata() {
    let jpeg = camera_jpeg(240, 180);
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(&jpeg))
        .unwrap();
    let field = |tag, ifd| {
        exif.get_field(tag, ifd)
            .unwrap_or_else(|| panic!("{tag} missing"))
            .display_value()
            .to_string()
    };
    assert_eq!(
        field(exif::Tag::Orientation, exif::In::PRIMARY),
        "row 0 at right and column 0 at top"
    );
    assert_eq!(
        field(exif::Tag::Artist, exif::In::PRIMARY),
        "\"Erika Musterfrau\""
    );
    assert_eq!(
        field(exif::Tag::BodySerialNumber, exif::In::PRIMARY),
        "\"SN-4711-0815\""
    );
    assert_eq!(field(exif::Tag::GPSLatitudeRef, exif::In::PRIMARY), "N");
    assert!(field(exif::Tag::GPSLatitude, exif::In::PRIMARY).starts_with("51 deg 2 min 30.5 sec"));
    use image::ImageDecoder;
    let mut decoder = image::codecs::jpeg::JpegDecoder::new(Cursor::new(&jpeg)).unwrap();
    assert_eq!(
        decoder.orientation().unwrap(),
        image::metadata::Orientation::Rotate90
    );
    assert!(
        decoder
            .icc_profile()
            .unwrap()
            .is_some_and(|p| p.len() > 100)
    );
    assert_eq!(decoder.dimensions(), (240, 180));
}

/// The test: a camera JPEG → upright variants at the expected widths, no
/// metadata in any output file, byte-identical on a second and a cached run.
#[test]
fn a_camera_jpeg_becomes_upright_variants_without_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    // Stored 2400 × 1800 with orientation 6: shown 1800 × 2400, portrait.
    let camera = camera_jpeg(2400, 1800);
    let originals = [original(tmp.path(), "kamera.jpg", &camera, true)];
    let plan = imaging::plan(&originals);
    assert!(plan.findings.is_empty(), "{:?}", plan.findings);
    let [planned] = &plan.images[..] else {
        panic!("{:?}", plan.images)
    };
    let picture = &planned.picture;
    assert_eq!(
        (picture.src.as_str(), picture.width, picture.height),
        ("/images/kamera.jpg", 1600, 2133)
    );
    let social = picture.social.as_ref().unwrap();
    assert_eq!((social.width, social.height), (1200, 630));
    let sizes: Vec<(u32, u32)> = planned.jobs.iter().map(|j| (j.width, j.height)).collect();
    assert_eq!(
        sizes,
        [
            (480, 640),
            (960, 1280),
            (1600, 2133),
            (1600, 2133),
            (1200, 630)
        ]
    );
    for (job, w) in planned.jobs.iter().zip([480, 960, 1600]) {
        assert!(
            job.url.starts_with(&format!("/images/kamera-{w}w.")) && job.url.ends_with(".webp")
        );
        assert!(picture.srcset.contains(&format!("{} {w}w", job.url)));
    }

    let cache = Cache::open(&tmp.path().join(".fachwerk-cache"));
    let cold = imaging::produce(&plan.images, &cache);
    assert!(cold.findings.is_empty(), "{:?}", cold.findings);
    assert_eq!((cold.encoded, cold.reused), (5, 0));
    let made = files(&cold);
    assert_eq!(made.len(), 5);
    for job in &planned.jobs {
        let path = job.url.trim_start_matches('/');
        let bytes = &made[path];
        assert_no_metadata(path, bytes);
        let img = image::load_from_memory(bytes).unwrap().to_rgb8();
        assert_eq!(
            (img.width(), img.height()),
            (job.width, job.height),
            "{path}"
        );
        // Shown upright: the stored top-left (red) is at the top right now.
        let expected = [
            (0.1, 0.1, BLUE),
            (0.9, 0.1, RED),
            (0.1, 0.9, YELLOW),
            (0.9, 0.9, GREEN),
        ];
        for (fx, fy, colour) in expected {
            let got = pixel(&img, fx, fy);
            assert!(
                near(got, colour),
                "{path} at {fx},{fy}: {got:?}, not {colour:?}"
            );
        }
    }
    let fallback = image::load_from_memory(&made["images/kamera.jpg"]).unwrap();
    assert_eq!(
        image::guess_format(&made["images/kamera.jpg"]).unwrap(),
        image::ImageFormat::Jpeg
    );
    assert_eq!((fallback.width(), fallback.height()), (1600, 2133));

    // A second build: nothing encoded, the same bytes.
    let warm = imaging::produce(
        &plan.images,
        &Cache::open(&tmp.path().join(".fachwerk-cache")),
    );
    assert_eq!((warm.encoded, warm.reused), (0, 5));
    assert!(
        warm.files
            .iter()
            .all(|f| matches!(f.content, Content::Copy(_)))
    );
    assert_eq!(files(&warm), made);
    // Without a cache, on one thread or three: the same bytes again.
    for threads in [1, 3] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let again =
            pool.install(|| imaging::produce(&imaging::plan(&originals).images, &Cache::off()));
        assert_eq!((again.encoded, again.reused), (5, 0));
        assert_eq!(files(&again), made, "{threads} threads");
    }
}

/// A read-only site: the cache folder cannot be made, the build works all the same.
#[test]
fn without_a_writable_cache_folder_everything_is_encoded_in_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let blocker = tmp.path().join("site");
    fs::write(&blocker, "a file where the site's folder would be").unwrap();
    let cache = Cache::open(&blocker.join(".fachwerk-cache"));
    assert!(cache.off_because().is_some());
    let png = {
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(
                &stored_pattern(64, 48),
                64,
                48,
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        out
    };
    let plan = imaging::plan(&[original(tmp.path(), "grafik.png", &png, false)]);
    let produced = imaging::produce(&plan.images, &cache);
    assert!(produced.findings.is_empty());
    assert_eq!(produced.encoded, 2);
    assert!(
        produced
            .files
            .iter()
            .all(|f| matches!(f.content, Content::Bytes(_)))
    );
    // A small drawing: one lossless WebP at its own width and the PNG fallback.
    let made = files(&produced);
    let webp = made.iter().find(|(p, _)| p.ends_with(".webp")).unwrap();
    assert!(webp.0.starts_with("images/grafik-64w."));
    let decoded = image::load_from_memory(webp.1).unwrap().to_rgb8();
    assert_eq!(decoded.into_raw(), stored_pattern(64, 48), "lossless");
    assert_no_metadata("images/grafik.png", &made["images/grafik.png"]);
}

/// A logo with transparency keeps it, in WebP and in the PNG fallback.
#[test]
fn transparency_survives() {
    let tmp = tempfile::tempdir().unwrap();
    let mut rgba = Vec::new();
    for y in 0..40u32 {
        for x in 0..100u32 {
            let inside = (x as i32 - 50).pow(2) + (y as i32 - 20).pow(2) < 18 * 18;
            rgba.extend(if inside {
                [0, 90, 156, 255]
            } else {
                [0, 0, 0, 0]
            });
        }
    }
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&rgba, 100, 40, image::ExtendedColorType::Rgba8)
        .unwrap();
    let plan = imaging::plan(&[original(tmp.path(), "logo.png", &png, false)]);
    let made = files(&imaging::produce(&plan.images, &Cache::off()));
    for bytes in made.values() {
        let img = image::load_from_memory(bytes).unwrap().to_rgba8();
        assert_eq!(img.get_pixel(0, 0).0[3], 0);
        assert_eq!(img.get_pixel(50, 20).0, [0, 90, 156, 255]);
    }
}

/// A GIF keeps its frames and timing and loses its comment and XMP blocks.
#[test]
fn a_gif_is_copied_without_comments() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gif = Vec::new();
    {
        let palette = [255, 0, 0, 0, 0, 255];
        let mut enc = gif::Encoder::new(&mut gif, 4, 2, &palette).unwrap();
        enc.set_repeat(gif::Repeat::Infinite).unwrap();
        enc.write_raw_extension(gif::Extension::Comment.into(), &[b"Erika Musterfrau"])
            .unwrap();
        for index in [0u8, 1] {
            let mut frame = gif::Frame::from_indexed_pixels(4, 2, vec![index; 8], None);
            frame.delay = 50;
            enc.write_frame(&frame).unwrap();
        }
    }
    assert!(gif.windows(16).any(|w| w == b"Erika Musterfrau"));
    let plan = imaging::plan(&[original(tmp.path(), "winken.gif", &gif, true)]);
    let planned: &Planned = &plan.images[0];
    assert!(planned.picture.srcset.is_empty() && planned.picture.social.is_none());
    let made = files(&imaging::produce(&plan.images, &Cache::off()));
    let copy = &made["images/winken.gif"];
    assert!(!copy.windows(16).any(|w| w == b"Erika Musterfrau"));
    let mut decoder = gif::DecodeOptions::new().read_info(&copy[..]).unwrap();
    let mut frames = 0;
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        assert_eq!(frame.delay, 50);
        frames += 1;
    }
    assert_eq!(frames, 2);
    assert_eq!(decoder.repeat(), gif::Repeat::Infinite);
}

/// A PNG chunk with its CRC-32 (as the PNG specification computes it).
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in kind.iter().chain(data) {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend(kind);
    chunk.extend(data);
    chunk.extend((!crc).to_be_bytes());
    chunk
}

/// Findings name the file and say what to do: an image too large to use is an error,
/// a heavy one a warning, a HEIC or damaged file an error; the rest is still planned.
#[test]
fn editors_learn_about_unusable_and_heavy_originals() {
    let tmp = tempfile::tempdir().unwrap();
    // The chunks of a PNG of 8000 × 7000 pixels (56 megapixels) up to its image data;
    // nothing is decoded.
    let mut huge = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(8000u32.to_be_bytes());
    ihdr.extend(7000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    huge.extend(png_chunk(b"IHDR", &ihdr));
    huge.extend(png_chunk(b"IDAT", &[0x78, 0x9C]));
    let mut wide = Vec::new();
    image::codecs::png::PngEncoder::new(&mut wide)
        .write_image(
            &vec![200; 6100 * 2 * 3],
            6100,
            2,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    let mut heavy = camera_jpeg(64, 48);
    heavy.extend(vec![0; 10_500_000]); // after the end of the image, as some tools leave it
    let originals = [
        original(tmp.path(), "riesig.png", &huge, false),
        original(tmp.path(), "breit.png", &wide, false),
        original(tmp.path(), "schwer.jpg", &heavy, false),
        original(
            tmp.path(),
            "iphone.jpg",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
            false,
        ),
        original(
            tmp.path(),
            "kaputt.jpg",
            b"\xFF\xD8\xFF\xE0 not really",
            false,
        ),
    ];
    let plan = imaging::plan(&originals);
    let found: Vec<String> = plan.findings.iter().map(|d| d.to_string()).collect();
    let about = |name: &str| {
        found
            .iter()
            .filter(|f| f.contains(&format!("static/images/{name}")))
            .cloned()
            .collect::<Vec<_>>()
    };
    let [riesig] = &about("riesig.png")[..] else {
        panic!("{found:#?}")
    };
    assert!(
        riesig.starts_with("error[image/too-many-pixels]:")
            && riesig.contains("8000 × 7000")
            && riesig.contains("(56 ")
            && riesig.contains("hint:"),
        "{riesig}"
    );
    let [breit] = &about("breit.png")[..] else {
        panic!("{found:#?}")
    };
    assert!(
        breit.starts_with("warning[image/too-wide]:") && breit.contains("6000"),
        "{breit}"
    );
    let [schwer] = &about("schwer.jpg")[..] else {
        panic!("{found:#?}")
    };
    assert!(
        schwer.starts_with("warning[image/too-heavy]:") && schwer.contains("10,5 MB"),
        "{schwer}"
    );
    let [iphone] = &about("iphone.jpg")[..] else {
        panic!("{found:#?}")
    };
    assert!(
        iphone.starts_with("error[image/heic]:")
            && iphone.contains("HEIC")
            && iphone.contains("JPEG"),
        "{iphone}"
    );
    let [kaputt] = &about("kaputt.jpg")[..] else {
        panic!("{found:#?}")
    };
    assert!(kaputt.starts_with("error[image/not-an-image]:"), "{kaputt}");
    let planned: Vec<&str> = plan
        .images
        .iter()
        .map(|p| p.original.url.as_str())
        .collect();
    assert_eq!(planned, ["/images/breit.png", "/images/schwer.jpg"]);
}
