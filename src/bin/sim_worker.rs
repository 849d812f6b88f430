//! The web app's simulation worker: a second wasm module, built by Trunk (index.html,
//! `data-type="worker"`) and started by the page on demand (`ui::runner`). Natively it only
//! says what it is: use `leaklab run FILE` there.

#[cfg(target_arch = "wasm32")]
fn main() {
    leaklab::ui::sim_worker::serve();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sim_worker runs inside the web app; natively, use `leaklab run FILE`");
    std::process::exit(2);
}
