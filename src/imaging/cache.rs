//! Encoded variants kept between builds, by content: a file's name is the SHA-256 of
//! the original's bytes, the variant's settings and the engine version, so an entry is
//! valid for as long as it exists, and an unchanged site encodes nothing again.
//!
//! The folder (`.fachwerk-cache/images/` of the site) is fachwerk's own: it holds a
//! `.gitignore` that ignores it and a `CACHEDIR.TAG` for backup tools, and fachwerk
//! deletes nothing there but its own entries (`<64 hex digits>.<ext>`). Entries are
//! written to a temporary name and renamed, so a build that is stopped halfway, or
//! two builds at once, never leave half a file under an entry's name.
//!
//! **Pruning**: an entry that a build uses has its modification time refreshed (at
//! most once a day); [`Cache::prune`], run after a full build, deletes entries that
//! this build did not use and that no build used for [`PRUNE_AFTER`]. The cache thus
//! holds the images of the last weeks' builds (other branches, drafts) and no more.
//!
//! When the folder cannot be created or written (a read-only checkout), the cache is
//! off: every build encodes everything, and nothing fails because of it.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// Entries unused for this long are deleted by [`Cache::prune`].
pub const PRUNE_AFTER: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// A used entry's time is refreshed when it is older than this.
const REFRESH_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

const GITIGNORE: &str = "# fachwerk's cache of image variants: made again when missing.\n*\n";
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # This file is a cache directory tag created by fachwerk.\n\
    # For information about cache directory tags, see https://bford.info/cachedir/\n";

/// The cache of encoded variants; shared by the threads of a build.
#[derive(Debug)]
pub struct Cache {
    /// The folder of entries, or `None` when caching is off.
    dir: Option<PathBuf>,
    /// Why caching is off, for a note in verbose output.
    off_because: Option<String>,
    /// The keys this build looked up or stored.
    used: Mutex<HashSet<String>>,
}

impl Cache {
    /// The cache in `dir` (the site's `.fachwerk-cache`), created if missing. When it
    /// cannot be created or written, caching is off (see [`Cache::off_because`]).
    pub fn open(dir: &Path) -> Cache {
        let images = dir.join("images");
        let ready = fs::create_dir_all(&images)
            .and_then(|()| write_if_missing(&dir.join(".gitignore"), GITIGNORE))
            .and_then(|()| write_if_missing(&dir.join("CACHEDIR.TAG"), CACHEDIR_TAG))
            .and_then(|()| {
                // Writable? A probe file is written and removed.
                let probe = images.join(format!(".probe-{}", std::process::id()));
                fs::write(&probe, b"")?;
                fs::remove_file(&probe)
            });
        match ready {
            Ok(()) => Cache {
                dir: Some(images),
                off_because: None,
                used: Mutex::default(),
            },
            Err(e) => Cache {
                off_because: Some(format!("{}: {e}", dir.display())),
                ..Cache::off()
            },
        }
    }

    /// A cache that keeps nothing (`fachwerk check`, tests).
    pub fn off() -> Cache {
        Cache {
            dir: None,
            off_because: Some("no cache folder".into()),
            used: Mutex::default(),
        }
    }

    /// Why the cache is off, or `None` when it works.
    pub fn off_because(&self) -> Option<&str> {
        self.off_because.as_deref()
    }

