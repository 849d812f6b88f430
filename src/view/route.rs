//! Hash routes (`#/lesson/<id>`), so the static `dist/` works from any folder of any file
//! server and a reload of a deep link needs no server rewrite rules.

use crate::lessons::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Lesson(String),
    /// A lesson inside another site's page (`#/embed/<id>?…`, options in the query).
    Embed(String),
    Playground,
    Rules,
    NotFound(String),
}

impl Route {
    /// Parses `location.hash` (`""`, `"#/"`, `"#/lesson/x"`…). Unknown paths are kept
    /// so the page can say what was not found.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let path = path.split(['?', '#']).next().unwrap_or("");
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Home,
            ["lesson", id] if is_slug(id) => Route::Lesson((*id).to_owned()),
            ["embed", id] if is_slug(id) => Route::Embed((*id).to_owned()),
            ["playground"] => Route::Playground,
            ["rules"] => Route::Rules,
            _ => Route::NotFound(path.to_owned()),
        }
    }

    pub fn to_hash(&self) -> String {
        match self {
            Route::Home => "#/".to_owned(),
            Route::Lesson(id) => format!("#/lesson/{id}"),
            Route::Embed(id) => format!("#/embed/{id}"),
            Route::Playground => "#/playground".to_owned(),
            Route::Rules => "#/rules".to_owned(),
            Route::NotFound(path) => format!("#{path}"),
        }
    }
}

/// The browser tab's title for a page: what it is, then the site (a lesson page passes
/// its lesson's title once loaded).
/// The lessons before and after `id` in the course's order (`None` at either end, or
/// both when `id` is not a lesson of the list).
pub fn neighbours<'a>(ids: &[&'a str], id: &str) -> (Option<&'a str>, Option<&'a str>) {
    match ids.iter().position(|i| *i == id) {
        Some(at) => (at.checked_sub(1).map(|p| ids[p]), ids.get(at + 1).copied()),
        None => (None, None),
    }
}

pub fn page_title(route: &Route, lang: Lang, lesson_title: Option<&str>) -> String {
    const SITE: &str = "Go Leak Lab";
    let what = match (route, lang) {
        (Route::Home, _) => return SITE.to_owned(),
        (Route::Lesson(id) | Route::Embed(id), _) => lesson_title.unwrap_or(id).to_owned(),
        (Route::Playground, Lang::En) => "Playground".to_owned(),
        (Route::Playground, Lang::Zh) => "练习场".to_owned(),
        (Route::Rules, Lang::En) => "Rules".to_owned(),
        (Route::Rules, Lang::Zh) => "规则".to_owned(),
        (Route::NotFound(_), Lang::En) => "Page not found".to_owned(),
        (Route::NotFound(_), Lang::Zh) => "页面不存在".to_owned(),
    };
    format!("{what} · {SITE}")
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_lesson_knows_the_lessons_beside_it() {
        let ids = ["a", "b", "c"];
        assert_eq!(super::neighbours(&ids, "a"), (None, Some("b")));
        assert_eq!(super::neighbours(&ids, "b"), (Some("a"), Some("c")));
        assert_eq!(super::neighbours(&ids, "c"), (Some("b"), None));
        assert_eq!(super::neighbours(&ids, "zz"), (None, None));
    }
    use super::*;

    #[test]
    fn every_page_has_its_own_tab_title() {
        let lesson = Route::Lesson("blocked-send".into());
        assert_eq!(page_title(&Route::Home, Lang::En, None), "Go Leak Lab");
        assert_eq!(
            page_title(&lesson, Lang::En, Some("The sender that waits forever")),
            "The sender that waits forever · Go Leak Lab"
        );
        assert_eq!(
            page_title(&lesson, Lang::En, None),
            "blocked-send · Go Leak Lab"
        );
        assert_eq!(
            page_title(&Route::Rules, Lang::Zh, None),
            "规则 · Go Leak Lab"
        );
        let titles: std::collections::HashSet<String> = [
            Route::Home,
            Route::Playground,
            Route::Rules,
            Route::NotFound("/x".into()),
            lesson,
        ]
        .iter()
        .map(|r| page_title(r, Lang::En, None))
        .collect();
        assert_eq!(titles.len(), 5);
    }

    #[test]
    fn parses_every_route() {
        assert_eq!(Route::from_hash(""), Route::Home);
        assert_eq!(Route::from_hash("#/"), Route::Home);
        assert_eq!(
            Route::from_hash("#/lesson/select-timeout-sender"),
            Route::Lesson("select-timeout-sender".into())
        );
        assert_eq!(
            Route::from_hash("#/lesson/a-b/"),
            Route::Lesson("a-b".into())
        );
        assert_eq!(Route::from_hash("#/playground"), Route::Playground);
        assert_eq!(
            Route::from_hash("#/embed/blocked-send?lang=zh&code=1.abc"),
            Route::Embed("blocked-send".into())
        );
        assert_eq!(
            Route::from_hash("#/lesson/x?code=1.abc"),
            Route::Lesson("x".into())
        );
        assert_eq!(Route::from_hash("#/rules"), Route::Rules);
    }

    #[test]
    fn odd_paths_are_not_found_not_lessons() {
        assert!(matches!(
            Route::from_hash("#/lesson/<script>"),
            Route::NotFound(_)
        ));
        assert!(matches!(Route::from_hash("#/nope"), Route::NotFound(_)));
        assert!(matches!(Route::from_hash("#/lesson"), Route::NotFound(_)));
    }

    #[test]
    fn hashes_round_trip() {
        for r in [
            Route::Home,
            Route::Lesson("x-1".into()),
            Route::Playground,
            Route::Rules,
        ] {
            assert_eq!(Route::from_hash(&r.to_hash()), r);
        }
    }
}
