//! The CI templates run as written: the commands of `ci/gitlab-ci.yml` and
//! `ci/github-publish.yml` are read from the YAML and executed in a site repository.
//! They download the release archive that `scripts/release` made, served on
//! 127.0.0.1, check its SHA-256 and unpack it (nothing is compiled), then check, build
//! and publish with the archive's `publish` script (rsync over SSH) to a real sshd on
//! 127.0.0.1 with its own host key and authorized_keys.
//!
//! Needs `FACHWERK_RELEASE_DIR` (the OUT of `scripts/release --dev`, which
//! scripts/test runs first), root (sshd checks logins as the user it runs for),
//! `sshd`, `ssh`, `rsync`, `ssh-keygen`, `curl` and `wget`; `scripts/install-test-deps`
//! installs them. Without them the test is skipped, except with CI=true, where it
//! fails.

use crate::common::{copy_dir, tree};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const SSHD: &str = "/usr/sbin/sshd";
/// A static file whose name holds rsync's wildcard characters.
const WILD: &str = "content/static/docs/liste[2025]*?.txt";
/// 2026-11-21T12:00:00Z: a fixed build date for the templates' commands.
const EPOCH: &str = "1795262400";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The directory `scripts/release` wrote, if the tests were given one.
fn release_dir() -> Option<PathBuf> {
    std::env::var_os("FACHWERK_RELEASE_DIR")
        .map(PathBuf::from)
        .filter(|d| d.join("SHA256SUMS").is_file())
}

/// True when the tools are there; otherwise skips, or fails under CI=true.
fn tools_available() -> bool {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut missing: Vec<&str> = ["rsync", "ssh", "ssh-keygen", "curl", "wget"]
        .into_iter()
        .filter(|t| {
            Command::new(t)
                .arg("-V")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_err()
        })
        .collect();
    if !Path::new(SSHD).exists() {
        missing.push(SSHD);
    }
    if !root {
        missing.push("root (sshd logs in the user it runs as)");
    }
    if release_dir().is_none() {
        missing.push(
            "FACHWERK_RELEASE_DIR (the OUT of `scripts/release --dev`; scripts/test sets it)",
        );
    }
    if missing.is_empty() {
        return true;
    }
    let msg = format!(
        "publish test needs {}; run scripts/install-test-deps and scripts/test",
        missing.join(", ")
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}");
    }
    eprintln!("skipped: {msg}");
    false
}

/// An sshd on a free port of 127.0.0.1, with a temporary host key, client key and
/// authorized_keys; the machine's own sshd configuration is never read. Killed when
/// dropped.
struct Sshd {
    child: Child,
    port: u16,
    client_key: PathBuf,
    known_hosts: String,
}

impl Sshd {
    fn start(dir: &Path) -> Sshd {
        fs::create_dir_all(dir).unwrap();
        for name in ["host_key", "client_key"] {
            let st = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", ""])
                .arg("-f")
                .arg(dir.join(name))
                .status()
                .unwrap();
            assert!(st.success());
        }
        fs::copy(dir.join("client_key.pub"), dir.join("authorized_keys")).unwrap();
        // Debian's sshd insists on its privilege separation directory.
        fs::create_dir_all("/run/sshd").unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nAuthorizedKeysFile {d}/authorized_keys\nPidFile none\nStrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nLogLevel ERROR\n",
            d = dir.display()
        );
        fs::write(dir.join("sshd_config"), config).unwrap();
        let mut child = Command::new(SSHD)
            .arg("-D")
            .arg("-e")
            .arg("-f")
            .arg(dir.join("sshd_config"))
            .stderr(fs::File::create(dir.join("sshd.log")).unwrap())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "sshd exited ({status}): {}",
                    fs::read_to_string(dir.join("sshd.log")).unwrap_or_default()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "sshd did not listen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let host_pub = fs::read_to_string(dir.join("host_key.pub")).unwrap();
        let key: Vec<&str> = host_pub.split_whitespace().take(2).collect();
        Sshd {
            child,
            port,
            client_key: dir.join("client_key"),
            known_hosts: format!("[127.0.0.1]:{port} {}", key.join(" ")),
        }
    }

    /// The CI secrets for publishing into `target`.
    fn secrets(&self, target: &Path) -> BTreeMap<&'static str, String> {
        BTreeMap::from([
            ("DEPLOY_HOST", "127.0.0.1".to_string()),
            ("DEPLOY_USER", "root".to_string()),
            ("DEPLOY_PATH", target.display().to_string()),
            (
                "DEPLOY_SSH_KEY",
                fs::read_to_string(&self.client_key).unwrap(),
            ),
            ("DEPLOY_KNOWN_HOSTS", self.known_hosts.clone()),
            ("DEPLOY_PORT", self.port.to_string()),
        ])
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The version of the Linux archive in `dir` and its SHA-256 from SHA256SUMS.
fn linux_archive(dir: &Path) -> (String, String) {
    let sums = fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    sums.lines()
        .find_map(|l| {
            let (sum, name) = l.split_once("  ")?;
            let version = name
                .strip_prefix("fachwerk-")?
                .strip_suffix("-x86_64-unknown-linux-musl.tar.gz")?;
            Some((version.to_string(), sum.to_string()))
        })
        .expect("SHA256SUMS names the Linux archive")
}