    fn entry(&self, key: &str, ext: &str) -> Option<PathBuf> {
        let valid = key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit());
        let dir = self.dir.as_ref().filter(|_| valid)?;
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(format!("{key}.{ext}"));
        Some(dir.join(format!("{key}.{ext}")))
    }

    /// The path of the entry `key` when it exists (and is not empty); marks it used.
    pub(super) fn get(&self, key: &str, ext: &str) -> Option<PathBuf> {
        let path = self.entry(key, ext)?;
        let meta = fs::metadata(&path)
            .ok()
            .filter(|m| m.is_file() && m.len() > 0)?;
        let old = meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > REFRESH_AFTER);
        if old {
            // Best effort: a read-only entry is used all the same.
            let _ = fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(SystemTime::now()));
        }
        Some(path)
    }

    /// Stores `bytes` as the entry `key` and returns its path; `None` when caching is
    /// off or the entry could not be written (then the caller keeps the bytes).
    pub(super) fn put(&self, key: &str, ext: &str, bytes: &[u8]) -> Option<PathBuf> {
        let path = self.entry(key, ext)?;
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let tmp = path.with_extension(format!(
            "{ext}.tmp-{}-{}",
            std::process::id(),
            WRITES.fetch_add(1, Ordering::Relaxed)
        ));
        let written = fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_data()))
            .and_then(|()| fs::rename(&tmp, &path));
        match written {
            Ok(()) => Some(path),
            Err(_) => {
                let _ = fs::remove_file(&tmp);
                None
            }
        }
    }

    /// Deletes the entries this build did not use and no build used for `after`
    /// ([`PRUNE_AFTER`]); returns how many. Only files named like entries, and
    /// temporary files of interrupted writes older than a day, are deleted.
    pub fn prune(&self, after: Duration) -> usize {
        let Some(dir) = &self.dir else { return 0 };
        let Ok(entries) = fs::read_dir(dir) else {
            return 0;
        };
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let (is_entry, limit) = match name.split_once('.') {
                Some((key, rest))
                    if key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit()) =>
                {
                    if rest.contains(".tmp-") {
                        (true, REFRESH_AFTER)
                    } else if ["webp", "jpg", "png", "gif"].contains(&rest) && !used.contains(&name)
                    {
                        (true, after)
                    } else {
                        (false, after)
                    }
                }
                _ => (false, after),
            };
            let old = entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > limit);
            if is_entry && old && fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

fn write_if_missing(path: &Path, text: &str) -> std::io::Result<()> {
    if path.exists() {
        Ok(())
    } else {
        fs::write(path, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const KEY_B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    fn age(path: &Path, days: u64) {
        let then = SystemTime::now() - Duration::from_secs(days * 24 * 60 * 60);
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(then)
            .unwrap();
    }

    #[test]
    fn entries_are_stored_found_and_ignored_by_git() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::open(&tmp.path().join(".fachwerk-cache"));
        assert_eq!(cache.off_because(), None);
        assert_eq!(cache.get(KEY_A, "webp"), None);
        let path = cache.put(KEY_A, "webp", b"RIFF").unwrap();
        assert_eq!(cache.get(KEY_A, "webp"), Some(path.clone()));
        assert_eq!(fs::read(&path).unwrap(), b"RIFF");
        let ignore = fs::read_to_string(tmp.path().join(".fachwerk-cache/.gitignore")).unwrap();
        assert!(ignore.lines().any(|l| l == "*"));
        // A key that is not a hash never becomes a path.
        assert_eq!(cache.put("../../etc/passwd", "webp", b"x"), None);
    }

    #[test]
    fn a_folder_that_cannot_be_made_turns_caching_off() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a-file");
        fs::write(&file, "").unwrap();
        let cache = Cache::open(&file.join(".fachwerk-cache"));
        assert!(cache.off_because().is_some());
        assert_eq!(cache.put(KEY_A, "jpg", b"x"), None);
        assert_eq!(cache.get(KEY_A, "jpg"), None);
        assert_eq!(cache.prune(Duration::ZERO), 0);
    }

    #[test]
    fn pruning_deletes_only_old_unused_entries() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(".fachwerk-cache");
        let first = Cache::open(&dir);
        let a = first.put(KEY_A, "webp", b"a").unwrap();
        let b = first.put(KEY_B, "jpg", b"b").unwrap();
        let foreign = dir.join("images/notes.txt");
        fs::write(&foreign, "mine").unwrap();
        for p in [&a, &b, &foreign] {
            age(p, 40);
        }
        // The next build uses A only: B is old and unused, the foreign file stays.
        let next = Cache::open(&dir);
        assert!(next.get(KEY_A, "webp").is_some());
        assert_eq!(next.prune(PRUNE_AFTER), 1);
        assert!(a.exists() && !b.exists() && foreign.exists());
        // A was refreshed when used: a build that no longer uses it keeps it for now.
        let later = Cache::open(&dir);
        assert_eq!(later.prune(PRUNE_AFTER), 0);
        assert!(a.exists());
    }
}
