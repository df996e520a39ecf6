//! The vocabulary of findings: the stable [`Code`] of each kind of mistake, the
//! [`Word`]s of the catalogue that messages take as parameters, and the parameters
//! themselves ([`Arg`]). Code that finds a mistake names it with these; the words are
//! looked up in the message catalogue (`crate::messages`) only when it is shown.

macro_rules! codes {
    ($($variant:ident = $name:literal $hints:expr),* $(,)?) => {
        /// The stable code of a message, e.g. `content/unknown-field`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Code {
            $(#[doc = $name] $variant),*
        }
        impl Code {
            /// Every code, in catalogue order.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Code] = &[$(Code::$variant),*];
            /// The code as shown and used in CI reports: `content/unknown-field`.
            pub(crate) fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name),* }
            }
            /// The hint variants the catalogues hold for this code.
            pub(crate) fn hints(self) -> &'static [&'static str] {
                match self { $(Code::$variant => $hints),* }
            }
        }
    };
}

/// Hint variants named after the kind of value expected: the hint shows an example.
const KINDS: [&str; 10] = [
    "text",
    "number",
    "whole-number",
    "date",
    "date-time",
    "colour",
    "yes-no",
    "list",
    "fields",
    "one-of",
];

codes! {
    YamlSyntax = "yaml/syntax" &["fix"],
    YamlTabIndent = "yaml/tab-indent" &["fix"],
    YamlMissingSpace = "yaml/missing-space" &["fix"],
    YamlSmartQuotes = "yaml/smart-quotes" &["fix"],
    YamlInvisibleSpace = "yaml/invisible-space" &["fix"],
    YamlIndentedKey = "yaml/indented-key" &["fix"],
    YamlNotIndented = "yaml/not-indented" &["fix"],
    YamlColonInValue = "yaml/colon-in-value" &["fix"],
    YamlUnclosedQuote = "yaml/unclosed-quote" &["fix"],
    YamlUnclosedBracket = "yaml/unclosed-bracket" &["fix"],
    YamlBadIndent = "yaml/bad-indent" &["fix"],
    YamlReservedChar = "yaml/reserved-char" &["fix"],
    YamlUnknownAnchor = "yaml/unknown-anchor" &["fix"],
    YamlTooDeep = "yaml/too-deep" &["fix"],
    YamlTooLarge = "yaml/too-large" &["fix"],
    YamlMultipleDocuments = "yaml/multiple-documents" &["fix"],
    YamlComplexKey = "yaml/complex-key" &["fix"],
    ContentUnknownField = "content/unknown-field"
        &["did-you-mean", "allowed", "nothing-allowed", "belongs-under", "belongs-beside"],
    ContentWrongType = "content/wrong-type" &KINDS,
    ContentWrongRoot = "content/wrong-root" &["list", "fields"],
    ContentEmptyValue = "content/empty-value" &KINDS,
    ContentInvalidValue = "content/invalid-value" &["did-you-mean", "allowed"],
    ContentMissingField = "content/missing-field" &KINDS,
    ContentDuplicateKey = "content/duplicate-key" &["fix"],
    ContentInvalidDate = "content/invalid-date" &["fix"],
    ContentNoSuchDay = "content/no-such-day" &["fix"],
    ContentInvalidTime = "content/invalid-time" &["fix", "uhr"],
    ContentInvalidColour = "content/invalid-colour" &["fix"],
    ContentNumberRange = "content/number-range" &["fix"],
    ContentUnreadable = "content/unreadable" &["fix"],
    ContentControlChar = "content/control-char" &["fix"],
    RefContactWithoutId = "ref/contact-without-id" &["fix"],
    RefBadId = "ref/bad-id" &["fix"],
    RefDuplicateId = "ref/duplicate-id" &["fix"],
    RefDuplicatePartner = "ref/duplicate-partner" &["fix"],
    RefUnknownContact = "ref/unknown-contact" &["did-you-mean", "known", "add"],
    RefUnknownDocument = "ref/unknown-document" &["did-you-mean", "known", "add"],
    RefUnknownCategory = "ref/unknown-category" &["did-you-mean", "known", "add"],
    FileMissing = "file/missing" &["did-you-mean", "put-there"],
    ContentNoAlt = "content/no-alt" &["image", "logo", "notice-logo"],
    ContentEndsBeforeStart = "content/ends-before-start" &["project", "event"],
    ContentNoTopic = "content/no-topic" &["fix"],
    ContentNoPlace = "content/no-place" &["fix"],
    ContentSameAddress = "content/same-address" &["fix"],
    ContentReservedAddress = "content/reserved-address" &["fix"],
    LegalMembership = "legal/membership" &["fix"],
    NoticeEmptyText = "notice/empty-text" &["fix"],
    SiteBrandContrast = "site/brand-contrast" &["fix"],
    SiteMenuPath = "site/menu-path" &["fix"],
    LegalNoContentResponsible = "legal/no-content-responsible" &["fix"],
    LegalNoPrivacy = "legal/no-privacy" &["fix"],
    LegalNoDpo = "legal/no-dpo" &["fix"],
    LegalDpoNoContact = "legal/dpo-no-contact" &["fix"],
    LegalNoLogDays = "legal/no-log-days" &["fix"],
    LegalNoAccessibility = "legal/no-accessibility" &["fix"],
    LegalNoPreparedOn = "legal/no-prepared-on" &["fix"],
    LegalNoMethod = "legal/no-method" &["fix"],
    LegalNoKnownIssues = "legal/no-known-issues" &["fix"],
    LegalReviewDue = "legal/review-due" &["fix"],
    SummaryBuildFailed = "summary/build-failed" &[],
    SummaryCheckFailed = "summary/check-failed" &[],
    SummaryCheckPassed = "summary/check-passed" &[],
    SummaryBuilt = "summary/built" &[],
    SummaryNewSite = "summary/new-site" &[],
    SummaryNewItem = "summary/new-item" &[],
    SummarySchemas = "summary/schemas" &[],
    // Issue 14, words: findings and lines that were English free text.
    NewDirNotEmpty = "new/dir-not-empty" &["fix"],
    NewNoSite = "new/no-site" &["fix"],
    NewNoFileName = "new/no-file-name" &["fix"],
    NewFileExists = "new/file-exists" &["fix"],
    NewCannotWrite = "new/cannot-write" &["fix"],
    ThemeNoTemplates = "theme/no-templates" &["fix"],
    ThemeNotAFile = "theme/not-a-file" &["fix"],
    ThemeNoStrings = "theme/no-strings" &["fix"],
    TemplateError = "template/error" &["fix"],
    TemplateMissing = "template/missing" &["fix"],
    OutputRestored = "output/restored" &[],
    OutputRecovered = "output/recovered" &[],
    OutputKeptFolder = "output/kept-folder" &["fix"],
    OutputCarryOver = "output/carry-over" &["fix"],
    HtmlUnprocessable = "html/unprocessable" &["fix"],
    NoticeForeignStylesheet = "notice/foreign-stylesheet" &["fix"],
    NoticeMarkerNoText = "notice/marker-no-text" &["fix"],
    NoticeHiddenAttribute = "notice/hidden-attribute" &["fix"],
    NoticeHiddenElement = "notice/hidden-element" &["fix"],
    NoticeHiddenStyle = "notice/hidden-style" &["fix"],
    NoticeHiddenRule = "notice/hidden-rule" &["fix"],
    NoticeEndsInComment = "notice/ends-in-comment" &["comment", "cdata"],
    NoticeEndsInElement = "notice/ends-in-element" &["fix"],
    BaseUrlInvalid = "base-url/invalid" &["fix"],
    UsageBadLanguage = "usage/bad-language" &["fix"],
    UsageBadDate = "usage/bad-date" &["fix"],
    UsageBadEpoch = "usage/bad-epoch" &["fix"],
    UsageBadBaseUrl = "usage/bad-base-url" &["fix"],
    UsageArguments = "usage/arguments" &["fix"],
    ServeBug = "serve/bug" &["fix"],
    ServeServing = "serve/serving" &[],
    ServeFailedStart = "serve/failed-start" &[],
    ServeWatching = "serve/watching" &[],
    ServeNoWatch = "serve/no-watch" &[],
    ServeNoWatchTheme = "serve/no-watch-theme" &[],
    ServeOpenNetwork = "serve/open-network" &[],
    ServeRebuilt = "serve/rebuilt" &[],
    ServeRebuildFailed = "serve/rebuild-failed" &[],
    ServeIndexUpdated = "serve/index-updated" &[],
    ServeVerified = "serve/verified" &[],
    ServeVerifyDiffers = "serve/verify-differs" &[],
    ServeVerifyFailed = "serve/verify-failed" &[],
    ServeNoBrowser = "serve/no-browser" &[],
    ServePortInUse = "serve/port-in-use" &["free", "none"],
    ServeCannotListen = "serve/cannot-listen" &[],
    // End of issue 14, words.
    LintH1 = "lint/h1-in-text" &["fix"],
    LintHeadingSkip = "lint/heading-skip" &["fix"],
    LintImageAlt = "lint/image-alt" &["markdown", "html"],
    LintTableHeader = "lint/table-header" &["markdown", "html"],
    LintLinkNoText = "lint/link-no-text" &["fix"],
    LintLinkText = "lint/link-text" &["fix"],
    LintBareUrl = "lint/bare-url" &["fix"],
    LinkNoPage = "link/no-page" &["did-you-mean", "fix"],
    LinkNoFile = "link/no-file" &["did-you-mean", "fix"],
    LinkNoAnchor = "link/no-anchor" &["did-you-mean", "fix"],
    NoticeCount = "notice/count" &["fix"],
    NoticeProject = "notice/project" &["fix"],
    SiteNoEasyLanguage = "site/no-easy-language" &["fix"],
    SiteNoSiteYaml = "site/no-site-yaml" &["fix"],
    FileIgnoredInFolder = "file/ignored-in-folder" &["fix"],
    FileWrongExtension = "file/wrong-extension" &["fix"],
    FileUnknownDataFile = "file/unknown-data-file" &["did-you-mean", "known"],
    FileFolderLink = "file/folder-link" &["fix"],
    FileNotAFile = "file/not-a-file" &["fix"],
    ContentNoAddress = "content/no-address" &["fix"],
    ContentChangedDuringBuild = "content/changed-during-build" &["fix"],
    ContentNoFrontMatter = "content/no-front-matter" &["fix"],
    ContentFrontMatterNotClosed = "content/front-matter-not-closed" &["fix"],
    LinkMarkdownFile = "link/markdown-file" &["page", "fix"],
    FileNotUtf8 = "file/not-utf8" &["fix"],
    FileUnreadable = "file/unreadable" &["fix"],
    ContentThousandsSeparator = "content/thousands-separator" &["fix"],
    HtmlRestyle = "html/restyle" &["fix"],
    HtmlScript = "html/script" &["fix"],
    HtmlPageFrame = "html/page-frame" &["fix"],
    HtmlTemplate = "html/template" &["fix"],
    HtmlPlaintext = "html/plaintext" &["fix"],
    HtmlEmbed = "html/embed" &["fix"],
    // Several languages per site (issue 19).
    SiteLanguageTwice = "site/language-twice" &["fix"],
    SiteLanguagesEmpty = "site/languages-empty" &["fix"],
    TranslationOrphan = "translation/orphan" &["fix"],
    TranslationOutdated = "translation/outdated" &["fix"],
    TranslationUnrecorded = "translation/unrecorded" &["fix"],
    TranslationLanguage = "translation/language" &["fix"],
    TranslationNotASiteLanguage = "translation/not-a-site-language" &["fix"],
    SummaryUntranslated = "summary/untranslated" &[],
    HtmlUnclosedRaw = "html/unclosed-raw" &["fix"],
    HtmlUnclosed = "html/unclosed" &["fix"],
    HtmlStrayClose = "html/stray-close" &["fix"],
    HtmlUnclosedTag = "html/unclosed-tag" &["fix"],
    HtmlUnclosedComment = "html/unclosed-comment" &["fix"],
    HtmlCdata = "html/cdata" &["fix"],
    HtmlEventAttribute = "html/event-attribute" &["fix"],
    HtmlNoticeAttribute = "html/notice-attribute" &["fix"],
    HtmlJavascriptAddress = "html/javascript-address" &["fix"],
    HtmlHidingStyle = "html/hiding-style" &["fix"],
    ContentPlaceholder = "content/placeholder" &["fix"],
    EmbedNotKeyValue = "embed/not-key-value" &["fix"],
    EmbedUnknownKey = "embed/unknown-key" &["did-you-mean", "known"],
    EmbedMissingKey = "embed/missing-key" &["fix"],
    EmbedNoPreview = "embed/no-preview" &["fix"],
    EmbedUnknownProvider = "embed/unknown-provider" &["fix"],
    EmbedUnknownHost = "embed/unknown-host" &["fix"],
    EmbedNotHttps = "embed/not-https" &["fix"],
    EmbedNoVideo = "embed/no-video" &["fix"],
    EmbedBadDegrees = "embed/bad-degrees" &["fix"],
    EmbedBadZoom = "embed/bad-zoom" &["fix"],
    ImageUnreadable = "image/unreadable" &["fix"],
    ImageNotAnImage = "image/not-an-image" &["fix"],
    ImageHeic = "image/heic" &["fix"],
    ImageTooManyPixels = "image/too-many-pixels" &["fix"],
    ImageTooHeavy = "image/too-heavy" &["fix"],
    ImageTooWide = "image/too-wide" &["fix"],
    ImagePngPhoto = "image/png-photo" &["fix"],
    ImageChanged = "image/changed" &["fix"],
    ImageNoVersion = "image/no-version" &["fix"],
    ImageNoCredit = "image/no-credit" &["fix"],
    FileLinkMissing = "file/link-missing" &["fix"],
    FileLinkOutside = "file/link-outside" &["fix"],
    FileLinkHidden = "file/link-hidden" &["fix"],
    FileControlInName = "file/control-in-name" &["fix"],
    FileSpecial = "file/special" &["fix"],
    FileTakenFile = "file/taken-file" &["fix"],
    FileTakenPage = "file/taken-page" &["fix"],
    FileTakenFolder = "file/taken-folder" &["fix"],
    FileTakenParent = "file/taken-parent" &["fix"],
    OutputIo = "output/io" &["fix"],
    OutputSwapFailed = "output/swap-failed" &["fix"],
    OutputBadName = "output/bad-name" &["fix"],
    OutputSamePath = "output/same-path" &["fix"],
    OutputForeignFile = "output/foreign-file" &["fix"],
    OutputLinkMissing = "output/link-missing" &["fix"],
    OutputNotADirectory = "output/not-a-directory" &["fix"],
    OutputMountPoint = "output/mount-point" &["fix"],
    OutputUnusable = "output/unusable" &["fix"],
    OutputNotOurs = "output/not-ours" &["fix"],
    OutputContainsSite = "output/contains-site" &["fix"],
    CssForeignImport = "css/foreign-import" &["fix"],
    // @more
}

