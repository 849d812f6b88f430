//! The `leaklab` binary as a user runs it: output format and exit codes.

use std::process::Command;

fn leaklab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_leaklab"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("leaklab-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn check_prints_syntax_errors_like_a_compiler_and_exits_1() {
    let path = temp_file(
        "broken.go",
        "package main\n\nfunc main() {\n\tx := := 1\n}\n",
    );
    let (code, stdout, _) = leaklab(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("{}:4:", path.display())),
        "{stdout}"
    );
    assert!(first.contains("syntax error"), "{stdout}");
}

#[test]
fn check_of_clean_code_prints_nothing_and_exits_0() {
    let path = temp_file(
        "clean.go",
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n",
    );
    let (code, stdout, stderr) = leaklab(&["check", path.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
}

#[test]
fn check_of_a_missing_file_exits_2_with_a_message() {
    let (code, stdout, stderr) = leaklab(&["check", "/definitely/not/here.go"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("cannot read /definitely/not/here.go"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["check"],
        &["frobnicate"],
        &["check", "--go", "2.0", "x.go"],
        &["check", "--format", "xml", "x.go"],
    ] {
        let (code, _, stderr) = leaklab(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.starts_with("leaklab: "), "{args:?}: {stderr}");
    }
}

#[test]
fn check_json_has_the_documented_shape() {
    let path = temp_file("json.go", "package main\nfunc main() {\n\tx := := 1\n}\n");
    let (code, stdout, _) = leaklab(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let file = &v["files"][0];
    assert_eq!(file["path"], path.to_str().unwrap());
    assert_eq!(file["syntax_errors"][0]["line"], 3);
    assert!(file["syntax_errors"][0]["column"].as_u64().unwrap() >= 1);
    assert!(file["diagnostics"].is_array());
}

#[test]
fn check_walks_folders_for_go_files() {
    let a = temp_file("walk_a.go", "package main\nfunc main() { ( }\n");
    let dir = a.parent().unwrap();
    std::fs::write(dir.join("notes.txt"), "not go (").unwrap();
    let (code, stdout, _) = leaklab(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("walk_a.go:2:"), "{stdout}");
    assert!(!stdout.contains("notes.txt"), "{stdout}");
}

fn explore_case(name: &str) -> String {
    format!(
        "{}/tests/testdata/explore/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn run_explore_json_has_the_documented_shape_and_exits_1_on_a_failure() {
    let file = explore_case("bank_lock_order.go");
    let (code, out, _) = leaklab(&["run", "--explore", "100", "--format", "json", &file]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["schedules"], 100);
    for key in ["ok", "leaked", "deadlock", "panic", "budget"] {
        assert!(v["outcomes"][key].is_u64(), "outcomes.{key}");
    }
    let first = &v["first_failure"];
    let token = first["schedule"].as_str().unwrap();
    assert_eq!(first["exit_code"], 2);
    assert!(first["stderr"]
        .as_str()
        .unwrap()
        .starts_with("fatal error: all goroutines are asleep"));
    assert!(first["leaked"][0]["wait_reason"].is_string());
    assert!(!v["failures"].as_array().unwrap().is_empty());

    // The token replays that run: same stderr, same exit code.
    let (code, _, err) = leaklab(&["run", "--replay", token, &file]);
    assert_eq!(code, 2);
    assert_eq!(err, first["stderr"].as_str().unwrap());

    let (code, out, _) = leaklab(&[
        "run",
        "--explore",
        "50",
        &explore_case("bank_lock_order_fixed.go"),
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "explored 50 schedules: ok 50\n");
}

#[test]
fn check_explore_adds_the_leaks_the_simulator_sees_as_observed_leak() {
    // The bank's deadlock is a lock-order bug across two calls of one method: the rules
    // miss it, the exploration sees both workers stuck on the second Lock.
    let bank = explore_case("bank_lock_order.go");
    let (_, out, _) = leaklab(&["check", &bank]);
    assert!(!out.contains("observed-leak"), "{out}");
    let (code, out, err) = leaklab(&["check", "--explore", "100", &bank]);
    assert_eq!(code, 1, "{err}");
    let line = out
        .lines()
        .find(|l| l.contains(":41:2: observed-leak: observed: a goroutine created at line 53 is blocked here forever (sync.Mutex.Lock) in "))
        .unwrap_or_else(|| panic!("{out}"));
    let token = line
        .split("--replay ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    let (code, _, err) = leaklab(&["run", "--replay", token, &bank]);
    assert_eq!(code, 2, "the token replays the deadlock: {err}");
    // The fixed bank: nothing observed, nothing static.
    let (code, out, _) = leaklab(&[
        "check",
        "--explore",
        "100",
        &explore_case("bank_lock_order_fixed.go"),
    ]);
    assert_eq!((code, out.as_str()), (0, ""));
    // A file the simulator cannot run says so on stderr and keeps its static findings.
    let cond = temp_file("net.go", "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":80\", nil)\n}\n");
    let (_, _, err) = leaklab(&["check", "--explore", "5", cond.to_str().unwrap()]);
    assert!(err.contains("not explored: not simulated"), "{err}");
}

#[test]
fn run_replay_of_a_manual_token_pauses_and_prints_the_next_tokens() {
    let file = explore_case("bank_lock_order.go");
    let (code, out, err) = leaklab(&["run", "--replay", "m1", &file]);
    assert_eq!(code, 5, "{err}");
    assert_eq!(out, "");
    assert!(
        err.starts_with("leaklab: paused after 1 pick(s); choose the goroutine that runs next:\n"),
        "{err}"
    );
    assert!(err.contains("--replay m1x2\n"), "{err}");
    let (code, out, _) = leaklab(&["run", "--format", "json", "--replay", "m1", &file]);
    assert_eq!(code, 5);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["choices"].as_array().unwrap().len() >= 2, "{out}");
}

#[test]
fn test_runs_each_test_with_a_leak_check_and_explores_them() {
    let file = explore_case("cache_timeout_test.go");
    let (code, out, _) = leaklab(&["test", &file]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("found unexpected goroutines"), "{out}");
    assert!(out.contains("--- FAIL: TestGet"), "{out}");
    assert!(out.contains("--- PASS: TestWorkersExit"), "{out}");

    let (code, out, _) = leaklab(&["test", "--run", "^TestWorkersExit$", &file]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("TestGet"), "{out}");

    let (code, out, _) = leaklab(&["test", "--explore", "20", "--format", "json", &file]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["schedules"], 40);
    assert_eq!(v["outcomes"]["leaked"], 20);
    let tests = v["tests"].as_array().unwrap();
    assert_eq!(tests[0]["name"], "TestGet");
    assert_eq!(tests[0]["first_failure"]["leaked"][0]["blocked_line"], 41);
    assert_eq!(tests[1]["name"], "TestWorkersExit");
    assert_eq!(tests[1]["outcomes"]["ok"], 20);
}

#[test]
fn explore_and_test_usage_errors_exit_2() {
    let file = explore_case("bank_lock_order.go");
    for args in [
        vec!["run", "--explore", "0", file.as_str()],
        vec!["run", "--explore", "x", file.as_str()],
        vec!["run", "--replay", "zz", file.as_str()],
        vec!["run", "--replay", "r1", "--explore", "5", file.as_str()],
        vec!["test", "--run", "Test(A|B)", file.as_str()],
        vec!["test"],
    ] {
        let (code, _, err) = leaklab(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.starts_with("leaklab: "), "{args:?}: {err}");
    }
}
