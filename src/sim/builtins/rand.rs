//! Packages math/rand and math/rand/v2, drawn from a generator seeded by the run's seed:
//! real Go seeds randomly, so a program's output may differ from Go's run to run
//! exactly as it does under Go, and the same seed replays the same numbers here.

use super::*;
use crate::sim::natives::RandFn;

/// Perm and Shuffle larger than this are not simulated: they would run for minutes
/// inside a single step.
const MAX_RAND_N: i64 = 1 << 20;

impl Machine {
    pub(super) fn call_rand(
        &mut self,
        g: &mut Goroutine,
        f: RandFn,
        args: &[Value],
    ) -> Res<Results> {
        let n = args.first().map_or(0, Value::as_int);
        let one = |v: Value| Ok(Results::One(v));
        match f {
            RandFn::Below => {
                if n <= 0 {
                    return Err(Stop::Panic(error_value("invalid argument to Intn")));
                }
                let ty = match args.first() {
                    Some(Value::Int(_, t)) => *t,
                    _ => bt::INT,
                };
                one(Value::Int(self.rand.below(n as u64) as i64, ty))
            }
            RandFn::NonNegative63 => one(Value::int((self.rand.next_u64() >> 1) as i64)),
            RandFn::NonNegative31 => {
                one(Value::Int((self.rand.next_u64() >> 33) as i64, bt::INT32))
            }
            RandFn::Uint32 => one(Value::Int((self.rand.next_u64() >> 32) as i64, bt::UINT32)),
            RandFn::Uint64 => one(Value::Int(self.rand.next_u64() as i64, bt::UINT64)),
            RandFn::Float64 => one(Value::Float(
                (self.rand.next_u64() >> 11) as f64 / (1u64 << 53) as f64,
                bt::FLOAT64,
            )),
            RandFn::Perm => {
                if n < 0 {
                    return Err(Stop::Panic(error_value("invalid argument to Perm")));
                }
                if n > MAX_RAND_N {
                    return Err(Stop::NotSimulated(format!("rand.Perm({n})")));
                }
                let mut p: Vec<i64> = (0..n).collect();
                for i in (1..p.len()).rev() {
                    let j = self.rand.below(i as u64 + 1) as usize;
                    p.swap(i, j);
                }
                let id = self.obj_id();
                let vals = p.into_iter().map(Value::int).collect();
                one(make_slice_from(&self.prog, bt::INTS, vals, id))
            }
            RandFn::Shuffle => {
                if n < 0 {
                    return Err(Stop::Panic(error_value("invalid argument to Shuffle")));
                }
                // Each swap is a Go call run inside this one step, outside the step budget.
                if n > MAX_RAND_N {
                    return Err(Stop::NotSimulated(format!("rand.Shuffle({n}, …)")));
                }
                let swap = args.get(1).cloned().unwrap_or_default();
                for i in (1..n).rev() {
                    let j = self.rand.below(i as u64 + 1) as i64;
                    self.call_sync(g.id, swap.clone(), vec![Value::int(i), Value::int(j)])?;
                }
                Ok(Results::Many(Vec::new()))
            }
            RandFn::Seed => Ok(Results::Many(Vec::new())),
        }
    }
}
