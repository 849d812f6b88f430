//! Short texts with `code` in backticks, as lessons and the checker write them (prediction
//! questions, hints, checker messages, verdicts, summaries): escaped HTML with each
//! backticked span as `<code>`. Everything else stays text, so any input is safe to show.

use super::explore::escape;

/// Escaped HTML of `text`, a pair of backticks around each code span. An unpaired
/// backtick, or a pair with nothing between, stays as it is.
pub fn to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        match after.find('`') {
            Some(close) if close > 0 => {
                escape(&mut out, &rest[..open]);
                out.push_str("<code>");
                escape(&mut out, &after[..close]);
                out.push_str("</code>");
                rest = &after[close + 1..];
            }
            _ => {
                escape(&mut out, &rest[..open + 1]);
                rest = after;
            }
        }
    }
    escape(&mut out, rest);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn backticked_spans_become_code_and_the_rest_stays_text() {
        assert_eq!(
            to_html("`msg[:4]` shares the array of `msg`; store a copy"),
            "<code>msg[:4]</code> shares the array of <code>msg</code>; store a copy"
        );
        assert_eq!(to_html("no code here"), "no code here");
        assert_eq!(
            to_html("程序结束时，`currentVersion` 只有 6 个字节"),
            "程序结束时，<code>currentVersion</code> 只有 6 个字节"
        );
    }

    #[test]
    fn markup_is_escaped_inside_and_outside_code() {
        assert_eq!(
            to_html("<b>x</b> and `<-ch` & `a > b`"),
            "&lt;b&gt;x&lt;/b&gt; and <code>&lt;-ch</code> &amp; <code>a &gt; b</code>"
        );
        assert_eq!(to_html(r#"`"'`"#), "<code>&quot;&#39;</code>");
    }

    #[test]
    fn unpaired_or_empty_backticks_stay_literal() {
        assert_eq!(to_html("a ` b"), "a ` b");
        assert_eq!(to_html("``"), "``");
        assert_eq!(to_html("`x` and `"), "<code>x</code> and `");
        assert_eq!(to_html("a`"), "a`");
    }
}
