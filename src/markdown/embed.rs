//! Two-click embeds: a fenced block ```` ```video ```` or ```` ```map ```` in Markdown
//! becomes a local preview image with a note naming the provider and a button; the
//! theme's `embed.js` creates the provider's frame only after that click. Part of the
//! Markdown step ([`crate::markdown`]); nothing here contacts another host.
//!
//! ````markdown
//! ```video
//! url: https://www.youtube.com/watch?v=abc123
//! title: Rückblick auf den Fachkräftetag 2026
//! preview: images/fachkraeftetag-video.svg
//! ```
//!
//! ```map
//! lat: 50.9271
//! lon: 13.9385
//! title: Lage des Landratsamtes
//! preview: images/karte-landratsamt.svg
//! ```
//! ````

use crate::content::model::Provider;
use crate::diagnostic::{Arg, Code, Diagnostic, did_you_mean};
use crate::messages::{Language, Msg};
use crate::util::html::escape;
use std::collections::HashSet;

/// The providers fachwerk knows, with the hosts their links use.
const PROVIDERS: &[(Provider, &[&str])] = &[
    (
        Provider {
            key: "youtube",
            name: "YouTube",
            operator: "Google Ireland Limited, Gordon House, Barrow Street, Dublin 4, Irland",
            policy: "https://policies.google.com/privacy",
        },
        &[
            "youtube.com",
            "www.youtube.com",
            "m.youtube.com",
            "youtu.be",
        ],
    ),
    (
        Provider {
            key: "vimeo",
            name: "Vimeo",
            operator: "Vimeo.com, Inc., 330 West 34th Street, 5th Floor, New York, NY 10001, USA",
            policy: "https://vimeo.com/privacy",
        },
        &["vimeo.com", "www.vimeo.com", "player.vimeo.com"],
    ),
    (
        Provider {
            key: "openstreetmap",
            name: "OpenStreetMap",
            operator: "OpenStreetMap Foundation, St John’s Innovation Centre, Cowley Road, Cambridge, CB4 0WS, Vereinigtes Königreich",
            policy: "https://osmfoundation.org/wiki/Privacy_Policy",
        },
        &["openstreetmap.org", "www.openstreetmap.org"],
    ),
];

/// The theme's texts an embed needs, in the site's language.
#[derive(Debug, Clone, Default)]
pub(crate) struct Texts {
    /// "Video laden".
    pub load_video: String,
    /// "Karte laden".
    pub load_map: String,
    /// "Beim Laden werden Daten an {provider} übertragen."
    pub note: String,
    /// "Datenschutzerklärung von {provider}".
    pub policy: String,
    /// "Video bei {provider} ansehen: {title}".
    pub fallback_video: String,
    /// "Karte bei {provider} öffnen: {title}".
    pub fallback_map: String,
}

/// What a block asks for, before checking.
#[derive(Default)]
struct Fields {
    url: Option<String>,
    title: Option<String>,
    preview: Option<String>,
    provider: Option<String>,
    lat: Option<String>,
    lon: Option<String>,
    zoom: Option<String>,
}

/// A problem in a block: its line within the block (0 = the fence) and the
/// catalogue message.
pub(crate) type Problem = (usize, Msg);

/// Names as a list of the catalogue: `` `a`, `b` ``.
fn names(keys: &[&str]) -> Arg {
    Arg::List(keys.iter().map(|k| k.to_string()).collect())
}

const VIDEO_KEYS: &[&str] = &["url", "title", "preview", "provider"];
const MAP_KEYS: &[&str] = &["lat", "lon", "zoom", "title", "preview"];

