//! Compiles the `lessons/` folder into the binary: every file of every lesson folder,
//! plus the index, as `include_str!`s. Which lessons exist and in what order is read from
//! `lessons/index.toml` at run time (and checked by the content test).

use std::fmt::Write as _;
use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut folders: Vec<_> = fs::read_dir(&root)
        .expect("lessons/ exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .collect();
    folders.sort_by_key(|e| e.file_name());

    let mut out = String::new();
    let index = root.join("index.toml");
    writeln!(
        out,
        "pub static INDEX: &str = include_str!({:?});",
        index.display().to_string()
    )
    .unwrap();
    out.push_str("pub static FOLDERS: &[(&str, &[(&str, &str)])] = &[\n");
    for folder in folders {
        println!("cargo:rerun-if-changed={}", folder.path().display());
        let name = folder.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = fs::read_dir(folder.path())
            .expect("lesson folder is readable")
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .collect();
        files.sort_by_key(|e| e.file_name());
        writeln!(out, "    ({name:?}, &[").unwrap();
        for file in files {
            let file_name = file.file_name().to_string_lossy().into_owned();
            let path = file.path().display().to_string();
            writeln!(out, "        ({file_name:?}, include_str!({path:?})),").unwrap();
        }
        out.push_str("    ]),\n");
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("lessons_bundle.rs");
    fs::write(dest, out).unwrap();
}
