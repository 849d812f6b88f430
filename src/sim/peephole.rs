//! Local rewrites of lowered code that remove ops without changing what a program does:
//! every op the interpreter skips is a dispatch saved in the learner's hottest loops.
//!
//! - jumps to a `Jump` go straight to its target;
//! - `Const a; Const b; Binary op` of two numbers becomes one `Const` (only when the
//!   operation succeeds: a division by zero still panics at run time);
//! - `Unary(Not); JumpIfFalse t` becomes `JumpIfTrue t` (and the other way round);
//! - `LoadLocal a; Const k (or LoadLocal b); Binary cmp; JumpIfFalse t` becomes one
//!   `CompareJump` (switch and select case tests, loop conditions);
//! - a value loaded and dropped at once (`LoadLocal; Pop`, `Const; Pop`) goes;
//! - a `Jump` to the op right after it goes;
//! - `LoadLocal a; Const k (or LoadLocal b); Binary op` becomes one `BinaryLocal`, and a
//!   compound assignment to a local (`x += v`, `x = x * k`) one `UpdateLocal(By)`;
//! - a loop's back edge to its `CompareJump` becomes the test (`CompareLoop`), fused with
//!   the `i++` before it into `IncLoop`: a counting loop's step and test in one op.
//!
//! A rewrite applies only when no jump lands inside the ops it merges, and positions
//! (line and column per op) are kept in step with the code.

use super::exec::binary;
use super::ir::{BinOp, Op, Operand, Program, UnOp};
use super::value::Value;

/// Rewrites every function of `prog`; `positions[f]` is function `f`'s position per op.
pub fn optimize(prog: &mut Program, positions: &mut [Vec<(u32, u32)>]) {
    for (f, pos) in positions.iter_mut().enumerate() {
        // Without a position per op the two could not be kept in step.
        if prog
            .funcs
            .get(f)
            .is_none_or(|func| func.code.len() != pos.len())
        {
            continue;
        }
        let mut code = std::mem::take(&mut prog.funcs[f].code);
        optimize_function(prog, &mut code, pos);
        prog.funcs[f].code = code;
    }
}

fn optimize_function(prog: &mut Program, code: &mut Vec<Op>, pos: &mut Vec<(u32, u32)>) {
    thread_jumps(code);
    let landed = landing(code);
    let mut keep = vec![true; code.len()];
    let mut i = 0;
    while i < code.len() {
        // Const a; Const b; Binary → Const (a op b)
        if i + 2 < code.len() && !landed(i + 1) && !landed(i + 2) {
            if let (Op::Const(a), Op::Const(b), Op::Binary(op)) =
                (&code[i], &code[i + 1], &code[i + 2])
            {
                let (a, b) = (
                    prog.consts[*a as usize].clone(),
                    prog.consts[*b as usize].clone(),
                );
                let numbers = |v: &Value| matches!(v, Value::Int(..) | Value::Float(..));
                if numbers(&a) && numbers(&b) {
                    if let Ok(v) = binary(prog, *op, a, b) {
                        prog.consts.push(v);
                        code[i + 2] = Op::Const((prog.consts.len() - 1) as u32);
                        pos[i + 2] = pos[i];
                        keep[i] = false;
                        keep[i + 1] = false;
                        i += 2;
                        continue;
                    }
                }
            }
        }
        // LoadLocal a; Const k | LoadLocal b; Binary cmp; JumpIfFalse t → CompareJump
        if i + 3 < code.len() && !landed(i + 1) && !landed(i + 2) && !landed(i + 3) {
            if let (Op::LoadLocal(slot), Some(right), Op::Binary(op), Op::JumpIfFalse(target)) =
                (&code[i], operand(&code[i + 1]), &code[i + 2], &code[i + 3])
            {
                use BinOp::*;
                if matches!(op, Eq | Ne | Lt | Le | Gt | Ge) {
                    code[i + 3] = Op::CompareJump {
                        slot: *slot,
                        right,
                        op: *op,
                        target: *target,
                    };
                    // Errors (comparing uncomparable values) point at the comparison.
                    pos[i + 3] = pos[i + 2];
                    keep[i] = false;
                    keep[i + 1] = false;
                    keep[i + 2] = false;
                    i += 4;
                    continue;
                }
            }
        }
        if i + 1 < code.len() && !landed(i + 1) {
            match (&code[i], &code[i + 1]) {
                (Op::Unary(UnOp::Not), Op::JumpIfFalse(t)) => {
                    code[i + 1] = Op::JumpIfTrue(*t);
                    keep[i] = false;
                    i += 1;
                    continue;
                }
                (Op::Unary(UnOp::Not), Op::JumpIfTrue(t)) => {
                    code[i + 1] = Op::JumpIfFalse(*t);
                    keep[i] = false;
                    i += 1;
                    continue;
                }
                (Op::LoadLocal(_) | Op::Const(_), Op::Pop) => {
                    keep[i] = false;
                    keep[i + 1] = false;
                    i += 2;
                    continue;
                }
                _ => {}
            }
        }
        if matches!(code[i], Op::Jump(t) if t as usize == i + 1) {
            keep[i] = false;
        }
        i += 1;
    }
    compact(code, pos, &keep);
    fuse_binary_locals(code, pos);
    fuse_updates(code, pos);
    invert_loops(code, pos);
    fuse_counting_loops(code, pos);
}

