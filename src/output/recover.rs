//! Leftovers beside the output: the staging and backup directories of a build that
//! stopped early (a crash, `kill -9`, a power cut) or could not clean up, and the old
//! output after a swap.
//!
//! None is deleted while it holds something that is not fachwerk's and not also in
//! the output: such a file is moved into the output where that path is free;
//! otherwise the leftover is kept and a warning names it. A missing output is put back
//! from a leftover first (a crash between the two renames of [`super::swap`]'s
//! fallback leaves exactly that).

use super::manifest;
use super::{crash_point, io_err};
use crate::diagnostic::{Code, Diagnostics, Word};
use crate::messages::{Language, Msg};
use crate::util::files::MANIFEST;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A working directory of an earlier build beside the output.
struct Leftover {
    path: PathBuf,
    /// A staging directory (else a backup, `-old-`).
    staging: bool,
}

/// Recovers the leftovers of builds that are no longer running, beside the output
/// `target` (named `name` in `parent`). Leaves everything alone when `target` exists
/// but is not fachwerk's.
pub(super) fn leftovers(parent: &Path, name: &str, target: &Path, notes: &mut Diagnostics) {
    let mut found = scan(parent, name);
    if found.is_empty() {
        return;
    }
    if fs::symlink_metadata(target).is_err() {
        // The output is missing: put back a backup, else a finished staging directory.
        let complete = |staging: bool| {
            found
                .iter()
                .position(|l| l.staging == staging && l.path.join(MANIFEST).is_file())
        };
        if let Some(i) = complete(false).or_else(|| complete(true)) {
            let l = found.remove(i);
            match fs::rename(&l.path, target) {
                Ok(()) => notes.push(
                    Msg::new(Code::OutputRestored)
                        .arg("path", l.path.display().to_string())
                        .warning(target, Language::De),
                ),
                Err(e) => notes.push(io_err(&l.path, Word::IoPutBack, e).into_warning()),
            }
        }
    }
    // Into an output of fachwerk's only; a staging directory without a manifest holds
    // nothing but fachwerk's files, wherever it is.
    let into_output = manifest::read(target).is_some();
    for l in found {
        if into_output || (l.staging && !l.path.join(MANIFEST).exists()) {
            retire(&l.path, target, l.staging, notes);
        }
    }
}

/// Leftovers of `name` in `parent` whose build is not running, by name.
fn scan(parent: &Path, name: &str) -> Vec<Leftover> {
    let kinds = [
        (format!(".{name}.fachwerk-staging-"), true),
        (format!(".{name}.fachwerk-old-"), false),
    ];
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<Leftover> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            let (rest, staging) = kinds
                .iter()
                .find_map(|(prefix, staging)| Some((n.strip_prefix(prefix.as_str())?, *staging)))?;
            let pid = rest.split('.').next().unwrap_or(rest);
            (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && !running(pid)).then(
                || Leftover {
                    path: e.path(),
                    staging,
                },
            )
        })
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// True when the build with process id `pid` may still run (not this one: a crashed
/// build may have had the same id, as in a container).
fn running(pid: &str) -> bool {
    pid != std::process::id().to_string() && Path::new("/proc").join(pid).exists()
}

/// Removes the directory `dir`, an old output or leftover beside the output `target`,
/// after moving into `target` what is not fachwerk's and not there yet. Keeps `dir`
/// with a warning when something in it differs from the output's file of that path.
pub(super) fn retire(dir: &Path, target: &Path, staging: bool, notes: &mut Diagnostics) {
    let foreign = match manifest::read(dir) {
        Some(m) => manifest::foreign_entries(dir, &m),
        // A staging directory gets its manifest before anything that is not fachwerk's.
        None if staging => Vec::new(),
        // Nothing in it is known to be fachwerk's.
        None => fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| PathBuf::from(e.file_name())).collect())
            .unwrap_or_default(),
    };
    let mut kept = Vec::new();
    for rel in &foreign {
        salvage(dir, target, rel, &mut kept, notes);
    }
    if let Some(first) = kept.first() {
        notes.push(
            Msg::new(Code::OutputKeptFolder)
                .arg("first", first.display().to_string())
                .arg("more", kept.len() - 1)
                .warning(dir, Language::De),
        );
    } else if let Err(e) = remove_tree(dir) {
        notes.push(io_err(dir, Word::IoRemoveOld, e).into_warning());
    }
}

