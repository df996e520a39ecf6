//! The address the site is published under, parsed and checked once.
//!
//! site.yaml's `base_url` (or `--base-url`, or the preview's local address) becomes a
//! [`BaseUrl`]; every stage asks it what it needs instead of taking the text apart
//! again: the canonical and Open Graph addresses ([`BaseUrl::absolute`]), the host
//! that makes a link external ([`BaseUrl::host`]), the path prefix that root-relative
//! URLs move under ([`BaseUrl::prefix`]), the calendar subscription
//! ([`BaseUrl::webcal`]) and the UIDs of the calendars ([`BaseUrl::without_scheme`]).

use crate::diagnostic::{Arg, Word};
use crate::util::url::host_of;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An absolute `http://` or `https://` address with a host, ending in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// The address, normalised: lower-case scheme, a trailing `/`.
    url: String,
}

impl BaseUrl {
    /// Checks a base URL: an absolute `http://` or `https://` URL with a host, no user
    /// name, query or fragment, and nothing a URL cannot hold as it stands
    /// (whitespace, control characters, quotes, `<`, `>`, `\`, non-ASCII). It goes
    /// unescaped into robots.txt, feeds, calendars and every canonical link, so a line
    /// break or a quote there would break those files. The error says what is wrong
    /// in words of the catalogue (`url-space`, …), for the message that quotes it.
    pub(crate) fn parse(url: &str) -> Result<BaseUrl, Arg> {
        normalize(url).map(|url| BaseUrl { url })
    }

    /// The address as normalised, ending in `/`.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The address without its trailing `/`, which root-relative URLs follow.
    fn root(&self) -> &str {
        self.url.trim_end_matches('/')
    }

    /// The absolute form of a root-relative URL (`/projekte/` →
    /// `https://host/sub/projekte/`).
    pub(crate) fn absolute(&self, root_relative: &str) -> String {
        format!("{}{root_relative}", self.root())
    }

    /// A URL as an absolute URL under the base URL (`/images/a.svg` or
    /// `images/a.svg` → `https://host/sub/images/a.svg`); absolute URLs stay as they
    /// are.
    pub(crate) fn resolve(&self, url: &str) -> String {
        if url.contains("://") {
            url.to_string()
        } else {
            format!("{}/{}", self.root(), url.trim_start_matches('/'))
        }
    }

    /// The host (and port), lower-case: links to it are the site's own.
    pub(crate) fn host(&self) -> String {
        host_of(&self.url).unwrap_or_default()
    }

    /// The path without its trailing `/`: `""` for a site at the root of its host,
    /// `/fachkraefteallianz` under a sub-path. Root-relative URLs move under it.
    pub(crate) fn prefix(&self) -> &str {
        let rest = self.url.split_once("://").map_or(&*self.url, |(_, r)| r);
        rest.find('/')
            .map_or("", |i| &rest[i..])
            .trim_end_matches('/')
    }

    /// Host and path without the scheme (`host/sub`): the calendars' UIDs end in it,
    /// so that two alliances under one host never share one.
    pub(crate) fn without_scheme(&self) -> &str {
        let root = self.root();
        root.split_once("://").map_or(root, |(_, rest)| rest)
    }

    /// The `webcal://` address of a root-relative file, which calendar programs open
    /// as a subscription.
    pub(crate) fn webcal(&self, root_relative: &str) -> String {
        format!("webcal://{}{root_relative}", self.without_scheme())
    }
}

/// site.yaml's `base_url` as written: [`super::config::load`] checks it before
/// anything else sees it (and a build with a bad one fails there).
impl<'de> Deserialize<'de> for BaseUrl {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        String::deserialize(de).map(|url| BaseUrl { url })
    }
}

/// Templates see the address as text (`site.config.base_url`).
impl Serialize for BaseUrl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.url)
    }
}

