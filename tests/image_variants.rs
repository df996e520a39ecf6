//! The image engine (issue 18) on files as cameras, phones and editors make them: a
//! camera JPEG with GPS, author, serial number, XMP, IPTC, a Display P3 profile, a
//! comment and a sideways orientation must become upright variants at the expected
//! widths without any of that metadata, checked with real decoders (image) and a real
//! EXIF reader (kamadak-exif); the same input gives the same bytes, cached or not, on
//! one thread or several.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "test code: a failed unwrap is a failed test, and a test reads top to bottom"
)]

use fachwerk::Content;
use fachwerk::imaging::{self, Cache, Original, Planned, Produced};
use image::ImageEncoder;
use std::collections::BTreeMap;
use std::fs;
use std::io::Cursor;
use std::path::Path;

/// What the fixture's metadata says, none of which may leave.
const SECRETS: &[&str] = &[
    "Erika Musterfrau",
    "SN-4711-0815",
    "FachwerkCam",
    "Musterweg 5",
    "http://ns.adobe.com/xap/1.0/",
    "Photoshop 3.0",
    "ICC_PROFILE",
    "Exif\0\0",
];

const RED: [u8; 3] = [230, 20, 20];
const GREEN: [u8; 3] = [20, 200, 20];
const BLUE: [u8; 3] = [20, 20, 230];
const YELLOW: [u8; 3] = [240, 230, 20];

/// A test pattern as the sensor stored it, landscape: red, green / blue, yellow.
fn stored_pattern(width: u32, height: u32) -> Vec<u8> {
    let mut data = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let c = match (x < width / 2, y < height / 2) {
                (true, true) => RED,
                (false, true) => GREEN,
                (true, false) => BLUE,
                (false, false) => YELLOW,
            };
            data.extend(c);
        }
    }
    data
}

/// A TIFF IFD entry (little endian): tag, type, count, value or offset.
fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
    out.extend(tag.to_le_bytes());
    out.extend(kind.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(value.to_le_bytes());
}

/// The EXIF block of a camera JPEG: make, orientation 6 (turn 90° clockwise to show),
/// artist, a serial number in the Exif IFD and a GPS position in the GPS IFD.
fn exif(orientation: u16) -> Vec<u8> {
    const ASCII: u16 = 2;
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const RATIONAL: u16 = 5;
    let make = b"FachwerkCam\0";
    let artist = b"Erika Musterfrau\0";
    let serial = b"SN-4711-0815\0";
    // Layout: header (8), IFD0 (2 + 5×12 + 4 = 66) at 8, its data at 74, Exif IFD,
    // GPS IFD and their data after it.
    let ifd0 = 8u32;
    let data0 = ifd0 + 2 + 5 * 12 + 4;
    let make_at = data0;
    let artist_at = make_at + make.len() as u32;
    let exif_ifd = artist_at + artist.len() as u32;
    let serial_at = exif_ifd + 2 + 12 + 4;
    let gps_ifd = serial_at + serial.len() as u32;
    let lat_at = gps_ifd + 2 + 4 * 12 + 4;
    let lon_at = lat_at + 24;
    let mut t = b"II*\0".to_vec();
    t.extend(ifd0.to_le_bytes());
    t.extend(5u16.to_le_bytes());
    entry(&mut t, 0x010F, ASCII, make.len() as u32, make_at);
    entry(&mut t, 0x0112, SHORT, 1, u32::from(orientation));
    entry(&mut t, 0x013B, ASCII, artist.len() as u32, artist_at);
    entry(&mut t, 0x8769, LONG, 1, exif_ifd);
    entry(&mut t, 0x8825, LONG, 1, gps_ifd);
    t.extend(0u32.to_le_bytes());
    t.extend(make);
    t.extend(artist);
    assert_eq!(t.len() as u32, exif_ifd);
    t.extend(1u16.to_le_bytes());
    entry(&mut t, 0xA431, ASCII, serial.len() as u32, serial_at);
    t.extend(0u32.to_le_bytes());
    t.extend(serial);
    assert_eq!(t.len() as u32, gps_ifd);
    t.extend(4u16.to_le_bytes());
    entry(&mut t, 0x0001, ASCII, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut t, 0x0002, RATIONAL, 3, lat_at);
    entry(&mut t, 0x0003, ASCII, 2, u32::from_le_bytes(*b"E\0\0\0"));
    entry(&mut t, 0x0004, RATIONAL, 3, lon_at);
    t.extend(0u32.to_le_bytes());
    // 51° 2' 30.5" N, 13° 44' 10.25" E: somewhere in Dresden.
    for (num, den) in [(51, 1), (2, 1), (305, 10), (13, 1), (44, 1), (1025, 100)] {
        t.extend((num as u32).to_le_bytes());
        t.extend((den as u32).to_le_bytes());
    }
    let mut block = b"Exif\0\0".to_vec();
    block.extend(t);
    block
}

/// A JPEG segment: marker, length, payload.
fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    s.extend(payload);
    s
}

