//! What the per-server rules said of each entry in earlier checks of the
//! same file, under the same [`LintContext`](super::LintContext): the
//! repair planner checks its text again after every step, and a step
//! changes one or two entries (or none: a trailing comma removed). An
//! entry equal to one seen before, but for where it sits in the text, gets
//! the same diagnostics, moved by as many bytes; any other is checked.
//!
//! Sound because a server's rules are a function of its member (key and
//! value tree) and the context alone: they never read the text around it,
//! and their diagnostics point only into that member.

use std::cell::{Cell, RefCell};

use super::super::ast::{Member, Node, Value};
use super::super::diag::Diagnostic;
use super::super::source::Span;
use crate::text::FastMap;

/// Variants kept per server name (a plan rewrites an entry a few times).
const KEPT_PER_NAME: usize = 4;

/// An entry as checked, and what its rules said.
type Said = (Member, Vec<Diagnostic>);

/// The remembered diagnostics, by server name. One memo belongs to one
/// [`LintContext`](super::LintContext): the caller keeps it with it.
#[derive(Default)]
pub struct Memo {
    seen: RefCell<FastMap<String, Vec<Said>>>,
    hits: Cell<usize>,
}

impl Memo {
    /// What was said of `m` before, moved to where `m` is now.
    pub(super) fn recall(&self, m: &Member) -> Option<Vec<Diagnostic>> {
        let seen = self.seen.borrow();
        let found = seen.get(&m.key)?.iter().find_map(|(old, diags)| {
            let delta = moved_by(old, m)?;
            Some(diags.iter().map(|d| shifted(d, delta)).collect())
        });
        if found.is_some() {
            self.hits.set(self.hits.get() + 1);
        }
        found
    }

    /// Remember what the rules said of `m`.
    pub(super) fn remember(&self, m: &Member, diags: &[Diagnostic]) {
        let mut seen = self.seen.borrow_mut();
        let variants = seen.entry(m.key.clone()).or_default();
        if variants.len() == KEPT_PER_NAME {
            variants.remove(0);
        }
        variants.push((m.clone(), diags.to_vec()));
    }

    /// How many entries were answered from memory (for tests).
    pub fn hits(&self) -> usize {
        self.hits.get()
    }
}

/// By how many bytes `new` sits after `old` (negative: before), when it is
/// the same member in every other respect: keys, values, and the span of
/// every part moved by that one amount.
fn moved_by(old: &Member, new: &Member) -> Option<isize> {
    let delta = offset(new.key_span.start).checked_sub(offset(old.key_span.start))?;
    same_member(old, new, delta).then_some(delta)
}

fn offset(at: usize) -> isize {
    isize::try_from(at).unwrap_or(isize::MAX)
}

fn same_member(a: &Member, b: &Member, delta: isize) -> bool {
    a.key == b.key
        && same_span(a.key_span, b.key_span, delta)
        && same_node(&a.value, &b.value, delta)
}

fn same_span(a: Span, b: Span, delta: isize) -> bool {
    move_span(a, delta) == Some(b)
}

fn same_node(a: &Node, b: &Node, delta: isize) -> bool {
    if !same_span(a.span, b.span, delta) {
        return false;
    }
    match (&a.value, &b.value) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(m, n)| same_member(m, n, delta))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(m, n)| same_node(m, n, delta))
        }
        (Value::String(x), Value::String(y)) | (Value::Number(x), Value::Number(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Null, Value::Null) => true,
        _ => false,
    }
}

fn move_span(s: Span, delta: isize) -> Option<Span> {
    Some(Span::new(
        s.start.checked_add_signed(delta)?,
        s.end.checked_add_signed(delta)?,
    ))
}

/// `d` with every position in it moved by `delta` (the member's spans all
/// moved by it, so none of these fail; one that would is left as it was).
fn shifted(d: &Diagnostic, delta: isize) -> Diagnostic {
    let at = |s: Span| move_span(s, delta).unwrap_or(s);
    let mut d = d.clone();
    d.span = d.span.map(at);
    for r in &mut d.related {
        r.span = at(r.span);
    }
    if let Some(fix) = &mut d.fix {
        for e in &mut fix.edits {
            e.span = at(e.span);
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{LintContext, lint, lint_with};
    use super::*;
    use crate::config::source::Source;
    use crate::config::syntax;
    use crate::platform::Os;

    fn ctx() -> LintContext {
        LintContext {
            os: Os::Linux,
            home: Some("/home/u".into()),
            app_path: "/usr/bin:/bin".into(),
            app_path_label: "the app PATH".into(),
            shell_path: "/usr/bin:/bin".into(),
            cwd: "/".into(),
            here: Some("/home/u/p".into()),
            lookup: None,
            exists: None,
        }
    }

    fn linted(text: &str, memo: Option<&Memo>) -> Vec<Diagnostic> {
        let source = Source::from_text(Path::new("c.json"), text);
        let doc = syntax::parse(&source);
        let root = doc.root.as_ref().expect("a tree");
        match memo {
            Some(m) => lint_with(root, &source, &ctx(), m),
            None => lint(root, &source, &ctx()),
        }
    }

    const ENTRIES: &str = r#""a": {"command": "./run.sh", "args": ["~/data", "--token", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz"], "env": {"K": 1, "home": "${HOME}"}},
    "b": {"command": "npx -y @scope/pkg", "args": ["C:\path\x"]},
    "c": {"command": "mcp-remote", "args": ["http://example.com/mcp", "--header=Authorization: Bearer x"]}"#;

    #[test]
    fn an_entry_that_only_moved_gets_what_a_fresh_check_says() {
        let memo = Memo::default();
        let first = format!("{{\"mcpServers\": {{\n    {ENTRIES}\n}}}}");
        assert_eq!(linted(&first, Some(&memo)), linted(&first, None));
        assert_eq!(memo.hits(), 0);
        // the same entries further down (a key above them), and further up
        for moved in [
            format!("{{\"x\": [1, 2, 3],\n  \"mcpServers\": {{\n    {ENTRIES}\n}}}}"),
            format!("{{\"mcpServers\":{{{ENTRIES}}}}}"),
        ] {
            let before = memo.hits();
            let remembered = linted(&moved, Some(&memo));
            assert!(!remembered.is_empty());
            assert_eq!(remembered, linted(&moved, None), "{moved}");
            assert_eq!(memo.hits() - before, 3, "every entry answered from memory");
        }
    }

    #[test]
    fn a_changed_entry_is_checked_again() {
        let memo = Memo::default();
        let text = format!("{{\"mcpServers\": {{{ENTRIES}}}}}");
        linted(&text, Some(&memo));
        // one value changed, one space inside an entry, one key renamed
        for changed in [
            text.replace("./run.sh", "./run.py"),
            text.replace("\"args\": [\"C:", "\"args\":  [\"C:"),
            text.replace("\"b\":", "\"d\":"),
        ] {
            let before = memo.hits();
            assert_eq!(linted(&changed, Some(&memo)), linted(&changed, None));
            assert_eq!(memo.hits() - before, 2, "{changed}");
        }
    }
}
