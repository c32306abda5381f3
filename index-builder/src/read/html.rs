//! Placeholder until the HTML extractor lands (being written in a scratch crate).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HtmlDoc {
    pub title: String,
    pub body: String,
    pub date: String,
    pub category: String,
}
pub fn extract(html: &str) -> HtmlDoc {
    HtmlDoc { body: html.to_string(), ..Default::default() }
}
