//! `escaped-path`: a Windows path written with single backslashes where
//! each one happens to start a JSON escape. `"C:\tools\node.exe"` parses
//! (`\t` is a tab, `\n` a line break), so no syntax error is said, yet the
//! value is `C:`, a tab, `ools`, a line break, `ode.exe`: the program is
//! never found, and the other rules would blame something else (a command
//! line in `command`, a missing program). Pure: values in, text out.

/// The control characters a one-letter JSON escape writes, with its letter.
const ESCAPES: [(char, char); 5] = [
    ('\t', 't'),
    ('\n', 'n'),
    ('\r', 'r'),
    ('\u{8}', 'b'),
    ('\u{c}', 'f'),
];

/// What the writer of `value` meant, when it is such a path: each
/// control character an escape wrote made back into a backslash and its
/// letter (`C:\tools\node.exe`). A path here has a drive (`C:`, at the
/// start or after `=` or a space, as in `--root=D:\bin`) followed by a
/// separator or one of those characters; a value without a drive (a
/// multi-line script for `python -c`) is not one.
pub fn meant(value: &str) -> Option<String> {
    let escaped = |c: char| ESCAPES.iter().any(|(e, _)| *e == c);
    if !value.chars().any(escaped) || !has_drive(value) {
        return None;
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match ESCAPES.iter().find(|(e, _)| *e == c) {
            Some((_, letter)) => {
                out.push('\\');
                out.push(*letter);
            }
            None => out.push(c),
        }
    }
    Some(out)
}

/// The escapes `value` holds, as written in the file: `` `\t`, `\n` ``.
pub fn named(value: &str) -> String {
    let mut seen: Vec<char> = Vec::new();
    for c in value.chars() {
        if let Some((_, letter)) = ESCAPES.iter().find(|(e, _)| *e == c)
            && !seen.contains(letter)
        {
            seen.push(*letter);
        }
    }
    seen.iter()
        .map(|l| format!("`\\{l}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn has_drive(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    chars.windows(3).enumerate().any(|(i, w)| {
        let starts = i == 0 || matches!(chars[i - 1], '=' | ' ' | '"' | '\'');
        starts
            && w[0].is_ascii_alphabetic()
            && w[1] == ':'
            && (matches!(w[2], '\\' | '/') || ESCAPES.iter().any(|(e, _)| *e == w[2]))
    })
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
    }
}
