//! Writing pixels as files: WebP (libwebp), JPEG (progressive, `jpeg-encoder`) and PNG
//! (`image`). Each file is made from pixels alone, so none carries EXIF, XMP, IPTC, an
//! ICC profile, text chunks or comments: nothing of the original's metadata can leave.

use super::resize::Raster;
use super::webp::{self, Mode};
use image::ImageEncoder;

/// Quality of lossy WebP variants: libwebp's default, about JPEG 85 to the eye.
pub(super) const WEBP_QUALITY: f32 = 75.0;
/// Quality of JPEG fallbacks and social cards.
pub(super) const JPEG_QUALITY: u8 = 80;

/// An output format with its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Encoding {
    /// Lossy WebP for photos.
    WebpLossy,
    /// Lossless WebP for drawings, logos and screenshots.
    WebpLossless,
    /// Progressive JPEG; transparency is laid on white.
    Jpeg,
    /// PNG, lossless.
    Png,
    /// A GIF copied frame by frame (animations stay), without comments and
    /// application blocks (XMP); made from the original's bytes, not from pixels.
    GifCopy,
}

impl Encoding {
    /// The file extension.
    pub(super) fn ext(self) -> &'static str {
        match self {
            Encoding::WebpLossy | Encoding::WebpLossless => "webp",
            Encoding::Jpeg => "jpg",
            Encoding::Png => "png",
            Encoding::GifCopy => "gif",
        }
    }

    /// The settings as text, part of the cache key: change it with the settings.
    pub(super) fn key(self) -> String {
        match self {
            Encoding::WebpLossy => format!("webp-lossy-q{WEBP_QUALITY}"),
            Encoding::WebpLossless => "webp-lossless".into(),
            Encoding::Jpeg => format!("jpeg-progressive-q{JPEG_QUALITY}"),
            Encoding::Png => "png-best".into(),
            Encoding::GifCopy => "gif-copy".into(),
        }
    }
}

/// The file of `raster` in `encoding` ([`Encoding::GifCopy`] is made by [`gif_copy`]).
pub(super) fn encode(raster: &Raster, encoding: Encoding) -> Result<Vec<u8>, String> {
    match encoding {
        Encoding::WebpLossy => webp::encode(raster, Mode::Lossy(WEBP_QUALITY)),
        Encoding::WebpLossless => webp::encode(raster, Mode::Lossless),
        Encoding::Jpeg => jpeg(raster),
        Encoding::Png => png(raster),
        Encoding::GifCopy => Err("a GIF is copied, not encoded".into()),
    }
}

/// A GIF with the same frames, palettes, timing and looping as `bytes`, and nothing
/// else: comments and application blocks (where XMP lives) are not copied. The
/// frames' indexed pixels are compressed again, without loss.
pub(super) fn gif_copy(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    options.set_memory_limit(gif::MemoryLimit::Bytes(
        std::num::NonZeroU64::new(256 << 20).expect("not zero"),
    ));
    let mut decoder = options.read_info(bytes).map_err(|e| e.to_string())?;
    let palette = decoder.global_palette().unwrap_or(&[]).to_vec();
    let (width, height, repeat) = (decoder.width(), decoder.height(), decoder.repeat());
    let mut out = Vec::new();
    {
        let mut encoder =
            gif::Encoder::new(&mut out, width, height, &palette).map_err(|e| e.to_string())?;
        encoder.set_repeat(repeat).map_err(|e| e.to_string())?;
        while let Some(frame) = decoder.read_next_frame().map_err(|e| e.to_string())? {
            encoder.write_frame(frame).map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

fn jpeg(raster: &Raster) -> Result<Vec<u8>, String> {
    let (w, h) = (
        u16::try_from(raster.width).map_err(|_| "too wide for JPEG")?,
        u16::try_from(raster.height).map_err(|_| "too high for JPEG")?,
    );
    let rgb;
    let data = if raster.alpha {
        rgb = on_white(&raster.data);
        &rgb
    } else {
        &raster.data
    };
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY);
    encoder.set_progressive(true);
    encoder.set_optimized_huffman_tables(true);
    encoder
        .encode(data, w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// RGBA pixels laid on white, as RGB.
fn on_white(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
            [blend(p[0]), blend(p[1]), blend(p[2])]
        })
        .collect()
}

fn png(raster: &Raster) -> Result<Vec<u8>, String> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let kind = if raster.alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive)
        .write_image(&raster.data, raster.width, raster.height, kind)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparency_is_laid_on_white_for_jpeg() {
        assert_eq!(
            on_white(&[10, 20, 30, 255, 10, 20, 30, 0, 0, 0, 0, 128]),
            vec![10, 20, 30, 255, 255, 255, 127, 127, 127]
        );
    }

    #[test]
    fn every_encoding_gives_a_file_of_its_format() {
        let raster = Raster {
            width: 16,
            height: 9,
            alpha: true,
            data: (0..16 * 9 * 4).map(|i| (i % 256) as u8).collect(),
        };
        for (encoding, format) in [
            (Encoding::WebpLossy, image::ImageFormat::WebP),
            (Encoding::WebpLossless, image::ImageFormat::WebP),
            (Encoding::Jpeg, image::ImageFormat::Jpeg),
            (Encoding::Png, image::ImageFormat::Png),
        ] {
            let bytes = encode(&raster, encoding).unwrap();
            assert_eq!(image::guess_format(&bytes).unwrap(), format);
            let img = image::load_from_memory(&bytes).unwrap();
            assert_eq!((img.width(), img.height()), (16, 9), "{encoding:?}");
        }
    }
}
