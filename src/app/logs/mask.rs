//! Masking secrets in lines quoted from the logs. The command layer passes
//! the config's env values (the app logs args, and servers echo their
//! environment to stderr, so a token can land in any line); each is
//! replaced by `****` (the mask `mcpctl list` shows) unless the user asked
//! for `--show-secrets`.
//!
//! The masking itself is `crate::secrets`, the function the output layer
//! applies to everything mcpctl writes; this file says which values and
//! which texts of a session. A value is found as written and as the logs
//! escape it: in a JSON string
//! (2025 message bodies) and in a single-quoted inspect string (`args`,
//! `paths`), where a backslash is doubled. Values shorter than
//! [`MIN_ANYWHERE`] (`1`, `true`, `info`) are masked only as a whole quoted
//! string, or they would eat every `[info]` of the log.

use std::borrow::Cow;

/// Shortest value masked wherever it appears.
pub const MIN_ANYWHERE: usize = 6;

pub use crate::secrets::MASK;

/// Replace every secret in `line` by [`MASK`], through the one masking
/// function (`crate::secrets`), each value hunted by its length
/// ([`MIN_ANYWHERE`]).
pub fn mask_secrets<'a, S: AsRef<str>>(line: &'a str, secrets: &[S]) -> Cow<'a, str> {
    masker(secrets).mask(line)
}

/// How many sets of secrets [`masker`] keeps built.
const KEPT: usize = 4;

thread_local! {
    /// The masking sets built lately, with the values each was built from:
    /// building one (its Aho-Corasick automaton) costs far more than a
    /// line, and a run masks thousands of lines with one set.
    static BUILT: std::cell::RefCell<Vec<(Vec<String>, std::rc::Rc<crate::secrets::Secrets>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The masking set for `secrets`, built once per list of values.
fn masker<S: AsRef<str>>(secrets: &[S]) -> std::rc::Rc<crate::secrets::Secrets> {
    let same = |k: &[String]| {
        k.len() == secrets.len() && k.iter().zip(secrets).all(|(a, b)| a == b.as_ref())
    };
    BUILT.with(|built| {
        let mut built = built.borrow_mut();
        if let Some((_, set)) = built.iter().find(|(k, _)| same(k)) {
            return std::rc::Rc::clone(set);
        }
        let mut set = crate::secrets::Secrets::none();
        set.add_pattern(crate::secrets::in_free_text);
        for v in secrets {
            set.add_unnamed(v.as_ref(), MIN_ANYWHERE);
        }
        let set = std::rc::Rc::new(set);
        if built.len() == KEPT {
            built.remove(0);
        }
        let key = secrets.iter().map(|v| v.as_ref().to_string()).collect();
        built.push((key, std::rc::Rc::clone(&set)));
        set
    })
}

/// The secrets in the commands the app logged running: what `list` would
/// mask in their args (`--api-key X`, a URL's password, a known token),
/// though the config may no longer hold them (rotated, moved, another
/// config), so they are masked in every line quoted.
pub fn logged_secrets(sessions: &[super::Session]) -> Vec<String> {
    let mut v: Vec<String> = sessions
        .iter()
        .flat_map(|s| {
            s.command
                .iter()
                .chain(s.events.iter().filter_map(|e| match &e.event {
                    super::Event::Command(c) => Some(c),
                    _ => None,
                }))
        })
        .flat_map(|c| crate::secrets::values(&c.args))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Mask every quoted text of a session in place: its events, stderr
/// lines, the logged command, args and PATH entries, the era verdict,
/// the lanes' reasons and the schema refusals.
pub fn mask_session<S: AsRef<str>>(s: &mut super::Session, secrets: &[S]) {
    let m = |t: &mut String| mask_in_place(t, secrets);
    for e in &mut s.events {
        mask_entry(e, secrets);
    }
    s.stderr_tail.iter_mut().for_each(m);
    if let Some(c) = &mut s.command {
        mask_command(c, secrets);
    }
    for r in &mut s.tool_schema_refusals {
        m(&mut r.detail);
        r.tool.iter_mut().for_each(m);
    }
    if let Some(era) = &mut s.era {
        m(&mut era.verdict);
        m(&mut era.reason);
    }
    for lane in [&mut s.lanes.chat, &mut s.lanes.cowork] {
        lane.reason.iter_mut().for_each(m);
    }
}

/// Mask every text of one entry in place. A launch command's own secrets
/// (by rule, as `list` finds them) are masked in its line too, so a line
/// read by `--follow` after the report needs nothing more.
pub fn mask_entry<S: AsRef<str>>(e: &mut super::Entry, secrets: &[S]) {
    let mut own: Vec<String> = secrets.iter().map(|s| s.as_ref().to_string()).collect();
    if let super::Event::Command(c) = &mut e.event {
        own.extend(crate::secrets::values(&c.args));
        mask_command(c, &own);
    }
    for t in e.texts_mut() {
        mask_in_place(t, &own);
    }
}

fn mask_in_place<S: AsRef<str>>(t: &mut String, secrets: &[S]) {
    if let Cow::Owned(v) = mask_secrets(t, secrets) {
        *t = v;
    }
}

/// Args and PATH entries are whole values: masked when one contains a
/// secret; the args also by rule, as `list` masks them.
fn mask_command<S: AsRef<str>>(c: &mut super::LaunchCommand, secrets: &[S]) {
    c.args = crate::secrets::mask_args(&c.args);
    for v in std::iter::once(&mut c.command)
        .chain(c.args.iter_mut())
        .chain(c.path.iter_mut())
    {
        let quoted = format!("'{v}'");
        if let Cow::Owned(masked) = mask_secrets(&quoted, secrets) {
            *v = masked.trim_matches('\'').to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked_wherever_they_appear() {
        let line = "Using MCP server command: npx with args and path: { metadata: { args: [ '--token', 'ghp_abc123XYZ' ] } }";
        assert_eq!(
            mask_secrets(line, &["ghp_abc123XYZ"]),
            "Using MCP server command: npx with args and path: { metadata: { args: [ '--token', '****' ] } }"
        );
        // stderr echoing it unquoted
        assert_eq!(
            mask_secrets("auth with ghp_abc123XYZ failed", &["ghp_abc123XYZ"]),
            "auth with **** failed"
        );
    }

    #[test]
    fn escaped_forms_are_masked_too() {
        let secret = r"C:\keys\pa'ss";
        let inspect = r"args: [ 'C:\\keys\\pa\'ss' ]";
        assert_eq!(mask_secrets(inspect, &[secret]), "args: [ '****' ]");
        let json = r#"{"env":{"K":"C:\\keys\\pa'ss"}}"#;
        assert_eq!(mask_secrets(json, &[secret]), r#"{"env":{"K":"****"}}"#);
    }

    #[test]
    fn short_values_only_as_whole_quoted_strings() {
        let line = "[info] [s] args: [ 'info', \"1\" ] info=1";
        assert_eq!(
            mask_secrets(line, &["info", "1"]),
            "[info] [s] args: [ '****', \"****\" ] info=1"
        );
    }

    #[test]
    fn nothing_to_mask_borrows() {
        assert!(matches!(
            mask_secrets("plain", &["secret-value"]),
            Cow::Borrowed(_)
        ));
        assert!(matches!(mask_secrets("plain", &[""]), Cow::Borrowed(_)));
    }

    #[test]
    fn a_secret_holding_another_is_masked_whole() {
        assert_eq!(
            mask_secrets("k=abcdefgh-long", &["abcdefgh", "abcdefgh-long"]),
            "k=****"
        );
    }
}