/// In the JSON Schema of site.yaml, a text.
impl JsonSchema for BaseUrl {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

/// [`BaseUrl::parse`]: the address with a trailing `/`, or what is wrong with it.
fn normalize(url: &str) -> Result<String, Arg> {
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(match c {
            ' ' => Arg::Word(Word::UrlSpace),
            '\n' | '\r' => Arg::Word(Word::UrlLineBreak),
            '\t' => Arg::Word(Word::UrlTab),
            c => problem(Word::UrlInvisible, "code", format!("{:04X}", c as u32)),
        });
    }
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return Err(Arg::Word(Word::UrlNoScheme));
    };
    if let Some(c) = url.chars().find(|c| !c.is_ascii()) {
        return Err(problem(Word::UrlNonAscii, "char", c.to_string()));
    }
    if let Some(c) = rest.chars().find(|c| "\"'<>\\^`{|}".contains(*c)) {
        return Err(problem(Word::UrlBadChar, "char", c.to_string()));
    }
    if rest.contains(['?', '#']) {
        return Err(Arg::Word(Word::UrlQuery));
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.contains('@') {
        return Err(Arg::Word(Word::UrlUser));
    }
    let (host, port) = match authority.find(']') {
        Some(end) if authority.starts_with('[') => {
            let (h, after) = authority.split_at(end + 1);
            (
                h,
                (!after.is_empty()).then(|| after.strip_prefix(':').unwrap_or(after)),
            )
        }
        _ => match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        },
    };
    let host_ok = if let Some(v6) = host.strip_prefix('[') {
        v6.strip_suffix(']')
            .is_some_and(|a| a.parse::<std::net::Ipv6Addr>().is_ok())
    } else {
        // A trailing dot (a fully qualified name) is allowed.
        let name = host.strip_suffix('.').unwrap_or(host);
        !name.is_empty()
            && name.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
    };
    if !host_ok {
        return Err(if host.is_empty() {
            Arg::Word(Word::UrlNoHost)
        } else {
            problem(Word::UrlBadHost, "host", host.to_string())
        });
    }
    if let Some(p) = port
        && !(p.is_empty() || p.parse::<u16>().is_ok_and(|n| n > 0))
    {
        return Err(problem(Word::UrlBadPort, "port", p.to_string()));
    }
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return Err(Arg::Word(Word::UrlDots));
    }
    let scheme = if lower.starts_with("https://") {
        "https://"
    } else {
        "http://"
    };
    let slash = if path.ends_with('/') { "" } else { "/" };
    Ok(format!("{scheme}{rest}{slash}"))
}

/// A problem of an address that names what it is about (`host`, …).
fn problem(word: Word, name: &'static str, value: String) -> Arg {
    Arg::Phrase(word, vec![(name, value)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_absolute_web_addresses() {
        for (ok, want) in [
            ("https://fk.example.org", "https://fk.example.org/"),
            ("HTTPS://fk.example.org/a/b", "https://fk.example.org/a/b/"),
            ("http://127.0.0.1:1111/", "http://127.0.0.1:1111/"),
            ("http://[::1]:8/", "http://[::1]:8/"),
            ("http://[::1]", "http://[::1]/"),
            (
                "https://www.landkreis.de/fachkr%C3%A4fte/",
                "https://www.landkreis.de/fachkr%C3%A4fte/",
            ),
            (
                "https://xn--fachkrfte-v2a.de./",
                "https://xn--fachkrfte-v2a.de./",
            ),
        ] {
            assert_eq!(
                BaseUrl::parse(ok).as_ref().map(BaseUrl::as_str),
                Ok(want),
                "{ok}"
            );
        }
        for (bad, why) in [
            ("https://x.example.org/\nDisallow: /", "line break"),
            ("https://x.example.org/ a", "space"),
            ("https://x.example.org/\u{7}", "U+0007"),
            ("https://x.example.org/\u{85}", "U+0085"),
            ("fk.example.org", "https://"),
            ("ftp://fk.example.org/", "https://"),
            ("javascript:alert(1)", "https://"),
            ("https://", "no host"),
            ("https:///pfad/", "no host"),
            ("https://a..b/", "not a host name"),
            ("https://-a.de/", "not a host name"),
            ("https://a_b.de/", "not a host name"),
            ("https://a.de:99999/", "port"),
            ("https://a.de:x/", "port"),
            ("https://[::g]/", "not a host name"),
            ("https://user@a.de/", "user name"),
            ("https://a.de/?x=1", "query"),
            ("https://a.de/#top", "fragment"),
            ("https://a.de/\"><script>", "`\"`"),
            ("https://a.de/a'b", "`'`"),
            ("https://a.de/a\\b", "`\\`"),
            ("https://a.de/../b/", "`..`"),
            ("https://fachkräfte.de/", "xn--"),
        ] {
            let err = BaseUrl::parse(bad).expect_err(bad);
            let err = crate::messages::catalogue(crate::messages::Language::En).arg(&err);
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn the_parts_of_a_base_url() {
        let root = BaseUrl::parse("HTTPS://FK.example.org").unwrap();
        assert_eq!(root.as_str(), "https://FK.example.org/");
        assert_eq!(root.host(), "fk.example.org");
        assert_eq!(root.prefix(), "");
        assert_eq!(
            root.absolute("/projekte/"),
            "https://FK.example.org/projekte/"
        );
        let sub = BaseUrl::parse("https://www.landkreis.de:8443/fka").unwrap();
        assert_eq!(sub.host(), "www.landkreis.de:8443");
        assert_eq!(sub.prefix(), "/fka");
        assert_eq!(sub.absolute("/"), "https://www.landkreis.de:8443/fka/");
        assert_eq!(
            sub.resolve("images/a.svg"),
            "https://www.landkreis.de:8443/fka/images/a.svg"
        );
        assert_eq!(
            sub.resolve("https://cdn.example.org/a.svg"),
            "https://cdn.example.org/a.svg"
        );
        assert_eq!(sub.without_scheme(), "www.landkreis.de:8443/fka");
        assert_eq!(
            sub.webcal("/termine/termine.ics"),
            "webcal://www.landkreis.de:8443/fka/termine/termine.ics"
        );
    }
}
