//! Lossy and lossless WebP through libwebp, the reference encoder (vendored and built
//! by `libwebp-sys`). The only unsafe code of the module: a picture is imported from
//! a checked pixel buffer, encoded into libwebp's memory writer, and both are freed on
//! every path by guards.

#![allow(unsafe_code, reason = "the FFI to libwebp; see the SAFETY comments")]

use super::resize::Raster;
use libwebp_sys as sys;
use std::mem::MaybeUninit;

/// How to encode: lossy for photos, lossless for drawings, logos and screenshots.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Mode {
    /// Lossy at this quality (0–100), tuned for photos.
    Lossy(f32),
    /// Lossless: every pixel as it is.
    Lossless,
}

/// Frees a picture's buffers when dropped.
struct Picture(sys::WebPPicture);

impl Drop for Picture {
    fn drop(&mut self) {
        // SAFETY: the picture was initialised by WebPPictureInitInternal; freeing an
        // initialised picture without buffers is allowed.
        unsafe { sys::WebPPictureFree(&mut self.0) }
    }
}

/// Frees the memory writer's buffer when dropped.
struct Writer(sys::WebPMemoryWriter);

impl Drop for Writer {
    fn drop(&mut self) {
        // SAFETY: the writer was initialised by WebPMemoryWriterInit.
        unsafe { sys::WebPMemoryWriterClear(&mut self.0) }
    }
}

/// The WebP file of `raster` (RGB or RGBA), or libwebp's error code.
pub(super) fn encode(raster: &Raster, mode: Mode) -> Result<Vec<u8>, String> {
    let (w, h) = (raster.width as i32, raster.height as i32);
    let channels = if raster.alpha { 4 } else { 3 };
    if raster.width == 0
        || raster.height == 0
        || raster.width > 16383
        || raster.height > 16383
        || raster.data.len() != raster.width as usize * raster.height as usize * channels
    {
        return Err(format!(
            "{}×{} pixels cannot be written as WebP",
            raster.width, raster.height
        ));
    }
    let abi = sys::WEBP_ENCODER_ABI_VERSION as i32;
    let mut config = MaybeUninit::<sys::WebPConfig>::uninit();
    let (preset, quality) = match mode {
        Mode::Lossy(q) => (sys::WebPPreset::WEBP_PRESET_PHOTO, q),
        Mode::Lossless => (sys::WebPPreset::WEBP_PRESET_DEFAULT, 75.0),
    };
    // SAFETY: WebPConfigInitInternal fills the whole struct or returns 0.
    if unsafe { sys::WebPConfigInitInternal(config.as_mut_ptr(), preset, quality, abi) } == 0 {
        return Err("libwebp has another version than its headers".into());
    }
    // SAFETY: initialised just above.
    let mut config = unsafe { config.assume_init() };
    if mode == Mode::Lossless {
        config.lossless = 1;
        config.exact = 0;
    }
    // One thread each: fachwerk runs one encoder per core, and a fixed thread level
    // keeps the output independent of the machine.
    config.thread_level = 0;
    // SAFETY: a valid, initialised config.
    if unsafe { sys::WebPValidateConfig(&config) } == 0 {
        return Err("invalid WebP settings".into());
    }
    let mut picture = MaybeUninit::<sys::WebPPicture>::uninit();
    // SAFETY: WebPPictureInitInternal fills the whole struct or returns 0.
    if unsafe { sys::WebPPictureInitInternal(picture.as_mut_ptr(), abi) } == 0 {
        return Err("libwebp has another version than its headers".into());
    }
    // SAFETY: initialised just above; from here on the guard frees it.
    let mut picture = Picture(unsafe { picture.assume_init() });
    picture.0.width = w;
    picture.0.height = h;
    picture.0.use_argb = i32::from(mode == Mode::Lossless);
    let stride = w * channels as i32;
    // SAFETY: `data` holds exactly width × height × channels bytes (checked above);
    // the import copies them into the picture's own buffers.
    let imported = unsafe {
        if raster.alpha {
            sys::WebPPictureImportRGBA(&mut picture.0, raster.data.as_ptr(), stride)
        } else {
            sys::WebPPictureImportRGB(&mut picture.0, raster.data.as_ptr(), stride)
        }
    };
    if imported == 0 {
        return Err(format!("libwebp: {:?}", picture.0.error_code));
    }
    let mut writer = MaybeUninit::<sys::WebPMemoryWriter>::uninit();
    // SAFETY: WebPMemoryWriterInit fills the whole struct.
    unsafe { sys::WebPMemoryWriterInit(writer.as_mut_ptr()) };
    // SAFETY: initialised just above; from here on the guard frees it.
    let mut writer = Writer(unsafe { writer.assume_init() });
    picture.0.writer = Some(sys::WebPMemoryWrite);
    picture.0.custom_ptr = (&mut writer.0 as *mut sys::WebPMemoryWriter).cast();
    // SAFETY: config and picture are valid; the writer outlives the call.
    if unsafe { sys::WebPEncode(&config, &mut picture.0) } == 0 {
        return Err(format!("libwebp: {:?}", picture.0.error_code));
    }
    if writer.0.mem.is_null() {
        return Err("libwebp wrote nothing".into());
    }
    // SAFETY: libwebp wrote `size` bytes at `mem`; they stay valid until the guard drops.
    Ok(unsafe { std::slice::from_raw_parts(writer.0.mem, writer.0.size) }.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raster(width: u32, height: u32, alpha: bool) -> Raster {
        let channels = if alpha { 4 } else { 3 };
        let data = (0..width * height * channels)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        Raster {
            width,
            height,
            alpha,
            data,
        }
    }

    #[test]
    fn lossy_and_lossless_files_decode_at_their_size() {
        for (alpha, mode) in [
            (false, Mode::Lossy(75.0)),
            (true, Mode::Lossy(75.0)),
            (false, Mode::Lossless),
            (true, Mode::Lossless),
        ] {
            let bytes = encode(&raster(33, 17, alpha), mode).unwrap();
            assert_eq!(&bytes[..4], b"RIFF");
            assert_eq!(&bytes[8..12], b"WEBP");
            let decoded = image::load_from_memory(&bytes).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (33, 17));
            assert_eq!(decoded.color().has_alpha(), alpha, "{mode:?}");
        }
    }

    #[test]
    fn lossless_keeps_every_pixel() {
        let r = raster(20, 10, false);
        let bytes = encode(&r, Mode::Lossless).unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(decoded.into_raw(), r.data);
    }

    #[test]
    fn a_buffer_of_the_wrong_length_is_refused_not_read() {
        let mut r = raster(10, 10, false);
        r.data.truncate(299);
        assert!(encode(&r, Mode::Lossy(75.0)).is_err());
        r.width = 0;
        assert!(encode(&r, Mode::Lossless).is_err());
    }
}
