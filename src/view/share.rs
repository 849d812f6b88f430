//! Share links and embed options live in the URL fragment's query (`#/lesson/x?code=…`),
//! so sharing needs no server. Code travels deflated and base64url-encoded with a version
//! prefix (`1.`); anything that doesn't decode is refused with a reason, never a panic.

use crate::analysis::GoVersion;
use crate::lessons::Lang;
use crate::sim::Schedule;
use crate::view::theme::Theme;

/// Links longer than this are refused: chat tools, wikis and some browsers cut or reject
/// longer URLs (2,083 was IE's limit; 8,000 is what common servers and tools accept).
pub const MAX_LINK_CHARS: usize = 8_000;
/// Shared code is at most this large once inflated (a bound against "zip bombs").
pub const MAX_CODE_BYTES: usize = 512 * 1024;

const VERSION_PREFIX: &str = "1.";

/// `code` as the value of a `code=` parameter.
pub fn encode_code(code: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(code.as_bytes(), 9);
    format!("{VERSION_PREFIX}{}", base64url_encode(&packed))
}

/// The code from a `code=` parameter.
pub fn decode_code(value: &str) -> Result<String, String> {
    let Some(payload) = value.strip_prefix(VERSION_PREFIX) else {
        return Err("the shared code has an unknown format (it must start with `1.`)".into());
    };
    let packed = base64url_decode(payload).ok_or("the shared code is not valid base64url")?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_CODE_BYTES)
        .map_err(|_| "the shared code is damaged or larger than 512 KiB".to_owned())?;
    String::from_utf8(bytes).map_err(|_| "the shared code is not UTF-8 text".into())
}

/// The query part of a fragment (`#/lesson/x?a=1&b=2` → `[("a","1"),("b","2")]`),
/// percent-decoded. Malformed pairs are skipped.
pub fn query(hash: &str) -> Vec<(String, String)> {
    let Some((_, q)) = hash.split_once('?') else {
        return Vec::new();
    };
    q.split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((percent_decode(k)?, percent_decode(v)?))
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// What a share link carries besides the route.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    /// The shared code, or why it could not be read.
    pub code: Option<Result<String, String>>,
    pub go_version: Option<GoVersion>,
    /// The schedule the shared run used (`s=TOKEN`; a damaged token is ignored).
    pub schedule: Option<Schedule>,
}

impl Shared {
    pub fn from_params(params: &[(String, String)]) -> Shared {
        Shared {
            code: param(params, "code").map(decode_code),
            go_version: param(params, "go").and_then(|v| GoVersion::parse(v).ok()),
            schedule: param(params, "s").and_then(|t| Schedule::parse(t).ok()),
        }
    }
}

/// The fragment of a share link to `route_hash` (e.g. `#/lesson/x`) with this code, Go
/// version and (if not the default run's) schedule, or why it can't be one.
pub fn share_fragment(
    route_hash: &str,
    code: &str,
    go: GoVersion,
    schedule: Option<&Schedule>,
) -> Result<String, String> {
    let token = schedule
        .map(|s| format!("&s={}", s.token()))
        .unwrap_or_default();
    let fragment = format!("{route_hash}?go={go}{token}&code={}", encode_code(code));
    if fragment.len() > MAX_LINK_CHARS {
        return Err(format!(
            "the code is too long to share as a link ({} characters; links stay under {MAX_LINK_CHARS})",
            fragment.len()
        ));
    }
    Ok(fragment)
}

/// Where an embed's "Open in Go Leak Lab" link goes: the lesson, carrying the embed's code
/// and Go version as a share link when they aren't the lesson's own (shared or edited) and
/// fit in a link.
pub fn open_fragment(
    lesson_id: &str,
    (starter, lesson_go): (&str, GoVersion),
    (code, go): (&str, GoVersion),
) -> String {
    let route = format!("#/lesson/{lesson_id}");
    if code == starter && go == lesson_go {
        return route;
    }
    share_fragment(&route, code, go, None).unwrap_or(route)
}

/// Which parts an embedded lesson shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panels {
    pub prose: bool,
    pub code: bool,
    pub run: bool,
}

/// Options of an embedded lesson, from the fragment's query. Unknown or invalid values fall
/// back to the defaults: an embed always renders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOptions {
    pub lang: Option<Lang>,
    pub theme: Option<Theme>,
    pub panels: Panels,
    pub read_only: bool,
    pub shared: Shared,
}

