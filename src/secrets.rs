//! The one masking function. A run collects the secrets it knows (every
//! `env` and `headers` value of the config, the `--env` values of `add`,
//! the secrets of a command line: [`of_command_line`])
//! into a [`Secrets`] set, hands it to the output layer once, and every
//! byte of human text and every string of a JSON document passes through
//! [`Secrets::mask`] on its way out: a secret is hidden wherever it shows
//! up (a diagnostic's message or hint, a refusal, a server's stderr echoing
//! its environment, a line cut by a truncation), not only in the places a
//! renderer thought of. `--show-secrets` hands an empty set.
//!
//! What counts as a secret in free text:
//!
//! - a value whose name says it is one (`API_KEY`, `GITHUB_TOKEN`,
//!   `Authorization`, `DB_PASSWORD`...) or that looks random (12+
//!   characters mixing letters and digits, no spaces, not a path): masked
//!   wherever it appears, as written or JSON-escaped;
//! - any other value (`production`, `1`, `info`): masked only where it is
//!   quoted whole (`"1"`, `'info'`, `` `production` ``), or it would eat
//!   every `[info]` and `warning:` of the output;
//! - the start of a hunted secret right before a cut (`token=sk-li…`);
//! - whatever a [`Pattern`] finds: rules that know secrets by their shape
//!   plug in as plain functions from text to byte ranges.
//!
//! Outside `env`, a secret shows by its shape, and the same rules serve
//! every display path and the lint ([`in_args`], [`mask_args`]):
//!
//! - the value of a flag named like a credential: `--token X`,
//!   `--api-key=X`, `--password X`, `--client-secret X`, `--key X`;
//! - an HTTP header that carries one: `Authorization: Bearer X`,
//!   `X-API-Key: X` (alone or as `--header` value);
//! - a URL's query parameter named like one (`?api_key=X&token=Y`) or the
//!   password in `https://user:X@host`;
//! - a value that is a well-known token by itself (`sk-...`, `ghp_...`,
//!   `github_pat_...`, `xoxb-...`, `glpat-...`, `AKIA...`).
//!
//! A reference to a variable (`${TOKEN}`, `$TOKEN`, `%TOKEN%`) and a README
//! placeholder (`<YOUR_TOKEN>`, `YOUR_API_KEY`) are not secrets: nothing
//! leaks by showing them. A leaf: strings in, strings out.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

/// What a secret is replaced by (the mask `mcpctl list` shows).
pub const MASK: &str = "****";

/// A rule that finds secrets in text by their shape: the byte ranges to
/// mask (each on character boundaries).
pub type Pattern = fn(&str) -> Vec<Range<usize>>;

/// Shortest value hunted anywhere when its name says it is a secret.
pub const MIN_NAMED: usize = 4;
/// How long a line of a value of several lines must be to be hidden
/// where it appears alone.
const MIN_LINE: usize = 8;
/// Shortest value hunted anywhere for looking random.
const MIN_RANDOM: usize = 12;
/// Characters of a hunted secret's start that count as the secret when a
/// cut (`…`) leaves only them.
const MIN_CUT_PREFIX: usize = 3;
/// The mark a truncation leaves.
const CUT: char = '…';

/// How far into Node's quoted excerpt the secret its token starts may lie
/// (`" hunter2"`, `"[hunter2]"`: blanks and brackets JSON.parse went past).
const NODE_TOKEN_REACH: usize = 12;
/// How Node's `JSON.parse` error quotes a cut excerpt of the line it read
/// (`Unexpected token 's', "sk-live-AB"... is not valid JSON`, or
/// `..."AB"...` from the middle): the quote and dots of each side.
const NODE_CUT_AFTER: &str = "\"...";
const NODE_CUT_BEFORE: &str = "...\"";

/// Words in a name that say its value is a secret.
const SECRET_NAMES: &[&str] = &[
    "TOKEN",
    "SECRET",
    "KEY",
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PWD",
    "AUTH",
    "CREDENTIAL",
    "COOKIE",
    "SESSION",
    "PRIVATE",
    "SIGNATURE",
    "PAT",
    "DSN",
    "BEARER",
    "PIN",
];

/// What a value "quoted whole" is quoted with: `"`, `'`, a backtick, and
/// `\"` (the value inside a JSON string, as a hint that shows an object as
/// the string to write shows it).
const QUOTES: [&str; 4] = ["\"", "'", "`", "\\\""];

/// The secrets of one run and the rules that find more.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    /// Masked wherever they appear.
    anywhere: BTreeSet<String>,
    /// Masked where quoted whole.
    quoted: BTreeSet<String>,
    patterns: Vec<Pattern>,
    /// Every value (and each quoted form) in one automaton, built at the
    /// first [`Secrets::mask`] after a change: one pass over the text finds
    /// them all, however many there are (a search per value per chunk of
    /// output was 80% of `validate`'s time on 500 servers).
    matcher: std::sync::OnceLock<Option<Matcher>>,
}

/// The automaton, and per pattern how many bytes of a match are the
/// quotes around the secret (0 for a value masked anywhere).
#[derive(Debug, Clone)]
struct Matcher {
    automaton: aho_corasick::AhoCorasick,
    quote_len: Vec<usize>,
}

impl Secrets {
    /// Nothing to hide (`--show-secrets`).
    pub fn none() -> Secrets {
        Secrets::default()
    }

    pub fn is_empty(&self) -> bool {
        self.anywhere.is_empty() && self.quoted.is_empty() && self.patterns.is_empty()
    }

    /// A value, named by its key when it has one (`API_KEY`, `headers`'
    /// `Authorization`).
    pub fn add(&mut self, key: Option<&str>, value: &str) {
        let value = value.trim_matches(['\r', '\n']);
        // `${NAME:-DEFAULT}`: the default alone, so the name stays readable
        let value = defaulted_reference(value).map_or(value, |r| &value[r]);
        let named = key.is_some_and(names_a_secret) && value.chars().count() >= MIN_NAMED;
        self.add_value(value, named);
    }

    /// A value, `named` when its name says it is a secret (masked
    /// anywhere; else anywhere only when it looks random).
    fn add_value(&mut self, value: &str, named: bool) {
        let value = value.trim_matches(['\r', '\n']);
        // a placeholder is no secret, but under a secret's name only one in
        // capitals is taken for one (`$ecretPass` is a password)
        let placeholder = is_placeholder(value) && (!named || is_reference(value));
        if !value.chars().any(char::is_alphanumeric) || placeholder || is_flag(value) {
            return;
        }
        self.push(value, named || looks_random(value));
        // a value of several lines (a PEM key) reaches the output a line
        // at a time (a stderr tail, an annotation), where no line holds it
        // whole: each line of it that is one word is hidden too, by the
        // same rule; not the short ones (`{`), a PEM armour line
        // (`-----BEGIN PRIVATE KEY-----`), or a line of words (a pretty
        // JSON credential's `"type": "service_account",`): they say nothing
        if value.contains(['\n', '\r']) {
            for line in value.lines() {
                let line = line.trim();
                let armour =
                    line.len() > 10 && line.starts_with("-----") && line.ends_with("-----");
                if line.chars().count() >= MIN_LINE
                    && line.chars().any(char::is_alphanumeric)
                    && !line.contains(char::is_whitespace)
                    && !armour
                    && !is_placeholder(line)
                {
                    self.push(line, named || looks_random(line));
                }
            }
        }
    }

    /// A header a request sends (`Authorization: Bearer ...`), named by
    /// the header, whatever variable carried its value: the value whole,
    /// and the secret inside it (the token after `Bearer`).
    pub fn add_header(&mut self, name: &str, value: &str) {
        self.add(Some(name), value);
        let line = [format!("{name}: {value}")];
        for s in in_args(&line) {
            if let Some(v) = line[0].get(s.range) {
                self.add(Some(&s.label), v);
            }
        }
    }

