//! `fachwerk serve` from the outside: the real binary on a free port of 127.0.0.1,
//! spoken to with raw HTTP over a `TcpStream`, so that requests reach the server
//! exactly as written (no client normalises `..` away).

use crate::common::{DATE, Fixture, stderr, tree};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// A running `fachwerk serve`; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    log: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `fachwerk serve site --port 0` in the fixture and waits for its address.
    fn start(f: &Fixture, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fachwerk"))
            .args(["serve", "site", "--port", "0", "--date", DATE])
            .args(extra)
            .env("FACHWERK_VERIFY_INCREMENTAL", "1")
            .current_dir(f.tmp.path())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, log) = channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = log.recv_timeout(Duration::from_millis(200)) {
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let port = rest.split('/').next().unwrap().parse().unwrap();
                    return Server { child, port, log };
                }
                seen.push(line);
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("fachwerk serve did not start:\n{}", seen.join("\n"));
    }

    fn get(&self, target: &str) -> Reply {
        request(self.port, "GET", target)
    }

    /// The server's state: `{"build": id, "errors": n|null, "clients": n}`.
    fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/_fachwerk/status").body).unwrap()
    }

    /// Waits until `cond` holds for the server's status.
    fn wait_status(&self, what: &str, cond: impl Fn(&serde_json::Value) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if cond(&self.status()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let log: Vec<String> = self.log.try_iter().collect();
        panic!("timed out waiting for {what}; log:\n{}", log.join("\n"));
    }
}

impl Server {
    /// Waits for the server's next line about verifying an incremental build.
    fn wait_verified(&self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.log.recv_timeout(Duration::from_millis(200)) {
                if line.contains("a full build") {
                    return line;
                }
                seen.push(line);
            }
        }
        panic!("{what}: no verification; log:\n{}", seen.join("\n"));
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

fn request(port: u16, method: &str, target: &str) -> Reply {
    request_as(port, method, target, &format!("127.0.0.1:{port}"))
}

fn request_as(port: u16, method: &str, target: &str, host: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {head:?}"));
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

const SECRET: &str = "GEHEIM-4711";

#[test]
fn traversal_and_encoded_paths_never_leave_the_site() {
    let f = Fixture::new("minimal");
    // Files a traversal could reach: next to the site, and the site's own sources.
    std::fs::write(f.tmp.path().join("secret.txt"), SECRET).unwrap();
    f.write("static/docs/notiz.txt", "Notiz");
    let s = Server::start(&f, &[]);
    assert_eq!(
        s.get("/docs/notiz.txt").status,
        200,
        "a file of the site is served"
    );
    for target in [
        "/../secret.txt",
        "/../../Cargo.toml",
        "/docs/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/Cargo.toml",
        "/..%2fsecret.txt",
        "/docs/..%2f..%2fsecret.txt",
        "/docs%2f..%2f..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/docs\\..\\..\\secret.txt",
        "/..%5csecret.txt",
        "/docs/notiz.txt%00",
        "/%00../secret.txt",
        "/site.yaml",
        "/pages/ueber-uns.md",
        "/static/docs/notiz.txt",
        "/_fachwerk/../secret.txt",
    ] {
        let r = s.get(target);
        assert_eq!(r.status, 404, "{target}: {}", r.head);
        assert!(
            !r.body.contains(SECRET) && !r.body.contains("[package]"),
            "{target}"
        );
    }
    // A link out of the site, added while serving: the build fails (the loader
    // refuses it), the last good build stays, and the link's target is never served.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            f.tmp.path().join("secret.txt"),
            f.site().join("static/geheim.txt"),
        )
        .unwrap();
        s.wait_status("the failed build", |st| st["errors"] == 1);
        let r = s.get("/geheim.txt");
        assert_eq!(r.status, 404);
        assert!(!r.body.contains(SECRET));
        assert_eq!(
            s.get("/docs/notiz.txt").status,
            200,
            "the last good build stays"
        );
    }
}

