//! The search widget: an ARIA 1.2 combobox that searches as the reader types.
//!
//! ```html
//! <div id="search"></div>
//! <script type="module">
//!   import init, { mount } from './fahras.js';
//!   await init();
//!   mount(document.getElementById('search'), { index: 'index.fahras', placeholder: 'ابحث…', limit: 10 });
//! </script>
//! ```
//!
//! (`fahras-embed.js` does the same for every element with a `data-fahras` attribute, and works
//! under a strict Content-Security-Policy.)
//!
//! The DOM it builds, for styling and for tests:
//!
//! ```text
//! div.fahras[dir=rtl][lang=ar][data-state=loading|ready|results|empty|error]
//!   label.fahras-label            (visually hidden)
//!   div.fahras-field
//!     input.fahras-input[role=combobox][aria-controls][aria-expanded][aria-activedescendant]
//!     kbd.fahras-key              ("/")
//!   progress.fahras-progress      (while the index downloads)
//!   div.fahras-status[role=status]
//!     button.fahras-suggestion    (when nothing matched: the closest terms)
//!   ul.fahras-results[role=listbox]
//!     li.fahras-result[role=option][aria-selected] (.is-active when chosen with the keyboard)
//!       a.fahras-title | span.fahras-title    (a link only for http(s) and relative URLs)
//!       div.fahras-meta > time.fahras-date, span.fahras-category
//!       p.fahras-excerpt          (matched words in <mark>)
//!   button.fahras-more            ("more results")
//!   button.fahras-save            ("save for offline reading", with `offline`; [data-saved] once done)
//! ```
//!
//! Corpus text reaches the page only as text nodes, or as the pre-escaped `title_html` and
//! `excerpt` of the search results, whose only markup is `<mark>`.

use super::api::Engine;
use super::text::{clean, count_phrase, linkable, short_date, ARTICLES, RESULTS};
use crate::search::{Rewrite, SearchOptions, SearchResults};
use js_sys::Reflect;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, KeyboardEvent};

/// Options of [`mount`], read leniently from a JavaScript object (numbers may be strings).
#[derive(Clone, Debug)]
struct Options {
    index: String,
    placeholder: String,
    label: String,
    limit: usize,
    excerpt_words: usize,
    stylesheet: Option<String>,
    /// Queries to offer before the reader types (comma-separated).
    examples: Vec<String>,
    /// Whether to offer saving the whole index for offline reading.
    offline: bool,
}

