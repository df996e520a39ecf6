//! `fachwerk serve`: a local preview that follows the editor's saves.
//!
//! The site is built in memory (the output directory is never touched) with the base
//! URL rewritten to the local address, and served on 127.0.0.1 by default; another
//! address needs `--bind` and prints a warning. A watcher (`watch.rs`) reports saved
//! files; the site is rebuilt into a new map of files, and only when that build is
//! complete is it swapped in (one `Arc`) and the open pages told over Server-Sent
//! Events (`events.rs`) which pages changed: a page that did not change stays, one
//! whose change lies inside `<main>` is patched in place (`client.js`), any other
//! reloads; when only stylesheets changed, they are swapped. A
//! failed build keeps the last good one served and shows its errors on every open
//! page (and on pages opened later) in an overlay (`overlay.rs`). Requests are
//! answered from the in-memory map only (`http.rs`): no request reaches the disk. On
//! a loopback address only loopback `Host` names are answered (DNS rebinding).
//!
//! Rebuilds are incremental (`incremental.rs`): the build stays in memory, and an
//! edit of Markdown bodies re-renders only the pages that show them; anything else
//! builds everything. Either way the result equals a full build.
//!
//! Threads: the caller's thread rebuilds; one thread accepts connections, and each
//! connection (an open page's event stream too) has a thread of its own, at most
//! [`server::Limits::connections`] at once (`server.rs`, which also caps the size of
//! a request's head).

mod events;
mod http;
mod overlay;
mod server;
mod watch;

use crate::content::base_url::BaseUrl;
use crate::content::routes::SEARCH_INDEX;
use crate::diagnostic::{Arg, Code, Diagnostics, Word};
use crate::messages::{Language, Msg, catalogue};
use crate::pipeline::BuildOptions;
use crate::pipeline::Files;
use crate::pipeline::images::Images;
use crate::pipeline::incremental;
use events::Hub;
use http::Resolved;
use server::{Reply, Request};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Where the reload script is served. Paths below `/_fachwerk/` belong to the server.
pub(crate) const SCRIPT_PATH: &str = "/_fachwerk/reload.js";
const EVENTS_PATH: &str = "/_fachwerk/events";
const STATUS_PATH: &str = "/_fachwerk/status";
const RESERVED: &str = "/_fachwerk/";

/// What `fachwerk serve` was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The site to build; its `base_url` is replaced by the local address.
    pub build: BuildOptions,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// The address to listen on; 127.0.0.1 unless the user asked otherwise.
    pub bind: IpAddr,
    /// Open the preview in the default browser.
    pub open: bool,
}

/// Why the preview could not start.
#[derive(Debug)]
pub(crate) enum ServeError {
    /// The directory is not a site (the loader's findings).
    NotASite(Diagnostics),
    /// Someone else listens on the port; `free` is one that was free a moment ago.
    PortInUse {
        /// The address asked for.
        bind: IpAddr,
        /// The port asked for.
        port: u16,
        /// A port that was free when checked.
        free: Option<u16>,
    },
    /// Another error of the network, in the catalogue's words.
    Other(Msg),
}

impl ServeError {
    /// What the terminal shows, worded in `lang`.
    pub(crate) fn describe(&self, lang: Language) -> String {
        let msg = match self {
            ServeError::NotASite(d) => {
                let mut d = d.clone();
                d.reword(lang);
                return d.sorted().iter().map(ToString::to_string).collect();
            }
            ServeError::PortInUse { bind, port, free } => {
                let m = Msg::new(Code::ServePortInUse)
                    .arg("port", port.to_string())
                    .arg("bind", bind.to_string());
                match free {
                    Some(p) => m.hint("free").arg("free", p.to_string()),
                    None => m.hint("none"),
                }
            }
            ServeError::Other(m) => m.clone(),
        };
        msg.shown("error", lang)
    }
}

/// The language of the preview's messages: `--lang` or `FACHWERK_LANG`, else the
/// site's, read again at each build (an editor may change it while the preview runs).
fn language(asked: Option<Language>, site: &Path) -> Language {
    asked.unwrap_or_else(|| crate::content::config::site_language(site))
}

/// A status line of the preview in `lang`.
fn say(msg: Msg, lang: Language) {
    eprintln!("{}", msg.text(lang));
}

