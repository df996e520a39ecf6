//! Scaling and cropping decoded pixels with `fast_image_resize` (Lanczos3 with SIMD).
//! Its results are the same on every CPU level (checked in a test below), so a variant
//! does not depend on the machine that made it.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{PixelType, ResizeOptions, Resizer};

/// Decoded pixels in sRGB, 8 bits a channel, rows from top to bottom: RGB, or RGBA
/// (not premultiplied) when the image has transparency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Raster {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Whether `data` has a fourth channel, alpha.
    pub alpha: bool,
    /// 3 or 4 bytes a pixel.
    pub data: Vec<u8>,
}

/// `raster` scaled to `width`×`height`, or, with `cover`, cropped around its centre to
/// that aspect ratio first (a social card from a photo of another shape).
pub(super) fn resize(
    raster: &Raster,
    width: u32,
    height: u32,
    cover: bool,
) -> Result<Raster, String> {
    if (width, height) == (raster.width, raster.height) {
        return Ok(raster.clone());
    }
    let kind = if raster.alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let src = ImageRef::new(raster.width, raster.height, &raster.data, kind)
        .map_err(|e| e.to_string())?;
    let mut dst = Image::new(width, height, kind);
    let mut options = ResizeOptions::new();
    if cover {
        options = options.fit_into_destination(Some((0.5, 0.5)));
    }
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| e.to_string())?;
    Ok(Raster {
        width,
        height,
        alpha: raster.alpha,
        data: dst.into_vec(),
    })
}

/// The height of `width` at the aspect ratio of `w`×`h`, rounded, at least 1.
pub(super) fn height_for(w: u32, h: u32, width: u32) -> u32 {
    let scaled = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w.max(1));
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fast_image_resize::CpuExtensions;

    fn gradient(width: u32, height: u32, alpha: bool) -> Raster {
        let mut data = Vec::new();
        for y in 0..height {
            for x in 0..width {
                data.extend([(x * 255 / width) as u8, (y * 255 / height) as u8, 90]);
                if alpha {
                    data.push(((x + y) % 256) as u8);
                }
            }
        }
        Raster {
            width,
            height,
            alpha,
            data,
        }
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        assert_eq!(height_for(4000, 3000, 960), 720);
        assert_eq!(height_for(3000, 4000, 480), 640);
        assert_eq!(height_for(1000, 1, 480), 1);
        assert_eq!(height_for(333, 100, 100), 30);
    }

    #[test]
    fn scaling_and_cover_cropping_give_the_asked_size() {
        let r = gradient(200, 100, false);
        let small = resize(&r, 50, 25, false).unwrap();
        assert_eq!(
            (small.width, small.height, small.data.len()),
            (50, 25, 50 * 25 * 3)
        );
        // The left edge stays dark in red, the right edge bright.
        assert!(small.data[0] < 20 && small.data[49 * 3] > 230);
        // Cover: a square from the middle; its left edge is the middle's left (red ~64).
        let square = resize(&r, 40, 40, true).unwrap();
        assert_eq!((square.width, square.height), (40, 40));
        assert!((50..80).contains(&square.data[0]), "{}", square.data[0]);
        let rgba = resize(&gradient(64, 64, true), 16, 16, false).unwrap();
        assert_eq!(rgba.data.len(), 16 * 16 * 4);
    }

    /// Variants must not depend on the machine: every CPU level this one has gives the
    /// same bytes as plain Rust.
    #[test]
    #[allow(unsafe_code, reason = "choosing a CPU level of fast_image_resize")]
    fn every_cpu_level_gives_the_same_bytes() {
        let r = gradient(301, 203, false);
        let src = ImageRef::new(r.width, r.height, &r.data, PixelType::U8x3).unwrap();
        let run = |ext: CpuExtensions| {
            let mut dst = Image::new(97, 61, PixelType::U8x3);
            let mut resizer = Resizer::new();
            // SAFETY: only levels the CPU supports are used (checked by the caller).
            unsafe { resizer.set_cpu_extensions(ext) };
            resizer
                .resize(&src, &mut dst, &ResizeOptions::new())
                .unwrap();
            dst.into_vec()
        };
        let plain = run(CpuExtensions::None);
        #[cfg(target_arch = "x86_64")]
        for ext in [CpuExtensions::Sse4_1, CpuExtensions::Avx2] {
            if ext.is_supported() {
                assert_eq!(run(ext), plain, "{ext:?}");
            }
        }
        #[cfg(target_arch = "aarch64")]
        if CpuExtensions::Neon.is_supported() {
            assert_eq!(run(CpuExtensions::Neon), plain);
        }
    }
}