    /// The secret-named variables of an environment (the shell's, which
    /// the launch re-runs a failing server in: what the server prints
    /// there may quote them).
    pub fn of_environment<'a>(vars: impl IntoIterator<Item = (&'a String, &'a String)>) -> Secrets {
        let mut s = Secrets::none();
        // (8 characters or more: `PASSWORD_STORE_X_SELECTION=modern` is a
        // setting whose word must not vanish from every message)
        for (k, v) in vars {
            if v.chars().count() >= 8 && names_a_shell_secret(k, v) {
                // (named: `PGPASSWORD` is a secret whatever its value looks like)
                s.add_value(v, true);
            }
        }
        s
    }

    /// A value with no name to go by, hunted by its length alone (the
    /// logs' rule: a log line has no key beside the value): `min_anywhere`
    /// characters or more, masked wherever it appears; shorter, only where
    /// quoted whole.
    pub fn add_unnamed(&mut self, value: &str, min_anywhere: usize) {
        if value.is_empty() {
            return;
        }
        self.push(value, value.chars().count() >= min_anywhere);
    }

    /// Every form of `value`, to be masked anywhere or only where quoted.
    fn push(&mut self, value: &str, anywhere: bool) {
        self.matcher = std::sync::OnceLock::new();
        let list = if anywhere {
            &mut self.anywhere
        } else {
            &mut self.quoted
        };
        list.extend(forms(value));
    }

    /// Stop masking `word` where it is quoted whole (a plain value that is
    /// also a name the output must show, such as a server's). Values
    /// masked anywhere (named secrets, random-looking ones) stay masked.
    pub fn keep_quoted_visible(&mut self, word: &str) {
        // (each form taken out by name: asked once per server, so a scan
        // of the whole set each time was quadratic in the servers)
        for f in forms(word) {
            self.quoted.remove(&f);
        }
        self.matcher = std::sync::OnceLock::new();
    }

    /// A rule that finds secrets by their shape.
    pub fn add_pattern(&mut self, p: Pattern) {
        if !self.patterns.contains(&p) {
            self.patterns.push(p);
        }
    }

    /// Everything of `other` too.
    pub fn extend(&mut self, other: &Secrets) {
        self.matcher = std::sync::OnceLock::new();
        self.anywhere.extend(other.anywhere.iter().cloned());
        self.quoted.extend(other.quoted.iter().cloned());
        for p in &other.patterns {
            self.add_pattern(*p);
        }
    }

    /// `text` with every secret replaced by [`MASK`].
    pub fn mask<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.is_empty() || text.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut ranges: Vec<Range<usize>> = Vec::new();
        match self.matcher.get_or_init(|| self.build_matcher()) {
            Some(m) => {
                for hit in m.automaton.find_overlapping_iter(text) {
                    let q = m.quote_len[hit.pattern().as_usize()];
                    ranges.push(hit.start() + q..hit.end() - q);
                }
            }
            // no automaton could be built: a search per value
            None => {
                for v in &self.anywhere {
                    ranges.extend(text.match_indices(v.as_str()).map(|(i, m)| i..i + m.len()));
                }
                for v in &self.quoted {
                    for q in QUOTES {
                        let quoted = format!("{q}{v}{q}");
                        let n = q.len();
                        ranges.extend(
                            text.match_indices(quoted.as_str())
                                .map(|(i, m)| i + n..i + m.len() - n),
                        );
                    }
                }
            }
        }
        for p in &self.patterns {
            ranges.extend(p(text).into_iter().filter(|r| {
                r.start < r.end
                    && r.end <= text.len()
                    && text.is_char_boundary(r.start)
                    && text.is_char_boundary(r.end)
            }));
        }
        for (cut, _) in text.match_indices(CUT) {
            if let Some(r) = self.cut_prefix(&text[..cut]) {
                ranges.push(r);
            }
        }
        self.node_excerpts(text, &mut ranges);
        if ranges.is_empty() {
            return Cow::Borrowed(text);
        }
        // Node's `Unexpected token 'h', "hunter2" is not valid JSON` (or
        // `" hunter2"`, `"[hunter2]"`): the token is the first character of
        // a secret masked at the start of the excerpt after it
        let mut tokens: Vec<Range<usize>> = Vec::new();
        for (at, m) in text.match_indices("token '") {
            let tok = at + m.len();
            let Some(c) = text[tok..].chars().next() else {
                continue;
            };
            let after = tok + c.len_utf8();
            let Some(quote) = ["', \"", "', \\\""]
                .iter()
                .find(|q| text[after..].starts_with(**q))
            else {
                continue;
            };
            let excerpt = after + quote.len();
            let masks_it = ranges.iter().any(|r| {
                (excerpt..=excerpt + NODE_TOKEN_REACH).contains(&r.start)
                    && text[r.start..].starts_with(c)
            });
            if masks_it {
                tokens.push(tok..after);
            }
        }
        ranges.extend(tokens);
        ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for r in ranges {
            if r.end <= at {
                continue;
            }
            let start = r.start.max(at);
            out.push_str(&text[at..start]);
            if start == r.start {
                out.push_str(MASK);
            }
            at = r.end;
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }

    fn build_matcher(&self) -> Option<Matcher> {
        let mut needles: Vec<String> = Vec::new();
        let mut quote_len = Vec::new();
        for v in self.anywhere.iter().filter(|v| !v.is_empty()) {
            needles.push(v.clone());
            quote_len.push(0);
        }
        for v in self.quoted.iter().filter(|v| !v.is_empty()) {
            for q in QUOTES {
                needles.push(format!("{q}{v}{q}"));
                quote_len.push(q.len());
            }
        }
        if needles.is_empty() {
            return None;
        }
        // no prefilter: building one asks the CPU its features (`cpuid`, a
        // trap on a VM: ~40 µs), more than the scan of a report it saves
        let automaton = aho_corasick::AhoCorasick::builder()
            .prefilter(false)
            .build(&needles)
            .ok()?;
        Some(Matcher {
            automaton,
            quote_len,
        })
    }

    /// The hunted secrets in Node's cut excerpts ([`NODE_CUT_AFTER`]): a
    /// start of one before `"...`, an end of one after `..."`, and an
    /// excerpt cut on both sides that lies inside one.
    fn node_excerpts(&self, text: &str, ranges: &mut Vec<Range<usize>>) {
        for (cut, _) in text.match_indices(NODE_CUT_AFTER) {
            ranges.extend(self.cut_prefix(&text[..cut]));
        }
        for (cut, m) in text.match_indices(NODE_CUT_BEFORE) {
            let from = cut + m.len();
            let after = &text[from..];
            if let Some(n) = self.cut_suffix(after) {
                ranges.push(from..from + n);
            }
            let Some(len) = after.find('"') else { continue };
            let inside = &after[..len];
            if inside.chars().count() >= MIN_CUT_PREFIX
                && self.anywhere.iter().any(|v| v.contains(inside))
            {
                ranges.push(from..from + len);
            }
        }
    }

    /// The length of the longest end of a hunted secret that `after` (text
    /// from a cut on) starts with.
    fn cut_suffix(&self, after: &str) -> Option<usize> {
        self.anywhere
            .iter()
            .flat_map(|v| {
                let n = v.chars().count();
                v.char_indices()
                    .skip(1)
                    .take(n.saturating_sub(MIN_CUT_PREFIX))
                    .map(move |(i, _)| &v[i..])
            })
            .filter(|suffix| after.starts_with(suffix))
            .map(str::len)
            .max()
    }

    /// The range of the longest start of a hunted secret that `before`
    /// (text up to a cut) ends with.
    fn cut_prefix(&self, before: &str) -> Option<Range<usize>> {
        self.anywhere
            .iter()
            .flat_map(|v| {
                v.char_indices()
                    .skip(MIN_CUT_PREFIX)
                    .map(move |(i, _)| &v[..i])
            })
            .filter(|prefix| before.ends_with(prefix))
            .map(str::len)
            .max()
            .map(|n| before.len() - n..before.len())
    }
}

/// Whether a name (an env key, a header) says its value is a secret:
/// one of its words is `TOKEN`, `KEY`, `PASSWORD`... (`API_KEY`,
/// `githubToken`, `x-api-key`), or a whole-word match like `Authorization`.
pub fn names_a_secret(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    if upper.starts_with("AUTHORIZATION") || upper.contains("APIKEY") {
        return true;
    }
    words(key).any(|w| SECRET_NAMES.iter().any(|n| w.eq_ignore_ascii_case(n)))
}

/// Whether a key outside `env` and `headers` (another client's `auth`
/// object, an `apiKey` beside `command`) names a secret: stricter than
/// [`names_a_secret`], whose words (`AUTH`, `KEY`, `SESSION`) an entry's
/// own settings use for what is no secret (`"auth": "github"`,
/// `authProviderType`, `tokenUrl`).
pub fn names_a_secret_value(key: &str) -> bool {
    const NOT_A_VALUE: &[&str] = &[
        "url", "uri", "type", "name", "path", "file", "dir", "id", "endpoint", "provider", "mode",
        "kind", "format", "header", "env", "var", "ttl", "expiry", "expires", "length", "count",
        "source", "command",
    ];
    const SECRET: &[&str] = &[
        "password",
        "passwd",
        "passphrase",
        "token",
        "secret",
        "secrets",
        "apikey",
        "jwt",
        "bearer",
    ];
    const KEY_OF: &[&str] = &[
        "api", "access", "private", "secret", "client", "auth", "signing",
    ];
    // (cheap first: asked of every key of a config outside env/headers,
    // `command` and server names mostly)
    let b = key.as_bytes();
    let has = |p: &[u8]| b.windows(p.len()).any(|w| w.eq_ignore_ascii_case(p));
    if ![
        &b"pass"[..],
        b"token",
        b"secret",
        b"key",
        b"jwt",
        b"bearer",
        b"authorization",
    ]
    .iter()
    .any(|p| has(p))
    {
        return false;
    }
    let is = |w: &str, list: &[&str]| list.iter().any(|n| w.eq_ignore_ascii_case(n));
    if words(key).last().is_some_and(|l| is(l, NOT_A_VALUE)) {
        return false;
    }
    if has(b"apikey") || (b.len() >= 13 && b[..13].eq_ignore_ascii_case(b"authorization")) {
        return true;
    }
    let mut prev: Option<&str> = None;
    for w in words(key) {
        if is(w, SECRET) || (w.eq_ignore_ascii_case("key") && prev.is_some_and(|p| is(p, KEY_OF))) {
            return true;
        }
        prev = Some(w);
    }
    false
}

/// Whether a variable of a shell's environment holds a secret: a name
/// [`names_a_secret_value`] knows, or one whose words say secret (`DB_PASS`,
/// `MYSQL_PWD`, `OPENAI_KEY`, `GH_PAT`), or that glues a secret word to
/// another (`PGPASSWORD`, `BORG_PASSPHRASE`). A shell also holds what only
/// sounds like one, whose value every message would lose: `PWD` and
/// `OLDPWD` (the folders), names with `SESSION`, `AUTH` or `PIN` (a
/// desktop's settings: `DESKTOP_SESSION=cinnamon`), pass(1)'s
/// `PASSWORD_STORE_*` settings, a name ending in a word for where or what
/// a secret is rather than the secret (`SSH_AUTH_SOCK`, `GNUPG_KEY_FILE`,
/// `DBUS_SESSION_BUS_ADDRESS`), and a value that is a path
/// (`/run/user/0/keyring`).
pub fn names_a_shell_secret(key: &str, value: &str) -> bool {
    const NOT_A_VALUE: &[&str] = &[
        "url", "uri", "type", "name", "path", "file", "dir", "id", "endpoint", "provider", "mode",
        "kind", "format", "header", "env", "var", "ttl", "expiry", "expires", "length", "count",
        "source", "command", "sock", "socket", "address", "addr", "manager", "desktop", "class",
        "control", "pid", "user", "host", "port", "home", "timeout", "map", "entry", "bus",
        "program", "helper", "askpass",
    ];
    const GLUED: &[&str] = &[
        "PASSWORD",
        "PASSWD",
        "PASSPHRASE",
        "TOKEN",
        "SECRET",
        "APIKEY",
    ];
    /// Words of a shell variable's name that say secret: not `SESSION`,
    /// `AUTH` or `PIN`, which a desktop's own variables use for settings
    /// (`DESKTOP_SESSION=cinnamon`, `AWS_SESSION_EXPIRATION`).
    const WORDS: &[&str] = &[
        "PASS",
        "PWD",
        "PAT",
        "KEY",
        "CREDENTIAL",
        "CREDENTIALS",
        "COOKIE",
        "PRIVATE",
        "SIGNATURE",
        "DSN",
        "BEARER",
        "SECRETS",
        "JWT",
    ];
    // pass(1)'s settings (`PASSWORD_STORE_DIR`, `..._CHARACTER_SET`)
    let starts = |p: &str| key.len() >= p.len() && key[..p.len()].eq_ignore_ascii_case(p);
    if starts("PASSWORD_STORE_") {
        return false;
    }
    if names_a_secret_value(key) {
        return true;
    }
    if key.eq_ignore_ascii_case("PWD") || key.eq_ignore_ascii_case("OLDPWD") {
        return false;
    }
    let is_path = value.starts_with('/') || value.starts_with('~') || {
        let b = value.as_bytes();
        b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/')
    };
    if is_path
        || words(key)
            .last()
            .is_some_and(|l| NOT_A_VALUE.iter().any(|n| l.eq_ignore_ascii_case(n)))
    {
        return false;
    }
    let b = key.as_bytes();
    words(key).any(|w| WORDS.iter().any(|n| w.eq_ignore_ascii_case(n)))
        || GLUED.iter().any(|g| {
            b.windows(g.len())
                .any(|w| w.eq_ignore_ascii_case(g.as_bytes()))
        })
}

