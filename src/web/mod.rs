//! The browser side: the JavaScript API (`api`, wasm32 only), the search widget (`widget`,
//! wasm32 only), and the text the widget writes ([`text`], every target).

pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
pub mod widget;
