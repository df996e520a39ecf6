//! Watching the site (and a theme directory of its own) with notify, and turning the
//! stream of file-system events into batches of changed paths.
//!
//! Directories are watched, recursively, never single files: editors save by writing
//! a temporary file and renaming it over the old one (or by renaming the old one to a
//! backup first), which a watch on the file itself would lose. What the loader skips
//! is skipped here too (hidden files, `foo~`, `.swp`, `#foo#`, `.tmp`), as well as
//! other editors' probe and swap files (vim's `4913`, `.swo`, `.kate-swp`, JetBrains'
//! `___jb_tmp___`) and fachwerk's own output directories (those holding a
//! `.fachwerk-manifest`), so that `fachwerk build -o site/public` never triggers a
//! rebuild.
//!
//! Debounce: after the first relevant event, events are collected until [`QUIET`]
//! passes without one (at most [`MAX_WAIT`]); one save is one batch.

use crate::util::files::MANIFEST;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A batch ends when no relevant event came for this long.
pub(super) const QUIET: Duration = Duration::from_millis(10);
/// A batch ends at the latest this long after its first event.
pub(super) const MAX_WAIT: Duration = Duration::from_millis(400);

/// The running watcher; dropping it stops watching.
pub(super) struct Watcher {
    inner: RecommendedWatcher,
    roots: Arc<Mutex<Vec<PathBuf>>>,
}

impl Watcher {
    /// Watches `site` and sends each batch of relevant changes to `out`.
    pub(super) fn start(site: &Path, out: Sender<Vec<PathBuf>>) -> Result<Watcher, String> {
        let (tx, rx) = channel();
        let inner = notify::recommended_watcher(tx).map_err(|e| e.to_string())?;
        let roots = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&roots);
        std::thread::spawn(move || debounce(rx, &shared, &out));
        let mut w = Watcher { inner, roots };
        w.add(site)?;
        Ok(w)
    }

    /// Watches one more directory (a theme outside the site); nothing when it is
    /// already watched.
    pub(super) fn add(&mut self, dir: &Path) -> Result<(), String> {
        let dir = dir
            .canonicalize()
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut roots = self.roots.lock().unwrap_or_else(|e| e.into_inner());
        if roots.iter().any(|r| dir.starts_with(r)) {
            return Ok(());
        }
        self.inner
            .watch(&dir, RecursiveMode::Recursive)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        roots.push(dir);
        Ok(())
    }
}

/// Collects raw events into batches until the watcher goes away.
fn debounce(
    raw: Receiver<notify::Result<notify::Event>>,
    roots: &Mutex<Vec<PathBuf>>,
    out: &Sender<Vec<PathBuf>>,
) {
    loop {
        let mut batch = Vec::new();
        while batch.is_empty() {
            match raw.recv() {
                Ok(ev) => collect(ev, roots, &mut batch),
                Err(_) => return,
            }
        }
        let deadline = Instant::now() + MAX_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match raw.recv_timeout(QUIET.min(left)) {
                Ok(ev) => collect(ev, roots, &mut batch),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        batch.sort();
        batch.dedup();
        if out.send(batch).is_err() {
            return;
        }
    }
}

fn collect(
    ev: notify::Result<notify::Event>,
    roots: &Mutex<Vec<PathBuf>>,
    batch: &mut Vec<PathBuf>,
) {
    let roots = roots.lock().unwrap_or_else(|e| e.into_inner());
    match ev {
        Ok(ev) if matches!(ev.kind, EventKind::Access(_)) => {}
        Ok(ev) => batch.extend(ev.paths.into_iter().filter(|p| relevant(p, &roots))),
        // The watcher lost track (e.g. its queue overflowed): rebuild to be safe.
        Err(e) => batch.extend(e.paths.into_iter().chain(roots.first().cloned()).take(1)),
    }
}

/// True when a change of `path` can change the site.
pub(super) fn relevant(path: &Path, roots: &[PathBuf]) -> bool {
    let Some(root) = roots.iter().find(|r| path.starts_with(r)) else {
        return true;
    };
    let rel = path.strip_prefix(root).unwrap_or(path);
    let skipped = rel
        .components()
        .any(|c| crate::util::source::is_ignored(&c.as_os_str().to_string_lossy()))
        || rel
            .file_name()
            .is_some_and(|n| is_editor_temp(&n.to_string_lossy()));
    if skipped {
        return false;
    }
    // Inside one of fachwerk's output directories?
    !path
        .ancestors()
        .take_while(|a| a.starts_with(root) && *a != root)
        .any(|a| a.join(MANIFEST).is_file())
}

/// Probe, swap and temporary files of common editors that the loader's rules miss.
fn is_editor_temp(name: &str) -> bool {
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit())) // vim's 4913 probe
        || [".swo", ".swx", ".kate-swp", ".bak", ".crswap", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|s| name.ends_with(s))
}

