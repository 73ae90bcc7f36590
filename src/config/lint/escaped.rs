//! `escaped-path`: a Windows path written with single backslashes where
//! each one happens to start a JSON escape. `"C:\tools\node.exe"` parses
//! (`\t` is a tab, `\n` a line break), so no syntax error is said, yet the
//! value is `C:`, a tab, `ools`, a line break, `ode.exe`: the program is
//! never found, and the other rules would blame something else (a command
//! line in `command`, a missing program). Only the escapes inside such a
//! path count: a script or a prompt with real line breaks that mentions
//! `C:/data` is left alone, and so are its line breaks when a path in it
//! is repaired. Pure: values in, text out.

/// The control characters a one-letter JSON escape writes, with its letter.
const ESCAPES: [(char, char); 5] = [
    ('\t', 't'),
    ('\n', 'n'),
    ('\r', 'r'),
    ('\u{8}', 'b'),
    ('\u{c}', 'f'),
];

fn letter(c: char) -> Option<char> {
    ESCAPES.iter().find(|(e, _)| *e == c).map(|(_, l)| *l)
}

/// What a path's name may hold around a separator.
fn path_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '$' | '~' | '%' | '@' | '+')
}

/// The escapes of `value` (by character index, with their letter) that
/// stand where a backslash of a Windows path would: after a drive (`C:`)
/// and its backslashes, between two parts of a name (or right after the
/// drive). A forward slash or a quote ends the path: one written with
/// forward slashes meant its line breaks. A path counts when it is likely
/// one, not prose such as `Q:` and a line break before `Answer briefly`:
/// it starts the value, or follows `=`, `;`, `,` or a quote, and is not
/// cut by a space unless it looks like a path (a backslash or a `.` in
/// it, or two escapes); one that follows a space (`--root D:\new`, a
/// command line) must look like a path however it ends.
pub fn hits(value: &str) -> Vec<(usize, char)> {
    /// The path being read: its hits, whether it looks like a path, and
    /// whether a space came before its drive.
    struct Path {
        found: Vec<(usize, char)>,
        looks: bool,
        after_space: bool,
        /// Name characters since the last hit (`emp` of `C:` + tab + `emp`).
        tail: usize,
    }
    let chars: Vec<char> = value.chars().collect();
    let mut out = Vec::new();
    let mut path: Option<Path> = None;
    let mut skip = 0;
    let end = |path: &mut Option<Path>, out: &mut Vec<_>, by_space: bool| {
        if let Some(p) = path.take() {
            let looks = p.looks || p.found.len() >= 2;
            // one escape and a name of one letter after it (`a:` + tab +
            // `b`) is a column list, not a path
            let named = looks || p.tail >= 2;
            if named && (looks || !(by_space || p.after_space)) {
                out.extend(p.found);
            }
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|p| chars[p]);
        if drive_at(&chars, i) {
            end(&mut path, &mut out, false);
            path = Some(Path {
                found: Vec::new(),
                looks: false,
                after_space: before == Some(' '),
                tail: 0,
            });
            // the drive's `:` is read here: skip it
            skip = 1;
            continue;
        }
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let Some(p) = path.as_mut() else {
            continue;
        };
        if let Some(l) = letter(c) {
            let after = chars.get(i + 1).copied();
            if before.is_some_and(|b| path_char(b) || b == ':') && after.is_none_or(path_char) {
                p.found.push((i, l));
                p.tail = 0;
                continue;
            }
            end(&mut path, &mut out, true);
        } else if c == '\\' || (c == '.' && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())) {
            // a backslash that survived, or an extension (`.js`; a full
            // stop ends a sentence)
            p.looks = true;
        } else if path_char(c) {
            p.tail += 1;
        } else {
            end(&mut path, &mut out, c == ' ');
        }
    }
    end(&mut path, &mut out, false);
    if out.is_empty() {
        out = spaced(&chars);
    }
    out
}

/// Whether a path's drive starts at `i`: a letter, `:`, then a backslash
/// or an escape, where a value or a word in it starts (the value's start,
/// after `=`, `;`, `,`, a quote or a space).
fn drive_at(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|p| chars[p]);
    before.is_none_or(|b| matches!(b, '=' | ';' | ',' | '"' | '\'' | ' '))
        && chars.get(i).is_some_and(char::is_ascii_alphabetic)
        && chars.get(i + 1) == Some(&':')
        && chars
            .get(i + 2)
            .is_some_and(|n| *n == '\\' || letter(*n).is_some())
}

