//! Checks that need the whole site: references between files (contact and document
//! ids, service categories), files under static/ that content points to, two files
//! that would make the same URL; and the derived fields (resolved contacts, topic
//! pages, open calls, upcoming events, sorting).

use super::collection::Collection;
use super::front_matter::split_front_matter;
use super::loose::LooseRef;
use super::model::*;
use super::routes;
use crate::content::format;
use crate::diagnostic::{
    Arg, Code, Diagnostic, Diagnostics, Word, did_you_mean, did_you_mean_path,
};
use crate::messages::{Language, Msg};
use crate::util::slug::slugify;
use crate::util::source::SourceFile;
use crate::yaml::{Node, Pos, Tree, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Finds where a reference was written, reading a file only when a finding needs it.
struct Locator<'a> {
    root: &'a Path,
    files: HashMap<PathBuf, Option<SourceFile>>,
    /// Paths of the files under static/, `/`-separated.
    statics: HashSet<String>,
    /// The language of the messages.
    lang: Language,
}

impl Locator<'_> {
    /// A path to a file under static/ must exist; it becomes a root-relative URL.
    fn static_url(&mut self, rel: &Path, key: &str, value: &mut String) -> Result<(), Diagnostic> {
        let file = static_rel(value);
        if self.statics.contains(&file) {
            *value = crate::util::url::file_url(&file);
            return Ok(());
        }
        let known: Vec<&str> = self.statics.iter().map(String::as_str).collect();
        let msg = missing_file(value, &file, &known);
        Err(self.error(rel, key, &value.clone(), msg))
    }

    /// The file `rel`, read once.
    fn source(&mut self, rel: &Path) -> Option<&SourceFile> {
        let root = self.root;
        self.files
            .entry(rel.to_path_buf())
            .or_insert_with(|| SourceFile::read(root, rel).ok())
            .as_ref()
    }

    /// An error at the first place `key: value` is written in `rel`.
    fn error(&mut self, rel: &Path, key: &str, value: &str, msg: Msg) -> Diagnostic {
        self.error_nth(rel, (key, value, 0), msg)
    }

    /// An error at the `n`th place (from 0) `key: value` is written in `rel`
    /// (a duplicate is reported where it repeats, not where it first stands).
    fn error_nth(
        &mut self,
        rel: &Path,
        (key, value, n): (&str, &str, usize),
        msg: Msg,
    ) -> Diagnostic {
        let root = self.root;
        let lang = self.lang;
        let src = self
            .files
            .entry(rel.to_path_buf())
            .or_insert_with(|| SourceFile::read(root, rel).ok());
        match src {
            Some(src) => {
                let at = find(src, key, value, n);
                msg.error(rel, lang).at(&src.text, at.line, at.column)
            }
            None => msg.error(rel, lang),
        }
    }
}

/// Where `key: value` is written in `src` (its YAML, or the front matter of a
/// Markdown file) for the `n`th time: the value, or the entry of a list under the
/// key that is `value`; with an empty `value`, the key. Where it is not written
/// that often, the last place found, else the key alone, else the start of the YAML.
/// The file is parsed again here: only findings need it.
fn find(src: &SourceFile, key: &str, value: &str, n: usize) -> Pos {
    let range = match split_front_matter(src) {
        Ok(fm) if src.rel.extension().is_some_and(|e| e == "md") => fm.range,
        _ => 0..src.text.len(),
    };
    let tree = Tree::parse_part(&src.text, range);
    let mut places = Vec::new();
    let mut key_only = None;
    if let Some(root) = tree.root() {
        search(root, key, value, &mut places, &mut key_only);
    }
    places
        .get(n)
        .or(places.last())
        .copied()
        .or(key_only)
        .unwrap_or_else(|| tree.start())
}

/// Collects, in source order, the places of `key: value` below `node`.
fn search(node: &Node, key: &str, value: &str, places: &mut Vec<Pos>, key_only: &mut Option<Pos>) {
    match &node.value {
        Value::Map(entries) => {
            for e in entries {
                if e.key.as_str() == Some(key) {
                    key_only.get_or_insert(e.key.span.start);
                    if value.is_empty() {
                        places.push(e.key.span.start);
                    } else if e.value.as_str() == Some(value) {
                        places.push(e.value.span.start);
                    } else if let Value::List(items) = &e.value.value {
                        places.extend(
                            items
                                .iter()
                                .filter(|i| i.as_str() == Some(value))
                                .map(|i| i.span.start),
                        );
                    }
                }
                search(&e.value, key, value, places, key_only);
            }
        }
        Value::List(items) => {
            for i in items {
                search(i, key, value, places, key_only);
            }
        }
        Value::Scalar(_) | Value::Null => {}
    }
}

