//! Reading an original: its header (format, size as shown, orientation) without
//! decoding the pixels, and its pixels, turned upright and converted to sRGB, within
//! limits that keep a single huge image from exhausting memory.

use super::resize::Raster;
use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// The formats fachwerk reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// JPEG, as cameras write it.
    Jpeg,
    /// PNG: screenshots, logos, drawings (and photos saved the wrong way).
    Png,
    /// WebP, lossy or lossless.
    Webp,
    /// GIF, only passed through (see the plan).
    Gif,
}

/// What the header of an original tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    /// The file's format.
    pub format: Format,
    /// Width as shown, after the EXIF orientation.
    pub width: u32,
    /// Height as shown, after the EXIF orientation.
    pub height: u32,
    /// Whether the pixels are stored exactly (PNG, GIF, lossless WebP): a drawing, a
    /// logo or a screenshot rather than a photo.
    pub lossless: bool,
}

/// Why an original cannot be used; turned into a finding for the editor by the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    /// Not a JPEG, PNG, WebP or GIF file, or a damaged one.
    Unreadable,
    /// A HEIC or AVIF photo (iPhones save HEIC by default): browsers other than Safari
    /// cannot show HEIC, and fachwerk cannot read either.
    Heic,
    /// More pixels than [`super::MAX_PIXELS`].
    TooLarge { width: u32, height: u32 },
}

/// An image never has more than this many pixels on a side (a 50-megapixel limit is
/// checked before, this keeps the decoders' own allocation within bounds).
const MAX_SIDE: u32 = 30_000;

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    // A 50-megapixel RGBA image with 16 bits a channel, and some room.
    l.max_alloc = Some(512 * 1024 * 1024);
    l
}

/// A reader over an original's bytes, with limits set.
type Reader<'a> = ImageReader<Cursor<&'a [u8]>>;

fn reader(bytes: &[u8]) -> Result<(Reader<'_>, Format), Refusal> {
    if bytes.get(4..8) == Some(b"ftyp") {
        return Err(Refusal::Heic);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| Refusal::Unreadable)?;
    let format = match reader.format() {
        Some(ImageFormat::Jpeg) => Format::Jpeg,
        Some(ImageFormat::Png) => Format::Png,
        Some(ImageFormat::WebP) => Format::Webp,
        Some(ImageFormat::Gif) => Format::Gif,
        _ => return Err(Refusal::Unreadable),
    };
    reader.limits(limits());
    Ok((reader, format))
}

fn turns_sideways(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Format, size as shown and kind of an original, from its header only.
pub(super) fn header(bytes: &[u8]) -> Result<Header, Refusal> {
    let (reader, format) = reader(bytes)?;
    let mut decoder = reader.into_decoder().map_err(|_| Refusal::Unreadable)?;
    let (w, h) = decoder.dimensions();
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (width, height) = if turns_sideways(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    if width == 0 || height == 0 {
        return Err(Refusal::Unreadable);
    }
    let lossless = match format {
        Format::Jpeg => false,
        Format::Png | Format::Gif => true,
        Format::Webp => webp_is_lossless(bytes),
    };
    Ok(Header {
        format,
        width,
        height,
        lossless,
    })
}

/// Whether a WebP file holds a lossless (`VP8L`) image: the first image chunk after
/// the RIFF header and an optional `VP8X` chunk says so.
fn webp_is_lossless(bytes: &[u8]) -> bool {
    let mut at = 12;
    while let Some(chunk) = bytes.get(at..at + 8) {
        match &chunk[..4] {
            b"VP8L" => return true,
            b"VP8 " => return false,
            _ => {
                let len = u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]) as usize;
                at += 8 + len + (len & 1);
            }
        }
    }
    false
}

