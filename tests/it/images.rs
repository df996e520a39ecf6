//! The image step in real builds (issue 18): a camera JPEG with GPS data and a
//! sideways orientation on a project page and in a text is published in several WebP
//! widths and as an upright fallback, none wider than 1600 px, without any metadata
//! (checked with a real decoder and EXIF reader on every published image file); the
//! page shows it in a `<picture>` with its credit, `og:image` is a 1200×630 card, the
//! Impressum lists the credits, and a second build gives the same bytes without
//! encoding anything again. `check` warns about heavy images and missing credits.

use crate::camera::{BLUE, GREEN, RED, YELLOW, assert_no_metadata, camera_jpeg, near, pixel};
use crate::common::{DATE, Fixture, stderr, tree};
use std::collections::BTreeMap;
use std::fs;
use std::time::SystemTime;

/// The minimal fixture with a camera photo (stored 2000×1700, orientation 6: upright
/// 1700×2000) as the image of a project and in the text of a page.
fn site_with_photo() -> Fixture {
    let f = Fixture::new("minimal");
    let photo = camera_jpeg(2000, 1700);
    fs::create_dir_all(f.site().join("static/bilder")).unwrap();
    fs::write(f.site().join("static/bilder/werkstatt.jpg"), &photo).unwrap();
    f.edit(
        "projects/azubi-lotsen.md",
        "summary:",
        "image: bilder/werkstatt.jpg\nimage_alt: Eine Werkstatt\nimage_credit: \"Foto: Max Beispiel\"\nsummary:",
    );
    f.edit(
        "pages/ueber-uns.md",
        "Wir sichern Fachkräfte.",
        "Wir sichern Fachkräfte.\n\n![Die Werkstatt](/bilder/werkstatt.jpg \"Foto: Erika Beispiel\")",
    );
    f
}

fn is_image(path: &str) -> bool {
    [".jpg", ".jpeg", ".png", ".webp", ".gif"]
        .iter()
        .any(|e| path.to_ascii_lowercase().ends_with(e))
}