/// A path with a space in a folder's name and one escape before it
/// (`C:\node js\node.exe`, `C:\temp dir\test.exe`), which [`hits`]
/// leaves at the space: it counts when the whole run, from its drive at a
/// start (as in [`hits`]) to the end of the value or a quote, `;` or `,`,
/// is path characters, spaces and escapes at path places, and ends in a
/// file's extension (`.exe`): prose rarely ends so.
fn spaced(chars: &[char]) -> Vec<(usize, char)> {
    let mut i = 0;
    while i + 2 < chars.len() {
        if !drive_at(chars, i) {
            i += 1;
            continue;
        }
        let mut found = Vec::new();
        let mut j = i + 2;
        while let Some(&c) = chars.get(j) {
            let prev = chars[j - 1];
            match letter(c) {
                Some(l)
                    if (path_char(prev) || prev == ':')
                        && chars.get(j + 1).is_none_or(|n| path_char(*n)) =>
                {
                    found.push((j, l));
                }
                Some(_) => break,
                None if path_char(c) || c == ' ' || c == '\\' => {}
                None => break,
            }
            j += 1;
        }
        let at_end = chars
            .get(j)
            .is_none_or(|c| matches!(c, '"' | '\'' | ';' | ','));
        let run: String = chars[i..j].iter().collect();
        let ext = run.rsplit_once('.').is_some_and(|(_, e)| {
            (1..=4).contains(&e.len()) && e.chars().all(|c| c.is_ascii_alphanumeric())
        });
        // two escapes at least: prose with one line break after a drive
        // (`drive C:` + line break + `... report.txt`) is no path
        if at_end && ext && run.contains(' ') && found.len() >= 2 {
            return found;
        }
        i = j.max(i + 1);
    }
    Vec::new()
}

/// What the writer of `value` meant, when it holds such a path: each of
/// its [`hits`] made back into a backslash and its letter
/// (`C:\tools\node.exe`).
pub fn meant(value: &str) -> Option<String> {
    let hits = hits(value);
    if hits.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(value.len() + 8);
    for (i, c) in value.chars().enumerate() {
        match hits.iter().find(|(at, _)| *at == i) {
            Some((_, l)) => {
                out.push('\\');
                out.push(*l);
            }
            None => out.push(c),
        }
    }
    Some(out)
}

