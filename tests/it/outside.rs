//! Nothing from outside the site is read: every file fachwerk reads (YAML, Markdown,
//! templates, static files, a theme's files) that is a link out of the site (or out
//! of the theme directory) is refused with an error naming the link and its target,
//! never showing the target's content. Named pipes and sockets are skipped with a
//! warning instead of hanging the build.

use crate::common::{DATE, Fixture, copy_dir, stderr};
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// `fachwerk build site -o public`, with a CI secret in the environment, killed after
/// a minute (a build that reads a named pipe would wait forever).
fn build(f: &Fixture) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fachwerk"))
        .args(["build", "site", "-o", "public", "--date", DATE])
        .current_dir(f.tmp.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .env("DEPLOY_SSH_KEY", "geheim-4711")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the build hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// The build failed, named `file` and `target` as a link out of the site, showed
/// nothing of the secret and wrote nothing.
fn refused(f: &Fixture, out: &Output, file: &str, target: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("--> {file}")),
        "names the link: {err}"
    );
    assert!(err.contains(target), "names where it points: {err}");
    assert!(err.contains("error[file/link-outside]"), "{err}");
    assert!(
        !err.contains("geheim") && !err.contains("DEPLOY_SSH_KEY"),
        "shows the target's content: {err}"
    );
    assert!(!f.out().exists(), "nothing written");
}

/// A file outside the site with a secret in it, as a file of the build machine.
fn secret_file(f: &Fixture, name: &str, text: &str) -> std::path::PathBuf {
    let p = f.tmp.path().join(name);
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_template_linked_to_the_environment_of_the_build_is_refused() {
    let f = Fixture::new("minimal");
    fs::create_dir_all(f.site().join("templates")).unwrap();
    symlink("/proc/self/environ", f.site().join("templates/page.html")).unwrap();
    let out = build(&f);
    refused(&f, &out, "templates/page.html", "/environ");
}

#[test]
fn linked_markdown_and_yaml_files_are_refused() {
    let f = Fixture::new("minimal");
    let md = secret_file(
        &f,
        "notizen.md",
        "---\ntitle: Zugang\n---\nDEPLOY_SSH_KEY=geheim-4711\n",
    );
    symlink(&md, f.site().join("pages/zugang.md")).unwrap();
    let out = build(&f);
    refused(&f, &out, "pages/zugang.md", "notizen.md");

    fs::remove_file(f.site().join("pages/zugang.md")).unwrap();
    // Not YAML: a parser error would show the line.
    let yaml = secret_file(&f, "id_deploy", "DEPLOY_SSH_KEY=geheim-4711: [\n");
    fs::rename(f.site().join("site.yaml"), f.tmp.path().join("site.yaml")).unwrap();
    symlink(&yaml, f.site().join("site.yaml")).unwrap();
    let out = build(&f);
    refused(&f, &out, "site.yaml", "id_deploy");

    // A link inside the site is fine.
    fs::remove_file(f.site().join("site.yaml")).unwrap();
    fs::rename(
        f.tmp.path().join("site.yaml"),
        f.site().join("vorlage.yaml"),
    )
    .unwrap();
    symlink("vorlage.yaml", f.site().join("site.yaml")).unwrap();
    fs::rename(
        f.site().join("partners.yaml"),
        f.site().join("pages/partner-liste"),
    )
    .unwrap();
    symlink("pages/partner-liste", f.site().join("partners.yaml")).unwrap();
    let out = build(&f);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(f.page("index.html").contains("Fachkräfteallianz Testkreis"));
}

#[test]
fn a_link_inside_a_theme_directory_must_stay_inside_it() {
    let f = Fixture::new("minimal");
    // A theme beside the site, named in site.yaml: an explicit choice, allowed.
    let theme = f.tmp.path().join("gemeinsames-theme");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    f.edit("site.yaml", "title:", "theme: ../gemeinsames-theme\ntitle:");
    // A named pipe in the theme is skipped, as in the site.
    let pipe = theme.join("static/pipe.css");
    assert!(
        Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    let out = build(&f);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--> ../gemeinsames-theme/static/pipe.css"),
        "{}",
        stderr(&out)
    );
    fs::remove_file(pipe).unwrap();
    fs::remove_dir_all(f.out()).unwrap();

    fs::remove_file(theme.join("templates/page.html")).unwrap();
    symlink("/proc/self/environ", theme.join("templates/page.html")).unwrap();
    let out = build(&f);
    refused(
        &f,
        &out,
        "../gemeinsames-theme/templates/page.html",
        "/environ",
    );
    // The theme's directory is named as the one left (German: "des Themes").
    assert!(stderr(&out).contains("des Themes"));

    // Also a link from the theme into the site is out of the theme.
    fs::remove_file(theme.join("templates/page.html")).unwrap();
    let secret = secret_file(&f, "site/schluessel.txt", "DEPLOY_SSH_KEY=geheim-4711");
    symlink(&secret, theme.join("static/schluessel.txt")).unwrap();
    let out = build(&f);
    refused(
        &f,
        &out,
        "../gemeinsames-theme/static/schluessel.txt",
        "site/schluessel.txt",
    );
}

#[test]
fn named_pipes_and_sockets_are_skipped_with_a_warning() {
    let f = Fixture::new("minimal");
    for fifo in [
        "pages/warteschlange.md",
        "static/docs/pipe.pdf",
        "privacy.yaml",
    ] {
        let p = f.site().join(fifo);
        let _ = fs::remove_file(&p);
        let st = Command::new("mkfifo").arg(&p).status().unwrap();
        assert!(st.success());
    }
    // A link inside the site to a pipe, and a socket.
    symlink("warteschlange.md", f.site().join("pages/verweis.md")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(f.site().join("news/sock.md")).unwrap();
    let out = build(&f);
    let err = stderr(&out);
    for skipped in [
        "pages/warteschlange.md",
        "pages/verweis.md",
        "static/docs/pipe.pdf",
        "news/sock.md",
        "privacy.yaml",
    ] {
        assert!(
            err.contains(&format!("--> {skipped}")),
            "{skipped} not named: {err}"
        );
    }
    assert!(err.contains("warning[file/not-a-file]: "), "{err}");
    assert!(out.status.success(), "{err}");
    assert!(!f.out().join("docs/pipe.pdf").exists());
}

/// A site at the top of its repository holds `.git/config`, where CI may keep a token.
#[test]
fn a_link_to_a_hidden_file_of_the_site_is_refused() {
    let f = Fixture::new("minimal");
    fs::create_dir_all(f.site().join(".git")).unwrap();
    fs::write(
        f.site().join(".git/config"),
        "[http]\n\textraheader = AUTHORIZATION: basic geheim-4711\n",
    )
    .unwrap();
    fs::create_dir_all(f.site().join("templates")).unwrap();
    symlink("../.git/config", f.site().join("templates/page.html")).unwrap();
    let out = build(&f);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("--> templates/page.html"), "{err}");
    assert!(
        err.contains(".git/config") && err.contains("error[file/link-hidden]"),
        "{err}"
    );
    assert!(!err.contains("geheim"), "{err}");
    assert!(!f.out().exists());
}

/// A theme folder linked into the site is the theme site.yaml names, not content.
#[test]
fn a_linked_theme_folder_is_read_without_a_warning() {
    let f = Fixture::new("minimal");
    let theme = f.tmp.path().join("theme");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    symlink("../theme", f.site().join("gestaltung")).unwrap();
    f.edit("site.yaml", "title:", "theme: gestaltung\ntitle:");
    let out = build(&f);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("gestaltung"), "{err}");
}
