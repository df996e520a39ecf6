//! fachwerk never deletes what it did not create, also after a crash: the manifest
//! cannot be injected, a carry-over that cannot complete leaves the previous output,
//! a `kill -9` at any step of the swap leaves the old or the new output with every
//! foreign file (the test hook `FACHWERK_TEST_CRASH_AT` stops the process there), a
//! later build recovers what an interrupted one left, and a linked output folder is
//! written through.

use crate::common::{DATE, Fixture, stderr, tree};
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Output};

type Tree = BTreeMap<String, Vec<u8>>;

/// Files of the output fachwerk did not create: at the top, in a folder of its own,
/// and beside fachwerk's files in one of fachwerk's folders.
const FOREIGN: &[(&str, &str)] = &[
    (".htaccess", "Options -Indexes\n"),
    (".git/config", "[core]\n"),
    (".git/objects/ab/cdef", "blob\n"),
    ("termine/notizen.txt", "nicht löschen\n"),
];

fn build_env(f: &Fixture, out: &str, env: &[(&str, &str)]) -> Output {
    f.run_env(&["build", "site", "-o", out, "--date", DATE], env)
}

fn add_foreign(dir: &Path) {
    for (path, text) in FOREIGN {
        let p = dir.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
}

fn with_foreign(mut t: Tree) -> Tree {
    for (path, text) in FOREIGN {
        t.insert(path.to_string(), text.as_bytes().to_vec());
    }
    t
}

/// Names in the fixture's temporary directory besides site/, public/ and ref/.
fn leftovers(f: &Fixture) -> Vec<String> {
    fs::read_dir(f.tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !["site", "public", "ref"].contains(&n.as_str()))
        .collect()
}

/// The old output with foreign files in it, and what the new build (with one event
/// less) must give: (fixture, old tree, new tree).
fn old_and_new() -> (Fixture, Tree, Tree) {
    let f = Fixture::new("minimal");
    f.build();
    add_foreign(&f.out());
    let old = tree(&f.out());
    fs::remove_file(f.site().join("events/rueckblick.md")).unwrap();
    let out = build_env(&f, "ref", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let new = with_foreign(tree(&f.tmp.path().join("ref")));
    assert_ne!(old, new);
    (f, old, new)
}

/// A build stopped at `step` leaves the old or the new output, each with every foreign
/// file (or, only on the two-rename path, no output between the renames, which the
/// next build puts back); the next build ends with the new output and no leftovers.
fn crash_at(step: &str, swap: &str) {
    let (f, old, new) = old_and_new();
    let out = build_env(
        &f,
        "public",
        &[
            ("FACHWERK_TEST_CRASH_AT", step),
            ("FACHWERK_TEST_SWAP", swap),
        ],
    );
    assert_eq!(
        out.status.code(),
        None,
        "the build did not stop at {step}: {}",
        stderr(&out)
    );
    if step == "moved-aside" {
        assert!(!f.out().exists(), "the window of the two-rename path");
    } else {
        let now = tree(&f.out());
        assert!(
            now == old || now == new,
            "after a crash at {step}, public/ is neither the old nor the new output: {:?}",
            now.keys().collect::<Vec<_>>()
        );
    }
    let out = build_env(&f, "public", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        tree(&f.out()),
        new,
        "after the next build (crash at {step})"
    );
    assert_eq!(leftovers(&f), Vec::<String>::new(), "crash at {step}");
}

#[test]
fn a_crash_at_any_step_of_the_swap_leaves_old_or_new_output_with_every_foreign_file() {
    for step in ["staged", "carried", "exchanged", "retiring"] {
        crash_at(step, "exchange");
    }
}

#[test]
fn a_crash_between_the_renames_of_the_fallback_swap_is_recovered() {
    for step in ["staged", "carried", "moved-aside", "swapped", "retiring"] {
        crash_at(step, "rename");
    }
}

/// What an interrupted build of an earlier version left: the new output without the
/// foreign files, which lie in the backup; or no output, with the backup beside it.
#[test]
fn a_stranded_backup_is_recovered_instead_of_deleted() {
    let (f, _, new) = old_and_new();
    // The swap happened, the foreign files did not come along.
    fs::rename(f.out(), backup_of(&f)).unwrap();
    fs::rename(f.tmp.path().join("ref"), f.out()).unwrap();
    let out = build_env(&f, "public", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(tree(&f.out()), new);
    assert!(
        stderr(&out).contains("warning[output/recovered]"),
        "{}",
        stderr(&out)
    );
    assert_eq!(leftovers(&f), Vec::<String>::new());

    // The output moved aside, the new one not yet in place.
    let (f, _, new) = old_and_new();
    fs::rename(f.out(), backup_of(&f)).unwrap();
    let out = build_env(&f, "public", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(tree(&f.out()), new);
    assert_eq!(leftovers(&f), Vec::<String>::new());
}

fn backup_of(f: &Fixture) -> std::path::PathBuf {
    f.tmp.path().join(".public.fachwerk-old-999999999")
}

/// A crash while the stranded files move back: the next build finishes the job.
#[test]
fn a_crash_while_recovering_leaves_nothing_lost() {
    let (f, _, new) = old_and_new();
    fs::rename(f.out(), backup_of(&f)).unwrap();
    fs::rename(f.tmp.path().join("ref"), f.out()).unwrap();
    let out = build_env(&f, "public", &[("FACHWERK_TEST_CRASH_AT", "recovering")]);
    assert_eq!(out.status.code(), None, "{}", stderr(&out));
    let mut both = tree(&f.out());
    both.extend(tree(&backup_of(&f)));
    for (path, _) in FOREIGN {
        assert!(both.contains_key(*path), "{path} lost");
    }
    let out = build_env(&f, "public", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(tree(&f.out()), new);
    assert_eq!(leftovers(&f), Vec::<String>::new());
}

#[test]
fn a_line_break_in_a_file_name_cannot_add_to_the_manifest() {
    let f = Fixture::new("minimal");
    f.build();
    fs::write(f.out().join("notes.txt"), "nicht von fachwerk").unwrap();
    let before = tree(&f.out());
    // Would list `notes.txt` as fachwerk's own file, for this and every later build.
    f.write("static/x\nnotes.txt", "boese");
    let out = build_env(&f, "public", &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("static/x␊notes.txt"), "names the file: {err}");
    assert!(err.contains("error[file/control-in-name]"), "{err}");
    assert_eq!(tree(&f.out()), before);
    fs::remove_file(f.site().join("static/x\nnotes.txt")).unwrap();
    f.build();
    assert_eq!(
        fs::read_to_string(f.out().join("notes.txt")).unwrap(),
        "nicht von fachwerk"
    );
    let manifest = fs::read_to_string(f.out().join(".fachwerk-manifest")).unwrap();
    assert!(
        manifest.starts_with("# fachwerk manifest 2\n"),
        "{manifest}"
    );
    assert!(!manifest.lines().any(|l| l == "notes.txt"));
}

#[test]
fn a_linked_output_folder_is_written_through() {
    let f = Fixture::new("minimal");
    let www = f.tmp.path().join("www/fachkraefteallianz");
    fs::create_dir_all(&www).unwrap();
    fs::set_permissions(&www, fs::Permissions::from_mode(0o750)).unwrap();
    symlink("www/fachkraefteallianz", f.out()).unwrap();
    f.build();
    add_foreign(&www);
    fs::remove_file(f.site().join("events/rueckblick.md")).unwrap();
    f.build();
    assert!(
        fs::symlink_metadata(f.out())
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays"
    );
    assert!(!www.join("termine/rueckblick/index.html").exists());
    assert!(www.join("termine/fachkraeftetag/index.html").is_file());
    for (path, text) in FOREIGN {
        assert_eq!(fs::read_to_string(www.join(path)).unwrap(), *text);
    }
    let mode = fs::metadata(&www).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o750, "the folder keeps its permissions");
    assert_eq!(
        fs::read_dir(f.tmp.path().join("www")).unwrap().count(),
        1,
        "nothing left beside the target"
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `fachwerk build` as the unprivileged user `nobody` (root may write anywhere, so
/// permissions would not count), with the fixture given to it; as the current user
/// when that is not root.
fn build_unprivileged(f: &Fixture) -> Output {
    if !is_root() {
        return build_env(f, "public", &[]);
    }
    fs::set_permissions(f.tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_fachwerk"))
        .args(["build", "site", "-o", "public", "--date", DATE])
        .current_dir(f.tmp.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

/// Gives everything below `dir` to `nobody`.
fn give_to_nobody(dir: &Path) {
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        std::os::unix::fs::lchown(e.path(), Some(65534), Some(65534)).unwrap();
    }
}

/// Either the build succeeded and the foreign files are in the new output, or it
/// failed, said the output was not changed, and that is true.
fn truthful(f: &Fixture, out: &Output, before: &Tree, foreign: &[&str]) {
    let err = stderr(out);
    if out.status.success() {
        for path in foreign {
            assert!(f.out().join(path).exists(), "{path} lost: {err}");
        }
    } else {
        assert!(err.contains("public wurde nicht verändert"), "{err}");
        assert_eq!(&tree(&f.out()), before, "the output was changed: {err}");
    }
    assert_eq!(leftovers(f), Vec::<String>::new(), "{err}");
}

#[test]
fn a_read_only_folder_of_the_output_is_carried_over() {
    let f = Fixture::new("minimal");
    f.build();
    fs::write(f.out().join("termine/notizen.txt"), "nicht löschen\n").unwrap();
    fs::remove_file(f.site().join("events/rueckblick.md")).unwrap();
    let before = tree(&f.out());
    if is_root() {
        give_to_nobody(f.tmp.path());
    }
    let read_only = fs::Permissions::from_mode(0o555);
    fs::set_permissions(f.out().join("termine"), read_only).unwrap();
    let out = build_unprivileged(&f);
    assert!(out.status.success(), "{}", stderr(&out));
    truthful(&f, &out, &before, &["termine/notizen.txt"]);
    assert!(!f.out().join("termine/rueckblick").exists());
}

/// A folder of another user that this one may not change could neither be moved nor
/// removed after the swap: the build stops before it, and says so truthfully.
#[test]
fn a_carry_over_that_cannot_complete_leaves_the_previous_output() {
    if !is_root() {
        eprintln!("skipped: needs root to make files of two users");
        return;
    }
    let f = Fixture::new("minimal");
    give_to_nobody(f.tmp.path());
    let first = build_unprivileged(&f);
    assert!(first.status.success(), "{}", stderr(&first));
    // Root's, as a certificate tool writing into the web root leaves it.
    let acme = f.out().join(".well-known/acme-challenge");
    fs::create_dir_all(&acme).unwrap();
    fs::write(acme.join("token"), "abc").unwrap();
    fs::remove_file(f.site().join("events/rueckblick.md")).unwrap();
    let before = tree(&f.out());
    let out = build_unprivileged(&f);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(".well-known"), "names the folder: {err}");
    assert!(err.contains("error[output/carry-over]"), "{err}");
    truthful(&f, &out, &before, &[".well-known/acme-challenge/token"]);
    // A readable file of another user is copied.
    fs::remove_dir_all(f.out().join(".well-known")).unwrap();
    fs::write(f.out().join(".htaccess"), "Options -Indexes\n").unwrap();
    let out = build_unprivileged(&f);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(f.out().join(".htaccess")).unwrap(),
        "Options -Indexes\n"
    );
    assert!(!f.out().join("termine/rueckblick").exists());
    assert_eq!(leftovers(&f), Vec::<String>::new());
}

/// A mount point cannot be swapped: refused before anything is written (in a mount
/// namespace of its own, so nothing stays mounted).
#[test]
fn a_mount_point_as_output_is_refused_clearly() {
    let f = Fixture::new("minimal");
    fs::create_dir_all(f.out()).unwrap();
    let script = format!(
        "mount -t tmpfs none public && exec {} build site -o public --date {DATE}",
        env!("CARGO_BIN_EXE_fachwerk")
    );
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .current_dir(f.tmp.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    if err.contains("mount:") || err.contains("unshare:") {
        eprintln!("skipped: cannot mount here: {err}");
        return;
    }
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[output/mount-point]"), "{err}");
    assert_eq!(leftovers(&f), Vec::<String>::new());
}
