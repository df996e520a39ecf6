//! Machine-readable files next to the pages: sitemap.xml (with `lastmod` from the
//! content's dates), robots.txt, the Atom feed of the news (RFC 4287), an iCalendar
//! file per event and one of all upcoming events (RFC 5545).
//!
//! Every URL in them is absolute and built from the base URL, path included, so a
//! site under a sub-path has its feeds under it too.

use crate::content::base_url::BaseUrl;
use crate::content::collection::Collection;
use crate::content::model::{Event, Item, Site};
use crate::content::routes::{self, Feed, Translations};
use crate::util::date::{Date, DateTime};
use crate::util::files::{Content, OutputFile};
use std::collections::BTreeMap;
use std::fmt::Write;

/// All generated non-HTML files of the site.
pub(crate) fn generate(site: &Site) -> Vec<OutputFile> {
    let base = &site.config.base_url;
    let sitemap_url = base.absolute(&format!("/{}", Feed::SITEMAP));
    let mut out = vec![
        bytes(Feed::SITEMAP, sitemap(site, base)),
        bytes(
            Feed::ROBOTS,
            format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"),
        ),
        bytes(&Feed::news(), atom(site, base)),
    ];
    for e in &site.events {
        out.push(bytes(
            &Feed::event(&e.slug),
            calendar(&[e], base, site, None),
        ));
    }
    let mut upcoming: Vec<&Item<Event>> = site.events.iter().filter(|e| e.data.upcoming).collect();
    upcoming.sort_by(|a, b| (a.data.start, &a.slug).cmp(&(b.data.start, &b.slug)));
    out.push(bytes(
        &Feed::all_events(),
        calendar(&upcoming, base, site, Some(&site.config.title)),
    ));
    out
}

fn bytes(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        content: Content::Bytes(text.into_bytes()),
    }
}

/// Escapes text for XML content and attribute values, and drops the characters
/// XML 1.0 does not allow (control characters, noncharacters): the loader refuses
/// them already, so this only keeps the feed well-formed whatever comes in.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if crate::yaml::is_forbidden_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Every page URL of the site, for the sitemap.
fn page_urls(site: &Site) -> Vec<String> {
    let mut urls: Vec<String> = routes::generated_pages().map(String::from).collect();
    for c in Collection::ALL {
        urls.extend(site.cores(c).into_iter().map(|i| i.url.clone()));
    }
    urls.extend(site.topics.iter().map(|t| t.url.clone()));
    urls.sort();
    urls.dedup();
    urls
}

/// The day after `d`.
fn next_day(d: Date) -> Date {
    Date::from_days_since_epoch(d.days_since_epoch() + 1)
}

/// When each page last changed, as far as the content tells: a news item on its
/// date, a call when published and again the day after its deadline (it shows
/// "closed" from then on), an event the day after it ended (it moves to the past),
/// the documents page with its newest document, the accessibility statement on its
/// last review, and a listing when its newest entry changed. Pages without any
/// content date get no `lastmod`: the build date would claim a change every night.
fn lastmods(site: &Site) -> BTreeMap<String, Date> {
    let mut m: BTreeMap<String, Date> = BTreeMap::new();
    let mut note = |url: &str, d: Option<Date>| {
        if let Some(d) = d.filter(|d| *d <= site.build_date) {
            let e = m.entry(url.to_string()).or_insert(d);
            *e = (*e).max(d);
        }
    };
    let listing = |c: Collection| c.listing().map_or(routes::HOME.url, |l| l.url);
    for n in &site.news {
        for url in [n.url.as_str(), listing(Collection::News), routes::HOME.url] {
            note(url, Some(n.data.date));
        }
    }
    for c in &site.calls {
        let closed = next_day(c.data.deadline);
        for url in [c.url.as_str(), listing(Collection::Call), routes::HOME.url] {
            note(url, c.data.published);
            note(url, Some(closed));
        }
    }
    for e in &site.events {
        let over = next_day(e.data.end.unwrap_or(e.data.start).date);
        for url in [e.url.as_str(), listing(Collection::Event), routes::HOME.url] {
            note(url, Some(over));
        }
    }
    for d in &site.documents {
        note(routes::DOCUMENTS.url, d.date);
    }
    if let Some(a) = &site.config.accessibility {
        note(
            routes::BARRIEREFREIHEIT.url,
            a.last_reviewed.or(a.prepared_on),
        );
    }
    m
}

/// The sitemap of a site in several languages (`sites`, the main language's first):
/// every page of each language, with an `xhtml:link` to each of its versions and
/// `x-default` to the main language's.
pub(crate) fn sitemap_languages(sites: &[&Site], t: &Translations) -> OutputFile {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for site in sites {
        let lastmod = lastmods(site);
        for url in page_urls(site) {
            let loc = xml(&site.config.base_url.absolute(&url));
            let _ = write!(s, "  <url><loc>{loc}</loc>");
            if let Some(d) = lastmod.get(&url) {
                let _ = write!(s, "<lastmod>{d}</lastmod>");
            }
            let versions = t.versions(&url, site.config.language);
            for (lang, href) in &versions {
                let _ = write!(
                    s,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    lang.code(),
                    xml(href)
                );
            }
            if let Some((_, main)) = versions.first() {
                let _ = write!(
                    s,
                    "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    xml(main)
                );
            }
            s.push_str("</url>\n");
        }
    }
    s.push_str("</urlset>\n");
    bytes(Feed::SITEMAP, s)
}

