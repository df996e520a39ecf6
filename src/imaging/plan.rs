//! Which files each original becomes, decided from its header and hash alone, so that
//! pages can be rendered with every `srcset` before any pixel is encoded; and the
//! findings an editor should see about an original (too large, not a web format).

use super::ENGINE_VERSION;
use super::decode::{self, Format, Header, Refusal};
use super::encode::Encoding;
use super::resize::height_for;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::messages::{Language, Msg};
use crate::util::html::escape;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The widths of the WebP variants, in pixels: phones, tablets and the text column
/// (46rem) on screens with two pixels per CSS pixel. An original narrower than the
/// largest gets its own width as the largest variant instead; none is upscaled.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// The fallback (the original's format, at the original's URL) is at most this wide.
pub const FALLBACK_MAX_WIDTH: u32 = 1600;
/// Width and height of a social card (`og:image`), the size Facebook, LinkedIn and
/// Mastodon show large.
pub const SOCIAL_CARD: (u32, u32) = (1200, 630);
/// Originals with more pixels are refused: decoding one would take over 200 MB.
pub const MAX_PIXELS: u64 = 50_000_000;
/// An original file larger than this many bytes gets a warning.
pub const WARN_BYTES: u64 = 10_000_000;
/// An original with a longer side than this many pixels gets a warning.
pub const WARN_SIDE: u32 = 6000;
/// The `sizes` of an image in the text column: its width up to the column's (46rem).
pub const DEFAULT_SIZES: &str = "(min-width: 46rem) 46rem, 100vw";

const _: () = assert!(WIDTHS[WIDTHS.len() - 1] <= 2400 && FALLBACK_MAX_WIDTH <= 2400);

/// An image of the site that pages show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    /// Its root-relative URL, `/images/foto.jpg`; the fallback is published here.
    pub url: String,
    /// Where to read it.
    pub path: PathBuf,
    /// The file as the editor knows it (`static/images/foto.jpg`), for findings.
    pub file: PathBuf,
    /// Whether to make a social card of it (the image of an item, for `og:image`).
    pub social_card: bool,
}

/// What HTML needs to show an image: written by templates and the Markdown step as
/// `<picture>` with a WebP `<source>` and an `<img>` for the fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// The fallback's URL: the original's URL.
    pub src: String,
    /// The fallback's width in pixels (the `width` of `<img>`).
    pub width: u32,
    /// The fallback's height in pixels (the `height` of `<img>`).
    pub height: u32,
    /// The WebP variants, `/images/foto-480w.1a2b3c4d.webp 480w, …`; empty for a GIF,
    /// which has its fallback only.
    pub srcset: String,
    /// The social card, when one was asked for.
    pub social: Option<SocialCard>,
}

/// A crop of the original for `og:image`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialCard {
    /// Root-relative URL of the JPEG.
    pub url: String,
    /// Its width (1200 unless the original is smaller).
    pub width: u32,
    /// Its height (630 unless the original is smaller).
    pub height: u32,
}

/// One file to produce from an original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantJob {
    /// Root-relative URL of the file.
    pub url: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The cache key: SHA-256 (hex) of the original's bytes, these settings and the
    /// engine version.
    pub key: String,
    pub(super) encoding: Encoding,
    /// Crop to the aspect ratio instead of scaling (social cards).
    pub(super) cover: bool,
}

/// One original with its picture and jobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The original.
    pub original: Original,
    /// What HTML needs.
    pub picture: Picture,
    /// The files to produce: variants, the fallback, the social card.
    pub jobs: Vec<VariantJob>,
    /// SHA-256 (hex) of the original's bytes, checked again when producing.
    pub(super) digest: String,
}

/// The plan of a build: every usable original, in the order given, and the findings.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The originals that can be used.
    pub images: Vec<Planned>,
    /// Errors (an original that cannot be used) and warnings (one that is too large).
    pub findings: Diagnostics,
}

impl Picture {
    /// The image as HTML: `<picture>` with the WebP variants and the fallback, `width`
    /// and `height` set so the page does not shift while it loads. `alt` is plain text;
    /// `sizes` says how wide the image is shown ([`DEFAULT_SIZES`] in the text column).
    pub fn html(&self, alt: &str, sizes: &str) -> String {
        let img = format!(
            r#"<img src="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">"#,
            escape(&self.src),
            self.width,
            self.height,
            escape(alt)
        );
        if self.srcset.is_empty() {
            return img;
        }
        format!(
            r#"<picture><source type="image/webp" srcset="{}" sizes="{}">{img}</picture>"#,
            escape(&self.srcset),
            escape(sizes)
        )
    }
}

/// Reads every original (in parallel) and plans its files. Originals that cannot be
/// used are left out with an error finding; the rest of the plan stands.
pub fn plan(originals: &[Original]) -> Plan {
    let results: Vec<(Option<Planned>, Diagnostics)> = originals.par_iter().map(plan_one).collect();
    let mut plan = Plan::default();
    for (planned, findings) in results {
        plan.images.extend(planned);
        plan.findings.extend(findings);
    }
    plan
}

