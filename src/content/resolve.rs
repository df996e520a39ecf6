//! Checks that need the whole site: references between files (contact and document
//! ids, service categories), files under static/ that content points to, two files
//! that would make the same URL; and the derived fields (resolved contacts, topic
//! pages, open calls, upcoming events, sorting).

use super::collection::Collection;
use super::model::*;
use super::routes;
use crate::content::format;
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, did_you_mean_path};
use crate::util::slug::slugify;
use crate::util::source::SourceFile;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Finds where a reference was written, reading a file only when a finding needs it.
struct Locator<'a> {
    root: &'a Path,
    files: HashMap<PathBuf, Option<SourceFile>>,
    /// Paths of the files under static/, `/`-separated.
    statics: HashSet<String>,
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
        let hint = match did_you_mean_path(&file, &known) {
            Some(g) => format!("did you mean `{g}`?"),
            None => format!(
                "put the file at static/{file}, or correct the path (it is relative to static/)"
            ),
        };
        let msg = format!("the file `{value}` does not exist");
        Err(self.error(rel, key, &value.clone(), msg, hint))
    }

    fn error(
        &mut self,
        rel: &Path,
        key: &str,
        value: &str,
        msg: String,
        hint: String,
    ) -> Diagnostic {
        let root = self.root;
        let src = self
            .files
            .entry(rel.to_path_buf())
            .or_insert_with(|| SourceFile::read(root, rel).ok());
        match src {
            Some(src) => {
                let (line, col) = src.locate(key, value);
                src.error_at(line, col, msg).hint(hint)
            }
            None => Diagnostic::error(rel, msg).hint(hint),
        }
    }
}

/// `static/images/a.png`, `/images/a.png` and `images/a.png` all name the same file.
fn static_rel(path: &str) -> String {
    let p = path.trim().trim_start_matches('/');
    p.strip_prefix("static/").unwrap_or(p).to_string()
}

/// Which referenced files could be read. References into a file that failed to
/// parse are not checked: its own error says what to fix, and every reference
/// reported as unknown on top of it would only bury that message.
#[derive(Debug, Clone, Copy)]
pub(super) struct Parsed {
    pub contacts: bool,
    pub documents: bool,
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
    for (i, c) in site.contacts.iter_mut().enumerate() {
        if c.id.is_empty() {
            diags.push(loc.error(
                Path::new("contacts.yaml"),
                "name",
                &c.name,
                format!("the contact `{}` has no id", c.name),
                "add `id:` with a short name of lower-case letters, digits and -, e.g. `id: geschaeftsstelle`".into(),
            ));
        } else if !c
            .id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        {
            diags.push(loc.error(
                Path::new("contacts.yaml"),
                "id",
                &c.id,
                format!("the contact id `{}` is not valid", c.id),
                "use lower-case letters, digits and -, e.g. `id: geschaeftsstelle`".into(),
            ));
        }
        if contact_ids.insert(c.id.clone(), i).is_some() {
            diags.push(loc.error(
                Path::new("contacts.yaml"),
                "id",
                &c.id,
                format!("the contact id `{}` is used twice", c.id),
                "give each contact its own id".into(),
            ));
        }
        c.phone_uri = c.phone.as_deref().and_then(crate::content::format::tel_uri);
    }
    let contact_keys: Vec<String> = site.contacts.iter().map(|c| c.id.clone()).collect();
    let contact_keys: Vec<&str> = contact_keys.iter().map(String::as_str).collect();
    let unknown_ref = |kind: &str, file: &str, id: &str, known: &[&str]| -> String {
        match did_you_mean(id, known) {
            Some(g) => format!("did you mean `{g}`?"),
            None if known.is_empty() => format!("add an entry with `id: {id}` to {file}"),
            None => format!("known {kind}: {}", known.join(", ")),
        }
    };

    // Documents: unique ids, the file exists, type and size.
    let mut doc_ids = HashSet::new();
    for d in &mut site.documents {
        if !doc_ids.insert(d.id.clone()) {
            diags.push(loc.error(
                Path::new("documents.yaml"),
                "id",
                &d.id,
                format!("the document id `{}` is used twice", d.id),
                "give each document its own id".into(),
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
                let hint = match did_you_mean_path(&rel, &known) {
                    Some(g) => format!("did you mean `{g}`?"),
                    None => format!(
                        "put the file at static/{rel}, or correct `file:` (it is relative to static/)"
                    ),
                };
                diags.push(loc.error(
                    Path::new("documents.yaml"),
                    "file",
                    &d.file,
                    format!("the document file `{}` does not exist", d.file),
                    hint,
                ))
            }
        }
    }
    let doc_keys: Vec<&str> = site.documents.iter().map(|d| d.id.as_str()).collect();

    // Partners: each once, logos with text alternatives.
    let mut partner_names = HashSet::new();
    for p in &mut site.partners {
        if !partner_names.insert(p.name.trim().to_lowercase()) {
            diags.push(loc.error(
                Path::new("partners.yaml"),
                "name",
                &p.name,
                format!("the partner `{}` is listed twice", p.name),
                "remove one of the two entries".into(),
            ));
        }
        if let Some(logo) = p.logo.as_mut() {
            if let Err(d) = loc.static_url(Path::new("partners.yaml"), "logo", logo) {
                diags.push(d);
            }
            if p.logo_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                diags.push(loc.error(
                    Path::new("partners.yaml"),
                    "name",
                    &p.name,
                    format!("the logo of `{}` has no text alternative", p.name),
                    "add `logo_alt:` with the partner's name as the logo shows it".into(),
                ));
            }
        }
    }

