//! Where the output goes and how a finished staging directory takes its place.
//!
//! The order keeps the promise "either the old or the new output, each with every file
//! fachwerk did not create", whenever the process stops:
//!
//! 1. the new build is written into `.NAME.fachwerk-staging-PID` beside the output;
//! 2. the entries of the old output that fachwerk did not create are *linked* into it
//!    ([`carry`]; copied where the file system has no hard links), so the old output
//!    stays whole and the new one is complete before anyone can see it;
//! 3. the two directories trade places in one step ([`swap`]: `renameat2` with
//!    `RENAME_EXCHANGE` on Linux, `RENAME_SWAP` on macOS). Elsewhere (Windows, or a
//!    file system without the exchange) two renames do it, with an instant without
//!    output in between; a build after a crash there puts the old output back
//!    ([`super::recover`]);
//! 4. the old output, now beside the new one, is removed ([`super::recover::retire`]),
//!    keeping anything in it that is not fachwerk's and not also in the new output.
//!
//! A carry-over that cannot complete stops before step 3: the previous output stays.

use super::{crash_point, io_err};
use crate::diagnostic::{Code, Diagnostic, Word};
use crate::messages::{Language, Msg};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The directory to write: `out` itself, or, when `out` is a symbolic link, the folder
/// it points to: the build is written through the link, which stays (a web server
/// keeps serving what it points to). Refused: a path that is no folder, a link to
/// nothing, and a mount point (it cannot be swapped).
pub(super) fn output_dir(out: &Path) -> Result<PathBuf, Diagnostic> {
    let meta = match fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out.to_path_buf()),
        Err(e) => return Err(io_err(out, Word::IoReadOutput, e)),
    };
    let target = if meta.file_type().is_symlink() {
        let Ok(target) = fs::canonicalize(out) else {
            let to = fs::read_link(out).unwrap_or_default();
            return Err(Msg::new(Code::OutputLinkMissing)
                .arg("target", to.display().to_string())
                .error(out, Language::De));
        };
        target
    } else {
        fs::canonicalize(out).map_err(|e| io_err(out, Word::IoReadOutput, e))?
    };
    if !target.is_dir() {
        return Err(Msg::new(Code::OutputNotADirectory).error(out, Language::De));
    }
    if is_mount_point(&target) {
        return Err(Msg::new(Code::OutputMountPoint).error(out, Language::De));
    }
    Ok(target)
}

/// True when `dir` lies on another file system than its parent.
#[cfg(unix)]
fn is_mount_point(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let parent = dir.parent().unwrap_or(dir);
    matches!((fs::metadata(dir), fs::metadata(parent)), (Ok(d), Ok(p)) if d.dev() != p.dev())
}

#[cfg(not(unix))]
fn is_mount_point(_dir: &Path) -> bool {
    false
}

/// The folder the output lies in, and the output's own name.
pub(super) fn parent_and_name(target: &Path) -> Result<(PathBuf, String), Diagnostic> {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned());
    let parent = target.parent().map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    });
    match (parent, name) {
        (Some(p), Some(n)) => Ok((p.to_path_buf(), n)),
        _ => Err(Msg::new(Code::OutputUnusable).error(target, Language::De)),
    }
}

/// The name of a working directory of this process beside the output:
/// `.NAME.fachwerk-KIND-PID`, with `.N` appended while that name is taken (a crashed
/// build with the same process id may have left one).
fn work_name(parent: &Path, name: &str, kind: &str, n: usize) -> PathBuf {
    let base = format!(".{name}.fachwerk-{kind}-{}", std::process::id());
    parent.join(if n == 0 { base } else { format!("{base}.{n}") })
}

/// Creates a fresh working directory of this process beside the output.
pub(super) fn new_dir(parent: &Path, name: &str, kind: &str) -> Result<PathBuf, Diagnostic> {
    for n in 0.. {
        let dir = work_name(parent, name, kind, n);
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_err(&dir, Word::IoStaging, e)),
        }
    }
    unreachable!("some name is free")
}

/// Makes every entry `entries` of `from` (the old output) appear in `to` (the staging
/// directory) as well, without changing `from`.
pub(super) fn carry(from: &Path, to: &Path, entries: &[PathBuf]) -> Result<(), Diagnostic> {
    let owner = Owner::of(to, from);
    for rel in entries {
        let (src, dst) = (from.join(rel), to.join(rel));
        let made = match dst.parent() {
            Some(dir) => fs::create_dir_all(dir),
            None => Ok(()),
        }
        .and_then(|()| link_tree(&src, &dst, &owner));
        made.map_err(|e| {
            Msg::new(Code::OutputCarryOver)
                .arg("reason", crate::diagnostic::io_reason(&e))
                .error(&src, Language::De)
        })?;
    }
    Ok(())
}