/// A warning of the preview in `lang`, with its code, as findings are shown.
fn warn(msg: Msg, lang: Language) {
    eprint!("{}", msg.shown("warning", lang));
}

/// One complete build as it is served.
#[derive(Debug)]
pub(crate) struct Snapshot {
    /// Identifies the build (`<server start>-<n>`), so that pages know whether they
    /// show the current one.
    pub id: String,
    /// The files, by output path.
    pub files: Files,
    /// The image files, made in the background or when asked for.
    pub images: Option<Arc<Images>>,
}

/// What the server knows, behind one lock: a page that subscribes gets the state and
/// every later event, with nothing lost in between.
struct Shared {
    good: Option<Arc<Snapshot>>,
    errors: Option<serde_json::Value>,
    hub: Hub,
    builds: u64,
    /// The language of the preview's texts and messages.
    lang: Language,
}

struct State {
    shared: Mutex<Shared>,
    /// `--lang` or `FACHWERK_LANG`, if given.
    asked_lang: Option<Language>,
    nonce: u128,
    /// Only loopback `Host` names are answered (the server listens on loopback).
    loopback_only: bool,
}

/// At most this many changed pages are named in a reload event; with more, every
/// page reloads.
const MAX_CHANGED: usize = 200;

/// The HTML pages whose bytes differ between two builds (added and removed ones
/// included), sorted; `None` when anything else changed too, or more than
/// [`MAX_CHANGED`] pages. Unchanged files share their bytes, so most comparisons
/// are a pointer comparison.
fn changed_pages(old: &Files, new: &Files) -> Option<Vec<String>> {
    let mut changed = Vec::new();
    let differs = |a: Option<&Arc<[u8]>>, b: Option<&Arc<[u8]>>| match (a, b) {
        (Some(a), Some(b)) => !Arc::ptr_eq(a, b) && a != b,
        _ => true,
    };
    for path in new
        .keys()
        .chain(old.keys().filter(|p| !new.contains_key(*p)))
    {
        // No page shows the search index: the script fetches it when asked.
        if path.starts_with(SEARCH_INDEX) {
            continue;
        }
        if differs(old.get(path), new.get(path)) {
            if !http::is_html(path) || changed.len() == MAX_CHANGED {
                return None;
            }
            changed.push(path.clone());
        }
    }
    changed.sort();
    Some(changed)
}

/// What a finished rebuild changed for the pages.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Reload,
    Css,
    Unchanged,
    Failed,
}

impl State {
    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Swaps in a finished build (or records its errors), then tells the pages.
    fn apply(
        &self,
        result: Result<(Files, Option<Arc<Images>>), &Diagnostics>,
        css_only: bool,
    ) -> Outcome {
        let mut s = self.lock();
        match result {
            Ok((files, images)) => {
                let recovered = s.errors.take().is_some();
                let changed = s.good.as_ref().map(|g| changed_pages(&g.files, &files));
                let same = changed
                    .as_ref()
                    .is_some_and(|c| c.as_ref().is_some_and(Vec::is_empty));
                if same && !recovered {
                    // Files no page shows (the search index) may have changed; the
                    // images stay those of the build the pages show unless new ones came.
                    let id = s.good.as_ref().map(|g| g.id.clone()).unwrap_or_default();
                    let images = images.or_else(|| s.good.as_ref().and_then(|g| g.images.clone()));
                    s.good = Some(Arc::new(Snapshot { id, files, images }));
                    return Outcome::Unchanged;
                }
                let had_good = s.good.is_some();
                if !same {
                    s.builds += 1;
                    let id = format!("{}-{}", self.nonce, s.builds);
                    s.good = Some(Arc::new(Snapshot { id, files, images }));
                }
                let id = s.good.as_ref().map(|g| g.id.clone()).unwrap_or_default();
                let outcome = if css_only && had_good && !recovered {
                    Outcome::Css
                } else {
                    Outcome::Reload
                };
                let msg = if outcome == Outcome::Css {
                    events::message("css", &serde_json::json!({ "build": id }))
                } else {
                    // Pages not in `changed` stay as they are; `null`: every page
                    // reloads (many changed, or the errors are gone).
                    let changed = changed.flatten().filter(|_| !recovered);
                    events::message(
                        "reload",
                        &serde_json::json!({ "build": id, "changed": changed }),
                    )
                };
                s.hub.broadcast(&msg);
                outcome
            }
            Err(diags) => {
                let errors = overlay::errors_json(diags);
                let texts = overlay::texts(s.lang);
                let msg = events::message(
                    "build-error",
                    &serde_json::json!({ "errors": errors, "texts": texts }),
                );
                s.errors = Some(errors);
                s.hub.broadcast(&msg);
                Outcome::Failed
            }
        }
    }

