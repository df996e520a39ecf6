//! `fachwerk new`: a new site directory that builds at once, or a new content file
//! with the fields of its kind filled in, ready for the editor.

use crate::content::collection::{Collection, FrontMatter, Visitor};
use crate::diagnostic::Diagnostic;
use crate::messages::Language;
use crate::util::date::Date;
use crate::util::slug::slugify;
use crate::util::source::SourceFile;
use std::fs;
use std::path::{Path, PathBuf};

const SITE_FILES: &[(&str, &str)] = &[
    (
        ".gitignore",
        "# Was fachwerk selbst erzeugt, gehört nicht ins Repository:
# die gebaute Website und die Bildvarianten (werden bei Bedarf neu erzeugt).
/public/
/.fachwerk-cache/
",
    ),
    (
        "site.yaml",
        "# Einstellungen der Website. Pflichtfelder: title, region, base_url, operator, privacy, accessibility.
title: Fachkräfteallianz Landkreis Musterland
region: Landkreis Musterland
base_url: https://fachkraefte.example.org/
language: de
description: Gemeinsam Fachkräfte gewinnen, ausbilden und halten.
brand_color: \"#005a9c\"
# Der Förderhinweis steht auf jeder Seite; ohne `text:` gilt der Standardsatz.
funding_notice: {}
operator:
  name: Landratsamt Musterland
  department: Geschäftsstelle der Fachkräfteallianz
  street: Musterstraße 1
  postal_code: \"01234\"
  city: Musterstadt
  represented_by: Landrat Max Mustermann
  phone: 01234 567-0
  email: fachkraefte@example.org
  legal_form: Körperschaft des öffentlichen Rechts
  supervisory_authority: Landesdirektion Sachsen
  # Verantwortlich für journalistisch-redaktionelle Inhalte (§ 18 Abs. 2 MStV): Name und Anschrift
  content_responsible: Erika Beispiel, Landratsamt Musterland, Musterstraße 1, 01234 Musterstadt
# Für die Datenschutzerklärung (Art. 13 DSGVO)
privacy:
  dpo:
    name: Behördlicher Datenschutzbeauftragter des Landratsamtes Musterland
    email: datenschutz@example.org
  hosting:
    provider: Name des Hosting-Dienstleisters
    location: Deutschland
  server_log_days: 7
# Für die Erklärung zur Barrierefreiheit (BfWebG Sachsen); jährlich überprüfen
accessibility:
  status: partial
  known_issues:
    - content: Ältere PDF-Dokumente
      reason: Sie wurden vor der Umstellung auf barrierefreie Vorlagen erstellt.
      alternative: Auf Anfrage senden wir den Inhalt als barrierefreies Dokument.
  prepared_on: 2026-11-01
  last_reviewed: 2026-11-01
  method: self_assessment
  feedback:
    email: fachkraefte@example.org
",
    ),
    (
        "partners.yaml",
        "# Mitglieder der Fachkräfteallianz, je Eintrag name, role, kind.
- name: Landkreis Musterland
  role: chair
  kind: county
  description: Der Landkreis hat den Vorsitz und führt die Geschäftsstelle.
",
    ),
    (
        "contacts.yaml",
        "# Ansprechpersonen; Projekte und Aufrufe verweisen auf die id.
- id: geschaeftsstelle
  name: Geschäftsstelle der Fachkräfteallianz
  organisation: Landratsamt Musterland
  phone: 01234 567-0
  email: fachkraefte@example.org
",
    ),
    (
        "documents.yaml",
        "# Dokumente zum Herunterladen; die Dateien liegen unter static/.\n[]\n",
    ),
    (
        "privacy.yaml",
        "categories:
  - id: essential
    title: Notwendig
    description: Für den Betrieb der Website erforderlich.
    required: true
services:
  - name: Webserver
    provider: Landratsamt Musterland
    category: essential
    purpose: Auslieferung der Seiten; Protokolle zur Abwehr von Angriffen.
",
    ),
    (
        "pages/index.md",
        "---
title: Startseite
---
Die Fachkräfteallianz bündelt die Kräfte der Region, damit Unternehmen die
Fachkräfte finden, die sie brauchen.
",
    ),
    (
        "pages/ueber-uns.md",
        "---
title: Über uns
description: Wer in der Fachkräfteallianz mitarbeitet und wie sie entscheidet.
---
## Unsere Aufgabe

Beschreiben Sie hier, was die Fachkräfteallianz tut.
",
    ),
    (
        "pages/leichte-sprache.md",
        "---
title: Leichte Sprache
description: Die Fachkräfteallianz in Leichter Sprache erklärt.
# Ein Entwurf: Die Seite erscheint erst, wenn Sie die Zeile `draft: true` löschen.
# Dann verlinkt der Kopf jeder Seite sie mit dem Zeichen für Leichte Sprache.
#
# Hinweise für Leichte Sprache:
# - Schreiben Sie kurze Sätze. Jeder Satz sagt nur eine Sache.
# - Nehmen Sie bekannte Wörter. Erklären Sie schwere Wörter gleich danach.
# - Trennen Sie lange Wörter mit einem Punkt in der Mitte: Fachkräfte·allianz.
# - Sprechen Sie die Leser direkt an: Sie.
# - Lassen Sie den Text von Menschen mit Lernschwierigkeiten prüfen.
#   Büros für Leichte Sprache bieten das an.
draft: true
---
## Wer wir sind

Wir sind die Fachkräfte·allianz.
Eine Allianz ist eine Gruppe.
In der Gruppe arbeiten viele zusammen.

## Was wir machen

Schreiben Sie hier in Leichter Sprache, was die Allianz macht.
",
    ),
    (
        "pages/gebaerdensprache.md",
        "---
title: Gebärdensprache
description: Informationen über die Fachkräfteallianz in Deutscher Gebärdensprache (DGS).
# Ein Entwurf: Die Seite erscheint erst, wenn Sie die Zeile `draft: true` löschen.
# Dann verlinkt der Kopf jeder Seite sie mit dem Zeichen für Gebärdensprache.
#
# Hinweise für die Seite in Gebärdensprache:
# - Lassen Sie ein Video in Deutscher Gebärdensprache (DGS) aufnehmen, am besten
#   von gehörlosen Menschen. Es sagt, wer Sie sind, was Sie tun und wie man Sie
#   erreicht.
# - Das Video braucht Untertitel.
# - Binden Sie es unten im Text mit einem Video-Block ein; er lädt das Video erst
#   nach einem Klick:
#     ```video
#     url: https://www.youtube.com/watch?v=…
#     title: Die Fachkräfteallianz in Gebärdensprache (3 Minuten, mit Untertiteln)
#     preview: images/video-gebaerdensprache.jpg
#     ```
#   Das Vorschaubild legen Sie unter static/images/ ab.
draft: true
---
Hier erklären wir in Deutscher Gebärdensprache, wer wir sind und was wir machen.
",
    ),
];

