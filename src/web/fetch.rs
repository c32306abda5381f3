//! Downloading bytes with `fetch`, reporting progress, with errors a person can act on.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The message of a JavaScript error (or whatever was thrown).
pub(crate) fn describe(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| "an unknown error".to_string())
}

/// Downloads `url` (resolved against the page), calling `progress(received, total)` as bytes
/// arrive (`total` is 0 when the server does not say), and gunzips what is gzip (the files of a
/// split index are stored gzipped, whether or not the server compresses).
pub async fn bytes(url: &str, progress: &mut dyn FnMut(u64, u64)) -> Result<Vec<u8>, String> {
    let raw = download(url, progress).await?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        return gunzip(&raw).await.map_err(|e| format!("the file {url} is not valid gzip: {}", describe(&e)));
    }
    Ok(raw)
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `DecompressionStream` (declared here: web-sys has it behind its unstable
    /// APIs flag).
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// Decompresses gzip with the browser's `DecompressionStream`.
async fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts)?;
    let ds = DecompressionStream::new("gzip")?;
    let stream = blob.stream().pipe_through(ds.unchecked_ref::<web_sys::ReadableWritablePair>());
    let resp = web_sys::Response::new_with_opt_readable_stream(Some(&stream))?;
    let buf = JsFuture::from(resp.array_buffer()?).await?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// How the message of a network failure (no answer at all, as opposed to an HTTP error) starts.
const NETWORK: &str = "could not download the search index";

/// Whether `error` (from [`bytes`]) is a network failure, worth trying again.
pub fn is_network_error(error: &str) -> bool {
    error.starts_with(NETWORK)
}

async fn download(url: &str, progress: &mut dyn FnMut(u64, u64)) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window: Fahras runs in a web page")?;
    let resp = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| {
        let how = if window.location().protocol().ok().as_deref() == Some("file:") {
            " (the page was opened as a file; browsers do not let such pages download: serve the folder with a web server)"
        } else {
            ""
        };
        format!("{NETWORK} {url}: {}{how}", describe(&e))
    })?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "fetch did not return a response".to_string())?;
    if !resp.ok() {
        return Err(format!(
            "the search index {url} could not be downloaded: the server answered {} {}; check that the index file was copied next to the page",
            resp.status(),
            resp.status_text()
        ));
    }
    let total: u64 = resp.headers().get("content-length").ok().flatten().and_then(|v| v.parse().ok()).unwrap_or(0);
    let Some(body) = resp.body() else {
        let buf = JsFuture::from(resp.array_buffer().map_err(|e| describe(&e))?).await.map_err(|e| describe(&e))?;
        return Ok(Uint8Array::new(&buf).to_vec());
    };
    let reader: web_sys::ReadableStreamDefaultReader =
        body.get_reader().dyn_into().map_err(|_| "the download cannot be read".to_string())?;
    let mut out: Vec<u8> = Vec::with_capacity(total.min(1 << 30) as usize);
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| format!("the download of the search index {url} was interrupted: {}", describe(&e)))?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done")).map(|v| v.is_truthy()).unwrap_or(true);
        if done {
            break;
        }
        if let Ok(value) = Reflect::get(&chunk, &JsValue::from_str("value")) {
            if let Some(arr) = value.dyn_ref::<Uint8Array>() {
                let start = out.len();
                out.resize(start + arr.length() as usize, 0);
                arr.copy_to(&mut out[start..]);
                progress(out.len() as u64, total);
            }
        }
    }
    Ok(out)
}
