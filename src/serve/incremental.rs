//! Incremental rebuilds for the preview: the build stays in memory with its model,
//! its compiled templates and its Tera values; an edit that changed only the Markdown
//! bodies of existing items (what an editor does while writing) re-renders only the
//! pages that can show those bodies and post-processes them (the feeds hold no
//! bodies). An edit of front matter, or a new or deleted Markdown file, loads the
//! model again, converts only the bodies that changed and renders the pages of the
//! items whose values changed plus the listings ([`reload`]). Every other change
//! (YAML, templates, static files, the theme) builds everything, like `fachwerk
//! build`.
//!
//! Which pages can show a body: the item's own page (and a generated page whose
//! intro it is: same URL), plus every page whose template, or a template it names,
//! reads `content` of anything but its own `item`. The default theme has one such
//! page (/barrierefreiheit/ reads `issue.content`, which is site.yaml's); a theme
//! that lists bodies on its listing pages gets those re-rendered too.
//!
//! The result equals a full build byte for byte: the tests below edit a site in a
//! series of steps and compare every file with a fresh build after each.

use super::http::Files;
use crate::content::front_hash;
use crate::content::front_matter::split_front_matter;
use crate::content::model::{Item, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::util::files::{Content, OutputFile};
use crate::util::source::SourceFile;
use crate::{BuildOptions, Parts, Pipeline, build_parts, markdown, postprocess, render};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::Value;

/// A build kept for the next edit.
pub(crate) struct Session {
    opts: BuildOptions,
    /// `None` after a failed build: the next edit builds everything.
    state: Option<State>,
}

/// The outcome of a build or an edit.
pub(crate) struct Built<'a> {
    /// Every output file, as served.
    pub files: &'a Files,
    /// Findings that did not fail the build.
    pub warnings: &'a Diagnostics,
    /// The site's own theme directory, watched too.
    pub theme_dir: Option<&'a Path>,
    /// Pages rendered again: `None` after a full build.
    pub rendered: Option<usize>,
}

struct State {
    root: PathBuf,
    site: Site,
    pipeline: Pipeline,
    files: Files,
    warnings: Diagnostics,
    theme_dir: Option<PathBuf>,
    /// Each item by its source file: collection and index.
    items: HashMap<PathBuf, (Kind, usize)>,
    /// Templates whose pages can show bodies besides their own item's.
    body_readers: HashSet<String>,
    /// Templates whose pages can show items besides their own (listings).
    list_readers: HashSet<String>,
    /// The templates (name, file, text), for questions the edits raise.
    templates: Vec<(String, PathBuf, String)>,
    /// Output paths of the rendered pages and of the feeds.
    page_paths: HashSet<String>,
    feed_paths: HashSet<String>,
}

/// The collections of Markdown items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    Project,
    Call,
    News,
    Event,
}

/// An edit that left the front matter as it was: the item's new body.
struct BodyEdit {
    kind: Kind,
    index: usize,
    body: String,
}

impl Session {
    /// A session for the site of `opts`; the first [`Session::update`] builds it.
    pub fn new(opts: BuildOptions) -> Session {
        Session { opts, state: None }
    }

    /// The site directory.
    pub fn site_dir(&self) -> &Path {
        &self.opts.site_dir
    }

    /// Forgets the kept build: the next update builds everything.
    pub fn reset(&mut self) {
        self.state = None;
    }

    /// Rebuilds after `changed` (absolute paths; empty: build everything): only the
    /// pages the edit touched when it changed bodies alone, else everything.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Built<'_>, Diagnostics> {
        let mut rendered = None;
        if let Some(state) = self.state.as_mut().filter(|_| !changed.is_empty()) {
            let result = if let Some(edits) = body_edits(state, changed) {
                // A body that changed the embeds of the site changes Datenschutz
                // and the consent panel: the model is loaded again.
                state
                    .apply(edits)
                    .and_then(|done| done.map_or_else(|| state.reload(&self.opts), |n| Ok(Some(n))))
            } else if changed.iter().all(|p| state.is_item_file(p)) {
                state.reload(&self.opts)
            } else {
                Ok(None)
            };
            match result {
                Ok(Some(n)) => rendered = Some(n),
                Ok(None) => self.state = None,
                Err(d) => {
                    self.state = None;
                    return Err(d);
                }
            }
        } else {
            self.state = None;
        }
        if self.state.is_none() {
            self.state = Some(full(&self.opts)?);
        }
        let state = self.state.as_ref().expect("a state was just made");
        Ok(Built {
            files: &state.files,
            warnings: &state.warnings,
            theme_dir: state.theme_dir.as_deref(),
            rendered,
        })
    }
}

