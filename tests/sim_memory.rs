//! Memory as Go accounts it, on programs shaped like service code (tests/testdata/memory).
//! Each bound comes from the same program run by Go 1.27.3, with `runtime.GC()` and
//! `MemStats.HeapAlloc` at the end of main (figures in the comments).

use leaklab::sim::{self, Config, Outcome};

fn run(name: &str) -> Outcome {
    let path = format!(
        "{}/tests/testdata/memory/{name}.go",
        env!("CARGO_MANIFEST_DIR")
    );
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let o = sim::run(&src, &Config::default());
    assert_eq!(o.exit_code, 0, "{name}: {}", o.stderr);
    o
}

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

#[test]
fn a_substring_keeps_its_whole_string_and_a_copy_lets_it_go() {
    let ids = "[doc-000000000000 doc-000000000001 doc-000000000002 doc-000000000003]\n";
    // Go: 4,190 KiB kept by four 16-byte ids; 61 KiB after strings.Clone or a Builder.
    let shared = run("doc_ids");
    assert_eq!(shared.stdout, ids);
    assert!(
        shared.retained_bytes_final >= 4 * MIB,
        "{}",
        shared.retained_bytes_final
    );
    for copy in ["doc_ids_clone", "doc_ids_builder"] {
        let o = run(copy);
        assert_eq!(o.stdout, ids);
        assert!(
            o.retained_bytes_final <= 64 * KIB,
            "{copy}: {}",
            o.retained_bytes_final
        );
    }
}

#[test]
fn a_header_slice_keeps_its_frame_and_bytes_clone_does_not() {
    let out = "frames: 8 first header byte of the last: 7\n";
    // Go: 8,253 KiB for eight 4-byte headers; 61 KiB with bytes.Clone.
    let shared = run("frame_headers");
    assert_eq!(shared.stdout, out);
    assert!(
        shared.retained_bytes_final >= 8 * MIB,
        "{}",
        shared.retained_bytes_final
    );
    let cloned = run("frame_headers_clone");
    assert_eq!(cloned.stdout, out);
    assert!(
        cloned.retained_bytes_final <= MIB,
        "{}",
        cloned.retained_bytes_final
    );
}

#[test]
fn a_map_keeps_its_slots_after_delete_until_it_is_rebuilt() {
    // Go: 639 KiB for an empty map that held 20,000 sessions; 61 KiB once rebuilt.
    let emptied = run("sessions");
    assert_eq!(emptied.stdout, "sessions: 0\n");
    assert!(
        emptied.retained_bytes_final >= 512 * KIB,
        "{}",
        emptied.retained_bytes_final
    );
    let rebuilt = run("sessions_rebuilt");
    assert_eq!(rebuilt.stdout, "sessions: 0\n");
    assert!(
        rebuilt.retained_bytes_final <= 16 * KIB,
        "{}",
        rebuilt.retained_bytes_final
    );
}

#[test]
fn arrays_passed_by_value_grow_the_stacks_that_hold_them() {
    // Go: StackInuse 4,384 KiB while the eight analyses run on copies, 320 KiB with a
    // pointer (each worker's stack doubles to 512 KiB for the copy and its range copy).
    let leaky = sim::run(
        include_str!("../lessons/large-array-by-value/leaky.go"),
        &Config::default(),
    );
    let fixed = sim::run(
        include_str!("../lessons/large-array-by-value/fixed.go"),
        &Config::default(),
    );
    assert_eq!(leaky.stdout, fixed.stdout);
    assert!(
        leaky.peak_bytes >= 4 * fixed.peak_bytes && leaky.peak_bytes >= 2 * MIB,
        "starter {} vs solution {}",
        leaky.peak_bytes,
        fixed.peak_bytes
    );
    assert!(leaky.peak_bytes >= leaky.retained_bytes_final);
}

#[test]
fn a_large_local_array_sizes_its_goroutine_stack() {
    // 300 KiB of locals need a 512 KiB stack; a 12 MiB array moves to the heap.
    let src = "package main\n\nimport \"time\"\n\nfunc hold() byte {\n\tvar buf [300 << 10]byte\n\ttime.Sleep(time.Millisecond)\n\treturn buf[0]\n}\n\nfunc main() {\n\tgo hold()\n\tvar big [12 << 20]byte\n\ttime.Sleep(5 * time.Millisecond)\n\tprintln(big[0])\n}\n";
    let o = sim::run(src, &Config::default());
    assert_eq!(o.exit_code, 0, "{}", o.stderr);
    assert!(o.peak_bytes >= 12 * MIB + 512 * KIB, "{}", o.peak_bytes);
    assert!(o.peak_bytes < 13 * MIB + 512 * KIB, "{}", o.peak_bytes);
}