fn prop(obj: &JsValue, key: &str) -> Option<JsValue> {
    if !obj.is_object() {
        return None;
    }
    Reflect::get(obj, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn prop_str(obj: &JsValue, key: &str) -> Option<String> {
    prop(obj, key).and_then(|v| v.as_string())
}

/// A positive whole number, given as a number or a string (data attributes are strings).
/// (Integers only: float parsing and formatting would add 20 kB to the WebAssembly.)
fn prop_num(obj: &JsValue, key: &str) -> Option<usize> {
    let v = prop(obj, key)?;
    let n = match v.as_f64() {
        Some(f) if f.is_finite() && f >= 1.0 => f as usize,
        Some(_) => return None,
        None => v.as_string()?.trim().parse::<usize>().ok()?,
    };
    (n >= 1).then_some(n)
}

impl Options {
    fn from_js(o: &JsValue) -> Options {
        Options {
            index: prop_str(o, "index").unwrap_or_else(|| "index.fahras".into()),
            placeholder: prop_str(o, "placeholder").unwrap_or_else(|| "ابحث في الأخبار…".into()),
            label: prop_str(o, "label").unwrap_or_else(|| "البحث في الموقع".into()),
            limit: prop_num(o, "limit").unwrap_or(10).min(100),
            excerpt_words: prop_num(o, "excerptWords").unwrap_or(30).min(200),
            stylesheet: prop_str(o, "stylesheet"),
            examples: prop_str(o, "examples")
                .map(|e| e.split([',', '،']).map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).take(8).collect())
                .unwrap_or_default(),
            offline: prop(o, "offline").is_some_and(|v| v.is_truthy()),
        }
    }
}

/// What the widget holds between events.
struct State {
    doc: Document,
    root: Element,
    input: HtmlInputElement,
    progress: Element,
    status: Element,
    list: Element,
    more: HtmlElement,
    save: HtmlElement,
    opts: Options,
    uid: u32,
    index: Option<Rc<Engine>>,
    index_url: String,
    error: Option<String>,
    /// The query the shown results are for, and how many are shown.
    query: String,
    shown: usize,
    /// The result links, in order (None: not linkable).
    hrefs: Vec<Option<String>>,
    active: Option<usize>,
    /// How long the last search took, to debounce typing on a slow device or a huge index.
    last_ms: f64,
    timer: Option<i32>,
    /// Counts searches, so that only the latest one's results are shown.
    generation: u64,
}

type Shared = Rc<RefCell<State>>;

thread_local! {
    static NEXT_UID: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

fn el(doc: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

/// Mounts the search widget on `element`. Options: `index` (URL of the index, relative to the
/// page; default `index.fahras`) or `indexData` (the bytes of a whole index, a `Uint8Array`),
/// `placeholder`, `label`, `limit` (results per page, default 10), `excerptWords`, `examples`,
/// `offline` (offer to save the index for offline reading), and `stylesheet` (a URL of
/// `fahras.css` to add to the page if missing).
#[wasm_bindgen]
pub fn mount(element: Element, options: JsValue) -> Result<(), JsError> {
    mount_inner(element, options).map_err(|e| {
        let why = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_default();
        JsError::new(&format!("cannot mount the Fahras widget: {why}"))
    })
}

fn mount_inner(element: Element, options: JsValue) -> Result<(), JsValue> {
    let opts = Options::from_js(&options);
    let window = web_sys::window().ok_or("no window")?;
    let doc = window.document().ok_or("no document")?;
    if let Some(css) = &opts.stylesheet {
        add_stylesheet(&doc, css)?;
    }
    let uid = NEXT_UID.with(|n| {
        let v = n.get();
        n.set(v + 1);
        v
    });
    let index_url = web_sys::Url::new_with_base(&opts.index, &doc.base_uri()?.unwrap_or_default())
        .map(|u| u.href())
        .unwrap_or_else(|_| opts.index.clone());

    // Build the DOM from a static template (one call instead of dozens: a smaller wasm), then
    // set the texts that come from the options as text and attribute values, never as HTML.
    element.set_inner_html(&format!(
        "<div class=fahras dir=rtl lang=ar data-state=loading>\
         <label class=fahras-label for=fahras-input-{uid}></label>\
         <div class=fahras-field><input id=fahras-input-{uid} class=fahras-input type=search role=combobox \
         aria-autocomplete=list aria-expanded=false aria-controls=fahras-list-{uid} \
         aria-describedby=fahras-status-{uid} autocomplete=off autocapitalize=off spellcheck=false \
         enterkeyhint=search><kbd class=fahras-key aria-hidden=true title='اضغط / أو Ctrl+K للبحث'>/</kbd></div>\
         <progress class=fahras-progress aria-label='تحميل فهرس البحث'></progress>\
         <div class=fahras-status id=fahras-status-{uid} role=status aria-live=polite>جارٍ تحميل فهرس البحث…</div>\
         <ul class=fahras-results id=fahras-list-{uid} role=listbox aria-label='نتائج البحث'></ul>\
         <button class=fahras-more type=button hidden>عرض المزيد</button>\
         <button class=fahras-save type=button hidden>حفظ للقراءة دون اتصال</button></div>"
    ));
    let find =
        |sel: &str| -> Result<Element, JsValue> { element.query_selector(sel)?.ok_or_else(|| JsValue::from_str(sel)) };
    let root = find(".fahras")?;
    find(".fahras-label")?.set_text_content(Some(&opts.label));
    let input: HtmlInputElement = find(".fahras-input")?.dyn_into()?;
    input.set_attribute("placeholder", &opts.placeholder)?;
    let progress = find(".fahras-progress")?;
    let status = find(".fahras-status")?;
    let list = find(".fahras-results")?;
    let more: HtmlElement = find(".fahras-more")?.dyn_into()?;
    let save: HtmlElement = find(".fahras-save")?.dyn_into()?;

    let state: Shared = Rc::new(RefCell::new(State {
        doc: doc.clone(),
        root,
        input: input.clone(),
        progress,
        status: status.clone(),
        list: list.clone(),
        more: more.clone(),
        save: save.clone(),
        opts,
        uid,
        index: None,
        index_url: index_url.clone(),
        error: None,
        query: String::new(),
        shown: 0,
        hrefs: Vec::new(),
        active: None,
        last_ms: 0.0,
        timer: None,
        generation: 0,
    }));

    // Events.
    {
        let s = state.clone();
        let cb = Closure::<dyn FnMut()>::new(move || on_input(&s));
        input.add_event_listener_with_callback("input", cb.as_ref().unchecked_ref())?;
        cb.forget();
    }
    {
        let s = state.clone();
        let cb = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| on_key(&s, &e));
        input.add_event_listener_with_callback("keydown", cb.as_ref().unchecked_ref())?;
        cb.forget();
    }
    {
        let s = state.clone();
        let cb = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| on_global_key(&s, &e));
        doc.add_event_listener_with_callback("keydown", cb.as_ref().unchecked_ref())?;
        cb.forget();
    }
    {
        let s = state.clone();
        let cb = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| on_status_click(&s, &e));
        status.add_event_listener_with_callback("click", cb.as_ref().unchecked_ref())?;
        cb.forget();
    }
    {
        let s = state.clone();
        let cb = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| on_hover(&s, &e));
        list.add_event_listener_with_callback("mousemove", cb.as_ref().unchecked_ref())?;
        cb.forget();
    }
    {
        let s = state.clone();
        let cb = Closure::<dyn FnMut()>::new(move || show_more(&s));
        more.add_event_listener_with_callback("click", cb.as_ref().unchecked_ref())?;
        cb.forget();
    }
    {
        let s = state.clone();
        let cb = Closure::<dyn FnMut()>::new(move || save_offline(&s));
        save.add_event_listener_with_callback("click", cb.as_ref().unchecked_ref())?;
        cb.forget();
    }

    // Load the index: given as bytes (a page opened from disk, where fetch is refused), or
    // downloaded.
    let data = prop(&options, "indexData").and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok());
    let s = state.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(data) = data {
            let result = Engine::open(data.to_vec(), "");
            {
                let mut st = s.borrow_mut();
                st.progress.remove();
                match result {
                    Ok(engine) => st.index = Some(Rc::new(engine)),
                    Err(e) => st.error = Some(e),
                }
            }
            refresh(&s);
            return;
        }
        let progress_state = s.clone();
        let mut on_progress = move |got: u64, total: u64| {
            let st = progress_state.borrow();
            if total > 0 {
                let _ = st.progress.set_attribute("max", &total.to_string());
                let _ = st.progress.set_attribute("value", &got.min(total).to_string());
                let pct = (got.min(total) * 100 / total).min(100);
                st.status.set_text_content(Some(&format!("جارٍ تحميل فهرس البحث… {pct}%")));
            }
        };
        let result = Engine::load(&index_url, &mut on_progress).await;
        {
            let mut st = s.borrow_mut();
            st.progress.remove();
            match result {
                Ok(engine) => {
                    // Only a split index can be saved: a whole one is already here, and the
                    // service worker keeps it.
                    let offer = st.opts.offline && engine.is_split();
                    st.save.set_hidden(!offer);
                    if offer && saved_version(&st.index_url).as_deref() == Some(&engine.version_key()) {
                        mark_saved(&st.save);
                    }
                    st.index = Some(Rc::new(engine));
                }
                Err(e) => st.error = Some(e),
            }
        }
        refresh(&s);
    });
    Ok(())
}