    fn hello(s: &Shared) -> String {
        let build = s.good.as_ref().map(|g| g.id.as_str()).unwrap_or("");
        events::message(
            "hello",
            &serde_json::json!({
                "build": build,
                "errors": s.errors,
                "texts": overlay::texts(s.lang),
            }),
        )
    }
}

/// Runs the preview until the process is stopped.
#[expect(
    clippy::too_many_lines,
    reason = "sets up the server, watcher and first build in order; the parts are in their own modules"
)]
pub(crate) fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let site = &opts.build.site_dir;
    if !site.join("site.yaml").is_file() {
        return Err(ServeError::NotASite(
            crate::pipeline::full(&opts.build).err().unwrap_or_default(),
        ));
    }
    let listener = bind(opts.bind, opts.port)?;
    let port = listener
        .local_addr()
        .map_err(|e| cannot_listen(opts.bind, opts.port, &e))?
        .port();
    let url = local_url(opts.bind, port);
    let lang = language(opts.build.lang, site);
    if !opts.bind.is_loopback() {
        let m = Msg::new(Code::ServeOpenNetwork).arg("bind", opts.bind.to_string());
        warn(m, lang);
    }
    let mut build_opts = opts.build.clone();
    build_opts.base_url = Some(BaseUrl::parse(&url).map_err(|problem| {
        ServeError::Other(
            Msg::new(Code::UsageBadBaseUrl)
                .arg("value", url.as_str())
                .arg("problem", problem),
        )
    })?);
    let nonce = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let state = Arc::new(State {
        shared: Mutex::new(Shared {
            good: None,
            errors: None,
            hub: Hub::default(),
            builds: 0,
            lang,
        }),
        nonce,
        asked_lang: opts.build.lang,
        loopback_only: opts.bind.is_loopback(),
    });

    // Watching starts before the first build, so that a save during it is not lost.
    let (tx, rx) = channel();
    let watcher = watch::Watcher::start(site, tx);
    let started = Instant::now();
    let mut session = incremental::Session::new(build_opts.clone()).deferring_index();
    let mut theme_dir = None;
    let mut warnings = Diagnostics::new();
    match session.update(&[]) {
        Ok(r) => {
            let pages = r.files.keys().filter(|p| http::is_html(p)).count();
            print_all(r.warnings, lang);
            theme_dir = r.theme_dir.map(Path::to_path_buf);
            warnings = r.warnings.clone();
            state.apply(Ok((r.files.clone(), Some(Arc::clone(r.images)))), false);
            let seconds = format!("{:.2}", started.elapsed().as_secs_f64());
            let m = Msg::new(Code::ServeServing)
                .arg("site", site.display().to_string())
                .arg("url", url.as_str())
                .arg("pages", pages)
                .arg("seconds", decimal(&seconds, lang));
            say(m, lang);
        }
        Err(diags) => {
            let diags = worded(&diags, lang);
            print_all(&diags, lang);
            state.apply(Err(&diags), false);
            let m = Msg::new(Code::ServeFailedStart)
                .arg("errors", diags.error_count())
                .arg("url", url.as_str());
            say(m, lang);
        }
    }

    let handler: server::Handler = {
        let state = Arc::clone(&state);
        Arc::new(move |req: &Request| handle(&state, req))
    };
    let accept =
        std::thread::spawn(move || server::run(listener, handler, server::Limits::default()));
    if opts.open {
        open_browser(&url, lang);
    }

    match watcher {
        Ok(mut watcher) => {
            let m = Msg::new(Code::ServeWatching).arg("site", site.display().to_string());
            say(m, lang);
            if let Some(dir) = &theme_dir {
                add_theme(&mut watcher, dir, lang);
            }
            watch_loop(&state, &mut session, &rx, &mut watcher, warnings);
        }
        Err(e) => warn(
            Msg::new(Code::ServeNoWatch)
                .arg("site", site.display().to_string())
                .arg("reason", detail(e)),
            lang,
        ),
    }
    let _ = accept.join();
    Ok(())
}