/// Makes sure `from/rel` is also in `to`: moves it there where the path is free,
/// descends into folders both have, and adds `rel` to `kept` where `to` has something
/// else at that path.
fn salvage(from: &Path, to: &Path, rel: &Path, kept: &mut Vec<PathBuf>, notes: &mut Diagnostics) {
    let (src, dst) = (from.join(rel), to.join(rel));
    let Ok(meta) = fs::symlink_metadata(&src) else {
        return;
    };
    match fs::symlink_metadata(&dst) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let moved = dst
                .parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|()| fs::rename(&src, &dst));
            match moved {
                Ok(()) => {
                    notes.push(
                        Msg::new(Code::OutputRecovered)
                            .arg("from", from.display().to_string())
                            .warning(&dst, Language::De),
                    );
                    crash_point("recovering");
                }
                Err(_) => kept.push(rel.to_path_buf()),
            }
        }
        Ok(d) if meta.is_dir() && d.is_dir() => {
            for e in fs::read_dir(&src).into_iter().flatten().flatten() {
                salvage(from, to, &rel.join(e.file_name()), kept, notes);
            }
        }
        Ok(d) if same(&src, &meta, &dst, &d) => {}
        _ => kept.push(rel.to_path_buf()),
    }
}

/// True when `b` holds what `a` holds: the same file (a hard link), the same bytes,
/// or a link with the same target.
fn same(a: &Path, ma: &fs::Metadata, b: &Path, mb: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (ma.dev(), ma.ino()) == (mb.dev(), mb.ino()) {
            return true;
        }
    }
    if ma.file_type().is_symlink() || mb.file_type().is_symlink() {
        return ma.file_type().is_symlink()
            && mb.file_type().is_symlink()
            && fs::read_link(a).ok() == fs::read_link(b).ok();
    }
    ma.is_file() && mb.is_file() && ma.len() == mb.len() && same_bytes(a, b).unwrap_or(false)
}

fn same_bytes(a: &Path, b: &Path) -> io::Result<bool> {
    use std::io::Read;
    let (mut fa, mut fb) = (fs::File::open(a)?, fs::File::open(b)?);
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = fa.read(&mut ba)?;
        if n == 0 {
            return Ok(fb.read(&mut bb[..1])? == 0);
        }
        fb.read_exact(&mut bb[..n])?;
        if ba[..n] != bb[..n] {
            return Ok(false);
        }
    }
}

/// Removes a working directory of fachwerk's, its manifest last (so that a folder
/// that could not be removed completely is still known as fachwerk's). Where
/// read-only folders stop the removal, they are made writable and it is tried again.
pub(super) fn remove_tree(dir: &Path) -> io::Result<()> {
    remove_contents(dir).or_else(|_| {
        make_writable(dir);
        remove_contents(dir)
    })?;
    match fs::remove_file(dir.join(MANIFEST)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
}

fn remove_contents(dir: &Path) -> io::Result<()> {
    let mut removed_one = false;
    for e in fs::read_dir(dir)? {
        let e = e?;
        if e.file_name() == MANIFEST {
            continue;
        }
        if e.file_type()?.is_dir() {
            fs::remove_dir_all(e.path())?;
        } else {
            fs::remove_file(e.path())?;
        }
        if !removed_one {
            removed_one = true;
            crash_point("retiring");
        }
    }
    Ok(())
}

/// Gives the owner full access to `path` and every folder below it (on Windows:
/// clears the read-only attribute of everything).
fn make_writable(path: &Path) {
    for e in walkdir::WalkDir::new(path).into_iter().flatten() {
        let Ok(meta) = e.metadata() else { continue };
        let mut perms = meta.permissions();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if !meta.is_dir() {
                continue;
            }
            perms.set_mode(perms.mode() | 0o700);
        }
        // Windows: clears the read-only attribute (it makes nothing world-writable).
        #[cfg(not(unix))]
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        let _ = fs::set_permissions(e.path(), perms);
    }
}