fn add_stylesheet(doc: &Document, href: &str) -> Result<(), JsValue> {
    let links = doc.query_selector_all("link[rel=stylesheet]")?;
    for i in 0..links.length() {
        if let Some(l) = links.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let existing = l.get_attribute("href").unwrap_or_default();
            if existing == href || href.ends_with(&format!("/{existing}")) {
                return Ok(());
            }
        }
    }
    let link = doc.create_element("link")?;
    link.set_attribute("rel", "stylesheet")?;
    link.set_attribute("href", href)?;
    if let Some(head) = doc.head() {
        head.append_child(&link)?;
    }
    Ok(())
}

/// Runs the search for the current input, now or after a short pause when searches are slow.
fn on_input(s: &Shared) {
    let (slow, window) = {
        let st = s.borrow();
        (st.last_ms > 30.0, web_sys::window())
    };
    let Some(window) = window else { return };
    if let Some(t) = s.borrow_mut().timer.take() {
        window.clear_timeout_with_handle(t);
    }
    if !slow {
        refresh(s);
        return;
    }
    let s2 = s.clone();
    let cb = Closure::once_into_js(move || {
        s2.borrow_mut().timer = None;
        refresh(&s2);
    });
    if let Ok(t) = window.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 80) {
        s.borrow_mut().timer = Some(t);
    }
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Shows the state that fits the current input: results, no results, the empty prompt, or the
/// loading and error messages. Searching is asynchronous (a split index may fetch files): the
/// results of a search are shown only if no later keystroke started another.
fn refresh(s: &Shared) {
    let query = s.borrow().input.value();
    let mut st = s.borrow_mut();
    st.generation += 1;
    let generation = st.generation;
    if let Some(e) = st.error.clone() {
        st.active = None;
        set_state(&st, "error");
        clear_list(&mut st);
        show_error(&st, "تعذّر تحميل البحث: ", &e);
        return;
    }
    let Some(engine) = st.index.clone() else {
        return; // still loading; the load finishing calls refresh again
    };
    if query.trim().is_empty() {
        st.active = None;
        let _ = st.input.remove_attribute("aria-activedescendant");
        set_state(&st, "ready");
        clear_list(&mut st);
        st.query.clear();
        let n = engine.documents() as usize;
        st.status.set_text_content(Some(&format!("اكتب للبحث في {}.", count_phrase(n, &ARTICLES))));
        if !st.opts.examples.is_empty() {
            let _ = st.status.append_child(&st.doc.create_text_node(" جرّب: "));
            append_suggestions(&st, &st.opts.examples);
        }
        return;
    }
    let opts = SearchOptions { limit: st.opts.limit, excerpt_words: st.opts.excerpt_words, ..SearchOptions::default() };
    drop(st);
    let s = s.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let t0 = now();
        let result = engine.search(&query, &opts).await;
        let mut st = s.borrow_mut();
        if st.generation != generation {
            return; // a later keystroke has its own search
        }
        st.last_ms = now() - t0;
        st.active = None;
        let _ = st.input.remove_attribute("aria-activedescendant");
        match result {
            Ok(res) => {
                clear_list(&mut st);
                st.query = query;
                render_status(&st, &res);
                append_hits(&mut st, &res);
            }
            Err(e) => {
                set_state(&st, "error");
                clear_list(&mut st);
                show_error(&st, "تعذّر البحث: ", &e);
            }
        }
    });
}