/// The words of a name: split at `_`, `-`, `.` (anything not an ASCII
/// letter or digit) and lower→upper case turns (`clientSecret`), as slices
/// of the name (compare them with `eq_ignore_ascii_case`): called for every
/// env key, header and flag of a config, so it allocates nothing.
fn words(key: &str) -> impl Iterator<Item = &str> + '_ {
    let bytes = key.as_bytes();
    let (mut start, mut i, mut prev_lower) = (0, 0, false);
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let c = bytes[i];
            let split_here = !c.is_ascii_alphanumeric() || (c.is_ascii_uppercase() && prev_lower);
            if split_here {
                // (a byte of a non-ASCII character is a separator: `start`
                // passes the whole character before any slice is taken)
                let word = (start < i).then(|| key.get(start..i)).flatten();
                if c.is_ascii_alphanumeric() {
                    start = i;
                    prev_lower = false;
                } else {
                    i += 1;
                    start = i;
                    prev_lower = false;
                }
                if word.is_some() {
                    return word;
                }
                continue;
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            i += 1;
        }
        let word = (start < bytes.len()).then(|| key.get(start..)).flatten();
        start = bytes.len();
        word
    })
}

/// A value that stands for a secret without being one: a variable
/// (`${API_KEY}`, `$TOKEN`, `%TOKEN%`) or a placeholder (`<YOUR_KEY>`).
/// Messages about them must show them.
pub fn is_placeholder(value: &str) -> bool {
    let name = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    // another client's variable forms too: VS Code's `${input:id}`,
    // `${env:NAME}`, Cursor's `${env:NAME}`
    let braced = value
        .strip_prefix("${")
        .and_then(|v| v.strip_suffix('}'))
        .map(|v| match v.split_once(':') {
            Some((scope, rest))
                if !scope.is_empty() && scope.chars().all(|c| c.is_ascii_alphabetic()) =>
            {
                rest
            }
            _ => v,
        });
    let inner = braced
        .or_else(|| value.strip_prefix('$'))
        .or_else(|| value.strip_prefix('%').and_then(|v| v.strip_suffix('%')));
    inner.is_some_and(name)
        || (value.starts_with('<')
            && value.ends_with('>')
            && !value[1..value.len() - 1].contains(['<', '>']))
}

/// A placeholder ([`is_placeholder`]) written as variables and
/// placeholders are, its name in capitals (`${API_KEY}`, `$TOKEN`,
/// `%TOKEN%`, `<YOUR_KEY>`, `${env:GH_TOKEN}`): a reference, not a secret.
/// A secret may start with `$` or sit in `%...%` or `<...>` (`$ecretPass`,
/// `<hunter2>`, `${ghp_...}`): under a secret's name such a value is one.
pub fn is_reference(value: &str) -> bool {
    if !is_placeholder(value) {
        return false;
    }
    // `${input:github_token}`, `${env:NAME}`: another client's variable,
    // its scope says so whatever the name's case
    if value.starts_with("${") && value.contains(':') {
        return true;
    }
    let inner = value
        .trim_start_matches('$')
        .trim_start_matches(['{', '%', '<'])
        .trim_end_matches(['}', '%', '>']);
    !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | ' '))
}

/// `${NAME:-DEFAULT}` (Claude Code's form, which a pasted entry keeps
/// when Desktop does not fill it): the range of DEFAULT in `value`, all of
/// it that can hold a secret. NAME as [`is_reference`] takes a name
/// (capitals, digits, `_`); any other `${...:-...}` (`${lower:-sk-...}`)
/// stays one value.
pub fn defaulted_reference(value: &str) -> Option<Range<usize>> {
    let inner = value.strip_prefix("${")?.strip_suffix('}')?;
    let (name, default) = inner.split_once(":-")?;
    let is_name = name
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && name.starts_with(|c: char| c.is_ascii_uppercase() || c == '_');
    // (one reference: `${A:-${B}}` is read whole)
    let start = 2 + name.len() + 2;
    (is_name && !default.contains(['$', '{', '}'])).then(|| start..start + default.len())
}

/// `true`, `false`, `null` (any case): a switch, never a secret, and
/// hints quote them (`quote it: "true"`).
fn is_flag(value: &str) -> bool {
    ["true", "false", "null"]
        .iter()
        .any(|w| value.eq_ignore_ascii_case(w))
}

/// Whether `value`, the value of `key` in `env` or `headers`, is a plain
/// setting rather than a secret: its name does not say secret
/// (`MAX_RESULTS`, `PATH`, `LOG_LEVEL`; not `API_KEY`, `Authorization`,
/// `password`), neither it nor a line of it looks random, and nothing in it has a
/// secret's shape (`sk-...`, `Bearer ...`, `?token=`, `https://u:pw@h`,
/// `--token X`). The rest is what [`Secrets::add`] masks wherever it
/// appears; a plain value it masks only where quoted whole.
pub fn is_plain(key: &str, value: &str) -> bool {
    !names_a_secret(key)
        && !names_a_secret_value(key)
        && !looks_random(value)
        && !value.lines().any(|l| looks_random(l.trim()))
        && in_free_text(value).is_empty()
        && in_args(&value.split_whitespace().collect::<Vec<_>>()).is_empty()
}

/// A token-like value: long, letters and digits, no spaces, not a path or
/// a version.
pub fn looks_random(value: &str) -> bool {
    let n = value.chars().count();
    n >= MIN_RANDOM
        && !value.contains(char::is_whitespace)
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| c.is_alphabetic())
        && !is_path_like(value)
}

fn is_path_like(v: &str) -> bool {
    let b = v.as_bytes();
    v.starts_with(['/', '~', '.', '\\', '$', '%'])
        || (b.len() > 2
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
        || v.contains("://") && !v.contains('?') && !v.contains('@')
}

/// The value as written, as a JSON string's inside escapes it, and as a
/// single-quoted JavaScript inspect string does (the app's logs: `args`,
/// `paths`; backslashes doubled, `'` escaped).
fn forms(v: &str) -> Vec<String> {
    let mut out = vec![v.to_string()];
    let inspect = v.replace('\\', "\\\\").replace('\'', "\\'");
    // the invalid-escape hint spells a string with forward slashes
    let forward = v.replace("\\\\", "/").replace('\\', "/");
    for f in [serde_json_escape(v), inspect, forward] {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// What `"..."` holds for `v` in JSON (quotes and backslashes escaped,
/// control characters as `\n`, `\t` or `\u00XX`).
fn serde_json_escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

// ---- secrets in a command line, by their shape ------------------------------

/// One secret inside a command line: which argument, and the byte range of
/// the secret inside it (the flag or header name around it stays visible).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgSecret {
    pub arg: usize,
    pub range: Range<usize>,
    /// How it was recognised, for messages: `--token`, `Authorization`,
    /// `?api_key=`, `sk-...`. Never the secret itself.
    pub label: String,
}

/// Every secret in `args`, in order.
pub fn in_args<S: AsRef<str>>(args: &[S]) -> Vec<ArgSecret> {
    let mut out = Vec::new();
    let mut flag: Option<String> = None;
    // mcp-proxy's `-H NAME VALUE` (`--headers`): the flag seen, then the
    // name, awaiting its value
    let (mut header_flag, mut header_name): (bool, Option<String>) = (false, None);
    for (i, a) in args.iter().enumerate() {
        let a = a.as_ref();
        if let Some(name) = header_name.take() {
            push(&mut out, i, 0..a.len(), name, a);
            continue;
        }
        if std::mem::take(&mut header_flag) && !a.contains(':') && !a.starts_with('-') {
            if names_a_secret(a) || a.eq_ignore_ascii_case("cookie") {
                header_name = Some(a.to_string());
            }
            continue;
        }
        if a == "-H" || a == "--headers" {
            header_flag = true;
            continue;
        }
        if let Some(name) = flag.take()
            && !a.starts_with('-')
        {
            push(&mut out, i, 0..a.len(), name, a);
            continue;
        }
        if let Some(name) = secret_flag(a) {
            match a.split_once('=') {
                Some((f, v)) => push(&mut out, i, f.len() + 1..a.len(), name, v),
                None => flag = Some(name),
            }
            continue;
        }
        // a shell line in one argument, after `sh -c` or `cmd /c` (`sh -c
        // "TOKEN=x npx ..."`, `cmd /c "npx pkg --api-key=x"`): its words are
        // read as arguments, each secret's range kept within its word (a
        // quoted word's inside; shell operators stuck to a value left out)
        let after_switch = i > 0 && is_shell_switch(args[i - 1].as_ref());
        if after_switch && a.contains(char::is_whitespace) && header(a).is_none() {
            // (a line is never one value: no reading of it whole after)
            out.extend(in_line(a, i));
            continue;
        }
        let before = out.len();
        in_text(a, i, &mut out);
        // `KEY=value` passed on (`docker run -e GITHUB_TOKEN=ghp_...`,
        // `--env API_KEY=...`): the value of a variable named like a secret
        if out.len() == before
            && let Some((k, v)) = a.split_once('=')
            && !k.is_empty()
            && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && names_a_secret(k)
        {
            push(&mut out, i, k.len() + 1..a.len(), k.to_string(), v);
            continue;
        }
        if out.len() == before
            && let Some((f, v)) = a.split_once('=').filter(|(f, _)| f.starts_with('-'))
            && let Some(label) = token_shape(v)
        {
            push(&mut out, i, f.len() + 1..a.len(), label, v);
        } else if out.len() == before
            && let Some(label) = token_shape(a)
        {
            push(&mut out, i, 0..a.len(), label, a);
        }
    }
    out
}

/// The secrets of a shell line held in one word (argument `i`): its words
/// read as arguments, each secret's range kept within its word (a quoted
/// word's inside; shell operators stuck to a value left out), then the
/// headers and URLs of the line as text.
fn in_line(a: &str, i: usize) -> Vec<ArgSecret> {
    let words = line_words(a);
    let plain: Vec<&str> = words.iter().map(|(_, w)| *w).collect();
    let mut found: Vec<ArgSecret> = in_args(&plain)
        .into_iter()
        .map(|s| {
            let at = words[s.arg].0;
            let range = trim_line_value(a, at + s.range.start..at + s.range.end);
            ArgSecret {
                arg: i,
                range,
                label: s.label,
            }
        })
        // a reference or a command's output is no secret
        .filter(|s| {
            let v = &a[s.range.clone()];
            let reference = v.as_bytes().windows(2).any(|w| {
                w[0] == b'$' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'_' | b'{' | b'('))
            });
            !v.is_empty() && !reference && !v.starts_with('$') && !v.contains('`')
        })
        .collect();
    let mut text = Vec::new();
    in_text(a, i, &mut text);
    for t in text {
        if !found
            .iter()
            .any(|f| f.range.start < t.range.end && t.range.start < f.range.end)
        {
            found.push(t);
        }
    }
    found.sort_by_key(|f| f.range.start);
    found
}

