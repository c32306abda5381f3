//! `index-builder export-html`: one self-contained HTML file holding the widget, the wasm and
//! the index, that works when opened straight from disk (`file://`, where browsers refuse
//! `fetch`), so an archive can be mailed or carried on a USB stick.
//!
//! The wasm and the index travel gzipped and base64-encoded, and are gunzipped in the page with
//! `DecompressionStream`; the wasm-bindgen glue is imported from a `blob:` URL (it is a module,
//! and a page from disk cannot load modules from files).

use crate::output;
use anyhow::{bail, Context, Result};
use std::path::Path;

/// The base64 alphabet (standard, with padding).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        out.push(A[(n >> 18) as usize & 63] as char);
        out.push(A[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 { A[(n >> 6) as usize & 63] as char } else { '=' });
        out.push(if chunk.len() > 2 { A[n as usize & 63] as char } else { '=' });
    }
    out
}

/// `n` articles, with Arabic number agreement (one, two, 3–10, 11 and more), digits grouped.
fn articles(n: u32) -> String {
    match n {
        1 => "مقال واحد".to_string(),
        2 => "مقالان".to_string(),
        _ => {
            let digits = n.to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let noun = if (3..=10).contains(&(n % 100)) { "مقالات" } else { "مقالًا" };
            format!("{grouped} {noun}")
        }
    }
}

/// Text safe inside an HTML element (and attribute).
fn html_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A JavaScript string literal that cannot close a `<script>` element.
fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '<' => out.push_str("\\x3c"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn read(site: &Path, name: &str) -> Result<Vec<u8>> {
    let path = site.join(name);
    std::fs::read(&path).with_context(|| {
        format!("cannot read {} (build the site first: scripts/demo, or trunk build --release)", path.display())
    })
}

pub fn export_html(index: &Path, site: &Path, out: &Path, title: Option<&str>) -> Result<()> {
    let bytes = output::read_maybe_gzip(index)?;
    if fahras::index::split::SplitIndex::is_manifest(&bytes) {
        bail!("{} is a split index; export-html embeds one whole index: rebuild it with --single", index.display());
    }
    let index_gz = output::gzip(&bytes);
    let opened = fahras::Index::open(bytes).with_context(|| format!("cannot open the index {}", index.display()))?;
    opened.verify().with_context(|| format!("cannot open the index {}", index.display()))?;
    let glue = String::from_utf8(read(site, "fahras.js")?).context("fahras.js is not UTF-8")?;
    let embed = String::from_utf8(read(site, "fahras-embed.js")?).context("fahras-embed.js is not UTF-8")?;
    // The widget imports the glue by name; in the page it is a blob: URL, put in at load time.
    if embed.matches("./fahras.js").count() != 1 {
        bail!(
            "{} does not import ./fahras.js exactly once: is it Fahras's fahras-embed.js?",
            site.join("fahras-embed.js").display()
        );
    }
    let wasm = read(site, "fahras_bg.wasm")?;
    let css = String::from_utf8(read(site, "fahras.css")?).context("fahras.css is not UTF-8")?;
    let n = opened.doc_count();
    let title = title.map(str::to_string).unwrap_or_else(|| format!("أرشيف: {}", articles(n)));
    let page = format!(
        r#"<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Fahras index-builder export-html">
<title>{title}</title>
<style>
{css}
body {{ margin: 0; background: #fbfaf7; }}
@media (prefers-color-scheme: dark) {{ body {{ background: #121416; color: #e8eaed; }} }}
.archive {{ max-width: 46rem; margin: 0 auto; padding: 2rem 1.2rem; font-family: var(--fahras-font, sans-serif); }}
.archive h1 {{ font-size: 1.6rem; margin: 0 0 1rem; }}
</style>
</head>
<body>
<main class="archive">
<h1>{title}</h1>
<div id="fahras" class="fahras-host"><noscript>يحتاج البحث إلى JavaScript.</noscript></div>
</main>
<script type="module">
const glue = {glue};
const embed = {embed};
const wasm = "{wasm}";
const index = "{index}";
const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const gunzip = async (b) => new Uint8Array(await new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
const blob = (text) => URL.createObjectURL(new Blob([text], {{ type: "text/javascript" }}));
const m = await import(blob(embed.replace("./fahras.js", blob(glue))));
await m.ready(await gunzip(bytes(wasm)));
m.mount(document.getElementById("fahras"), {{ indexData: await gunzip(bytes(index)), mode: "page", limit: 20, placeholder: "ابحث في الأرشيف…" }});
</script>
</body>
</html>
"#,
        title = html_text(&title),
        css = css.replace("</style", "<\\/style"),
        glue = js_string(&glue),
        embed = js_string(&embed),
        wasm = base64(&output::gzip(&wasm)),
        index = base64(&index_gz),
    );
    output::write_atomically(out, page.as_bytes())?;
    eprintln!(
        "exported {} documents into {} ({} bytes); open it from disk",
        output::thousands(u64::from(n)),
        out.display(),
        output::thousands(page.len() as u64)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_article_counts() {
        assert_eq!(articles(1), "مقال واحد");
        assert_eq!(articles(2), "مقالان");
        assert_eq!(articles(7), "7 مقالات");
        assert_eq!(articles(103), "103 مقالات");
        assert_eq!(articles(40004), "40,004 مقالات");
        assert_eq!(articles(40011), "40,011 مقالًا");
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn script_text_cannot_end_the_script() {
        let s = js_string("a</script><script>x\"\\\n");
        assert!(!s.contains("</script"), "{s}");
        assert_eq!(s, "\"a\\x3c/script>\\x3cscript>x\\\"\\\\\\n\"");
    }
}
