//! Owned facts about a Go file for the sync, context, timer, map and memory rules:
//! every function (declared, method or literal) with a small statement tree that keeps
//! only what control-flow questions need (calls, returns, branches, loops, defer, go),
//! plus identifier uses and map writes. Built once per source text and shared.
//!
//! `walk_paths` answers "what holds at each exit of this function?" over that tree; rules
//! give it a state, a join and a transfer function for calls.

mod builder;
mod cache;
mod paths;
mod queries;
mod shapes;

use builder::*;
pub use cache::*;
pub use paths::*;
pub use queries::*;
pub use shapes::*;

pub use super::cst::FieldExt;
use super::cst::{named_children, MAX_STATEMENT_DEPTH as MAX_DEPTH};
use super::incremental::{self, Shift};
use super::ParsedFile;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::rc::Rc;
use tree_sitter::Node;

/// A call such as `s.mu.Lock()`: `receiver` is `s.mu`, `method` is `Lock`.
#[derive(Clone, Debug)]
pub struct Call {
    /// The called expression without spaces, like `s.mu.Lock` or `cancel`.
    pub callee: String,
    pub receiver: String,
    pub method: String,
    /// Argument texts.
    pub args: Vec<String>,
    pub start: usize,
    pub end: usize,
    /// End of the statement holding the call (where a fix inserts a line after it).
    pub stmt_end: usize,
}

impl Call {
    pub fn is(&self, receiver: &str, method: &str) -> bool {
        self.receiver == receiver && self.method == method
    }
}

#[derive(Clone, Debug)]
pub enum Stmt {
    /// Any statement without its own control flow: the calls it makes, in order.
    Simple {
        calls: Vec<Call>,
        start: usize,
    },
    /// `defer ...`: the calls it will make at exit (those of a deferred literal included).
    Defer {
        calls: Vec<Call>,
        start: usize,
    },
    /// `go ...`: the literal's function index, or the called function for `go f(x)`.
    Go {
        literal: Option<usize>,
        call: Option<Call>,
        start: usize,
        end: usize,
    },
    Return {
        calls: Vec<Call>,
        start: usize,
    },
    /// `panic(...)`, `os.Exit`, `log.Fatal...`: the path ends without returning normally.
    Panic {
        start: usize,
    },
    If {
        head: Vec<Call>,
        then: Vec<Stmt>,
        otherwise: Option<Vec<Stmt>>,
    },
    /// switch, type switch or select.
    Branches {
        head: Vec<Call>,
        arms: Vec<Vec<Stmt>>,
        exhaustive: bool,
        /// The cases of a `select` (empty for switches).
        select_cases: Vec<SelectCase>,
        start: usize,
    },
    Loop {
        head: Vec<Call>,
        body: Vec<Stmt>,
        /// `for { }` with no condition or clause.
        infinite: bool,
        /// No clause at all: `for { }` or `for cond { }`.
        plain: bool,
        /// The `range` operand text, when it is a range loop.
        range_over: Option<String>,
        /// Iterations known statically: `for i := 0; i < 3; i++` or `for range 3`.
        count: Option<i128>,
        start: usize,
        end: usize,
    },
    Break,
    Continue,
    Block(Vec<Stmt>),
    /// `goto`: not modelled; functions containing it are skipped by flow rules.
    Goto,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FuncKind {
    Declared,
    /// A literal started by `go func() {...}()`; `in_loop` when that `go` is inside a loop.
    Goroutine {
        go_start: usize,
        in_loop: bool,
    },
    Deferred,
    Closure,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub ty: String,
    /// Byte range of the type node.
    pub ty_range: (usize, usize),
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug)]
pub struct FuncFact {
    /// Declared name; empty for literals.
    pub name: String,
    /// The receiver of a method: name and type without `*`.
    pub receiver: Option<(String, String)>,
    pub params: Vec<Param>,
    /// Result type text (empty when none).
    pub result: String,
    pub kind: FuncKind,
    /// The innermost enclosing function, for literals.
    pub parent: Option<usize>,
    pub body: Vec<Stmt>,
    pub start: usize,
    pub end: usize,
    pub body_end: usize,
    pub has_goto: bool,
}

impl FuncFact {
    pub fn contains(&self, byte: usize) -> bool {
        self.start <= byte && byte < self.end
    }
}

/// How an identifier occurrence is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UseKind {
    /// `x(...)`
    Called,
    /// `x.f` (the operand of a selector)
    Selected,
    /// Left side of `=`.
    Assigned,
    /// Left side of `:=` or a `var` name.
    Declared,
    /// `_ = x`: only silences "declared and not used".
    Discarded,
    Other,
}

