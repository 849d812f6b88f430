//! Heap blocks (backing arrays, maps, structs behind pointers) and the reachability pass
//! that turns them into "retained bytes". Slice growth follows Go's `growslice`
//! (double below 256 elements, then ~1.25x, rounded up to malloc size classes).

use super::ir::{Kind, Program, Ty};
use super::value::{Callable, MapObj, Object, Pointer, RangeIter, Storage, Value};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// Hashes an address with one multiplication: addresses are distinct and not chosen
/// by an adversary, so SipHash's protection only costs time in the reachability pass.
#[derive(Default)]
pub struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        // Fibonacci hashing, with the well-mixed high bits folded into the low ones:
        // addresses are aligned, so the product's low bits alone would often be zero.
        let h = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 32);
    }
}

/// A set of heap addresses.
pub type AddressSet = HashSet<usize, BuildHasherDefault<AddressHasher>>;

const SIZE_CLASSES: &[u64] = &[
    0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
    352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
    2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728,
    10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672,
    32768,
];

pub fn round_up_size(size: u64) -> u64 {
    if size <= 32768 {
        let i = SIZE_CLASSES.partition_point(|&c| c < size);
        SIZE_CLASSES[i.min(SIZE_CLASSES.len() - 1)]
    } else {
        size.div_ceil(8192) * 8192
    }
}

/// The capacity `append` gives when `old_cap` must grow to hold `new_len` elements.
pub fn grow_cap(old_cap: usize, new_len: usize, elem_size: u64) -> usize {
    let double = old_cap * 2;
    let mut new_cap = if new_len > double {
        new_len
    } else if old_cap < 256 {
        double
    } else {
        let mut c = old_cap;
        while c < new_len {
            c += (c + 3 * 256) >> 2;
        }
        c
    };
    if new_cap == 0 {
        new_cap = new_len;
    }
    if elem_size == 0 {
        return new_cap;
    }
    let bytes = round_up_size((new_cap as u64).saturating_mul(elem_size));
    (bytes / elem_size) as usize
}

/// Go's escape analysis moves a declared variable larger than this to the heap.
const MAX_STACK_VARIABLE: u64 = 10 << 20;

/// The stack a goroutine has when its frames need `need` bytes: 2 KiB at the start,
/// doubled until the frames fit below the guard area the runtime keeps free (928 bytes on
/// linux/amd64).
pub fn stack_size(need: u64) -> u64 {
    let mut size = 2048u64;
    while size < need.saturating_add(928) && size < 1 << 40 {
        size *= 2;
    }
    size
}

/// The bytes a value takes in a goroutine's frame. Arrays and structs are held by value,
/// as Go's escape analysis keeps a variable of up to 10 MiB on the stack when its address
/// does not leave the frame (a captured variable is a heap cell instead).
pub fn inline_size(prog: &Program, v: &Value) -> u64 {
    match v {
        Value::Array(_, ty) => stack_array_size(prog, *ty).unwrap_or(8),
        Value::Struct(st) => prog.size_of(st.ty),
        Value::Str(..) | Value::Tuple(_) => 16,
        Value::Slice(_) => 24,
        _ => 8,
    }
}

/// The bytes an array of type `ty` takes in a frame, or `None` when escape analysis
/// would put it on the heap (a variable over 10 MiB).
fn stack_array_size(prog: &Program, ty: Ty) -> Option<u64> {
    Some(prog.size_of(ty)).filter(|&size| size <= MAX_STACK_VARIABLE)
}

/// The bytes of a map's slots, as Go's Swiss tables lay them out: groups of 8 slots with
/// a control byte each, at most 7/8 full, doubling as they grow. Sized by the most
/// entries the map ever held, since Go maps never shrink.
fn map_slots_bytes(prog: &Program, m: &MapObj, map_ty: Ty) -> u64 {
    let high_water = m.high_water.get() as u64;
    if high_water == 0 {
        return 0;
    }
    let slot = match prog.kind(map_ty) {
        Kind::Map(k, v) => 1 + prog.size_of(*k) + prog.size_of(*v),
        _ => 17,
    };
    let slots = (high_water * 8).div_ceil(7).next_power_of_two().max(8);
    slots.saturating_mul(slot)
}