/// Renders the block of kind `video` or `map` with body `text`; `statics` are the
/// site's files under static/ (to check the preview image). Returns the HTML and the
/// provider, or the problems found.
#[expect(
    clippy::too_many_lines,
    reason = "one match over the embed kinds; each arm renders one kind"
)]
pub(crate) fn render(
    kind: &str,
    text: &str,
    statics: &HashSet<String>,
    t: &Texts,
) -> Result<(String, Provider), Vec<Problem>> {
    let keys = if kind == "video" {
        VIDEO_KEYS
    } else {
        MAP_KEYS
    };
    let mut f = Fields::default();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            let msg = Msg::new(Code::EmbedNotKeyValue)
                .arg("line", line.trim())
                .arg("keys", names(keys));
            problems.push((line_no, msg));
            continue;
        };
        let (key, value) = (key.trim(), unquote(value.trim()));
        let slot = match (kind, key) {
            ("video", "url") => &mut f.url,
            ("video", "provider") => &mut f.provider,
            ("map", "lat") => &mut f.lat,
            ("map", "lon") => &mut f.lon,
            ("map", "zoom") => &mut f.zoom,
            (_, "title") => &mut f.title,
            (_, "preview") => &mut f.preview,
            _ => {
                let msg = Msg::new(Code::EmbedUnknownKey)
                    .arg("key", key)
                    .arg("kind", kind)
                    .arg("keys", names(keys));
                let msg = match did_you_mean(key, keys) {
                    Some(k) => msg.hint("did-you-mean").arg("suggestion", k),
                    None => msg.hint("known"),
                };
                problems.push((line_no, msg));
                continue;
            }
        };
        *slot = Some(value.to_string());
    }
    let mut require = |v: &Option<String>, key: &str, example: &str| {
        if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
            let msg = Msg::new(Code::EmbedMissingKey)
                .arg("kind", kind)
                .arg("key", key)
                .arg("example", example);
            problems.push((0, msg));
        }
    };
    require(&f.title, "title", "what the visitor will see");
    require(
        &f.preview,
        "preview",
        "images/vorschau.jpg (a picture under static/)",
    );
    if kind == "video" {
        require(&f.url, "url", "https://www.youtube.com/watch?v=…");
    } else {
        require(&f.lat, "lat", "50.9271");
        require(&f.lon, "lon", "13.9385");
    }
    let preview = f.preview.as_deref().map(|p| {
        let rel = p.trim_start_matches('/');
        rel.strip_prefix("static/").unwrap_or(rel).to_string()
    });
    if let Some(p) = &preview
        && !p.is_empty()
        && !statics.contains(p)
    {
        problems.push((0, Msg::new(Code::EmbedNoPreview).arg("file", p.as_str())));
    }
    let target = if kind == "video" {
        f.url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .and_then(|u| match video_target(u, f.provider.as_deref()) {
                Ok(v) => Some(v),
                Err(p) => {
                    problems.push(p);
                    None
                }
            })
    } else {
        match map_target(f.lat.as_deref(), f.lon.as_deref(), f.zoom.as_deref()) {
            Ok(v) => v,
            Err(p) => {
                problems.push(p);
                None
            }
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let (Some((provider, link, src)), Some(title), Some(preview)) = (target, f.title, preview)
    else {
        return Err(vec![]);
    };
    let fill = |s: &str| {
        s.replace("{provider}", provider.name)
            .replace("{title}", &title)
    };
    let (button, fallback) = if kind == "video" {
        (&t.load_video, fill(&t.fallback_video))
    } else {
        (&t.load_map, fill(&t.fallback_map))
    };
    let html = format!(
        concat!(
            "<figure class=\"embed embed--{kind}\" data-embed-src=\"{src}\" data-embed-title=\"{title}\">\n",
            "<img class=\"embed__preview\" src=\"/{preview}\" alt=\"\" loading=\"lazy\">\n",
            "<figcaption class=\"embed__body\">\n",
            "<p class=\"embed__title\">{title}</p>\n",
            "<p class=\"embed__note\">{note} <a href=\"{policy}\">{policy_text}</a></p>\n",
            "<p class=\"embed__actions\"><button type=\"button\" class=\"embed__button\" hidden>{button}</button> ",
            "<a class=\"embed__link\" href=\"{link}\">{fallback}</a></p>\n",
            "</figcaption>\n</figure>\n"
        ),
        kind = kind,
        src = escape(&src),
        title = escape(&title),
        preview = escape(&preview),
        note = escape(&fill(&t.note)),
        policy = escape(provider.policy),
        policy_text = escape(&fill(&t.policy)),
        button = escape(button),
        link = escape(&link),
        fallback = escape(&fallback),
    );
    Ok((html, provider))
}

fn unquote(v: &str) -> &str {
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(v)
}

fn known(key: &str) -> Option<Provider> {
    PROVIDERS
        .iter()
        .find(|(p, _)| p.key == key)
        .map(|(p, _)| p.clone())
}

/// The provider, the link for visitors without JavaScript, and the frame's address.
fn video_target(url: &str, provider: Option<&str>) -> Result<(Provider, String, String), Problem> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .ok_or_else(|| (0, Msg::new(Code::EmbedNotHttps)))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let by_host = PROVIDERS
        .iter()
        .find(|(_, hosts)| hosts.contains(&host))
        .map(|(p, _)| p.clone());
    if let Some(key) = provider
        && known(key).is_none()
    {
        let keys: Vec<&str> = PROVIDERS
            .iter()
            .filter(|(p, _)| p.key != "openstreetmap")
            .map(|(p, _)| p.key)
            .collect();
        let msg = Msg::new(Code::EmbedUnknownProvider)
            .arg("provider", key)
            .arg("known", names(&keys));
        return Err((0, msg));
    }
    let Some(p) = by_host.filter(|p| provider.is_none_or(|k| k == p.key)) else {
        return Err((0, Msg::new(Code::EmbedUnknownHost).arg("host", host)));
    };
    let id = match p.key {
        "youtube" if host == "youtu.be" => path.split(['?', '#']).next().map(str::to_string),
        "youtube" => path
            .split_once("v=")
            .map(|(_, v)| v.split(['&', '#']).next().unwrap_or("").to_string())
            .or_else(|| path.strip_prefix("embed/").map(str::to_string)),
        _ => path
            .rsplit('/')
            .next()
            .map(|s| s.split(['?', '#']).next().unwrap_or("").to_string()),
    }
    .filter(|id| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    });
    let Some(id) = id else {
        return Err((0, Msg::new(Code::EmbedNoVideo)));
    };
    let src = match p.key {
        "youtube" => format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1"),
        _ => format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"),
    };
    Ok((p, url.to_string(), src))
}

