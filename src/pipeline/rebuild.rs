//! What an edit needs: decided first from the changed paths alone ([`classify`]),
//! then by how far an incremental step gets ([`Rebuild`]).

use crate::content::collection::Collection;
use std::path::{Path, PathBuf};

/// What the changed paths are, seen from the paths alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Changed {
    /// Nothing named: the first build, or a forced one.
    Nothing,
    /// Only Markdown files of the collections (existing, new or deleted): the model
    /// can be loaded again and only what changed rendered.
    Items,
    /// Anything else (YAML files, templates, static files, the theme, a path outside
    /// the site): everything is built again.
    Other,
}

/// Classifies the changed paths (absolute, or relative to the current directory
/// like `root`) of the site in `root`.
pub(crate) fn classify(root: &Path, changed: &[PathBuf]) -> Changed {
    if changed.is_empty() {
        Changed::Nothing
    } else if changed.iter().all(|p| is_item_file(root, p)) {
        Changed::Items
    } else {
        Changed::Other
    }
}

/// True for a Markdown file in one of the collections' folders of the site.
fn is_item_file(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let first = rel.components().next().and_then(|c| c.as_os_str().to_str());
    first.is_some_and(|f| Collection::of_folder(f).is_some())
        && rel.extension().is_some_and(|e| e == "md")
}

/// How far an incremental step got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rebuild {
    /// Done: this many pages were made again.
    Rendered(usize),
    /// The edit changed more than bodies (front matter, the embeds the site uses,
    /// files added or deleted): the model must be loaded again.
    NeedsReload,
    /// Only a full build can follow the edit.
    NeedsFull,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_paths_are_classified_by_what_they_are() {
        let root = Path::new("/site");
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(classify(root, &[]), Changed::Nothing);
        assert_eq!(
            classify(root, &[p("/site/projects/a.md"), p("/site/pages/x/y.md")]),
            Changed::Items
        );
        assert_eq!(classify(root, &[p("/site/news/neu.md")]), Changed::Items);
        for other in [
            "/site/projects/a.md.swp",
            "/site/static/a.md",
            "/site/site.yaml",
            "/site/templates/page.html",
            "/elsewhere/projects/a.md",
            "/site/a.md",
        ] {
            assert_eq!(
                classify(root, &[p("/site/projects/a.md"), p(other)]),
                Changed::Other,
                "{other}"
            );
        }
    }
}
