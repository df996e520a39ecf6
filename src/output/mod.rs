//! Writing the output: into a staging directory beside the target, swapped into
//! place only when everything was written. A failed build leaves the previous output
//! as it was.
//!
//! fachwerk never deletes what it did not create, also after a crash: the output
//! carries a [`manifest`] of the files fachwerk wrote; entries found there that are
//! not in it (a `.git`, a `.htaccess` someone put there) are carried over into the
//! new output ([`swap::carry`]: hard links, so the old output stays whole until the
//! swap), the swap is one atomic exchange where the system has one ([`swap`]), and
//! leftovers of an interrupted build are recovered, not deleted ([`recover`]). A
//! non-empty directory without a manifest is refused.

mod manifest;
mod recover;
mod swap;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Word};
use crate::messages::{Language, Msg};
use crate::util::files::{Content, MANIFEST, OutputFile, Sink};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// A step of writing the output failed; `what` names the step in words. Worded in
/// German here; the report words it again in the reader's language.
fn io_err(path: &Path, what: Word, e: std::io::Error) -> Diagnostic {
    Msg::new(Code::OutputIo)
        .arg("what", what)
        .arg("reason", crate::diagnostic::io_reason(&e))
        .error(path, Language::De)
}

/// Test hook: with `FACHWERK_TEST_CRASH_AT=<step>` the process ends abruptly at that
/// step of writing the output, leaving everything as a `kill -9` there would, so that
/// tests can check what a crash at each point leaves behind. The steps: `staged`,
/// `carried`, `exchanged`, `moved-aside`, `swapped`, `retiring`, `recovering`.
fn crash_point(step: &str) {
    if std::env::var_os("FACHWERK_TEST_CRASH_AT").is_some_and(|s| s == step) {
        std::process::abort();
    }
}

/// Writes `files` to `out` (one after the other: for the tests), replacing the previous output there. On success,
/// returns notes (warnings) about leftovers of earlier builds; an error leaves the
/// previous output as it was, and comes with those notes.
#[cfg(test)]
pub(crate) fn write(out: &Path, files: &[OutputFile]) -> Result<Diagnostics, Diagnostics> {
    let mut notes = Diagnostics::new();
    let paths = files.iter().map(|f| f.path.clone()).collect();
    let written = Staging::open(out, paths, &mut notes).and_then(|staging| {
        files.iter().try_for_each(|f| staging.write(f))?;
        staging.commit(&mut notes)
    });
    match written {
        Ok(()) => Ok(notes),
        Err(e) => {
            notes.push(e);
            Err(notes)
        }
    }
}

/// A new output being written: a staging directory beside the target, into which
/// the build writes each file as soon as it is finished ([`Staging::write`], from any
/// thread), and which [`Staging::commit`] swaps into place. Dropped without a commit
/// (the build failed), it removes the staging directory: the previous output stays
/// as it was.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
    target: PathBuf,
    parent: PathBuf,
    name: String,
    foreign: Vec<PathBuf>,
    /// Every path the build writes, for the manifest.
    paths: Vec<String>,
    committed: bool,
}

impl Staging {
    /// Checks the output paths of the whole build (`paths`: each once, each a plain
    /// relative path, none where a file fachwerk did not create lies), recovers what an
    /// interrupted build left beside `out` (`notes` say what), and creates the
    /// staging directory with every folder the build writes into.
    pub(crate) fn open(
        out: &Path,
        mut paths: Vec<String>,
        notes: &mut Diagnostics,
    ) -> Result<Staging, Diagnostic> {
        let new_paths = checked_paths(&paths)?;
        let target = swap::output_dir(out)?;
        let (parent, name) = swap::parent_and_name(&target)?;
        fs::create_dir_all(&parent).map_err(|e| io_err(&parent, Word::IoCreateDir, e))?;
        recover::leftovers(&parent, &name, &target, notes);
        let foreign = match manifest::previous(&target)? {
            Some(m) => manifest::foreign_entries(&target, &m),
            None => Vec::new(),
        };
        refuse_overlaps(&target, &foreign, &new_paths)?;
        drop(new_paths);
        let dir = swap::new_dir(&parent, &name, "staging")?;
        paths.sort_unstable();
        let staging = Staging {
            dir,
            target,
            parent,
            name,
            foreign,
            paths,
            committed: false,
        };
        staging.make_dirs()?;
        Ok(staging)
    }

    /// Creates every folder the build's files go into.
    fn make_dirs(&self) -> Result<(), Diagnostic> {
        let dirs: HashSet<&Path> = self
            .paths
            .iter()
            .filter_map(|p| Path::new(p).parent())
            .collect();
        for d in dirs {
            let dir = self.dir.join(d);
            fs::create_dir_all(&dir).map_err(|e| io_err(&dir, Word::IoCreateDir, e))?;
        }
        Ok(())
    }

