use crate::view::code_view::{diff_lines, visible_window};
use crate::view::editing::{self, TextChange};
use leptos::html::{Div, Pre, Textarea};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

/// A Go source editor: a transparent textarea over a highlighted layer, beside a gutter.
/// Both layers are exactly as tall and wide as the text, so they never scroll apart (the
/// frame scrolls instead). The textarea's value is set imperatively (first render, reset,
/// fixes), so typing never moves the caret.
#[component]
pub fn Editor(
    code: RwSignal<String>,
    node_ref: NodeRef<Textarea>,
    /// The highlighted, squiggled text as HTML, one string per line (from
    /// `view::code_view::render_lines`); only lines that change are redrawn.
    highlight_lines: Signal<Vec<String>>,
    gutter_html: Signal<String>,
    #[prop(into)] label: Signal<String>,
    /// How to use the keys here (Tab indents; Esc, then Tab, leaves), read out on focus.
    #[prop(into)]
    keys: Signal<String>,
    #[prop(optional)] read_only: bool,
) -> impl IntoView {
    let line_count = Memo::new(move |_| code.with(|c| c.split('\n').count()));
    let columns = Memo::new(move |_| code.with(|c| crate::view::code_view::max_columns(c, 4)));
    let layer = NodeRef::<Pre>::new();
    let frame = NodeRef::<Div>::new();
    // Where the frame is scrolled (top, height in px) and how tall a line is: long files
    // draw only the highlighted lines around the view.
    let viewport = RwSignal::new((0.0_f64, 0.0_f64));
    let line_px = StoredValue::new(0.0_f64);
    let measure = move || {
        let Some(frame) = frame.get_untracked() else {
            return;
        };
        if line_px.get_value() <= 0.0 {
            let px = window()
                .get_computed_style(&frame)
                .ok()
                .flatten()
                .and_then(|style| style.get_property_value("line-height").ok())
                .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
                .unwrap_or(0.0);
            line_px.set_value(px);
        }
        let now = (frame.scroll_top() as f64, frame.client_height() as f64);
        if viewport.get_untracked() != now {
            viewport.set(now);
        }
    };
    let drawn = Memo::new(move |_| {
        let (top, height) = viewport.get();
        visible_window(line_count.get(), top, height, line_px.get_value())
    });
    // The lines in the layer: the first one's index, and their HTML.
    let shown = StoredValue::new_local((0_usize, Vec::<String>::new()));
    Effect::new(move |_| {
        let Some(pre) = layer.get() else { return };
        if line_px.get_value() <= 0.0 {
            // Sets the viewport only if it changed, so this runs again at most once.
            measure();
        }
        let window = drawn.get();
        highlight_lines.with(|lines| {
            let end = window.end.min(lines.len());
            let start = window.start.min(end);
            shown.update_value(|(first, old)| {
                if *first != start {
                    // The window moved: draw it afresh, offset by the lines above it.
                    pre.set_inner_html("");
                    old.clear();
                    *first = start;
                    let _ = pre.set_attribute(
                        "style",
                        &format!(
                            "padding-top: calc(0.75rem + {start} * var(--ll-editor-line) * 1em)"
                        ),
                    );
                }
                patch_layer(&pre, old, &lines[start..end]);
            });
        });
    });
    let on_keydown = move |ev: KeyboardEvent| {
        let Some(el) = node_ref.get() else { return };
        let text = el.value();
        let start = el.selection_start().ok().flatten().unwrap_or(0);
        let end = el.selection_end().ok().flatten().unwrap_or(start);
        let plain = !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key();
        let change = match ev.key().as_str() {
            "Tab" if plain && ev.shift_key() => Some(editing::outdent(&text, start, end)),
            "Tab" if plain => Some(editing::indent(&text, start, end)),
            "Enter" if plain && !ev.shift_key() => Some(editing::newline(&text, start, end)),
            "Escape" => {
                // Keyboard users leave the editor with Esc; Tab then moves focus on.
                let _ = el.blur();
                None
            }
            _ => None,
        };
        if let Some(change) = change {
            if !read_only {
                ev.prevent_default();
                apply_change(&el, &change, code);
            }
        }
    };
    view! {
        <div class="ll-editor" class:ll-editor--readonly=read_only node_ref=frame on:scroll=move |_| measure()>
            <pre class="ll-editor__gutter" aria-hidden="true" inner_html=move || gutter_html.get()></pre>
            <div
                class="ll-editor__stack"
                style:height=move || format!("calc({} * var(--ll-editor-line) * 1em + 1.5rem)", line_count.get() + 1)
                style:width=move || format!("calc({}ch + 3rem)", columns.get())
            >
                <pre class="ll-editor__highlight" aria-hidden="true" node_ref=layer></pre>
                <textarea
                    node_ref=node_ref
                    class="ll-editor__input"
                    data-testid="editor"
                    spellcheck="false"
                    autocapitalize="off"
                    autocomplete="off"
                    wrap="off"
                    readonly=read_only
                    aria-label=label
                    aria-description=move || keys.get()
                    prop:value=code.get_untracked()
                    on:input=move |ev| code.set(event_target_value(&ev))
                    on:keydown=on_keydown
                ></textarea>
            </div>
        </div>
    }
}

