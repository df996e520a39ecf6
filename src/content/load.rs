//! Reading the site directory: which file is what, and parsing each one.

use super::base_url::BaseUrl;
use super::collection::{Collection, FrontMatter, Visitor};
use super::front_matter::split_front_matter;
use super::loose::LooseRef;
use super::model::*;
use super::translate::{self, Inherits, Localize};
use super::{resolve, routes};
use crate::diagnostic::{Arg, Code};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::messages::{Language, Msg};
use crate::util::date::Date;
use crate::util::slug::slugify;
use crate::util::source::{SourceFile, check_link, control_in_name, is_ignored, unreadable};
use crate::yaml::Tree;
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What the build asks of the loader.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Include content marked `draft: true`.
    pub drafts: bool,
    /// Include items whose publish day lies after the build date, marked as not yet
    /// published (`serve`'s preview).
    pub scheduled: bool,
    /// Replaces site.yaml's `base_url` (previews, `serve`).
    pub base_url: Option<BaseUrl>,
    /// The day the site is built for.
    pub build_date: Date,
    /// The language of messages, when not the site's (`--lang`, `FACHWERK_LANG`).
    pub lang: Option<Language>,
    /// The language to read the site in, when not its main one: its translations
    /// replace the originals, and items without one are left out.
    pub variant: Option<Language>,
    /// Keep each Markdown body in the model. Without (`build`, `check`) only where
    /// it stands in its file is kept ([`BodyAt`]), and the Markdown step reads it
    /// again: the bodies of a large site are never all in memory.
    pub keep_bodies: bool,
}

/// The files of a site directory, sorted by kind.
#[derive(Default)]
struct Inventory {
    /// The Markdown files of each collection, by [`Collection::index`].
    items: [Vec<PathBuf>; Collection::ALL.len()],
    /// The translations among them: (translation, original, language), by
    /// [`Collection::index`].
    translations: [Vec<(PathBuf, PathBuf, Language)>; Collection::ALL.len()],
    statics: Vec<StaticFile>,
    templates: Vec<PathBuf>,
}

/// The YAML files a site may have at its top level.
const DATA_FILES: &[&str] = &[
    "site.yaml",
    "partners.yaml",
    "contacts.yaml",
    "documents.yaml",
    "privacy.yaml",
];
/// The folders of a site besides its collections' folders.
const FOLDERS: &[&str] = &["static", "templates"];

/// True for a folder of the site: a collection's, static/ or templates/.
fn is_section(name: &str) -> bool {
    FOLDERS.contains(&name) || Collection::of_folder(name).is_some()
}