/// `i++; CompareLoop(i < n)` → `IncLoop`: the step and test of `for i := …; i < n; i++`.
fn fuse_counting_loops(code: &mut Vec<Op>, pos: &mut Vec<(u32, u32)>) {
    let landed = landing(code);
    let mut keep = vec![true; code.len()];
    for i in 0..code.len().saturating_sub(1) {
        if landed(i + 1) || !keep[i] {
            continue;
        }
        if let (
            &Op::IncLocal(s, delta),
            &Op::CompareLoop {
                slot,
                right,
                op,
                target,
            },
        ) = (&code[i], &code[i + 1])
        {
            if s == slot {
                code[i] = Op::IncLoop {
                    slot,
                    delta,
                    right,
                    op,
                    target,
                };
                keep[i + 1] = false;
            }
        }
    }
    compact(code, pos, &keep);
}

/// `LoadLocal a; Const k | LoadLocal b; Binary op` → `BinaryLocal` (after the comparisons
/// that branch have become `CompareJump`s).
fn fuse_binary_locals(code: &mut Vec<Op>, pos: &mut Vec<(u32, u32)>) {
    let landed = landing(code);
    let mut keep = vec![true; code.len()];
    let mut i = 0;
    while i + 2 < code.len() {
        if !landed(i + 1) && !landed(i + 2) {
            if let (Op::LoadLocal(slot), Some(right), Op::Binary(op)) =
                (&code[i], operand(&code[i + 1]), &code[i + 2])
            {
                code[i + 2] = Op::BinaryLocal {
                    slot: *slot,
                    right,
                    op: *op,
                };
                keep[i] = false;
                keep[i + 1] = false;
                i += 3;
                continue;
            }
        }
        i += 1;
    }
    compact(code, pos, &keep);
}

