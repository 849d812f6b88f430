//! localStorage access that never fails loudly: a browser without storage (or with it
//! disabled) just forgets.

const PREFIX: &str = "leaklab.";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub(crate) fn get(key: &str) -> Option<String> {
    local_storage()?
        .get_item(&format!("{PREFIX}{key}"))
        .ok()
        .flatten()
}

pub(crate) fn set(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(&format!("{PREFIX}{key}"), value);
    }
}