/// Rebuilds after each batch of changes, until the watcher stops.
fn watch_loop(
    state: &State,
    session: &mut incremental::Session,
    rx: &Receiver<Vec<PathBuf>>,
    watcher: &mut watch::Watcher,
    mut warnings: Diagnostics,
) {
    let site_dir = session.site_dir().to_path_buf();
    let root = site_dir.canonicalize().unwrap_or_default();
    while let Some(mut changed) = next_batch(state, session, rx) {
        let lang = language(state.asked_lang, &site_dir);
        state.lock().lang = lang;
        // Saves that came in during the last rebuild join this one.
        while let Ok(more) = rx.try_recv() {
            changed.extend(more);
        }
        changed.sort();
        changed.dedup();
        let started = Instant::now();
        // A bug in the build must not end the preview: it becomes an error like any
        // other, and the next save builds everything.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            session.update(&changed).map(|r| {
                (
                    r.files.clone(),
                    r.warnings.clone(),
                    r.theme_dir.map(Path::to_path_buf),
                    r.rendered,
                    Arc::clone(r.images),
                )
            })
        }))
        .unwrap_or_else(|_| {
            session.reset();
            Err(Msg::new(Code::ServeBug).error(&site_dir, lang).into())
        });
        let took = started.elapsed().as_secs_f64();
        let what = describe(&changed, &root, lang);
        match result {
            Ok((files, new_warnings, theme_dir, rendered, images)) => {
                if new_warnings != warnings {
                    print_all(&new_warnings, lang);
                    warnings = new_warnings;
                }
                if let Some(dir) = &theme_dir {
                    add_theme(watcher, dir, lang);
                }
                let outcome = state.apply(Ok((files, Some(images))), watch::only_css(&changed));
                let told = match outcome {
                    Outcome::Css => Word::OutcomeCss,
                    Outcome::Unchanged => Word::OutcomeUnchanged,
                    _ => Word::OutcomeReloaded,
                };
                let how = match rendered {
                    Some(1) => Arg::Word(Word::RenderedOne),
                    Some(n) => Arg::Phrase(Word::RenderedMany, vec![("count", n.to_string())]),
                    None => Arg::Word(Word::RenderedAll),
                };
                let m = Msg::new(Code::ServeRebuilt)
                    .arg("what", what.clone())
                    .arg("how", how)
                    .arg("ms", format!("{:.0}", took * 1000.0))
                    .arg("told", told);
                say(m, lang);
                if rendered.is_some() && verify_incremental() {
                    refresh_index(state, session);
                    report_verification(session, lang);
                }
            }
            Err(diags) => {
                let diags = worded(&diags, lang);
                print_all(&diags, lang);
                state.apply(Err(&diags), false);
                let m = Msg::new(Code::ServeRebuildFailed)
                    .arg("what", what)
                    .arg("errors", diags.error_count());
                say(m, lang);
            }
        }
    }
}

/// How long the saves must pause before the search index follows body edits.
const INDEX_PAUSE: Duration = Duration::from_millis(1000);

/// The next batch of changed paths; while the search index lags behind body edits,
/// a pause of [`INDEX_PAUSE`] brings it up to date first. `None` when the watcher
/// stopped.
fn next_batch(
    state: &State,
    session: &mut incremental::Session,
    rx: &Receiver<Vec<PathBuf>>,
) -> Option<Vec<PathBuf>> {
    loop {
        if !session.index_pending() {
            return rx.recv().ok();
        }
        match rx.recv_timeout(INDEX_PAUSE) {
            Ok(changed) => return Some(changed),
            Err(RecvTimeoutError::Timeout) => refresh_index(state, session),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// Brings the search index up to date and serves it.
fn refresh_index(state: &State, session: &mut incremental::Session) {
    let lang = language(state.asked_lang, session.site_dir());
    let started = Instant::now();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        session.refresh_index().map(|f| f.cloned())
    }));
    match result {
        Ok(Ok(Some(files))) => {
            state.apply(Ok((files, None)), false);
            let ms = format!("{:.0}", started.elapsed().as_secs_f64() * 1000.0);
            say(Msg::new(Code::ServeIndexUpdated).arg("ms", ms), lang);
        }
        Ok(Ok(None)) => {}
        Ok(Err(diags)) => {
            print_all(&diags, lang);
            session.reset();
        }
        Err(_) => session.reset(),
    }
}