/// Preview starters beside site.yaml: a double click runs `fachwerk serve --open` on
/// the site (Windows: `.cmd`, which needs CRLF line ends; Linux and macOS: `.sh`).
const PREVIEW_CMD: (&str, &str) = ("Vorschau starten.cmd", include_str!("vorschau-starten.cmd"));
const PREVIEW_SH: (&str, &str) = ("vorschau-starten.sh", include_str!("vorschau-starten.sh"));

/// Creates a new site in `dir`, which must not exist or be empty; the schemas for
/// the editor are described in `lang`, else in the new site's language.
pub(crate) fn new_site(dir: &Path, lang: Option<Language>) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists()
        && fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(
            Diagnostic::error(dir, "the directory exists and is not empty")
                .hint("choose a new directory name; fachwerk does not write into existing content"),
        );
    }
    let mut made = Vec::new();
    for (rel, text) in SITE_FILES {
        made.push(write_new(&dir.join(rel), text)?);
    }
    let (cmd, text) = PREVIEW_CMD;
    made.push(write_new(
        &dir.join(cmd),
        &text.lines().map(|l| format!("{l}\r\n")).collect::<String>(),
    )?);
    let (sh, text) = PREVIEW_SH;
    let sh = write_new(&dir.join(sh), text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&sh, fs::Permissions::from_mode(0o755))
            .map_err(|e| Diagnostic::error(&sh, e.to_string()))?;
    }
    made.push(sh);
    let lang = lang.unwrap_or_else(|| {
        SourceFile::read(dir, Path::new("site.yaml"))
            .map(|src| crate::content::config::language(&src))
            .unwrap_or_default()
    });
    made.extend(editor_settings(dir, lang)?);
    let folders = Collection::ALL
        .iter()
        .filter(|c| c.listing().is_some())
        .map(|c| c.folder());
    for sub in folders.chain(["static"]) {
        fs::create_dir_all(dir.join(sub))
            .map_err(|e| Diagnostic::error(dir.join(sub), e.to_string()))?;
    }
    Ok(made)
}