/// Makes the layer's line elements (one `<span>` per line) show `new`, touching only the
/// lines between the first and last that differ from `old`, which becomes `new`.
fn patch_layer(pre: &web_sys::Element, old: &mut Vec<String>, new: &[String]) {
    let splice = diff_lines(old, new);
    let mut at = nth_child(pre, old.len(), splice.start);
    let reused = splice.remove.min(splice.insert.len());
    for line in &new[splice.insert.start..splice.insert.start + reused] {
        if let Some(el) = &at {
            el.set_inner_html(line);
            at = el.next_element_sibling();
        }
    }
    for _ in reused..splice.remove {
        if let Some(el) = at {
            at = el.next_element_sibling();
            el.remove();
        }
    }
    for line in &new[splice.insert.start + reused..splice.insert.end] {
        if let Ok(el) = document().create_element("span") {
            el.set_inner_html(line);
            let _ = pre.insert_before(&el, at.as_ref().map(|a| a.as_ref()));
        }
    }
    old.splice(
        splice.start..splice.start + splice.remove,
        new[splice.insert].iter().cloned(),
    );
}

/// The `index`th of `len` child elements, walking from whichever end is nearer.
fn nth_child(parent: &web_sys::Element, len: usize, index: usize) -> Option<web_sys::Element> {
    if index >= len {
        return None;
    }
    if index <= len / 2 {
        let mut el = parent.first_element_child();
        for _ in 0..index {
            el = el?.next_element_sibling();
        }
        el
    } else {
        let mut el = parent.last_element_child();
        for _ in index + 1..len {
            el = el?.previous_element_sibling();
        }
        el
    }
}

/// Applies `change` through the browser's editing commands so native undo/redo keeps
/// working; falls back to setting the value when the command is unavailable.
pub fn apply_change(
    el: &web_sys::HtmlTextAreaElement,
    change: &TextChange,
    code: RwSignal<String>,
) {
    let _ = el.focus();
    let _ = el.set_selection_range(change.start, change.end);
    let inserted = document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|doc| {
            doc.exec_command_with_show_ui_and_value("insertText", false, &change.insert)
                .ok()
        })
        .unwrap_or(false);
    if !inserted {
        let text = change.apply(&el.value());
        el.set_value(&text);
        code.set(text);
    }
    let _ = el.set_selection_range(change.select_start, change.select_end);
}

/// Replaces the whole text (reset, fixes), undoably where the browser allows.
pub fn replace_all(el: &web_sys::HtmlTextAreaElement, text: &str, code: RwSignal<String>) {
    let len = el.value().encode_utf16().count() as u32;
    let change = TextChange {
        start: 0,
        end: len,
        insert: text.to_owned(),
        select_start: 0,
        select_end: 0,
    };
    apply_change(el, &change, code);
    // insertText of an empty string deletes; make sure the signal matches either way.
    if el.value() != text {
        el.set_value(text);
    }
    code.set(text.to_owned());
}