/// Loads and checks the site in `root`. On success, also returns the warnings found.
#[expect(
    clippy::too_many_lines,
    reason = "the stages of loading a site, in order; issue 14 splits it when the loaders move to the positioned YAML tree"
)]
pub fn load(root: &Path, opts: &LoadOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    if !root.join("site.yaml").is_file() {
        let lang = opts.lang.unwrap_or_default();
        return Err(Msg::new(Code::SiteNoSiteYaml)
            .error(root.join("site.yaml"), lang)
            .into());
    }
    let site_src = read_yaml(root, "site.yaml", &mut diags);
    let lang = opts
        .lang
        .or_else(|| site_src.as_ref().map(super::config::language))
        .unwrap_or_default();
    let loc = Localize {
        others: site_src
            .as_ref()
            .map(super::config::other_languages)
            .unwrap_or_default(),
        to: opts.variant,
        main: site_src
            .as_ref()
            .map(super::config::language)
            .unwrap_or_default(),
    };
    let inv = inventory(root, lang, &loc, &mut diags);
    if opts.variant.is_none() {
        diags.extend(translate::check(root, &inv.items, &inv.translations, lang));
    }

    let config = site_src.and_then(|src| {
        let (mut config, errors) = super::config::load(&src, opts.base_url.as_ref(), lang, &loc);
        if let (Some(c), Some(variant)) = (config.as_mut(), opts.variant) {
            c.language = variant;
        }
        diags.extend(errors);
        if let Some(w) = config
            .as_ref()
            .and_then(|c| super::config::review_warning(c, &src, opts.build_date, lang))
        {
            diags.push(w);
        }
        config
    });
    let (partners, _) = read_list::<Partner>(root, "partners.yaml", lang, &loc, &mut diags);
    let (contacts, contact_ids) =
        read_list::<Contact>(root, "contacts.yaml", lang, &loc, &mut diags);
    let (documents, document_ids) =
        read_list::<Document>(root, "documents.yaml", lang, &loc, &mut diags);
    let privacy: Privacy = read_yaml(root, "privacy.yaml", &mut diags)
        .and_then(
            |src| match super::placeholder::read(&src, 0..src.text.len(), lang, &loc) {
                Ok((mut privacy, warnings)) => {
                    diags.extend(warnings);
                    mark_privacy(&mut privacy, &src, &loc);
                    Some(privacy)
                }
                Err(d) => {
                    diags.extend(d);
                    None
                }
            },
        )
        .unwrap_or_default();

    let template_overrides = inv
        .templates
        .iter()
        .filter_map(|rel| {
            let src = SourceFile::read(root, rel)
                .map_err(|d| diags.push(d))
                .ok()?;
            let name = rel
                .strip_prefix("templates")
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some(TemplateSource {
                name,
                rel: src.rel,
                text: src.text,
            })
        })
        .collect();

    // Without a site.yaml that parsed there is no site, but the items are still
    // read, so that their mistakes are reported in the same run.
    let mut site = config.map(|config| Site {
        config,
        pages: Vec::new(),
        partners,
        contacts,
        projects: Vec::new(),
        topics: Vec::new(),
        calls: Vec::new(),
        news: Vec::new(),
        events: Vec::new(),
        documents,
        privacy,
        embeds: Vec::new(),
        image_credits: Vec::new(),
        static_files: inv.statics,
        template_overrides,
        build_date: opts.build_date,
        shared_pages: Vec::new(),
        lang,
    });
    let mut loose = Vec::new();
    for c in Collection::ALL {
        // In another language: the originals that have a translation into it, each
        // with its translation.
        let files: Vec<(PathBuf, Option<PathBuf>)> = match opts.variant {
            None => inv.items[c.index()]
                .iter()
                .map(|f| (f.clone(), None))
                .collect(),
            Some(l) => inv.translations[c.index()]
                .iter()
                .filter(|(_, original, tl)| *tl == l && inv.items[c.index()].contains(original))
                .map(|(tr, original, _)| (original.clone(), Some(tr.clone())))
                .collect(),
        };
        c.visit(ReadItems {
            root,
            files: &files,
            opts,
            lang,
            diags: &mut diags,
            loose: &mut loose,
            main: site
                .as_ref()
                .and_then(|s| s.config.languages.first().copied()),
            site: site.as_mut(),
        });
    }
    let Some(mut site) = site else {
        return Err(with_translations(root, opts, &loc.others, diags));
    };
    let parsed = resolve::Parsed {
        contact_ids,
        document_ids,
        loose,
    };
    resolve::resolve(root, &mut site, parsed, &mut diags);
    if diags.has_errors() {
        Err(with_translations(root, opts, &loc.others, diags))
    } else {
        Ok((site, diags))
    }
}

/// When the main language's reading failed, the other languages are read too, so
/// that the mistakes of the translations are told in the same run (every mistake at
/// once); what the main reading told already is not told twice.
fn with_translations(
    root: &Path,
    opts: &LoadOptions,
    others: &[Language],
    mut diags: Diagnostics,
) -> Diagnostics {
    if opts.variant.is_some() {
        return diags;
    }
    let mut told: std::collections::HashSet<String> =
        diags.iter().map(ToString::to_string).collect();
    for &lang in others {
        let variant = LoadOptions {
            variant: Some(lang),
            ..opts.clone()
        };
        let found = match load(root, &variant) {
            Ok((_, d)) | Err(d) => d,
        };
        for d in found.sorted() {
            if told.insert(d.to_string()) {
                diags.push(d);
            }
        }
    }
    diags
}