/// `FACHWERK_VERIFY_INCREMENTAL=1`: every incremental build is compared with a full
/// build, and a difference is reported (the serve tests run with it).
fn verify_incremental() -> bool {
    std::env::var_os("FACHWERK_VERIFY_INCREMENTAL").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Compares the session's build with a full build and says how it went.
fn report_verification(session: &incremental::Session, lang: Language) {
    match session.verify() {
        Ok(differ) if differ.is_empty() => {
            eprint!("{}", Msg::new(Code::ServeVerified).shown("note", lang));
        }
        Ok(differ) => warn(
            Msg::new(Code::ServeVerifyDiffers)
                .arg("count", differ.len())
                .arg("files", differ.join(", ")),
            lang,
        ),
        Err(diags) => warn(
            Msg::new(Code::ServeVerifyFailed).arg("errors", diags.error_count()),
            lang,
        ),
    }
}

fn add_theme(watcher: &mut watch::Watcher, dir: &Path, lang: Language) {
    if let Err(e) = watcher.add(dir) {
        warn(
            Msg::new(Code::ServeNoWatchTheme).arg("reason", detail(e)),
            lang,
        );
    }
}

/// `news/a.md geändert`, `3 Dateien geändert`.
fn describe(changed: &[PathBuf], root: &Path, lang: Language) -> String {
    let arg = match changed {
        [one] => Arg::Phrase(
            Word::ChangedOne,
            vec![(
                "file",
                one.strip_prefix(root).unwrap_or(one).display().to_string(),
            )],
        ),
        many => Arg::Phrase(Word::ChangedMany, vec![("count", many.len().to_string())]),
    };
    catalogue(lang).arg(&arg)
}

/// The system's words for a failure, marked as such.
fn detail(e: impl ToString) -> Arg {
    Arg::Phrase(Word::IoOther, vec![("detail", e.to_string())])
}

/// `1.25` as written in `lang` (`1,25` in German).
fn decimal(n: &str, lang: Language) -> String {
    match lang {
        Language::De => n.replace('.', ","),
        Language::En => n.to_string(),
    }
}

/// The findings worded in `lang`.
fn worded(diags: &Diagnostics, lang: Language) -> Diagnostics {
    let mut d = diags.clone();
    d.reword(lang);
    d
}

fn print_all(diags: &Diagnostics, lang: Language) {
    for d in worded(diags, lang).sorted() {
        eprintln!("{d}");
    }
}

/// The error for a port that cannot be listened on.
fn cannot_listen(addr: IpAddr, port: u16, e: &std::io::Error) -> ServeError {
    ServeError::Other(
        Msg::new(Code::ServeCannotListen)
            .arg("bind", addr.to_string())
            .arg("port", port.to_string())
            .arg("reason", crate::diagnostic::io_reason(e)),
    )
}

/// Binds the listener; a port in use is reported with a free one nearby.
fn bind(addr: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    match TcpListener::bind((addr, port)) {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let nearby = (1..=20u16)
                .filter_map(|i| port.checked_add(i))
                .find(|p| TcpListener::bind((addr, *p)).is_ok());
            let free = nearby.or_else(|| {
                TcpListener::bind((addr, 0))
                    .and_then(|l| l.local_addr())
                    .ok()
                    .map(|a| a.port())
            });
            Err(ServeError::PortInUse {
                bind: addr,
                port,
                free,
            })
        }
        Err(e) => Err(cannot_listen(addr, port, &e)),
    }
}