/// The message for a path to a file under static/ that does not exist: `value` as
/// written, `file` relative to static/, `known` the files there.
fn missing_file(value: &str, file: &str, known: &[&str]) -> Msg {
    let msg = Msg::new(Code::FileMissing).arg("value", value);
    match did_you_mean_path(file, known) {
        Some(g) => msg.hint("did-you-mean").arg("suggestion", g),
        None => msg.hint("put-there").arg("file", file),
    }
}

/// The message for a reference to an id that does not exist.
fn unknown_ref(code: Code, id: &str, known: &[&str]) -> Msg {
    if let Some(msg) = smart_quoted(id) {
        return msg;
    }
    let msg = Msg::new(code).arg("id", id);
    match did_you_mean(id, known) {
        Some(g) => msg.hint("did-you-mean").arg("suggestion", g),
        None if known.is_empty() => msg.hint("add"),
        None => msg.hint("known").arg(
            "known",
            Arg::List(known.iter().map(|k| k.to_string()).collect()),
        ),
    }
}

/// An id written in typographic quotes (`„anna“`, pasted from a word processor): the
/// quotes are part of the text, so no id matches; named as such.
fn smart_quoted(id: &str) -> Option<Msg> {
    let q = id
        .trim()
        .chars()
        .next()
        .filter(|c| crate::yaml::is_smart_quote(*c))?;
    Some(
        Msg::new(Code::YamlSmartQuotes)
            .hint("fix")
            .arg("quote", q.to_string()),
    )
}

/// `static/images/a.png`, `/images/a.png` and `images/a.png` all name the same file.
fn static_rel(path: &str) -> String {
    let p = path.trim().trim_start_matches('/');
    p.strip_prefix("static/").unwrap_or(p).to_string()
}

/// What the loader could say of files that it could not read. References into a
/// list file that failed are checked against the ids its tree gives; references in
/// items that failed are checked as well, so that every mistake of a file shows in
/// one run.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    /// The ids of contacts.yaml when it could not be read.
    pub contact_ids: Option<Vec<String>>,
    /// The ids of documents.yaml when it could not be read.
    pub document_ids: Option<Vec<String>>,
    /// The references of items that could not be read.
    pub loose: Vec<LooseRef>,
}