/// An error in the status: the Arabic sentence, then the technical detail (English, for the
/// site owner) set apart left to right in a Latin font.
fn show_error(st: &State, what: &str, detail: &str) {
    st.status.set_text_content(Some(what));
    if let Ok(code) = el(&st.doc, "code", "fahras-detail") {
        let _ = code.set_attribute("dir", "ltr");
        let _ = code.set_attribute("lang", "en");
        code.set_text_content(Some(&clean(detail)));
        let _ = st.status.append_child(&code);
    }
    let _ = st.status.set_attribute("role", "alert");
}

fn set_state(st: &State, state: &str) {
    let _ = st.root.set_attribute("data-state", state);
    let _ = st.status.set_attribute("role", "status");
}

fn clear_list(st: &mut State) {
    st.list.set_inner_html("");
    st.hrefs.clear();
    st.shown = 0;
    st.more.set_hidden(true);
    let _ = st.input.set_attribute("aria-expanded", "false");
}

fn render_status(st: &State, res: &SearchResults) {
    let status = &st.status;
    status.set_text_content(None);
    let text = |t: &str| {
        let _ = status.append_child(&st.doc.create_text_node(t));
    };
    if res.total == 0 {
        set_state(st, "empty");
        text(&format!("لا نتائج لـ «{}».", res.query.trim()));
        if !res.suggestions.is_empty() {
            text(" هل تقصد: ");
            append_suggestions(st, &res.suggestions);
            text("؟");
        }
        return;
    }
    set_state(st, "results");
    match res.rewrite {
        Rewrite::None => text(&format!("{}.", count_phrase(res.total, &RESULTS))),
        Rewrite::Keyboard => text(&format!(
            "{} لـ «{}»، فقد كُتب «{}» بلوحة مفاتيح أخرى.",
            count_phrase(res.total, &RESULTS),
            res.ran_as,
            res.query.trim()
        )),
        Rewrite::Typo => text(&format!(
            "{} لـ «{}» بعد تصحيح «{}».",
            count_phrase(res.total, &RESULTS),
            res.ran_as,
            res.query.trim()
        )),
    }
}

