//! Unified diffs of config changes, for `--dry-run`, confirmations and
//! `--json` (`similar` does the diffing); `report::text::diff` colours
//! them. Secrets are masked *before*
//! diffing: every string under an `env` or `headers` object, and every
//! secret inside `args` (`--token X`, `?api_key=X`), is shown as `****`
//! unless the user asked for `--show-secrets`, so a diff never leaks an
//! API key, not even in a changed line.

use similar::{ChangeTag, TextDiff};

use crate::config::model::{mask, secret_spans};
use crate::config::source::Source;
use crate::config::syntax;

/// A diff ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// Plain unified diff (no colour); empty when nothing visible changes.
    pub text: String,
    /// True when the texts differ but only in masked values.
    pub only_hidden_changes: bool,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Diff `old` → `new` (whole file texts) for `label` (the file path).
/// `old_exists` false labels the old side `/dev/null`.
pub fn config_diff(
    old: &str,
    new: &str,
    label: &str,
    old_exists: bool,
    show_secrets: bool,
) -> Diff {
    let (old_shown, new_shown) = if show_secrets {
        (old.to_string(), new.to_string())
    } else {
        (mask_secrets(old), mask_secrets(new))
    };
    let text = unified(&old_shown, &new_shown, label, old_exists);
    Diff {
        only_hidden_changes: text.is_empty() && old != new,
        text,
    }
}

/// A plain unified diff with 3 lines of context. Line endings are shown
/// without their `\r`.
pub fn unified(old: &str, new: &str, label: &str, old_exists: bool) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let mut out = String::new();
    let old_label = if old_exists {
        format!("{label} (now)")
    } else {
        "/dev/null".to_string()
    };
    out.push_str(&format!("--- {old_label}\n+++ {label} (new)\n"));
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&format!("{}\n", hunk.header()));
        for change in hunk.iter_changes() {
            let sign = match change.tag() {
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
                ChangeTag::Equal => ' ',
            };
            let value = change.value();
            out.push(sign);
            out.push_str(value.trim_end_matches(['\n', '\r']));
            out.push('\n');
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// The text with every value inside an `env`/`headers` object or array
/// (in every top-level value, whatever its type) replaced by a masked
/// placeholder, quotes kept. Spans come from the tolerant parser, so this
/// works on broken files too.
pub fn mask_secrets(text: &str) -> String {
    let doc = syntax::parse(&Source::from_text("", text));
    let spans = secret_spans(doc.root.as_ref(), &doc.extra_values, text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        let (Some(before), Some(value)) = (text.get(at..s.start), text.get(s.start..s.end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str(&mask(value));
        at = s.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unified_marks_changes_and_missing_newline() {
        let d = unified("a\nb\n", "a\nc", "x.json", true);
        assert_eq!(
            d,
            "--- x.json (now)\n+++ x.json (new)\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n\\ No newline at end of file\n"
        );
        assert_eq!(unified("same", "same", "x", true), "");
        assert!(unified("", "{}\n", "x", false).starts_with("--- /dev/null\n"));
    }

    #[test]
    fn crlf_is_not_shown() {
        let d = unified("a\r\nb\r\n", "a\r\nc\r\n", "x", true);
        assert!(!d.contains('\r'));
    }

    /// A password in another client's `auth` object is masked like an env
    /// value; the name beside it is not.
    #[test]
    fn a_value_named_a_secret_is_masked_anywhere() {
        let text = r#"{"mcpServers": {"r": {"url": "https://h/mcp", "auth": {"username": "ann", "password": "Tr0ub4dor-3"}}}}"#;
        let shown = mask_secrets(text);
        assert!(!shown.contains("Tr0ub4dor"), "{shown}");
        assert!(shown.contains(r#""username": "ann""#), "{shown}");
        // lists of keys, a passphrase; not an entry's own settings named
        // with secret-ish words (`"auth": "github"`, `authProviderType`)
        let text = r#"{"mcpServers": {"github": {"command": "x", "auth": "github",
            "authProviderType": "google_credentials", "tokenUrl": "https://h/token",
            "apiKeys": ["k-9f8e7d6c5b4a"], "passphrase": "correct-horse-battery"}}}"#;
        let shown = mask_secrets(text);
        for hidden in ["k-9f8e7d6c5b4a", "correct-horse-battery"] {
            assert!(!shown.contains(hidden), "{shown}");
        }
        for kept in [
            r#""auth": "github""#,
            "google_credentials",
            "https://h/token",
        ] {
            assert!(shown.contains(kept), "{kept}: {shown}");
        }
    }

    #[test]
    fn secrets_are_masked_before_diffing() {
        let old =
            "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": {\"TOKEN\": \"sk-old\"}}}}";
        let new =
            "{\"mcpServers\": {\"a\": {\"command\": \"x\", \"env\": {\"TOKEN\": \"sk-new\"}}}}";
        let d = config_diff(old, new, "c.json", true, false);
        assert!(d.is_empty() && d.only_hidden_changes);
        assert!(
            crate::report::text::diff::render(&d, crate::report::style::Style::plain())
                .contains("--show-secrets")
        );
        let shown = config_diff(old, new, "c.json", true, true);
        assert!(shown.text.contains("sk-new"));
        let masked = mask_secrets(new);
        assert!(!masked.contains("sk-new") && masked.contains("\"TOKEN\": \"****\""));
        assert!(masked.contains("\"command\": \"x\""), "{masked}");
    }

    #[test]
    fn secrets_in_args_are_masked_before_diffing() {
        let text = r#"{"mcpServers": {"a": {"command": "x", "args": ["--token", "abc123xyz", "--api-key=qqqqqq", "https://h/sse?api_key=zzzzzz&v=1", "Authorization: Bearer tttttt", "-y"]}}}"#;
        let masked = mask_secrets(text);
        for secret in ["abc123xyz", "qqqqqq", "zzzzzz", "tttttt"] {
            assert!(!masked.contains(secret), "{masked}");
        }
        assert!(
            masked.contains(r#"["--token", "****", "--api-key=****", "https://h/sse?api_key=****&v=1", "Authorization: Bearer ****", "-y"]"#),
            "{masked}"
        );
    }
}