/// Builds everything and keeps what the next edit needs.
fn full(opts: &BuildOptions) -> Result<State, Diagnostics> {
    let Parts {
        build,
        site,
        templates,
        pipeline,
        ..
    } = build_parts(opts)?;
    let mut files = Files::with_capacity(build.files.len());
    let mut diags = Diagnostics::new();
    for f in build.files {
        match served(f) {
            Ok((path, bytes)) => {
                files.insert(path, bytes);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let strings = &pipeline.strings;
    let page_paths = render::jobs(&site, strings)
        .iter()
        .map(|j| crate::content::routes::url_to_file(&j.url))
        .collect();
    let feed_paths = crate::feeds::generate(&site)
        .into_iter()
        .map(|f| f.path)
        .collect();
    Ok(State {
        root: opts
            .site_dir
            .canonicalize()
            .unwrap_or_else(|_| opts.site_dir.clone()),
        body_readers: readers(&templates, reads_bodies),
        list_readers: readers(&templates, reads_lists),
        templates,
        items: item_index(&site),
        page_paths,
        feed_paths,
        site,
        pipeline,
        files,
        warnings: build.warnings,
        theme_dir: build.theme_dir,
    })
}

/// Each item of `site` by its source file: collection and index.
fn item_index(site: &Site) -> HashMap<PathBuf, (Kind, usize)> {
    let mut items = HashMap::new();
    let mut add = |kind: Kind, sources: Vec<&PathBuf>| {
        for (i, s) in sources.into_iter().enumerate() {
            items.insert(s.clone(), (kind, i));
        }
    };
    add(Kind::Page, site.pages.iter().map(|i| &i.source).collect());
    add(
        Kind::Project,
        site.projects.iter().map(|i| &i.source).collect(),
    );
    add(Kind::Call, site.calls.iter().map(|i| &i.source).collect());
    add(Kind::News, site.news.iter().map(|i| &i.source).collect());
    add(Kind::Event, site.events.iter().map(|i| &i.source).collect());
    items
}

/// An output file as served: static files are read now, so that serving never
/// touches the disk.
fn served(f: OutputFile) -> Result<(String, Arc<[u8]>), Diagnostic> {
    let bytes: Arc<[u8]> = match f.content {
        Content::Html(s) => Arc::from(s.into_bytes()),
        Content::Bytes(b) => Arc::from(b),
        Content::Copy(ref p) => match std::fs::read(p) {
            Ok(b) => Arc::from(b),
            Err(e) => return Err(Diagnostic::error(p, format!("cannot read: {e}"))),
        },
    };
    Ok((f.path, bytes))
}

/// The edits of `changed` if every one changed only the body of an existing item;
/// `None` when anything else changed (or may have), which builds everything.
fn body_edits(state: &State, changed: &[PathBuf]) -> Option<Vec<BodyEdit>> {
    let mut edits = Vec::new();
    for path in changed {
        let rel = path.strip_prefix(&state.root).ok()?;
        let &(kind, index) = state.items.get(rel)?;
        let src = SourceFile::read(&state.root, rel).ok()?;
        let fm = split_front_matter(&src).ok()?;
        let (front, body_line) = front_of(&state.site, kind, index);
        if front_hash(fm.yaml) != front || fm.body_line != body_line {
            return None;
        }
        edits.push(BodyEdit {
            kind,
            index,
            body: fm.body.to_string(),
        });
    }
    Some(edits)
}

/// The front matter's hash and the body's first line of item `index` of `kind`.
fn front_of(site: &Site, kind: Kind, index: usize) -> (u64, usize) {
    fn of<T>(i: &Item<T>) -> (u64, usize) {
        (i.front_hash, i.body_line)
    }
    match kind {
        Kind::Page => of(&site.pages[index]),
        Kind::Project => of(&site.projects[index]),
        Kind::Call => of(&site.calls[index]),
        Kind::News => of(&site.news[index]),
        Kind::Event => of(&site.events[index]),
    }
}

impl State {
    /// Applies body edits: `Ok(Some(pages rendered))`, or `Ok(None)` when the edit
    /// turned out to need more (it changed the embeds the site uses).
    fn apply(&mut self, edits: Vec<BodyEdit>) -> Result<Option<usize>, Diagnostics> {
        let Pipeline {
            strings,
            markdown: md,
            renderer,
            values,
            settings,
        } = &mut self.pipeline;
        let site = &mut self.site;
        let mut errors = Diagnostics::new();
        let mut urls = HashSet::new();
        let mut new_values = Vec::new();
        for edit in &edits {
            let (url, value, found) = match edit.kind {
                Kind::Page => convert(&mut site.pages[edit.index], &edit.body, md),
                Kind::Project => convert(&mut site.projects[edit.index], &edit.body, md),
                Kind::Call => convert(&mut site.calls[edit.index], &edit.body, md),
                Kind::News => convert(&mut site.news[edit.index], &edit.body, md),
                Kind::Event => convert(&mut site.events[edit.index], &edit.body, md),
            };
            new_values.push((edit.kind, edit.index, value));
            errors.extend(found);
            urls.insert(url);
        }
        if errors.has_errors() {
            let mut all = self.warnings.clone();
            all.extend(errors);
            return Err(all);
        }
        // The values stay as they were: loading again finds these items changed.
        if markdown::site_embeds(site) != site.embeds {
            return Ok(None);
        }
        for (kind, index, value) in new_values {
            let slot = match kind {
                Kind::Page => &mut values.pages[index],
                Kind::Project => &mut values.projects[index],
                Kind::Call => &mut values.calls[index],
                Kind::News => &mut values.news[index],
                Kind::Event => &mut values.events[index],
            };
            *slot = value;
        }
        renderer.set_model(site, values, strings);
        let jobs = render::jobs_where(site, strings, |url, template| {
            urls.contains(url) || self.body_readers.contains(template)
        });
        let mut files = renderer.render(site, values, strings, &jobs)?;
        let pages = files.len();
        postprocess::process_all(&mut files, settings)?;
        // The feeds (sitemap, Atom, iCalendar) hold no bodies: they stay as they are.
        self.put(files)?;
        Ok(Some(pages))
    }

    /// Puts rendered files into the served ones.
    fn put(&mut self, files: impl IntoIterator<Item = OutputFile>) -> Result<(), Diagnostics> {
        for f in files {
            let (path, bytes) = served(f)?;
            // An unchanged file keeps its bytes, so that comparing builds stays cheap.
            if self.files.get(&path).is_none_or(|old| **old != *bytes) {
                self.files.insert(path, bytes);
            }
        }
        Ok(())
    }
}

/// Converts an item's new body; returns its URL, its new value and the errors of
/// its embed blocks.
fn convert<T: serde::Serialize>(
    item: &mut Item<T>,
    body: &str,
    md: &markdown::Context,
) -> (String, Value, Vec<Diagnostic>) {
    item.body = body.to_string();
    let (found, _) = markdown::convert_item(item, md, false);
    (item.url.clone(), Value::from_serializable(item), found)
}

/// The templates for which `reads` holds, and those that name such a template
/// (extends, include, import), directly or through others.
fn readers(
    templates: &[(String, PathBuf, String)],
    reads: impl Fn(&str) -> bool,
) -> HashSet<String> {
    let reads: HashSet<&str> = templates
        .iter()
        .filter(|(_, _, text)| reads(text))
        .map(|(n, _, _)| n.as_str())
        .collect();
    let names: Vec<&str> = templates.iter().map(|(n, _, _)| n.as_str()).collect();
    let uses: HashMap<&str, Vec<&str>> = templates
        .iter()
        .map(|(n, _, text)| {
            let used = names
                .iter()
                .copied()
                .filter(|other| text.contains(&format!("\"{other}\"")))
                .collect();
            (n.as_str(), used)
        })
        .collect();
    let mut out = HashSet::new();
    for name in &names {
        let mut seen = HashSet::new();
        let mut todo = vec![*name];
        while let Some(t) = todo.pop() {
            if !seen.insert(t) {
                continue;
            }
            if reads.contains(t) {
                out.insert(name.to_string());
                break;
            }
            todo.extend(uses.get(t).into_iter().flatten().copied());
        }
    }
    out
}

/// True when a template's Tera code reads `content` of something other than `item`
/// (`{% block content %}` is a block's name, not a read) or binds `item` itself.
fn reads_bodies(text: &str) -> bool {
    tera_words(text).any(|(prev, w)| {
        (w.split('.').any(|part| part == "content")
            && w != "item.content"
            && !matches!(prev, "block" | "endblock"))
            || (w == "item" && matches!(prev, "for" | "set" | "set_global"))
    })
}

/// True when a template's Tera code reads items other than the page's own: the
/// collections of `site`, `lists` (but its menu), a topic's `projects`, or `site`
/// as a whole.
fn reads_lists(text: &str) -> bool {
    const COLLECTIONS: &[&str] = &["pages", "projects", "calls", "news", "events"];
    tera_words(text).any(|(_, w)| {
        let mut parts = w.split('.');
        match (parts.next(), parts.next()) {
            (Some("site"), None) | (Some("lists"), None) | (Some("projects"), _) => true,
            (Some("site"), Some(c)) => COLLECTIONS.contains(&c),
            (Some("lists"), Some(l)) => l != "nav",
            _ => false,
        }
    })
}

/// True when a template's Tera code reads `site.<part>` (or `site` as a whole).
fn reads_site_part(text: &str, part: &str) -> bool {
    tera_words(text).any(|(_, w)| {
        let mut parts = w.split('.');
        parts.next() == Some("site") && parts.next().is_none_or(|p| p == part)
    })
}

/// The words of a template's Tera code (inside `{{ }}` and `{% %}`; dotted paths
/// are one word), each with the word before it.
fn tera_words(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut words = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start..];
        let close = match after.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                rest = &after[1..];
                continue;
            }
        };
        let end = after.find(close).map_or(after.len(), |i| i + 2);
        let code = &after[..end];
        let mut prev = "";
        for w in code
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .filter(|w| !w.is_empty())
        {
            words.push((prev, w));
            prev = w;
        }
        rest = &after[end..];
    }
    words.into_iter()
}

mod reload;
#[cfg(test)]
mod tests;