/// Resolves references and fills the derived fields, adding every problem to `diags`.
#[expect(
    clippy::too_many_lines,
    reason = "resolves every collection in order; issue 14 splits it when the loaders move to the positioned YAML tree"
)]
pub(super) fn resolve(root: &Path, site: &mut Site, parsed: Parsed, diags: &mut Diagnostics) {
    let statics: HashSet<String> = site
        .static_files
        .iter()
        .map(|f| f.rel.to_string_lossy().replace('\\', "/"))
        .collect();
    let mut loc = Locator {
        root,
        files: HashMap::new(),
        statics,
        lang: site.lang,
    };
    let lang = site.config.language;
    let sizes: HashMap<String, u64> = site
        .static_files
        .iter()
        .map(|f| (f.rel.to_string_lossy().replace('\\', "/"), f.size))
        .collect();

    let site_yaml = Path::new("site.yaml");
    for logo in [
        site.config.funding_notice.logo.as_mut(),
        site.config.logo.as_mut(),
    ]
    .into_iter()
    .flatten()
    {
        if let Err(d) = loc.static_url(site_yaml, "logo", logo) {
            diags.push(d);
        }
    }

    // Contacts: unique ids, tel: links.
    let mut contact_ids: HashMap<String, usize> = HashMap::new();
    let mut contact_seen: HashMap<String, usize> = HashMap::new();
    for (i, c) in site.contacts.iter_mut().enumerate() {
        if c.id.is_empty() {
            diags.push(loc.error(
                Path::new("contacts.yaml"),
                "name",
                &c.name,
                Msg::new(Code::RefContactWithoutId).arg("name", c.name.as_str()),
            ));
        } else if !c
            .id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        {
            diags.push(
                loc.error(
                    Path::new("contacts.yaml"),
                    "id",
                    &c.id,
                    smart_quoted(&c.id)
                        .unwrap_or_else(|| Msg::new(Code::RefBadId).arg("id", c.id.as_str())),
                ),
            );
        }
        let seen = contact_seen.entry(c.id.clone()).or_default();
        *seen += 1;
        if contact_ids.insert(c.id.clone(), i).is_some() {
            let n = *seen - 1;
            diags.push(loc.error_nth(
                Path::new("contacts.yaml"),
                ("id", &c.id, n),
                Msg::new(Code::RefDuplicateId).arg("id", c.id.as_str()),
            ));
        }
        c.phone_uri = c.phone.as_deref().and_then(crate::content::format::tel_uri);
    }
    // Where contacts.yaml could not be read, its ids as its tree gives them; where it
    // gives none (it does not parse), references into it are not checked.
    let check_contacts = parsed
        .contact_ids
        .as_ref()
        .is_none_or(|ids| !ids.is_empty());
    let contact_keys: Vec<String> = match &parsed.contact_ids {
        Some(ids) => {
            duplicates(&mut loc, "contacts.yaml", ids, diags);
            ids.clone()
        }
        None => site.contacts.iter().map(|c| c.id.clone()).collect(),
    };
    let contact_keys: Vec<&str> = contact_keys.iter().map(String::as_str).collect();

    // Documents: unique ids, the file exists, type and size.
    let mut doc_ids: HashMap<String, usize> = HashMap::new();
    for d in &mut site.documents {
        let seen = doc_ids.entry(d.id.clone()).or_default();
        *seen += 1;
        if *seen > 1 {
            let n = *seen - 1;
            diags.push(loc.error_nth(
                Path::new("documents.yaml"),
                ("id", &d.id, n),
                Msg::new(Code::RefDuplicateId).arg("id", d.id.as_str()),
            ));
        }
        let rel = static_rel(&d.file);
        match sizes.get(&rel) {
            Some(size) => {
                d.url = crate::util::url::file_url(&rel);
                d.format_label = format!(
                    "{}, {}",
                    format::file_type(&rel),
                    format::file_size(*size, lang)
                );
            }
            None => {
                let known: Vec<&str> = sizes.keys().map(String::as_str).collect();
                let msg = missing_file(&d.file, &rel, &known);
                diags.push(loc.error(Path::new("documents.yaml"), "file", &d.file, msg))
            }
        }
    }
    let check_documents = parsed
        .document_ids
        .as_ref()
        .is_none_or(|ids| !ids.is_empty());
    let doc_keys: Vec<&str> = match &parsed.document_ids {
        Some(ids) => {
            duplicates(&mut loc, "documents.yaml", ids, diags);
            ids.iter().map(String::as_str).collect()
        }
        None => site.documents.iter().map(|d| d.id.as_str()).collect(),
    };

    // Partners: each once, logos with text alternatives.
    let mut partner_names = HashSet::new();
    for p in &mut site.partners {
        if !partner_names.insert(p.name.trim().to_lowercase()) {
            diags.push(loc.error(
                Path::new("partners.yaml"),
                "name",
                &p.name,
                Msg::new(Code::RefDuplicatePartner).arg("name", p.name.as_str()),
            ));
        }
        if let Some(logo) = p.logo.as_mut() {
            if let Err(d) = loc.static_url(Path::new("partners.yaml"), "logo", logo) {
                diags.push(d);
            }
            if p.logo_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                diags.push(
                    loc.error(
                        Path::new("partners.yaml"),
                        "logo",
                        "",
                        Msg::new(Code::ContentNoAlt)
                            .hint("logo")
                            .arg("field", "logo"),
                    ),
                );
            }
        }
    }

    check_membership(&site.partners, site.lang, diags);

    // Projects: contact, image, period, topics.
    let mut topics: BTreeMap<String, Topic> = BTreeMap::new();
    for item in &mut site.projects {
        let p = &mut item.data;
        match p.contact.take() {
            Some(ContactRef::Id(id)) => match contact_ids.get(&id) {
                Some(&i) => p.contact_person = Some(site.contacts[i].clone()),
                None if !check_contacts || contact_keys.contains(&id.as_str()) => {}
                None => diags.push(loc.error(
                    &item.core.source,
                    "contact",
                    &id,
                    unknown_ref(Code::RefUnknownContact, &id, &contact_keys),
                )),
            },
            Some(ContactRef::Inline(mut c)) => {
                c.phone_uri = c.phone.as_deref().and_then(crate::content::format::tel_uri);
                p.contact_person = Some(*c);
            }
            None => {}
        }
        check_image(
            &mut loc,
            &item.core.source,
            &mut p.image,
            &p.image_alt,
            diags,
        );
        if p.period.end < p.period.start {
            diags.push(loc.error(
                &item.core.source,
                "end",
                &p.period.end.to_string(),
                Msg::new(Code::ContentEndsBeforeStart).hint("project"),
            ));
        }
        if p.topics.is_empty() {
            diags.push(loc.error(
                &item.core.source,
                "topics",
                "",
                Msg::new(Code::ContentNoTopic),
            ));
        }
        if let Some(amount) = p.funding_amount
            && let Some(d) = thousands_separator(&mut loc, &item.core.source, amount)
        {
            diags.push(d);
        }
        p.funding_label = p.funding_amount.map(|a| format::euros(a, lang));
        for name in &p.topics {
            let slug = slugify(name);
            let t = topics.entry(slug.clone()).or_insert_with(|| Topic {
                name: name.trim().to_string(),
                url: routes::topic_url(&slug),
                slug,
                count: 0,
            });
            t.count += 1;
            p.topic_links.push(t.clone());
        }
    }
    // Topic links carry the final counts.
    for item in &mut site.projects {
        for t in &mut item.data.topic_links {
            t.count = topics[&t.slug].count;
        }
    }
    site.topics = topics.into_values().collect();

    // Calls.
    for item in &mut site.calls {
        let c = &mut item.data;
        c.is_open = c.deadline >= site.build_date;
        if let Some(id) = &c.submit_to {
            match contact_ids.get(id) {
                Some(&i) => c.submit_contact = Some(site.contacts[i].clone()),
                None if !check_contacts || contact_keys.contains(&id.as_str()) => {}
                None => diags.push(loc.error(
                    &item.core.source,
                    "submit_to",
                    id,
                    unknown_ref(Code::RefUnknownContact, id, &contact_keys),
                )),
            }
        }
        for id in &c.documents {
            match site.documents.iter().find(|d| &d.id == id) {
                Some(d) => c.document_list.push(d.clone()),
                None if !check_documents || doc_keys.contains(&id.as_str()) => {}
                None => diags.push(loc.error(
                    &item.core.source,
                    "documents",
                    id,
                    unknown_ref(Code::RefUnknownDocument, id, &doc_keys),
                )),
            }
        }
    }

    // References in items that could not be read.
    for r in &parsed.loose {
        let (check, code, known) = match r.key {
            "documents" => (check_documents, Code::RefUnknownDocument, &doc_keys),
            _ => (check_contacts, Code::RefUnknownContact, &contact_keys),
        };
        if check && !known.contains(&r.id.as_str()) {
            diags.push(loc.error(&r.file, r.key, &r.id, unknown_ref(code, &r.id, known)));
        }
    }

    // News.
    for item in &mut site.news {
        let n = &mut item.data;
        check_image(
            &mut loc,
            &item.core.source,
            &mut n.image,
            &n.image_alt,
            diags,
        );
    }

    // Events.
    for item in &mut site.events {
        let e = &mut item.data;
        if e.location.as_deref().is_none_or(|l| l.trim().is_empty()) && !e.online {
            diags.push(loc.error(
                &item.core.source,
                "title",
                "",
                Msg::new(Code::ContentNoPlace),
            ));
        }
        if let Some(end) = e.end
            && end < e.start
        {
            diags.push(loc.error(
                &item.core.source,
                "end",
                "",
                Msg::new(Code::ContentEndsBeforeStart).hint("event"),
            ));
        }
        e.upcoming = e.end.unwrap_or(e.start).date >= site.build_date;
        e.registration_href = e.registration.as_deref().and_then(link_target);
    }

    // Privacy: services name known categories, scripts exist.
    let cat_ids: Vec<&str> = site
        .privacy
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    for s in &mut site.privacy.services {
        if !cat_ids.contains(&s.category.as_str()) {
            diags.push(
                loc.error(
                    Path::new("privacy.yaml"),
                    "category",
                    &s.category,
                    unknown_ref(Code::RefUnknownCategory, &s.category, &cat_ids)
                        .arg("service", s.name.as_str()),
                ),
            );
        }
        if let Some(script) = s.script.as_mut()
            && let Err(d) = loc.static_url(Path::new("privacy.yaml"), "script", script)
        {
            diags.push(d);
        }
    }

    check_unique_urls(&mut loc, site, diags);

    site.projects.sort_by(|a, b| {
        (b.data.period.start, &a.data.title).cmp(&(a.data.period.start, &b.data.title))
    });
    site.calls
        .sort_by(|a, b| (b.data.deadline, &a.data.title).cmp(&(a.data.deadline, &b.data.title)));
    site.news
        .sort_by(|a, b| (b.data.date, &a.url).cmp(&(a.data.date, &b.url)));
    site.events
        .sort_by(|a, b| (a.data.start, &a.url).cmp(&(b.data.start, &b.url)));
    site.pages.sort_by(|a, b| a.url.cmp(&b.url));
}