/// `x op= v` on a local: `BinaryLocal{x, v}; StoreLocal x` → `UpdateLocalBy`, and
/// `LoadLocal x; v; Binary op; StoreLocal x` → `v; UpdateLocal` when `v` is one op that
/// only reads (so reading `x` after it sees the same value).
fn fuse_updates(code: &mut Vec<Op>, pos: &mut Vec<(u32, u32)>) {
    let landed = landing(code);
    let mut keep = vec![true; code.len()];
    let mut i = 0;
    while i + 1 < code.len() {
        if let (Op::BinaryLocal { slot, right, op }, Op::StoreLocal(dst)) = (&code[i], &code[i + 1])
        {
            if slot == dst && !landed(i + 1) {
                code[i + 1] = Op::UpdateLocalBy {
                    slot: *slot,
                    right: *right,
                    op: *op,
                };
                pos[i + 1] = pos[i];
                keep[i] = false;
                i += 2;
                continue;
            }
        }
        if i + 3 < code.len() && !landed(i + 1) && !landed(i + 2) && !landed(i + 3) {
            let reads_only = matches!(
                code[i + 1],
                Op::BinaryLocal { .. } | Op::LoadCapture(_) | Op::LoadGlobal(_) | Op::LoadBoxed(_)
            );
            if let (Op::LoadLocal(slot), true, Op::Binary(op), Op::StoreLocal(dst)) =
                (&code[i], reads_only, &code[i + 2], &code[i + 3])
            {
                if slot == dst {
                    code[i + 3] = Op::UpdateLocal {
                        slot: *slot,
                        op: *op,
                    };
                    pos[i + 3] = pos[i + 2];
                    keep[i] = false;
                    keep[i + 2] = false;
                    i += 4;
                    continue;
                }
            }
        }
        i += 1;
    }
    compact(code, pos, &keep);
}

/// A loop's back edge, `Jump` to its condition's `CompareJump` when that exits to the op
/// after the jump, becomes the test itself (`CompareLoop`): one op per iteration less.
fn invert_loops(code: &mut [Op], pos: &mut [(u32, u32)]) {
    for j in 0..code.len() {
        let Op::Jump(l) = code[j] else { continue };
        if let Some(&Op::CompareJump {
            slot,
            right,
            op,
            target,
        }) = code.get(l as usize)
        {
            if target as usize == j + 1 {
                code[j] = Op::CompareLoop {
                    slot,
                    right,
                    op,
                    target: l + 1,
                };
                pos[j] = pos[l as usize];
            }
        }
    }
}

fn operand(op: &Op) -> Option<Operand> {
    match *op {
        Op::Const(k) => Some(Operand::Const(k)),
        Op::LoadLocal(s) => Some(Operand::Local(s)),
        _ => None,
    }
}

/// Drops the ops `keep` marks false, moving jumps and positions with the rest.
fn compact(code: &mut Vec<Op>, pos: &mut Vec<(u32, u32)>, keep: &[bool]) {
    if keep.iter().all(|&k| k) {
        return;
    }
    // An op's new index is the number of kept ops before it, so a jump to a removed op
    // lands on the next kept one, which is where running the removed ops would lead.
    let mut new_index = Vec::with_capacity(code.len() + 1);
    let mut kept = 0u32;
    for &k in keep {
        new_index.push(kept);
        kept += k as u32;
    }
    new_index.push(kept);
    let remap = |t: &mut u32| *t = new_index.get(*t as usize).copied().unwrap_or(kept);
    let mut k = keep.iter();
    code.retain(|_| *k.next().unwrap_or(&true));
    let mut k = keep.iter();
    pos.retain(|_| *k.next().unwrap_or(&true));
    for op in code.iter_mut() {
        if let Some(t) = target_mut(op) {
            remap(t);
        }
    }
}

fn target_mut(op: &mut Op) -> Option<&mut u32> {
    match op {
        Op::Jump(t) | Op::JumpIfFalse(t) | Op::JumpIfTrue(t) => Some(t),
        Op::RangeNext { end, .. } | Op::RangeChanNext { end } => Some(end),
        Op::CompareJump { target, .. }
        | Op::CompareLoop { target, .. }
        | Op::IncLoop { target, .. } => Some(target),
        _ => None,
    }
}