/// Modification times of the cache's entries, by name.
fn cache_entries(f: &Fixture) -> BTreeMap<String, SystemTime> {
    fs::read_dir(f.site().join(".fachwerk-cache/images"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_camera_photo_is_published_light_upright_and_without_metadata() {
    let f = site_with_photo();
    f.build();
    let out = tree(&f.out());
    let images: Vec<(&String, &Vec<u8>)> = out.iter().filter(|(p, _)| is_image(p)).collect();
    let names: Vec<&str> = images.iter().map(|(p, _)| p.as_str()).collect();

    // Variants at the expected widths, a fallback at the original's URL, a card.
    let variant = |w: u32| {
        names
            .iter()
            .find(|n| n.starts_with(&format!("bilder/werkstatt-{w}w.")) && n.ends_with(".webp"))
            .unwrap_or_else(|| panic!("no {w} px variant in {names:?}"))
    };
    for w in [480, 960, 1600] {
        let bytes = &out[*variant(w)];
        let img = image::load_from_memory(bytes).unwrap();
        assert_eq!(img.width(), w, "{}", variant(w));
        // Upright: the stored landscape became portrait.
        assert!(img.height() > img.width(), "{}", variant(w));
    }
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("bilder/werkstatt"))
            .count(),
        5,
        "{names:?}"
    );
    let fallback = image::load_from_memory(&out["bilder/werkstatt.jpg"])
        .unwrap()
        .to_rgb8();
    assert_eq!((fallback.width(), fallback.height()), (1600, 1882));
    // Orientation 6 turns the stored picture a quarter clockwise: what was bottom
    // left (blue) is now top left, top left (red) top right.
    assert!(
        near(pixel(&fallback, 0.1, 0.1), BLUE),
        "{:?}",
        pixel(&fallback, 0.1, 0.1)
    );
    assert!(near(pixel(&fallback, 0.9, 0.1), RED));
    assert!(near(pixel(&fallback, 0.1, 0.9), YELLOW));
    assert!(near(pixel(&fallback, 0.9, 0.9), GREEN));

    // No published image keeps metadata or is wider than 2400 px.
    for (path, bytes) in &images {
        assert_no_metadata(path, bytes);
        let img = image::load_from_memory(bytes).unwrap();
        assert!(img.width() <= 2400, "{path}: {} px", img.width());
    }

    // The project page: a <picture> with the WebP widths, the fallback with its size,
    // the credit under it; og:image is the 1200×630 card.
    let page = f.page("projekte/azubi-lotsen/index.html");
    let srcset = format!(
        "/{} 480w, /{} 960w, /{} 1600w",
        variant(480),
        variant(960),
        variant(1600)
    );
    assert!(
        page.contains(&format!(
            r#"<picture><source type="image/webp" srcset="{srcset}" sizes="(min-width: 46rem) 46rem, 100vw"><img src="/bilder/werkstatt.jpg" alt="Eine Werkstatt" width="1600" height="1882""#
        )),
        "{page}"
    );
    assert!(
        page.contains(r#"<figcaption class="image-credit">Foto: Max Beispiel</figcaption>"#),
        "{page}"
    );
    let card = names
        .iter()
        .find(|n| n.starts_with("bilder/werkstatt-social."))
        .unwrap();
    assert!(
        page.contains(&format!(
            r#"<meta property="og:image" content="https://fk.example.org/{card}"><meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">"#
        )),
        "{page}"
    );
    let card_img = image::load_from_memory(&out[*card]).unwrap();
    assert_eq!((card_img.width(), card_img.height()), (1200, 630));

    // The image in a text: a <picture> too, its title shown as its credit.
    let about = f.page("ueber-uns/index.html");
    assert!(
        about.contains(r#"alt="Die Werkstatt" width="1600" height="1882" loading="lazy" decoding="async" /></picture><span class="image-credit">Foto: Erika Beispiel</span>"#),
        "{about}"
    );
    // The Impressum's Bildnachweis names both credits and where the images are.
    let impressum = f.page("impressum/index.html");
    let credits = impressum.split("Bildnachweis").nth(1).unwrap();
    assert!(
        credits
            .contains("Foto: Max Beispiel (<a href=\"/projekte/azubi-lotsen/\">Azubi-Lotsen</a>)"),
        "{credits}"
    );
    assert!(
        credits.contains("Foto: Erika Beispiel (<a href=\"/ueber-uns/\">Über uns</a>)"),
        "{credits}"
    );

    // A second build: the same bytes, and nothing encoded again (no cache entry
    // written anew).
    let before = cache_entries(&f);
    assert_eq!(before.len(), 5, "{before:?}");
    f.build();
    assert_eq!(tree(&f.out()), out, "the second build differs");
    assert_eq!(cache_entries(&f), before);
    // The cache folder keeps itself out of git.
    let ignore = fs::read_to_string(f.site().join(".fachwerk-cache/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
}

#[test]
fn check_warns_about_heavy_images_and_missing_credits() {
    let f = site_with_photo();
    // 6100 px on the long side, a few bytes: over the side limit only.
    let wide = image::RgbImage::from_pixel(6100, 8, image::Rgb([200, 200, 200]));
    wide.save(f.site().join("static/bilder/banner.png"))
        .unwrap();
    f.edit(
        "pages/ueber-uns.md",
        "Wir sichern Fachkräfte.",
        "Wir sichern Fachkräfte.\n\n![Ein Banner](/bilder/banner.png)",
    );
    f.edit(
        "projects/azubi-lotsen.md",
        "image_credit: \"Foto: Max Beispiel\"\n",
        "",
    );
    let out = f.run(&["check", "site", "--date", DATE]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("static/bilder/banner.png")
            && err.contains("warning[image/too-wide]")
            && err.contains("6100 × 8"),
        "{err}"
    );
    assert!(
        err.contains("projects/azubi-lotsen.md")
            && err.contains("warning[image/no-credit]: Beim Bild `/bilder/werkstatt.jpg`")
            && err.contains("image_credit:"),
        "{err}"
    );
    assert!(
        err.contains("pages/ueber-uns.md")
            && err.contains("warning[image/no-credit]: Beim Bild `/bilder/banner.png`"),
        "{err}"
    );
    // The credited image in the text is not named.
    assert_eq!(err.matches("warning[image/no-credit]").count(), 2, "{err}");
}

#[test]
fn a_damaged_photo_fails_the_build_with_its_file_and_keeps_the_output() {
    let f = Fixture::new("minimal");
    f.build();
    let before = tree(&f.out());
    fs::create_dir_all(f.site().join("static/bilder")).unwrap();
    fs::write(f.site().join("static/bilder/kaputt.jpg"), b"not a photo").unwrap();
    let out = f.run(&["build", "site", "-o", "public", "--date", DATE]);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("static/bilder/kaputt.jpg"), "{err}");
    assert!(err.contains("error[image/not-an-image]"), "{err}");
    assert_eq!(tree(&f.out()), before);
}

#[test]
fn a_new_site_keeps_the_cache_out_of_git() {
    let f = Fixture::new("minimal");
    let out = f.run(&["new", "site", "neu"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ignore = fs::read_to_string(f.tmp.path().join("neu/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/.fachwerk-cache/"), "{ignore}");
    assert!(ignore.lines().any(|l| l == "/public/"), "{ignore}");
}

/// `GET path` on the preview: status and body bytes.
fn get_bytes(port: u16, path: &str) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(120)))
        .unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..at]);
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, raw[at + 4..].to_vec())
}