/// A warning when a funding amount was written with a German thousands separator
/// (`45.000`, read as 45): only amounts below 1000 are looked up in the file.
fn thousands_separator(loc: &mut Locator, source: &Path, amount: f64) -> Option<Diagnostic> {
    if amount >= 1000.0 {
        return None;
    }
    let lang = loc.lang;
    let src = loc.source(source)?;
    let range = match split_front_matter(src) {
        Ok(fm) => fm.range,
        Err(_) => return None,
    };
    let tree = Tree::parse_part(&src.text, range);
    let node = tree.root()?.get("funding_amount")?;
    let written = node.as_str()?;
    let digits = |g: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit())
    };
    let mut groups = written.split('.');
    let head = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    if !digits(head, 1..=3) || rest.is_empty() || !rest.iter().all(|g| digits(g, 3..=3)) {
        return None;
    }
    let at = node.span.start;
    let msg = Msg::new(Code::ContentThousandsSeparator)
        .arg("value", written)
        .arg("read", amount.to_string())
        .arg("suggestion", written.replace('.', ""));
    Some(msg.warning(source, lang).at(&src.text, at.line, at.column))
}

/// Reports each id of `ids` (those of the list file `file`, read from its tree) that
/// repeats an earlier one, at the repetition.
fn duplicates(loc: &mut Locator, file: &str, ids: &[String], diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in ids {
        let n = seen.entry(id).or_default();
        if *n > 0 {
            let msg = Msg::new(Code::RefDuplicateId).arg("id", id.as_str());
            diags.push(loc.error_nth(Path::new(file), ("id", id, *n), msg));
        }
        *n += 1;
    }
}