/// True when every changed path is a stylesheet: the pages can swap them in place.
pub(super) fn only_css(paths: &[PathBuf]) -> bool {
    !paths.is_empty()
        && paths
            .iter()
            .all(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_editor_files_hidden_files_and_output() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("public/x")).unwrap();
        std::fs::write(root.join("public").join(MANIFEST), "").unwrap();
        let roots = vec![root.clone()];
        for yes in [
            "news/a.md",
            "site.yaml",
            "static/css/x.css",
            "static/2024/a.pdf",
        ] {
            assert!(relevant(&root.join(yes), &roots), "{yes}");
        }
        for no in [
            "news/.a.md.swp",
            "news/a.md~",
            "news/4913",
            "news/.#a.md",
            "news/#a.md#",
            "news/a.md.tmp",
            "news/a.md.swx",
            "news/a.md___jb_tmp___",
            ".git/index",
            "static/.hidden/x.css",
            "public/index.html",
            "public/x/y.html",
            "public",
        ] {
            assert!(!relevant(&root.join(no), &roots), "{no}");
        }
        // The site itself may live below a hidden folder.
        let hidden = root.join(".cache/site");
        assert!(relevant(
            &hidden.join("news/a.md"),
            std::slice::from_ref(&hidden)
        ));
    }

    #[test]
    fn css_only_batches() {
        let p = |s: &str| PathBuf::from(s);
        assert!(only_css(&[p("/s/static/css/a.css"), p("/t/static/b.CSS")]));
        assert!(!only_css(&[p("/s/static/css/a.css"), p("/s/news/a.md")]));
        assert!(!only_css(&[]));
    }

    #[test]
    fn debounce_turns_a_burst_into_one_batch() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let roots = Arc::new(Mutex::new(vec![root.clone()]));
        let (raw_tx, raw_rx) = channel();
        let (out_tx, out_rx) = channel();
        let shared = Arc::clone(&roots);
        std::thread::spawn(move || debounce(raw_rx, &shared, &out_tx));
        let ev = |kind, name: &str| Ok(notify::Event::new(kind).add_path(root.join(name)));
        use notify::event::{CreateKind, ModifyKind, RenameMode};
        // An atomic save: probe file, temporary file, rename over the original.
        raw_tx
            .send(ev(EventKind::Create(CreateKind::File), "news/4913"))
            .unwrap();
        raw_tx
            .send(ev(EventKind::Create(CreateKind::File), "news/.a.md.swp"))
            .unwrap();
        raw_tx
            .send(ev(
                EventKind::Modify(ModifyKind::Name(RenameMode::To)),
                "news/a.md",
            ))
            .unwrap();
        raw_tx
            .send(ev(EventKind::Modify(ModifyKind::Any), "news/a.md"))
            .unwrap();
        let batch = out_rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(batch, vec![root.join("news/a.md")]);
        // Only ignored files: no batch at all.
        raw_tx
            .send(ev(EventKind::Create(CreateKind::File), "news/a.md~"))
            .unwrap();
        assert!(out_rx.recv_timeout(QUIET * 4).is_err());
    }
}