/// The preview serves pages before the images are made (in the background, or at
/// once when a browser asks for one), and the images it serves are the build's: the
/// same variants without metadata, and after an edit the preview still equals a full
/// build, image files included (`FACHWERK_VERIFY_INCREMENTAL`).
#[test]
fn the_preview_serves_the_same_images_without_waiting_for_them() {
    use std::io::BufRead;
    let f = site_with_photo();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fachwerk"))
        .args(["serve", "site", "--port", "0", "--date", DATE])
        .env("FACHWERK_VERIFY_INCREMENTAL", "1")
        .current_dir(f.tmp.path())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let port: u16 = loop {
        let line = lines.next().unwrap().unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    let (status, page) = get_bytes(port, "/projekte/azubi-lotsen/");
    assert_eq!(status, 200);
    let page = String::from_utf8(page).unwrap();
    let variant = page
        .split("srcset=\"")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap()
        .to_string();
    assert!(
        variant.ends_with(".webp") && variant.contains("-480w."),
        "{variant}"
    );
    let (status, bytes) = get_bytes(port, &variant);
    assert_eq!(status, 200, "{variant}");
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 480);
    assert_no_metadata(&variant, &bytes);
    let (status, fallback) = get_bytes(port, "/bilder/werkstatt.jpg");
    assert_eq!(status, 200);
    assert_no_metadata("/bilder/werkstatt.jpg", &fallback);
    assert_eq!(image::load_from_memory(&fallback).unwrap().width(), 1600);

    f.edit("pages/ueber-uns.md", "Wir sichern", "Wir sichern gemeinsam");
    let verified = loop {
        let line = lines.next().unwrap().unwrap();
        if line.contains("[serve/verif") {
            break line;
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(verified.starts_with("note[serve/verified]"), "{verified}");

    // What the preview served is what a build publishes.
    f.build();
    assert_eq!(fs::read(f.out().join(&variant[1..])).unwrap(), bytes);
    assert_eq!(
        fs::read(f.out().join("bilder/werkstatt.jpg")).unwrap(),
        fallback
    );
}