/// Every secret in a server's `command` (argument 0 of the result): a
/// whole command line written in it (`"npx pkg --token X"`, `"TOKEN=X npx
/// pkg"`, typed as one word after `mcpctl add NAME --`) read as a shell
/// reads it, as [`in_args`] reads a line after `sh -c`; a single word as an
/// argument (`TOKEN=X`, typed unquoted before the program).
pub fn in_command(command: &str) -> Vec<ArgSecret> {
    // (most commands are one word naming a program, `npx` or a path: no
    // `--flag=X`, `NAME=X`, URL or header can be in it; a bare token as
    // the program is no command anyone runs)
    if !command.contains(|c: char| c.is_whitespace() || matches!(c, '=' | '@' | ':' | '?')) {
        return Vec::new();
    }
    if command.trim().contains(char::is_whitespace) && header(command).is_none() {
        in_line(command, 0)
    } else {
        in_args(&[command])
    }
}

/// The secret values of a server's command line, `command` and `args` as
/// written ([`in_command`], [`in_args`]), each with its label: what a run
/// that shows a new entry's command line registers with the output layer.
pub fn of_command_line<S: AsRef<str>>(command: &str, args: &[S]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = in_command(command)
        .into_iter()
        .filter_map(|s| Some((s.label, command.get(s.range)?.to_string())))
        .collect();
    for s in in_args(args) {
        if let Some(v) = args[s.arg].as_ref().get(s.range) {
            out.push((s.label, v.to_string()));
        }
    }
    out
}

/// `args` with every secret replaced by [`MASK`].
pub fn mask_args(args: &[String]) -> Vec<String> {
    let found = in_args(args);
    args.iter()
        .enumerate()
        .map(|(i, a)| {
            let mut ranges: Vec<&Range<usize>> = found
                .iter()
                .filter(|s| s.arg == i)
                .map(|s| &s.range)
                .collect();
            ranges.sort_by_key(|r| std::cmp::Reverse(r.start));
            let mut a = a.clone();
            for r in ranges {
                a.replace_range(r.clone(), MASK);
            }
            a
        })
        .collect()
}

/// The secret values themselves (for masking free text such as a server's
/// stderr that may echo them).
pub fn values<S: AsRef<str>>(args: &[S]) -> Vec<String> {
    in_args(args)
        .into_iter()
        .filter_map(|s| args[s.arg].as_ref().get(s.range).map(str::to_string))
        .collect()
}

/// Whether `a` is a shell's switch that the next argument is a line for:
/// `-c` (and clusters such as `-lc`, `-ec`) or cmd's `/c`, `/k`.
pub fn is_shell_switch(a: &str) -> bool {
    is_sh_switch(a) || is_cmd_switch(a)
}

/// `sh`/`bash`'s `-c`, alone or in a cluster of short flags (`-lc`).
pub fn is_sh_switch(a: &str) -> bool {
    a.len() >= 2
        && a.starts_with('-')
        && !a.starts_with("--")
        && a.ends_with('c')
        && a[1..].bytes().all(|b| b.is_ascii_lowercase())
}

/// cmd's `/c` or `/k` (any case): the rest of its command line is run.
pub fn is_cmd_switch(a: &str) -> bool {
    a.eq_ignore_ascii_case("/c") || a.eq_ignore_ascii_case("/k")
}

/// The words of a shell line with their byte offsets, as a shell groups
/// them: white space parts them outside quotes; a word that is all one
/// quoted string is its inside (`'a b'` is `a b`); a word with a quoted
/// part (`KEY='a b'`) keeps its quotes.
fn line_words(line: &str) -> Vec<(usize, &str)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // the shell's operators part words too (`x&&exec`, `(a)|b`)
        if matches!(b[i], b';' | b'|' | b'&' | b'(' | b')' | b'<' | b'>') {
            i += 1;
            continue;
        }
        let start = i;
        let mut quote: Option<u8> = None;
        while i < b.len() {
            match (quote, b[i]) {
                (None, c) if c.is_ascii_whitespace() => break,
                (None, b';' | b'|' | b'&' | b'(' | b')' | b'<' | b'>') => break,
                (None, q @ (b'"' | b'\'' | b'`')) => quote = Some(q),
                (None, b'\\') => i += 1,
                (Some(b'"'), b'\\') => i += 1,
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            i += 1;
        }
        let end = i.min(b.len());
        let w = &line[start..end];
        let wb = w.as_bytes();
        let whole = wb.len() >= 2
            && matches!(wb[0], b'"' | b'\'')
            && wb[wb.len() - 1] == wb[0]
            && !w[1..w.len() - 1].contains(w.chars().next().unwrap_or('"'));
        if whole {
            out.push((start + 1, &w[1..w.len() - 1]));
        } else {
            out.push((start, w));
        }
    }
    out
}

/// A secret's range in a shell line, without the quotes around a quoted
/// value (`KEY='a b'`: its inside) and the operators stuck to an unquoted
/// one (`KEY=x&& npx`: `x`).
fn trim_line_value(line: &str, r: Range<usize>) -> Range<usize> {
    let b = line.as_bytes();
    if r.end > r.start + 1 && matches!(b[r.start], b'"' | b'\'') && b[r.end - 1] == b[r.start] {
        return r.start + 1..r.end - 1;
    }
    r
}

fn push(out: &mut Vec<ArgSecret>, arg: usize, range: Range<usize>, label: String, value: &str) {
    if is_secret_value(value) {
        out.push(ArgSecret { arg, range, label });
    }
}

/// A value worth hiding: four characters or more (a shorter one is a
/// flag's value such as `1`), not a variable reference, not a README
/// placeholder.
fn is_secret_value(v: &str) -> bool {
    v.trim().len() >= 4 && is_secret_shape(v)
}

/// [`is_secret_value`] whatever its length: not a variable reference, not
/// a README placeholder.
fn is_secret_shape(v: &str) -> bool {
    let t = v.trim();
    !(t.starts_with('$')
        || (t.starts_with('%') && t.ends_with('%'))
        || (t.starts_with('<') && t.ends_with('>'))
        || (t.starts_with('{') && t.ends_with('}'))
        || (t.starts_with('[') && t.ends_with(']'))
        || t.contains("${")
        || is_placeholder_word(t))
}

/// `YOUR_API_KEY`, `your-token-here`, `xxxxxxxx`, `...`, `changeme`.
fn is_placeholder_word(t: &str) -> bool {
    // (case-insensitive without a lower-case copy: asked of every argument)
    let b = t.as_bytes();
    let starts = |p: &[u8]| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p);
    let ends = |p: &[u8]| b.len() >= p.len() && b[b.len() - p.len()..].eq_ignore_ascii_case(p);
    starts(b"your")
        || ends(b"here")
        || ends(b"...")
        || t.ends_with('…')
        || b.windows(6).any(|w| w.eq_ignore_ascii_case(b"xxxxxx"))
        || ["changeme", "change-me", "replace-me"]
            .iter()
            .any(|p| t.eq_ignore_ascii_case(p))
        || is_setting_word(t)
}

/// A value a secret-sounding flag takes that is a setting, not a secret
/// (`--auth none`, `--key default`, `--token-store file`): masked
/// anywhere, such a word would vanish from every message.
fn is_setting_word(t: &str) -> bool {
    const SETTINGS: &[&str] = &[
        "none",
        "default",
        "true",
        "false",
        "null",
        "off",
        "on",
        "yes",
        "no",
        "auto",
        "disabled",
        "enabled",
        "oauth",
        "oauth2",
        "basic",
        "bearer",
        "env",
        "file",
        "keychain",
        "keyring",
        "prompt",
        "stdin",
        "required",
        "optional",
        "anonymous",
    ];
    SETTINGS.iter().any(|w| t.eq_ignore_ascii_case(w))
}

/// Words that name a credential when they end a flag, a header or a query
/// parameter (`--api-key`, `X-Auth-Token`, `access_token`).
const SECRET_WORDS: &[&str] = &[
    "token",
    "key",
    "apikey",
    "secret",
    "password",
    "passwd",
    "pwd",
    "pat",
    "credential",
    "credentials",
    "authorization",
    "auth",
    "bearer",
    "sig",
    "signature",
];

/// Words before the last one that make it not a secret after all
/// (`--public-key`, `--key-file` ends in `file`, `--sort-key`).
const NOT_SECRET_BEFORE: &[&str] = &["public", "sort", "primary", "partition", "foreign"];

/// Whether a name (`api_key`, `X-API-Key`, `clientSecret`) is a
/// credential's name.
fn secret_name(name: &str) -> bool {
    let is = |w: &str, list: &[&str]| list.iter().any(|l| w.eq_ignore_ascii_case(l));
    let (mut last, mut not_secret, mut ssh) = (None, false, false);
    for w in words(name) {
        if let Some(before) = last {
            not_secret |= is(before, NOT_SECRET_BEFORE);
            ssh |= before.eq_ignore_ascii_case("ssh");
        }
        last = Some(w);
    }
    let Some(last) = last else {
        return false;
    };
    is(last, SECRET_WORDS) && !not_secret && !(last.eq_ignore_ascii_case("key") && ssh)
}