type Target = Option<(Provider, String, String)>;

/// An OpenStreetMap frame around a marker; `zoom` 1–19, default 15.
fn map_target(lat: Option<&str>, lon: Option<&str>, zoom: Option<&str>) -> Result<Target, Problem> {
    let (Some(lat), Some(lon)) = (lat, lon) else {
        return Ok(None);
    };
    let num = |s: &str, key: &str, max: f64| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.abs() <= max)
            .ok_or_else(|| {
                let msg = Msg::new(Code::EmbedBadDegrees)
                    .arg("value", s)
                    .arg("key", key);
                (0, msg)
            })
    };
    let (la, lo) = (num(lat, "lat", 90.0)?, num(lon, "lon", 180.0)?);
    let z = match zoom {
        None => 15,
        Some(z) => z
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|z| (1..=19).contains(z))
            .ok_or_else(|| (0, Msg::new(Code::EmbedBadZoom)))?,
    };
    // About 1.5 km wide at zoom 15, halved with each step closer.
    let d = 0.01 * 2f64.powi(15 - i32::from(z));
    let p = known("openstreetmap").expect("provider table has openstreetmap");
    let link = format!("https://www.openstreetmap.org/?mlat={la}&mlon={lo}#map={z}/{la}/{lo}");
    let src = format!(
        "https://www.openstreetmap.org/export/embed.html?bbox={:.5},{:.5},{:.5},{:.5}&layer=mapnik&marker={la},{lo}",
        lo - d,
        la - d / 2.0,
        lo + d,
        la + d / 2.0
    );
    Ok(Some((p, link, src)))
}

/// Turns problems of a block found at `fence_line` (1-based line of the opening fence
/// in `file`'s text) into diagnostics.
pub(crate) fn diagnostics(
    file: &std::path::Path,
    text: &str,
    fence_line: usize,
    problems: Vec<Problem>,
    lang: Language,
) -> Vec<Diagnostic> {
    problems
        .into_iter()
        .map(|(offset, msg)| msg.error(file, lang).at(text, fence_line + offset, 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statics() -> HashSet<String> {
        ["images/v.svg".to_string()].into_iter().collect()
    }

    fn texts() -> Texts {
        Texts {
            load_video: "Video laden".into(),
            load_map: "Karte laden".into(),
            note: "Daten an {provider}.".into(),
            policy: "Datenschutz {provider}".into(),
            fallback_video: "Bei {provider}: {title}".into(),
            fallback_map: "Karte {provider}: {title}".into(),
        }
    }

    #[test]
    fn youtube_becomes_a_nocookie_frame_after_a_click() {
        let (html, p) = render(
            "video",
            "url: https://www.youtube.com/watch?v=abc_123&t=5\ntitle: Rückblick\npreview: /images/v.svg\n",
            &statics(),
            &texts(),
        )
        .unwrap();
        assert_eq!(p.key, "youtube");
        assert!(
            html.contains(
                "data-embed-src=\"https://www.youtube-nocookie.com/embed/abc_123?autoplay=1\""
            ),
            "{html}"
        );
        assert!(html.contains("src=\"/images/v.svg\""), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(html.contains(
            "<button type=\"button\" class=\"embed__button\" hidden>Video laden</button>"
        ));
        assert!(html.contains("Bei YouTube: Rückblick"), "{html}");
    }

    #[test]
    fn map_frame_around_the_marker() {
        let (html, p) = render(
            "map",
            "lat: 50.9\nlon: 13.9\ntitle: Lage\npreview: images/v.svg",
            &statics(),
            &texts(),
        )
        .unwrap();
        assert_eq!(p.key, "openstreetmap");
        assert!(html.contains("marker=50.9,13.9"), "{html}");
        assert!(html.contains("Karte laden"), "{html}");
    }

    /// (line, message, hint) of each problem, in English.
    fn worded(errs: Vec<Problem>) -> Vec<(usize, String, String)> {
        errs.into_iter()
            .map(|(line, msg)| {
                let d = msg.error("x.md", Language::En);
                (
                    line,
                    d.message().to_string(),
                    d.hint().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn missing_preview_and_unknown_provider_are_errors() {
        let errs = render(
            "video",
            "url: https://videos.example.org/x\ntitle: T\npreview: images/fehlt.jpg\n",
            &statics(),
            &texts(),
        )
        .unwrap_err();
        let errs = worded(errs);
        assert!(
            errs.iter().any(|e| e.1.contains("static/images/fehlt.jpg")),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|e| e.1.contains("no known video provider")),
            "{errs:?}"
        );
        let errs = render(
            "video",
            "url: https://youtu.be/x\ntitel: T\npreview: images/v.svg\nprovider: dailymotion",
            &statics(),
            &texts(),
        )
        .unwrap_err();
        let errs = worded(errs);
        assert!(
            errs.iter().any(|e| e.0 == 2 && e.2.contains("`title`")),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.1.contains("unknown video provider `dailymotion`")),
            "{errs:?}"
        );
    }
}