macro_rules! words {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// A word or phrase of the catalogue that messages use as a parameter: the
        /// kinds of values ("a date", "a list") and the names of invisible characters.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Word {
            $(#[doc = $name] $variant),*
        }
        impl Word {
            /// Every word.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Word] = &[$(Word::$variant),*];
            /// The key of the word in the catalogue's `words:` section.
            pub(crate) fn as_str(self) -> &'static str {
                match self { $(Word::$variant => $name),* }
            }
        }
    };
}

words! {
    // Issue 14, words.
    IoNotFound = "io-not-found",
    IoPermission = "io-permission",
    IoFull = "io-full",
    IoExists = "io-exists",
    IoReadOnly = "io-read-only",
    IoOther = "io-other",
    OnPage = "on-page",
    OnPages = "on-pages",
    NoticeMarked = "notice-marked",
    NoticeInFooter = "notice-in-footer",
    NoticeInBody = "notice-in-body",
    NoticeAppended = "notice-appended",
    ChangedOne = "changed-one",
    ChangedMany = "changed-many",
    RenderedOne = "rendered-one",
    RenderedMany = "rendered-many",
    RenderedAll = "rendered-all",
    OutcomeCss = "outcome-css",
    OutcomeUnchanged = "outcome-unchanged",
    OutcomeReloaded = "outcome-reloaded",
    UrlSpace = "url-space",
    UrlLineBreak = "url-line-break",
    UrlTab = "url-tab",
    UrlInvisible = "url-invisible",
    UrlNoScheme = "url-no-scheme",
    UrlNonAscii = "url-non-ascii",
    UrlBadChar = "url-bad-char",
    UrlQuery = "url-query",
    UrlUser = "url-user",
    UrlNoHost = "url-no-host",
    UrlBadHost = "url-bad-host",
    UrlBadPort = "url-bad-port",
    UrlDots = "url-dots",
    OverlayTitle = "overlay-title",
    OverlayIntroOne = "overlay-intro-one",
    OverlayIntroMany = "overlay-intro-many",
    OverlayList = "overlay-list",
    OverlayClose = "overlay-close",
    ErrorPageTitle = "error-page-title",
    ErrorPageHeading = "error-page-heading",
    ErrorPageText = "error-page-text",
    NoSuchPage = "no-such-page",
    IoMountPoint = "io-mount-point",
    IoForeignFolder = "io-foreign-folder",
    ConstructComment = "construct-comment",
    ConstructCdata = "construct-cdata",
    // End of issue 14, words.
    Text = "text",
    Number = "number",
    WholeNumber = "whole-number",
    Date = "date",
    DateTime = "date-time",
    Colour = "colour",
    YesNo = "yes-no",
    List = "list",
    Fields = "fields",
    OneOf = "one-of",
    Nothing = "nothing",
    Or = "or",
    Nbsp = "nbsp",
    NarrowNbsp = "narrow-nbsp",
    ZeroWidth = "zero-width",
    OtherSpace = "other-space",
    MemberCounty = "member-county",
    MemberCities = "member-cities",
    MemberEmployers = "member-employers",
    MemberUnion = "member-union",
    MemberAgency = "member-agency",
    MemberSchool = "member-school",
    MemberBusiness = "member-business",
    ScopeSite = "scope-site",
    ScopeTheme = "scope-theme",
    LineBreak = "line-break",
    CarriageReturn = "carriage-return",
    Tab = "tab",
    ControlChar = "control-char",
    GenRobots = "gen-robots",
    GenSitemap = "gen-sitemap",
    GenNews = "gen-news",
    GenCalendar = "gen-calendar",
    GenEventCalendar = "gen-event-calendar",
    GenSearchIndex = "gen-search-index",
    GenPage = "gen-page",
    GenOther = "gen-other",
    IoCreateDir = "io-create-dir",
    IoWrite = "io-write",
    IoManifest = "io-manifest",
    IoReadOutput = "io-read-output",
    IoStaging = "io-staging",
    IoMoveIn = "io-move-in",
    IoMoveAside = "io-move-aside",
    IoPutBack = "io-put-back",
    IoRemoveOld = "io-remove-old",
}