fn check_image(
    loc: &mut Locator,
    source: &Path,
    image: &mut Option<String>,
    alt: &Option<String>,
    diags: &mut Diagnostics,
) {
    if let Some(img) = image.as_mut() {
        if let Err(d) = loc.static_url(source, "image", img) {
            diags.push(d);
        }
        if alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            diags.push(
                loc.error(
                    source,
                    "image",
                    "",
                    Msg::new(Code::ContentNoAlt)
                        .hint("image")
                        .arg("field", "image"),
                ),
            );
        }
    }
}

/// The Fachkräfterichtlinie expects the county, two towns, an employers' body, a
/// union, the employment agency or Jobcenter, schools and business development in
/// every alliance. A gap is a warning: the committee may have reasons.
fn check_membership(partners: &[Partner], lang: Language, diags: &mut Diagnostics) {
    if partners.is_empty() {
        return;
    }
    let count = |kinds: &[PartnerKind]| partners.iter().filter(|p| kinds.contains(&p.kind)).count();
    // Each expected member in plain words, with the values of `kind:` that count.
    let expected: [(Word, &[PartnerKind], usize); 7] = [
        (Word::MemberCounty, &[PartnerKind::County], 1),
        (Word::MemberCities, &[PartnerKind::City], 2),
        (
            Word::MemberEmployers,
            &[PartnerKind::Chamber, PartnerKind::Employers],
            1,
        ),
        (Word::MemberUnion, &[PartnerKind::Union], 1),
        (
            Word::MemberAgency,
            &[PartnerKind::EmploymentAgency, PartnerKind::Jobcenter],
            1,
        ),
        (Word::MemberSchool, &[PartnerKind::School], 1),
        (Word::MemberBusiness, &[PartnerKind::BusinessDevelopment], 1),
    ];
    let missing: Vec<Word> = expected
        .iter()
        .filter(|(_, kinds, n)| count(kinds) < *n)
        .map(|(what, _, _)| *what)
        .collect();
    if !missing.is_empty() {
        diags.push(
            Msg::new(Code::LegalMembership)
                .arg("kinds", Arg::WordList(missing))
                .warning("partners.yaml", lang),
        );
    }
}

