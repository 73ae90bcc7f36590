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

/// Built-ins that print or end the line and start nothing lasting: a line
/// of these (and [`STARTS_NOTHING`]) ends at once too. POSIX shells'.
const ENDS_AT_ONCE_SH: &[&str] = &["echo", "printf", "true", "false", ":", "exit"];
/// The same for cmd.
const ENDS_AT_ONCE_CMD: &[&str] = &["echo", "exit"];

/// The built-ins of a shell line whose every command is one of
/// [`STARTS_NOTHING`] or a built-in that ends at once (`cd /srv`, `cd /srv
/// && export X=1`, `cd /tmp && echo ready`, `exit 0`): the line starts no
/// server. Each named once, in order. `None` when some command runs a
/// program, the line is empty, a quote never closes (a line the shell
/// refuses, for another reason), or a command substitution (`$(..)`,
/// backticks) runs something inside it.
///
/// POSIX shells (`cmd` false): names are case-sensitive (`CD` is no
/// built-in), `;` parts commands. `cmd`: cmd's quoting, where only `"`
/// quotes and `'` and `\` are plain characters (`C:\Users\O'Brien`), `^`
/// escapes, `;` is a plain character (`set PATH=C:\a;C:\b`), names are
/// any case, a leading `@` only hides the echo, and a name ends at `.`,
/// `\`, `/` (`cd..`, `cd\`).
pub fn starts_nothing(line: &str, cmd: bool) -> Option<Vec<String>> {
    if !cmd && (line.contains("$(") || line.contains('`')) {
        return None;
    }
    let mut firsts: Vec<String> = Vec::new();
    let mut word = String::new();
    // (the first word of the command being read is complete)
    let mut have_first = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    let end_word = |word: &mut String, have_first: &mut bool, firsts: &mut Vec<String>| {
        if !word.is_empty() && !*have_first {
            let w = std::mem::take(word);
            firsts.push(if cmd { cmd_name(&w) } else { w });
            *have_first = true;
        }
        word.clear();
    };
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            // POSIX: inside double quotes a backslash keeps `"`, `\`, `$`,
            // `` ` `` (and a line end) from their meaning
            (Some('"'), '\\') if !cmd => match chars.next() {
                Some(n @ ('"' | '\\' | '$' | '`')) => word.push(n),
                Some('\n') | None => {}
                Some(n) => word.extend(['\\', n]),
            },
            (Some(_), c) => word.push(c),
            // POSIX: a `#` that starts a word comments out the rest of the
            // line (up to its end)
            (None, '#') if !cmd && word.is_empty() => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        end_word(&mut word, &mut have_first, &mut firsts);
                        have_first = false;
                        break;
                    }
                }
            }
            (None, '"') => quote = Some(c),
            (None, '\'') if !cmd => quote = Some(c),
            (None, '\\') if !cmd => word.extend(chars.next()),
            (None, '^') if cmd => word.extend(chars.next()),
            (None, ';') if cmd => word.push(';'),
            (None, ';' | '&' | '|' | '(' | ')' | '\n') => {
                end_word(&mut word, &mut have_first, &mut firsts);
                have_first = false;
            }
            (None, c) if c.is_whitespace() => end_word(&mut word, &mut have_first, &mut firsts),
            (None, c) => word.push(c),
        }
    }
    end_word(&mut word, &mut have_first, &mut firsts);
    if quote.is_some() || firsts.is_empty() {
        return None;
    }
    let ends = if cmd {
        ENDS_AT_ONCE_CMD
    } else {
        ENDS_AT_ONCE_SH
    };
    if !firsts
        .iter()
        .all(|w| STARTS_NOTHING.contains(&w.as_str()) || ends.contains(&w.as_str()))
    {
        return None;
    }
    let mut named: Vec<String> = Vec::new();
    for w in firsts {
        if !named.contains(&w) {
            named.push(w);
        }
    }
    Some(named)
}

/// The built-in a cmd command's first word names: any case, after a
/// leading `@` (which hides the echo), up to a character that ends a
/// built-in's name (`cd..`, `cd\`, `cd/d`, `echo.`).
fn cmd_name(word: &str) -> String {
    let word = word.trim_start_matches('@');
    let end = word
        .find(['.', '\\', '/', '+', '=', ',', ';', '[', ']'])
        .unwrap_or(word.len());
    word[..end].to_ascii_lowercase()
}

