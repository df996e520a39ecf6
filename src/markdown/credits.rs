//! Image credits in Markdown: the title of an image, `![Beschreibung](/bilder/a.jpg
//! "Foto: Erika Musterfrau")`, is its credit (Bildnachweis, § 13 UrhG). It is shown
//! under the image instead of as a tooltip, and recorded for the Impressum.

use crate::content::model::{ImageCredit, Site};
use crate::util::html::escape;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Moves each image's title into a caption after the image (`<span
/// class="image-credit">`); returns every image of the text as (address as written,
/// credit if it has one).
pub(super) fn caption_images(events: Vec<Event>) -> (Vec<Event>, Vec<(String, Option<String>)>) {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Image { .. })))
    {
        return (events, Vec::new());
    }
    let mut images = Vec::new();
    let mut out = Vec::with_capacity(events.len() + 2);
    let mut pending: Vec<Option<String>> = Vec::new();
    for mut e in events {
        match &mut e {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let credit = Some(title.trim().to_string()).filter(|t| !t.is_empty());
                images.push((dest_url.to_string(), credit.clone()));
                *title = CowStr::Borrowed("");
                pending.push(credit);
                out.push(e);
            }
            Event::End(TagEnd::Image) => {
                out.push(e);
                if let Some(Some(credit)) = pending.pop() {
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        r#"<span class="image-credit">{}</span>"#,
                        escape(&credit)
                    ))));
                }
            }
            _ => out.push(e),
        }
    }
    (out, images)
}

/// Every credit of the site, for the Impressum's Bildnachweis: the items' images
/// (`image_credit`) and the credited images of every text, each image and credit once,
/// with the first page that shows it.
pub(crate) fn site_credits(site: &Site) -> Vec<ImageCredit> {
    let mut out: Vec<ImageCredit> = Vec::new();
    let mut add = |image: &str, credit: &str, page: &str, title: &str| {
        if !out.iter().any(|c| c.image == image && c.credit == credit) {
            out.push(ImageCredit {
                image: image.to_string(),
                credit: credit.to_string(),
                page: page.to_string(),
                title: title.to_string(),
            });
        }
    };
    for p in &site.projects {
        if let (Some(i), Some(c)) = (&p.data.image, &p.data.image_credit) {
            add(i, c, &p.url, &p.data.title);
        }
    }
    for n in &site.news {
        if let (Some(i), Some(c)) = (&n.data.image, &n.data.image_credit) {
            add(i, c, &n.url, &n.data.title);
        }
    }
    let titled = (site.pages.iter().map(|i| (&i.core, i.data.title.as_str())))
        .chain(
            site.projects
                .iter()
                .map(|i| (&i.core, i.data.title.as_str())),
        )
        .chain(site.calls.iter().map(|i| (&i.core, i.data.title.as_str())))
        .chain(site.news.iter().map(|i| (&i.core, i.data.title.as_str())))
        .chain(site.events.iter().map(|i| (&i.core, i.data.title.as_str())));
    for (item, title) in titled {
        for (image, credit) in &item.images {
            if let Some(credit) = credit {
                add(image, credit, &item.url, title);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::to_html;

    #[test]
    fn a_title_becomes_a_credit_under_the_image() {
        let html = to_html("![Zwei Lotsen](/bilder/a.jpg \"Foto: Erika <Muster>\")\n");
        assert!(
            html.contains(r#"<img src="/bilder/a.jpg" alt="Zwei Lotsen" /><span class="image-credit">Foto: Erika &lt;Muster&gt;</span>"#),
            "{html}"
        );
        assert!(!html.contains("title="), "{html}");
        let plain = to_html("![Zwei Lotsen](/bilder/a.jpg)\n");
        assert!(!plain.contains("image-credit"), "{plain}");
    }
}