/// Query parameter names that carry a credential in a URL though no
/// flag or header would be named so: an OAuth callback's `code`, a
/// session's id, a one-time password. Matched on the whole name, its words
/// joined (`session_id`, `sessionId`, `auth-code`).
const QUERY_SECRET_NAMES: &[&str] = &[
    "code",
    "authcode",
    "authorizationcode",
    "pass",
    "pw",
    "passcode",
    "pin",
    "otp",
    "session",
    "sessionid",
    "sid",
    "jwt",
];

/// Whether a URL's query parameter `name` holds a secret: a credential's
/// name ([`secret_name`]) or one of [`QUERY_SECRET_NAMES`].
fn query_secret_name(name: &str) -> bool {
    if secret_name(name) {
        return true;
    }
    let joined: String = words(name).collect::<Vec<_>>().concat();
    QUERY_SECRET_NAMES
        .iter()
        .any(|n| joined.eq_ignore_ascii_case(n))
}

/// `--token`, `--api-key=...`, `-token`: the flag's display label.
fn secret_flag(arg: &str) -> Option<String> {
    let flag = arg.split('=').next().unwrap_or(arg);
    let name = flag.strip_prefix("--").or_else(|| {
        flag.strip_prefix('-')
            .filter(|n| n.len() > 1 && !n.starts_with('-'))
    })?;
    (!name.is_empty() && secret_name(name)).then(|| flag.to_string())
}

/// Headers and URLs inside one argument.
fn in_text(a: &str, i: usize, out: &mut Vec<ArgSecret>) {
    if let Some((name, range)) = header(a) {
        let value = &a[range.clone()];
        push(out, i, range, name, value);
        return;
    }
    // named by the URL itself (a password, `?api_key=`), a value is one
    // however short: the text masking hides it by its name alone
    for (name, range) in url_secrets(a) {
        let value = &a[range.clone()];
        if !value.trim().is_empty() && is_secret_shape(value) {
            out.push(ArgSecret {
                arg: i,
                range,
                label: name,
            });
        }
    }
}

/// `Authorization: Bearer X` → the range of `X`; `X-API-Key: X` → `X`.
fn header(a: &str) -> Option<(String, Range<usize>)> {
    let (name, _) = a.split_once(':')?;
    let name = name.trim();
    if name.is_empty()
        || name.contains(char::is_whitespace)
        || name.contains('/')
        || !secret_name(name)
    {
        return None;
    }
    let colon = a.find(':')?;
    let rest = &a[colon + 1..];
    let value_start = colon + 1 + (rest.len() - rest.trim_start().len());
    let value = &a[value_start..];
    // JSON (`{"apiKey":"x"}`): the string's inside, not its quote and what
    // closes the object
    let json_name = name.starts_with('{') || name.starts_with('"');
    if json_name && value.starts_with('"') {
        let b = value.as_bytes();
        let mut j = 1;
        while j < b.len() && b[j] != b'"' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        let name = name.trim_start_matches(['{', ' ']).trim_matches('"');
        let inside = &value[1..j.min(value.len())];
        return (j > 1 && j < b.len() && !inside.starts_with('$'))
            .then(|| (name.to_string(), value_start + 1..value_start + j));
    }
    // `Bearer X`, `Basic X`, `token X`: the scheme stays visible
    let skip = value
        .split_once(' ')
        .filter(|(scheme, _)| {
            matches!(
                scheme.to_ascii_lowercase().as_str(),
                "bearer" | "basic" | "token" | "digest"
            )
        })
        .map_or(0, |(scheme, rest)| {
            scheme.len() + 1 + (rest.len() - rest.trim_start().len())
        });
    let start = value_start + skip;
    (start < a.len()).then(|| (name.to_string(), start..a.len()))
}

/// Secret query parameters and a URL's password.
fn url_secrets(a: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    if let Some(scheme_end) = a.find("://") {
        let auth_start = scheme_end + 3;
        let auth_end = a[auth_start..]
            .find(['/', '?', '#'])
            .map_or(a.len(), |k| auth_start + k);
        if let Some(at) = a[auth_start..auth_end].rfind('@')
            && let Some(colon) = a[auth_start..auth_start + at].find(':')
        {
            out.push((
                "the URL's password".to_string(),
                auth_start + colon + 1..auth_start + at,
            ));
        }
    }
    let Some(q) = a.find('?') else {
        return out;
    };
    let mut at = q + 1;
    let end = a[at..].find('#').map_or(a.len(), |k| at + k);
    while at < end {
        let next = a[at..end].find('&').map_or(end, |k| at + k);
        if let Some(eq) = a[at..next].find('=') {
            let name = &a[at..at + eq];
            if query_secret_name(name) {
                out.push((format!("?{name}="), at + eq + 1..next));
            }
        }
        at = next + 1;
    }
    out
}

/// Prefixes of well-known tokens, with the shortest real length.
const TOKEN_PREFIXES: &[(&str, usize)] = &[
    ("sk-", 20),
    ("sk_live_", 20),
    ("sk_test_", 20),
    ("rk_live_", 20),
    ("ghp_", 30),
    ("gho_", 30),
    ("ghu_", 30),
    ("ghs_", 30),
    ("github_pat_", 30),
    ("glpat-", 20),
    ("xoxb-", 20),
    ("xoxp-", 20),
    ("xapp-", 20),
    ("hf_", 30),
    ("npm_", 30),
    ("AKIA", 20),
    ("AIza", 35),
];

/// Secrets by their shape inside free text (a server's stderr line, a log
/// line, a tool's result), where nothing names them: a well-known token
/// (`sk-...`, `ghp_...`, `xoxb-...`: `TOKEN_PREFIXES`) anywhere, and what
/// follows `Bearer ` when it is token-long. A [`Pattern`]: every run that
/// hides secrets applies it to all it prints, so it reads each byte once
/// and allocates only for what it finds.
pub fn in_free_text(text: &str) -> Vec<Range<usize>> {
    /// Shortest word after `Bearer` taken for a token (mcpctl's own hints
    /// write `Bearer TOKEN`).
    const MIN_BEARER: usize = 16;
    // `=` ends a word: `key=sk-...` holds the token after it
    let token_byte = |b: u8| TOKEN_BYTE[usize::from(b)];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut after_bearer = false;
    let mut i = 0;
    while i < bytes.len() {
        if !token_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && token_byte(bytes[i]) {
            i += 1;
        }
        // ASCII bytes only: the word is on character boundaries
        let word = &text[start..i];
        // (most words are shorter than any token: asked of every word)
        let known = word.len() >= MIN_TOKEN && token_prefix(word).is_some();
        if known || (after_bearer && word.len() >= MIN_BEARER && is_secret_value(word)) {
            out.push(start..i);
        }
        after_bearer = word.eq_ignore_ascii_case("bearer");
    }
    query_secrets(text, &mut out);
    url_passwords(text, &mut out);
    out
}

/// The password of each `scheme://user:PASSWORD@host` in free text.
fn url_passwords(text: &str, out: &mut Vec<Range<usize>>) {
    for (at, _) in text.match_indices("://") {
        let start = at + 3;
        let end = text[start..]
            .find(|c: char| {
                matches!(c, '/' | '?' | '#' | '"' | '\'' | '<' | '>' | '`') || c.is_whitespace()
            })
            .map_or(text.len(), |k| start + k);
        let authority = &text[start..end];
        if let Some(a) = authority.rfind('@')
            && let Some(colon) = authority[..a].find(':')
            && a > colon + 1
        {
            out.push(start + colon + 1..start + a);
        }
    }
}

/// The values of secret-named query parameters in a URL inside free text
/// (`...?token=X&a=b`, `&api_key=X`): a redirect's target, a logged
/// request.
fn query_secrets(text: &str, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let name_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.';
    let value_end = |b: u8| {
        matches!(b, b'&' | b'#' | b'"' | b'\'' | b'<' | b'>' | b')' | b'`')
            || b.is_ascii_whitespace()
    };
    for (q, _) in bytes
        .iter()
        .enumerate()
        // a fragment carries them too (`#access_token=...`)
        .filter(|(_, b)| matches!(**b, b'?' | b'&' | b'#'))
    {
        let name_end = (q + 1..bytes.len())
            .find(|&i| !name_byte(bytes[i]))
            .unwrap_or(bytes.len());
        if name_end == q + 1 || bytes.get(name_end) != Some(&b'=') {
            continue;
        }
        // ASCII bytes only: the name is on character boundaries
        if !query_secret_name(&text[q + 1..name_end]) {
            continue;
        }
        let start = name_end + 1;
        // `::` ends it too: no token holds it, and a GitHub workflow
        // command (`::error title=...?token=X::message`) is cut there
        // and a `;` or `,` before a space or the end: prose's separator
        // after the URL (`...?token=X; initialize: ...`), never inside one
        let separator = |i: usize| {
            matches!(bytes[i], b';' | b',') && bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace)
        };
        let end = (start..bytes.len())
            .find(|&i| value_end(bytes[i]) || bytes[i..].starts_with(b"::") || separator(i))
            .unwrap_or(bytes.len());
        if end > start {
            out.push(start..end);
        }
    }
}

/// `sk-...`, `ghp_...`: a value that is a token by its look alone.
fn token_shape(v: &str) -> Option<String> {
    token_prefix(v).map(|p| format!("{p}..."))
}

/// The well-known prefix `v` is a token of, if it is one: the prefix and
/// the length first (cheap, and what rules out almost every word), then
/// that it is a value, not a placeholder.
fn token_prefix(v: &str) -> Option<&'static str> {
    let (p, _) = TOKEN_PREFIXES.iter().find(|(p, min)| {
        v.len() >= *min
            && v.starts_with(p)
            && v[p.len()..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })?;
    // (no white space: the rest is ASCII letters, digits, `-` and `_`)
    is_secret_value(v).then_some(*p)
}

/// The shortest token [`TOKEN_PREFIXES`] allows.
const MIN_TOKEN: usize = {
    let mut min = usize::MAX;
    let mut i = 0;
    while i < TOKEN_PREFIXES.len() {
        if TOKEN_PREFIXES[i].1 < min {
            min = TOKEN_PREFIXES[i].1;
        }
        i += 1;
    }
    min
};