/// Whether a cmd command's first word is one of its built-ins that starts
/// nothing (`set`, `cd..`, `@echo`).
pub fn is_cmd_builtin(word: &str) -> bool {
    let name = cmd_name(word);
    STARTS_NOTHING.contains(&name.as_str()) || ENDS_AT_ONCE_CMD.contains(&name.as_str())
}

/// The line `cmd /c` runs from the text after its switch: when it starts
/// with a quote, cmd strips that quote and the line's last one, unless
/// (without `/s`) there are exactly two quotes with white space and none
/// of `&<>()@^|` between them (a quoted program path, kept as written).
pub fn cmd_line(after: &str, s_switch: bool) -> String {
    let trimmed = after.trim_start();
    if !trimmed.starts_with('"') {
        return after.to_string();
    }
    let quotes = trimmed.matches('"').count();
    let kept = !s_switch && quotes == 2 && {
        let inner = &trimmed[1..trimmed[1..].find('"').map_or(1, |i| i + 1)];
        inner.contains(char::is_whitespace)
            && !inner.contains(['&', '<', '>', '(', ')', '@', '^', '|'])
    };
    if kept {
        return after.to_string();
    }
    let rest = &trimmed[1..];
    match rest.rfind('"') {
        Some(i) => format!("{}{}", &rest[..i], &rest[i + 1..]),
        None => rest.to_string(),
    }
}

/// How a POSIX shell (`sh`, `bash`, `zsh`, `dash`, `ksh`) takes its
/// arguments: its options come first, up to the first operand (or `--`,
/// `-`); that operand is the `-c` line or the script, and every word after
/// it belongs to them (`bash /srv/run.sh -c cd` runs run.sh with `-c cd`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShArgs {
    /// `-c` (alone or in a cluster, `-lc`): the line is the word at this
    /// index of the arguments.
    Line(usize),
    /// `-c` with no operand: the shell refuses to start.
    NoLine,
    /// A script, at this index.
    Script(usize),
    /// No operand, or `-s`: the shell reads its commands from stdin (the
    /// words after `-s` are positional arguments).
    Stdin,
    /// `--version`, `--help`: it prints and exits.
    Exits,
}

/// How a POSIX shell reads `args` ([`ShArgs`]).
pub fn sh_args(args: &[&str]) -> ShArgs {
    let (mut line, mut stdin) = (false, false);
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if *a == "--" || *a == "-" {
            i += 1;
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "version" | "help" => return ShArgs::Exits,
                // bash's long options that take the next word
                "rcfile" | "init-file" => i += 2,
                _ => i += 1,
            }
            continue;
        }
        let Some(flags) = a.strip_prefix(['-', '+']).filter(|f| !f.is_empty()) else {
            break;
        };
        if a.starts_with('-') {
            line |= flags.contains('c');
            stdin |= flags.contains('s');
        }
        // `-o pipefail`, `-eo pipefail`, `-O extglob`: the option's name
        // is the next word
        i += 1 + flags.chars().filter(|c| matches!(c, 'o' | 'O')).count();
    }
    match (line, args.get(i)) {
        (true, Some(_)) => ShArgs::Line(i),
        (true, None) => ShArgs::NoLine,
        (false, Some(_)) if !stdin => ShArgs::Script(i),
        (false, _) => ShArgs::Stdin,
    }
}