/// An output directory inside the site (it has fachwerk's manifest) is not content.
fn is_output_dir(e: &walkdir::DirEntry) -> bool {
    e.file_type().is_dir() && e.path().join(crate::util::files::MANIFEST).exists()
}

fn inventory(root: &Path, lang: Language, loc: &Localize, diags: &mut Diagnostics) -> Inventory {
    let others = &loc.others;
    let mut inv = Inventory::default();
    let walker = WalkDir::new(root)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_ignored(&e.file_name().to_string_lossy()) && !is_output_dir(e));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf());
                let path = path.unwrap_or_default();
                diags.push(unreadable(&path, &std::io::Error::from(e)));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if let Some(skip) = skipped(&entry, &rel, lang) {
            diags.push(skip);
            continue;
        }
        let mut parts = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let first = parts.next().unwrap_or_default();
        let is_md = rel.extension().is_some_and(|e| e == "md");
        let top_level = rel.components().count() == 1;
        if let Some(c) = Collection::of_folder(&first).filter(|_| is_md) {
            match translate::original_of(&rel, others) {
                Some((original, l)) => inv.translations[c.index()].push((rel, original, l)),
                None => {
                    diags.extend(translate::not_a_site_language(&rel, others, loc.main, lang));
                    inv.items[c.index()].push(rel);
                }
            }
            continue;
        }
        match first.as_str() {
            "static" if !top_level => match static_file(root, &entry, &rel) {
                Ok(f) => inv.statics.push(f),
                Err(d) => diags.push(d),
            },
            "templates" if !top_level && rel.extension().is_some_and(|e| e == "html") => {
                inv.templates.push(rel)
            }
            s if is_section(s) && !top_level => diags.push(misplaced(&rel, s, lang)),
            name if top_level && !DATA_FILES.contains(&name) => {
                if let Some(stem) = name.strip_suffix(".yaml").or(name.strip_suffix(".yml")) {
                    let guess = did_you_mean(
                        stem,
                        &["site", "partners", "contacts", "documents", "privacy"],
                    );
                    let msg = Msg::new(Code::FileUnknownDataFile);
                    let msg = match guess {
                        Some(g) => msg
                            .hint("did-you-mean")
                            .arg("suggestion", format!("{g}.yaml")),
                        None => msg.hint("known").arg(
                            "known",
                            Arg::List(DATA_FILES.iter().map(|f| f.to_string()).collect()),
                        ),
                    };
                    diags.push(msg.warning(&rel, lang));
                }
            }
            _ => {}
        }
    }
    inv
}

/// A file in the folder `folder` of a collection (or static/, templates/) that is not
/// what the folder holds. Markdown under another ending (`.MD`, `.markdown`, `.txt`)
/// would silently be missing from the site, so it is an error that says how to name
/// it; anything else (a picture) is a warning.
fn misplaced(rel: &Path, folder: &str, lang: Language) -> Diagnostic {
    let ext = rel
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let text_like = ["md", "markdown", "mdown", "mkd", "txt", "text"].contains(&ext.as_str());
    if Collection::of_folder(folder).is_some() && text_like {
        let name = rel.file_name().unwrap_or_default().to_string_lossy();
        let stem = name.rsplit_once('.').map_or(&*name, |(s, _)| s);
        return Msg::new(Code::FileWrongExtension)
            .arg(
                "ext",
                format!(".{}", rel.extension().unwrap_or_default().to_string_lossy()),
            )
            .arg("folder", folder)
            .arg("suggestion", format!("{stem}.md"))
            .error(rel, lang);
    }
    Msg::new(Code::FileIgnoredInFolder)
        .arg("folder", folder)
        .warning(rel, lang)
}

