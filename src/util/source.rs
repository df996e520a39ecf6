//! Reading a file of the site as an editor saved it: UTF-8 with or without BOM, LF or
//! CRLF; only ordinary files, and no link that leads out of the site or theme.

use crate::diagnostic::{Code, Diagnostic, Word, io_reason};
use crate::messages::{Language, Msg};
use std::path::{Path, PathBuf};

/// A file of the site, decoded and with line ends normalised to `\n`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site directory, for messages.
    pub rel: PathBuf,
    /// The text, without BOM, with `\n` line ends.
    pub text: String,
}

impl SourceFile {
    /// Reads `root/rel`, rejecting text that is not UTF-8 with the line of the first bad
    /// byte, a link that leads out of `root` ([`check_link`]) and anything that is not
    /// an ordinary file (reading a named pipe would wait forever).
    pub fn read(root: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
        let path = root.join(rel);
        if let Some(bytes) = read_plain(&path) {
            return Self::from_bytes(rel.to_path_buf(), bytes);
        }
        let meta = std::fs::symlink_metadata(&path).map_err(|e| unreadable(rel, &e))?;
        let real = if meta.file_type().is_symlink() {
            check_link(root, rel, rel, "site")?
        } else if meta.is_file() {
            path
        } else {
            return Err(not_a_file(rel));
        };
        let bytes = std::fs::read(&real).map_err(|e| unreadable(rel, &e))?;
        Self::from_bytes(rel.to_path_buf(), bytes)
    }

    /// Decodes bytes as read from disk.
    ///
    /// The text is checked with `simdutf8` and then copied: std's check (which
    /// `String::from_utf8` would make without a copy) is ten times slower on German
    /// text, whose umlauts leave its ASCII fast path every few words, and a copy
    /// costs less than the difference. Only a file that is not UTF-8 is checked by
    /// std too, for the place of its first bad byte.
    pub fn from_bytes(rel: PathBuf, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
        let Ok(text) = simdutf8::basic::from_utf8(&bytes) else {
            return Err(not_utf8(&rel, &bytes));
        };
        let text = if text.starts_with('\u{feff}') || text.contains('\r') {
            let bare = text.strip_prefix('\u{feff}').unwrap_or(text);
            bare.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_owned()
        };
        Ok(SourceFile { rel, text })
    }
}

/// The bytes of the file at `path` if it is an ordinary file and no symbolic link,
/// read with one look-up of its path (opened without following a link and without
/// waiting for a writer, then asked what it is); `None` for anything else, which
/// [`SourceFile::read`] then reads, or refuses, the careful way.
#[cfg(unix)]
fn read_plain(path: &Path) -> Option<Vec<u8>> {
    use rustix::fs::{Mode, OFlags};
    use std::io::Read;
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let mut file = std::fs::File::from(rustix::fs::open(path, flags, Mode::empty()).ok()?);
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Elsewhere every file is read the careful way.
#[cfg(not(unix))]
fn read_plain(_: &Path) -> Option<Vec<u8>> {
    None
}

/// The error for a file (`rel`) whose `bytes` are not UTF-8: the line and column of
/// the first bad byte.
fn not_utf8(rel: &Path, bytes: &[u8]) -> Diagnostic {
    let valid = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let good = &bytes[..valid];
    let line = good.iter().filter(|b| **b == b'\n').count() + 1;
    let col = good.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    let mut d = Msg::new(Code::FileNotUtf8).error(rel, Language::De);
    d.line = line;
    d.column = col;
    d
}

/// Where the symbolic link `root/rel` leads, if that is an ordinary file inside `root`
/// (`scope` names the directory in messages: "site" or "theme"); `shown` is the path an
/// editor knows the link by.
///
/// fachwerk reads only files inside the site (or its theme): a link such as
/// `templates/page.html -> /proc/self/environ` would otherwise publish files of the
/// computer that builds the site. The error names the link and its target and never
/// shows the target's content.
pub(crate) fn check_link(
    root: &Path,
    rel: &Path,
    shown: &Path,
    scope: &str,
) -> Result<PathBuf, Diagnostic> {
    let path = root.join(rel);
    let written = std::fs::read_link(&path)
        .map(|t| t.to_string_lossy().into_owned())
        .unwrap_or_default();
    let scope = if scope == "theme" {
        Word::ScopeTheme
    } else {
        Word::ScopeSite
    };
    let Ok(target) = std::fs::canonicalize(&path) else {
        return Err(Msg::new(Code::FileLinkMissing)
            .arg("target", written)
            .error(shown, Language::De));
    };
    let real_root = std::fs::canonicalize(root).unwrap_or_default();
    let Ok(inner) = target.strip_prefix(&real_root) else {
        return Err(Msg::new(Code::FileLinkOutside)
            .arg("target", target.display().to_string())
            .arg("scope", scope)
            .error(shown, Language::De));
    };
    let hidden = inner
        .components()
        .any(|c| is_ignored(&c.as_os_str().to_string_lossy()));
    if hidden {
        return Err(Msg::new(Code::FileLinkHidden)
            .arg("target", inner.display().to_string())
            .arg("scope", scope)
            .error(shown, Language::De));
    }
    match std::fs::metadata(&target) {
        Ok(m) if m.is_file() => Ok(target),
        Ok(m) if m.is_dir() => Err(Msg::new(Code::FileFolderLink).error(shown, Language::De)),
        Ok(_) => Err(not_a_file(shown)),
        Err(e) => Err(unreadable(shown, &e)),
    }
}

/// An error for a file name (`shown`, the path an editor knows) with a control
/// character: such a name would become a path of the output, and a line break in it
/// would break every list of files (fachwerk's manifest, rsync's rules). The name is
/// shown with the character made visible (`␊` for a line break).
pub(crate) fn control_in_name(shown: &str) -> Option<Diagnostic> {
    let c = shown.chars().find(|c| c.is_control())?;
    let what = match c {
        '\n' => Word::LineBreak,
        '\r' => Word::CarriageReturn,
        '\t' => Word::Tab,
        _ => Word::ControlChar,
    };
    let visible: String = shown
        .chars()
        .map(|c| match c as u32 {
            n @ 0..0x20 => char::from_u32(0x2400 + n).unwrap_or('?'),
            0x7f => '\u{2421}',
            _ if c.is_control() => '\u{fffd}',
            _ => c,
        })
        .collect();
    Some(
        Msg::new(Code::FileControlInName)
            .arg("what", what)
            .error(visible, Language::De),
    )
}

/// File and folder names fachwerk never reads (hidden files, editor backups and
/// swap files): the loader, the theme and `serve`'s watcher skip them.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "node_modules"
}

