//! Compares resizers and encoders for image variants (docs/images.md has the results
//! and the choice): time, size and luma PSNR of each at 1600 px wide, whether two runs
//! give the same bytes, and whether fast_image_resize gives the same bytes on every
//! CPU level. Sources: two generated 4000×3000 photos, and any JPEG named on the
//! command line (`--quick` leaves out AVIF and image's own resizer).

#[path = "../../../examples/image-bench/photo.rs"]
mod photo;

use fast_image_resize as fir;
use image::ImageEncoder;
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn resize(
    src: &[u8],
    sw: u32,
    sh: u32,
    dw: u32,
    dh: u32,
    ext: Option<fir::CpuExtensions>,
) -> Vec<u8> {
    let s = fir::images::ImageRef::new(sw, sh, src, fir::PixelType::U8x3).unwrap();
    let mut d = fir::images::Image::new(dw, dh, fir::PixelType::U8x3);
    let mut r = fir::Resizer::new();
    if let Some(e) = ext {
        unsafe { r.set_cpu_extensions(e) };
    }
    r.resize(&s, &mut d, &fir::ResizeOptions::new()).unwrap();
    d.into_vec()
}

fn libwebp(rgb: &[u8], w: u32, h: u32, q: f32, method: i32) -> Vec<u8> {
    use libwebp_sys::*;
    unsafe {
        let mut config = std::mem::MaybeUninit::<WebPConfig>::uninit();
        assert!(
            WebPConfigInitInternal(
                config.as_mut_ptr(),
                WebPPreset::WEBP_PRESET_PHOTO,
                q,
                WEBP_ENCODER_ABI_VERSION as _
            ) != 0
        );
        let mut config = config.assume_init();
        config.method = method;
        assert!(WebPValidateConfig(&config) != 0);
        let mut pic = std::mem::MaybeUninit::<WebPPicture>::uninit();
        assert!(WebPPictureInitInternal(pic.as_mut_ptr(), WEBP_ENCODER_ABI_VERSION as _) != 0);
        let mut pic = pic.assume_init();
        pic.width = w as i32;
        pic.height = h as i32;
        assert!(WebPPictureImportRGB(&mut pic, rgb.as_ptr(), (w * 3) as i32) != 0);
        let mut wr = std::mem::MaybeUninit::<WebPMemoryWriter>::uninit();
        WebPMemoryWriterInit(wr.as_mut_ptr());
        let mut wr = wr.assume_init();
        pic.writer = Some(WebPMemoryWrite);
        pic.custom_ptr = &mut wr as *mut _ as *mut std::ffi::c_void;
        let ok = WebPEncode(&config, &mut pic);
        WebPPictureFree(&mut pic);
        assert!(ok != 0);
        let out = std::slice::from_raw_parts(wr.mem, wr.size).to_vec();
        WebPMemoryWriterClear(&mut wr);
        out
    }
}

fn psnr(a: &[u8], b: &[u8]) -> f64 {
    // On luma (BT.601), the eye's main channel.
    let y = |p: &[u8]| 0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64;
    let mse: f64 = a
        .chunks(3)
        .zip(b.chunks(3))
        .map(|(p, q)| (y(p) - y(q)).powi(2))
        .sum::<f64>()
        / (a.len() / 3) as f64;
    10.0 * (255.0f64 * 255.0 / mse).log10()
}

fn decode_rgb(bytes: &[u8]) -> Vec<u8> {
    image::load_from_memory(bytes).unwrap().to_rgb8().into_raw()
}

