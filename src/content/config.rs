//! `site.yaml` → [`Config`]: the site's settings, its operator (Impressum), privacy and
//! accessibility facts, and the funding notice.

use super::base_url::BaseUrl;
use crate::diagnostic::{Code, Diagnostic};
pub(crate) use crate::messages::Language;
use crate::messages::Msg;
use crate::util::colour::{contrast_ratio, parse_hex_color};
use crate::util::source::SourceFile;
use crate::yaml::{Tree, Value};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The standard Saxon funding notice (§ 44a SäHO) used when site.yaml names none.
pub(crate) const DEFAULT_FUNDING_TEXT: &str = "Diese Maßnahme wird mitfinanziert mit Steuermitteln auf Grundlage des vom Sächsischen Landtag beschlossenen Haushaltes.";

/// Settings of one site, from site.yaml.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Name of the alliance, shown in the header and the page titles.
    pub title: String,
    /// The Landkreis or kreisfreie Stadt.
    pub region: String,
    /// Where the site is published, always ending in `/`.
    pub base_url: BaseUrl,
    /// Language of the generated site; selects the theme's strings file.
    #[serde(default)]
    pub language: Language,
    /// The languages of a site in several languages, the main one first (replaces
    /// `language`); empty for a site in one language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Language>,
    /// Default meta description.
    pub description: Option<String>,
    /// Accent colour; must reach 4.5:1 contrast on white.
    #[serde(default = "default_brand_color")]
    #[schemars(extend("x-fachwerk-format" = "colour", "pattern" = r"^\s*#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\s*$"))]
    pub brand_color: String,
    /// Site logo under static/.
    pub logo: Option<String>,
    /// Text alternative of the logo.
    pub logo_alt: Option<String>,
    /// Another theme directory, relative to the site.
    #[serde(skip_serializing)]
    pub theme: Option<PathBuf>,
    /// Main menu; a default is derived from the content when absent.
    pub navigation: Option<Vec<NavItem>>,
    /// The Förderhinweis; cannot be switched off.
    #[serde(default)]
    pub funding_notice: FundingNotice,
    /// The body that operates the site (Impressum).
    pub operator: Operator,
    /// Facts for the privacy statement.
    pub privacy: Option<PrivacySettings>,
    /// Facts for the accessibility statement.
    pub accessibility: Option<Accessibility>,
}

fn default_brand_color() -> String {
    "#005a9c".into()
}

/// One entry of the main menu.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NavItem {
    /// Link text.
    pub title: String,
    /// Root-relative path, e.g. `/projekte/`.
    pub path: String,
}

/// The funding notice: text and optional logo.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingNotice {
    /// The sentence; must not be empty.
    #[serde(default = "default_funding_text")]
    pub text: String,
    /// Logo under static/, e.g. `static/logos/sachsen.svg` or `logos/sachsen.svg`.
    pub logo: Option<String>,
    /// Text alternative of the logo; required with a logo.
    pub logo_alt: Option<String>,
}

fn default_funding_text() -> String {
    DEFAULT_FUNDING_TEXT.into()
}

impl Default for FundingNotice {
    fn default() -> Self {
        FundingNotice {
            text: default_funding_text(),
            logo: None,
            logo_alt: None,
        }
    }
}

/// The operator of the site, for the Impressum (§ 5 DDG, § 18 MStV).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// Name of the body, e.g. "Landratsamt Musterland".
    pub name: String,
    /// Unit within the body, e.g. "Geschäftsstelle der Fachkräfteallianz".
    pub department: Option<String>,
    /// Legal form, e.g. "Körperschaft des öffentlichen Rechts".
    pub legal_form: Option<String>,
    /// Street and number.
    pub street: String,
    /// Postal code, as text.
    pub postal_code: String,
    /// Town.
    pub city: String,
    /// Who represents the body.
    pub represented_by: String,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// VAT ID, if any.
    pub vat_id: Option<String>,
    /// Supervisory authority, if any.
    pub supervisory_authority: Option<String>,
    /// Person responsible for content (§ 18 (2) MStV).
    pub content_responsible: Option<String>,
}