/// Buttons that put a query in the box, separated by Arabic commas.
fn append_suggestions(st: &State, queries: &[String]) {
    for (i, q) in queries.iter().enumerate() {
        if i > 0 {
            let _ = st.status.append_child(&st.doc.create_text_node("، "));
        }
        if let Ok(b) = el(&st.doc, "button", "fahras-suggestion") {
            let _ = b.set_attribute("type", "button");
            let _ = b.set_attribute("data-suggestion", q);
            b.set_text_content(Some(q));
            let _ = st.status.append_child(&b);
        }
    }
}

/// Only http(s) and relative URLs become links; `javascript:`, `data:` and other schemes do not.
/// Relative URLs are resolved against the index's own URL (the builder writes them relative to
/// the site it indexed).
fn safe_href(url: &str, base: &str) -> Option<String> {
    let cleaned = linkable(url)?;
    let web = |u: &web_sys::Url| matches!(u.protocol().as_str(), "http:" | "https:" | "file:");
    // An index given as a blob: or data: URL is no base for relative links: use the page's.
    let base = match web_sys::Url::new(base) {
        Ok(b) if web(&b) => base.to_string(),
        _ => web_sys::window()?.document()?.base_uri().ok()??,
    };
    let resolved = web_sys::Url::new_with_base(&cleaned, &base).ok()?;
    web(&resolved).then(|| resolved.href())
}