#[derive(Clone, Debug)]
pub struct IdentUse {
    pub name: String,
    pub kind: UseKind,
    pub start: usize,
    /// Innermost function containing it, if any.
    pub func: Option<usize>,
}

/// `m[k] = v`, `m[k]++`, `m[k] op= v` or `delete(m, k)`.
#[derive(Clone, Debug)]
pub struct MapWrite {
    /// The map expression text, like `m` or `s.cache`.
    pub map: String,
    pub start: usize,
    pub end: usize,
    pub func: Option<usize>,
}

/// `a, b := f(x)`, `a = f(x)` or `var a = f(x)` with a call on the right.
#[derive(Clone, Debug)]
pub struct Binding {
    /// Left-hand texts (`_` included), like `ctx`, `cancel` or `s.t`.
    pub names: Vec<String>,
    /// The right-hand call (outermost).
    pub call: Call,
    pub start: usize,
    pub end: usize,
    pub func: Option<usize>,
}

/// One case of a `select`.
#[derive(Clone, Debug)]
pub struct SelectCase {
    /// The received operand (`time.After(d)`, `t.C`, `done`) of a receive case.
    pub receives: Option<String>,
    /// Where the received operand is.
    pub operand_start: usize,
    pub is_default: bool,
    pub calls: Vec<Call>,
}

/// Renumbers a function index of a reused piece.
type Renumber<'a> = &'a dyn Fn(Option<usize>) -> Option<usize>;

#[derive(Debug, Default)]
pub struct FileFacts {
    pub funcs: Vec<FuncFact>,
    pub bindings: Vec<Binding>,
    pub idents: Vec<IdentUse>,
    pub map_writes: Vec<MapWrite>,
    /// Variables declared or assigned as maps (`make(map...)`, a map literal, `var m map[..]..`),
    /// with the function declaring them (None: package level).
    pub map_vars: Vec<(String, Option<usize>)>,
    /// Package-level `var` names with their type text (or `make(...)`/literal text).
    pub package_vars: BTreeMap<String, String>,
    /// Byte ranges of every `x[i:j]`.
    pub slice_exprs: Vec<(usize, usize)>,
    /// Byte ranges of every `range` clause.
    pub range_clauses: Vec<(usize, usize)>,
    /// `var` names with where the name is and the byte range of their declared type.
    pub typed_vars: Vec<(String, usize, (usize, usize))>,
    /// Integer constants declared anywhere in the file.
    pub consts: BTreeMap<String, i128>,
    /// Imported package paths.
    pub imports: Vec<String>,
}

impl FileFacts {
    /// The innermost function containing `byte`.
    pub fn func_at(&self, byte: usize) -> Option<usize> {
        self.funcs
            .iter()
            .enumerate()
            .filter(|(_, f)| f.contains(byte))
            .min_by_key(|(_, f)| f.end - f.start)
            .map(|(i, _)| i)
    }

    /// True when function `inner` is `outer` or nested inside it.
    pub fn is_within(&self, inner: usize, outer: usize) -> bool {
        let mut at = Some(inner);
        while let Some(i) = at {
            if i == outer {
                return true;
            }
            at = self.funcs[i].parent;
        }
        false
    }

    /// Uses of `name` inside function `func` (nested literals included).
    pub fn uses_in<'a>(&'a self, func: usize, name: &'a str) -> impl Iterator<Item = &'a IdentUse> {
        self.idents
            .iter()
            .filter(move |u| u.name == name && u.func.is_some_and(|f| self.is_within(f, func)))
    }

    /// The declared function (not method) named `name`.
    pub fn declared(&self, name: &str) -> Option<usize> {
        self.funcs
            .iter()
            .position(|f| f.kind == FuncKind::Declared && f.receiver.is_none() && f.name == name)
    }

    /// The method `name` of receiver type `ty`.
    pub fn method(&self, ty: &str, name: &str) -> Option<usize> {
        self.funcs
            .iter()
            .position(|f| f.name == name && f.receiver.as_ref().is_some_and(|(_, t)| t == ty))
    }

    /// The outermost declared function around `func` (itself if declared).
    pub fn top_level(&self, func: usize) -> usize {
        let mut at = func;
        while let Some(p) = self.funcs[at].parent {
            at = p;
        }
        at
    }

    pub fn imports(&self, path: &str) -> bool {
        self.imports.iter().any(|i| i == path)
    }
}