/// The address pages link to: the bound one, or the loopback one for "any address".
fn local_url(bind: IpAddr, port: u16) -> String {
    match bind {
        IpAddr::V4(a) if a.is_unspecified() => format!("http://{}:{port}/", Ipv4Addr::LOCALHOST),
        IpAddr::V6(a) if a.is_unspecified() => format!("http://[{}]:{port}/", Ipv6Addr::LOCALHOST),
        IpAddr::V4(a) => format!("http://{a}:{port}/"),
        IpAddr::V6(a) => format!("http://[{a}]:{port}/"),
    }
}

fn open_browser(url: &str, lang: Language) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = cmd.arg(url).spawn() {
        let m = Msg::new(Code::ServeNoBrowser)
            .arg("reason", crate::diagnostic::io_reason(&e))
            .arg("url", url);
        warn(m, lang);
    }
}

/// Answers one request.
fn handle(state: &Arc<State>, req: &Request) -> Reply {
    if !matches!(req.method.as_str(), "GET" | "HEAD") {
        return reply(
            405,
            "text/plain; charset=utf-8",
            Arc::from(&b"Methode nicht erlaubt\n"[..]),
            Some(("Allow", "GET, HEAD".into())),
        );
    }
    if state.loopback_only && !http::loopback_host(req.header("Host")) {
        let body = Arc::from(&b"Die Vorschau antwortet nur unter 127.0.0.1 oder localhost.\n"[..]);
        return reply(403, "text/plain; charset=utf-8", body, None);
    }
    let target = req.target.as_str();
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        let (hello, rx) = {
            let mut s = state.lock();
            (State::hello(&s), s.hub.subscribe())
        };
        return Reply::Stream(Box::new(move |w| events::stream(w, hello, rx)));
    }
    if path == SCRIPT_PATH {
        let body = Arc::from(overlay::SCRIPT.as_bytes());
        return reply(200, "text/javascript; charset=utf-8", body, None);
    }
    let (good, errors, clients, lang) = {
        let s = state.lock();
        (s.good.clone(), s.errors.clone(), s.hub.len(), s.lang)
    };
    if path == STATUS_PATH {
        let status = serde_json::json!({
            "build": good.as_ref().map(|g| g.id.clone()),
            "errors": errors.as_ref().and_then(|e| e.as_array()).map(Vec::len),
            "clients": clients,
        });
        return reply(
            200,
            "application/json",
            Arc::from(status.to_string().into_bytes()),
            None,
        );
    }
    let plain_404 =
        || Arc::from(format!("{}\n", catalogue(lang).word(Word::NoSuchPage)).into_bytes());
    if path.starts_with(RESERVED) {
        return reply(404, "text/plain; charset=utf-8", plain_404(), None);
    }
    let Some(good) = good else {
        let page = overlay::error_page(errors.as_ref().unwrap_or(&serde_json::Value::Null), lang);
        let body = Arc::from(http::inject(page.as_bytes(), ""));
        return reply(500, "text/html; charset=utf-8", body, None);
    };
    match http::resolve(&good.files, target) {
        Resolved::File(p) => {
            let body = page_body(&good, &p);
            reply(200, http::content_type(&p), body, kept(&p))
        }
        Resolved::Redirect(location) => reply(
            302,
            "text/plain; charset=utf-8",
            Arc::from(location.as_bytes()),
            Some(("Location", location)),
        ),
        Resolved::NotFound if let Some(bytes) = image_file(&good, target) => {
            reply(200, http::content_type(target), bytes, kept(target))
        }
        Resolved::NotFound => match good.files.contains_key("404.html") {
            true => reply(
                404,
                "text/html; charset=utf-8",
                page_body(&good, "404.html"),
                None,
            ),
            false => reply(404, "text/plain; charset=utf-8", plain_404(), None),
        },
    }
}

/// A hashed name changes with the content: the browser may keep the file, and a
/// reload then waits for the page alone.
fn kept(path: &str) -> Option<(&'static str, String)> {
    http::is_hashed_asset(path).then(|| {
        (
            "Cache-Control",
            "public, max-age=31536000, immutable".into(),
        )
    })
}

/// An image file of the build at `target`, made now if the background has not made
/// it yet (only this request waits for it).
fn image_file(snap: &Snapshot, target: &str) -> Option<Arc<[u8]>> {
    let images = snap.images.as_ref()?;
    images.file(&http::file_key(target)?)
}

