//! Splitting a Markdown file into its YAML front matter and its body.

use crate::diagnostic::Code;
use crate::util::source::SourceFile;
use std::ops::Range;

/// A Markdown file split at its front matter.
#[derive(Debug)]
pub(crate) struct FrontMatter<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// The bytes of the file that hold `yaml`, so that the YAML layer places its
    /// findings in the file, not in the front matter.
    pub range: Range<usize>,
}

/// Splits `---\nyaml\n---\nbody`. A file without front matter is an error (its
/// catalogue code; it stands at the file's first line): every content file needs at
/// least a title.
pub(crate) fn split_front_matter(src: &SourceFile) -> Result<FrontMatter<'_>, Code> {
    let text = src.text.as_str();
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Code::ContentNoFrontMatter);
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for (i, line) in text[offset..].split_inclusive('\n').enumerate() {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body_start = offset + line.len();
            return Ok(FrontMatter {
                yaml: &text[yaml_start..offset],
                body: &text[body_start..],
                body_line: i + 3,
                range: yaml_start..offset,
            });
        }
        offset += line.len();
    }
    Err(Code::ContentFrontMatterNotClosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceFile {
        SourceFile::from_bytes("a.md".into(), text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn strips_bom_and_crlf() {
        let s = src("\u{feff}---\r\ntitle: A\r\n---\r\nText\r\n");
        let fm = split_front_matter(&s).unwrap();
        assert_eq!(fm.yaml, "title: A\n");
        assert_eq!(fm.body, "Text\n");
        assert_eq!(fm.body_line, 4);
        assert_eq!(&s.text[fm.range], "title: A\n");
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert_eq!(
            split_front_matter(&src("# Hi\n")).unwrap_err(),
            Code::ContentNoFrontMatter
        );
        assert_eq!(
            split_front_matter(&src("---\ntitle: x\n")).unwrap_err(),
            Code::ContentFrontMatterNotClosed
        );
        let file = src("---\n---\n");
        let empty = split_front_matter(&file).unwrap();
        assert_eq!((empty.yaml, empty.body), ("", ""));
    }
}