thread_local! {
    /// The facts of the last source seen on this thread, with what each top-level
    /// declaration contributed: the next check (usually one keystroke later) rebuilds only
    /// the declarations the edit touched.
    static CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{self, Analyzer, Options};

    fn exits_with_state(src: &str, func: &str) -> Vec<(bool, Exit)> {
        let mut a = Analyzer::new();
        let file = a.parse(src);
        let facts = facts(&file);
        let f = facts
            .funcs
            .iter()
            .find(|f| f.name == func)
            .expect("function");
        let mut seen = Vec::new();
        let mut on_call = |st: &mut bool, c: &Call| {
            if c.callee == "acquire" {
                *st = true;
            } else if c.callee == "release" {
                *st = false;
            }
        };
        let mut on_exit = |st: &bool, e: Exit| seen.push((*st, e));
        PathWalk::new(|a, b| *a || *b, &mut on_call, &mut on_exit).run(f, false);
        seen
    }

    #[test]
    fn every_return_and_the_end_are_exits_with_their_state() {
        let src = "package p\nfunc f(x int) {\n\tacquire()\n\tif x > 0 {\n\t\trelease()\n\t\treturn\n\t}\n\tswitch x {\n\tcase 1:\n\t\treturn\n\t}\n\trelease()\n}\n";
        let exits = exits_with_state(src, "f");
        assert_eq!(exits.len(), 3, "{exits:?}");
        assert!(!exits[0].0, "released before the first return");
        assert!(exits[1].0, "still held at the return in the switch");
        assert!(matches!(exits[2], (false, Exit::EndOfBody { .. })));
    }

    #[test]
    fn a_continue_carries_its_state_around_the_loop() {
        let src = "package p\nfunc f(xs []int) {\n\tfor _, x := range xs {\n\t\tacquire()\n\t\tif x == 0 {\n\t\t\tcontinue\n\t\t}\n\t\trelease()\n\t}\n}\n";
        let exits = exits_with_state(src, "f");
        assert_eq!(exits.len(), 1);
        assert!(
            exits[0].0,
            "a held state reaches the end through the continue"
        );
    }

    #[test]
    fn an_endless_loop_without_break_never_falls_through() {
        let src = "package p\nfunc f(ch chan int) {\n\tacquire()\n\tfor {\n\t\tselect {\n\t\tcase <-ch:\n\t\t\tbreak\n\t\t}\n\t}\n}\n";
        assert!(exits_with_state(src, "f").is_empty());
        let src = "package p\nfunc f(ch chan int) {\n\tfor {\n\t\tif <-ch == 0 {\n\t\t\tbreak\n\t\t}\n\t}\n}\n";
        assert_eq!(exits_with_state(src, "f").len(), 1);
    }

    #[test]
    fn constants_and_counted_loops_are_evaluated() {
        let src = "package p\nconst n = 1 << 4\nconst m = n * 2\nfunc f() {\n\tfor i := 0; i < m; i++ {\n\t}\n\tfor range 3 {\n\t}\n}\n";
        let mut a = Analyzer::new();
        let file = a.parse(src);
        let facts = facts(&file);
        assert_eq!(facts.consts.get("m"), Some(&32));
        let f = facts.funcs.iter().find(|f| f.name == "f").unwrap();
        let counts: Vec<Option<i128>> = f
            .body
            .iter()
            .filter_map(|s| match s {
                Stmt::Loop { count, .. } => Some(*count),
                _ => None,
            })
            .collect();
        assert_eq!(counts, vec![Some(32), Some(3)]);
    }

    #[test]
    fn goroutine_literals_know_their_parent_and_loop() {
        let src = "package p\nfunc f(xs []int) {\n\tfor range xs {\n\t\tgo func() {}()\n\t}\n\tgo func() {}()\n}\n";
        let mut a = Analyzer::new();
        let file = a.parse(src);
        let facts = facts(&file);
        let kinds: Vec<&FuncKind> = facts.funcs.iter().skip(1).map(|f| &f.kind).collect();
        assert!(matches!(
            kinds[0],
            FuncKind::Goroutine { in_loop: true, .. }
        ));
        assert!(matches!(
            kinds[1],
            FuncKind::Goroutine { in_loop: false, .. }
        ));
        assert!(facts.funcs[1..].iter().all(|f| f.parent == Some(0)));
    }

    /// Applies the first fix of `rule` and checks that the result parses and is silent.
    fn fix_silences(rule: &str, src: &str) -> String {
        let report = analysis::check(src, &Options::default());
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.rule == rule)
            .unwrap_or_else(|| panic!("{rule} does not fire on:\n{src}"));
        let fix = d
            .fix
            .as_ref()
            .unwrap_or_else(|| panic!("{rule} offers no fix"));
        let fixed = fix.apply(src).expect("the fix applies");
        let after = analysis::check(&fixed, &Options::default());
        assert!(after.syntax_errors.is_empty(), "{fixed}");
        assert!(
            !after.diagnostics.iter().any(|d| d.rule == rule),
            "{rule} still fires after its fix:\n{fixed}"
        );
        fixed
    }

    #[test]
    fn mechanical_fixes_apply_and_silence_their_rule() {
        let fixed = fix_silences(
            "mutex-not-unlocked",
            "package p\n\nimport \"sync\"\n\nvar mu sync.Mutex\nvar n int\n\nfunc f() int {\n\tmu.Lock()\n\tif n > 0 {\n\t\treturn n\n\t}\n\treturn 0\n}\n",
        );
        assert!(
            fixed.contains("\tmu.Lock()\n\tdefer mu.Unlock()\n"),
            "{fixed}"
        );
        let fixed = fix_silences(
            "waitgroup-add-in-goroutine",
            "package p\n\nimport \"sync\"\n\nfunc f(xs []int) {\n\tvar wg sync.WaitGroup\n\tfor range xs {\n\t\tgo func() {\n\t\t\twg.Add(1)\n\t\t\tdefer wg.Done()\n\t\t}()\n\t}\n\twg.Wait()\n}\n",
        );
        assert!(
            fixed.contains("\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()"),
            "{fixed}"
        );
        let fixed = fix_silences(
            "context-cancel-not-called",
            "package p\n\nimport \"context\"\n\nfunc f(p context.Context) error {\n\tctx, cancel := context.WithCancel(p)\n\t_ = cancel\n\treturn ctx.Err()\n}\n",
        );
        assert!(
            fixed.contains("context.WithCancel(p)\n\tdefer cancel()\n"),
            "{fixed}"
        );
        let fixed = fix_silences(
            "subslice-retains-backing-array",
            "package p\n\nimport \"bytes\"\n\nvar keep []byte\n\nvar _ = bytes.Equal\n\nfunc f(b []byte) {\n\tkeep = b[:4]\n}\n",
        );
        assert!(fixed.contains("keep = bytes.Clone(b[:4])"), "{fixed}");
        let fixed = fix_silences(
            "subslice-retains-backing-array",
            "package p\n\nvar keep []int\n\nfunc f(b []int) {\n\tkeep = b[:4]\n}\n",
        );
        assert!(
            fixed.contains("keep = append([]int(nil), b[:4]...)"),
            "{fixed}"
        );
    }

    #[test]
    fn version_changes_the_timer_rules() {
        let ticker = "package p\n\nimport \"time\"\n\nfunc f(n int) {\n\tt := time.NewTicker(time.Second)\n\tfor i := 0; i < n; i++ {\n\t\t<-t.C\n\t}\n}\n";
        let old = Options {
            go_version: crate::analysis::GoVersion::new(22),
        };
        let only = |src: &str, o: &Options, rule: &str| -> Vec<crate::analysis::Diagnostic> {
            let report = analysis::check(src, o);
            report
                .diagnostics
                .into_iter()
                .filter(|d| d.rule == rule)
                .collect()
        };
        let d = only(ticker, &old, "ticker-not-stopped");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, crate::analysis::Severity::Error);
        assert!(d[0].message.contains("1.22"), "{}", d[0].message);
        let d = only(ticker, &Options::default(), "ticker-not-stopped");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, crate::analysis::Severity::Warning);
        let tick = "package p\n\nimport \"time\"\n\nfunc f() {\n\tfor range time.Tick(time.Second) {\n\t\treturn\n\t}\n}\n";
        assert_eq!(only(tick, &old, "time-tick-leak").len(), 1);
        assert!(only(tick, &Options::default(), "time-tick-leak").is_empty());
    }

    /// Every prefix of every fixture (partial code as typed in an editor) is checked
    /// without a panic.
    #[test]
    fn truncated_fixtures_never_panic() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata/rules");
        let mut checked = 0;
        for dir in std::fs::read_dir(root).unwrap().flatten() {
            for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
                let src = std::fs::read_to_string(file.path()).unwrap();
                let mut cut = 0;
                while cut < src.len() {
                    if src.is_char_boundary(cut) {
                        let _ = analysis::check(&src[..cut], &Options::default());
                        let mangled = format!("{}}}{{)({}", &src[..cut], &src[cut..]);
                        let _ = analysis::check(&mangled, &Options::default());
                        checked += 1;
                    }
                    cut += 151;
                }
            }
        }
        assert!(checked > 100);
    }
}