fn plan_one(original: &Original) -> (Option<Planned>, Diagnostics) {
    let mut findings = Diagnostics::new();
    let bytes = match std::fs::read(&original.path) {
        Ok(b) => b,
        Err(e) => {
            findings.push(unreadable(&original.file, &e));
            return (None, findings);
        }
    };
    let header = match decode::header(&bytes) {
        Ok(h) => h,
        Err(refusal) => {
            findings.push(refused(&original.file, &refusal));
            return (None, findings);
        }
    };
    let pixels = u64::from(header.width) * u64::from(header.height);
    if pixels > MAX_PIXELS {
        let refusal = Refusal::TooLarge {
            width: header.width,
            height: header.height,
        };
        findings.push(refused(&original.file, &refusal));
        return (None, findings);
    }
    findings.extend(warnings(original, bytes.len() as u64, &header));
    let digest = hex(&Sha256::digest(&bytes));
    (Some(planned(original, &header, &bytes, digest)), findings)
}

/// An image file that cannot be read, with the system's reason. Worded in German
/// here; the report words it again in the reader's language.
pub(super) fn unreadable(file: &std::path::Path, e: &std::io::Error) -> Diagnostic {
    Msg::new(Code::ImageUnreadable)
        .arg("reason", crate::diagnostic::io_reason(e))
        .error(file, Language::De)
}

/// The error for an original that cannot be used.
pub(super) fn refused(file: &std::path::Path, refusal: &Refusal) -> Diagnostic {
    let msg = match refusal {
        Refusal::Unreadable => Msg::new(Code::ImageNotAnImage),
        Refusal::Heic => Msg::new(Code::ImageHeic),
        Refusal::TooLarge { width, height } => Msg::new(Code::ImageTooManyPixels)
            .arg("width", width.to_string())
            .arg("height", height.to_string())
            .arg(
                "megapixels",
                format!(
                    "{:.0}",
                    (u64::from(*width) * u64::from(*height)) as f64 / 1e6
                ),
            )
            .arg("max", (MAX_PIXELS / 1_000_000).to_string())
            .arg("side", WARN_SIDE.to_string()),
    };
    msg.error(file, Language::De)
}

/// Warnings about an original that is used but heavier than a web site needs.
fn warnings(original: &Original, bytes: u64, header: &Header) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mb = |b: u64| format!("{:.1}", b as f64 / 1e6).replace('.', ",");
    let long_side = header.width.max(header.height);
    let (width, height) = (header.width.to_string(), header.height.to_string());
    let file = &original.file;
    if bytes > WARN_BYTES {
        found.push(
            Msg::new(Code::ImageTooHeavy)
                .arg("mb", mb(bytes))
                .arg("max", (WARN_BYTES / 1_000_000).to_string())
                .arg("side", WARN_SIDE.to_string())
                .warning(file, Language::De),
        );
    } else if long_side > WARN_SIDE {
        found.push(
            Msg::new(Code::ImageTooWide)
                .arg("width", width.clone())
                .arg("height", height.clone())
                .arg("side", WARN_SIDE.to_string())
                .warning(file, Language::De),
        );
    }
    if is_png_photo(header, bytes) {
        found.push(
            Msg::new(Code::ImagePngPhoto)
                .arg("mb", mb(bytes))
                .arg("width", width)
                .arg("height", height)
                .warning(file, Language::De),
        );
    }
    found
}

