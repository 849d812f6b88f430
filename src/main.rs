//! One binary: in the browser it mounts the app; natively it is the `leaklab` CLI.

#[cfg(target_arch = "wasm32")]
fn main() {
    leaklab::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = leaklab::cli::run(&args, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}
