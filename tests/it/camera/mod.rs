//! A camera JPEG as phones write it (EXIF with GPS, author and serial number, XMP,
//! IPTC, a Display P3 profile, a comment, orientation 6), and the checks that no
//! published image keeps any of it: shared by the image tests.

use image::ImageEncoder;
use std::io::Cursor;

/// What the fixture's metadata says, none of which may leave.
pub(crate) const SECRETS: &[&str] = &[
    "Erika Musterfrau",
    "SN-4711-0815",
    "FachwerkCam",
    "Musterweg 5",
    "http://ns.adobe.com/xap/1.0/",
    "Photoshop 3.0",
    "ICC_PROFILE",
    "Exif\0\0",
];

pub(crate) const RED: [u8; 3] = [230, 20, 20];
pub(crate) const GREEN: [u8; 3] = [20, 200, 20];
pub(crate) const BLUE: [u8; 3] = [20, 20, 230];
pub(crate) const YELLOW: [u8; 3] = [240, 230, 20];

/// A test pattern as the sensor stored it, landscape: red, green / blue, yellow.
pub(crate) fn stored_pattern(width: u32, height: u32) -> Vec<u8> {
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
pub(crate) fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
    out.extend(tag.to_le_bytes());
    out.extend(kind.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(value.to_le_bytes());
}

/// The EXIF block of a camera JPEG: make, orientation 6 (turn 90° clockwise to show),
/// artist, a serial number in the Exif IFD and a GPS position in the GPS IFD.
pub(crate) fn exif(orientation: u16) -> Vec<u8> {
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
pub(crate) fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    s.extend(payload);
    s
}

/// A JPEG as a phone writes it: the pattern stored landscape with orientation 6, and
/// EXIF (GPS, author, serial), XMP, IPTC, a Display P3 profile and a comment.
pub(crate) fn camera_jpeg(width: u32, height: u32) -> Vec<u8> {
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

/// The pixel at a fraction of the width and height, as RGB.
pub(crate) fn pixel(img: &image::RgbImage, fx: f32, fy: f32) -> [u8; 3] {
    let x = ((img.width() as f32 * fx) as u32).min(img.width() - 1);
    let y = ((img.height() as f32 * fy) as u32).min(img.height() - 1);
    img.get_pixel(x, y).0
}

/// Whether `got` is clearly `want` (lossy formats and P3→sRGB move colours a little).
pub(crate) fn near(got: [u8; 3], want: [u8; 3]) -> bool {
    got.iter().zip(want).all(|(g, w)| g.abs_diff(w) < 60)
}

/// No EXIF for a real reader, and none of the secrets anywhere in the bytes.
pub(crate) fn assert_no_metadata(path: &str, bytes: &[u8]) {
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
