//! A line diff (longest common subsequence) for the solution reveal.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Removed,
    Added,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffLine {
    pub change: Change,
    pub text: String,
    /// 1-based line numbers in the old and new text, where the line exists.
    pub old_line: Option<usize>,
    pub new_line: Option<usize>,
}

/// Above this many line pairs the table would be too large; fall back to "all removed,
/// all added" (still correct, just less precise).
const MAX_CELLS: usize = 4_000_000;

pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let (n, m) = (a.len(), b.len());
    let mut out = Vec::with_capacity(n.max(m));
    if n.saturating_mul(m) > MAX_CELLS {
        out.extend(
            a.iter()
                .enumerate()
                .map(|(i, t)| line(Change::Removed, t, Some(i + 1), None)),
        );
        out.extend(
            b.iter()
                .enumerate()
                .map(|(j, t)| line(Change::Added, t, None, Some(j + 1))),
        );
        return out;
    }
    // lcs[i][j] = length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if a[i] == b[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push(line(Change::Same, a[i], Some(i + 1), Some(j + 1)));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[at(i, j + 1)] > lcs[at(i + 1, j)]) {
            out.push(line(Change::Added, b[j], None, Some(j + 1)));
            j += 1;
        } else {
            out.push(line(Change::Removed, a[i], Some(i + 1), None));
            i += 1;
        }
    }
    out
}

fn line(change: Change, text: &str, old_line: Option<usize>, new_line: Option<usize>) -> DiffLine {
    DiffLine {
        change,
        text: text.to_owned(),
        old_line,
        new_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(d: &[DiffLine]) -> String {
        d.iter()
            .map(|l| {
                let sign = match l.change {
                    Change::Same => ' ',
                    Change::Removed => '-',
                    Change::Added => '+',
                };
                format!("{sign}{}\n", l.text)
            })
            .collect()
    }

    #[test]
    fn shows_a_changed_line_as_removed_then_added() {
        let d = diff_lines(
            "a\nb := make(chan int)\nc\n",
            "a\nb := make(chan int, 1)\nc\n",
        );
        assert_eq!(
            render(&d),
            " a\n-b := make(chan int)\n+b := make(chan int, 1)\n c\n"
        );
        assert_eq!((d[2].old_line, d[2].new_line), (None, Some(2)));
    }

    #[test]
    fn handles_insertions_deletions_and_empty_texts() {
        assert_eq!(render(&diff_lines("a\nc\n", "a\nb\nc\n")), " a\n+b\n c\n");
        assert_eq!(render(&diff_lines("a\nb\n", "")), "-a\n-b\n");
        assert_eq!(render(&diff_lines("", "x\n")), "+x\n");
        assert!(diff_lines("", "").is_empty());
    }
}