    check_membership(&site.partners, diags);

    // Projects: contact, image, period, topics.
    let mut topics: BTreeMap<String, Topic> = BTreeMap::new();
    for item in &mut site.projects {
        let p = &mut item.data;
        match p.contact.take() {
            Some(ContactRef::Id(id)) => match contact_ids.get(&id) {
                Some(&i) => p.contact_person = Some(site.contacts[i].clone()),
                None if !parsed.contacts => {}
                None => diags.push(loc.error(
                    &item.core.source,
                    "contact",
                    &id,
                    format!("there is no contact with the id `{id}` in contacts.yaml"),
                    unknown_ref("ids", "contacts.yaml", &id, &contact_keys),
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
                "the project ends before it starts".into(),
                "check `start:` and `end:` under `period:`".into(),
            ));
        }
        if p.topics.is_empty() {
            diags.push(loc.error(
                &item.core.source,
                "topics",
                "",
                "the project has no topic".into(),
                "add at least one topic, e.g. `topics: [Berufsorientierung]`".into(),
            ));
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
                None if !parsed.contacts => {}
                None => diags.push(loc.error(
                    &item.core.source,
                    "submit_to",
                    id,
                    format!("there is no contact with the id `{id}` in contacts.yaml"),
                    unknown_ref("ids", "contacts.yaml", id, &contact_keys),
                )),
            }
        }
        for id in &c.documents {
            match site.documents.iter().find(|d| &d.id == id) {
                Some(d) => c.document_list.push(d.clone()),
                None if !parsed.documents => {}
                None => diags.push(loc.error(
                    &item.core.source,
                    "documents",
                    id,
                    format!("there is no document with the id `{id}` in documents.yaml"),
                    unknown_ref("ids", "documents.yaml", id, &doc_keys),
                )),
            }
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
                "the event has no place".into(),
                "add `location: …` with the address, or `online: true`".into(),
            ));
        }
        if let Some(end) = e.end
            && end < e.start
        {
            diags.push(loc.error(
                &item.core.source,
                "end",
                "",
                "the event ends before it starts".into(),
                "check `start:` and `end:`".into(),
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
            diags.push(loc.error(
                Path::new("privacy.yaml"),
                "category",
                &s.category,
                format!(
                    "the service `{}` names the unknown category `{}`",
                    s.name, s.category
                ),
                unknown_ref("categories", "privacy.yaml", &s.category, &cat_ids),
            ));
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
            diags.push(loc.error(
                source,
                "image",
                "",
                "the image has no text alternative".into(),
                "add `image_alt:` describing what the picture shows".into(),
            ));
        }
    }
}

/// The Fachkräfterichtlinie expects the county, two towns, an employers' body, a
/// union, the employment agency or Jobcenter, schools and business development in
/// every alliance. A gap is a warning: the committee may have reasons.
fn check_membership(partners: &[Partner], diags: &mut Diagnostics) {
    if partners.is_empty() {
        return;
    }
    let count = |kinds: &[PartnerKind]| partners.iter().filter(|p| kinds.contains(&p.kind)).count();
    let expected: [(&str, &[PartnerKind], usize); 7] = [
        ("the county", &[PartnerKind::County], 1),
        ("two towns", &[PartnerKind::City], 2),
        (
            "an employers' body (chamber or association)",
            &[PartnerKind::Chamber, PartnerKind::Employers],
            1,
        ),
        ("a union", &[PartnerKind::Union], 1),
        (
            "the employment agency or the Jobcenter",
            &[PartnerKind::EmploymentAgency, PartnerKind::Jobcenter],
            1,
        ),
        ("schools", &[PartnerKind::School], 1),
        (
            "business development",
            &[PartnerKind::BusinessDevelopment],
            1,
        ),
    ];
    let missing: Vec<&str> = expected
        .iter()
        .filter(|(_, kinds, n)| count(kinds) < *n)
        .map(|(what, _, _)| *what)
        .collect();
    if !missing.is_empty() {
        diags.push(
            Diagnostic::warning(
                "partners.yaml",
                format!(
                    "the Fachkräfterichtlinie expects members the list lacks: {}",
                    missing.join(", ")
                ),
            )
            .hint(
                "add them with the matching `kind:`, or check that each partner's `kind:` is right",
            ),
        );
    }
}

/// Two sources that would write the same output file are an error naming both.
fn check_unique_urls(loc: &mut Locator, site: &Site, diags: &mut Diagnostics) {
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut claim = |out: String, shown: &str, source: &Path, diags: &mut Diagnostics| {
        if let Some(first) = seen.get(&out) {
            let msg = format!(
                "this file and {} both make `{shown}`",
                first.to_string_lossy().replace('\\', "/")
            );
            let hint =
                "rename one of the two files: the address comes from the file name".to_string();
            diags.push(if source.starts_with("static") {
                Diagnostic::error(source, msg).hint(hint)
            } else {
                loc.error(source, "title", "", msg, hint)
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
                Diagnostic::error(
                    source,
                    format!("the address `{url}` is reserved for a page fachwerk generates"),
                )
                .hint("rename the file"),
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