/// The bytes a token is made of in free text (ASCII letters and digits,
/// `-_.~+/`), as a table: asked of every byte mcpctl prints.
const TOKEN_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~' | b'+' | b'/');
        b += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    /// What a shell exports: the secrets a failing server's re-run may
    /// print are hidden, the folders, sockets and settings are not.
    #[test]
    fn a_shell_s_secrets_are_hidden_and_its_settings_kept() {
        let secret = [
            ("PGPASSWORD", "Tr0ub4dor-horse-42"),
            ("DB_PASS", "correct horse battery"),
            ("MYSQL_PWD", "hunter2hunter2"),
            ("OPENAI_KEY", "proj-abcdefgh"),
            ("STRIPE_KEY", "live_abcdefgh"),
            ("GH_PAT", "github_pat_abc123"),
            ("DB_PASSWORD", "s3cretpassw0rd"),
            ("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEJr"),
            // named: hidden whatever the value looks like
            ("PGPASSWORD", "correcthorsebatterystaple"),
            ("BORG_PASSPHRASE", "long words of mine"),
        ];
        let kept = [
            ("PWD", "/home/ann/projects"),
            ("OLDPWD", "/home/ann/notes"),
            ("SSH_AUTH_SOCK", "/tmp/ssh-XXXXabcd/agent.1234"),
            ("GNUPG_KEY_FILE", "keys/signing.asc"),
            ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus"),
            ("SESSION_MANAGER", "local/ann-laptop:@/tmp/.ICE-unix/1234"),
            ("GIT_ASKPASS", "/usr/lib/git-core/git-gui--askpass"),
            ("PASSWORD_STORE_DIR", "/home/ann/.password-store"),
            ("GNOME_KEYRING_CONTROL", "/run/user/1000/keyring"),
            ("LANG", "en_US.UTF-8"),
            ("DESKTOP_SESSION", "cinnamon"),
            ("AWS_SESSION_EXPIRATION", "2026-12-01T02:00:00Z"),
            ("PASSWORD_STORE_CHARACTER_SET", "alphanumeric"),
            ("TMUX_SESSION", "work-main"),
        ];
        let vars: Vec<(String, String)> = secret
            .iter()
            .chain(&kept)
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let s = Secrets::of_environment(vars.iter().map(|(k, v)| (k, v)));
        for (k, v) in secret {
            assert_eq!(s.mask(&format!("[{v}]")), "[****]", "{k}");
        }
        for (k, v) in kept {
            let line = format!("at {v} now");
            assert_eq!(s.mask(&line), line, "{k}");
        }
    }

    /// A whole command line written as a server's `command` (or typed as
    /// one word after `add NAME --`): its secrets by the same rules as a
    /// line after `sh -c`; a single word as an argument; nothing else.
    #[test]
    fn a_command_line_in_one_word_gives_its_secrets() {
        let found = |c: &str, args: &[&str]| -> Vec<String> {
            of_command_line(c, args)
                .into_iter()
                .map(|(_, v)| v)
                .collect()
        };
        assert_eq!(
            found(
                "npx -y pkg --password hunter2hunter2 --api-key=7f3a9c2e",
                &[]
            ),
            ["hunter2hunter2", "7f3a9c2e"]
        );
        assert_eq!(
            found("MY_PASSWORD='s3cret pw' npx -y pkg", &[]),
            ["s3cret pw"]
        );
        assert_eq!(
            found("GITHUB_TOKEN=ghx9Qe7Lm2Vb", &["npx", "pkg"]),
            ["ghx9Qe7Lm2Vb"]
        );
        assert_eq!(found("npx", &["pkg", "--token", "abcd1234"]), ["abcd1234"]);
        // references, placeholders and ordinary settings are no secrets
        assert!(found("TOKEN=$GH_TOKEN npx --key ${KEY} pkg", &[]).is_empty());
        assert!(found("LOG_LEVEL=debug npx -y pkg --port 8080", &[]).is_empty());
        assert!(found("C:\\Program Files\\nodejs\\node.exe", &["srv.js"]).is_empty());
    }

    /// A value of several lines reaches the output a line at a time: each
    /// line of it is hidden alone too, but for the armour and short lines.
    #[test]
    fn each_line_of_a_value_of_several_lines_is_hidden() {
        let mut s = Secrets::none();
        let pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nXyZ8cKj==\n-----END PRIVATE KEY-----\n";
        s.add(Some("GOOGLE_PRIVATE_KEY"), pem);
        s.add(
            Some("SERVICE_JSON"),
            "{\r\n  \"type\": \"service_account\",\r\n  \"n\": 1\r\n}",
        );
        assert_eq!(
            s.mask("stderr: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"),
            "stderr: ****"
        );
        assert_eq!(s.mask("XyZ8cKj== was read"), "**** was read");
        assert_eq!(
            s.mask("expected -----BEGIN PRIVATE KEY----- {"),
            "expected -----BEGIN PRIVATE KEY----- {"
        );
        // not a secret's name: a line of it hidden only where quoted whole
        assert_eq!(
            s.mask("\"type\": \"service_account\", done"),
            "\"type\": \"service_account\", done"
        );
        assert_eq!(s.mask(&format!("got {pem}")), "got ****\n");
    }

    /// Free text: a known token anywhere, a long word after `Bearer`;
    /// mcpctl's own `Bearer TOKEN` and ordinary words stay.
    #[test]
    fn tokens_are_found_in_free_text_by_their_shape() {
        let mut s = Secrets::none();
        s.add_pattern(in_free_text);
        assert_eq!(
            s.mask("got Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig, key=sk-proj-0123456789abcdefghij!"),
            "got Authorization: Bearer ****, key=****!"
        );
        assert_eq!(
            s.mask("token ghp_0123456789abcdefghijklmnopqrstuv ok"),
            "token **** ok"
        );
        // a secret-named query parameter in a URL: a redirect's target
        assert_eq!(
            s.mask("redirect: 307 → http://127.0.0.1:9/good?token=SECRETxyz789&a=b#f"),
            "redirect: 307 → http://127.0.0.1:9/good?token=****&a=b#f"
        );
        assert_eq!(
            s.mask("GET /x?a=1&api_key=abc%2Fdef \"next\""),
            "GET /x?a=1&api_key=**** \"next\""
        );
        assert_eq!(
            s.mask("307 → http://u:AAAASECRETA@127.0.0.1:9/ok#access_token=XYZ123&x=1"),
            "307 → http://u:****@127.0.0.1:9/ok#access_token=****&x=1"
        );
        // a separator of the prose after the URL stays
        assert_eq!(
            s.mask("url /e?api_key=K&token=T; initialize: HTTP 400, and /f?token=U, then"),
            "url /e?api_key=****&token=****; initialize: HTTP 400, and /f?token=****, then"
        );
        assert_eq!(s.mask("/e?token=a;b=c"), "/e?token=****");
        assert_eq!(
            s.mask("redirect: 302 → http://127.0.0.1:9/cb?code=AUTHCODE1&session_id=S1D"),
            "redirect: 302 → http://127.0.0.1:9/cb?code=****&session_id=****"
        );
        // a GitHub workflow command keeps its `::` separator
        assert_eq!(
            s.mask(
                "::error title=server http%3A//127.0.0.1%3A9/f?token=abc::forbidden: answered 403"
            ),
            "::error title=server http%3A//127.0.0.1%3A9/f?token=****::forbidden: answered 403"
        );
        for plain in [
            "http://x.dev/search?q=tokens&page=2",
            "http://127.0.0.1:8080/mcp and mailto:a@b.c, ssh://git@host",
            "a && b ? c : d",
            "--header 'Authorization: Bearer TOKEN'",
            "Bearer realm=\"mcp\" is what the server said",
            "skip sk-short and the sk- prefix",
            "ü Bearer ü",
        ] {
            assert_eq!(s.mask(plain), plain);
        }
    }

    /// Node's parse error names the first character of the line it
    /// quotes: when that line is a secret, the character goes too.
    #[test]
    fn the_token_node_names_in_a_secret_line_is_masked() {
        let mut s = Secrets::none();
        s.add(Some("DB_PASSWORD"), "hunter2-correct-horse");
        assert_eq!(
            s.mask(r#"(Claude Desktop: Unexpected token 'h', "hunter2-correct-horse" is not valid JSON)"#),
            r#"(Claude Desktop: Unexpected token '****', "****" is not valid JSON)"#
        );
        assert_eq!(
            s.mask(r#""Unexpected token 'h', \"hunter2-correct-horse\" is not valid JSON""#),
            r#""Unexpected token '****', \"****\" is not valid JSON""#
        );
        assert_eq!(
            s.mask(r#"Unexpected token 'h', "[hunter2-correct-horse]" is not valid JSON"#),
            r#"Unexpected token '****', "[****]" is not valid JSON"#
        );
        let plain = r#"Unexpected token 'h', "hello" is not valid JSON"#;
        assert_eq!(s.mask(plain), plain);
    }

    #[test]
    fn placeholder_words_are_told_in_any_case() {
        for p in [
            "YOUR_API_KEY",
            "yourToken",
            "token-HERE",
            "abc...",
            "sk-…",
            "sk-XXXXXXXX",
            "abxxxxxxcd",
            "ChangeMe",
            "change-me",
            "REPLACE-ME",
        ] {
            assert!(is_placeholder_word(p), "{p}");
        }
        for v in [
            "sk-live-0123",
            "ghp_a1b2c3",
            "you",
            "her",
            "xxxxx",
            "changeme2",
            "é...é",
        ] {
            assert!(!is_placeholder_word(v), "{v}");
        }
    }

    #[test]
    fn words_split_at_separators_and_case_turns_without_copying() {
        fn w(k: &str) -> Vec<&str> {
            words(k).collect()
        }
        assert_eq!(w("clientSecret"), ["client", "Secret"]);
        assert_eq!(w("X-API-Key"), ["X", "API", "Key"]);
        assert_eq!(w("api_key2Token"), ["api", "key2", "Token"]);
        assert_eq!(w("__a..b__"), ["a", "b"]);
        // a non-ASCII character separates, and is never cut through
        assert_eq!(w("aé_b"), ["a", "b"]);
        assert_eq!(w("éa"), ["a"]);
        assert_eq!(w("aé"), ["a"]);
        assert_eq!(w("tokén"), ["tok", "n"]);
        assert!(w("").is_empty() && w("é").is_empty() && w("--").is_empty());
    }

    fn set(pairs: &[(&str, &str)]) -> Secrets {
        let mut s = Secrets::none();
        for (k, v) in pairs {
            s.add(Some(k), v);
        }
        s
    }

    #[test]
    fn named_and_random_values_are_masked_anywhere() {
        let s = set(&[("API_KEY", "sk-live-0123"), ("X", "ghp_a1b2c3d4e5f6g7h8")]);
        assert_eq!(
            s.mask("`sk-live-0123` is not a JSON value; token ghp_a1b2c3d4e5f6g7h8!"),
            "`****` is not a JSON value; token ****!"
        );
        // JSON-escaped form too
        let s = set(&[("PASSWORD", "a\"b\\c")]);
        assert_eq!(s.mask(r#"{"v": "a\"b\\c"}"#), r#"{"v": "****"}"#);
        // the invalid-escape hint's forward-slash spelling too
        let s = set(&[("GITHUB_TOKEN", "ghp_Zq9\\xsecretZZ99887766")]);
        assert_eq!(
            s.mask(r#"or use forward slashes, "ghp_Zq9/xsecretZZ99887766""#),
            r#"or use forward slashes, "****""#
        );
    }

    #[test]
    fn plain_values_only_where_quoted_whole() {
        let s = set(&[("LOG_LEVEL", "warning"), ("DEBUG", "1"), ("PIN", "0123")]);
        assert_eq!(
            s.mask("warning: quote it: \"1\" or '1'; `0123` is not a number; line 1"),
            "warning: quote it: \"****\" or '****'; `****` is not a number; line 1"
        );
    }

    #[test]
    fn the_start_of_a_secret_before_a_cut_is_masked() {
        let s = set(&[("TOKEN", "abcdefghijklmnop")]);
        assert_eq!(s.mask("using abcdef… and more"), "using ****… and more");
        assert_eq!(s.mask("ab… stays"), "ab… stays");
    }

    /// Node's `JSON.parse` error quotes 10 characters of the line around
    /// where it stopped, cut with `"...` and `..."`.
    #[test]
    fn a_secret_in_node_s_cut_excerpt_is_masked() {
        let s = set(&[("API_KEY", "sk-live-ABCDEFGHIJKLMNOP")]);
        assert_eq!(
            s.mask("Unexpected token 's', \"sk-live-AB\"... is not valid JSON"),
            "Unexpected token '****', \"****\"... is not valid JSON"
        );
        assert_eq!(
            s.mask("Unexpected token 'B', \"Bearer sk-\"... is not valid JSON"),
            "Unexpected token 'B', \"Bearer ****\"... is not valid JSON"
        );
        assert_eq!(
            s.mask("Unexpected token 'x', ...\"LMNOP done\" is not valid JSON"),
            "Unexpected token 'x', ...\"**** done\" is not valid JSON"
        );
        assert_eq!(
            s.mask("Unexpected token 'x', ...\"-ABCDEFGHI\"... is not valid JSON"),
            "Unexpected token 'x', ...\"****\"... is not valid JSON"
        );
        // an excerpt that is no secret's part stays
        let plain = "Unexpected token 'S', \"Server sta\"... is not valid JSON";
        assert_eq!(s.mask(plain), plain);
        assert_eq!(s.mask("...\"sk\" and \"sk\"..."), "...\"sk\" and \"sk\"...");
    }

    #[test]
    fn patterns_plug_in() {
        fn bearer(text: &str) -> Vec<Range<usize>> {
            text.match_indices("Bearer ")
                .map(|(i, m)| {
                    let start = i + m.len();
                    let end = text[start..]
                        .find(char::is_whitespace)
                        .map_or(text.len(), |e| start + e);
                    start..end
                })
                .collect()
        }
        let mut s = Secrets::none();
        s.add_pattern(bearer);
        assert_eq!(
            s.mask("Authorization: Bearer xyz.123 ok"),
            "Authorization: Bearer **** ok"
        );
    }

    #[test]
    fn a_plain_value_can_be_kept_visible_a_secret_cannot() {
        let mut s = set(&[("NAME", "tools"), ("API_KEY", "sk-live-0123")]);
        s.keep_quoted_visible("tools");
        s.keep_quoted_visible("sk-live-0123");
        assert_eq!(s.mask("`tools` uses `sk-live-0123`"), "`tools` uses `****`");
    }

    /// What a broken file's tolerant parse takes for a value (`:`, `}`)
    /// would otherwise be masked in every message quoting the syntax.
    #[test]
    fn punctuation_is_not_a_secret() {
        let s = set(&[("A", ": "), ("B", "}"), ("C", "")]);
        assert!(s.is_empty());
    }

    #[test]
    fn placeholders_are_not_secrets() {
        let s = set(&[
            ("API_KEY", "${API_KEY}"),
            ("TOKEN", "<YOUR_TOKEN>"),
            ("K", "%K%"),
            // other clients' forms, pasted from their configs
            ("GITHUB_TOKEN", "${input:github_token}"),
            ("API_KEY", "${env:API_KEY}"),
        ]);
        assert!(s.is_empty());
        // under a secret's name, a value shaped like one in lower case is a
        // secret (`$ecretPass`), hidden in every sentence that quotes it
        let s = set(&[
            ("DB_PASSWORD", "$ecretPass"),
            ("SECRET", "<hunter2>"),
            ("API_TOKEN", "${ghp_abcdefghijklmnopqrstuvwxyz0123456789}"),
        ]);
        let said = s.mask(
            "contains `$ecretPass`, `<hunter2>`, `${ghp_abcdefghijklmnopqrstuvwxyz0123456789}`",
        );
        assert!(
            !said.contains("ecretPass") && !said.contains("hunter2") && !said.contains("ghp_"),
            "{said}"
        );
        assert!(!is_placeholder("${A}x") && !is_placeholder("sk-123"));
        assert!(!is_placeholder("${a b:c}") && !is_placeholder("${1x:y}"));
    }

    #[test]
    fn of_a_defaulted_reference_only_the_default_is_a_secret() {
        let v = "${API_KEY:-sk-live-abcdefghijklmnopqrstuvwxyz}";
        assert_eq!(defaulted_reference(v), Some(11..v.len() - 1));
        let s = set(&[("API_KEY", v), ("PORT", "${PORT:-8080}")]);
        let text = format!("contains `{v}`; port `${{PORT:-8080}}`");
        let said = s.mask(&text);
        // the variable stays readable, its default does not
        assert_eq!(said, "contains `${API_KEY:-****}`; port `${PORT:-8080}`");
        // an empty default leaves nothing to hide
        assert!(set(&[("API_KEY", "${API_KEY:-}")]).is_empty());
        // not the form: read whole, as before
        for whole in [
            "${A:-${B}}",
            "${lower:-x}",
            "${1A:-x}",
            "${A-x}",
            "x${A:-y}",
        ] {
            assert_eq!(defaulted_reference(whole), None, "{whole}");
        }
        let s = set(&[("API_KEY", "${lower:-sk-live-abcdefghijklmnopqrstuvwxyz}")]);
        assert_eq!(
            s.mask("`${lower:-sk-live-abcdefghijklmnopqrstuvwxyz}`"),
            "`****`"
        );
    }

    #[test]
    fn plain_settings_and_secrets() {
        for (k, v) in [
            ("MAX_RESULTS", "10"),
            ("PATH", "/opt/n22/bin:/usr/bin:/bin"),
            ("PATH", "C:\\Program Files\\nodejs;C:\\Windows\\system32"),
            ("LOG_LEVEL", "info"),
            ("NODE_ENV", "production"),
        ] {
            assert!(is_plain(k, v), "{k}={v}");
        }
        for (k, v) in [
            ("API_KEY", "12345"),
            ("githubToken", "abc"),
            ("Authorization", "Bearer x"),
            ("passphrase", "correct horse"),
            ("OPTIONS", "--token abc123"),
            ("X", "abc123def456ghi789"),
            ("X", "sk-proj-abcdefghijklmnopqrstu"),
            ("DATABASE_URL", "postgres://ann:hunter@db/app"),
            ("CALLBACK", "https://h/cb?access_token=zzzzzz"),
            ("HEADER", "Bearer abcdefghijklmnopqrstuvwx"),
            (
                "CERT",
                "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0\n-----END KEY-----",
            ),
        ] {
            assert!(!is_plain(k, v), "{k}={v}");
        }
    }

    #[test]
    fn names_and_shapes() {
        for k in [
            "API_KEY",
            "githubToken",
            "x-api-key",
            "Authorization",
            "DB_PASSWORD",
            "apikey",
        ] {
            assert!(names_a_secret(k), "{k}");
        }
        for k in ["PATH", "HOME", "NODE_ENV", "LOG_LEVEL", "KEYBOARD_LAYOUT"] {
            assert!(!names_a_secret(k), "{k}");
        }
        assert!(looks_random("sk-proj-abc123def456"));
        for v in [
            "production",
            "/home/u/bin1234567",
            "v20.11.1",
            "C:\\Users\\me1234567",
            "hello world 123456",
        ] {
            assert!(!looks_random(v), "{v}");
        }
    }

    #[test]
    fn nothing_to_mask_borrows_and_overlaps_mask_once() {
        let s = set(&[("TOKEN", "abcdefgh"), ("SECRET", "abcdefgh-long")]);
        assert!(matches!(s.mask("plain"), Cow::Borrowed(_)));
        assert_eq!(s.mask("k=abcdefgh-long;"), "k=****;");
        assert!(matches!(Secrets::none().mask("abcdefgh"), Cow::Borrowed(_)));
    }

    /// The automaton finds what a search per value finds, and a secret
    /// added after a first mask is masked too.
    #[test]
    fn one_pass_masks_what_a_search_per_value_masks() {
        let mut s = Secrets::none();
        for i in 0..300 {
            s.add(Some("API_KEY"), &format!("sk-{i:08}-zz"));
            s.add_unnamed(&format!("w{i}"), 99);
        }
        s.add(Some("TOKEN"), "aaaaaaaa");
        let mut slow = s.clone();
        slow.matcher = std::sync::OnceLock::from(None);
        let texts = [
            "key sk-00000007-zz and sk-00000299-zz; \"w12\" 'w3' `w299` w7 \"w300\"",
            "runs of a; sk-00000001-zzsk-00000002-zz",
            "nothing here",
        ];
        for t in texts {
            assert_eq!(s.mask(t), slow.mask(t), "{t}");
        }
        // where a secret overlaps itself, every occurrence is masked (a
        // search per value left the tail of the second visible)
        assert_eq!(s.mask("aaaaaaaaaaaa."), "****.");
        assert_eq!(slow.mask("aaaaaaaaaaaa."), "****aaaa.");
        assert_eq!(s.mask("\"w12\" 'w3' w7"), "\"****\" '****' w7");
        s.add(Some("TOKEN"), "late-secret-value");
        assert_eq!(s.mask("a late-secret-value"), "a ****");
    }

    fn masked(args: &[&str]) -> Vec<String> {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        mask_args(&args)
    }

    #[test]
    fn secrets_in_args_are_masked() {
        let key = "sk-ant-api03-AbCdEfGhIjKlMnOpQrSt";
        let cases: &[(&[&str], &[&str])] = &[
            (&["--token", "abc123xyz"], &["--token", "****"]),
            (&["--api-key=abc123xyz"], &["--api-key=****"]),
            // a setting, not a secret: masked anywhere, the word would
            // vanish from every message
            (&["--auth", "none"], &["--auth", "none"]),
            (&["--key=default"], &["--key=default"]),
            // a whole shell line in one argument: each secret within its
            // word, the rest of the line kept
            (
                &["-c", "GITHUB_TOKEN=plainvalue123 npx -y pkg"],
                &["-c", "GITHUB_TOKEN=**** npx -y pkg"],
            ),
            (
                &[
                    "/c",
                    "npx -y @acme/mcp --api-key=abc123secretvalue --port 3000",
                ],
                &["/c", "npx -y @acme/mcp --api-key=**** --port 3000"],
            ),
            (
                &[
                    "/c",
                    "x.exe --token ghp_bbcdefghijklmnopqrstuvwxyz0123456789",
                ],
                &["/c", "x.exe --token ****"],
            ),
            // quoted values with spaces, operators stuck to a value, a
            // command substitution, a header, JSON inside a line
            (
                &[
                    "-c",
                    "exec wp --password 'abcd EFGH ijkl MNOP' --user admin",
                ],
                &["-c", "exec wp --password '****' --user admin"],
            ),
            (
                &["-c", "WP_PASSWORD='abcd EFGH ijkl MNOP' exec wp"],
                &["-c", "WP_PASSWORD='****' exec wp"],
            ),
            (
                &["/c", "set API_KEY=sk-abcdef1234567890abcdef&& npx -y srv"],
                &["/c", "set API_KEY=****&& npx -y srv"],
            ),
            (
                &[
                    "-c",
                    "exec srv --api-key \"$(cat /home/ann/.srv-key)\" --stdio",
                ],
                &[
                    "-c",
                    "exec srv --api-key \"$(cat /home/ann/.srv-key)\" --stdio",
                ],
            ),
            (
                &[
                    "/c",
                    "npx mcp-remote https://h/mcp --header \"X-API-Key: q7w8e9r0t1y2u3i4\"",
                ],
                &[
                    "/c",
                    "npx mcp-remote https://h/mcp --header \"X-API-Key: ****\"",
                ],
            ),
            (
                &[
                    "--config",
                    r#"{"apiKey":"q7w8e9r0t1y2u3i4o5p6","mode":"fast"}"#,
                ],
                &["--config", r#"{"apiKey":"****","mode":"fast"}"#],
            ),
            // operators stuck to a value, backticks, references
            (
                &["-c", "API_KEY=secretvalue12345&&exec srv"],
                &["-c", "API_KEY=****&&exec srv"],
            ),
            (
                &["-c", "(export TOKEN=abcdef1234567890)&&exec srv"],
                &["-c", "(export TOKEN=****)&&exec srv"],
            ),
            (
                &["-c", "cd /srv&&API_KEY=q7w8e9r0t1y2u3i4 node index.js"],
                &["-c", "cd /srv&&API_KEY=**** node index.js"],
            ),
            (
                &["-c", "exec srv --password=\"abc def 123\"&&true"],
                &["-c", "exec srv --password=\"****\"&&true"],
            ),
            (
                &["-c", "exec srv --api-key `cat /home/ann/.srv-key` --stdio"],
                &["-c", "exec srv --api-key `cat /home/ann/.srv-key` --stdio"],
            ),
            (
                &["-c", "GITHUB_TOKEN=`gh auth token` exec npx -y srv"],
                &["-c", "GITHUB_TOKEN=`gh auth token` exec npx -y srv"],
            ),
            (
                &["-c", "exec srv --password=\"$DB_PASS\" --user admin"],
                &["-c", "exec srv --password=\"$DB_PASS\" --user admin"],
            ),
            (
                &[
                    "-c",
                    "npx mcp-remote https://h/sse --header Authorization:\"Bearer $TOKEN\"",
                ],
                &[
                    "-c",
                    "npx mcp-remote https://h/sse --header Authorization:\"Bearer $TOKEN\"",
                ],
            ),
            // prose is no shell line
            (
                &[
                    "--system-prompt",
                    "Never reveal the --token flag or the password field.",
                ],
                &[
                    "--system-prompt",
                    "Never reveal the --token flag or the password field.",
                ],
            ),
            // a variable named like a secret, passed on
            (
                &["-e", "GITHUB_TOKEN=plainvalue123"],
                &["-e", "GITHUB_TOKEN=****"],
            ),
            (&["--env", "API_KEY=abc123xyz"], &["--env", "API_KEY=****"]),
            (&["MODE=fast"], &["MODE=fast"]),
            (
                &["GITHUB_TOKEN=${GITHUB_TOKEN}"],
                &["GITHUB_TOKEN=${GITHUB_TOKEN}"],
            ),
            (&["--apiKey", "abc123xyz"], &["--apiKey", "****"]),
            (
                &["--client-secret", "s3cr3t!!"],
                &["--client-secret", "****"],
            ),
            (&["--password", "hunter22"], &["--password", "****"]),
            (&["--key", "0b2f-uuid-like"], &["--key", "****"]),
            (
                &["--header", "Authorization: Bearer abc.def.ghi"],
                &["--header", "Authorization: Bearer ****"],
            ),
            (
                &["Authorization:Bearer abcdef"],
                &["Authorization:Bearer ****"],
            ),
            (&["X-API-Key: abcdef123"], &["X-API-Key: ****"]),
            // mcp-proxy's `-H NAME VALUE`: the value of a secret-named header
            (
                &[
                    "-H",
                    "X-Token",
                    "mpTOKEN_abc123xyz789",
                    "--transport",
                    "sse",
                ],
                &["-H", "X-Token", "****", "--transport", "sse"],
            ),
            (
                &["--headers", "Cookie", "session=abc123456"],
                &["--headers", "Cookie", "****"],
            ),
            (
                &["-H", "Accept", "text/plain"],
                &["-H", "Accept", "text/plain"],
            ),
            (
                &["https://mcp.example.com/sse?api_key=abc123&x=1"],
                &["https://mcp.example.com/sse?api_key=****&x=1"],
            ),
            (
                &["https://h.dev/mcp?foo=1&access_token=zzzzzz#top"],
                &["https://h.dev/mcp?foo=1&access_token=****#top"],
            ),
            // names a URL gives a credential and no flag would: an OAuth
            // code, a session's id, a one-time password
            (
                &["https://h.dev/cb?code=4%2F0AVG7fi&state=x&sessionId=s3ss10n&pw=hunter2"],
                &["https://h.dev/cb?code=****&state=x&sessionId=****&pw=****"],
            ),
            (
                &["https://h.dev/mcp?zipcode=12345&country_code=fr"],
                &["https://h.dev/mcp?zipcode=12345&country_code=fr"],
            ),
            (
                &["postgresql://user:p4ssw0rd@db:5432/app"],
                &["postgresql://user:****@db:5432/app"],
            ),
            (&[key], &["****"]),
            (
                &["--openai=sk-proj-abcdefghijklmnopqrstu"],
                &["--openai=****"],
            ),
            (&["ghp_abcdefghijklmnopqrstuvwxyz0123456789"], &["****"]),
        ];
        for (args, want) in cases {
            assert_eq!(masked(args), want.to_vec(), "{args:?}");
        }
    }

    #[test]
    fn what_is_not_a_secret_stays() {
        let cases: &[&[&str]] = &[
            &["-y", "@modelcontextprotocol/server-memory"],
            &["--token", "${GITHUB_TOKEN}"],
            &["--token", "$GITHUB_TOKEN"],
            &["--api-key", "<YOUR_API_KEY>"],
            &["--api-key", "YOUR_API_KEY"],
            &["--api-key", "your-key-here"],
            &["--header", "Authorization:${AUTH_HEADER}"],
            &["--public-key", "/etc/key.pem"],
            &["--key-file", "/etc/key.pem"],
            &["--sort-key", "name"],
            &["--token"],
            &["--token", "--verbose"],
            &["https://example.com/mcp?page=2"],
            &["https://user@example.com/"],
            &["sk-short"],
            &["Content-Type: application/json"],
            &["--db-path", "/Users/a/x.db"],
            &["C:\\Users\\ann\\key"],
            &["mcp/fetch:latest"],
        ];
        for args in cases {
            let want: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            assert_eq!(masked(args), want, "{args:?}");
        }
    }

    #[test]
    fn labels_never_hold_the_secret() {
        let args = [
            "--token",
            "abc123xyz",
            "https://h?api_key=qqqqqq",
            "sk-abcdefghijklmnopqrstuv",
        ];
        let found = in_args(&args);
        let labels: Vec<&str> = found.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["--token", "?api_key=", "sk-..."]);
        assert_eq!(
            values(&args),
            ["abc123xyz", "qqqqqq", "sk-abcdefghijklmnopqrstuv"]
        );
    }

    #[test]
    fn names_split_on_case_and_separators() {
        for n in [
            "api_key",
            "X-API-Key",
            "clientSecret",
            "ACCESS_TOKEN",
            "auth",
            "pat",
        ] {
            assert!(secret_name(n), "{n}");
        }
        for n in [
            "keyboard",
            "tokens-dir",
            "public_key",
            "ssh-key",
            "monkey",
            "path",
        ] {
            assert!(!secret_name(n), "{n}");
        }
    }
}