/// Facts for the privacy statement (Art. 13 DSGVO).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivacySettings {
    /// Data protection officer.
    pub dpo: Option<Person>,
    /// Hosting provider, a processor.
    pub hosting: Option<Hosting>,
    /// Days after which server logs are deleted.
    pub server_log_days: Option<u32>,
}

/// A named person with contact data.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Name or office.
    pub name: String,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
}

/// The hosting provider.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hosting {
    /// Company name.
    pub provider: String,
    /// Country of the servers.
    pub location: Option<String>,
}

/// Facts for the accessibility statement (BfWebG Sachsen).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// How far the site complies.
    pub status: ComplianceStatus,
    /// Content that is not accessible.
    #[serde(default)]
    pub known_issues: Vec<KnownIssue>,
    /// When the statement was prepared.
    pub prepared_on: Option<crate::util::date::Date>,
    /// When the site was last reviewed.
    pub last_reviewed: Option<crate::util::date::Date>,
    /// How it was assessed.
    pub method: Option<AssessmentMethod>,
    /// Where to report barriers.
    pub feedback: Option<Feedback>,
}

/// Compliance status as in the EU model statement.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComplianceStatus {
    /// Fully compliant.
    Full,
    /// Partially compliant.
    Partial,
    /// Not compliant.
    None,
}

/// How compliance was assessed.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentMethod {
    /// By the operator.
    SelfAssessment,
    /// By an external tester.
    ThirdParty,
}

/// Content that is not accessible, why, and what to use instead.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnownIssue {
    /// What is affected.
    pub content: String,
    /// Why it is not accessible.
    pub reason: Option<String>,
    /// The accessible alternative.
    pub alternative: Option<String>,
}

/// Feedback contact of the accessibility statement.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
}

/// Parses and validates site.yaml, reporting every problem found. A config that
/// parsed is returned even when it has problems, so that the rest of the site is
/// still checked and every error of the build is reported in one run.
#[expect(
    clippy::too_many_lines,
    reason = "reads site.yaml key by key; issue 14 replaces it with typed reading over the YAML tree"
)]
pub(crate) fn load(
    src: &SourceFile,
    base_url_override: Option<&BaseUrl>,
    lang: Language,
    loc: &super::translate::Localize,
) -> (Option<Config>, Vec<Diagnostic>) {
    let (mut config, mut errors): (Config, _) =
        match super::placeholder::read(src, 0..src.text.len(), lang, loc) {
            Ok(read) => read,
            Err(d) => return (None, d),
        };
    let tree = Tree::parse(&src.text);
    let err = |path: &[&str], msg: Msg| {
        let (l, c) = place(&tree, path);
        msg.error(&src.rel, lang).at(&src.text, l, c)
    };
    match base_url_override.map_or_else(
        || BaseUrl::parse(config.base_url.as_str()),
        |b| Ok(b.clone()),
    ) {
        Ok(url) => config.base_url = url,
        Err(problem) => {
            let written = config.base_url.as_str();
            let shown: String = written.escape_debug().collect();
            errors.push(err(
                &["base_url"],
                Msg::new(Code::BaseUrlInvalid)
                    .arg("value", shown)
                    .arg("problem", problem),
            ));
        }
    }
    if config.funding_notice.text.trim().is_empty() {
        errors.push(err(
            &["funding_notice", "text"],
            Msg::new(Code::NoticeEmptyText),
        ));
    }
    if config.funding_notice.logo.is_some()
        && config
            .funding_notice
            .logo_alt
            .as_deref()
            .is_none_or(|a| a.trim().is_empty())
    {
        errors.push(err(
            &["funding_notice", "logo"],
            Msg::new(Code::ContentNoAlt)
                .hint("notice-logo")
                .arg("field", "logo"),
        ));
    }
    if config.logo.is_some()
        && config
            .logo_alt
            .as_deref()
            .is_none_or(|a| a.trim().is_empty())
    {
        errors.push(err(
            &["logo"],
            Msg::new(Code::ContentNoAlt)
                .hint("logo")
                .arg("field", "logo"),
        ));
    }
    match parse_hex_color(&config.brand_color) {
        None => errors.push(err(
            &["brand_color"],
            Msg::new(Code::ContentInvalidColour).arg("value", config.brand_color.as_str()),
        )),
        Some(rgb) => {
            let ratio = contrast_ratio(rgb, [255, 255, 255]);
            if ratio < 4.5 {
                let ratio = format!("{ratio:.2}");
                let ratio = match lang {
                    Language::De => ratio.replace('.', ","),
                    Language::En => ratio,
                };
                errors.push(err(
                    &["brand_color"],
                    Msg::new(Code::SiteBrandContrast)
                        .arg("value", config.brand_color.as_str())
                        .arg("ratio", ratio),
                ));
            }
        }
    }
    if let Some(nav) = &config.navigation {
        for (i, item) in nav.iter().enumerate() {
            if !item.path.starts_with('/') && !item.path.starts_with("http") {
                errors.push(err(
                    &["navigation", &i.to_string(), "path"],
                    Msg::new(Code::SiteMenuPath).arg("value", item.path.as_str()),
                ));
            }
        }
    }
    errors.extend(legal_facts(&config, src, &tree, lang));
    errors.extend(check_languages(&mut config, &tree, |msg| {
        err(&["languages"], msg)
    }));
    (Some(config), errors)
}

