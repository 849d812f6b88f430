//! sync.Mutex and sync.RWMutex: an owner count plus a FIFO of parked goroutines.

use std::collections::VecDeque;

#[derive(Debug, Default)]
pub struct Mutex {
    pub locked: bool,
    pub readers: u32,
    /// Parked goroutines: (goroutine id, wants write lock).
    pub waiters: VecDeque<(u32, bool)>,
    pub id: u32,
    pub locked_line: u32,
}

impl Mutex {
    pub fn new(id: u32) -> Mutex {
        Mutex {
            id,
            ..Default::default()
        }
    }
    pub fn copy_state(&self) -> Mutex {
        Mutex {
            locked: self.locked,
            readers: self.readers,
            waiters: VecDeque::new(),
            id: self.id,
            locked_line: 0,
        }
    }
    /// Takes the lock if free; `write` for Lock, else RLock.
    pub fn try_lock(&mut self, write: bool) -> bool {
        if write {
            if !self.locked && self.readers == 0 {
                self.locked = true;
                return true;
            }
            false
        } else if !self.locked && !self.waiters.iter().any(|w| w.1) {
            self.readers += 1;
            true
        } else {
            false
        }
    }
    /// Releases; returns the goroutines that now hold the lock (and must be woken).
    pub fn unlock(&mut self, write: bool) -> Result<Vec<u32>, &'static str> {
        if write {
            if !self.locked {
                return Err("sync: unlock of unlocked mutex");
            }
            self.locked = false;
        } else {
            if self.readers == 0 {
                return Err("sync: RUnlock of unlocked RWMutex");
            }
            self.readers -= 1;
        }
        Ok(self.grant())
    }
    fn grant(&mut self) -> Vec<u32> {
        let mut woken = Vec::new();
        while let Some(&(g, write)) = self.waiters.front() {
            if write {
                if !self.locked && self.readers == 0 {
                    self.locked = true;
                    self.waiters.pop_front();
                    woken.push(g);
                }
                break;
            } else if !self.locked {
                self.readers += 1;
                self.waiters.pop_front();
                woken.push(g);
            } else {
                break;
            }
        }
        woken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlock_hands_the_lock_to_the_first_waiter() {
        let mut m = Mutex::new(1);
        assert!(m.try_lock(true));
        assert!(!m.try_lock(true));
        m.waiters.push_back((5, true));
        assert_eq!(m.unlock(true).unwrap(), vec![5]);
        assert!(m.locked);
    }

    #[test]
    fn unlock_of_unlocked_mutex_is_an_error() {
        let mut m = Mutex::new(1);
        assert_eq!(m.unlock(true), Err("sync: unlock of unlocked mutex"));
    }

    #[test]
    fn readers_share_and_block_writers() {
        let mut m = Mutex::new(1);
        assert!(m.try_lock(false));
        assert!(m.try_lock(false));
        assert!(!m.try_lock(true));
        m.waiters.push_back((9, true));
        assert!(m.unlock(false).unwrap().is_empty());
        assert_eq!(m.unlock(false).unwrap(), vec![9]);
    }
}