fn append_hits(st: &mut State, res: &SearchResults) {
    let start = st.shown;
    for (i, h) in res.hits.iter().enumerate() {
        let n = start + i;
        let Ok(li) = el(&st.doc, "li", "fahras-result") else { continue };
        let _ = li.set_attribute("role", "option");
        let _ = li.set_attribute("id", &format!("fahras-opt-{}-{n}", st.uid));
        let _ = li.set_attribute("aria-selected", "false");
        let _ = li.set_attribute("data-index", &n.to_string());
        let href = safe_href(&h.url, &st.index_url);
        let title = if let Some(href) = &href {
            let a = el(&st.doc, "a", "fahras-title").ok();
            if let Some(a) = &a {
                let _ = a.set_attribute("href", href);
                let _ = a.set_attribute("tabindex", "-1");
            }
            a
        } else {
            el(&st.doc, "span", "fahras-title").ok()
        };
        if let Some(t) = title {
            // Escaped by the search (the only markup is <mark>).
            t.set_inner_html(if h.title_html.is_empty() { "(بلا عنوان)" } else { &h.title_html });
            let _ = li.append_child(&t);
        }
        if !h.date.is_empty() || !h.category.is_empty() {
            if let Ok(meta) = el(&st.doc, "div", "fahras-meta") {
                if !h.date.is_empty() {
                    if let Ok(t) = el(&st.doc, "time", "fahras-date") {
                        let _ = t.set_attribute("datetime", &clean(&h.date));
                        t.set_text_content(Some(&short_date(&h.date)));
                        let _ = meta.append_child(&t);
                    }
                }
                if !h.category.is_empty() {
                    if let Ok(c) = el(&st.doc, "span", "fahras-category") {
                        c.set_text_content(Some(&clean(&h.category.join("، "))));
                        let _ = meta.append_child(&c);
                    }
                }
                let _ = li.append_child(&meta);
            }
        }
        if !h.excerpt.is_empty() {
            if let Ok(p) = el(&st.doc, "p", "fahras-excerpt") {
                p.set_inner_html(&h.excerpt); // escaped by the search
                let _ = li.append_child(&p);
            }
        }
        let _ = st.list.append_child(&li);
        st.hrefs.push(href);
    }
    st.shown += res.hits.len();
    st.more.set_hidden(st.shown >= res.total);
    let _ = st.input.set_attribute("aria-expanded", if st.shown > 0 { "true" } else { "false" });
}

fn show_more(s: &Shared) {
    let st = s.borrow();
    let opts = SearchOptions {
        limit: st.opts.limit,
        offset: st.shown,
        excerpt_words: st.opts.excerpt_words,
        ..SearchOptions::default()
    };
    let (query, generation) = (st.query.clone(), st.generation);
    let Some(engine) = st.index.clone() else { return };
    drop(st);
    let s = s.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let res = engine.search(&query, &opts).await;
        let mut st = s.borrow_mut();
        if let (Ok(res), true) = (res, st.generation == generation) {
            append_hits(&mut st, &res);
        }
    });
}

/// The key under which the page remembers that it saved `index_url`.
fn saved_key(index_url: &str) -> String {
    format!("fahras-saved {index_url}")
}

/// The version of `index_url` this browser saved for offline reading, if any.
fn saved_version(index_url: &str) -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(&saved_key(index_url)).ok()?
}

fn mark_saved(button: &Element) {
    button.set_text_content(Some("✓ محفوظ للقراءة دون اتصال"));
    let _ = button.set_attribute("data-saved", "");
    let _ = button.set_attribute("disabled", "");
}

/// Fetches the whole index through the service worker, which keeps it for offline reading,
/// and remembers (in `localStorage`) which build it saved.
fn save_offline(s: &Shared) {
    let st = s.borrow();
    let Some(engine) = st.index.clone() else { return };
    let button = st.save.clone();
    let index_url = st.index_url.clone();
    drop(st);
    let _ = button.set_attribute("disabled", "");
    button.set_text_content(Some("جارٍ الحفظ…"));
    wasm_bindgen_futures::spawn_local(async move {
        let b = button.clone();
        let result = engine
            .fetch_all(&mut |done, all| {
                b.set_text_content(Some(&format!("جارٍ الحفظ… {done}/{all}")));
            })
            .await;
        match result {
            Ok(_) => {
                mark_saved(&button);
                if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
                    let _ = storage.set_item(&saved_key(&index_url), &engine.version_key());
                }
            }
            Err(_) => {
                button.set_text_content(Some("تعذّر الحفظ، حاول مرة أخرى"));
                let _ = button.remove_attribute("disabled");
            }
        }
    });
}