/// A file's bytes; HTML pages get the reload hook.
fn page_body(snap: &Snapshot, path: &str) -> Arc<[u8]> {
    let bytes = snap
        .files
        .get(path)
        .cloned()
        .unwrap_or_else(|| Arc::from(&b""[..]));
    if http::is_html(path) {
        Arc::from(http::inject(&bytes, &snap.id))
    } else {
        bytes
    }
}

/// An answer with `body`; `extra` is one more header field (a `Cache-Control`
/// replaces the default `no-store`).
fn reply(
    status: u16,
    content_type: &str,
    body: Arc<[u8]>,
    extra: Option<(&'static str, String)>,
) -> Reply {
    let mut headers = vec![("Content-Type", content_type.to_string())];
    if extra.as_ref().is_none_or(|(n, _)| *n != "Cache-Control") {
        headers.push(("Cache-Control", "no-store".into()));
    }
    headers.push(("X-Content-Type-Options", "nosniff".into()));
    headers.extend(extra);
    Reply::Full {
        status,
        headers,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        State {
            shared: Mutex::new(Shared {
                good: None,
                errors: None,
                hub: Hub::default(),
                builds: 0,
                lang: Language::De,
            }),
            nonce: 7,
            asked_lang: None,
            loopback_only: true,
        }
    }

    fn files(text: &str) -> Files {
        let mut f = Files::new();
        f.insert("index.html".into(), Arc::from(text.as_bytes()));
        f
    }

    #[test]
    fn pages_hear_of_a_build_only_when_it_is_complete_and_different() {
        let st = state();
        assert_eq!(st.apply(Ok((files("a"), None)), false), Outcome::Reload);
        let rx = st.lock().hub.subscribe();
        assert_eq!(st.apply(Ok((files("a"), None)), false), Outcome::Unchanged);
        assert!(rx.try_recv().is_err(), "an unchanged build sends nothing");
        assert_eq!(st.apply(Ok((files("b"), None)), true), Outcome::Css);
        let msg = rx.try_recv().unwrap();
        assert_eq!(msg, "event: css\ndata: {\"build\":\"7-2\"}\n\n");
        // The new build is in place before the event is sent.
        assert_eq!(&*st.lock().good.as_ref().unwrap().files["index.html"], b"b");
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_one_and_recovery_reloads() {
        let st = state();
        st.apply(Ok((files("a"), None)), false);
        let rx = st.lock().hub.subscribe();
        let diags: Diagnostics = Msg::new(Code::ServeBug)
            .error("site.yaml", Language::De)
            .into();
        assert_eq!(st.apply(Err(&diags), false), Outcome::Failed);
        assert!(rx.try_recv().unwrap().starts_with("event: build-error\n"));
        assert_eq!(&*st.lock().good.as_ref().unwrap().files["index.html"], b"a");
        // A page opened now learns of the errors in its hello.
        let hello = State::hello(&st.lock());
        assert!(
            hello.contains("\"build\":\"7-1\"") && hello.contains("site.yaml"),
            "{hello}"
        );
        // Fixed, even back to the very same output: the pages reload, the overlay goes.
        assert_eq!(st.apply(Ok((files("a"), None)), true), Outcome::Reload);
        assert!(rx.try_recv().unwrap().starts_with("event: reload\n"));
        assert!(State::hello(&st.lock()).contains("\"errors\":null"));
    }

    #[test]
    fn local_url_names_a_reachable_address() {
        assert_eq!(
            local_url("127.0.0.1".parse().unwrap(), 1111),
            "http://127.0.0.1:1111/"
        );
        assert_eq!(
            local_url("0.0.0.0".parse().unwrap(), 80),
            "http://127.0.0.1:80/"
        );
        assert_eq!(local_url("::".parse().unwrap(), 8), "http://[::1]:8/");
    }

    #[test]
    fn port_in_use_names_a_free_one() {
        let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        match bind("127.0.0.1".parse().unwrap(), port) {
            Err(ServeError::PortInUse { free: Some(f), .. }) => {
                assert_ne!(f, port);
                assert!(TcpListener::bind(("127.0.0.1", f)).is_ok());
            }
            other => panic!("{other:?}"),
        }
    }
}
