//! A `command` that is a shell line (`npm run build && npm start`,
//! `cd /srv && python3 server.py`, `GITHUB_TOKEN=x npx -y pkg`): the app
//! runs no shell, so splitting it into a program and arguments is no
//! repair. It needs a shell (`sh -c LINE`, `cmd /c LINE`), or its leading
//! variable assignments moved into the entry's `env`.

/// What makes a command line need a shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShellLine {
    /// An operator or a shell built-in (`&&`, `|`, `;`, `>`, `cd`,
    /// `set`): only a shell can run it; the word that says so.
    Syntax(String),
    /// Leading `NAME=value` assignments before the program, nothing else
    /// of the shell's: the variables' names.
    Assignments(Vec<String>),
}

/// Whether the command line `line` (already split into `words`, quotes
/// removed) needs a shell, and why.
pub fn of(words: &[String]) -> Option<ShellLine> {
    const OPERATORS: &[&str] = &[
        "&&", "||", ";", "|", "&", "<", ">", ">>", "2>", "2>&1", ">&2",
    ];
    const BUILT_INS: &[&str] = &["cd", "export", "set", "source", ".", "pushd"];
    let syntax = words.iter().find(|w| {
        OPERATORS.contains(&w.as_str())
            || (w.len() > 1 && w.ends_with(';'))
            || w.starts_with("2>")
            || w.starts_with('>')
            || w.contains("$(")
            || w.contains('`')
    });
    if let Some(w) = syntax {
        return Some(ShellLine::Syntax(w.clone()));
    }
    let first = words.first()?;
    if BUILT_INS.contains(&first.to_ascii_lowercase().as_str()) {
        return Some(ShellLine::Syntax(first.clone()));
    }
    let names: Vec<String> = words
        .iter()
        .map_while(|w| assigned(w))
        .map(str::to_string)
        .collect();
    (!names.is_empty() && names.len() < words.len()).then_some(ShellLine::Assignments(names))
}

/// The variable a `NAME=value` word sets.
pub fn assigned(word: &str) -> Option<&str> {
    let (name, _) = word.split_once('=')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    ((first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then_some(name)
}

/// Built-ins that start no program: a line of nothing else only changes
/// the shell's folder or variables, and the shell exits at once.
pub const STARTS_NOTHING: &[&str] = &[
    "cd", "chdir", "pushd", "popd", "export", "set", "setlocal", "unset",
];

/// The first built-in of a shell line whose every command is one of
/// [`STARTS_NOTHING`] (`cd /srv`, `cd /srv && export X=1`): the line
/// starts no server. `None` when some command runs a program, the line is
/// empty, or a quote never closes (a line the shell refuses, for another
/// reason). `cmd`: cmd's quoting, where only `"` quotes and `'` and `\`
/// are plain characters (`C:\Users\O'Brien`).
pub fn starts_nothing(line: &str, cmd: bool) -> Option<String> {
    let mut firsts: Vec<String> = Vec::new();
    let mut word = String::new();
    // (the first word of the command being read is complete)
    let mut have_first = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    let end_word = |word: &mut String, have_first: &mut bool, firsts: &mut Vec<String>| {
        if !word.is_empty() && !*have_first {
            firsts.push(std::mem::take(word).to_ascii_lowercase());
            *have_first = true;
        }
        word.clear();
    };
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"') => quote = Some(c),
            (None, '\'') if !cmd => quote = Some(c),
            (None, '\\') if !cmd => word.extend(chars.next()),
            (None, ';' | '&' | '|' | '(' | ')' | '\n') => {
                end_word(&mut word, &mut have_first, &mut firsts);
                have_first = false;
            }
            (None, c) if c.is_whitespace() => end_word(&mut word, &mut have_first, &mut firsts),
            (None, c) => word.push(c),
        }
    }
    end_word(&mut word, &mut have_first, &mut firsts);
    if quote.is_some() {
        return None;
    }
    let first = firsts.first()?.clone();
    firsts
        .iter()
        .all(|w| STARTS_NOTHING.contains(&w.as_str()))
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        crate::text::split_words(line).expect("words")
    }

    #[test]
    fn a_line_of_built_ins_alone_starts_nothing() {
        let cd = Some("cd".to_string());
        assert_eq!(starts_nothing("cd /srv", false), cd);
        assert_eq!(starts_nothing("cd \"/my srv\" && export A=1;", false), cd);
        assert_eq!(starts_nothing("CD /d C:\\srv", true), cd);
        assert_eq!(
            starts_nothing("set A=1&&cd C:\\x", true),
            Some("set".into())
        );
        for line in [
            "cd /srv && python3 server.py",
            "cd /srv;exec node s.js",
            "export A=1 | node",
            "node s.js",
            "'cd' x && ./run",
            "",
            "  ",
        ] {
            assert_eq!(starts_nothing(line, false), None, "{line}");
        }
        // cmd: `'` is a plain character; an unclosed quote is another matter
        for line in [
            "cd /d C:\\Users\\O'Brien\\srv && node index.js",
            "set MSG=it's on&& node C:\\x.js",
        ] {
            assert_eq!(starts_nothing(line, true), None, "{line}");
        }
        assert_eq!(
            starts_nothing("cd /home/bob/it's-mine && exec node x.js", false),
            None
        );
    }

    #[test]
    fn a_line_only_a_shell_runs_is_told_apart() {
        let syntax = |w: &str| Some(ShellLine::Syntax(w.to_string()));
        assert_eq!(of(&words("npm run build && npm start")), syntax("&&"));
        assert_eq!(of(&words("cd /srv && python3 server.py")), syntax("&&"));
        assert_eq!(of(&words("cd /srv; python3 x.py")), syntax("/srv;"));
        assert_eq!(of(&words("node x.js 2>/dev/null")), syntax("2>/dev/null"));
        assert_eq!(of(&words("set NODE_DEBUG=* ")), syntax("set"));
        assert_eq!(
            of(&words("GITHUB_TOKEN=ghp_x API=1 npx -y pkg")),
            Some(ShellLine::Assignments(vec![
                "GITHUB_TOKEN".into(),
                "API".into()
            ]))
        );
        // a plain command line, a flag with `=`, a lone assignment
        for plain in [
            "npx -y @scope/pkg",
            "node --max-old-space-size=4096 x.js",
            "uvx mcp-server-time --local-timezone=Europe/Paris",
            "A=1",
        ] {
            assert_eq!(of(&words(plain)), None, "{plain}");
        }
    }
}