fn options(st: &State) -> Vec<Element> {
    let nodes = st.list.children();
    (0..nodes.length()).filter_map(|i| nodes.item(i)).collect()
}

fn set_active(st: &mut State, to: Option<usize>) {
    let opts = options(st);
    if let Some(old) = st.active.and_then(|i| opts.get(i)) {
        let _ = old.set_attribute("aria-selected", "false");
        let _ = old.class_list().remove_1("is-active");
    }
    st.active = to.filter(|&i| i < opts.len());
    match st.active.and_then(|i| opts.get(i)) {
        Some(li) => {
            let _ = li.set_attribute("aria-selected", "true");
            let _ = li.class_list().add_1("is-active");
            let _ = st.input.set_attribute("aria-activedescendant", &li.id());
            let o = web_sys::ScrollIntoViewOptions::new();
            o.set_block(web_sys::ScrollLogicalPosition::Nearest);
            li.scroll_into_view_with_scroll_into_view_options(&o);
        }
        None => {
            let _ = st.input.remove_attribute("aria-activedescendant");
        }
    }
}

fn on_key(s: &Shared, e: &KeyboardEvent) {
    if e.is_composing() {
        return;
    }
    let mut st = s.borrow_mut();
    let n = st.hrefs.len();
    match e.key().as_str() {
        "ArrowDown" if n > 0 => {
            e.prevent_default();
            let to = st.active.map_or(0, |i| (i + 1).min(n - 1));
            set_active(&mut st, Some(to));
        }
        "ArrowUp" if n > 0 => {
            e.prevent_default();
            let to = st.active.and_then(|i| i.checked_sub(1));
            set_active(&mut st, to);
        }
        "Enter" => {
            e.prevent_default();
            let target = st.active.or(if n > 0 { Some(0) } else { None });
            if let Some(href) = target.and_then(|i| st.hrefs.get(i).cloned().flatten()) {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().assign(&href);
                }
            }
        }
        "Escape" => {
            e.prevent_default();
            if st.active.is_some() {
                set_active(&mut st, None);
            } else if !st.input.value().is_empty() {
                st.input.set_value("");
                drop(st);
                refresh(s);
            } else {
                let _ = st.input.blur();
            }
        }
        _ => {}
    }
}

/// `/` (outside text fields) or Ctrl+K / ⌘K focuses the search box.
fn on_global_key(s: &Shared, e: &KeyboardEvent) {
    let ctrl_k = (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("k");
    let slash = e.key() == "/" && !e.ctrl_key() && !e.meta_key() && !e.alt_key();
    if !ctrl_k && !slash {
        return;
    }
    if slash {
        let typing = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()).is_some_and(|t| {
            matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || t.is_content_editable()
        });
        if typing {
            return;
        }
    }
    // With several widgets on a page, only the first answers the shortcut.
    let st = s.borrow();
    let first = st.doc.query_selector(".fahras-input").ok().flatten();
    if first.as_ref().is_some_and(|f| f != st.input.unchecked_ref::<Element>()) {
        return;
    }
    e.prevent_default();
    let _ = st.input.focus();
    st.input.select();
}

fn on_status_click(s: &Shared, e: &web_sys::Event) {
    let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let Some(sug) = t.get_attribute("data-suggestion") else { return };
    {
        let st = s.borrow();
        st.input.set_value(&sug);
        let _ = st.input.focus();
    }
    refresh(s);
}

fn on_hover(s: &Shared, e: &web_sys::Event) {
    let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let Ok(Some(li)) = t.closest(".fahras-result") else { return };
    let Some(i) = li.get_attribute("data-index").and_then(|v| v.parse::<usize>().ok()) else { return };
    let mut st = s.borrow_mut();
    if st.active != Some(i) {
        set_active(&mut st, Some(i));
    }
}