/// `languages:` names each language once and replaces `language:`; the first is the
/// main language, which `language` then holds.
fn check_languages(
    config: &mut Config,
    tree: &Tree,
    err: impl Fn(Msg) -> Diagnostic,
) -> Option<Diagnostic> {
    let written = tree.root().and_then(|r| r.get("languages")).is_some();
    if !written {
        return None;
    }
    let Some(&first) = config.languages.first() else {
        return Some(err(Msg::new(Code::SiteLanguagesEmpty)));
    };
    if tree.root().and_then(|r| r.get("language")).is_some() {
        return Some(err(Msg::new(Code::SiteLanguageTwice)));
    }
    let mut seen = config.languages.clone();
    seen.sort();
    seen.dedup();
    if seen.len() != config.languages.len() {
        return Some(err(Msg::new(Code::SiteLanguagesEmpty)));
    }
    config.language = first;
    if config.languages.len() == 1 {
        config.languages.clear();
    }
    None
}

/// The languages of the site besides its main one (`languages:` after the first),
/// read before the rest so that the data files can be read with their translations.
pub(crate) fn other_languages(src: &SourceFile) -> Vec<Language> {
    let tree = Tree::parse(&src.text);
    let Some(Value::List(items)) = tree
        .root()
        .and_then(|r| r.get("languages"))
        .map(|n| &n.value)
    else {
        return Vec::new();
    };
    let mut out: Vec<Language> = Vec::new();
    for code in items.iter().skip(1).filter_map(|n| n.as_str()) {
        if let Some(l) = [Language::De, Language::En]
            .into_iter()
            .find(|l| l.code() == code)
            && !out.contains(&l)
        {
            out.push(l);
        }
    }
    out
}

/// The language site.yaml asks for, read before the rest so that the mistakes of
/// site.yaml itself are told in it; German when it names none (or none it knows).
pub(crate) fn language(src: &SourceFile) -> Language {
    let tree = Tree::parse(&src.text);
    let root = tree.root();
    let first = root
        .and_then(|r| r.get("languages"))
        .and_then(|n| n.item(0));
    match first
        .or_else(|| root.and_then(|r| r.get("language")))
        .and_then(|n| n.as_str())
    {
        Some("en") => Language::En,
        _ => Language::De,
    }
}

/// The language of the site in the directory `site`, for messages told before or
/// beside a build (usage errors, the preview); German without a readable site.yaml.
pub(crate) fn site_language(site: &std::path::Path) -> Language {
    SourceFile::read(site, std::path::Path::new("site.yaml"))
        .map(|src| language(&src))
        .unwrap_or_default()
}

/// Where the key at `path` of site.yaml is written (`["privacy", "dpo"]`; a number
/// picks an entry of a list), as line and column: its value when that is a single
/// value, else the key; where it is not written, the deepest part of the path that
/// is, else the start of the file.
pub(crate) fn place(tree: &Tree, path: &[&str]) -> (usize, usize) {
    let mut at = tree.start();
    let mut node = tree.root();
    for step in path {
        let Some(n) = node else { break };
        let next = match (&n.value, step.parse::<usize>()) {
            (Value::List(_), Ok(i)) => n.item(i).map(|item| (item.span.start, item)),
            _ => n.entry(step).map(|e| (e.key.span.start, &e.value)),
        };
        match next {
            Some((pos, value)) => {
                at = pos;
                node = Some(value);
            }
            None => return (at.line, at.column),
        }
    }
    if let Some(n) = node.filter(|n| matches!(n.value, Value::Scalar(_))) {
        at = n.span.start;
    }
    (at.line, at.column)
}

