//! `fachwerk new`: a new site builds at once; new content files build with --drafts.

use crate::common::{
    Bounded, DATE, Fixture, bounded, fake_browser, http_get, port_of, stderr, wait_opened,
};
use std::process::{Command, Stdio};

#[test]
fn a_new_site_and_new_files_of_every_kind_build() {
    let f = Fixture::new("minimal");
    let out = f.run(&["new", "site", "neu"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (kind, title) in [
        ("project", "Azubi-Speed-Dating \"Zukunft\""),
        ("news", "Neue Förderperiode"),
        ("event", "Fachkräftetag 2027"),
        ("call", "Projektaufruf 2027"),
        ("page", "Häufige Fragen"),
    ] {
        let out = f.run(&["new", kind, title, "--site", "neu"]);
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
    }
    assert!(f.tmp.path().join("neu/pages/haeufige-fragen.md").is_file());
    let out = f.run(&["build", "neu", "-o", "out", "--date", DATE, "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(
        f.tmp
            .path()
            .join("out/projekte/azubi-speed-dating-zukunft/index.html"),
    )
    .unwrap();
    assert!(
        page.contains("Azubi-Speed-Dating &quot;Zukunft&quot;")
            || page.contains("Azubi-Speed-Dating \"Zukunft\"")
    );
    // Without --drafts the new files stay out.
    let out = f.run(&["build", "neu", "-o", "out", "--date", DATE]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !f.tmp
            .path()
            .join("out/projekte/azubi-speed-dating-zukunft")
            .exists()
    );
}

#[test]
fn new_never_overwrites() {
    let f = Fixture::new("minimal");
    let out = f.run(&["new", "site", "site"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not empty"));
    assert!(
        f.run(&["new", "news", "Zweimal", "--site", "site"])
            .status
            .success()
    );
    let again = f.run(&["new", "news", "Zweimal", "--site", "site"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("exists already"));
}

#[test]
fn a_new_site_has_preview_starters_and_the_shell_one_serves_and_opens_the_browser() {
    let f = Fixture::new("minimal");
    let out = f.run(&["new", "site", "Meine Website"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = f.tmp.path().join("Meine Website");
    // The Windows starter: CRLF on every line (cmd.exe misreads LF-only batch files).
    let cmd = std::fs::read(site.join("Vorschau starten.cmd")).unwrap();
    let text = String::from_utf8(cmd).unwrap();
    assert!(text.starts_with("@echo off\r\n"), "{text}");
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    assert!(text.contains("serve \"%~dp0.\" --port 0 --open"), "{text}");
    // The shell starter: executable, started from another directory with fachwerk
    // on the PATH; it serves the site and asks the desktop to open it.
    let sh = site.join("vorschau-starten.sh");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&sh).unwrap().permissions().mode() & 0o111,
        0o111
    );
    let bin = f.tmp.path().join("bin");
    let opened = fake_browser(&bin);
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_fachwerk"), bin.join("fachwerk")).unwrap();
    let mut starter = Bounded::spawn(
        bounded(&sh, 120)
            .current_dir("/")
            .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    let url = wait_opened(&opened, 60).expect("the starter did not open a browser within 60 s");
    let (status, body) = http_get(port_of(&url), "/").unwrap();
    assert_eq!(status, 200, "{url}");
    assert!(
        body.contains("Fachkräfteallianz Landkreis Musterland"),
        "{body}"
    );
    // Ctrl+C stops the preview (the starter hands its process over to fachwerk).
    starter.signal("INT");
    assert!(
        starter.wait(20).is_some(),
        "the preview did not stop on Ctrl+C"
    );
    assert!(http_get(port_of(&url), "/").is_err());
}

#[test]
fn version_names_the_version_and_the_commit() {
    let out = Command::new(env!("CARGO_BIN_EXE_fachwerk"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_string());
    let want = format!("fachwerk {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(printed.starts_with(&want), "{printed}");
    // In a git checkout, the commit is HEAD's (built by cargo test just now).
    if let Some(head) = head {
        assert!(printed.contains(&head), "{printed} does not name {head}");
    }
}

/// The texts `fachwerk new` writes for editors to replace never go live through CI:
/// `build` warns about each, `check` fails on them, a draft is left alone, and once
/// replaced they are gone. (The legal facts of a new site are dummies until then.)
#[test]
fn placeholders_of_new_are_warnings_of_build_and_errors_of_check() {
    let f = Fixture::new("minimal");
    assert!(f.run(&["new", "site", "neu"]).status.success());
    let site = f.tmp.path().join("neu");
    let build = f.run(&["build", "neu", "-o", "out", "--date", DATE]);
    assert!(build.status.success(), "{}", stderr(&build));
    let warned = stderr(&build);
    let check = f.run(&["check", "neu", "--date", DATE]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let text = stderr(&check);
    for (place, field) in [
        ("site.yaml:16:19", "represented_by"),
        ("site.yaml:29:15", "provider"),
        ("site.yaml:13:11", "street"),
    ] {
        let block = text
            .split("\n\n")
            .find(|b| b.contains(&format!("--> {place}\n")))
            .unwrap_or_else(|| panic!("{place} not named: {text}"));
        assert!(block.starts_with("error[content/placeholder]: "), "{block}");
        assert!(block.contains(&format!("`{field}`")), "{block}");
        assert!(warned.contains(&format!("--> {place}\n")), "{warned}");
    }
    // A new project is a draft: its placeholder ("Name des Trägers") is no finding
    // until the draft is published.
    assert!(
        f.run(&["new", "project", "Lotsen", "--site", "neu"])
            .status
            .success()
    );
    let project = site.join("projects/lotsen.md");
    assert!(!stderr(&f.run(&["check", "neu", "--date", DATE])).contains("projects/lotsen.md"));
    let text = std::fs::read_to_string(&project)
        .unwrap()
        .replace("draft: true\n", "");
    std::fs::write(&project, text).unwrap();
    let check = stderr(&f.run(&["check", "neu", "--date", DATE]));
    assert!(
        check.contains("Platzhalter „Name des Trägers“")
            && check.contains("--> projects/lotsen.md:3:10"),
        "{check}"
    );
}

/// A new site maps each of its YAML files to its JSON Schema for VS Code's YAML
/// extension (`.vscode/settings.json`), with the schemas beside it described in the
/// site's language, and the build reads neither.
#[test]
fn a_new_site_maps_its_yaml_files_to_their_schemas_for_the_editor() {
    let f = Fixture::new("minimal");
    assert!(f.run(&["new", "site", "neu"]).status.success());
    let site = f.tmp.path().join("neu");
    let settings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let map = settings["yaml.schemas"].as_object().unwrap();
    for file in [
        "site.yaml",
        "partners.yaml",
        "contacts.yaml",
        "documents.yaml",
        "privacy.yaml",
    ] {
        let (schema, _) = map
            .iter()
            .find(|(_, v)| v.as_str() == Some(file))
            .unwrap_or_else(|| panic!("{file} has no schema: {settings}"));
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(site.join(schema)).unwrap()).unwrap();
        assert!(
            schema["title"].as_str().unwrap().starts_with(file),
            "{schema}"
        );
    }
    // The schemas speak the new site's language (German), or FACHWERK_LANG's.
    let postal = |dir: &str| {
        let text = std::fs::read_to_string(f.tmp.path().join(dir).join("schemas/site.schema.json"));
        let schema: serde_json::Value = serde_json::from_str(&text.unwrap()).unwrap();
        schema["definitions"]["Operator"]["properties"]["postal_code"]["description"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        postal("neu").starts_with("Postleitzahl"),
        "{}",
        postal("neu")
    );
    let english = f.run_env(&["new", "site", "new"], &[("FACHWERK_LANG", "en")]);
    assert!(english.status.success(), "{}", stderr(&english));
    assert!(
        postal("new").starts_with("Postal code"),
        "{}",
        postal("new")
    );
    let out = f.run(&["build", "neu", "-o", "out", "--date", DATE]);
    assert!(!stderr(&out).contains("schema"), "{}", stderr(&out));
    assert!(!f.tmp.path().join("out/schemas").exists());
}

/// `fachwerk schema` describes the fields in German, in English with `--lang en`.
#[test]
fn the_schema_command_writes_descriptions_in_the_chosen_language() {
    let f = Fixture::new("minimal");
    let title = |dir: &str| {
        let text = std::fs::read_to_string(f.tmp.path().join(dir).join("news.schema.json"));
        let schema: serde_json::Value = serde_json::from_str(&text.unwrap()).unwrap();
        schema["properties"]["date"]["description"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let de = f.run(&["schema", "-o", "de"]);
    assert!(de.status.success(), "{}", stderr(&de));
    assert!(
        title("de").starts_with("Datum der Meldung"),
        "{}",
        title("de")
    );
    let en = f.run(&["schema", "-o", "en", "--lang", "en"]);
    assert!(en.status.success(), "{}", stderr(&en));
    assert!(
        title("en").starts_with("Date of the news item"),
        "{}",
        title("en")
    );
    let env = f.run_env(&["schema", "-o", "env"], &[("FACHWERK_LANG", "en")]);
    assert!(env.status.success(), "{}", stderr(&env));
    assert_eq!(title("env"), title("en"));
}