/// A PNG of at least a megapixel that needs 8 bits or more a pixel: a photo. Drawings,
/// logos and screenshots compress to far less.
fn is_png_photo(header: &Header, bytes: u64) -> bool {
    let pixels = u64::from(header.width) * u64::from(header.height);
    header.format == Format::Png && pixels >= 1_000_000 && bytes * 8 >= pixels * 8
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn planned(original: &Original, header: &Header, bytes: &[u8], digest: String) -> Planned {
    let (w, h) = (header.width, header.height);
    let job = |width: u32, height: u32, encoding: Encoding, cover: bool, name: &str| {
        let key = hex(&Sha256::digest(format!(
            "fachwerk image variant {ENGINE_VERSION}\n{digest}\n{} {width}x{height} cover={cover}",
            encoding.key()
        )));
        let url = match name {
            "" => original.url.clone(),
            _ => sibling(&original.url, name, &key[..8], encoding.ext()),
        };
        VariantJob {
            url,
            width,
            height,
            key,
            encoding,
            cover,
        }
    };
    let fallback_width = w.min(FALLBACK_MAX_WIDTH);
    let fallback_height = height_for(w, h, fallback_width);
    if header.format == Format::Gif {
        // Maybe animated: copied frame by frame without its metadata, not resized.
        let jobs = vec![job(w, h, Encoding::GifCopy, false, "")];
        return Planned {
            original: original.clone(),
            picture: Picture {
                src: original.url.clone(),
                width: w,
                height: h,
                srcset: String::new(),
                social: None,
            },
            jobs,
            digest,
        };
    }
    let photo = !header.lossless || is_png_photo(header, bytes.len() as u64);
    let (variant, fallback) = match header.format {
        Format::Jpeg => (Encoding::WebpLossy, Encoding::Jpeg),
        Format::Webp if photo => (Encoding::WebpLossy, Encoding::WebpLossy),
        Format::Webp => (Encoding::WebpLossless, Encoding::WebpLossless),
        _ if photo => (Encoding::WebpLossy, Encoding::Png),
        _ => (Encoding::WebpLossless, Encoding::Png),
    };
    let mut jobs: Vec<VariantJob> = widths(w)
        .into_iter()
        .map(|vw| job(vw, height_for(w, h, vw), variant, false, &format!("{vw}w")))
        .collect();
    let srcset = jobs
        .iter()
        .map(|j| format!("{} {}w", j.url, j.width))
        .collect::<Vec<_>>()
        .join(", ");
    jobs.push(job(fallback_width, fallback_height, fallback, false, ""));
    let social = original.social_card.then(|| {
        let (cw, ch) = card_size(w, h);
        let card = job(cw, ch, Encoding::Jpeg, true, "social");
        let social = SocialCard {
            url: card.url.clone(),
            width: cw,
            height: ch,
        };
        jobs.push(card);
        social
    });
    Planned {
        original: original.clone(),
        picture: Picture {
            src: original.url.clone(),
            width: fallback_width,
            height: fallback_height,
            srcset,
            social,
        },
        jobs,
        digest,
    }
}

/// The variant widths for an original `width` pixels wide: those of [`WIDTHS`] below
/// it, and its own width when it is narrower than the largest.
fn widths(width: u32) -> Vec<u32> {
    let largest = width.min(WIDTHS[WIDTHS.len() - 1]);
    let mut found: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < largest).collect();
    found.push(largest);
    found
}

/// The largest size with the social card's aspect ratio that a `w`×`h` original
/// covers without upscaling, at most [`SOCIAL_CARD`].
fn card_size(w: u32, h: u32) -> (u32, u32) {
    let (cw, ch) = SOCIAL_CARD;
    if u64::from(w) * u64::from(ch) >= u64::from(h) * u64::from(cw) {
        let height = h.min(ch);
        (height_for(ch, cw, height).min(w), height)
    } else {
        let width = w.min(cw);
        (width, height_for(cw, ch, width).min(h))
    }
}

/// `/images/foto.jpg` + `960w` + hash + `webp` → `/images/foto-960w.1a2b3c4d.webp`.
fn sibling(url: &str, suffix: &str, hash: &str, ext: &str) -> String {
    let (dir, name) = url.rsplit_once('/').unwrap_or(("", url));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    format!("{dir}/{stem}-{suffix}.{hash}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_never_upscaled() {
        assert_eq!(widths(4000), vec![480, 960, 1600]);
        assert_eq!(widths(1600), vec![480, 960, 1600]);
        assert_eq!(widths(1200), vec![480, 960, 1200]);
        assert_eq!(widths(960), vec![480, 960]);
        assert_eq!(widths(300), vec![300]);
    }

    #[test]
    fn social_cards_are_cropped_not_upscaled() {
        assert_eq!(card_size(4000, 3000), (1200, 630));
        assert_eq!(card_size(3000, 4000), (1200, 630));
        assert_eq!(card_size(800, 600), (800, 420));
        assert_eq!(card_size(2000, 400), (762, 400));
        assert_eq!(card_size(1200, 630), (1200, 630));
    }

    #[test]
    fn variant_names_sit_beside_the_original() {
        assert_eq!(
            sibling("/images/2024/foto.v2.jpg", "960w", "1a2b3c4d", "webp"),
            "/images/2024/foto.v2-960w.1a2b3c4d.webp"
        );
        assert_eq!(
            sibling("/logo.png", "social", "00ff00ff", "jpg"),
            "/logo-social.00ff00ff.jpg"
        );
    }

    #[test]
    fn picture_html_escapes_and_falls_back() {
        let mut p = Picture {
            src: "/images/a&b.jpg".into(),
            width: 1600,
            height: 1200,
            srcset: "/images/a-480w.1.webp 480w, /images/a-960w.2.webp 960w".into(),
            social: None,
        };
        assert_eq!(
            p.html("Zwei \"Lotsen\" <am> Tisch", DEFAULT_SIZES),
            "<picture><source type=\"image/webp\" srcset=\"/images/a-480w.1.webp 480w, /images/a-960w.2.webp 960w\" \
             sizes=\"(min-width: 46rem) 46rem, 100vw\"><img src=\"/images/a&amp;b.jpg\" width=\"1600\" height=\"1200\" \
             alt=\"Zwei &quot;Lotsen&quot; &lt;am&gt; Tisch\" loading=\"lazy\" decoding=\"async\"></picture>"
        );
        p.srcset.clear();
        assert!(p.html("x", DEFAULT_SIZES).starts_with("<img src="));
    }
}