fn sitemap(site: &Site, base: &BaseUrl) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let lastmod = lastmods(site);
    for url in page_urls(site) {
        let loc = xml(&base.absolute(&url));
        match lastmod.get(&url) {
            Some(d) => {
                let _ = writeln!(s, "  <url><loc>{loc}</loc><lastmod>{d}</lastmod></url>");
            }
            None => {
                let _ = writeln!(s, "  <url><loc>{loc}</loc></url>");
            }
        }
    }
    s.push_str("</urlset>\n");
    s
}

fn atom(site: &Site, base: &BaseUrl) -> String {
    let base = &xml(&base.absolute(""));
    let news = Collection::News
        .listing()
        .map_or(routes::HOME.url, |l| l.url);
    let feed = Feed::news();
    let updated = site.news.first().map_or(site.build_date, |n| n.data.date);
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        s,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{title}</title>\n  <id>{base}{news}</id>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{base}{news}\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/{feed}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{author}</name></author>\n",
        lang = site.config.language.code(),
        title = xml(&site.config.title),
        author = xml(&site.config.operator.name),
    );
    for n in &site.news {
        let _ = write!(
            s,
            "  <entry>\n    <title>{}</title>\n    <id>{base}{url}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{base}{url}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            xml(&n.data.title),
            n.data.date,
            xml(&n.data.summary),
            url = xml(&n.url),
        );
    }
    s.push_str("</feed>\n");
    s
}

/// Europe/Berlin with the EU's daylight-saving rules, as RFC 5545 asks for TZID.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// Escapes a TEXT value (RFC 5545, 3.3.11), and drops the control characters it may
/// not hold (the loader refuses them already; tab stays, line breaks become `\n`).
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c if crate::yaml::is_forbidden_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn ics_time(name: &str, t: DateTime, all_day_end: bool) -> String {
    let d = t.date;
    match t.time {
        Some((h, m)) => format!(
            "{name};TZID=Europe/Berlin:{:04}{:02}{:02}T{h:02}{m:02}00",
            d.year, d.month, d.day
        ),
        None => {
            // An all-day DTEND is exclusive: the day after.
            let d = if all_day_end {
                crate::util::date::Date::from_days_since_epoch(d.days_since_epoch() + 1)
            } else {
                d
            };
            format!("{name};VALUE=DATE:{:04}{:02}{:02}", d.year, d.month, d.day)
        }
    }
}

/// Folds content lines at 75 octets (RFC 5545, 3.1), never inside a character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for ch in line.chars() {
        if len + ch.len_utf8() > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(ch);
        len += ch.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// The content lines of one event.
fn vevent(e: &Item<Event>, base: &BaseUrl, stamp: Date) -> Vec<String> {
    // UIDs end in host and path, so that two alliances under one host never share one.
    let mut lines = vec![
        format!("UID:{}@{}", e.slug, base.without_scheme()),
        format!(
            "DTSTAMP:{:04}{:02}{:02}T000000Z",
            stamp.year, stamp.month, stamp.day
        ),
        ics_time("DTSTART", e.data.start, false),
    ];
    let end = e.data.end.unwrap_or(e.data.start);
    lines.push(ics_time("DTEND", end, end.time.is_none()));
    lines.push(format!("SUMMARY:{}", ics_text(&e.data.title)));
    if let Some(loc) = &e.data.location {
        lines.push(format!("LOCATION:{}", ics_text(loc)));
    }
    if let Some(s) = &e.data.summary {
        lines.push(format!("DESCRIPTION:{}", ics_text(s)));
    }
    lines.push(format!("URL:{}", base.absolute(&e.url)));
    lines
}

/// A calendar of `events`. `name` titles a calendar meant for subscribing (RFC 7986
/// NAME, and X-WR-CALNAME, which more programs show). A calendar needs at least one
/// component (RFC 5545, 3.4), so the one of all events always carries the time zone,
/// even when no event is upcoming.
fn calendar(events: &[&Item<Event>], base: &BaseUrl, site: &Site, name: Option<&str>) -> String {
    let mut s = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//fachwerk//fachwerk//DE\r\nCALSCALE:GREGORIAN\r\n",
    );
    if let Some(name) = name {
        s.push_str(&fold(&format!("NAME:{}", ics_text(name))));
        s.push_str(&fold(&format!("X-WR-CALNAME:{}", ics_text(name))));
        s.push_str("X-WR-TIMEZONE:Europe/Berlin\r\n");
    }
    if name.is_some() || events.iter().any(|e| e.data.start.time.is_some()) {
        s.push_str(VTIMEZONE);
    }
    for e in events {
        s.push_str("BEGIN:VEVENT\r\n");
        for l in vevent(e, base, site.build_date) {
            s.push_str(&fold(&l));
        }
        s.push_str("END:VEVENT\r\n");
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

#[cfg(test)]
mod tests {
    use super::{fold, ics_text, xml};

    #[test]
    fn text_for_xml_and_calendars_loses_what_they_cannot_hold() {
        let nasty = "A\u{0}B\u{7}C\u{1b}D\u{7f}E\u{85}F\u{fffe}G\rH\tI\nJ&<\"";
        assert_eq!(xml(nasty), "ABCDEFGH\tI\nJ&amp;&lt;&quot;");
        assert_eq!(ics_text(nasty), "ABCDEFGH\tI\\nJ&<\"");
        assert_eq!(ics_text("a;b,c\\d"), "a\\;b\\,c\\\\d");
    }

    #[test]
    fn folding_keeps_lines_short_and_characters_whole() {
        let line = format!("SUMMARY:{}", "Fachkräftetag ".repeat(10));
        let folded = fold(&line);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{line}\r\n"));
    }
}