#[test]
fn serves_like_a_static_host_with_the_hook_only_in_served_pages() {
    let f = Fixture::new("minimal");
    let s = Server::start(&f, &[]);
    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    assert_eq!(home.header("cache-control").unwrap(), "no-store");
    assert!(
        home.body
            .contains(r#"<script src="/_fachwerk/reload.js" data-fachwerk-build=""#)
    );
    // The base URL is the local one, so absolute links stay in the preview.
    let local = format!("http://127.0.0.1:{}/", s.port);
    assert!(
        home.body
            .contains(&format!(r#"<link rel="canonical" href="{local}""#)),
        "{}",
        home.body
    );
    assert!(!home.body.contains("fk.example.org"));

    let dir = s.get("/projekte");
    assert_eq!(dir.status, 302);
    assert_eq!(dir.header("location").unwrap(), "/projekte/");
    assert_eq!(s.get("/projekte/").status, 200);

    // The stylesheet has a content hash in its name; take it from the page.
    let start = home.body.find(r#"<link rel="stylesheet" href=""#).unwrap() + 29;
    let css = &home.body[start..start + home.body[start..].find('"').unwrap()];
    assert!(
        css.starts_with("/css/fachwerk.") && css != "/css/fachwerk.css",
        "{css}"
    );
    for (path, ty) in [
        (css, "text/css; charset=utf-8"),
        ("/aktuelles/feed.xml", "application/xml; charset=utf-8"),
        ("/images/sachsen.svg", "image/svg+xml"),
        ("/docs/konzept.pdf", "application/pdf"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/_fachwerk/reload.js", "text/javascript; charset=utf-8"),
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type").unwrap(), ty, "{path}");
        // Hashed names change with the content: the browser may keep those.
        let cache = if path == css {
            "public, max-age=31536000, immutable"
        } else {
            "no-store"
        };
        assert_eq!(r.header("cache-control").unwrap(), cache, "{path}");
        assert!(
            !r.body.contains(r#"<script src="/_fachwerk/reload.js""#),
            "{path}: only HTML gets the hook"
        );
    }

    let missing = s.get("/gibt-es-nicht/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    f.build();
    let built_404 = f.page("404.html");
    let title = built_404
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(missing.body.contains(title), "the site's own 404 page");
    assert!(missing.body.contains("/_fachwerk/reload.js"));
    // The static HTML file from static/ gets the hook as well; HEAD has no body.
    assert!(s.get("/legacy.html").body.contains("/_fachwerk/reload.js"));
    let head = request(s.port, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(request(s.port, "POST", "/").status, 405);
    // Another name for 127.0.0.1 (DNS rebinding) is refused.
    let rebound = request_as(s.port, "GET", "/", "preview.evil.example");
    assert_eq!(rebound.status, 403);
    assert!(!rebound.body.contains("<html"));
    assert_eq!(request_as(s.port, "GET", "/", "localhost").status, 200);

    // `fachwerk build` output never carries the hook.
    for (path, bytes) in tree(&f.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("_fachwerk"),
            "{path} contains the reload hook"
        );
    }
}

#[test]
fn port_in_use_names_a_free_port() {
    let f = Fixture::new("minimal");
    let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = f.run(&["serve", "site", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{err}"
    );
    let free: u16 = err
        .split("--port ")
        .nth(1)
        .and_then(|r| r.split('`').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no free port named: {err}"));
    assert_ne!(free.to_string(), port);
    drop(taken);
}

#[test]
fn another_address_needs_bind_and_warns() {
    let f = Fixture::new("minimal");
    let out = f.run(&["serve", "site", "--bind", "not-an-address"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let mut child = Command::new(env!("CARGO_BIN_EXE_fachwerk"))
        .args([
            "serve", "site", "--port", "0", "--bind", "0.0.0.0", "--date", DATE,
        ])
        .current_dir(f.tmp.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.starts_with("warning: listening on 0.0.0.0"),
        "{first}"
    );
}

#[test]
fn saves_rebuild_and_editor_files_and_output_do_not() {
    let f = Fixture::new("minimal");
    let s = Server::start(&f, &[]);
    let first = s.status()["build"].clone();
    assert!(
        s.get("/ueber-uns/")
            .body
            .contains("Wir sichern Fachkräfte.")
    );

    // Editor leftovers, hidden files and fachwerk's own output inside the site.
    f.write("pages/4913", "");
    f.write("pages/.ueber-uns.md.swp", "x");
    f.write("pages/ueber-uns.md~", "x");
    f.write(".git/index", "x");
    let out = f.run(&["build", "site", "-o", "site/public", "--date", DATE]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(s.status()["build"], first, "nothing relevant changed");

    // An atomic save: write a temporary file, rename it over the page.
    let page = f.site().join("pages/ueber-uns.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let tmp = f.site().join("pages/.ueber-uns.md.tmp");
    std::fs::write(
        &tmp,
        text.replace("Wir sichern Fachkräfte.", "Wir gewinnen Fachkräfte."),
    )
    .unwrap();
    std::fs::rename(&tmp, &page).unwrap();
    s.wait_status("the rebuild", |st| st["build"] != first);
    assert!(
        s.get("/ueber-uns/")
            .body
            .contains("Wir gewinnen Fachkräfte.")
    );

    // Broken YAML: the last good build stays, the error is known.
    f.write("contacts.yaml", "- id: anna\n  name: [kaputt\n");
    s.wait_status("the failed build", |st| st["errors"].as_u64() >= Some(1));
    assert!(
        s.get("/ueber-uns/")
            .body
            .contains("Wir gewinnen Fachkräfte.")
    );
    let mut sse = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    sse.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        sse,
        "GET /_fachwerk/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut got = String::new();
    let mut buf = [0u8; 4096];
    while !got.contains("\n\nevent: hello") || !got.ends_with("\n\n") {
        let n = sse.read(&mut buf).unwrap();
        assert!(n > 0, "stream ended: {got}");
        got.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(got.contains("Content-Type: text/event-stream"), "{got}");
    assert!(
        got.contains("contacts.yaml:2:"),
        "a new page hears of the error: {got}"
    );
}

#[test]
fn a_site_broken_from_the_start_shows_its_errors_until_fixed() {
    let f = Fixture::new("minimal");
    let good = std::fs::read_to_string(f.site().join("contacts.yaml")).unwrap();
    f.write("contacts.yaml", "- id: anna\n  name: [kaputt\n");
    let s = Server::start(&f, &[]);
    let r = s.get("/ueber-uns/");
    assert_eq!(r.status, 500);
    assert!(r.body.contains("--&gt; contacts.yaml:2:"), "{}", r.body);
    assert!(
        r.body.contains(r#"data-fachwerk-build="""#),
        "the hook reloads it"
    );
    f.write("contacts.yaml", &good);
    s.wait_status("the first good build", |st| st["build"].is_string());
    let r = s.get("/ueber-uns/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Wir sichern Fachkräfte."));
}

/// Reads one answer's status from a raw connection.
fn status_of(s: TcpStream) -> u16 {
    let mut line = String::new();
    BufReader::new(s).read_line(&mut line).unwrap();
    line.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {line:?}"))
}

/// A request head of any size was read into memory, and every connection got a
/// thread: now a head over 16 KiB is answered with 431, and past 64 open
/// connections a new one gets 503, until one of them closes.
#[test]
fn request_heads_and_connections_are_capped() {
    let f = Fixture::new("minimal");
    let server = Server::start(&f, &[]);
    let port = server.port;
    let connect = || {
        let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s
    };

    let mut s = connect();
    let big = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {}\r\n\r\n",
        "a".repeat(4 << 20)
    );
    let _ = s.write_all(big.as_bytes()); // the server stops reading at its limit
    assert_eq!(status_of(s), 431);
    // A head of ordinary size still passes.
    let mut s = connect();
    let ok = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(8 << 10)
    );
    s.write_all(ok.as_bytes()).unwrap();
    assert_eq!(status_of(s), 200);

    // 64 connections that send nothing hold every place …
    let idle: Vec<TcpStream> = (0..64).map(|_| connect()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut s = connect();
    s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    assert_eq!(status_of(s), 503);
    // … until they go.
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(20);
    while request(port, "GET", "/").status != 200 {
        assert!(Instant::now() < deadline, "no connection was freed");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A series of edits, each built incrementally and compared with a full build by
/// the server itself (`FACHWERK_VERIFY_INCREMENTAL`, which every server of these
/// tests runs with): body edits shown on listings through a partial included with
/// single quotes and through a component whose parameter is named `item`, front
/// matter, a new and a deleted file.
#[test]
fn incremental_builds_equal_full_builds_over_a_series_of_edits() {
    let f = Fixture::new("minimal");
    let theme = |name: &str| {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default/templates")
                .join(name),
        )
        .unwrap()
    };
    let news_list = theme("news_list.html").replace(
        "{% include \"partials/news_teaser.html\" %}",
        "{% include 'partials/voll.html' %}",
    );
    let projects = theme("projects.html").replace(
        "{% include \"partials/project_teaser.html\" %}",
        "{{ <Voll item={project} /> }}",
    );
    f.write("templates/news_list.html", &news_list);
    f.write("templates/partials/voll.html", "{{ news.content | safe }}");
    f.write("templates/projects.html", &projects);
    f.write(
        "templates/partials/components.html",
        "{% component Voll(item) %}{{ item.content | safe }}{% endcomponent Voll %}",
    );
    let s = Server::start(&f, &[]);
    let news = "news/2026-10-01-start.md";
    let project = "projects/azubi-lotsen.md";
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step> = vec![
        (
            "a news body",
            Box::new(|| f.edit(news, "Text.", "Text mit Neuigkeit.")),
        ),
        (
            "a project body",
            Box::new(|| f.edit(project, "Mehr Ausbildungsverträge.", "Mehr Verträge.")),
        ),
        (
            "a project title",
            Box::new(|| f.edit(project, "title: Azubi-Lotsen", "title: Lotsen")),
        ),
        (
            "a new news item",
            Box::new(|| {
                f.write(
                    "news/2026-11-01-neu.md",
                    "---\ntitle: Neu\ndate: 2026-11-01\nsummary: Kurz.\n---\nNeuer Text.\n",
                )
            }),
        ),
        (
            "the news item deleted",
            Box::new(|| std::fs::remove_file(f.site().join("news/2026-11-01-neu.md")).unwrap()),
        ),
    ];
    for (what, apply) in steps {
        let before = s.status()["build"].clone();
        apply();
        let line = s.wait_verified(what);
        assert!(line.starts_with("verified:"), "{what}: {line}");
        assert_ne!(s.status()["build"], before, "{what}: a new build is served");
    }
    assert!(s.get("/aktuelles/").body.contains("Text mit Neuigkeit."));
    assert!(s.get("/projekte/").body.contains("Mehr Verträge."));
}

/// An item scheduled after the build date (a news item dated later, a project with a
/// later `publish:` day) is left out of `build`, and shown by `serve` with a marker in
/// words on its page and in its listing.
#[test]
fn serve_marks_scheduled_items_and_build_leaves_them_out() {
    let f = Fixture::new("minimal");
    f.write(
        "news/weihnachtsgruss.md",
        "---\ntitle: Weihnachtsgruß\ndate: 2026-12-24\nsummary: Frohe Feiertage.\n---\nText.\n",
    );
    f.edit(
        "projects/azubi-lotsen.md",
        "title: Azubi-Lotsen\n",
        "title: Azubi-Lotsen\npublish: 2026-12-01\n",
    );
    let marker = "<strong>Noch nicht veröffentlicht</strong>";
    let s = Server::start(&f, &[]);
    let news = s.get("/aktuelles/weihnachtsgruss/");
    assert_eq!(news.status, 200, "{}", news.body);
    assert!(news.body.contains(marker), "{}", news.body);
    assert!(
        news.body.contains(r#"<time datetime="2026-12-24">"#),
        "{}",
        news.body
    );
    let listing = s.get("/aktuelles/").body;
    assert!(
        listing.contains("Weihnachtsgruß") && listing.contains(marker),
        "{listing}"
    );
    let project = s.get("/projekte/azubi-lotsen/").body;
    assert!(project.contains(marker), "{project}");
    assert!(
        project.contains(r#"<time datetime="2026-12-01">"#),
        "{project}"
    );
    let projects = s.get("/projekte/").body;
    assert_eq!(projects.matches(marker).count(), 1, "{projects}");
    // A published item has no marker.
    assert!(
        !s.get("/projekte/rueckkehr/")
            .body
            .contains("veröffentlicht</strong>")
    );
    drop(s);

    f.build();
    let out = f.out();
    assert!(!out.join("aktuelles/weihnachtsgruss").exists());
    assert!(!out.join("projekte/azubi-lotsen").exists());
    for page in ["aktuelles/index.html", "projekte/index.html", "index.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            !html.contains("Weihnachtsgruß") && !html.contains(marker),
            "{page}: {html}"
        );
    }
}