/// The escapes [`hits`] finds, as written in the file: `` `\t`, `\n` ``.
pub fn named(value: &str) -> String {
    let mut seen: Vec<char> = Vec::new();
    for (_, l) in hits(value) {
        if !seen.contains(&l) {
            seen.push(l);
        }
    }
    seen.iter()
        .map(|l| format!("`\\{l}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The JSON string `raw` (as written, quotes included) with the backslash
/// of each escape at `hits` (character indices of the value it decodes
/// to) doubled; every other byte as written (`\u00e9`, `\/` stay). None
/// when `raw` is not a `"` string.
pub fn fix_raw(raw: &str, hits: &[(usize, char)]) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(raw.len() + hits.len());
    out.push('"');
    let mut decoded = 0usize;
    let mut doubled = 0usize;
    let mut rest = inner;
    while let Some(c) = rest.chars().next() {
        if c != '\\' {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            decoded += 1;
            continue;
        }
        let next = rest[1..].chars().next()?;
        let len = match next {
            // `\uXXXX`, and a surrogate pair as one character
            'u' => {
                let high = rest
                    .get(2..6)
                    .and_then(|h| u16::from_str_radix(h, 16).ok())
                    .is_some_and(|h| (0xD800..0xDC00).contains(&h));
                if high && rest.get(6..8) == Some("\\u") {
                    12
                } else {
                    6
                }
            }
            c => 1 + c.len_utf8(),
        };
        let esc = rest.get(..len)?;
        if hits.iter().any(|(at, l)| *at == decoded && *l == next) {
            out.push('\\');
            doubled += 1;
        }
        out.push_str(esc);
        rest = &rest[len..];
        decoded += 1;
    }
    out.push('"');
    // a hit written another way (`\u0009` for the tab) has no backslash
    // to double: no repair rather than half of one
    (doubled == hits.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drive_path_with_escapes_is_made_back() {
        assert_eq!(
            meant("C:\tools\node.exe").as_deref(),
            Some("C:\\tools\\node.exe")
        );
        assert_eq!(
            meant("--root=D:\\x\\bin\run").as_deref(),
            Some("--root=D:\\x\\bin\\run")
        );
        assert_eq!(
            meant("C:\\temp\readme.txt").as_deref(),
            Some("C:\\temp\\readme.txt")
        );
        assert_eq!(named("C:\tools\node\tx"), "`\\t`, `\\n`");
    }

    #[test]
    fn other_values_are_not_paths() {
        // a script with line breaks, a path without escapes, a URL's port
        assert_eq!(meant("import x\nprint(x)"), None);
        assert_eq!(meant("C:\\tools\\node.exe"), None);
        assert_eq!(meant("http://h:8080/\n"), None);
        assert_eq!(meant("AB:\tx"), None);
        // real line breaks beside a forward-slash path, a prompt, a list
        assert_eq!(
            meant("import sys\nsys.path.append('C:/Users/ann/lib')\nrun()"),
            None
        );
        assert_eq!(meant("Only read files under C:/data.\nBe brief."), None);
        assert_eq!(meant("C:/a\nC:/b"), None);
        // prose with a real line break after a letter and a colon
        assert_eq!(meant("Only read files on drive D:\nNever write."), None);
        assert_eq!(meant("Reply in the form Q: then A:\nThen explain."), None);
        assert_eq!(meant("--title=Plan B:\nUse it"), None);
        assert_eq!(meant("Q:\nAnswer briefly"), None);
        assert_eq!(meant("Write to drive D:\nDone."), None);
        // a template, columns, headers: a second colon, or one letter
        assert_eq!(meant("Q:\nA:"), None);
        assert_eq!(meant("a:\tb"), None);
        assert_eq!(meant("X:\tA,Y:\tB"), None);
        // a second colon ends the path: docker's `-v C:\x:/data` is one
        assert_eq!(meant("C:\temp:/data").as_deref(), Some("C:\\temp:/data"));
        assert_eq!(
            meant("C:\repos\new-app:/workspace:ro").as_deref(),
            Some("C:\\repos\\new-app:/workspace:ro")
        );
    }

    #[test]
    fn a_path_in_a_list_or_before_a_space_is_still_one() {
        assert_eq!(
            meant("C:\\Windows;C:\tools\u{8}in").as_deref(),
            Some("C:\\Windows;C:\\tools\\bin")
        );
        assert_eq!(
            meant("C:\tools\node.exe --port 3").as_deref(),
            Some("C:\\tools\\node.exe --port 3")
        );
        assert_eq!(meant("--x=A:\nBox").as_deref(), Some("--x=A:\\nBox"));
        // a path with a space (two escapes), one after a space in a
        // command line or a flag's value
        assert_eq!(
            meant("D:\tools\new app").as_deref(),
            Some("D:\\tools\\new app")
        );
        assert_eq!(
            meant("node C:\tools\new.js").as_deref(),
            Some("node C:\\tools\\new.js")
        );
        assert_eq!(
            meant("--root D:\tools\new").as_deref(),
            Some("--root D:\\tools\\new")
        );
        // one escape, then a space in a folder's name: the run ends in a
        // file's extension
        assert_eq!(
            meant("C:\node js\node.exe").as_deref(),
            Some("C:\\node js\\node.exe")
        );
        assert_eq!(
            meant("C:\temp dir\test.exe").as_deref(),
            Some("C:\\temp dir\\test.exe")
        );
        // prose does not end so, nor has it two escapes at path places
        assert_eq!(meant("Drive D:\nNever use node here"), None);
        assert_eq!(meant("D:\nNever write to tmp.\nDone"), None);
        assert_eq!(
            meant("Work only on drive C:\nAlways save results to report.txt"),
            None
        );
        assert_eq!(meant("Answer with: a:\tthe file name.txt"), None);
        assert_eq!(
            meant("--prompt=Step 1: read D:\ndata and write out.csv"),
            None
        );
    }

    #[test]
    fn only_the_path_is_repaired_in_a_script_that_holds_one() {
        assert_eq!(
            meant("import x\nrun('C:\tools')\n").as_deref(),
            Some("import x\nrun('C:\\tools')\n")
        );
    }

    #[test]
    fn the_raw_fix_doubles_only_the_paths_escapes() {
        let value = "C:\temp\u{e9}\u{2028}/x\n";
        let raw = r#""C:\temp\u00e9\u2028\/x\n""#;
        let h = hits(value);
        assert_eq!(h, [(2, 't')]);
        assert_eq!(
            fix_raw(raw, &h).as_deref(),
            Some(r#""C:\\temp\u00e9\u2028\/x\n""#)
        );
        let value = "C:\tools\node\u{1f600}";
        let raw = r#""C:\tools\node\ud83d\ude00""#;
        assert_eq!(
            fix_raw(raw, &hits(value)).as_deref(),
            Some(r#""C:\\tools\\node\ud83d\ude00""#)
        );
        // a tab written `\u0009` has no backslash to double: no repair,
        // not half of one
        let value = "C:\tools\node.exe";
        assert_eq!(fix_raw(r#""C:\u0009ools\node.exe""#, &hits(value)), None);
    }
}
