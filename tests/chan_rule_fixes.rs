//! The channel, goroutine and network rules beyond the fixture harness: their mechanical
//! fixes produce code the rule accepts, the lesson files behave, and partial code (as a
//! learner types it) never makes them panic.

use leaklab::analysis::{self, Analyzer, GoVersion, Options};
use std::fs;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Applies the first fix of `rule` and returns the new source.
fn apply_fix(source: &str, rule: &str, options: &Options) -> String {
    let report = analysis::check(source, options);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == rule && d.fix.is_some())
        .unwrap_or_else(|| panic!("no {rule} diagnostic with a fix in:\n{source}"));
    d.fix.as_ref().unwrap().apply(source).expect("fix applies")
}

fn fires(source: &str, rule: &str, options: &Options) -> usize {
    analysis::check(source, options)
        .diagnostics
        .iter()
        .filter(|d| d.rule == rule)
        .count()
}

#[test]
fn lesson_select_timeout_sender_fires_on_leaky_at_line_26_and_not_on_fixed() {
    let dir = root().join("lessons/select-timeout-sender");
    let leaky = fs::read_to_string(dir.join("leaky.go")).unwrap();
    let fixed = fs::read_to_string(dir.join("fixed.go")).unwrap();
    let options = Options::default();
    let report = analysis::check(&leaky, &options);
    let lines: Vec<usize> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "unbuffered-send-may-block")
        .map(|d| d.span.start.line)
        .collect();
    assert_eq!(lines, vec![26], "{:#?}", report.diagnostics);
    assert!(analysis::check(&fixed, &options).diagnostics.is_empty());
}

#[test]
fn buffering_fix_silences_unbuffered_send() {
    let dir = root().join("lessons/select-timeout-sender");
    let leaky = fs::read_to_string(dir.join("leaky.go")).unwrap();
    let options = Options::default();
    let fixed = apply_fix(&leaky, "unbuffered-send-may-block", &options);
    assert!(fixed.contains("make(chan result, 1)"), "{fixed}");
    assert_eq!(fires(&fixed, "unbuffered-send-may-block", &options), 0);
}

#[test]
fn buffering_fix_uses_the_loop_bound() {
    let src = "package p\n\nfunc first(n int) int {\n\tc := make(chan int)\n\tfor i := 0; i < n; i++ {\n\t\tgo func(i int) { c <- i }(i)\n\t}\n\treturn <-c\n}\n";
    let options = Options::default();
    let fixed = apply_fix(src, "unbuffered-send-may-block", &options);
    assert!(fixed.contains("make(chan int, n)"), "{fixed}");
    assert_eq!(fires(&fixed, "unbuffered-send-may-block", &options), 0);
}

#[test]
fn loop_variable_fix_copies_the_variable() {
    let src = "package p\n\nimport \"fmt\"\n\nfunc f(xs []int) {\n\tfor _, x := range xs {\n\t\tgo func() {\n\t\t\tfmt.Println(x)\n\t\t}()\n\t}\n}\n";
    let old = Options {
        go_version: GoVersion::new(21),
    };
    assert_eq!(fires(src, "loop-variable-captured", &old), 1);
    assert_eq!(fires(src, "loop-variable-captured", &Options::default()), 0);
    let fixed = apply_fix(src, "loop-variable-captured", &old);
    assert!(fixed.contains("\t\tx := x\n\t\tgo func() {"), "{fixed}");
    assert_eq!(fires(&fixed, "loop-variable-captured", &old), 0);
}

#[test]
fn close_fixes_insert_a_deferred_close_after_the_error_check() {
    let src = "package p\n\nimport \"net\"\n\nfunc f(a string) error {\n\tc, err := net.Dial(\"tcp\", a)\n\tif err != nil {\n\t\treturn err\n\t}\n\t_, err = c.Write([]byte(\"x\"))\n\treturn err\n}\n";
    let options = Options::default();
    let fixed = apply_fix(src, "connection-never-closed", &options);
    assert!(
        fixed.contains("\t\treturn err\n\t}\n\tdefer c.Close()\n"),
        "{fixed}"
    );
    assert_eq!(fires(&fixed, "connection-never-closed", &options), 0);

    let src = "package p\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nvar client = &http.Client{Timeout: time.Second}\n\nfunc f(u string) int {\n\tresp, err := client.Get(u)\n\tif err != nil {\n\t\treturn 0\n\t}\n\treturn resp.StatusCode\n}\n";
    let fixed = apply_fix(src, "response-body-not-closed", &options);
    assert!(fixed.contains("\tdefer resp.Body.Close()\n"), "{fixed}");
    assert_eq!(fires(&fixed, "response-body-not-closed", &options), 0);
}

