use leptos::html::Textarea;
use leptos::prelude::*;

/// A Go source editor: a textarea beside a line-number gutter. The textarea grows with its
/// content so the gutter never needs scroll syncing. Its value is set imperatively (only
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
                rows=move || line_count.get() + 1
                prop:value=code.get_untracked()
                on:input=move |ev| code.set(event_target_value(&ev))
            ></textarea>
        </div>
    }
}
