//! context.Context: a tree of cancelable contexts, each with a Done channel.

use super::chan::Chan;
use super::value::Value;
use std::rc::Rc;

#[derive(Debug)]
pub struct Context {
    /// `None` for Background/TODO (never done).
    pub done: Option<Rc<Chan>>,
    pub err: Option<&'static str>,
    pub children: Vec<Value>,
    pub deadline: Option<i64>,
    /// Pending deadline timer, to stop on cancel.
    pub timer_seq: Option<u64>,
    pub values: Vec<(Value, Value)>,
    pub parent: Option<Value>,
}

impl Context {
    pub fn background() -> Context {
        Context {
            done: None,
            err: None,
            children: Vec::new(),
            deadline: None,
            timer_seq: None,
            values: Vec::new(),
            parent: None,
        }
    }
}

pub const CANCELED: &str = "context canceled";
pub const DEADLINE_EXCEEDED: &str = "context deadline exceeded";