impl EmbedOptions {
    pub fn from_params(params: &[(String, String)]) -> EmbedOptions {
        let panels = match param(params, "panels") {
            Some(list) => {
                let has = |p: &str| list.split(',').any(|x| x.trim() == p);
                let chosen = Panels {
                    prose: has("prose"),
                    code: has("code"),
                    run: has("run"),
                };
                if chosen.prose || chosen.code || chosen.run {
                    chosen
                } else {
                    Panels::DEFAULT
                }
            }
            None => Panels::DEFAULT,
        };
        EmbedOptions {
            lang: param(params, "lang").and_then(Lang::from_code),
            theme: param(params, "theme").and_then(Theme::from_code),
            panels,
            read_only: param(params, "mode") == Some("readonly"),
            shared: Shared::from_params(params),
        }
    }
}

impl Panels {
    pub const DEFAULT: Panels = Panels {
        prose: false,
        code: true,
        run: true,
    };
}

/// The `<iframe>` snippet a trainer pastes into a wiki. `app_url` is the app's address up
/// to (not including) the `#`; `title` is escaped for the attribute.
pub fn embed_snippet(app_url: &str, lesson_id: &str, title: &str, lang: Lang) -> String {
    let src = format!(
        "{app_url}#/embed/{lesson_id}?lang={}&panels=code,run",
        lang.code()
    );
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"720\" style=\"border:0\" loading=\"lazy\"></iframe>",
        escape_attr(&src),
        escape_attr(title)
    )
}