/// Serves the files of `dir` on 127.0.0.1 (for the life of the test process):
/// the release's download address.
fn serve_dir(dir: &Path) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let name = req.url().trim_start_matches('/').to_string();
            let file = (!name.contains('/') && !name.starts_with('.'))
                .then(|| fs::File::open(dir.join(&name)).ok())
                .flatten();
            let _ = match file {
                Some(f) => req.respond(tiny_http::Response::from_file(f)),
                None => req.respond(tiny_http::Response::empty(404)),
            };
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// Fills in the variables at the top of a template, as its user does.
fn pin(vars: &mut Value, version: &str, sha: &str, url: &str) {
    for (k, v) in [
        ("FACHWERK_VERSION", version),
        ("FACHWERK_SHA256", sha),
        ("FACHWERK_DOWNLOAD_URL", url),
    ] {
        assert!(vars.get(k).is_some(), "the template has no {k}");
        vars[k] = Value::String(v.to_string());
    }
}

/// A YAML file of the repository as JSON, every scalar a string (or null), read with
/// the YAML parser fachwerk itself uses; the CI templates use no anchors.
fn yaml(path: &str) -> Value {
    use granit_parser::{Event, Parser, ScalarStyle};
    enum Frame {
        List(Vec<Value>),
        Map(serde_json::Map<String, Value>, Option<String>),
    }
    fn add(stack: &mut [Frame], root: &mut Value, v: Value) {
        match stack.last_mut() {
            Some(Frame::List(items)) => items.push(v),
            Some(Frame::Map(m, key)) => match key.take() {
                Some(k) => {
                    m.insert(k, v);
                }
                None => *key = Some(v.as_str().unwrap().to_string()),
            },
            None => *root = v,
        }
    }
    let text = fs::read_to_string(repo_root().join(path)).unwrap();
    let (mut stack, mut root) = (Vec::new(), Value::Null);
    for event in Parser::new_from_str(&text) {
        match event.unwrap().0 {
            Event::Scalar(t, style, ..) => {
                let null = style == ScalarStyle::Plain && matches!(&*t, "" | "~" | "null");
                let v = if null {
                    Value::Null
                } else {
                    Value::String(t.into_owned())
                };
                add(&mut stack, &mut root, v);
            }
            Event::SequenceStart(..) => stack.push(Frame::List(Vec::new())),
            Event::MappingStart(..) => stack.push(Frame::Map(serde_json::Map::new(), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                let v = match stack.pop() {
                    Some(Frame::List(items)) => Value::Array(items),
                    Some(Frame::Map(m, _)) => Value::Object(m),
                    None => continue,
                };
                add(&mut stack, &mut root, v);
            }
            Event::Alias(_) => panic!("{path}: anchors are not expected"),
            _ => {}
        }
    }
    root
}

fn lines(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|s| s.iter().map(|l| l.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// Runs a script as a CI runner would: bash, stop at the first failing command.
fn bash(script: &str, dir: &Path, env: &BTreeMap<String, String>) -> Output {
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env_clear()
        .envs(env)
        .output()
        .unwrap();
    eprintln!(
        "$ {script}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The environment of a CI job on this machine.
fn base_env(repo: &Path) -> BTreeMap<String, String> {
    let mut env = BTreeMap::new();
    for k in ["PATH", "HOME", "LANG", "TMPDIR"] {
        if let Ok(v) = std::env::var(k) {
            env.insert(k.to_string(), v);
        }
    }
    env.insert("CI".into(), "true".into());
    env.insert("SOURCE_DATE_EPOCH".into(), EPOCH.into());
    env.insert("CI_PROJECT_DIR".into(), repo.display().to_string());
    env
}

/// One job of the GitLab template as one shell script: the global variables, the
/// `before_script` of the job it extends, and its `script`, exactly as written.
fn gitlab_job(ci: &Value, job: &str) -> String {
    let mut script = Vec::new();
    for (k, v) in ci["variables"].as_object().unwrap() {
        script.push(format!("export {}=\"{}\"", k.as_str(), v.as_str().unwrap()));
    }
    let j = &ci[job];
    let base = j["extends"].as_str().map(|b| &ci[b]);
    script.extend(lines(&j["before_script"]));
    if j["before_script"].is_null()
        && let Some(b) = base
    {
        script.extend(lines(&b["before_script"]));
    }
    let commands = lines(&j["script"]);
    assert!(!commands.is_empty(), "job {job} has no script");
    script.extend(commands);
    script.join("\n")
}

/// Runs the named steps of the GitHub workflow in order, as the runner does: the
/// workflow's env, each step's env (secrets filled in), `$GITHUB_PATH` honoured.
fn github_steps(
    wf: &Value,
    names: &[&str],
    repo: &Path,
    secrets: &BTreeMap<&str, String>,
) -> Vec<Output> {
    let mut env = base_env(repo);
    for (k, v) in wf["env"].as_object().unwrap() {
        env.insert(k.clone(), v.as_str().unwrap().into());
    }
    let github_path = repo.join("../github_path");
    fs::write(&github_path, "").unwrap();
    env.insert("GITHUB_PATH".into(), github_path.display().to_string());
    let steps = wf["jobs"]["site"]["steps"].as_array().unwrap();
    let mut outputs = Vec::new();
    for name in names {
        let step = steps
            .iter()
            .find(|s| s["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("no step {name}"));
        let run = step["run"].as_str().unwrap();
        assert!(
            !run.contains("${{"),
            "step {name}: secrets and expressions belong into env:, not into the command"
        );
        let mut step_env = env.clone();
        if let Some(m) = step["env"].as_object() {
            for (k, v) in m {
                let v = v.as_str().unwrap();
                let secret = v
                    .strip_prefix("${{ secrets.")
                    .and_then(|s| s.strip_suffix(" }}"))
                    .unwrap_or_else(|| panic!("step {name}: unexpected env value {v}"));
                step_env.insert(k.clone(), secrets[secret].clone());
            }
        }
        let extra: Vec<String> = fs::read_to_string(&github_path)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        if !extra.is_empty() {
            let path = format!("{}:{}", extra.join(":"), step_env["PATH"]);
            step_env.insert("PATH".into(), path);
        }
        let out = bash(run, repo, &step_env);
        outputs.push(out);
    }
    outputs
}

/// The remote tree equals the build, plus the files fachwerk did not create there.
fn assert_published(public: &Path, target: &Path, foreign: &[&str]) {
    let mut remote = tree(target);
    for f in foreign {
        assert!(remote.remove(*f).is_some(), "{f} was removed from the host");
    }
    let local = tree(public);
    assert_eq!(
        remote.keys().collect::<Vec<_>>(),
        local.keys().collect::<Vec<_>>(),
        "the host's files differ from the build"
    );
    for (path, bytes) in &local {
        assert!(&remote[path] == bytes, "{path} differs on the host");
    }
}

#[test]
fn the_ci_templates_build_check_and_publish_to_a_real_sshd() {
    if !tools_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let sshd = Sshd::start(&tmp.path().join("ssh"));

    // The release, served on 127.0.0.1 as a forge serves a release's files.
    let release = release_dir().unwrap();
    let (version, sha) = linux_archive(&release);
    let url = serve_dir(&release);

    // A site repository as CI checks it out.
    let repo = tmp.path().join("repo");
    copy_dir(
        &repo_root().join("tests/fixtures/minimal"),
        &repo.join("content"),
    );

    // The web host: the site's directory with files fachwerk did not create, a
    // sibling directory and a file beside it.
    let www = tmp.path().join("www");
    let target = www.join("fachkraefteallianz");
    fs::create_dir_all(&target).unwrap();
    fs::write(target.join(".htaccess"), "Options -Indexes\n").unwrap();
    fs::write(target.join("archiv-2019.html"), "<p>alt</p>\n").unwrap();
    fs::create_dir_all(www.join("fachkraefteallianz-alt")).unwrap();
    fs::write(www.join("fachkraefteallianz-alt/index.html"), "alt\n").unwrap();
    fs::write(www.join("outside.txt"), "nicht anfassen\n").unwrap();
    let foreign = [".htaccess", "archiv-2019.html"];
    // A file of the site whose name rsync would read as a pattern.
    fs::write(repo.join(WILD), "Liste\n").unwrap();
    let secrets = sshd.secrets(&target);

    // The templates as they are in the repository stop at once: not pinned yet.
    let mut gitlab = yaml("ci/gitlab-ci.yml");
    let mut wf = yaml("ci/github-publish.yml");
    for text in [
        fs::read_to_string(repo_root().join("ci/gitlab-ci.yml")).unwrap(),
        fs::read_to_string(repo_root().join("ci/github-publish.yml")).unwrap(),
    ] {
        assert!(!text.contains("cargo "), "a CI template compiles fachwerk");
    }
    let out = bash(&gitlab_job(&gitlab, "site"), &repo, &base_env(&repo));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains(
        "fachwerk is not pinned: set FACHWERK_VERSION, FACHWERK_SHA256 and FACHWERK_DOWNLOAD_URL"
    ));
    let outs = github_steps(&wf, &["Check the settings"], &repo, &BTreeMap::new());
    assert_eq!(outs[0].status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&outs[0].stdout).contains("::error title=fachwerk is not pinned::")
    );
    assert!(!repo.join(".fachwerk").exists(), "nothing downloaded");

    // A wrong checksum is refused before anything is unpacked.
    pin(&mut gitlab["variables"], &version, &"0".repeat(64), &url);
    let out = bash(&gitlab_job(&gitlab, "site"), &repo, &base_env(&repo));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("does not have the SHA-256 in FACHWERK_SHA256")
    );
    assert!(!repo.join(".fachwerk/fachwerk").exists());
    fs::remove_dir_all(repo.join(".fachwerk")).unwrap();

    // Pinned as the release's own copies of the templates are: GitLab checks and
    // builds in one job (Code Quality report), then publishes.
    pin(&mut gitlab["variables"], &version, &sha, &url);
    pin(&mut wf["env"], &version, &sha, &url);
    let mut env = base_env(&repo);
    for job in ["site", "publish"] {
        if job == "publish" {
            for (k, v) in &secrets {
                env.insert(k.to_string(), v.clone());
            }
        }
        let out = bash(&gitlab_job(&gitlab, job), &repo, &env);
        assert!(out.status.success(), "GitLab job {job} failed");
    }
    // The unpacked binary is the release's, not this build's.
    let printed = Command::new(repo.join(".fachwerk/fachwerk"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&printed.stdout)
            .starts_with(&format!("fachwerk {version} (commit "))
    );
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(repo.join("gl-code-quality-report.json")).unwrap())
            .unwrap();
    assert!(report.is_array(), "{report}");
    assert!(repo.join("public/termine/rueckblick/index.html").is_file());
    assert_published(&repo.join("public"), &target, &foreign);

    // A past event and a file whose name holds rsync wildcards are removed from the
    // site; GitHub's steps publish the change, `check` before `build`.
    fs::remove_file(repo.join("content/events/rueckblick.md")).unwrap();
    fs::remove_file(repo.join(WILD)).unwrap();
    fs::remove_dir_all(repo.join(".fachwerk")).unwrap();
    let steps: Vec<&str> = wf["jobs"]["site"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    let at = |name: &str| steps.iter().position(|s| *s == name).unwrap();
    assert!(at("Check the settings") < at("Install fachwerk"));
    assert!(at("Check") < at("Build") && at("Build") < at("Publish"));
    let step_if = |name: &str| {
        wf["jobs"]["site"]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"].as_str() == Some(name))
            .and_then(|s| s["if"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        step_if("Build").contains("!cancelled()"),
        "build runs after a failed check"
    );
    let publish_if = step_if("Publish");
    assert!(
        publish_if.contains("success()")
            && publish_if.contains("refs/heads/main")
            && publish_if.contains("pull_request")
    );
    let cron = wf["on"]["schedule"][0]["cron"].as_str().unwrap();
    assert_eq!(cron.split_whitespace().count(), 5, "a nightly schedule");
    assert!(step_if("Keep the nightly build alive").contains("schedule"));
    let names = [
        "Check the settings",
        "Install fachwerk",
        "Check",
        "Build",
        "Publish",
    ];
    let outs = github_steps(&wf, &names, &repo, &secrets);
    for (o, name) in outs.iter().zip(names) {
        assert!(o.status.success(), "GitHub step {name} failed");
    }
    let annotations = String::from_utf8_lossy(&outs[2].stdout);
    assert!(
        annotations.contains("::warning file=content/"),
        "{annotations}"
    );
    assert!(
        annotations
            .lines()
            .all(|l| l.starts_with("::warning file=content/")),
        "{annotations}"
    );
    assert!(!repo.join("public/termine/rueckblick/index.html").exists());
    assert_published(&repo.join("public"), &target, &foreign);
    assert!(
        !target.join("termine/rueckblick").exists(),
        "the stale page fachwerk published before is deleted"
    );
    assert!(
        !target.join("docs/liste[2025]*?.txt").exists(),
        "a stale file with wildcard characters in its name is deleted too"
    );
    assert_eq!(
        fs::read_to_string(www.join("outside.txt")).unwrap(),
        "nicht anfassen\n"
    );
    assert_eq!(
        fs::read_to_string(www.join("fachkraefteallianz-alt/index.html")).unwrap(),
        "alt\n"
    );

    // The manifest on the host decides what may go. Format 2 escapes `\` and control
    // characters: `a\b.txt` was fachwerk's and goes; a line with an escaped control
    // character names nothing a rule could match, so nothing it might mean is deleted.
    let publish = |target: &Path| {
        let mut env = base_env(&repo);
        for (k, v) in &secrets {
            env.insert(k.to_string(), v.clone());
        }
        env.insert("DEPLOY_PATH".into(), target.display().to_string());
        let out = bash(
            "scripts/publish \"$CI_PROJECT_DIR/public\"",
            &repo_root(),
            &env,
        );
        assert!(out.status.success(), "publish failed");
    };
    let published = fs::read_to_string(target.join(".fachwerk-manifest")).unwrap();
    assert!(
        published.starts_with("# fachwerk manifest 2\n"),
        "{published}"
    );
    fs::write(target.join("a\\b.txt"), "alt\n").unwrap();
    fs::write(target.join("x\n.htaccess"), "fremd\n").unwrap();
    fs::write(
        target.join(".fachwerk-manifest"),
        format!("{published}a\\\\b.txt\n\\u{{a}}.htaccess\nx\\u{{a}}.htaccess\n"),
    )
    .unwrap();
    publish(&target);
    assert!(
        !target.join("a\\b.txt").exists(),
        "fachwerk's old file goes"
    );
    assert!(target.join("x\n.htaccess").exists());
    assert_published(
        &repo.join("public"),
        &target,
        &[&foreign[..], &["x\n.htaccess"]].concat(),
    );

    // Format 1, as older builds wrote it: one raw path per line.
    fs::create_dir_all(target.join("alt")).unwrap();
    fs::write(target.join("alt/seite.html"), "alt\n").unwrap();
    let old_format: String = published
        .lines()
        .skip(1)
        .chain(["alt/seite.html"])
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(target.join(".fachwerk-manifest"), old_format).unwrap();
    publish(&target);
    assert!(
        !target.join("alt").exists(),
        "a page of an older build goes"
    );
    assert_published(
        &repo.join("public"),
        &target,
        &[&foreign[..], &["x\n.htaccess"]].concat(),
    );

    // Targets that could delete more than the site are refused before any transfer.
    let before = tree(&www);
    for bad in [
        "/",
        "",
        "//",
        "/srv/../",
        "relative/path",
        "/srv/./x",
        "/srv/a b",
    ] {
        let mut env = base_env(&repo);
        for (k, v) in &secrets {
            env.insert(k.to_string(), v.clone());
        }
        env.insert("DEPLOY_PATH".into(), bad.into());
        let out = bash(
            "scripts/publish \"$CI_PROJECT_DIR/public\"",
            &repo_root(),
            &env,
        );
        assert_eq!(
            out.status.code(),
            Some(2),
            "DEPLOY_PATH={bad:?} not refused"
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("DEPLOY_PATH"));
    }
    assert_eq!(tree(&www), before, "a refused publish changes nothing");
}
