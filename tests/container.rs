//! The container image (Containerfile): built with podman from the release's Linux
//! archive, it has the labels, runs as a user without rights in /site, and builds the
//! example site byte for byte like the binary of this checkout.
//!
//! Needs `FACHWERK_RELEASE_DIR` (the OUT of `scripts/release --dev`, which scripts/test
//! makes first), podman and runc (`scripts/install-test-deps`). Without them the test
//! is skipped, except with CI=true, where it fails.
//!
//! fachwerk's machines are virtual machines with cgroups v1 and v2 side by side and a
//! fixed limit of open files: crun, podman's default runtime, refuses such machines,
//! and podman's default limits cannot be set there. The test therefore runs podman
//! with runc and without default limits; neither changes the image.

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    reason = "test code: a failed unwrap is a failed test, and a test reads top to bottom"
)]

mod common;

use common::{DATE, copy_dir, tree};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The release directory, when podman and runc are there too.
fn ready() -> Option<PathBuf> {
    let dir = std::env::var_os("FACHWERK_RELEASE_DIR")
        .map(PathBuf::from)
        .filter(|d| d.join("SHA256SUMS").is_file());
    let mut missing = Vec::new();
    if dir.is_none() {
        missing.push("FACHWERK_RELEASE_DIR (the OUT of `scripts/release --dev`)");
    }
    for tool in ["podman", "runc"] {
        if Command::new(tool).arg("--version").output().is_err() {
            missing.push(tool);
        }
    }
    if missing.is_empty() {
        return dir;
    }
    let msg = format!(
        "the container test needs {}; run scripts/install-test-deps and scripts/test",
        missing.join(", ")
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}");
    }
    eprintln!("skipped: {msg}");
    None
}

/// podman with this machine's settings (see the module comment).
fn podman(conf: &Path) -> Command {
    let mut cmd = Command::new("timeout");
    cmd.args([
        "--foreground",
        "-k",
        "5",
        "300",
        "podman",
        "--runtime",
        "runc",
    ])
    .env("CONTAINERS_CONF", conf);
    cmd
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Removes the test's image when the test ends.
struct Image<'a>(&'a str, &'a Path);

impl Drop for Image<'_> {
    fn drop(&mut self) {
        let _ = podman(self.1).args(["rmi", "--force", self.0]).output();
    }
}

#[test]
fn the_image_runs_without_rights_and_builds_the_example_site_like_the_binary() {
    let Some(release) = ready() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("containers.conf");
    fs::write(&conf, "[containers]\ndefault_ulimits = []\n").unwrap();

    // The build context: the unpacked Linux archive, as the release workflow makes it.
    let name = format!("fachwerk-{VERSION}-x86_64-unknown-linux-musl");
    let st = Command::new("tar")
        .arg("-xzf")
        .arg(release.join(format!("{name}.tar.gz")))
        .arg("-C")
        .arg(tmp.path())
        .status()
        .unwrap();
    assert!(st.success());
    let tag = format!("localhost/fachwerk-test:{}", std::process::id());
    let _image = Image(&tag, &conf);
    ok(podman(&conf)
        .args(["build", "--quiet", "--layers=false", "-f"])
        .arg(repo_root().join("Containerfile"))
        .args([
            "--build-arg",
            &format!("VERSION={VERSION}"),
            "--build-arg",
            "COMMIT=0123456789ab",
            "--build-arg",
            "SOURCE=https://example.org/fachwerk",
            "-t",
            &tag,
        ])
        .arg(tmp.path().join(&name))
        .output()
        .unwrap());

    let config = ok(podman(&conf)
        .args(["image", "inspect", "--format", "{{json .Config}}", &tag])
        .output()
        .unwrap());
    let config: serde_json::Value = serde_json::from_str(&config).unwrap();
    assert_eq!(config["User"], "65532:65532", "not root");
    assert_eq!(config["WorkingDir"], "/site");
    let labels = &config["Labels"];
    assert_eq!(labels["org.opencontainers.image.version"], VERSION);
    assert_eq!(labels["org.opencontainers.image.revision"], "0123456789ab");
    assert_eq!(
        labels["org.opencontainers.image.source"],
        "https://example.org/fachwerk"
    );
    // Nothing but the binary (and the empty /site).
    let size: u64 = ok(podman(&conf)
        .args(["image", "inspect", "--format", "{{.Size}}", &tag])
        .output()
        .unwrap())
    .trim()
    .parse()
    .unwrap();
    let binary = fs::metadata(tmp.path().join(&name).join("fachwerk"))
        .unwrap()
        .len();
    assert!(
        size >= binary && size < binary + 64 * 1024,
        "image {size} bytes, binary {binary}"
    );

    let version = ok(podman(&conf)
        .args(["run", "--rm", "--ulimit", "host", &tag, "--version"])
        .output()
        .unwrap());
    assert!(
        version.starts_with(&format!("fachwerk {VERSION} (commit ")),
        "{version}"
    );

    // The site mounted at /site, writable for the image's user; the output equals
    // this checkout's build.
    let site = tmp.path().join("site");
    copy_dir(&repo_root().join("content"), &site.join("content"));
    fs::set_permissions(&site, fs::Permissions::from_mode(0o777)).unwrap();
    let out = podman(&conf)
        .args(["run", "--rm", "--ulimit", "host", "-v"])
        .arg(format!("{}:/site", site.display()))
        .arg(&tag)
        .args(["build", "content", "-o", "public", "--date", DATE])
        .output()
        .unwrap();
    ok(out);
    let owner = std::os::unix::fs::MetadataExt::uid(&fs::metadata(site.join("public")).unwrap());
    assert_eq!(owner, 65532, "written by the image's user");
    let host = tmp.path().join("host");
    let st = Command::new(env!("CARGO_BIN_EXE_fachwerk"))
        .arg("build")
        .arg(site.join("content"))
        .arg("-o")
        .arg(&host)
        .args(["--date", DATE])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    ok(st);
    let (a, b) = (tree(&site.join("public")), tree(&host));
    assert!(a.len() > 10);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(&b[k] == v, "{k} differs");
    }
}