/// Points every jump at the end of a chain of `Jump`s (a loop of jumps is left alone).
fn thread_jumps(code: &mut [Op]) {
    for i in 0..code.len() {
        let Some(mut t) = target_mut(&mut code[i]).map(|t| *t) else {
            continue;
        };
        for _ in 0..8 {
            match code.get(t as usize) {
                Some(Op::Jump(next)) if *next != t => t = *next,
                _ => break,
            }
        }
        if let Some(target) = target_mut(&mut code[i]) {
            *target = t;
        }
    }
}

/// Whether some jump lands on op `i` (as the code is now).
fn landing(code: &mut [Op]) -> impl Fn(usize) -> bool {
    let mut landed = vec![false; code.len() + 1];
    for op in code.iter_mut() {
        if let Some(t) = target_mut(op) {
            if let Some(slot) = landed.get_mut(*t as usize) {
                *slot = true;
            }
        }
    }
    move |i| landed.get(i).copied().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ir::{builtin_types as bt, BinOp};

    fn program(consts: Vec<Value>) -> Program {
        let Ok(l) = crate::sim::lower::lower("package main\nfunc main() {}\n", Default::default())
        else {
            panic!("an empty program lowers");
        };
        let mut p = l.program;
        p.consts = consts;
        p
    }

    fn run(prog: &mut Program, code: Vec<Op>) -> Vec<Op> {
        let mut code = code;
        let mut pos: Vec<(u32, u32)> = (0..code.len() as u32).map(|i| (i + 1, 1)).collect();
        optimize_function(prog, &mut code, &mut pos);
        assert_eq!(pos.len(), code.len());
        code
    }

    #[test]
    fn folds_constant_arithmetic_but_not_a_division_by_zero() {
        let mut p = program(vec![
            Value::Int(10, bt::INT),
            Value::Int(3, bt::INT),
            Value::Int(0, bt::INT),
        ]);
        let code = run(
            &mut p,
            vec![
                Op::Const(0),
                Op::Const(1),
                Op::Binary(BinOp::Mul),
                Op::Const(0),
                Op::Const(2),
                Op::Binary(BinOp::Div),
            ],
        );
        assert_eq!(code.len(), 4);
        let Op::Const(k) = code[0] else {
            panic!("{code:?}")
        };
        assert!(matches!(p.consts[k as usize], Value::Int(30, bt::INT)));
        assert_eq!(code[3], Op::Binary(BinOp::Div));
    }

    #[test]
    fn removed_ops_keep_jumps_on_their_targets() {
        let mut p = program(vec![Value::Int(1, bt::INT)]);
        let code = run(
            &mut p,
            vec![
                Op::LoadLocal(0),     // 0: loaded and dropped
                Op::Pop,              // 1
                Op::LoadLocal(1),     // 2
                Op::Unary(UnOp::Not), // 3
                Op::JumpIfFalse(7),   // 4: through the jump at 7 to 9
                Op::Jump(6),          // 5: to the next op
                Op::Const(0),         // 6
                Op::Jump(9),          // 7
                Op::Const(0),         // 8
                Op::Return(0),        // 9
            ],
        );
        assert_eq!(
            code,
            vec![
                Op::LoadLocal(1),
                Op::JumpIfTrue(5),
                Op::Const(0),
                Op::Jump(5),
                Op::Const(0),
                Op::Return(0),
            ]
        );
    }

    #[test]
    fn a_comparison_and_its_branch_fuse() {
        let mut p = program(vec![Value::Int(1, bt::INT)]);
        let code = run(
            &mut p,
            vec![
                Op::LoadLocal(0),
                Op::Const(0),
                Op::Binary(BinOp::Eq),
                Op::JumpIfFalse(6),
                Op::LoadLocal(1),
                Op::Return(1),
                Op::Return(0),
            ],
        );
        assert_eq!(
            code,
            vec![
                Op::CompareJump {
                    slot: 0,
                    right: Operand::Const(0),
                    op: BinOp::Eq,
                    target: 3
                },
                Op::LoadLocal(1),
                Op::Return(1),
                Op::Return(0),
            ]
        );
    }

    #[test]
    fn a_counting_loop_runs_in_three_ops_per_iteration() {
        // sum := 0; for i := 0; i < n; i++ { sum += i % 7 }, as lowered:
        // slots 0 sum, 1 i, 2 n; consts 0 → 0, 1 → 7.
        let mut p = program(vec![Value::Int(0, bt::INT), Value::Int(7, bt::INT)]);
        let code = run(
            &mut p,
            vec![
                Op::Const(0),           // 0
                Op::StoreLocal(1),      // 1: i := 0
                Op::LoadLocal(1),       // 2: the condition
                Op::LoadLocal(2),       // 3
                Op::Binary(BinOp::Lt),  // 4
                Op::JumpIfFalse(14),    // 5
                Op::LoadLocal(0),       // 6: sum += i % 7
                Op::LoadLocal(1),       // 7
                Op::Const(1),           // 8
                Op::Binary(BinOp::Rem), // 9
                Op::Binary(BinOp::Add), // 10
                Op::StoreLocal(0),      // 11
                Op::IncLocal(1, 1),     // 12: i++
                Op::Jump(2),            // 13
                Op::Return(0),          // 14
            ],
        );
        let (i, n) = (1, Operand::Local(2));
        assert_eq!(
            code,
            vec![
                Op::Const(0),
                Op::StoreLocal(1),
                Op::CompareJump {
                    slot: i,
                    right: n,
                    op: BinOp::Lt,
                    target: 6
                },
                Op::BinaryLocal {
                    slot: i,
                    right: Operand::Const(1),
                    op: BinOp::Rem
                },
                Op::UpdateLocal {
                    slot: 0,
                    op: BinOp::Add
                },
                Op::IncLoop {
                    slot: i,
                    delta: 1,
                    right: n,
                    op: BinOp::Lt,
                    target: 3
                },
                Op::Return(0),
            ]
        );
    }

    #[test]
    fn an_update_by_a_local_or_constant_is_one_op_but_not_across_a_jump_target() {
        let mut p = program(vec![Value::Int(2, bt::INT)]);
        let code = run(
            &mut p,
            vec![
                Op::LoadLocal(0),       // 0: x = x * 2
                Op::Const(0),           // 1
                Op::Binary(BinOp::Mul), // 2
                Op::StoreLocal(0),      // 3
                Op::LoadLocal(0),       // 4: y = x - y, not an update of x
                Op::LoadLocal(1),       // 5
                Op::Binary(BinOp::Sub), // 6
                Op::StoreLocal(1),      // 7
                Op::LoadLocal(1),       // 8
                Op::Const(0),           // 9
                Op::Binary(BinOp::Add), // 10
                Op::StoreLocal(1),      // 11: a jump lands here
                Op::Jump(11),           // 12
            ],
        );
        assert_eq!(
            code[..3],
            [
                Op::UpdateLocalBy {
                    slot: 0,
                    right: Operand::Const(0),
                    op: BinOp::Mul
                },
                Op::BinaryLocal {
                    slot: 0,
                    right: Operand::Local(1),
                    op: BinOp::Sub
                },
                Op::StoreLocal(1),
            ]
        );
        assert_eq!(
            code[3..],
            [
                Op::BinaryLocal {
                    slot: 1,
                    right: Operand::Const(0),
                    op: BinOp::Add
                },
                Op::StoreLocal(1),
                Op::Jump(4),
            ]
        );
    }

    #[test]
    fn a_jump_into_a_pattern_keeps_it() {
        let mut p = program(vec![Value::Int(1, bt::INT), Value::Int(2, bt::INT)]);
        let code = run(
            &mut p,
            vec![
                Op::Const(0),
                Op::Const(1),
                Op::Binary(BinOp::Add),
                Op::Jump(1),
            ],
        );
        assert_eq!(code.len(), 4, "a jump lands on the second constant");
    }
}