/// The JSON Schemas of the site's YAML files (`schemas/`, as `fachwerk schema` writes
/// them) and the VS Code settings that map each file to its schema
/// (`.vscode/settings.json`, read by the YAML extension when the site folder is
/// opened), so that the editor suggests fields and marks mistakes while typing.
/// Neither is read by the build (a hidden folder, a folder fachwerk does not know).
fn editor_settings(dir: &Path, lang: Language) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut made = Vec::new();
    let mut mapping = serde_json::Map::new();
    for (name, schema) in crate::content::schema::all(lang) {
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        made.push(write_new(&dir.join("schemas").join(name), &text)?);
        let file = name.trim_end_matches(".schema.json");
        if DATA_FILES.contains(&file) {
            mapping.insert(
                format!("./schemas/{name}"),
                serde_json::Value::String(format!("{file}.yaml")),
            );
        }
    }
    let settings = serde_json::json!({ "yaml.schemas": mapping });
    let text = serde_json::to_string_pretty(&settings).unwrap_or_default() + "\n";
    made.push(write_new(&dir.join(".vscode/settings.json"), &text)?);
    Ok(made)
}

/// The YAML files of a site that have a schema of their own, without `.yaml`.
const DATA_FILES: [&str; 5] = ["site", "partners", "contacts", "documents", "privacy"];

/// Creates a content file of `collection` titled `title` in the site `site`.
pub(crate) fn new_content(
    site: &Path,
    collection: Collection,
    title: &str,
    today: Date,
) -> Result<PathBuf, Diagnostic> {
    if !site.join("site.yaml").is_file() {
        return Err(
            Diagnostic::error(site.join("site.yaml"), "this directory has no site.yaml")
                .hint("pass the site directory with --site, e.g. --site content"),
        );
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(
            Diagnostic::error(site, format!("the title `{title}` gives no file name"))
                .hint("use a title with letters or digits"),
        );
    }
    // Refer to a contact that exists, or leave a comment saying what to write.
    let contact = first_contact_id(site);
    let title_yaml = format!("\"{}\"", title.replace('\\', "\\\\").replace('"', "\\\""));
    let c = collection;
    let front = c.visit(Skeleton {
        title: &title_yaml,
        today,
        contact: contact.as_deref(),
    });
    let dir = c.folder();
    let path = site.join(dir).join(format!("{slug}.md"));
    write_new(
        &path,
        &format!("---\n{front}---\n## Erster Abschnitt\n\nText der Seite.\n"),
    )
}

/// The front matter of a new item.
struct Skeleton<'a> {
    title: &'a str,
    today: Date,
    contact: Option<&'a str>,
}

impl Visitor for Skeleton<'_> {
    type Out = String;
    fn visit<T: FrontMatter>(self) -> String {
        T::skeleton(self.title, self.today, self.contact)
    }
}

/// The id of the first person in the site's contacts.yaml, if it has one.
fn first_contact_id(site: &Path) -> Option<String> {
    let src = crate::util::source::SourceFile::read(site, Path::new("contacts.yaml")).ok()?;
    let contacts: Vec<crate::content::model::Contact> =
        crate::yaml::read(&src, 0..src.text.len(), crate::messages::Language::De).ok()?;
    contacts.into_iter().map(|c| c.id).find(|id| !id.is_empty())
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<PathBuf, Diagnostic> {
    if path.exists() {
        return Err(Diagnostic::error(path, "the file exists already")
            .hint("choose another title, or edit the file"));
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| Diagnostic::error(dir, e.to_string()))?;
    }
    fs::write(path, text).map_err(|e| Diagnostic::error(path, e.to_string()))?;
    Ok(path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::placeholder::PLACEHOLDERS;

    /// Each text the loader takes for a placeholder is one that `new` writes (so the
    /// list cannot drift from what editors are given to replace).
    #[test]
    fn every_placeholder_is_written_by_new() {
        let mut all: String = SITE_FILES.iter().map(|(_, text)| *text).collect();
        for c in Collection::ALL {
            all.push_str(&c.visit(Skeleton {
                title: "T",
                today: Date::new(2026, 11, 21).unwrap(),
                contact: None,
            }));
        }
        for p in PLACEHOLDERS {
            assert!(all.contains(p), "`new` does not write {p:?}");
        }
    }
}
