use leptos::html::Textarea;
use leptos::prelude::*;

/// A Go source editor: a textarea beside a line-number gutter. The textarea is exactly as
/// tall as its lines, so it never scrolls inside and the gutter needs no scroll syncing. Its value is set imperatively (only
/// on first render and on reset), so typing never moves the caret.
#[component]
pub fn Editor(
    /// The text; updated on every input.
    code: RwSignal<String>,
    node_ref: NodeRef<Textarea>,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    let line_count = Memo::new(move |_| code.with(|c| c.split('\n').count()));
    let gutter = move || {
        (1..=line_count.get())
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    view! {
        <div class="ll-editor">
            <pre class="ll-editor__gutter" aria-hidden="true">{gutter}</pre>
            <textarea
                node_ref=node_ref
                class="ll-editor__input"
                data-testid="editor"
                spellcheck="false"
                autocapitalize="off"
                autocomplete="off"
                wrap="off"
                aria-label=label
                style:height=move || format!("calc({} * var(--ll-editor-line) * 1em + 1.5rem)", line_count.get() + 1)
                prop:value=code.get_untracked()
                on:input=move |ev| code.set(event_target_value(&ev))
            ></textarea>
        </div>
    }
}