/// Why an entry of the walk is not read, as a warning: a named pipe, socket or device
/// (reading one would wait forever), or a link to a folder where content is expected
/// (the walk does not follow links to folders; inside static/ they are errors).
fn skipped(entry: &walkdir::DirEntry, rel: &Path, lang: Language) -> Option<Diagnostic> {
    let kind = entry.file_type();
    let (is_file, is_dir) = if kind.is_symlink() {
        match std::fs::metadata(entry.path()) {
            Ok(m) => (m.is_file(), m.is_dir()),
            // A link that points nowhere: reading it names the problem.
            Err(_) => return None,
        }
    } else {
        (kind.is_file(), kind.is_dir())
    };
    // Links to folders matter where content is expected (static/ inside reports them).
    let section = rel
        .components()
        .next()
        .is_some_and(|c| is_section(&c.as_os_str().to_string_lossy()));
    let in_static = rel.starts_with("static") && rel.components().count() > 1;
    if is_dir && section && !in_static {
        Some(Msg::new(Code::FileFolderLink).warning(rel, lang))
    } else if is_dir {
        None
    } else if !is_file {
        Some(Msg::new(Code::FileNotAFile).warning(rel, lang))
    } else {
        None
    }
}

/// A file under static/. A symbolic link must stay inside the site: otherwise a link
/// could publish any file of the machine that builds the site. Its name becomes a path
/// of the output, so it may hold no control characters (a line break in a name would
/// also break the lists of published files).
fn static_file(
    root: &Path,
    entry: &walkdir::DirEntry,
    rel: &Path,
) -> Result<StaticFile, Diagnostic> {
    if let Some(d) = control_in_name(&rel.to_string_lossy()) {
        return Err(d);
    }
    let abs = if entry.file_type().is_symlink() {
        check_link(root, rel, rel, "site")?
    } else {
        entry.path().to_path_buf()
    };
    let meta = std::fs::metadata(&abs).map_err(|e| unreadable(rel, &e))?;
    Ok(StaticFile {
        size: meta.len(),
        abs,
        rel: rel.strip_prefix("static").unwrap_or(rel).to_path_buf(),
    })
}

fn read_yaml(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<SourceFile> {
    if !root.join(name).is_file() {
        return None;
    }
    SourceFile::read(root, Path::new(name))
        .map_err(|d| diags.push(d))
        .ok()
}

/// Reads a list file. When it exists but could not be read, also returns the ids its
/// entries give (as far as its YAML tree shows them; none when it does not parse),
/// so that references into it are still checked and its duplicates reported.
fn read_list<T: DeserializeOwned + JsonSchema + Inherits + 'static>(
    root: &Path,
    name: &str,
    lang: Language,
    loc: &Localize,
    diags: &mut Diagnostics,
) -> (Vec<T>, Option<Vec<String>>) {
    if !root.join(name).is_file() {
        return (Vec::new(), None);
    }
    let Some(src) = read_yaml(root, name, diags) else {
        return (Vec::new(), Some(Vec::new()));
    };
    match super::placeholder::read::<Vec<T>>(&src, 0..src.text.len(), lang, loc) {
        Ok((mut list, warnings)) => {
            diags.extend(warnings);
            if loc.to.is_some() {
                mark_inherited(&mut list, Tree::parse(&src.text).root(), loc);
            }
            (list, None)
        }
        Err(d) => {
            diags.extend(d);
            (Vec::new(), Some(super::loose::ids(&src)))
        }
    }
}

/// Records in each entry of `list` the fields its translation takes over (see
/// [`translate::Inherited`]); `node` is the list as written.
fn mark_inherited<T: Inherits>(list: &mut [T], node: Option<&crate::yaml::Node>, loc: &Localize) {
    let Some(node) = node else {
        return;
    };
    for (entry, inherited) in list.iter_mut().zip(loc.inherited(node)) {
        *entry.inherited_mut() = inherited;
    }
}

