//! Scheduling challenges (The Deadlock Empire's idea, for Go): a small program that runs
//! fine under the default schedule, and an ending the learner must reach by being the
//! scheduler, picking which goroutine runs at each statement.

use super::Text;
use crate::sim::{End, Outcome};
use serde::{Deserialize, Serialize};

/// The ending a challenge asks for.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Goal {
    /// `fatal error: all goroutines are asleep - deadlock!`
    Deadlock,
    /// A panic or a fatal error such as `concurrent map writes`.
    Crash,
    /// The program ends with a goroutine blocked forever.
    Leak,
}

impl Goal {
    pub fn as_str(self) -> &'static str {
        match self {
            Goal::Deadlock => "deadlock",
            Goal::Crash => "crash",
            Goal::Leak => "leak",
        }
    }

    pub fn met_by(self, outcome: &Outcome) -> bool {
        match self {
            Goal::Deadlock => outcome.end == End::Deadlock,
            Goal::Crash => matches!(outcome.end, End::Panicked | End::Fatal),
            Goal::Leak => {
                matches!(outcome.end, End::MainReturned | End::Exited)
                    && outcome.leaked.iter().any(|l| l.forever)
            }
        }
    }
}

/// As written in a lesson's front matter.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChallengeMatter {
    pub program: String,
    pub goal: Goal,
    pub text: Text,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Challenge {
    pub goal: Goal,
    /// The task, as markdown rendered to HTML.
    pub text_html: Text,
    pub file: String,
    pub code: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{self, Config, Schedule};

    #[test]
    fn each_goal_is_met_by_its_ending_only() {
        let run = |src: &str| sim::run(src, &Config::default());
        let deadlock = run("package main\n\nfunc main() {\n\tch := make(chan int)\n\tch <- 1\n}\n");
        let leak = run("package main\n\nimport \"time\"\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\ttime.Sleep(time.Millisecond)\n}\n");
        let crash =
            run("package main\n\nfunc main() {\n\tvar m map[string]int\n\tm[\"a\"] = 1\n}\n");
        let paused = sim::run(
            "package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\t<-ch\n}\n",
            &Config::default().with_schedule(Schedule::manual(&[])),
        );
        let met = |o: &Outcome| [Goal::Deadlock, Goal::Crash, Goal::Leak].map(|g| g.met_by(o));
        assert_eq!(met(&deadlock), [true, false, false]);
        assert_eq!(met(&crash), [false, true, false]);
        assert_eq!(met(&leak), [false, false, true], "{:?}", leak.leaked);
        assert_eq!(met(&paused), [false, false, false]);
    }
}