/// A JPEG as a phone writes it: the pattern stored landscape with orientation 6, and
/// EXIF (GPS, author, serial), XMP, IPTC, a Display P3 profile and a comment.
fn camera_jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 92)
        .write_image(
            &stored_pattern(width, height),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    let xmp = br#"http://ns.adobe.com/xap/1.0/ <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,2.508N"><dc:creator><rdf:Seq><rdf:li>Erika Musterfrau</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"#;
    let mut xmp = xmp.to_vec();
    xmp[28] = 0; // the namespace ends with a NUL byte
    let byline = b"Erika Musterfrau";
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    let record = [&[0x1C, 2, 80, 0, byline.len() as u8][..], byline].concat();
    iptc.extend((record.len() as u32).to_be_bytes());
    iptc.extend(&record);
    let mut icc = b"ICC_PROFILE\0\x01\x01".to_vec();
    icc.extend(moxcms::ColorProfile::new_display_p3().encode().unwrap());
    let mut out = plain[..2].to_vec(); // SOI
    out.extend(segment(0xE1, &exif(6)));
    out.extend(segment(0xE1, &xmp));
    out.extend(segment(0xE2, &icc));
    out.extend(segment(0xED, &iptc));
    out.extend(segment(
        0xFE,
        b"Aufgenommen bei Erika Musterfrau, Musterweg 5",
    ));
    out.extend(&plain[2..]);
    out
}

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

/// The pixel at a fraction of the width and height, as RGB.
fn pixel(img: &image::RgbImage, fx: f32, fy: f32) -> [u8; 3] {
    let x = ((img.width() as f32 * fx) as u32).min(img.width() - 1);
    let y = ((img.height() as f32 * fy) as u32).min(img.height() - 1);
    img.get_pixel(x, y).0
}

/// Whether `got` is clearly `want` (lossy formats and P3→sRGB move colours a little).
fn near(got: [u8; 3], want: [u8; 3]) -> bool {
    got.iter().zip(want).all(|(g, w)| g.abs_diff(w) < 60)
}

/// No EXIF for a real reader, and none of the secrets anywhere in the bytes.
fn assert_no_metadata(path: &str, bytes: &[u8]) {
    let read = exif::Reader::new().read_from_container(&mut Cursor::new(bytes));
    if let Ok(found) = read {
        let fields: Vec<String> = found.fields().map(|f| f.tag.to_string()).collect();
        panic!("{path}: an EXIF reader finds {fields:?}");
    }
    for secret in SECRETS {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{path} contains {secret:?}"
        );
    }
    match image::guess_format(bytes).unwrap() {
        image::ImageFormat::Jpeg => {
            // Segments up to the image data: tables and frame headers, at most JFIF.
            let mut at = 2;
            while bytes[at] == 0xFF && bytes[at + 1] != 0xDA {
                let marker = bytes[at + 1];
                assert!(
                    marker == 0xE0 || (0xC0..=0xDF).contains(&marker),
                    "{path}: segment FF{marker:02X}"
                );
                at += 2 + u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
            }
        }
        image::ImageFormat::WebP => {
            let mut at = 12;
            while at + 8 <= bytes.len() {
                let id = &bytes[at..at + 4];
                assert!(
                    [&b"VP8 "[..], b"VP8L", b"VP8X", b"ALPH"].contains(&id),
                    "{path}: chunk {:?}",
                    String::from_utf8_lossy(id)
                );
                if id == b"VP8X" {
                    // No ICC (0x20), EXIF (0x08) or XMP (0x04) flag.
                    assert_eq!(bytes[at + 8] & 0x2C, 0, "{path}: VP8X flags");
                }
                let len = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
                at += 8 + len + (len & 1);
            }
        }
        image::ImageFormat::Png => {
            let mut at = 8;
            while at + 8 <= bytes.len() {
                let id = &bytes[at + 4..at + 8];
                assert!(
                    [&b"IHDR"[..], b"PLTE", b"tRNS", b"IDAT", b"IEND"].contains(&id),
                    "{path}: chunk {:?}",
                    String::from_utf8_lossy(id)
                );
                let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
                at += 12 + len;
            }
        }
        other => panic!("{path}: {other:?}"),
    }
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

/// The issue's test: a camera JPEG → upright variants at the expected widths, no
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
        riesig.starts_with("error:")
            && riesig.contains("8000 × 7000 pixels (56 megapixels)")
            && riesig.contains("hint:"),
        "{riesig}"
    );
    let [breit] = &about("breit.png")[..] else {
        panic!("{found:#?}")
    };
    assert!(
        breit.starts_with("warning:") && breit.contains("more than 6000 pixels"),
        "{breit}"
    );
    let [schwer] = &about("schwer.jpg")[..] else {
        panic!("{found:#?}")
    };
    assert!(
        schwer.starts_with("warning:") && schwer.contains("10,5 MB"),
        "{schwer}"
    );
    let [iphone] = &about("iphone.jpg")[..] else {
        panic!("{found:#?}")
    };
    assert!(
        iphone.starts_with("error:")
            && iphone.contains("HEIC")
            && iphone.contains("save it as JPEG"),
        "{iphone}"
    );
    let [kaputt] = &about("kaputt.jpg")[..] else {
        panic!("{found:#?}")
    };
    assert!(
        kaputt.starts_with("error:") && kaputt.contains("damaged"),
        "{kaputt}"
    );
    let planned: Vec<&str> = plan
        .images
        .iter()
        .map(|p| p.original.url.as_str())
        .collect();
    assert_eq!(planned, ["/images/breit.png", "/images/schwer.jpg"]);
}