/// A file that cannot be read, with the system's reason. Worded in German here; the
/// report words it again in the reader's language (`Diagnostics::reword`).
/// An error for a file that cannot be read (`e` says why, in plain words).
pub(crate) fn unreadable(file: &Path, e: &std::io::Error) -> Diagnostic {
    Msg::new(Code::FileUnreadable)
        .arg("reason", io_reason(e))
        .error(file, Language::De)
}

/// A named pipe, socket or device: reading one would wait forever or read without end.
fn not_a_file(shown: &Path) -> Diagnostic {
    Msg::new(Code::FileSpecial).error(shown, Language::De)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let e = SourceFile::from_bytes("x.md".into(), b"ok\nab\xff".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        // A cut multi-byte character at the end, after umlauts.
        let e =
            SourceFile::from_bytes("x.md".into(), b"\xc3\xa4\n\xc3\xbc\xc3".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
    }

    #[cfg(unix)]
    #[test]
    fn links_and_pipes_are_read_or_refused_as_before() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("a.md"), "A\r\n").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "geheim").unwrap();
        std::os::unix::fs::symlink("a.md", root.join("inner.md")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("outer.md")).unwrap();
        let read = |rel: &str| SourceFile::read(&root, Path::new(rel));
        assert_eq!(read("a.md").unwrap().text, "A\n");
        assert_eq!(read("inner.md").unwrap().text, "A\n");
        assert_eq!(
            read("outer.md").unwrap_err().code(),
            Code::FileLinkOutside.as_str()
        );
        assert_eq!(
            read("fehlt.md").unwrap_err().code(),
            Code::FileUnreadable.as_str()
        );
        std::fs::create_dir(root.join("ordner")).unwrap();
        assert_eq!(
            read("ordner").unwrap_err().code(),
            Code::FileSpecial.as_str()
        );
        let fifo = root.join("pipe.md");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        assert_eq!(
            read("pipe.md").unwrap_err().code(),
            Code::FileSpecial.as_str()
        );
    }

    #[test]
    fn bom_and_carriage_returns_go_and_other_text_stays() {
        let f = SourceFile::from_bytes("x.md".into(), b"\xef\xbb\xbfa\r\nb\rc".to_vec()).unwrap();
        assert_eq!(f.text, "a\nb\nc");
        let f = SourceFile::from_bytes("x.md".into(), "Größe\n".as_bytes().to_vec()).unwrap();
        assert_eq!(f.text, "Größe\n");
    }
}
