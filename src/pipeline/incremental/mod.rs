//! Incremental builds for the preview: the build stays in memory with its model,
//! its compiled templates and its Tera values. What an edit needs is decided from the
//! changed paths ([`classify`]): an edit that changed only the Markdown bodies of
//! existing items (what an editor does while writing) makes again only the pages that
//! can show those bodies (the feeds hold no bodies). An edit of front matter, or a new
//! or deleted Markdown file, loads the model again, converts only the bodies that
//! changed and makes the pages of the items whose values changed plus the listings
//! ([`reload`]). Every other change (YAML, templates, static files, the theme) builds
//! everything, like `fachwerk build`. A site in several languages follows body edits
//! of untranslated items of its main language alone ([`State::follow`]).
//!
//! Which pages can show what comes from the templates as Tera parsed them
//! ([`crate::render::deps`]); where that cannot tell, the page is made again.
//!
//! The result equals a full build byte for byte: the tests below edit a site in a
//! series of steps and compare every file with a fresh build after each, and
//! [`Session::verify`] lets `serve` do the same after every edit.

mod reload;

use super::images::Images;
use super::rebuild::{Changed, Rebuild, classify};
use super::{BuildOptions, Files, ImageWork, Output, Stages, full, full_with, pages};
use crate::content::collection::Collection;
use crate::content::front_hash;
use crate::content::front_matter::split_front_matter;
use crate::content::model::Site;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::postprocess;
use crate::render::{self, Dependencies};
use crate::util::files::{Content, OutputFile};
use crate::util::source::SourceFile;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A build kept for the next edit.
pub(crate) struct Session {
    opts: BuildOptions,
    /// Whether a body edit leaves the search index for [`Session::refresh_index`].
    defer_index: bool,
    /// `None` after a failed build: the next edit builds everything.
    state: Option<State>,
}

/// The outcome of a build or an edit.
pub(crate) struct Built<'a> {
    /// Every output file, as served.
    pub(crate) files: &'a Files,
    /// Findings that did not fail the build.
    pub(crate) warnings: &'a Diagnostics,
    /// The site's own theme directory, watched too.
    pub(crate) theme_dir: Option<&'a Path>,
    /// Pages made again: `None` after a full build.
    pub(crate) rendered: Option<usize>,
    /// The image files, made in the background and on request (not in `files`).
    pub(crate) images: &'a Arc<Images>,
}

struct State {
    root: PathBuf,
    site: Site,
    stages: Stages,
    files: Files,
    images: Arc<Images>,
    warnings: Diagnostics,
    theme_dir: Option<PathBuf>,
    /// Each item by its source file: collection and index.
    items: HashMap<PathBuf, (Collection, usize)>,
    /// What the pages of each template can show.
    deps: Dependencies,
    /// Output paths of the pages and of the feeds.
    page_paths: HashSet<String>,
    feed_paths: HashSet<String>,
    /// Body edits leave the search index for later ([`Session::deferring_index`]).
    defer_index: bool,
    /// The search index lags behind the bodies.
    index_stale: bool,
}

/// An edit that left the front matter as it was: the item's new body.
struct BodyEdit {
    collection: Collection,
    index: usize,
    body: String,
}

impl Session {
    /// A session for the site of `opts`; the first [`Session::update`] builds it.
    pub(crate) fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            defer_index: false,
            state: None,
        }
    }

    /// A session whose body edits leave the search index as it was until
    /// [`Session::refresh_index`] (the preview calls it once the saves pause): the
    /// edited page shows at once, and a burst of saves costs one index.
    pub(crate) fn deferring_index(mut self) -> Session {
        self.defer_index = true;
        self
    }

    /// True when an edit left the search index behind.
    pub(crate) fn index_pending(&self) -> bool {
        self.state.as_ref().is_some_and(|s| s.index_stale)
    }

    /// Brings the search index up to date after body edits (only the edited records
    /// are analyzed again); the files as served, or `None` when it was up to date.
    pub(crate) fn refresh_index(&mut self) -> Result<Option<&Files>, Diagnostics> {
        match self.state.as_mut() {
            Some(state) if state.index_stale => {
                state.refresh_index()?;
                Ok(Some(&state.files))
            }
            _ => Ok(None),
        }
    }

    /// The site directory.
    pub(crate) fn site_dir(&self) -> &Path {
        &self.opts.site_dir
    }

    /// Forgets the kept build: the next update builds everything.
    pub(crate) fn reset(&mut self) {
        self.state = None;
    }

    /// Rebuilds after `changed` (absolute paths; empty: build everything): only what
    /// the edit touched where that is known, else everything.
    pub(crate) fn update(&mut self, changed: &[PathBuf]) -> Result<Built<'_>, Diagnostics> {
        let rebuild = match self.state.as_mut() {
            Some(state) if classify(&state.root, changed) == Changed::Items => {
                state.defer_index = self.defer_index;
                state.follow(changed, &self.opts)
            }
            _ => Ok(Rebuild::NeedsFull),
        };
        let rendered = match rebuild {
            Ok(Rebuild::Rendered(n)) => Some(n),
            Ok(_) => {
                self.state = None;
                self.state = Some(State::new(&self.opts)?);
                None
            }
            Err(d) => {
                self.state = None;
                return Err(d);
            }
        };
        let state = self.state.as_ref().ok_or_else(Diagnostics::new)?;
        Ok(Built {
            files: &state.files,
            warnings: &state.warnings,
            theme_dir: state.theme_dir.as_deref(),
            rendered,
            images: &state.images,
        })
    }

    /// Compares the kept build with a full build made now: the output paths that
    /// differ (missing, added or with other bytes), sorted; empty when they are equal.
    pub(crate) fn verify(&self) -> Result<Vec<String>, Diagnostics> {
        let Some(state) = &self.state else {
            return Ok(Vec::new());
        };
        let fresh = served_files(full(&self.opts)?.build.files)?;
        let mut mine = state.files.clone();
        mine.extend(state.images.all_files());
        Ok(differences(&mine, &fresh))
    }
}

