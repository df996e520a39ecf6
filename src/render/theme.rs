//! The theme: templates, static assets and the strings of each language. The default
//! theme is compiled into the binary, so an installed fachwerk needs no repository;
//! site.yaml's `theme:` may name a directory laid out the same way.

use crate::content::model::TemplateSource;
use crate::diagnostic::{Code, Diagnostics};
use crate::messages::{Language, Msg};
use crate::util::source::{SourceFile, unreadable};
use include_dir::{Dir, include_dir};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A file of the theme.
#[derive(Debug, Clone)]
pub(crate) struct ThemeFile {
    /// Path inside the theme, `/`-separated, e.g. `templates/base.html`.
    pub path: String,
    /// The bytes.
    pub data: Vec<u8>,
}

/// A loaded theme.
#[derive(Debug, Clone)]
pub(crate) struct Theme {
    /// Where the theme came from, for messages (`themes/default` for the built-in one).
    pub origin: PathBuf,
    /// Every file of the theme.
    pub files: Vec<ThemeFile>,
}

impl Theme {
    /// The theme compiled into fachwerk.
    pub(crate) fn builtin() -> Theme {
        fn walk(dir: &Dir<'static>, out: &mut Vec<ThemeFile>) {
            for f in dir.files() {
                out.push(ThemeFile {
                    path: f.path().to_string_lossy().replace('\\', "/"),
                    data: f.contents().to_vec(),
                });
            }
            for d in dir.dirs() {
                walk(d, out);
            }
        }
        let mut files = Vec::new();
        walk(&DEFAULT_THEME, &mut files);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Theme {
            origin: PathBuf::from("themes/default"),
            files,
        }
    }

    /// A theme directory on disk (site.yaml's `theme:`), with the warnings found.
    ///
    /// The directory may lie outside the site: naming it in site.yaml is the site's
    /// explicit choice (one theme shared by several sites). Inside it, only what a
    /// theme consists of is read (templates/, static/, strings.*.yaml; hidden files and
    /// editors' backups are skipped), and a link must stay inside the theme directory,
    /// as the site's own links must stay inside the site. Named pipes, sockets and
    /// devices are skipped with a warning.
    pub(crate) fn from_dir(
        dir: &Path,
        shown_as: PathBuf,
    ) -> Result<(Theme, Diagnostics), Diagnostics> {
        if !dir.join("templates").is_dir() {
            return Err(Msg::new(Code::ThemeNoTemplates)
                .error(&shown_as, Language::De)
                .into());
        }
        let (mut files, mut diags) = (Vec::new(), Diagnostics::new());
        let walker = WalkDir::new(dir)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !crate::util::source::is_ignored(&e.file_name().to_string_lossy()));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let rel = e.path().map(|p| p.strip_prefix(dir).unwrap_or(p));
                    let shown = shown_as.join(rel.unwrap_or(Path::new("")));
                    diags.push(unreadable(&shown, &std::io::Error::from(e)));
                    continue;
                }
            };
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let path = rel.to_string_lossy().replace('\\', "/");
            let part_of_theme = path.starts_with("templates/")
                || path.starts_with("static/")
                || (path.starts_with("strings.") && path.ends_with(".yaml"));
            let kind = entry.file_type();
            if kind.is_dir() || !part_of_theme {
                continue;
            }
            let shown = shown_as.join(rel);
            let real = if kind.is_symlink() {
                match crate::util::source::check_link(dir, rel, &shown, "theme") {
                    Ok(target) => target,
                    Err(d) => {
                        diags.push(d);
                        continue;
                    }
                }
            } else if kind.is_file() {
                entry.path().to_path_buf()
            } else {
                diags.push(Msg::new(Code::ThemeNotAFile).warning(&shown, Language::De));
                continue;
            };
            if let Some(d) = crate::util::source::control_in_name(&shown.to_string_lossy()) {
                diags.push(d);
                continue;
            }
            match std::fs::read(&real) {
                Ok(data) => files.push(ThemeFile { path, data }),
                Err(e) => diags.push(unreadable(&shown, &e)),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let theme = Theme {
            origin: shown_as,
            files,
        };
        Ok((theme, diags))
    }

    /// Templates by name (`base.html`), the site's overrides replacing the theme's own.
    /// Each comes with the path an editor would open to fix it.
    pub(crate) fn templates(
        &self,
        overrides: &[TemplateSource],
    ) -> Result<Vec<(String, PathBuf, String)>, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut out: Vec<(String, PathBuf, String)> = Vec::new();
        for f in &self.files {
            let Some(name) = f.path.strip_prefix("templates/") else {
                continue;
            };
            let rel = self.origin.join(&f.path);
            match SourceFile::from_bytes(rel.clone(), f.data.clone()) {
                Ok(src) => out.push((name.to_string(), rel, src.text)),
                Err(d) => diags.push(d),
            }
        }
        for o in overrides {
            match out.iter_mut().find(|(n, _, _)| *n == o.name) {
                Some(slot) => *slot = (o.name.clone(), o.rel.clone(), o.text.clone()),
                None => out.push((o.name.clone(), o.rel.clone(), o.text.clone())),
            }
        }
        if diags.is_empty() {
            Ok(out)
        } else {
            Err(diags)
        }
    }

    /// The strings file of a language, parsed; its mistakes are told in `messages`.
    pub(crate) fn strings(
        &self,
        lang: &str,
        messages: crate::messages::Language,
    ) -> Result<serde_json::Value, Diagnostics> {
        let path = format!("strings.{lang}.yaml");
        let file = self.files.iter().find(|f| f.path == path).ok_or_else(|| {
            Msg::new(Code::ThemeNoStrings)
                .arg("lang", lang)
                .error(self.origin.join(&path), messages)
        })?;
        let src = SourceFile::from_bytes(self.origin.join(&path), file.data.clone())?;
        crate::yaml::read(&src, 0..src.text.len(), messages).map_err(|found| {
            let mut diags = Diagnostics::new();
            diags.extend(found);
            diags
        })
    }

    /// Files under the theme's static/, copied to the output root.
    pub(crate) fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|f| {
            f.path
                .strip_prefix("static/")
                .map(|p| (p, f.data.as_slice()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_theme_has_templates_and_both_languages() {
        let t = Theme::builtin();
        let names: Vec<String> = t
            .templates(&[])
            .unwrap()
            .into_iter()
            .map(|(n, _, _)| n)
            .collect();
        for required in ["base.html", "index.html", "project.html", "404.html"] {
            assert!(
                names.iter().any(|n| n == required),
                "missing {required}: {names:?}"
            );
        }
        let de = t.strings("de", crate::messages::Language::De).unwrap();
        let en = t.strings("en", crate::messages::Language::De).unwrap();
        assert!(de.get("external_link").is_some());
        assert!(en.get("external_link").is_some());
    }

    #[test]
    fn english_and_german_strings_have_the_same_keys() {
        fn keys(v: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
            if let Some(map) = v.as_object() {
                for (k, v) in map {
                    let p = format!("{prefix}.{k}");
                    keys(v, &p, out);
                    out.push(p);
                }
            }
        }
        let t = Theme::builtin();
        let (mut de, mut en) = (Vec::new(), Vec::new());
        keys(
            &t.strings("de", crate::messages::Language::De).unwrap(),
            "",
            &mut de,
        );
        keys(
            &t.strings("en", crate::messages::Language::De).unwrap(),
            "",
            &mut en,
        );
        de.sort();
        en.sort();
        assert_eq!(de, en);
    }
}
