//! Go strings: immutable bytes that slicing shares. As in Go, `s[:16]` of a 1 MiB string
//! keeps the whole 1 MiB alive; only a copy (`strings.Clone`, `string([]byte(s))`, a
//! `strings.Builder`) lets it go.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::rc::Rc;

/// A string value: a window `off..off + len` on a shared buffer.
#[derive(Clone)]
pub struct GoStr {
    buf: Rc<str>,
    off: u32,
    len: u32,
}

impl GoStr {
    /// The whole of `buf`, shared.
    pub fn whole(buf: Rc<str>) -> Self {
        let len = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        GoStr { buf, off: 0, len }
    }

    pub fn as_str(&self) -> &str {
        let (off, len) = (self.off as usize, self.len as usize);
        if off == 0 && len == self.buf.len() {
            return &self.buf;
        }
        self.buf.get(off..off + len).unwrap_or_default()
    }

    /// `s[low:high]` sharing the buffer, or `None` when a bound splits a UTF-8 sequence
    /// (such a piece is not valid `str`; the caller copies it).
    pub fn substr(&self, low: usize, high: usize) -> Option<GoStr> {
        let s = self.as_str();
        if low > high || high > s.len() || !s.is_char_boundary(low) || !s.is_char_boundary(high) {
            return None;
        }
        Some(GoStr {
            buf: self.buf.clone(),
            off: self.off + low as u32,
            len: (high - low) as u32,
        })
    }

    /// The piece `part` of this string (a sub-slice of `as_str()`, as the `strings`
    /// functions return), sharing the buffer; a copy if `part` lies elsewhere.
    pub fn piece(&self, part: &str) -> GoStr {
        let whole = self.as_str();
        let start = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
        match self.substr(start, start.wrapping_add(part.len())) {
            Some(p) if start <= whole.len() => p,
            _ => GoStr::from(part),
        }
    }

    /// The buffer this string keeps alive.
    pub fn backing(&self) -> &Rc<str> {
        &self.buf
    }
}

impl Deref for GoStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for GoStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for GoStr {
    fn from(s: &str) -> Self {
        GoStr::whole(Rc::from(s))
    }
}

impl From<String> for GoStr {
    fn from(s: String) -> Self {
        GoStr::whole(Rc::from(s))
    }
}

impl From<Rc<str>> for GoStr {
    fn from(s: Rc<str>) -> Self {
        GoStr::whole(s)
    }
}

impl PartialEq for GoStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for GoStr {}

impl PartialOrd for GoStr {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for GoStr {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for GoStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for GoStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for GoStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_shares_the_buffer_and_a_split_sequence_does_not() {
        let big = GoStr::from("héllo world");
        let hello = big.substr(0, 6).unwrap();
        assert_eq!(&*hello, "héllo");
        assert!(Rc::ptr_eq(hello.backing(), big.backing()));
        assert!(big.substr(0, 2).is_none(), "splits é");
        let world = hello.substr(1, 3).unwrap();
        assert_eq!(&*world, "é");
        let piece = big.piece(big.as_str().trim_start_matches('h'));
        assert!(Rc::ptr_eq(piece.backing(), big.backing()));
        assert_eq!(&*piece, "éllo world");
        assert!(!Rc::ptr_eq(big.piece("elsewhere").backing(), big.backing()));
        assert_eq!(
            GoStr::from("ab"),
            big.substr(0, 1).map(|_| GoStr::from("ab")).unwrap()
        );
    }
}