fn report(name: &str, t: f64, bytes: &[u8], reference: &[u8], decodable: bool) {
    let q = if decodable {
        format!("{:.2} dB", psnr(reference, &decode_rgb(bytes)))
    } else {
        "-".into()
    };
    println!(
        "  {name:<38} {t:>8.1} ms {:>8.1} KB  PSNR-Y {q}",
        bytes.len() as f64 / 1024.0
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let mut sources: Vec<(String, Vec<u8>)> = vec![];
    for seed in 1..=2u64 {
        let t = Instant::now();
        let rgb = photo::photo(4000, 3000, seed);
        let gen_ms = ms(t);
        let mut jpg = vec![];
        let t = Instant::now();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpg, 92)
            .write_image(&rgb, 4000, 3000, image::ExtendedColorType::Rgb8)
            .unwrap();
        println!(
            "synthetic {seed}: generated in {gen_ms:.0} ms, JPEG q92 {:.2} MB in {:.0} ms",
            jpg.len() as f64 / 1e6,
            ms(t)
        );
        sources.push((format!("synthetic-{seed}"), jpg));
    }
    for path in args.iter().skip(1).filter(|a| *a != "--quick") {
        sources.push((path.clone(), std::fs::read(path).unwrap()));
    }
    for (name, bytes) in &sources {
        let t = Instant::now();
        let img = image::load_from_memory(bytes).unwrap().to_rgb8();
        let (sw, sh) = img.dimensions();
        println!(
            "\n== {name}: {sw}x{sh}, {:.2} MB, decode {:.0} ms",
            bytes.len() as f64 / 1e6,
            ms(t)
        );
        let src = img.into_raw();
        let dh = |dw: u32| ((sh as u64 * dw as u64 + sw as u64 / 2) / sw as u64) as u32;
        let t = Instant::now();
        let r1600 = resize(&src, sw, sh, 1600, dh(1600), None);
        println!("  resize fir lanczos3 ->1600 {:.1} ms", ms(t));
        let t = Instant::now();
        let _ = resize(&src, sw, sh, 960, dh(960), None);
        let _ = resize(&src, sw, sh, 480, dh(480), None);
        println!(
            "  resize fir lanczos3 ->960,->480 from original {:.1} ms",
            ms(t)
        );
        let t = Instant::now();
        let _ = resize(&r1600, 1600, dh(1600), 960, dh(960), None);
        let _ = resize(&r1600, 1600, dh(1600), 480, dh(480), None);
        println!(
            "  resize fir lanczos3 ->960,->480 from 1600 {:.1} ms",
            ms(t)
        );
        if !quick {
            let t = Instant::now();
            let im = image::RgbImage::from_raw(sw, sh, src.clone()).unwrap();
            let _ =
                image::imageops::resize(&im, 1600, dh(1600), image::imageops::FilterType::Lanczos3);
            println!("  resize image::imageops lanczos3 ->1600 {:.1} ms", ms(t));
            for e in [
                fir::CpuExtensions::None,
                fir::CpuExtensions::Sse4_1,
                fir::CpuExtensions::Avx2,
            ] {
                if e.is_supported() {
                    let t = Instant::now();
                    let o = resize(&src, sw, sh, 1600, dh(1600), Some(e));
                    println!(
                        "  fir {e:?}: {:.1} ms, identical to default: {}",
                        ms(t),
                        o == r1600
                    );
                }
            }
        }
        let (w, h) = (1600, dh(1600));
        let r = &r1600;
        let enc = |label: &str, f: &dyn Fn() -> Vec<u8>, decodable: bool| {
            let t = Instant::now();
            let a = f();
            let el = ms(t);
            let b = f();
            report(label, el, &a, r, decodable);
            if a != b {
                println!("    NOT DETERMINISTIC");
            }
        };
        enc("libwebp 1.6 q75 m4", &|| libwebp(r, w, h, 75.0, 4), true);
        enc("libwebp 1.6 q80 m4", &|| libwebp(r, w, h, 80.0, 4), true);
        enc("libwebp 1.6 q75 m6", &|| libwebp(r, w, h, 75.0, 6), true);
        enc("libwebp 1.6 q75 m2", &|| libwebp(r, w, h, 75.0, 2), true);
        enc(
            "zenwebp q75 m4",
            &|| {
                let c = zenwebp::LossyConfig::new()
                    .with_quality(75.0)
                    .with_method(4);
                zenwebp::EncodeRequest::lossy(&c, r, zenwebp::PixelLayout::Rgb8, w, h)
                    .encode()
                    .unwrap()
            },
            true,
        );
        if !quick {
            enc(
                "image-webp lossless",
                &|| {
                    let mut o = vec![];
                    image::codecs::webp::WebPEncoder::new_lossless(&mut o)
                        .write_image(r, w, h, image::ExtendedColorType::Rgb8)
                        .unwrap();
                    o
                },
                true,
            );
            enc(
                "png (image, default)",
                &|| {
                    let mut o = vec![];
                    image::codecs::png::PngEncoder::new(&mut o)
                        .write_image(r, w, h, image::ExtendedColorType::Rgb8)
                        .unwrap();
                    o
                },
                true,
            );
        }
        enc(
            "jpeg image q80",
            &|| {
                let mut o = vec![];
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut o, 80)
                    .write_image(r, w, h, image::ExtendedColorType::Rgb8)
                    .unwrap();
                o
            },
            true,
        );
        enc(
            "jpeg-encoder q80 optimized+progressive",
            &|| {
                let mut o = vec![];
                let mut e = jpeg_encoder::Encoder::new(&mut o, 80);
                e.set_optimized_huffman_tables(true);
                e.set_progressive(true);
                e.encode(r, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
                    .unwrap();
                o
            },
            true,
        );
        enc(
            "jpeg-encoder q80 baseline",
            &|| {
                let mut o = vec![];
                let e = jpeg_encoder::Encoder::new(&mut o, 80);
                e.encode(r, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
                    .unwrap();
                o
            },
            true,
        );
        if !quick {
            let px: Vec<rgb::RGB8> = r
                .chunks(3)
                .map(|p| rgb::RGB8::new(p[0], p[1], p[2]))
                .collect();
            for speed in [10u8, 8, 6] {
                enc(
                    &format!("ravif q70 speed {speed} (1 thread)"),
                    &|| {
                        ravif::Encoder::new()
                            .with_quality(70.0)
                            .with_speed(speed)
                            .with_num_threads(Some(1))
                            .encode_rgb(imgref::Img::new(&px[..], w as usize, h as usize))
                            .unwrap()
                            .avif_file
                    },
                    false,
                );
            }
        }
    }
}