/// The paths whose files differ between two builds, sorted.
pub(crate) fn differences(a: &Files, b: &Files) -> Vec<String> {
    let mut out: Vec<String> = a
        .keys()
        .chain(b.keys().filter(|p| !a.contains_key(*p)))
        .filter(|p| a.get(*p) != b.get(*p))
        .cloned()
        .collect();
    out.sort();
    out
}

/// The output files as served: static files are read now, so that serving never
/// touches the disk.
fn served_files(files: Vec<OutputFile>) -> Result<Files, Diagnostics> {
    let mut out = Files::with_capacity(files.len());
    let mut diags = Diagnostics::new();
    for f in files {
        match served(f) {
            Ok((path, bytes)) => {
                out.insert(path, bytes);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

/// An output file as served.
fn served(f: OutputFile) -> Result<(String, Arc<[u8]>), Diagnostic> {
    let bytes: Arc<[u8]> = match f.content {
        Content::Html(s) => Arc::from(s.into_bytes()),
        Content::Bytes(b) => Arc::from(b),
        Content::Copy(ref p) => match std::fs::read(p) {
            Ok(b) => Arc::from(b),
            Err(e) => return Err(crate::util::source::unreadable(p, &e)),
        },
    };
    Ok((f.path, bytes))
}

impl State {
    /// Builds everything and keeps what the next edit needs.
    fn new(opts: &BuildOptions) -> Result<State, Diagnostics> {
        let Output {
            build,
            site,
            templates,
            stages,
            images,
            ..
        } = full_with(opts, ImageWork::Later)?;
        let files = served_files(build.files)?;
        images.produce_in_background();
        let page_paths = page_paths(&site, &stages);
        let feed_paths = crate::feeds::generate(&site)
            .into_iter()
            .map(|f| f.path)
            .collect();
        Ok(State {
            root: opts
                .site_dir
                .canonicalize()
                .unwrap_or_else(|_| opts.site_dir.clone()),
            deps: stages.renderer.dependencies(&templates),
            items: item_index(&site),
            page_paths,
            feed_paths,
            site,
            stages,
            files,
            images,
            warnings: build.warnings,
            theme_dir: build.theme_dir,
            defer_index: false,
            index_stale: false,
        })
    }

    /// Follows an edit of Markdown files only: its bodies alone where only bodies
    /// changed, else the model loaded again.
    ///
    /// A site in several languages follows only body edits of items of its main
    /// language that no translation takes over (the other languages' pages do not
    /// show them, and their translations cannot become outdated); the rest, and all
    /// that would load the model again (which knows one language), builds whole.
    fn follow(&mut self, changed: &[PathBuf], opts: &BuildOptions) -> Result<Rebuild, Diagnostics> {
        let several = !self.site.config.languages.is_empty();
        let rebuild = match self.body_edits(changed) {
            Some(_) if several && self.translated(changed) => Rebuild::NeedsFull,
            Some(edits) => self.apply(edits)?,
            None => Rebuild::NeedsReload,
        };
        match rebuild {
            Rebuild::NeedsReload if several => Ok(Rebuild::NeedsFull),
            Rebuild::NeedsReload => self.reload(opts),
            other => Ok(other),
        }
    }

    /// True when a file of `changed` has a translation (`ueber-uns.en.md` beside
    /// `ueber-uns.md`) in one of the site's other languages.
    fn translated(&self, changed: &[PathBuf]) -> bool {
        let others = self.site.config.languages.iter().skip(1);
        changed.iter().any(|path| {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            others.clone().any(|l| {
                path.with_file_name(format!("{stem}.{}.md", l.code()))
                    .exists()
            })
        })
    }

    /// The edits of `changed` if every one changed only the body of an existing
    /// item; `None` when anything else changed (or may have).
    fn body_edits(&self, changed: &[PathBuf]) -> Option<Vec<BodyEdit>> {
        let mut edits = Vec::new();
        for path in changed {
            let rel = path.strip_prefix(&self.root).ok()?;
            let &(collection, index) = self.items.get(rel)?;
            let src = SourceFile::read(&self.root, rel).ok()?;
            let fm = split_front_matter(&src).ok()?;
            let item = self.site.core(collection, index)?;
            if front_hash(fm.yaml) != item.front_hash || fm.body_line != item.body_line {
                return None;
            }
            edits.push(BodyEdit {
                collection,
                index,
                body: fm.body.to_string(),
            });
        }
        Some(edits)
    }

    /// Applies body edits: the pages made again, or [`Rebuild::NeedsReload`] when the
    /// edit turned out to need more (it changed the embeds the site uses).
    fn apply(&mut self, edits: Vec<BodyEdit>) -> Result<Rebuild, Diagnostics> {
        let mut errors = Diagnostics::new();
        let mut urls = HashSet::new();
        for edit in &edits {
            let item = self.site.core_mut(edit.collection, edit.index);
            item.body.clone_from(&edit.body);
            errors.extend(markdown::convert_item(item, &self.stages.markdown, false).0);
            urls.insert(item.url.clone());
        }
        if errors.has_errors() {
            let mut all = self.warnings.clone();
            all.extend(errors);
            return Err(all);
        }
        // The values stay as they were: loading again finds these items changed.
        if markdown::site_embeds(&self.site) != self.site.embeds
            || markdown::site_credits(&self.site) != self.site.image_credits
        {
            return Ok(Rebuild::NeedsReload);
        }
        let Stages {
            strings,
            renderer,
            values,
            ..
        } = &mut self.stages;
        for edit in &edits {
            values.update(&self.site, edit.collection, edit.index);
        }
        renderer.set_model(&self.site, values, strings);
        let deps = &self.deps;
        let jobs = render::jobs_where(&self.site, &self.stages.strings, |url, template| {
            urls.contains(url) || deps.of(template).other_bodies
        });
        let made = self.make(&jobs)?;
        let rendered = jobs.len();
        drop(jobs);
        // The feeds (sitemap, Atom, iCalendar) hold no bodies: they stay as they are.
        self.put(made)?;
        if self.defer_index {
            self.index_stale = true;
        } else {
            self.refresh_index()?;
        }
        Ok(Rebuild::Rendered(rendered))
    }

    /// Makes the pages of `jobs` and checks what post-processing found on them.
    fn make(&self, jobs: &[render::Job]) -> Result<Vec<OutputFile>, Diagnostics> {
        let made = pages::make(&self.stages, &self.site, jobs)?;
        let mut files = Vec::with_capacity(made.len());
        let mut processed = Vec::with_capacity(made.len());
        for (file, p) in made {
            processed.push((file.path.clone(), p));
            files.push(file);
        }
        postprocess::finish(processed, &self.stages.settings)?;
        Ok(files)
    }

    /// Makes the search index of the current model (the search step analyzes only the
    /// records that changed) and puts it into the served files.
    fn refresh_index(&mut self) -> Result<(), Diagnostics> {
        let index =
            self.stages
                .search
                .run(&self.site, &self.stages.strings, super::search::Mode::Keep);
        for gone in &index.gone {
            self.files.remove(gone);
        }
        self.put(index.files)?;
        self.index_stale = false;
        Ok(())
    }

    /// Puts made files into the served ones.
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

/// Each item of `site` by its source file: collection and index.
fn item_index(site: &Site) -> HashMap<PathBuf, (Collection, usize)> {
    let mut items = HashMap::new();
    for c in Collection::ALL {
        for (i, item) in site.cores(c).into_iter().enumerate() {
            items.insert(item.source.clone(), (c, i));
        }
    }
    items
}

/// The output paths of every page of `site`.
fn page_paths(site: &Site, stages: &Stages) -> HashSet<String> {
    render::jobs(site, &stages.strings)
        .iter()
        .map(|j| crate::content::routes::url_to_file(&j.url))
        .collect()
}

#[cfg(test)]
pub(super) mod tests;