/// The buffers of a program's string constants: they live in its read-only data, not on
/// the heap.
pub fn static_strings(prog: &Program) -> AddressSet {
    prog.consts
        .iter()
        .filter_map(|c| match c {
            Value::Str(s, _) => Some(Rc::as_ptr(s.backing()) as *const u8 as usize),
            _ => None,
        })
        .collect()
}

/// Sums the bytes of every heap block reachable from `roots`, each counted once.
pub struct Reach<'p> {
    pub prog: &'p Program,
    seen: AddressSet,
    static_strings: &'p AddressSet,
    pub bytes: u64,
    /// Identities of runtime objects met (channels, mutexes, wait groups, timers).
    pub objects: AddressSet,
}

impl<'p> Reach<'p> {
    /// `static_strings`: the program's string constants ([`static_strings`]).
    pub fn new(prog: &'p Program, static_strings: &'p AddressSet) -> Self {
        Reach {
            prog,
            static_strings,
            seen: AddressSet::default(),
            bytes: 0,
            objects: AddressSet::default(),
        }
    }

    pub fn visited(&self) -> u64 {
        self.seen.len() as u64
    }

    fn first_visit(&mut self, addr: usize) -> bool {
        self.seen.insert(addr)
    }

    #[allow(clippy::collapsible_match)]
    pub fn value(&mut self, v: &Value) {
        match v {
            Value::Slice(s) => {
                if let Some(a) = &s.arr {
                    self.array(a);
                }
            }
            Value::Array(a, _) => {
                // An array value lives inline in its variable: count it as a block too.
                self.array(a);
            }
            Value::Struct(s) => {
                if self.first_visit(Rc::as_ptr(s) as *const u8 as usize) {
                    self.bytes += self.prog.size_of(s.ty);
                    for f in s.fields.borrow().iter() {
                        self.value(f);
                    }
                }
            }
            Value::Ptr(p, _) => match p {
                Pointer::Cell(c) => {
                    if self.first_visit(Rc::as_ptr(c) as *const u8 as usize) {
                        let inner = c.borrow().clone();
                        self.bytes += 8;
                        self.value(&inner);
                    }
                }
                Pointer::Struct(s) | Pointer::Field(s, _) => self.value(&Value::Struct(s.clone())),
                Pointer::Elem(a, _) => self.array(a),
            },
            Value::Map(m, map_ty) => self.map(m, *map_ty),
            Value::Chan(c, _) => {
                let addr = Rc::as_ptr(c) as *const u8 as usize;
                if self.first_visit(addr) {
                    self.objects.insert(addr);
                    self.bytes += 96 + (c.cap as u64).saturating_mul(self.prog.size_of(c.elem));
                    let st = c.state.borrow();
                    for v in st.buf.iter() {
                        self.value(v);
                    }
                    for w in st.sendq.iter() {
                        self.value(&w.value);
                    }
                }
            }
            Value::Func(f) => {
                if self.first_visit(Rc::as_ptr(f) as *const u8 as usize) {
                    match &**f {
                        Callable::Func { captures, .. } => {
                            for c in captures.iter() {
                                self.value(&Value::Ptr(Pointer::Cell(c.clone()), 0));
                            }
                        }
                        Callable::Bound { recv, .. } => self.value(recv),
                        Callable::Native { recv: Some(r), .. } => self.value(r),
                        Callable::Native { .. } => {}
                    }
                }
            }
            Value::Obj(o, _) => {
                let addr = Rc::as_ptr(o) as *const u8 as usize;
                if self.first_visit(addr) {
                    self.objects.insert(addr);
                    match &**o {
                        Object::Timer(t) => {
                            let t = t.borrow();
                            self.objects
                                .insert(Rc::as_ptr(&t.chan) as *const u8 as usize);
                            self.value(&Value::Chan(t.chan.clone(), 0));
                            if let Some(f) = &t.func {
                                self.value(f);
                            }
                        }
                        Object::Pool(p) => {
                            let p = p.borrow();
                            self.value(&p.new);
                            for v in &p.items {
                                self.value(v);
                            }
                        }
                        Object::Cond(c) => {
                            self.bytes += 48;
                            self.value(&c.borrow().l);
                        }
                        Object::Context(c) => {
                            let c = c.borrow();
                            self.bytes += 64;
                            if let Some(d) = &c.done {
                                self.value(&Value::Chan(d.clone(), 0));
                            }
                            if let Some(p) = &c.parent {
                                self.value(p);
                            }
                            for (k, v) in &c.values {
                                self.value(k);
                                self.value(v);
                            }
                        }
                        Object::SyncMap(m) => {
                            for (k, v) in m.borrow().values() {
                                self.bytes += 32;
                                self.value(k);
                                self.value(v);
                            }
                        }
                        Object::Error { msg, wrapped } => {
                            self.bytes += 16 + msg.len() as u64;
                            for w in wrapped {
                                self.value(w);
                            }
                        }
                        Object::Builder(b) => self.bytes += b.borrow().capacity() as u64,
                        _ => {}
                    }
                }
            }
            Value::Str(s, _) => {
                let buf = s.backing();
                let addr = Rc::as_ptr(buf) as *const u8 as usize;
                if !buf.is_empty() && self.first_visit(addr) && !self.static_strings.contains(&addr)
                {
                    self.bytes += round_up_size(buf.len() as u64);
                }
            }
            Value::Tuple(t) => {
                for v in t.iter() {
                    self.value(v);
                }
            }
            Value::Iter(it) => match &*it.borrow() {
                RangeIter::Seq { coll, .. } => self.value(coll),
                RangeIter::Map { items, .. } => {
                    for (k, v) in items {
                        self.value(k);
                        self.value(v);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// Visits what a value held in a goroutine's frame references. Arrays and structs
    /// held by value live on the stack (see [`inline_size`]): they are not heap blocks,
    /// unless the heap reaches them too.
    pub fn on_stack(&mut self, v: &Value) {
        match v {
            Value::Array(a, ty) if stack_array_size(self.prog, *ty).is_some() => {
                if !self.seen.contains(&(Rc::as_ptr(a) as *const u8 as usize)) {
                    self.array_elems(a);
                }
            }
            Value::Struct(st) => {
                if !self.seen.contains(&(Rc::as_ptr(st) as *const u8 as usize)) {
                    for f in st.fields.borrow().iter() {
                        self.value(f);
                    }
                }
            }
            Value::Iter(it) => match &*it.borrow() {
                RangeIter::Seq {
                    coll: coll @ Value::Array(..),
                    ..
                } => self.on_stack(coll),
                _ => self.value(v),
            },
            _ => self.value(v),
        }
    }

    fn map(&mut self, m: &Rc<MapObj>, map_ty: Ty) {
        if self.first_visit(Rc::as_ptr(m) as *const u8 as usize) {
            self.objects.insert(Rc::as_ptr(m) as *const u8 as usize);
            self.bytes += 48 + map_slots_bytes(self.prog, m, map_ty);
            for (k, v) in m.entries.borrow().values() {
                self.value(k);
                self.value(v);
            }
        }
    }

    fn array(&mut self, a: &Rc<super::value::ArrayObj>) {
        if !self.first_visit(Rc::as_ptr(a) as *const u8 as usize) {
            return;
        }
        self.bytes += a.data.borrow().len() as u64 * self.prog.size_of(a.elem);
        self.array_elems(a);
    }

    /// Visits what an array's elements reference.
    fn array_elems(&mut self, a: &Rc<super::value::ArrayObj>) {
        let data = a.data.borrow();
        if let Storage::Values(vals) = &*data {
            for v in vals.iter() {
                if matches!(
                    v,
                    Value::Int(..) | Value::Float(..) | Value::Bool(_) | Value::Nil
                ) {
                    continue;
                }
                self.value(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_matches_go_for_small_int_slices() {
        // append one int at a time from empty: 1 2 4 8 16 32 64 128 256 512 848
        let mut cap = 0;
        let mut caps = Vec::new();
        for len in 1..=600usize {
            if len > cap {
                cap = grow_cap(cap, len, 8);
                caps.push(cap);
            }
        }
        assert_eq!(caps, vec![1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 848]);
        // append 5 ints to an empty slice at once gives cap 6 (48-byte size class)
        assert_eq!(grow_cap(0, 5, 8), 6);
    }

    #[test]
    fn size_classes_round_up() {
        assert_eq!(round_up_size(40), 48);
        assert_eq!(round_up_size(1), 8);
        assert_eq!(round_up_size(40000), 40960);
    }
}