#[test]
fn client_timeout_fix_sets_a_timeout() {
    let src = "package p\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nvar _ = time.Second\n\nfunc f() *http.Client {\n\treturn &http.Client{}\n}\n";
    let options = Options::default();
    let fixed = apply_fix(src, "http-client-without-timeout", &options);
    assert!(
        fixed.contains("&http.Client{Timeout: 10 * time.Second}"),
        "{fixed}"
    );
    assert_eq!(fires(&fixed, "http-client-without-timeout", &options), 0);
}

/// Every prefix of every fixture (as if typed character by character, sampled) checks
/// without panicking, with one analyzer re-parsing incrementally.
#[test]
fn partial_code_never_panics() {
    let mut sources = vec![fs::read_to_string(root().join("benches/data/realistic.go")).unwrap()];
    let fixtures = root().join("tests/testdata/rules");
    for dir in fs::read_dir(fixtures).unwrap().filter_map(Result::ok) {
        for f in fs::read_dir(dir.path()).unwrap().filter_map(Result::ok) {
            sources.push(fs::read_to_string(f.path()).unwrap());
        }
    }
    let old = Options {
        go_version: GoVersion::new(21),
    };
    let mut analyzer = Analyzer::new();
    let mut checked = 0;
    for src in &sources {
        let mut cut = 0;
        while cut < src.len() {
            if src.is_char_boundary(cut) {
                let _ = analyzer.check(&src[..cut], &old);
                // Also a deleted middle, like a selection removed.
                let mid = cut / 2;
                if src.is_char_boundary(mid) {
                    let spliced = format!("{}{}", &src[..mid], &src[cut..]);
                    let _ = analyzer.check(&spliced, &old);
                }
                checked += 1;
            }
            cut += 97;
        }
    }
    assert!(checked > 100);
}

/// Pathologically deep nesting is checked without overflowing the stack.
#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 3000;
    let mut src = String::from("package p\n\nfunc f(x bool) {\n\tch := make(chan int)\n");
    src.push_str(&"if x {\n".repeat(depth));
    src.push_str("go func() { ch <- (");
    src.push_str(&"(".repeat(depth));
    src.push('1');
    src.push_str(&")".repeat(depth));
    src.push_str(") }()\n");
    src.push_str(&"}\n".repeat(depth));
    src.push_str("}\n");
    let report = analysis::check(&src, &Options::default());
    // Whatever is found, the check returns.
    assert!(
        report.syntax_errors.is_empty(),
        "{:?}",
        report.syntax_errors.first()
    );
}

/// gRPC cannot be vetted offline (it is not in the standard library), so its shapes are
/// checked here: a client dialled in a goroutine and never closed, and a closed one.
#[test]
fn grpc_clients_must_be_closed() {
    let leaky = "package p\n\nimport \"google.golang.org/grpc\"\n\nfunc watch(addr string) {\n\tgo func() {\n\t\tconn, err := grpc.NewClient(addr)\n\t\tif err != nil {\n\t\t\treturn\n\t\t}\n\t\t_ = conn.Target()\n\t}()\n}\n";
    let options = Options::default();
    let report = analysis::check(leaky, &options);
    let lines: Vec<usize> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "connection-never-closed")
        .map(|d| d.span.start.line)
        .collect();
    assert_eq!(lines, vec![7], "{:#?}", report.diagnostics);
    let fixed = leaky.replace(
        "\t\t_ = conn.Target()",
        "\t\tdefer conn.Close()\n\t\t_ = conn.Target()",
    );
    assert_eq!(fires(&fixed, "connection-never-closed", &options), 0);
    let dial = leaky.replace("grpc.NewClient(addr)", "grpc.Dial(addr)");
    assert_eq!(fires(&dial, "connection-never-closed", &options), 1);
}
