//! The progress store: loaded from localStorage once, saved on every change. A damaged
//! store is backed up as it was (nothing is lost) and what still reads is kept.

use super::storage;
use crate::view::progress::Progress;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

const KEY: &str = "progress";

#[derive(Clone, Copy)]
pub(crate) struct ProgressContext {
    pub progress: RwSignal<Progress>,
    /// What could not be read, shown once as a notice.
    pub warnings: RwSignal<Vec<String>>,
}

pub(crate) fn use_progress() -> ProgressContext {
    expect_context::<ProgressContext>()
}

pub(crate) fn provide_progress() {
    let (progress, warnings) = match storage::get(KEY) {
        None => (Progress::default(), Vec::new()),
        Some(text) => {
            let (progress, warnings) = Progress::from_json(&text);
            if !warnings.is_empty() {
                storage::set("progress.damaged-backup", &text);
            }
            (progress, warnings)
        }
    };
    let ctx = ProgressContext {
        progress: RwSignal::new(progress),
        warnings: RwSignal::new(warnings),
    };
    // Save on every change, but not at start-up: nothing has changed yet, and writing then
    // could overwrite what another tab (or a test) stored after this page read it.
    Effect::new(move |previous: Option<()>| {
        if previous.is_none() {
            ctx.progress.track();
            return;
        }
        let json = ctx.progress.with(Progress::to_json);
        storage::set(KEY, &json);
    });
    provide_context(ctx);
}

/// Offers the progress as a downloaded JSON file.
pub(crate) fn export(progress: &Progress) -> Result<(), JsValue> {
    let parts = js_sys_array(&progress.to_json());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download("leaklab-progress.json");
    a.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

fn js_sys_array(text: &str) -> JsValue {
    let array = js_sys::Array::new();
    array.push(&JsValue::from_str(text));
    array.into()
}

/// Reads a chosen file and merges it over the current progress. Returns the warnings.
pub(crate) async fn import(file: web_sys::File, ctx: ProgressContext) {
    let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
        Ok(value) => value.as_string().unwrap_or_default(),
        Err(_) => {
            ctx.warnings
                .set(vec!["could not read the chosen file".to_owned()]);
            return;
        }
    };
    let (imported, warnings) = Progress::from_json(&text);
    let count = imported.lessons.len();
    ctx.progress.update(|p| p.lessons.extend(imported.lessons));
    let mut notes = warnings;
    notes.push(format!("imported progress for {count} lesson(s)"));
    ctx.warnings.set(notes);
}
