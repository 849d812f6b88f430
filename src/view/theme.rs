//! The colour theme: follow the system, or a fixed choice the learner made.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_code(code: &str) -> Option<Theme> {
        [Theme::System, Theme::Light, Theme::Dark]
            .into_iter()
            .find(|t| t.code() == code)
    }

    /// The toggle cycles system → light → dark → system.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    /// The `data-theme` attribute on `<html>`, or none to follow the system.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_and_round_trips() {
        let mut t = Theme::System;
        for _ in 0..3 {
            assert_eq!(Theme::from_code(t.code()), Some(t));
            t = t.next();
        }
        assert_eq!(t, Theme::System);
        assert_eq!(Theme::from_code("purple"), None);
    }
}