    /// Writes one finished file (one of the paths given to [`Staging::open`]).
    pub(crate) fn write(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        let target = self.dir.join(&f.path);
        match &f.content {
            Content::Html(s) => fs::write(&target, s.as_bytes()),
            Content::Bytes(b) => fs::write(&target, b),
            Content::Copy(src) => fs::copy(src, &target).map(|_| ()),
        }
        .map_err(|e| io_err(&target, Word::IoWrite, e))
    }

    /// Writes the manifest, carries the foreign files of the previous output over and
    /// swaps the new output into place. On an error the previous output is in place.
    pub(crate) fn commit(mut self, notes: &mut Diagnostics) -> Result<(), Diagnostic> {
        self.committed = true;
        let staged = fs::write(
            self.dir.join(MANIFEST),
            manifest::encode(self.paths.iter().map(String::as_str)),
        )
        .map_err(|e| io_err(&self.dir, Word::IoManifest, e))
        .and_then(|()| {
            crash_point("staged");
            swap::carry(&self.target, &self.dir, &self.foreign)
        });
        if let Err(e) = staged {
            let _ = recover::remove_tree(&self.dir);
            return Err(e);
        }
        crash_point("carried");
        if let Some(old) = swap::swap(&self.dir, &self.target, &self.parent, &self.name)? {
            recover::retire(&old, &self.target, false, notes);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = recover::remove_tree(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<Option<OutputFile>, Diagnostic> {
        self.write(&file)?;
        Ok(None)
    }
}

/// The output paths, each once; a path written twice, or one that is no plain
/// relative path, is an error (never two files racing for one path).
fn checked_paths(all: &[String]) -> Result<HashSet<&str>, Diagnostic> {
    let mut paths = HashSet::with_capacity(all.len());
    for p in all {
        let p = p.as_str();
        let plain = !p.chars().any(char::is_control)
            && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..");
        if !plain {
            return Err(
                Msg::new(Code::OutputBadName).error(p.escape_debug().to_string(), Language::De)
            );
        }
        if !paths.insert(p) {
            return Err(Msg::new(Code::OutputSamePath).error(p, Language::De));
        }
    }
    Ok(paths)
}

/// A file fachwerk did not create at a path the new build writes (or in the way of
/// one of its folders) is an error: fachwerk would have to replace it.
fn refuse_overlaps(
    out: &Path,
    foreign: &[PathBuf],
    new_paths: &HashSet<&str>,
) -> Result<(), Diagnostic> {
    let new_dirs: HashSet<&str> = new_paths
        .iter()
        .flat_map(|p| p.match_indices('/').map(|(i, _)| &p[..i]))
        .collect();
    for f in foreign {
        let rel = f.to_string_lossy().replace('\\', "/");
        let mut ancestors = rel.match_indices('/').map(|(i, _)| &rel[..i]);
        let overlaps = new_paths.contains(rel.as_str())
            || new_dirs.contains(rel.as_str())
            || ancestors.any(|a| new_paths.contains(a));
        if overlaps {
            return Err(Msg::new(Code::OutputForeignFile).error(out.join(f), Language::De));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            content: Content::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn replaces_own_output_and_keeps_foreign_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(
            &out,
            &[file("index.html", "1"), file("old/index.html", "x")],
        )
        .unwrap();
        fs::create_dir_all(out.join(".git/objects")).unwrap();
        fs::write(out.join(".git/objects/a"), "keep").unwrap();
        fs::write(out.join("old/notes.txt"), "keep too").unwrap();
        write(&out, &[file("index.html", "2")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "2");
        assert!(
            !out.join("old/index.html").exists(),
            "stale own file removed"
        );
        assert_eq!(
            fs::read_to_string(out.join(".git/objects/a")).unwrap(),
            "keep"
        );
        assert_eq!(
            fs::read_to_string(out.join("old/notes.txt")).unwrap(),
            "keep too"
        );
        let leftovers: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            1,
            "no staging or backup left: {leftovers:?}"
        );
    }

    /// The codes of the findings.
    fn messages(e: Diagnostics) -> String {
        e.iter().map(|d| d.code()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn refuses_foreign_directory_and_collisions() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("docs");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("thesis.tex"), "mine").unwrap();
        let e = write(&out, &[file("index.html", "1")]).unwrap_err();
        assert!(messages(e).contains("output/not-ours"));
        assert_eq!(fs::read_to_string(out.join("thesis.tex")).unwrap(), "mine");

        let out2 = tmp.path().join("public");
        write(&out2, &[file("index.html", "1")]).unwrap();
        fs::write(out2.join("robots.txt"), "hand-made").unwrap();
        let e = write(&out2, &[file("index.html", "2"), file("robots.txt", "gen")]).unwrap_err();
        assert!(messages(e).contains("output/foreign-file"));
        // A foreign file where the new build needs a folder.
        fs::remove_file(out2.join("robots.txt")).unwrap();
        fs::write(out2.join("termine"), "hand-made").unwrap();
        let e = write(&out2, &[file("termine/a.ics", "gen")]).unwrap_err();
        assert!(messages(e).contains("output/foreign-file"));
        assert_eq!(
            fs::read_to_string(out2.join("index.html")).unwrap(),
            "1",
            "old output untouched"
        );
    }

    #[test]
    fn a_path_written_twice_or_with_a_line_break_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let e = write(&out, &[file("robots.txt", "a"), file("robots.txt", "b")]).unwrap_err();
        assert!(messages(e).contains("output/same-path"));
        let e = write(&out, &[file("a\nnotes.txt", "a")]).unwrap_err();
        assert!(messages(e).contains("output/bad-name"));
        let e = write(&out, &[file("../x", "a")]).unwrap_err();
        assert!(messages(e).contains("output/bad-name"));
        assert!(!out.exists());
    }

    #[test]
    fn the_manifest_holds_every_path_on_one_line() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &[file("index.html", "1"), file("a\\b.txt", "2")]).unwrap();
        let text = fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert_eq!(
            text,
            format!("{}\na\\\\b.txt\nindex.html\n", manifest::HEADER)
        );
    }

    /// The state an interrupted build of an older version left: the new output
    /// without the foreign files, which are stranded in the backup.
    #[test]
    fn a_stranded_backup_is_recovered_not_deleted() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &[file("index.html", "new")]).unwrap();
        let backup = tmp.path().join(".public.fachwerk-old-999999999");
        fs::create_dir_all(backup.join(".git")).unwrap();
        fs::write(backup.join(MANIFEST), "index.html\n").unwrap();
        fs::write(backup.join("index.html"), "old").unwrap();
        fs::write(backup.join(".htaccess"), "Deny from all").unwrap();
        fs::write(backup.join(".git/config"), "[core]").unwrap();
        let notes = write(&out, &[file("index.html", "newer")]).unwrap();
        assert_eq!(
            fs::read_to_string(out.join(".htaccess")).unwrap(),
            "Deny from all"
        );
        assert_eq!(
            fs::read_to_string(out.join(".git/config")).unwrap(),
            "[core]"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "newer");
        assert!(!backup.exists(), "nothing left to keep");
        assert!(messages(notes).contains("output/recovered"));
    }

    #[test]
    fn a_leftover_whose_file_differs_from_the_output_is_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &[file("index.html", "1")]).unwrap();
        fs::write(out.join(".htaccess"), "current").unwrap();
        let backup = tmp.path().join(".public.fachwerk-old-999999999");
        fs::create_dir_all(&backup).unwrap();
        fs::write(backup.join(MANIFEST), "index.html\n").unwrap();
        fs::write(backup.join(".htaccess"), "older").unwrap();
        let notes = write(&out, &[file("index.html", "2")]).unwrap();
        assert_eq!(
            fs::read_to_string(backup.join(".htaccess")).unwrap(),
            "older"
        );
        assert_eq!(
            fs::read_to_string(out.join(".htaccess")).unwrap(),
            "current"
        );
        assert!(messages(notes).contains("output/kept-folder"));
    }

    #[test]
    fn a_missing_output_is_put_back_from_its_backup() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&out, &[file("index.html", "1")]).unwrap();
        fs::write(out.join(".htaccess"), "keep").unwrap();
        fs::rename(&out, tmp.path().join(".public.fachwerk-old-999999999")).unwrap();
        write(&out, &[file("index.html", "2")]).unwrap();
        assert_eq!(fs::read_to_string(out.join(".htaccess")).unwrap(), "keep");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_folder_is_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let www = tmp.path().join("www/site");
        fs::create_dir_all(&www).unwrap();
        let link = tmp.path().join("public");
        std::os::unix::fs::symlink(&www, &link).unwrap();
        write(&link, &[file("index.html", "1")]).unwrap();
        fs::write(www.join(".htaccess"), "keep").unwrap();
        write(&link, &[file("index.html", "2")]).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(www.join("index.html")).unwrap(), "2");
        assert_eq!(fs::read_to_string(www.join(".htaccess")).unwrap(), "keep");
        assert_eq!(
            fs::read_dir(tmp.path().join("www")).unwrap().count(),
            1,
            "no leftovers"
        );
        let dangling = tmp.path().join("dangling");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
        let e = write(&dangling, &[file("index.html", "1")]).unwrap_err();
        assert!(messages(e).contains("output/link-missing"));
    }

    #[test]
    fn leftovers_of_dead_runs_go_but_a_running_build_keeps_its_staging() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = tmp.path().join(".public.fachwerk-staging-999999999");
        fs::create_dir_all(&dead).unwrap();
        // PID 1 always exists on Linux: a build "running" as PID 1 keeps its directory.
        let running = tmp.path().join(".public.fachwerk-staging-1");
        fs::create_dir_all(&running).unwrap();
        write(&tmp.path().join("public"), &[file("index.html", "1")]).unwrap();
        assert!(!dead.exists());
        assert_eq!(running.exists(), Path::new("/proc/1").exists());
    }
}
