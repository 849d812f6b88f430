//! sync.WaitGroup: a counter and the goroutines parked in Wait.

#[derive(Debug, Default)]
pub struct WaitGroup {
    pub count: i64,
    pub waiters: Vec<u32>,
    pub id: u32,
}

impl WaitGroup {
    pub fn new(id: u32) -> WaitGroup {
        WaitGroup {
            id,
            ..Default::default()
        }
    }
    pub fn copy_state(&self) -> WaitGroup {
        WaitGroup {
            count: self.count,
            waiters: Vec::new(),
            id: self.id,
        }
    }
    /// Adds `delta`; returns the waiters to wake when the counter reaches zero. Like Go's,
    /// the counter is 32 bits wide and `delta` is taken modulo 2^32 (`Add(1<<63 - 1)` is
    /// `Add(-1)`), so absurd deltas end in Go's panic rather than an overflow.
    pub fn add(&mut self, delta: i64) -> Result<Vec<u32>, &'static str> {
        self.count = i64::from((self.count as i32).wrapping_add(delta as i32));
        if self.count < 0 {
            return Err("sync: negative WaitGroup counter");
        }
        if self.count == 0 {
            return Ok(std::mem::take(&mut self.waiters));
        }
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaching_zero_wakes_waiters() {
        let mut wg = WaitGroup::new(1);
        wg.add(2).unwrap();
        wg.waiters.push(4);
        assert!(wg.add(-1).unwrap().is_empty());
        assert_eq!(wg.add(-1).unwrap(), vec![4]);
    }

    #[test]
    fn huge_deltas_wrap_at_32_bits_like_go() {
        let mut wg = WaitGroup::new(1);
        assert_eq!(wg.add(i64::MAX), Err("sync: negative WaitGroup counter"));
        let mut wg = WaitGroup::new(1);
        assert!(wg.add(1 << 32).unwrap().is_empty());
        assert_eq!(wg.count, 0);
    }

    #[test]
    fn negative_counter_is_an_error() {
        let mut wg = WaitGroup::new(1);
        assert_eq!(wg.add(-1), Err("sync: negative WaitGroup counter"));
    }
}
