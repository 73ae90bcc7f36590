//! The secrets of a config file, for the output layer ([`crate::secrets`]):
//! what the file holds (env and header values, secrets in args, each as
//! written and as decoded: [`super::model`]) and what its remote entries
//! send, which the file may not spell out (a bridge's header filled from a
//! variable, [`super::remote`]).

use super::ast::Node;
use super::model;

/// Everything to mask of the file whose parse is `root` (and `extra`, the
/// values after the first), written as `text`.
pub fn of(root: Option<&Node>, extra: &[Node], text: &str) -> crate::secrets::Secrets {
    let mut set = model::secrets(root, extra, text);
    let mut added = false;
    let members = || {
        root.into_iter()
            .chain(extra)
            .filter_map(|n| n.get(model::SERVERS_KEY).and_then(Node::as_object))
            .flatten()
    };
    for m in members() {
        // (a bridge names its URL in args, or a variable holding it: an
        // entry with neither is not read as a bridge, which costs a look
        // at every word)
        let names_url = m
            .value
            .get("args")
            .and_then(Node::as_array)
            .is_some_and(|a| {
                a.iter()
                    .filter_map(Node::as_str)
                    .any(|a| a.contains("://") || a.contains("${"))
            });
        if !names_url {
            continue;
        }
        let entry = model::ServerEntry::from_member(m);
        // a bridge's `--header "Authorization: Bearer ${TOKEN}"` sends the
        // variable's value under the header's name: masked by that name
        // (`TOKEN` alone may not name a secret); one the env leaves
        // unfilled, `Bearer ${TOKEN}`, is shown as written (the warning
        // about it quotes it)
        for (k, v) in super::remote::of(&entry)
            .map(|r| r.resolved_headers(&entry.env))
            .unwrap_or_default()
        {
            if !v.contains("${") {
                set.add_header(&k, &v);
                added = true;
            }
        }
    }
    // a plain value that is also a server's name stays visible there
    if added {
        for m in members() {
            set.keep_quoted_visible(&m.key);
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bridge's header filled from a variable the entry's `env` sets is
    /// masked by the header's name, as the same header given to
    /// `test-launch --url -H` is: a server echoing it shows `****`.
    #[test]
    fn a_bridge_header_from_a_variable_is_masked_by_the_header_name() {
        let text = r#"{"mcpServers": {
            "a": {"command": "npx", "args": ["-y", "mcp-remote", "http://127.0.0.1:9/mcp",
                  "--header", "Authorization:${HDR}"], "env": {"HDR": "Bearer shortish"}},
            "b": {"command": "npx", "args": ["-y", "mcp-remote", "http://127.0.0.1:9/mcp",
                  "--header", "X-API-Key:${K}"], "env": {"K": "plainword"}}
        }}"#;
        let doc =
            crate::config::syntax::parse(&crate::config::source::Source::from_text("c.json", text));
        let set = of(doc.root.as_ref(), &[], text);
        assert_eq!(
            set.mask("auth=Bearer shortish; upstream said: None plainword"),
            "auth=****; upstream said: None ****"
        );
    }
}