/// The facts the legal pages cannot do without: the person responsible for content
/// (§ 18 Abs. 2 MStV), the data protection officer and the storage time of the
/// server logs (Art. 13 DSGVO), and the accessibility statement's status, date and
/// method (BfWebG Sachsen, EU model statement 2018/1523). Each missing fact is an
/// error at the section it belongs in, with the lines to add; only the person
/// responsible for content has a fallback (the representative) and is a warning.
fn legal_facts(config: &Config, src: &SourceFile, tree: &Tree, lang: Language) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|v| v.trim().is_empty());
    if blank(&config.operator.content_responsible) {
        // DESIGN.md has this key optional: without it the Impressum names the
        // representative at the operator's address, which is legally sufficient for a
        // public body but rarely the person editors want to be asked, hence a warning.
        let (l, c) = place(tree, &["operator"]);
        errors.push(
            Msg::new(Code::LegalNoContentResponsible)
                .warning(&src.rel, lang)
                .at(&src.text, l, c),
        );
    }
    let mut missing = |section: &[&str], code: Code| {
        let (l, c) = place(tree, section);
        errors.push(Msg::new(code).error(&src.rel, lang).at(&src.text, l, c));
    };
    match &config.privacy {
        None => missing(&["privacy"], Code::LegalNoPrivacy),
        Some(p) => {
            match &p.dpo {
                None => missing(&["privacy"], Code::LegalNoDpo),
                Some(d) if blank(&d.email) && blank(&d.phone) && blank(&d.address) => {
                    missing(&["privacy", "dpo"], Code::LegalDpoNoContact)
                }
                Some(_) => {}
            }
            if p.server_log_days.is_none() {
                missing(&["privacy"], Code::LegalNoLogDays);
            }
        }
    }
    match &config.accessibility {
        None => missing(&["accessibility"], Code::LegalNoAccessibility),
        Some(a) => {
            if a.prepared_on.is_none() {
                missing(&["accessibility"], Code::LegalNoPreparedOn);
            }
            if a.method.is_none() {
                missing(&["accessibility"], Code::LegalNoMethod);
            }
            if !matches!(a.status, ComplianceStatus::Full) && a.known_issues.is_empty() {
                missing(&["accessibility", "status"], Code::LegalNoKnownIssues);
            }
        }
    }
    errors
}