/// Whether `stem` (a command's file stem) is a POSIX shell.
pub fn is_posix_shell(stem: &str) -> bool {
    matches!(stem, "sh" | "bash" | "zsh" | "dash" | "ksh")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        crate::text::split_words(line).expect("words")
    }

    fn named(words: &[&str]) -> Option<Vec<String>> {
        Some(words.iter().map(|w| w.to_string()).collect())
    }

    /// A `\"` inside double quotes does not end them, and a `#` that
    /// starts a word comments out the rest of its line, as in sh.
    #[test]
    fn escaped_quotes_and_comments_are_read_as_sh_reads_them() {
        assert_eq!(
            starts_nothing(r#"echo "\"" && exec node x.js # ""#, false),
            None
        );
        assert_eq!(
            starts_nothing("cd /srv # && node x.js", false),
            named(&["cd"])
        );
        assert_eq!(
            starts_nothing("cd /srv # a note\nexec node x.js", false),
            None
        );
        assert_eq!(starts_nothing("echo a#b && node x.js", false), None);
        assert_eq!(starts_nothing(r#"cd "/a \"b\" c""#, false), named(&["cd"]));
    }

    #[test]
    fn a_line_of_built_ins_alone_starts_nothing() {
        assert_eq!(starts_nothing("cd /srv", false), named(&["cd"]));
        assert_eq!(
            starts_nothing("cd \"/my srv\" && export A=1;", false),
            named(&["cd", "export"])
        );
        assert_eq!(starts_nothing("CD /d C:\\srv", true), named(&["cd"]));
        assert_eq!(
            starts_nothing("set A=1&&cd C:\\x", true),
            named(&["set", "cd"])
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
    fn a_line_that_ends_at_once_starts_nothing_too() {
        // built-ins that print or end, alone or with `cd`
        assert_eq!(
            starts_nothing("cd /tmp && echo ready", false),
            named(&["cd", "echo"])
        );
        assert_eq!(starts_nothing("true", false), named(&["true"]));
        assert_eq!(starts_nothing("exit 0", false), named(&["exit"]));
        assert_eq!(starts_nothing(":", false), named(&[":"]));
        // a program anywhere, or a command substitution, starts something
        for line in [
            "echo ready && exec node s.js",
            "true; python3 s.py",
            "export X=`node server.js`",
            "export X=$(node server.js)",
            "echo $(node s.js)",
        ] {
            assert_eq!(starts_nothing(line, false), None, "{line}");
        }
        // POSIX names are case-sensitive: `CD` is no built-in
        assert_eq!(starts_nothing("CD /tmp", false), None);
    }

    #[test]
    fn cmd_reads_its_line_its_own_way() {
        // `;` is a plain character, not a separator
        assert_eq!(
            starts_nothing("set PATH=C:\\a;C:\\b", true),
            named(&["set"])
        );
        assert_eq!(
            starts_nothing("set PATH=C:\\a;C:\\b && node x.js", true),
            None
        );
        // a name ends at `.` and `\`; `@` only hides the echo
        assert_eq!(starts_nothing("cd..", true), named(&["cd"]));
        assert_eq!(starts_nothing("@cd C:\\x", true), named(&["cd"]));
        assert_eq!(starts_nothing("echo.", true), named(&["echo"]));
        // `^` escapes an operator
        assert_eq!(starts_nothing("set A=1^&node x.js", true), named(&["set"]));
        // the outer quotes of the line: stripped unless they quote a path
        let line = "\"cd C:\\x && set A=1\"";
        assert_eq!(cmd_line(line, true), "cd C:\\x && set A=1");
        assert_eq!(cmd_line(line, false), "cd C:\\x && set A=1");
        assert_eq!(
            starts_nothing(&cmd_line(line, true), true),
            named(&["cd", "set"])
        );
        let path = "\"C:\\Program Files\\x\\srv.exe\" --stdio";
        assert_eq!(cmd_line(path, false), path);
        assert_eq!(
            cmd_line(path, true),
            "C:\\Program Files\\x\\srv.exe --stdio"
        );
        assert!(is_cmd_builtin("set") && is_cmd_builtin("CD..") && !is_cmd_builtin("node"));
    }

    #[test]
    fn a_posix_shell_reads_options_up_to_its_first_operand() {
        use ShArgs::*;
        let of = |args: &[&str]| sh_args(args);
        assert_eq!(of(&["-c", "cd /srv"]), Line(1));
        assert_eq!(of(&["-lc", "x"]), Line(1));
        assert_eq!(of(&["-c", "-e", "x"]), Line(2));
        assert_eq!(of(&["-o", "pipefail", "-c", "x"]), Line(3));
        assert_eq!(of(&["-euo", "pipefail", "-c", "x"]), Line(3));
        // after the script, `-c` is the script's own argument
        assert_eq!(of(&["/tmp/run.sh", "-c", "cd"]), Script(0));
        assert_eq!(of(&["-x", "run.sh"]), Script(1));
        assert_eq!(of(&["--", "-c.sh"]), Script(1));
        // stdin: no operand, `-s`, option values that are no script
        assert_eq!(of(&[]), Stdin);
        assert_eq!(of(&["-o", "pipefail"]), Stdin);
        assert_eq!(of(&["-s", "arg1"]), Stdin);
        assert_eq!(of(&["--rcfile", "/dev/null"]), Stdin);
        assert_eq!(of(&["-"]), Stdin);
        assert_eq!(of(&["-c"]), NoLine);
        assert_eq!(of(&["--version"]), Exits);
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
