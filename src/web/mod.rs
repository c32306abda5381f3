//! The browser side: the JavaScript API (`api`, wasm32 only). It is synchronous and does no
//! networking: `www/fahras-embed.js` downloads, gunzips, and drives the widget and the search
//! page; the WebAssembly searches.

#[cfg(target_arch = "wasm32")]
pub mod api;