/// A warning when the accessibility statement was last reviewed (or, never reviewed,
/// prepared) more than a year before `build_date`: the BfWebG asks for a yearly review.
pub(crate) fn review_warning(
    config: &Config,
    src: &SourceFile,
    build_date: crate::util::date::Date,
    lang: Language,
) -> Option<Diagnostic> {
    let a = config.accessibility.as_ref()?;
    let (key, date) = match (a.last_reviewed, a.prepared_on) {
        (Some(d), _) => ("last_reviewed", d),
        (None, Some(d)) => ("prepared_on", d),
        (None, None) => return None,
    };
    let due = crate::util::date::Date::new(date.year + 1, date.month, date.day)
        .or_else(|| crate::util::date::Date::new(date.year + 1, date.month, 28))?;
    if build_date <= due {
        return None;
    }
    let (l, c) = place(&Tree::parse(&src.text), &["accessibility", key]);
    Some(
        Msg::new(Code::LegalReviewDue)
            .arg("date", date.german())
            .warning(&src.rel, lang)
            .at(&src.text, l, c),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(extra: &str) -> SourceFile {
        site_with(extra, "")
    }

    fn site_with(extra: &str, tail: &str) -> SourceFile {
        let text = format!(
            "title: T\nregion: R\nbase_url: https://x.example.org\n{extra}operator:\n  name: LRA\n  street: S 1\n  postal_code: 01234\n  city: C\n  represented_by: L\n  phone: 1\n  email: a@b.de\n  content_responsible: P\nprivacy:\n  dpo: {{ name: D, email: d@b.de }}\n  server_log_days: 7\naccessibility:\n  status: full\n  prepared_on: 2026-01-15\n  method: self_assessment\n{tail}"
        );
        SourceFile::from_bytes("site.yaml".into(), text.into_bytes()).unwrap()
    }

    #[test]
    fn a_broken_base_url_is_an_error_at_its_line() {
        let src = SourceFile::from_bytes(
            "site.yaml".into(),
            site("")
                .text
                .replace(
                    "base_url: https://x.example.org",
                    "base_url: \"https://x.example.org/\\nDisallow: /\"",
                )
                .into_bytes(),
        )
        .unwrap();
        let (_, errs) = load(&src, None, Language::En, &Default::default());
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!((errs[0].line, errs[0].column), (3, 11), "{errs:?}");
        assert!(errs[0].message().contains("line break"), "{errs:?}");
        assert!(
            errs[0].hint().unwrap().contains("base_url: https://"),
            "{errs:?}"
        );
    }

    #[test]
    fn defaults_and_trailing_slash() {
        let (c, errs) = load(&site(""), None, Language::En, &Default::default());
        assert!(errs.is_empty());
        let c = c.unwrap();
        assert_eq!(c.base_url.as_str(), "https://x.example.org/");
        assert_eq!(c.funding_notice.text, DEFAULT_FUNDING_TEXT);
        assert_eq!(c.operator.postal_code, "01234");
    }

    #[test]
    fn reports_all_problems_at_once() {
        let (_, errs) = load(
            &site("brand_color: \"#ffcc00\"\nfunding_notice:\n  text: \"\"\n"),
            None,
            Language::En,
            &Default::default(),
        );
        assert_eq!(errs.len(), 2, "{errs:?}");
        let with = |code| errs.iter().find(|e| e.code() == code).unwrap();
        assert_eq!(with("site/brand-contrast").line, 4);
        assert!(with("site/brand-contrast").message().contains("1.51:1"));
        assert_eq!(with("notice/empty-text").line, 6);
    }

    #[test]
    fn missing_legal_facts_are_errors_at_their_section() {
        let text = "title: T\nregion: R\nbase_url: https://x.example.org\noperator:\n  name: LRA\n  street: S 1\n  postal_code: 01234\n  city: C\n  represented_by: L\n  phone: 1\n  email: a@b.de\nprivacy:\n  server_log_days: 7\naccessibility:\n  status: partial\n  method: self_assessment\n";
        let src = SourceFile::from_bytes("site.yaml".into(), text.as_bytes().to_vec()).unwrap();
        let (_, errs) = load(&src, None, Language::En, &Default::default());
        let find = |code: &str| {
            errs.iter()
                .find(|e| e.code() == code)
                .unwrap_or_else(|| panic!("no error {code}: {errs:?}"))
        };
        let responsible = find("legal/no-content-responsible");
        assert_eq!((responsible.line, responsible.column), (4, 1));
        assert!(responsible.hint().unwrap().contains("content_responsible:"));
        assert_eq!(find("legal/no-dpo").line, 12);
        assert_eq!(find("legal/no-prepared-on").line, 14);
        assert_eq!(find("legal/no-known-issues").line, 15);
        assert_eq!(errs.len(), 4, "{errs:?}");
    }

    #[test]
    fn warns_when_the_review_is_over_a_year_old() {
        let src = site_with("", "  last_reviewed: 2025-06-01\n");
        let (c, errs) = load(&src, None, Language::En, &Default::default());
        assert!(errs.is_empty(), "{errs:?}");
        let c = c.unwrap();
        let date = |s| crate::util::date::Date::parse(s).unwrap();
        assert!(review_warning(&c, &src, date("2026-06-01"), Language::De).is_none());
        let w = review_warning(&c, &src, date("2026-06-02"), Language::De).expect("a warning");
        assert_eq!(w.severity, crate::diagnostic::Severity::Warning);
        assert_eq!(w.line, 20);
        assert!(w.message().contains("01.06.2025"), "{}", w.message());
    }
}