/// What a folder must have in common with the build to be carried over.
struct Owner {
    #[cfg(unix)]
    uid: u32,
    #[cfg(unix)]
    dev: u64,
}

impl Owner {
    #[cfg(unix)]
    fn of(staging: &Path, out: &Path) -> Owner {
        use std::os::unix::fs::MetadataExt;
        Owner {
            uid: fs::metadata(staging).map_or(0, |m| m.uid()),
            dev: fs::metadata(out).map_or(0, |m| m.dev()),
        }
    }

    #[cfg(not(unix))]
    fn of(_staging: &Path, _out: &Path) -> Owner {
        Owner {}
    }

    /// Why the folder `dir` cannot be carried over: a mount point, or a folder the
    /// build could not empty later (another user's, read-only), which would leave the
    /// old output behind after every build.
    #[cfg(unix)]
    fn refuses(&self, dir: &Path, meta: &fs::Metadata) -> Option<Word> {
        use rustix::fs::{Access, access};
        use std::os::unix::fs::MetadataExt;
        if meta.dev() != self.dev {
            Some(Word::IoMountPoint)
        } else if meta.uid() != self.uid && access(dir, Access::WRITE_OK | Access::EXEC_OK).is_err()
        {
            Some(Word::IoForeignFolder)
        } else {
            None
        }
    }

    #[cfg(not(unix))]
    fn refuses(&self, _dir: &Path, _meta: &fs::Metadata) -> Option<Word> {
        None
    }
}

/// `dst` becomes `src` again: folders are made anew, everything else is hard-linked,
/// else symbolic links are made anew and files copied.
fn link_tree(src: &Path, dst: &Path, owner: &Owner) -> io::Result<()> {
    let meta = fs::symlink_metadata(src)?;
    if meta.is_dir() {
        if let Some(why) = owner.refuses(src, &meta) {
            return Err(io::Error::other(crate::diagnostic::WordError(why)));
        }
        fs::create_dir(dst)?;
        for e in fs::read_dir(src)? {
            let e = e?;
            link_tree(&e.path(), &dst.join(e.file_name()), owner)?;
        }
        // Last, so that a read-only folder could be filled.
        return fs::set_permissions(dst, meta.permissions());
    }
    let linked = fs::hard_link(src, dst);
    if linked.is_ok() {
        return Ok(());
    }
    if meta.file_type().is_symlink() {
        #[cfg(unix)]
        return std::os::unix::fs::symlink(fs::read_link(src)?, dst);
    }
    if meta.is_file() {
        fs::copy(src, dst)?;
        if let Ok(modified) = meta.modified() {
            let _ = fs::File::options()
                .write(true)
                .open(dst)
                .and_then(|f| f.set_modified(modified));
        }
        return Ok(());
    }
    linked
}

/// Puts `staging` in place of `target`. Returns where the old output now is (to be
/// retired), or `None` when there was none. On an error the old output is in place.
pub(super) fn swap(
    staging: &Path,
    target: &Path,
    parent: &Path,
    name: &str,
) -> Result<Option<PathBuf>, Diagnostic> {
    let undo = |e: io::Error, what: Word| {
        let _ = super::recover::remove_tree(staging);
        io_err(target, what, e)
    };
    let Ok(old) = fs::metadata(target) else {
        fs::rename(staging, target).map_err(|e| undo(e, Word::IoMoveIn))?;
        return Ok(None);
    };
    // The folder keeps its permissions (a web server may depend on them).
    let _ = fs::set_permissions(staging, old.permissions());
    if exchange(staging, target).is_ok() {
        crash_point("exchanged");
        return Ok(Some(staging.to_path_buf()));
    }
    let backup = (0..)
        .map(|n| work_name(parent, name, "old", n))
        .find(|p| fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| work_name(parent, name, "old", 0));
    fs::rename(target, &backup).map_err(|e| undo(e, Word::IoMoveAside))?;
    crash_point("moved-aside");
    if let Err(e) = fs::rename(staging, target) {
        if fs::rename(&backup, target).is_err() {
            return Err(Msg::new(Code::OutputSwapFailed)
                .arg("backup", backup.display().to_string())
                .arg("reason", crate::diagnostic::io_reason(&e))
                .error(target, Language::De));
        }
        return Err(undo(e, Word::IoMoveIn));
    }
    crash_point("swapped");
    Ok(Some(backup))
}

/// Exchanges two directories in one step, where the system can.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    if std::env::var_os("FACHWERK_TEST_SWAP").is_some_and(|v| v == "rename") {
        // Test hook: take the two-rename path that systems without the exchange take.
        return Err(io::ErrorKind::Unsupported.into());
    }
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    {
        let _ = (a, b);
        Err(io::ErrorKind::Unsupported.into())
    }
}
