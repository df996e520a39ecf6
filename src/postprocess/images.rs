//! Intrinsic sizes of the site's images, read at build time from the files' headers
//! (raster formats with `imagesize`, SVG from the root element's `width`, `height`
//! and `viewBox`), so that post-processing can give every `<img>` its `width` and
//! `height` and the page does not shift while images load (WCAG 2.2's and Core Web
//! Vitals' layout-shift concern, and a calmer page for people who zoom).

use crate::util::files::{Content, OutputFile};
use lol_html::{RewriteStrSettings, element, rewrite_str};
use rayon::prelude::*;
use std::cell::Cell;
use std::collections::HashMap;

/// Width and height in CSS pixels.
pub(crate) type Size = (u32, u32);

const RASTER: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "heic", "heif", "bmp", "ico",
];

/// The size of every image of the output whose size can be read, by root-relative
/// URL (`/images/a.svg`). Unreadable images are left out: they keep no size.
pub(crate) fn sizes(files: &[OutputFile]) -> HashMap<String, Size> {
    files
        .par_iter()
        .filter_map(|f| {
            let ext = f.path.rsplit_once('.')?.1.to_ascii_lowercase();
            let size = if ext == "svg" {
                svg_size(&String::from_utf8_lossy(&f.bytes().ok()?))
            } else if RASTER.contains(&ext.as_str()) {
                let dim = match &f.content {
                    Content::Copy(p) => imagesize::size(p).ok()?,
                    Content::Bytes(b) => imagesize::blob_size(b).ok()?,
                    Content::Html(_) => return None,
                };
                Some((
                    u32::try_from(dim.width).ok()?,
                    u32::try_from(dim.height).ok()?,
                ))
            } else {
                None
            }?;
            (size.0 > 0 && size.1 > 0).then(|| (format!("/{}", f.path), size))
        })
        .collect()
}

/// `800`, `800px`, `56.5` → a length in pixels; relative units give `None`.
fn px(value: &str) -> Option<f64> {
    let v = value.trim();
    let v = v.strip_suffix("px").unwrap_or(v).trim();
    v.parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0)
}

/// `width`, `height` (in pixels, when given so) and the `viewBox`'s width and height.
type SvgAttributes = (Option<f64>, Option<f64>, Option<(f64, f64)>);

/// The size of an SVG: `width` and `height` in pixels, else the `viewBox`, scaling
/// one given side by the `viewBox`'s aspect ratio.
pub(crate) fn svg_size(text: &str) -> Option<Size> {
    let found: Cell<Option<SvgAttributes>> = Cell::new(None);
    let settings =
        RewriteStrSettings::new().append_element_content_handler(element!("svg", |el| {
            if found.get().is_none() {
                let view_box = el.get_attribute("viewBox").and_then(|vb| {
                    let n: Vec<f64> = vb
                        .split([' ', ',', '\t', '\n'])
                        .filter(|s| !s.is_empty())
                        .filter_map(|s| s.parse().ok())
                        .collect();
                    (n.len() == 4 && n[2] > 0.0 && n[3] > 0.0).then(|| (n[2], n[3]))
                });
                found.set(Some((
                    el.get_attribute("width").as_deref().and_then(px),
                    el.get_attribute("height").as_deref().and_then(px),
                    view_box,
                )));
            }
            Ok(())
        }));
    let _ = rewrite_str(text, settings);
    let (w, h) = match found.get()? {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(vb)) => vb,
        _ => return None,
    };
    Some((w.round() as u32, h.round() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_from_attributes_and_view_box() {
        let svg =
            |attrs: &str| svg_size(&format!("<?xml version=\"1.0\"?>\n<svg {attrs}><g/></svg>"));
        assert_eq!(svg(r#"width="800" height="450px""#), Some((800, 450)));
        assert_eq!(svg(r#"viewBox="0 0 160 64""#), Some((160, 64)));
        assert_eq!(svg(r#"width="100%" viewBox="0,0,160,64""#), Some((160, 64)));
        assert_eq!(svg(r#"width="80" viewBox="0 0 160 64""#), Some((80, 32)));
        assert_eq!(svg(r#"width="10em""#), None);
    }

    #[test]
    fn raster_sizes_from_headers() {
        // A 3×2 PNG: signature, IHDR length and type, width, height.
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        png.extend(b"IHDR");
        png.extend([0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0]);
        let files = vec![
            OutputFile {
                path: "images/a.png".into(),
                content: Content::Bytes(png),
            },
            OutputFile {
                path: "images/kaputt.jpg".into(),
                content: Content::Bytes(b"not an image".to_vec()),
            },
            OutputFile {
                path: "logos/l.svg".into(),
                content: Content::Bytes(br#"<svg width="56" height="56"></svg>"#.to_vec()),
            },
        ];
        let s = sizes(&files);
        assert_eq!(s.get("/images/a.png"), Some(&(3, 2)));
        assert_eq!(s.get("/logos/l.svg"), Some(&(56, 56)));
        assert!(!s.contains_key("/images/kaputt.jpg"));
    }
}
