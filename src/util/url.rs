//! URL helpers every stage uses: the percent-encoded URL path of a file, decoding
//! such a path again, and the host of an absolute URL.

/// Bytes a path keeps as they are: RFC 3986's unreserved characters, sub-delimiters,
/// `:`, `@` and `/`. Everything else (space, `%`, `"`, `#`, `?`, `<`, `>`, `\\`,
/// non-ASCII, …) is percent-encoded, as the URL standard asks for a path.
const PATH_KEEPS: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@')
    .remove(b'/');

/// The URL path of a file of the output, `/`-separated and relative to the root
/// (`docs/Bericht 2024.pdf` → `/docs/Bericht%202024.pdf`): every URL fachwerk writes
/// for a file of `static/` goes through here, so that file names with spaces,
/// umlauts, `%` or `#` give valid links that lead to the file.
pub(crate) fn file_url(path: &str) -> String {
    format!(
        "/{}",
        percent_encoding::utf8_percent_encode(path, PATH_KEEPS)
    )
}

/// Decodes `%C3%A4` escapes (invalid ones stay as written, invalid UTF-8 becomes
/// U+FFFD): what a server makes of a URL path.
pub(crate) fn decode(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('%') {
        percent_encoding::percent_decode_str(s).decode_utf8_lossy()
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// `https://www.example.org:8080/x` → `www.example.org:8080`.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    Some(host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_percent_encoded_and_decode_back() {
        for (path, url) in [
            ("docs/konzept.pdf", "/docs/konzept.pdf"),
            ("docs/Bericht 2024.pdf", "/docs/Bericht%202024.pdf"),
            (
                "docs/Übersicht Förderung.pdf",
                "/docs/%C3%9Cbersicht%20F%C3%B6rderung.pdf",
            ),
            ("docs/A & B's (1).pdf", "/docs/A%20&%20B's%20(1).pdf"),
            ("docs/100%#1?.pdf", "/docs/100%25%231%3F.pdf"),
            ("docs/a\"<b>\\.pdf", "/docs/a%22%3Cb%3E%5C.pdf"),
        ] {
            assert_eq!(file_url(path), url);
            assert_eq!(decode(&url[1..]), path);
        }
        assert_eq!(decode("%zz%C3"), "%zz\u{fffd}");
    }

    #[test]
    fn hosts_of_absolute_urls() {
        assert_eq!(
            host_of("https://WWW.Example.org:8080/x").as_deref(),
            Some("www.example.org:8080")
        );
        assert_eq!(
            host_of("//cdn.example.org/a").as_deref(),
            Some("cdn.example.org")
        );
        assert_eq!(host_of("/projekte/"), None);
    }
}