/// Two sources that would write the same output file are an error naming both.
fn check_unique_urls(loc: &mut Locator, site: &Site, diags: &mut Diagnostics) {
    let lang = loc.lang;
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut claim = |out: String, shown: &str, source: &Path, diags: &mut Diagnostics| {
        if let Some(first) = seen.get(&out) {
            let msg = Msg::new(Code::ContentSameAddress)
                .arg("other", first.to_string_lossy().replace('\\', "/"))
                .arg("url", shown);
            diags.push(if source.starts_with("static") {
                msg.error(source, lang)
            } else {
                loc.error(source, "title", "", msg)
            });
        } else {
            seen.insert(out, source.to_path_buf());
        }
    };
    let items = Collection::ALL.into_iter().flat_map(|c| site.cores(c));
    // A page with the address of a generated page is its introduction.
    let urls = items
        .filter(|i| !routes::is_generated_page(&i.url))
        .map(|i| (&i.url, &i.source));
    for (url, source) in urls {
        // `/termine/termine/` would share its calendar file with all events'.
        if routes::is_reserved(url) {
            diags.push(
                Msg::new(Code::ContentReservedAddress)
                    .arg("url", url.as_str())
                    .error(source, lang),
            );
        }
        claim(routes::url_to_file(url), url, source, diags);
    }
    for f in &site.static_files {
        let rel = f.rel.to_string_lossy().replace('\\', "/");
        let shown = format!("/{rel}");
        claim(rel, &shown, &Path::new("static").join(&f.rel), diags);
    }
}

/// A registration given as a URL or e-mail address becomes a link target.
fn link_target(text: &str) -> Option<String> {
    let t = text.trim();
    if t.starts_with("https://") || t.starts_with("http://") {
        Some(t.to_string())
    } else if t.contains('@') && !t.contains(' ') {
        Some(format!("mailto:{t}"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::format::tel_uri;

    #[test]
    fn phone_numbers_become_international_tel_uris() {
        assert_eq!(tel_uri("03521 725-0").as_deref(), Some("tel:+4935217250"));
        assert_eq!(
            tel_uri("+49 351 123 45").as_deref(),
            Some("tel:+4935112345")
        );
        assert_eq!(
            tel_uri("0049 351 12345").as_deref(),
            Some("tel:+4935112345")
        );
        assert_eq!(tel_uri("n/a"), None);
        assert_eq!(
            tel_uri("+49 (0) 351 123-45").as_deref(),
            Some("tel:+4935112345")
        );
        assert_eq!(tel_uri("0351/12345").as_deref(), Some("tel:+4935112345"));
    }

    #[test]
    fn text_that_is_not_one_phone_number_gets_no_tel_uri() {
        // Two numbers in one field must not become one link that dials nonsense.
        assert_eq!(tel_uri("03765 5390-2211 oder 0170 1234567"), None);
        assert_eq!(tel_uri("03765 5390-2211, 0170 1234567"), None);
        assert_eq!(tel_uri("03765 5390-2211 / 0170 1234567"), None);
        assert_eq!(tel_uri("03765 5390-0 (Zentrale)"), None);
        assert_eq!(tel_uri("0351 123+45"), None);
    }

    #[test]
    fn registration_links() {
        assert_eq!(
            link_target("anmeldung@example.org").as_deref(),
            Some("mailto:anmeldung@example.org")
        );
        assert_eq!(
            link_target("https://x.example.org").as_deref(),
            Some("https://x.example.org")
        );
        assert_eq!(link_target("nicht erforderlich"), None);
    }

    #[test]
    fn static_paths_normalise() {
        assert_eq!(static_rel("/images/a.png"), "images/a.png");
        assert_eq!(static_rel("static/images/a.png"), "images/a.png");
    }
}