impl Word {
    /// The hint variant that shows an example of a value of this kind.
    pub(crate) fn hint(self) -> &'static str {
        let name = self.as_str();
        KINDS
            .iter()
            .find(|k| **k == name)
            .copied()
            .unwrap_or("text")
    }
}

/// The value of a message parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg {
    /// Shown as it is (a field name, a value as written, a line number).
    Text(String),
    /// A word of the catalogue, in the reader's language.
    Word(Word),
    /// Alternatives, joined with the catalogue's "or": "a text or fields".
    Words(Vec<Word>),
    /// Names, each in backticks, joined with commas: `` `a`, `b` ``.
    List(Vec<String>),
    /// Words of the catalogue, in the reader's language, joined with semicolons.
    WordList(Vec<Word>),
    /// A word of the catalogue with parameters of its own (`auf der Seite {first}`).
    Phrase(Word, Vec<(&'static str, String)>),
}

/// Named parameters of a message.
pub(crate) type Args = Vec<(&'static str, Arg)>;

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<Word> for Arg {
    fn from(w: Word) -> Arg {
        Arg::Word(w)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Text(n.to_string())
    }
}

/// Why a file could not be read or written, in plain words: the common causes by
/// name, anything else with the operating system's own message, marked as such.
pub(crate) fn io_reason(e: &std::io::Error) -> Arg {
    use std::io::ErrorKind as K;
    if let Some(WordError(w)) = e.get_ref().and_then(|r| r.downcast_ref::<WordError>()) {
        return Arg::Word(*w);
    }
    let word = match e.kind() {
        K::NotFound => Word::IoNotFound,
        K::PermissionDenied => Word::IoPermission,
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => Word::IoFull,
        K::AlreadyExists => Word::IoExists,
        K::ReadOnlyFilesystem => Word::IoReadOnly,
        _ => return Arg::Phrase(Word::IoOther, vec![("detail", e.to_string())]),
    };
    Arg::Word(word)
}

/// A reason of fachwerk's own inside an [`std::io::Error`] (`io::Error::other`), in
/// the catalogue's words: [`io_reason`] names it so.
#[derive(Debug)]
pub(crate) struct WordError(pub Word);

impl std::fmt::Display for WordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl std::error::Error for WordError {}