/// The message an embedded lesson posts to its parent when its height changes.
pub fn resize_message(lesson_id: &str, height: u32) -> String {
    format!(
        "{{\"source\":\"leaklab\",\"type\":\"resize\",\"lesson\":\"{lesson_id}\",\"height\":{height}}}"
    )
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero padding of the last byte (at most 4 of them).
    (bits < 6 && acc == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::route::Route;

    const CODE: &str = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tfmt.Println(\"héllo, 世界\", <-ch)\n}\n";

    #[test]
    fn code_round_trips_and_is_url_safe() {
        for code in ["", "x", CODE, &CODE.repeat(40)] {
            let encoded = encode_code(code);
            assert!(encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.'));
            assert_eq!(decode_code(&encoded).unwrap(), code);
        }
        assert!(
            encode_code(&CODE.repeat(40)).len() < CODE.len() * 4,
            "it compresses"
        );
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64url_decode(&base64url_encode(&bytes)).unwrap(), bytes);
        }
    }

    #[test]
    fn garbage_is_refused_with_a_reason() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..2000 {
            let len = next() % 60;
            let text: String = (0..len)
                .map(|_| char::from_u32((next() % 0x2FF) as u32).unwrap_or('x'))
                .collect();
            let _ = decode_code(&text);
            let _ = decode_code(&format!("1.{text}"));
            let _ = query(&format!("#/x?{text}"));
        }
        assert!(decode_code("2.abc").unwrap_err().contains("unknown format"));
        assert!(decode_code("1.***").unwrap_err().contains("base64url"));
        assert!(decode_code("1.AAAA").is_err());
    }

    #[test]
    fn random_and_mutated_deflate_streams_never_panic() {
        // Garbage that gets past base64url, so it reaches the inflater: random bytes, and
        // real share payloads with bytes flipped, cut or appended.
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let real = miniz_oxide::deflate::compress_to_vec(CODE.repeat(3).as_bytes(), 9);
        let (mut refused, mut read) = (0, 0);
        for round in 0..3000 {
            let bytes: Vec<u8> = if round % 2 == 0 {
                (0..next() % 300).map(|_| next() as u8).collect()
            } else {
                let mut b = real.clone();
                match next() % 3 {
                    0 => {
                        for _ in 0..1 + next() % 4 {
                            let i = next() % b.len();
                            b[i] ^= 1 << (next() % 8);
                        }
                    }
                    1 => b.truncate(next() % b.len()),
                    _ => b.extend((0..next() % 20).map(|_| next() as u8)),
                }
                b
            };
            match decode_code(&format!("1.{}", base64url_encode(&bytes))) {
                Ok(text) => {
                    assert!(text.len() <= MAX_CODE_BYTES);
                    read += 1;
                }
                Err(why) => {
                    assert!(!why.is_empty());
                    refused += 1;
                }
            }
        }
        assert!(
            refused > 1000,
            "most garbage is refused ({refused} refused, {read} read)"
        );
    }

    #[test]
    fn a_bomb_is_refused() {
        let big = "a".repeat(MAX_CODE_BYTES + 1);
        assert!(decode_code(&encode_code(&big)).is_err());
    }

    #[test]
    fn share_fragments_carry_code_and_version_and_refuse_long_links() {
        let fragment =
            share_fragment("#/lesson/blocked-send", CODE, GoVersion::new(22), None).unwrap();
        let shared = Shared::from_params(&query(&fragment));
        assert_eq!(shared.code, Some(Ok(CODE.to_owned())));
        assert_eq!(shared.go_version, Some(GoVersion::new(22)));
        assert_eq!(shared.schedule, None);
        // A run's schedule rides along, manual picks included; a damaged one is dropped.
        for schedule in [
            Schedule::manual(&[1, 2, 2, 3]),
            Schedule::parse("p2.854.4").unwrap(),
        ] {
            let fragment =
                share_fragment("#/playground", CODE, GoVersion::LATEST, Some(&schedule)).unwrap();
            let shared = Shared::from_params(&query(&fragment));
            assert_eq!(shared.schedule, Some(schedule));
            assert_eq!(shared.code, Some(Ok(CODE.to_owned())));
        }
        assert_eq!(
            Shared::from_params(&query("#/playground?s=zz9")).schedule,
            None
        );
        // Incompressible text of 8,000 characters can't fit.
        let noise: String = (0..8000u32)
            .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20000).unwrap())
            .collect();
        let err = share_fragment("#/playground", &noise, GoVersion::LATEST, None).unwrap_err();
        assert!(err.contains("too long"), "{err}");
    }

    #[test]
    fn the_open_link_carries_changed_code_only() {
        let go = GoVersion::new(22);
        assert_eq!(
            open_fragment("blocked-send", (CODE, go), (CODE, go)),
            "#/lesson/blocked-send"
        );
        let edited = format!("// mine\n{CODE}");
        let fragment = open_fragment("blocked-send", (CODE, go), (&edited, go));
        assert_eq!(
            Route::from_hash(&fragment),
            Route::Lesson("blocked-send".into())
        );
        let shared = Shared::from_params(&query(&fragment));
        assert_eq!(shared.code, Some(Ok(edited)));
        assert_eq!(shared.go_version, Some(go));
        let older = open_fragment("blocked-send", (CODE, go), (CODE, GoVersion::new(21)));
        assert_eq!(
            Shared::from_params(&query(&older)).go_version,
            Some(GoVersion::new(21))
        );
        // Code too long for a link still opens the lesson.
        let noise: String = (0..9000u32)
            .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20000).unwrap())
            .collect();
        assert_eq!(
            open_fragment("blocked-send", (CODE, go), (&noise, go)),
            "#/lesson/blocked-send"
        );
    }

    #[test]
    fn embed_options_fall_back_to_defaults() {
        let o = EmbedOptions::from_params(&query(
            "#/embed/x?lang=zh&theme=dark&panels=prose,run&mode=readonly",
        ));
        assert_eq!(o.lang, Some(Lang::Zh));
        assert_eq!(o.theme, Some(Theme::Dark));
        assert_eq!(
            o.panels,
            Panels {
                prose: true,
                code: false,
                run: true
            }
        );
        assert!(o.read_only);
        let odd = EmbedOptions::from_params(&query(
            "#/embed/x?lang=<script>&theme=%22&panels=,,nope&mode=x&code=%%%",
        ));
        assert_eq!(odd.lang, None);
        assert_eq!(odd.theme, None);
        assert_eq!(odd.panels, Panels::DEFAULT);
        assert!(!odd.read_only);
    }

    #[test]
    fn the_snippet_escapes_its_attributes() {
        let s = embed_snippet(
            "https://wiki/x/",
            "blocked-send",
            "A \"quoted\" <b>title</b>",
            Lang::En,
        );
        assert!(
            s.contains("src=\"https://wiki/x/#/embed/blocked-send?lang=en&amp;panels=code,run\"")
        );
        assert!(s.contains("title=\"A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt;\""));
        assert_eq!(
            resize_message("blocked-send", 812),
            r#"{"source":"leaklab","type":"resize","lesson":"blocked-send","height":812}"#
        );
    }
}
