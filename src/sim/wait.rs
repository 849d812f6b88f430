//! Why a goroutine is parked, named as Go's runtime names it in a traceback
//! (`goroutine 7 [chan send]:`). Typed so the timeline and the leak report decide on a
//! variant, not on text; written as Go's text in JSON, the CLI and the deadlock message.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WaitReason {
    #[serde(rename = "chan send")]
    ChanSend,
    #[serde(rename = "chan send (nil chan)")]
    ChanSendNilChan,
    #[serde(rename = "chan receive")]
    ChanReceive,
    #[serde(rename = "chan receive (nil chan)")]
    ChanReceiveNilChan,
    #[serde(rename = "select")]
    Select,
    #[serde(rename = "select (no cases)")]
    SelectNoCases,
    #[serde(rename = "sync.Mutex.Lock")]
    MutexLock,
    #[serde(rename = "sync.RWMutex.Lock")]
    RWMutexLock,
    #[serde(rename = "sync.RWMutex.RLock")]
    RWMutexRLock,
    #[serde(rename = "sync.WaitGroup.Wait")]
    WaitGroupWait,
    #[serde(rename = "sleep")]
    Sleep,
    #[serde(rename = "sync.Cond.Wait")]
    CondWait,
}

impl WaitReason {
    pub const ALL: [WaitReason; 12] = [
        WaitReason::ChanSend,
        WaitReason::ChanSendNilChan,
        WaitReason::ChanReceive,
        WaitReason::ChanReceiveNilChan,
        WaitReason::Select,
        WaitReason::SelectNoCases,
        WaitReason::MutexLock,
        WaitReason::RWMutexLock,
        WaitReason::RWMutexRLock,
        WaitReason::WaitGroupWait,
        WaitReason::Sleep,
        WaitReason::CondWait,
    ];

    /// Go's text for the wait, as in a goroutine dump.
    pub fn as_str(self) -> &'static str {
        match self {
            WaitReason::ChanSend => "chan send",
            WaitReason::ChanSendNilChan => "chan send (nil chan)",
            WaitReason::ChanReceive => "chan receive",
            WaitReason::ChanReceiveNilChan => "chan receive (nil chan)",
            WaitReason::Select => "select",
            WaitReason::SelectNoCases => "select (no cases)",
            WaitReason::MutexLock => "sync.Mutex.Lock",
            WaitReason::RWMutexLock => "sync.RWMutex.Lock",
            WaitReason::RWMutexRLock => "sync.RWMutex.RLock",
            WaitReason::WaitGroupWait => "sync.WaitGroup.Wait",
            WaitReason::Sleep => "sleep",
            WaitReason::CondWait => "sync.Cond.Wait",
        }
    }

    /// The reason Go prints as `text`, if the simulator has one by that name.
    pub fn parse(text: &str) -> Option<WaitReason> {
        WaitReason::ALL.into_iter().find(|w| w.as_str() == text)
    }
}

impl fmt::Display for WaitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for WaitReason {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A goroutine's state in a leak report: Go's `[runnable]` or the reason it waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum GoroutineStatus {
    Runnable,
    Waiting(WaitReason),
}

impl GoroutineStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GoroutineStatus::Runnable => "runnable",
            GoroutineStatus::Waiting(w) => w.as_str(),
        }
    }

    pub fn wait_reason(self) -> Option<WaitReason> {
        match self {
            GoroutineStatus::Runnable => None,
            GoroutineStatus::Waiting(w) => Some(w),
        }
    }
}

impl fmt::Display for GoroutineStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for GoroutineStatus {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<GoroutineStatus> for String {
    fn from(s: GoroutineStatus) -> String {
        s.as_str().to_owned()
    }
}

impl TryFrom<String> for GoroutineStatus {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        if text == "runnable" {
            return Ok(GoroutineStatus::Runnable);
        }
        WaitReason::parse(&text)
            .map(GoroutineStatus::Waiting)
            .ok_or_else(|| format!("unknown goroutine status {text:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_round_trips_through_its_go_text_and_json() {
        for w in WaitReason::ALL {
            assert_eq!(WaitReason::parse(w.as_str()), Some(w));
            let json = serde_json::to_string(&w).unwrap();
            assert_eq!(json, format!("\"{}\"", w.as_str()));
            assert_eq!(serde_json::from_str::<WaitReason>(&json).unwrap(), w);
            let status = GoroutineStatus::Waiting(w);
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(
                serde_json::from_str::<GoroutineStatus>(&json).unwrap(),
                status
            );
        }
        assert_eq!(
            serde_json::to_string(&GoroutineStatus::Runnable).unwrap(),
            "\"runnable\""
        );
        assert_eq!(WaitReason::parse("sync.Cond.Wake"), None);
        assert!(serde_json::from_str::<GoroutineStatus>("\"napping\"").is_err());
    }
}