/// [`mark_inherited`] for the lists of privacy.yaml: categories, services and each
/// service's cookies.
fn mark_privacy(privacy: &mut Privacy, src: &SourceFile, loc: &Localize) {
    if loc.to.is_none() {
        return;
    }
    let tree = Tree::parse(&src.text);
    let Some(root) = tree.root() else {
        return;
    };
    // A list the translation sets as a whole is in its language.
    if !loc.sets(root, "categories") {
        mark_inherited(&mut privacy.categories, root.get("categories"), loc);
    }
    if loc.sets(root, "services") {
        return;
    }
    let services = root.get("services");
    mark_inherited(&mut privacy.services, services, loc);
    for (i, service) in privacy.services.iter_mut().enumerate() {
        let Some(node) = services.and_then(|s| s.item(i)) else {
            continue;
        };
        if !loc.sets(node, "cookies") {
            mark_inherited(&mut service.cookies, node.get("cookies"), loc);
        }
    }
}

/// Reads the Markdown files of one collection in parallel, into the site when there
/// is one; the mistakes go to `diags`.
struct ReadItems<'a> {
    root: &'a Path,
    /// Each file, with its translation when the site is read in another language.
    files: &'a [(PathBuf, Option<PathBuf>)],
    opts: &'a LoadOptions,
    lang: Language,
    diags: &'a mut Diagnostics,
    /// The references of items that could not be read.
    loose: &'a mut Vec<LooseRef>,
    site: Option<&'a mut Site>,
    /// The main language, whose originals the translations are read over.
    main: Option<Language>,
}

impl Visitor for ReadItems<'_> {
    type Out = ();
    fn visit<T: FrontMatter>(self) {
        let results: Vec<Result<Read<T>, Unread>> = self
            .files
            .par_iter()
            .map(|(rel, tr)| {
                let translation = tr.as_deref().map(|t| (t, self.main));
                read_item::<T>(self.root, rel, translation, self.opts, self.lang)
            })
            .collect();
        let mut out = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok((item, warnings)) => {
                    self.diags.extend(warnings);
                    out.extend(item);
                }
                Err((d, refs)) => {
                    self.diags.extend(d);
                    self.loose.extend(refs);
                }
            }
        }
        if let Some(site) = self.site {
            *T::items_mut(site) = out;
        }
    }
}

/// The mistakes of a file that could not be read, and the references it makes.
type Unread = (Vec<Diagnostic>, Vec<LooseRef>);

/// An item that was read (`None` for a draft left out) and its warnings.
type Read<T> = (Option<Item<T>>, Vec<Diagnostic>);