/// The pixels of an original: upright (its EXIF orientation applied), in sRGB (an ICC
/// profile converted), RGB or, when some pixel is not opaque, RGBA. Refuses images
/// over `max_pixels` before decoding them.
pub(super) fn decode(bytes: &[u8], max_pixels: u64) -> Result<Raster, Refusal> {
    let (reader, _) = reader(bytes)?;
    let mut decoder = reader.into_decoder().map_err(|_| Refusal::Unreadable)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(Refusal::TooLarge {
            width: w,
            height: h,
        });
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = image::DynamicImage::from_decoder(decoder).map_err(|_| Refusal::Unreadable)?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let mut raster = if image.color().has_alpha() {
        let rgba = image.into_rgba8().into_raw();
        if rgba.chunks_exact(4).all(|p| p[3] == 255) {
            Raster {
                width,
                height,
                alpha: false,
                data: rgba
                    .chunks_exact(4)
                    .flat_map(|p| [p[0], p[1], p[2]])
                    .collect(),
            }
        } else {
            Raster {
                width,
                height,
                alpha: true,
                data: rgba,
            }
        }
    } else {
        Raster {
            width,
            height,
            alpha: false,
            data: image.into_rgb8().into_raw(),
        }
    };
    if let Some(icc) = icc {
        to_srgb(&mut raster, &icc);
    }
    Ok(raster)
}

/// Converts pixels described by an ICC profile to sRGB (relative colorimetric, the
/// profile's default), so that a Display P3 photo keeps its look without a profile.
/// A profile that cannot be read or is not an RGB one leaves the pixels as they are.
fn to_srgb(raster: &mut Raster, icc: &[u8]) {
    use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};
    let Ok(profile) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    if profile.color_space != DataColorSpace::Rgb {
        return;
    }
    let layout = if raster.alpha {
        Layout::Rgba
    } else {
        Layout::Rgb
    };
    let srgb = ColorProfile::new_srgb();
    let Ok(transform) =
        profile.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    let mut out = vec![0; raster.data.len()];
    if transform.transform(&raster.data, &mut out).is_ok() {
        raster.data = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageEncoder;

    fn png(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(rgba, width, height, image::ExtendedColorType::Rgba8)
            .unwrap();
        out
    }

    #[test]
    fn opaque_rgba_becomes_rgb_and_transparency_is_kept() {
        let opaque = png(2, 1, &[1, 2, 3, 255, 4, 5, 6, 255]);
        let r = decode(&opaque, 100).unwrap();
        assert_eq!((r.alpha, r.data), (false, vec![1, 2, 3, 4, 5, 6]));
        let clear = png(2, 1, &[1, 2, 3, 255, 4, 5, 6, 0]);
        assert!(decode(&clear, 100).unwrap().alpha);
        let h = header(&clear).unwrap();
        assert_eq!(
            (h.format, h.width, h.height, h.lossless),
            (Format::Png, 2, 1, true)
        );
    }

    #[test]
    fn too_many_pixels_are_refused_before_decoding() {
        let img = png(20, 10, &[9; 20 * 10 * 4]);
        assert_eq!(
            decode(&img, 199),
            Err(Refusal::TooLarge {
                width: 20,
                height: 10
            })
        );
        assert!(decode(&img, 200).is_ok());
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        assert_eq!(header(b"not an image at all"), Err(Refusal::Unreadable));
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert_eq!(header(heic), Err(Refusal::Heic));
        let mut truncated = png(8, 8, &[200; 256]);
        truncated.truncate(60);
        assert_eq!(decode(&truncated, 1000), Err(Refusal::Unreadable));
    }

    #[test]
    fn display_p3_colours_are_converted_to_srgb() {
        let p3 = moxcms::ColorProfile::new_display_p3().encode().unwrap();
        // Grey is the same in both spaces; a saturated P3 red lies outside sRGB and
        // becomes the reddest sRGB red there is; an orange gets more saturated numbers.
        let mut r = Raster {
            width: 3,
            height: 1,
            alpha: false,
            data: vec![128, 128, 128, 255, 0, 0, 200, 120, 60],
        };
        to_srgb(&mut r, &p3);
        let [g1, g2, g3, r1, r2, r3, o1, o2, o3] = r.data[..] else {
            panic!()
        };
        assert!(
            [g1, g2, g3].iter().all(|v| v.abs_diff(128) <= 1),
            "{:?}",
            r.data
        );
        assert!(r1 == 255 && r2 < 10 && r3 < 10, "{:?}", r.data);
        assert!(o1 > 200 && o2 < 120 && o3 < 60, "{:?}", r.data);
    }
}