/// Reads one Markdown file of the collection of `T`: `None` for a draft left out.
/// With a `translation`, the translation's fields are laid over the file's, and its
/// body (unless empty) replaces the file's; the address stays the original's. A
/// body taken over is marked with the language of the original (`main`).
fn read_item<T: FrontMatter>(
    root: &Path,
    rel: &Path,
    translation: Option<(&Path, Option<Language>)>,
    opts: &LoadOptions,
    lang: Language,
) -> Result<Read<T>, Unread> {
    let src = SourceFile::read(root, rel).map_err(|d| (vec![d], Vec::new()))?;
    let fm = split_front_matter(&src).map_err(|code| {
        let d = Msg::new(code).error(rel, lang).at(&src.text, 1, 1);
        (vec![d], Vec::new())
    })?;
    let tr_src = translation
        .map(|(t, _)| SourceFile::read(root, t).map_err(|d| (vec![d], Vec::new())))
        .transpose()?;
    let tr = match &tr_src {
        Some(t) => Some((
            t,
            split_front_matter(t).map_err(|code| {
                let d = Msg::new(code).error(&t.rel, lang).at(&t.text, 1, 1);
                (vec![d], Vec::new())
            })?,
        )),
        None => None,
    };
    let main = translation.and_then(|(_, m)| m).unwrap_or_default();
    let (data, warnings, inherited): (T, _, _) = match &tr {
        None => super::placeholder::read(&src, fm.range.clone(), lang, &Localize::default())
            .map(|(data, warnings)| (data, warnings, translate::Inherited::new()))
            .map_err(|d| (d, super::loose::refs(&src, fm.range.clone())))?,
        Some((t, tfm)) => translate::read_over(&src, fm.range.clone(), t, tfm, lang, main)
            .map_err(|d| (d, Vec::new()))?,
    };
    // The translation's body, unless it has none.
    let (body, body_line, source, hash_text, text) = match &tr {
        Some((t, tfm)) if !tfm.body.trim().is_empty() => {
            (tfm.body, tfm.body_line, t.rel.clone(), tfm.yaml, &t.text)
        }
        Some((_, tfm)) => (
            fm.body,
            fm.body_line,
            rel.to_path_buf(),
            tfm.yaml,
            &src.text,
        ),
        None => (fm.body, fm.body_line, rel.to_path_buf(), fm.yaml, &src.text),
    };
    let (body, body_at) = if opts.keep_bodies {
        (body.to_string(), None)
    } else {
        (String::new(), Some(BodyAt::of(text, body)))
    };
    let body_lang = match (&tr, translation) {
        (Some((_, tfm)), Some((_, main))) if tfm.body.trim().is_empty() => main,
        _ => None,
    };
    let scheduled = data.publish_on().filter(|day| *day > opts.build_date);
    if (data.is_draft() && !opts.drafts) || (scheduled.is_some() && !opts.drafts && !opts.scheduled)
    {
        return Ok((None, warnings));
    }
    let (url, slug) = address::<T>(rel, lang)?;
    let item = Item {
        data,
        core: ItemCore {
            slug,
            url,
            content: String::new(),
            body,
            body_at,
            body_line,
            source,
            front_hash: front_hash(hash_text),
            embeds: Vec::new(),
            images: Vec::new(),
            text: String::new(),
            outline: Vec::new(),
            scheduled,
            body_lang,
            inherited,
            html_later: false,
        },
    };
    Ok((Some(item), warnings))
}

/// The address of the item of `T` in `rel` and its slug (its last part).
fn address<T: FrontMatter>(rel: &Path, lang: Language) -> Result<(String, String), Unread> {
    let url = if T::COLLECTION.listing().is_none() {
        page_url(rel)
    } else {
        let slug = slugify(&rel.file_stem().unwrap_or_default().to_string_lossy());
        if slug.is_empty() {
            return Err((
                vec![Msg::new(Code::ContentNoAddress).error(rel, lang)],
                Vec::new(),
            ));
        }
        routes::item_url(T::COLLECTION, &slug)
    };
    let slug = url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string();
    Ok((url, slug))
}

/// A hash of a front matter's text, to tell whether an edit changed it.
pub(crate) fn front_hash(yaml: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    yaml.hash(&mut h);
    h.finish()
}

/// pages/ueber-uns.md → /ueber-uns/, pages/themen/index.md → /themen/, pages/index.md → /.
fn page_url(rel: &Path) -> String {
    let inner = rel.strip_prefix("pages").unwrap_or(rel).with_extension("");
    let mut url = String::from("/");
    let parts: Vec<String> = inner
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() && part == "index" {
            break;
        }
        let s = slugify(part);
        if !s.is_empty() {
            url.push_str(&s);
            url.push('/');
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::page_url;
    use std::path::Path;

    #[test]
    fn page_urls_follow_paths() {
        assert_eq!(page_url(Path::new("pages/index.md")), "/");
        assert_eq!(page_url(Path::new("pages/Über uns.md")), "/ueber-uns/");
        assert_eq!(page_url(Path::new("pages/themen/index.md")), "/themen/");
        assert_eq!(page_url(Path::new("pages/themen/mint.md")), "/themen/mint/");
    }
}
