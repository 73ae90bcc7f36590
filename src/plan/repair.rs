//! The repair planner behind `doctor --fix`: from a config's text to the
//! new text and the list of changes, making only the repairs that cannot
//! change what the user meant. In order:
//!
//! 1. every diagnostic's own mechanical fix (trailing commas, comments, a
//!    BOM, curly quotes, `servers` → `mcpServers`, `~` written out, ...),
//!    re-checking after each round until none is left;
//! 2. relative paths in `command`/`args` made absolute, but only when the
//!    path exists relative to the current folder (the config's folder is not
//!    what the user meant either); otherwise listed for a manual fix;
//! 3. a remote server pasted as a url entry (which the app skips) becomes
//!    what the user chose ([`RemoteFix`]): an `mcp-remote` bridge entry
//!    (the default, and `--yes`'s), headers turned into `--header`
//!    arguments with secret values moved to `env` as `${VAR}`, which
//!    mcp-remote expands; or it is removed, to be added as a Connector
//!    (the URL is in the change's description). A url only this machine
//!    or its network can reach (localhost, a private address, `.local`, a
//!    single-label name) is always bridged: a Connector cannot reach it;
//! 4. the machine's suggestions: a bare command found only on the shell's
//!    PATH becomes its absolute path; where a version manager is involved,
//!    the shell's Node/Python is pinned (the binary itself, or its folder
//!    first on the entry's `env.PATH`).
//!
//! Structural edits go through `config::edit` on a freshly parsed tree, so
//! the rest of the file stays byte for byte. Pure: the machine is injected.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde_json::Value as Json;

use crate::codes::Code;
use crate::config::ast::{Node, Value};
use crate::config::diag::{Diagnostic, Severity, SpanSet, TextEdit, apply_fixes, overlaps};
use crate::config::edit;
use crate::config::lint::{self, LintContext};
use crate::config::load;
use crate::config::model::{self, SERVERS_KEY};
use crate::config::remote;
use crate::config::source::{Source, Span};
use crate::config::syntax;
use crate::machine::servers::{self, Suggestion};
use crate::machine::{Level, System, ToolReport};
use crate::platform::{HostEnv, Os};
use crate::text::{FastMap, FastSet};

/// Rounds of "apply every fix, re-check" before giving up (a fix may
/// uncover another problem, e.g. a comment hiding a trailing comma).
const MAX_ROUNDS: usize = 8;

/// One change the plan makes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Change {
    /// The diagnostic or finding it repairs (e.g. `trailing-comma`,
    /// `relative-arg`, `node-version-mismatch`).
    pub code: Code,
    /// The server it concerns, when it concerns one.
    pub server: Option<String>,
    pub description: String,
}

/// A problem the plan leaves for the user, with how to fix it by hand.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Manual {
    pub code: Code,
    pub server: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Plan {
    /// The text as read.
    #[serde(skip)]
    pub original: String,
    /// The repaired text (equal to `original` when nothing is repaired).
    #[serde(skip)]
    pub text: String,
    pub changes: Vec<Change>,
    pub manual: Vec<Manual>,
    /// The new text is strict JSON, so it may be written (the write path
    /// never writes a file the app cannot parse: the remaining syntax errors
    /// are in `manual`).
    pub writable: bool,
    /// The url entries found, each with the fix chosen for it.
    pub remote: Vec<RemoteChoice>,
    /// The errors of the entries the plan moved into `mcpServers`
    /// (`revealed` says which): for the write to count as the file's own.
    #[serde(skip)]
    pub revealed: Vec<Diagnostic>,
}

/// What to make of a url entry (the app skips it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemoteFix {
    /// An `mcp-remote` stdio bridge entry (the default).
    Bridge,
    /// Remove it, to add it in the app as a Connector.
    Connector,
    /// Leave it as it is (listed for a manual fix).
    Leave,
}

/// A url entry and what the plan does with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RemoteChoice {
    pub server: String,
    pub url: String,
    /// Only this machine can reach the host: a Connector cannot.
    pub private_host: bool,
    pub chosen: RemoteFix,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.text == self.original
    }
}

/// What the planner may know about the machine (from doctor's survey).
pub struct MachineView<'a> {
    pub host: &'a HostEnv,
    pub sys: &'a dyn System,
    pub tools: &'a [ToolReport],
    pub app_path: &'a str,
    /// Entries the survey analysed already, under these `tools` and
    /// `app_path`, with what it found: an entry the plan has not changed
    /// is not analysed again.
    pub analysed: &'a Analysed<'a>,
}

/// What the survey found for each server, by name (the app runs one entry
/// per name), with the entry it analysed.
pub type Analysed<'a> =
    crate::text::FastMap<&'a str, (&'a model::ServerEntry, &'a servers::ServerFacts)>;

/// What is already known of the text as it is: the load's parse and
/// diagnostics (under the same [`LintContext`]), so planning does not
/// check the file once more.
pub struct Known<'a> {
    pub doc: &'a syntax::Document,
    pub diagnostics: &'a [Diagnostic],
    /// What lint said of each entry in that check (`load_remembering`),
    /// when it was kept: planning's checks of changed texts reuse it.
    pub memo: Option<&'a lint::Memo>,
}

/// Plan the repairs for `source`; `choose(server)` says what to make of
/// each url entry; `known`, when given, is what the load already found in
/// `source` (so it is not checked again).
pub fn plan_with(
    source: &Source,
    lint_ctx: &LintContext,
    machine: &MachineView,
    choose: &dyn Fn(&str) -> RemoteFix,
    known: Option<Known>,
) -> Plan {
    let mut p = Plan {
        original: source.text.clone(),
        text: source.text.clone(),
        changes: Vec::new(),
        manual: Vec::new(),
        writable: false,
        remote: Vec::new(),
        revealed: Vec::new(),
    };
    if !source.is_exact_text() {
        p.manual.push(Manual {
            code: Code::InvalidUtf8,
            server: None,
            message: "the file is not valid UTF-8, so mcpctl will not edit it".into(),
            hint: Some(
                "save it as UTF-8 in your editor, then run `mcpctl doctor --fix` again".into(),
            ),
        });
        return p;
    }
    let own = lint::Memo::default();
    let memo = known.as_ref().and_then(|k| k.memo).unwrap_or(&own);
    let checker = Checker::new(&source.path, lint_ctx, memo);
    if let Some(k) = known {
        checker.seed(source, k);
    }
    // (the file's own errors: what a repair uncovers is told from them)
    let errors_before = checker.errors(&p.original);
    apply_diagnostic_fixes(&checker, &mut p);
    p.writable = checker.check(&p.text).1.is_strict_json();
    if !p.writable {
        // a plan whose result the app cannot parse is not offered at all:
        // every problem of the file as it is goes to the user
        p.text = p.original.clone();
        p.changes.clear();
        p.manual = leftovers(&checker, &p.text, machine, true);
        return p;
    }
    fix_remote_entries(&checker, machine.host.os, choose, &mut p);
    absolutize_relative_paths(&checker, machine, &mut p);
    apply_suggestions(&checker, machine, &mut p);
    let mut manual = leftovers(&checker, &p.text, machine, false);
    // a url entry left as it is for being marked disabled: its own words
    // replace the diagnostic's (whose hint offers the bridge)
    let kept: Vec<Manual> = p
        .manual
        .extract_if(.., |m| m.code == Code::RemoteServer)
        .collect();
    for k in kept {
        match manual
            .iter_mut()
            .find(|m| m.code == Code::RemoteServer && m.server == k.server)
        {
            Some(m) => *m = k,
            None => manual.push(k),
        }
    }
    manual.append(&mut p.manual);
    p.manual = manual;
    p.revealed = revealed(&checker, &p);
    // errors a repair uncovered, which another error kept quiet (no-script
    // once escaped-path's command is a path again): the file's own, in the
    // to-do list, not the plan's doing: the write must not refuse it for them
    if !p.changes.is_empty() {
        let after = checker.errors(&p.text);
        for d in crate::config::write::introduced(&errors_before, after, |_| false) {
            if !p.revealed.contains(&d) {
                p.revealed.push(d);
            }
        }
    }
    p
}

/// The errors of the entries the plan moved into `mcpServers` from where
/// the app never looked (`servers`, the top level, a pasted block): they
/// were in the file, out of sight, and moving them is what the user meant;
/// a name `mcpServers` did not hold before is such an entry. They stay in
/// the to-do list; the write counts them as the file's own, so the move is
/// not refused for them.
fn revealed(checker: &Checker, p: &Plan) -> Vec<Diagnostic> {
    let moved = p.changes.iter().any(|c| {
        matches!(
            c.code,
            Code::ServersKey | Code::MisplacedServer | Code::NestedServers
        )
    });
    if !moved {
        return Vec::new();
    }
    let before: Vec<String> = checker
        .with_root(&p.original, |root| {
            model::servers(root).into_iter().map(|e| e.name).collect()
        })
        .unwrap_or_default();
    let checked = checker.check(&p.text);
    let (_, doc, diags) = &*checked;
    let Some(root) = doc.root.as_ref() else {
        return Vec::new();
    };
    let spans: Vec<Span> = model::servers(root)
        .into_iter()
        .filter(|e| !before.contains(&e.name))
        .map(|e| e.span)
        .collect();
    diags
        .iter()
        .filter(|d| d.is_error())
        .filter(|d| {
            d.span
                .is_some_and(|at| spans.iter().any(|e| e.start <= at.start && at.end <= e.end))
        })
        .cloned()
        .collect()
}

/// Step 3: each url entry becomes a bridge entry or is removed, as chosen.
/// Every choice is asked first, in order; then the bridges are written on
/// one parse of the text when they can be (a config of thousands of url
/// entries re-parsed once per entry was quadratic), else one by one.
fn fix_remote_entries(checker: &Checker, os: Os, choose: &dyn Fn(&str) -> RemoteFix, p: &mut Plan) {
    let checked = checker.check(&p.text);
    let Some(root) = checked.1.root.as_ref() else {
        return;
    };
    let entries: Vec<(String, remote::Remote, Node)> = model::into_effective(model::servers(root))
        .into_iter()
        .filter(|e| e.command.as_deref().is_none_or(|c| c.trim().is_empty()))
        .filter_map(|e| remote::url_entry(&e.node).map(|r| (e.name.clone(), r, e.node.clone())))
        .collect();
    let mut steps: Vec<RemoteStep> = Vec::new();
    for (name, r, node) in entries {
        // the app skips it now; as a bridge it would start it, `disabled`
        // or not (the app ignores that key): not this plan's to decide
        let off = match node.get("disabled").map(|d| &d.value) {
            Some(Value::Bool(b)) => *b,
            // "true", "yes", "1": meant as off just the same
            Some(Value::String(t)) => matches!(
                t.trim().to_ascii_lowercase().as_str(),
                "true" | "yes" | "1" | "on"
            ),
            Some(Value::Number(n)) => n.trim() == "1",
            _ => false,
        };
        if off {
            steps.push(RemoteStep::Off(Manual {
                code: Code::RemoteServer,
                server: Some(name.clone()),
                message: format!(
                    "server `{name}` is a url entry marked \"disabled\"; turned into a bridge \
entry it would start, since Claude Desktop ignores `disabled`"
                ),
                hint: Some(format!(
                    "to keep it off, leave it as it is or remove it; to use it, delete \
\"disabled\" and run `mcpctl doctor --fix` again (then `mcpctl disable {name}` turns it off the way \
the app honours)"
                )),
            }));
            continue;
        }
        // only this machine (or its network) can reach the host: a
        // Connector, which connects from Anthropic's cloud, cannot, so the
        // bridge is the one way (not asked)
        let private_host = crate::urls::is_private_host(&r.url);
        let chosen = if private_host {
            RemoteFix::Bridge
        } else {
            choose(&name)
        };
        p.remote.push(RemoteChoice {
            server: name.clone(),
            url: r.url.clone(),
            private_host,
            chosen,
        });
        match chosen {
            RemoteFix::Leave => {}
            RemoteFix::Connector => steps.push(RemoteStep::Connector { name, r }),
            RemoteFix::Bridge => {
                let b = bridge_entry(os, &r, &node);
                steps.push(RemoteStep::Bridge { name, node, b });
            }
        }
    }
    let at_once = bridges_at_once(checker, &p.text, &steps).map(|(next, made)| {
        p.text = next;
        made
    });
    for (i, step) in steps.into_iter().enumerate() {
        let done = match &at_once {
            Some(made) => made[i],
            None => match &step {
                RemoteStep::Off(_) => false,
                RemoteStep::Connector { name, .. } => rewrite(checker, &mut p.text, |t, root| {
                    edit::remove_server(t, Some(root), name)
                }),
                RemoteStep::Bridge { name, b, .. } => rewrite(checker, &mut p.text, |t, root| {
                    edit::replace_server(t, Some(root), name, &b.entry)
                }),
            },
        };
        match step {
            RemoteStep::Off(m) => p.manual.push(m),
            _ if !done => {}
            RemoteStep::Connector { name, r } => {
                let mut d = format!(
                    "removed it: add {} in Claude Desktop as a Connector (Settings → Connectors → \
Add custom connector); the app signs in there",
                    r.url
                );
                if !r.headers.is_empty() {
                    let names: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
                    d.push_str(&format!(
                        "; its headers ({}) went with it: a Connector sends no headers of yours \
(the backup keeps them)",
                        names.join(", ")
                    ));
                }
                p.changes.push(Change {
                    code: Code::RemoteServer,
                    server: Some(name),
                    description: d,
                });
            }
            RemoteStep::Bridge { name, node, b } => {
                let description = bridged(&name, &node, &b, &mut p.manual);
                p.changes.push(Change {
                    code: Code::RemoteServer,
                    server: Some(name),
                    description,
                });
            }
        }
    }
}

/// `text` replaced by what `edit` makes of it (on its parse); whether it
/// was (a text that does not parse, or an edit that fails, stays).
fn rewrite(
    checker: &Checker,
    text: &mut String,
    edit: impl FnOnce(&str, &Node) -> Result<String, edit::EditError>,
) -> bool {
    match checker.with_root(text, |root| edit(text, root)) {
        Some(Ok(next)) => {
            *text = next;
            true
        }
        _ => false,
    }
}

/// What [`fix_remote_entries`] does with one url entry, decided before
/// the text changes.
enum RemoteStep {
    /// Marked disabled: left, with this to-do.
    Off(Manual),
    /// Removed, to be added as a Connector.
    Connector { name: String, r: remote::Remote },
    /// Replaced by this bridge entry.
    Bridge {
        name: String,
        node: Node,
        b: Bridged,
    },
}

/// Every bridge of `steps` written on one parse of `text`: the new text,
/// and for each step whether it was made. `None` when they must go one
/// by one: a Connector's removal among them (removals share commas), or a
/// bridged name written twice (its earlier copies go too).
fn bridges_at_once(
    checker: &Checker,
    text: &str,
    steps: &[RemoteStep],
) -> Option<(String, Vec<bool>)> {
    if steps
        .iter()
        .any(|s| matches!(s, RemoteStep::Connector { .. }))
    {
        return None;
    }
    if !steps.iter().any(|s| matches!(s, RemoteStep::Bridge { .. })) {
        return Some((text.to_string(), vec![false; steps.len()]));
    }
    checker.with_root(text, |root| {
        let servers = root.get(SERVERS_KEY)?;
        let members = servers.as_object()?;
        let mut written: FastMap<&str, Option<&crate::config::ast::Member>> = FastMap::default();
        for m in members {
            written
                .entry(m.key.as_str())
                .and_modify(|once| *once = None)
                .or_insert(Some(m));
        }
        let layout = edit::detect_layout(text, Some(root));
        let multiline = text
            .get(servers.span.start..servers.span.end)
            .is_some_and(|t| t.contains('\n'));
        let mut edits = Vec::new();
        let mut made = Vec::with_capacity(steps.len());
        for step in steps {
            let RemoteStep::Bridge { name, b, .. } = step else {
                made.push(false);
                continue;
            };
            let member = (*written.get(name.as_str())?)?;
            edits.push(edit::replace_value(
                text, member, &b.entry, &layout, multiline,
            ));
            made.push(true);
        }
        Some((edit::apply(text, &edits).ok()?, made))
    })?
}

/// The description of a bridge made of url entry `name` (its node as it
/// was), and the to-dos it leaves (a placeholder moved to env).
fn bridged(name: &str, node: &Node, b: &Bridged, manual: &mut Vec<Manual>) -> String {
    let mut d = format!(
        "turned into an mcp-remote bridge entry (npx -y mcp-remote {}): Claude Desktop \
skips url entries",
        b.url
    );
    if b.basic {
        d.push_str(
            "; the URL's user and password became an Authorization: Basic header \
(Node's fetch refuses a URL with credentials)",
        );
    }
    if let Some(stray) = stray_args(node) {
        d.push_str(&format!(
            "; its args ({stray}) were left out: a bridge's args are mcp-remote's \
(the backup keeps them)"
        ));
    }
    if b.dropped_credentials {
        d.push_str(
            "; the URL's user and password were left out (Node's fetch refuses a URL \
with credentials): the entry's own Authorization header is what is sent (the backup keeps them)",
        );
    }
    for m in &b.moved {
        let (header, var) = (&m.header, &m.var);
        d.push_str(&format!(
            "; header `{header}` sent with --header, its value moved to env.{var} \
(mcp-remote expands ${{{var}}})"
        ));
        if m.placeholder {
            manual.push(Manual {
                code: Code::Placeholder,
                server: Some(name.to_string()),
                message: format!(
                    "env.{var} of server `{name}` holds a placeholder copied from \
another client's config"
                ),
                hint: Some(format!("put the real value of `{header}` there")),
            });
        }
    }
    d
}

/// Header names whose values are secrets.
/// `X-Api-Key` -> `X_API_KEY`, not clashing with `taken`.
fn env_name(header: &str, taken: &[String]) -> String {
    let base: String = header
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    let base = if base.is_empty() {
        "HEADER".to_string()
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// The bridge entry for a url entry, and which headers went to `env`
/// under which variable. Other keys of the entry are kept; the remote
/// ones go. No space after the colon in `--header`: the app on Windows
/// does not quote arguments, and mcp-remote's docs advise `Name:${VAR}`.
/// A pasted entry (`add-json --bridge`) as a bridge entry, when it is a
/// url entry: the entry, and which header went to which env variable.
pub fn bridge_of(os: Os, entry: &Json) -> Option<(Json, Vec<(String, String)>)> {
    let text = entry.to_string();
    let doc = syntax::parse(&crate::config::source::Source::from_text("", &text));
    let node = doc.root.as_ref()?;
    if node.get("command").is_some() {
        return None;
    }
    let r = remote::url_entry(node)?;
    let b = bridge_entry(os, &r, node);
    let moved = b.moved.into_iter().map(|m| (m.header, m.var)).collect();
    Some((b.entry, moved))
}

/// A url entry as a bridge entry, and what moved where.
struct Bridged {
    entry: Json,
    /// The URL the bridge is given (its credentials taken out).
    url: String,
    /// The URL's credentials became an `Authorization: Basic` header.
    basic: bool,
    /// The URL's credentials were left out: the entry's own
    /// `Authorization` header is what the bridge sends.
    dropped_credentials: bool,
    moved: Vec<MovedHeader>,
}

/// A header whose value went to `env.var`.
struct MovedHeader {
    header: String,
    var: String,
    /// The value still holds a `${VAR}` the entry's env does not set
    /// (another client's placeholder): nothing will expand it there.
    placeholder: bool,
}

fn bridge_entry(os: Os, r: &remote::Remote, node: &Node) -> Bridged {
    let mut args: Vec<String> = Vec::new();
    if os == Os::Windows {
        args.extend(["/c".to_string(), "npx".to_string()]);
    }
    // Node's fetch (the bridge's) refuses a URL with credentials: they go
    // in an `Authorization: Basic` header instead (unless one is given)
    let (url, basic) = match crate::urls::without_credentials(&r.url) {
        Some((bare, userinfo)) => (bare, Some(crate::urls::base64(userinfo.as_bytes()))),
        None => (r.url.clone(), None),
    };
    let mut headers = r.headers.clone();
    let had_credentials = basic.is_some();
    let basic = match basic {
        Some(b)
            if !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("authorization")) =>
        {
            headers.push(("Authorization".into(), format!("Basic {b}")));
            true
        }
        _ => false,
    };
    args.extend(["-y".to_string(), "mcp-remote".to_string(), url.clone()]);
    if r.transport == remote::TransportHint::Sse {
        args.extend(["--transport".to_string(), "sse-only".to_string()]);
    }
    if remote::mcp_remote_refuses(&url) {
        args.push("--allow-http".to_string());
    }
    let mut env = serde_json::Map::new();
    if let Some(Json::Object(m)) = node.get("env").map(Node::to_json) {
        env = m;
    }
    let mut moved = Vec::new();
    for (k, v) in &headers {
        if stays_in_args(k, v, &env) {
            // plain, or `${VAR}`s the entry's env sets: mcp-remote expands
            // those in a --header value from its env, so they stay
            // references and the env keeps the variables
            args.extend(["--header".to_string(), format!("{k}:{v}")]);
            continue;
        }
        // a secret, or a value with a space (the app on Windows does not
        // quote arguments): the value moves to env whole, where nothing
        // expands a `${VAR}`, so the ones the env sets are resolved
        let v = &expand_from(v, &env);
        let taken: Vec<String> = env.keys().cloned().collect();
        let var = env_name(k, &taken);
        env.insert(var.clone(), Json::String(v.clone()));
        args.extend(["--header".to_string(), format!("{k}:${{{var}}}")]);
        moved.push(MovedHeader {
            header: k.clone(),
            var,
            placeholder: v.contains("${"),
        });
    }
    let mut entry = serde_json::Map::new();
    entry.insert(
        "command".into(),
        Json::String(if os == Os::Windows { "cmd" } else { "npx" }.into()),
    );
    entry.insert(
        "args".into(),
        Json::Array(args.into_iter().map(Json::String).collect()),
    );
    if !env.is_empty() {
        entry.insert("env".into(), Json::Object(env));
    }
    if let Some(ms) = node.as_object() {
        for m in ms {
            let k = m.key.as_str();
            if remote::REMOTE_KEYS.contains(&k) || ["command", "args", "env"].contains(&k) {
                continue;
            }
            entry.insert(m.key.clone(), m.value.to_json());
        }
    }
    Bridged {
        entry: Json::Object(entry),
        url,
        basic,
        dropped_credentials: had_credentials && !basic,
        moved,
    }
}

/// The `args` a url entry held (which the app never ran, and a bridge
/// replaces with mcp-remote's), secrets masked, each quoted; `None` when
/// there are none.
fn stray_args(node: &Node) -> Option<String> {
    let args: Vec<String> = node
        .get("args")?
        .as_array()?
        .iter()
        .map(|a| match a.to_json() {
            Json::String(s) => s,
            other => other.to_string(),
        })
        .collect();
    if args.is_empty() {
        return None;
    }
    let shown: Vec<String> = crate::secrets::mask_args(&args)
        .iter()
        .map(|a| format!("`{a}`"))
        .collect();
    Some(shown.join(" "))
}

/// Whether header `name: value` of a url entry can be written into the
/// bridge's `args` as it is: no whitespace, and either only references
/// to variables the entry's `env` sets (nothing of a secret header
/// besides them) or a plain value: not under a name the secret rule
/// knows ([`crate::secrets::names_a_secret`], as `validate` reads it), not
/// shaped like a secret, not one of the env's values. Whatever it keeps
/// in `args`, `validate` finds no secret in.
fn stays_in_args(name: &str, value: &str, env: &serde_json::Map<String, Json>) -> bool {
    if value.contains(char::is_whitespace) {
        return false;
    }
    let refs = references(value);
    if refs.iter().any(|r| !env.contains_key(*r)) {
        return false;
    }
    let mut literal = value.to_string();
    for r in &refs {
        literal = literal.replace(&format!("${{{r}}}"), "");
    }
    if literal.is_empty() {
        return true;
    }
    let from_env = env
        .values()
        .filter_map(Json::as_str)
        .any(|e| e.len() >= crate::secrets::MIN_NAMED && literal.contains(e));
    let arg = format!("{name}:{literal}");
    !crate::secrets::names_a_secret(name)
        && !from_env
        && crate::secrets::in_args(&["--header", arg.as_str()]).is_empty()
}

/// The names of the `${VAR}`s in `text` (what the braces hold: mcp-remote
/// knows no `${env:...}` or `:-` default).
fn references(text: &str) -> Vec<&str> {
    crate::config::vars::braces(text)
        .into_iter()
        .map(|(_, name)| name)
        .collect()
}

/// `text` with each `${VAR}` that `env` sets replaced by its value.
fn expand_from(text: &str, env: &serde_json::Map<String, Json>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (r, name) in crate::config::vars::braces(text) {
        out.push_str(&text[at..r.start]);
        match env.get(name).and_then(Json::as_str) {
            Some(v) => out.push_str(v),
            None => out.push_str(&text[r.clone()]),
        }
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The server whose entry holds `span` (`servers` in source order).
fn server_at(servers: &[model::ServerEntry], span: Option<Span>) -> Option<String> {
    let span = span?;
    let k = servers.partition_point(|s| s.span.start <= span.start);
    servers[..k]
        .last()
        .filter(|s| span.end <= s.span.end)
        .map(|s| s.name.clone())
}

/// The fixable diagnostics whose fixes do not collide, in source order:
/// exactly the ones `apply_fixes` will apply when given only these. Of two
/// fixes of the same text, the one that knows what the value means goes
/// first: an env value written `0x1F` is quoted as written (`"0x1F"`, the
/// schema's fix), not read as the number 31 (the syntax fix).
fn compatible_fixes(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut fixable: Vec<&Diagnostic> = diags.iter().filter(|d| d.fix.is_some()).collect();
    fixable.sort_by_key(|d| {
        let at = d
            .fix
            .as_ref()
            .and_then(|f| f.edits.iter().map(|e| (e.span.start, e.span.end)).min());
        (at, d.code.info().kind == crate::codes::Kind::Syntax)
    });
    let mut taken = SpanSet::default();
    let mut out = Vec::new();
    for d in fixable {
        let Some(fix) = &d.fix else { continue };
        let spans: Vec<Span> = fix.edits.iter().map(|e| e.span).collect();
        let clash = spans
            .iter()
            .enumerate()
            .any(|(i, s)| taken.overlaps(*s) || spans[..i].iter().any(|t| overlaps(*t, *s)));
        if !clash {
            spans.iter().for_each(|s| taken.insert(*s));
            out.push(d);
        }
    }
    out
}

/// `load::check_text` for one file, remembering the last text checked
/// (each planning step checks the text again, and most steps change
/// nothing) and what lint said of each entry (a step changes one or two).
struct Checker<'a> {
    path: &'a Path,
    lint_ctx: &'a LintContext,
    memo: &'a lint::Memo,
    last: std::cell::RefCell<Option<(String, Rc<Checked>)>>,
}

type Checked = (Source, syntax::Document, Vec<Diagnostic>);

impl<'a> Checker<'a> {
    fn new(path: &'a Path, lint_ctx: &'a LintContext, memo: &'a lint::Memo) -> Checker<'a> {
        Checker {
            path,
            lint_ctx,
            memo,
            last: std::cell::RefCell::new(None),
        }
    }

    /// Remember `source` as checked already (`known`).
    fn seed(&self, source: &Source, known: Known) {
        let checked = (
            source.clone(),
            known.doc.clone(),
            known.diagnostics.to_vec(),
        );
        *self.last.borrow_mut() = Some((source.text.clone(), Rc::new(checked)));
    }

    /// `f` on the tree of `text`: the checked one when `text` is the last
    /// checked, else a plain parse (a change's next text is checked later,
    /// once, if at all).
    fn with_root<R>(&self, text: &str, f: impl FnOnce(&Node) -> R) -> Option<R> {
        let hit = self
            .last
            .borrow()
            .as_ref()
            .filter(|(t, _)| t == text)
            .map(|(_, c)| Rc::clone(c));
        match hit {
            Some(checked) => checked.1.root.as_ref().map(f),
            None => syntax::parse(&Source::from_text(self.path, text))
                .root
                .as_ref()
                .map(f),
        }
    }

    /// The errors of `text` (checked, or the last check's).
    fn errors(&self, text: &str) -> Vec<Diagnostic> {
        let checked = self.check(text);
        checked.2.iter().filter(|d| d.is_error()).cloned().collect()
    }

    fn check(&self, text: &str) -> Rc<Checked> {
        let mut last = self.last.borrow_mut();
        if let Some((t, checked)) = last.as_ref()
            && t == text
        {
            return Rc::clone(checked);
        }
        let checked = Rc::new(load::check_text_with(
            self.path,
            text,
            self.lint_ctx,
            self.memo,
        ));
        *last = Some((text.to_string(), Rc::clone(&checked)));
        checked
    }
}

fn apply_diagnostic_fixes(checker: &Checker, p: &mut Plan) {
    for _ in 0..MAX_ROUNDS {
        let checked = checker.check(&p.text);
        let (source, doc, diags) = &*checked;
        let chosen = compatible_fixes(diags);
        if chosen.is_empty() {
            return;
        }
        let owned: Vec<Diagnostic> = chosen.iter().map(|d| (*d).clone()).collect();
        let servers = doc.root.as_ref().map(model::servers).unwrap_or_default();
        let next = apply_fixes(&p.text, &owned);
        if next == p.text {
            return;
        }
        let round: Vec<Change> = owned
            .iter()
            .map(|d| {
                let what = d.fix.as_ref().map(|f| f.description.as_str()).unwrap_or("");
                let at = d
                    .span
                    .map(|s| {
                        let lc = source.line_col(s.start);
                        format!("line {}:{}: ", lc.line, lc.column)
                    })
                    .unwrap_or_default();
                Change {
                    code: d.code,
                    server: server_at(&servers, d.span),
                    description: format!("{at}{what} ({})", d.code),
                }
            })
            .collect();
        // the same change again means the fixes go round in circles (each
        // one uncovers the problem it solved): stop; the plan is judged by
        // whether what it has made so far parses (a set: a minified file
        // has tens of thousands of changes)
        let made: std::collections::HashSet<&Change> = p.changes.iter().collect();
        if round.iter().any(|c| made.contains(c)) {
            return;
        }
        p.changes.extend(round);
        p.text = next;
    }
}

/// The absolute form of a relative path, when it exists relative to the
/// current folder (the one place the user can have meant).
/// `rel` made absolute under `base`, when something is there.
fn absolute_if_exists(machine: &MachineView, base: &str, rel: &str) -> Option<String> {
    let full = PathBuf::from(super::resolve::join(machine.host.os, base, rel));
    let exists = machine.sys.is_file(&full) || machine.sys.is_dir(&full);
    exists.then(|| full.to_string_lossy().into_owned())
}

/// The folder an entry's relative paths were written for, when it names
/// one: its `cwd` (or `workingDirectory`), absolute. The app ignores that
/// key, but it says what the user meant better than the current folder.
fn entry_cwd(entry: &model::ServerEntry, os: Os) -> Option<String> {
    ["cwd", "workingDirectory", "working_directory"]
        .iter()
        .find_map(|k| entry.node.get(k).and_then(Node::as_str))
        .filter(|c| crate::paths::is_absolute(os.path_style(), c))
        .map(str::to_string)
}

fn absolutize_relative_paths(checker: &Checker, machine: &MachineView, p: &mut Plan) {
    let checked = checker.check(&p.text);
    let (_, doc, diags) = &*checked;
    let mut edits = Vec::new();
    // (once, not per diagnostic: a config may hold thousands)
    let servers = doc.root.as_ref().map(model::servers).unwrap_or_default();
    let last: FastMap<&str, &model::ServerEntry> =
        servers.iter().map(|e| (e.name.as_str(), e)).collect();
    for d in diags {
        let Some(span) = d.span else { continue };
        if d.code != Code::RelativeCommand && d.code != Code::RelativeArg {
            continue;
        }
        let Some(value) = string_at(doc.root.as_ref(), span) else {
            continue;
        };
        let rel = if d.code == Code::RelativeArg {
            lint::relative_path_arg(machine.host.os, &value)
        } else {
            Some(value.as_str())
        };
        let Some(rel) = rel else { continue };
        let server = server_at(&servers, Some(span));
        // the entry's own `cwd` says where it meant; only then the current
        // folder (a same-named file there is not what an entry with a cwd
        // meant: it is left for the user, with the lint's hint)
        let cwd = server
            .as_ref()
            .and_then(|n| last.get(n.as_str()))
            .and_then(|e| entry_cwd(e, machine.host.os));
        let (base, from) = match &cwd {
            Some(c) => (
                c.clone(),
                format!("it exists in the entry's \"cwd\", {c}, which the app ignores"),
            ),
            None => (
                machine.host.cwd.to_string_lossy().into_owned(),
                format!(
                    "it exists relative to the current folder, {}",
                    machine.host.cwd.display()
                ),
            ),
        };
        let Some(abs) = absolute_if_exists(machine, &base, rel) else {
            continue; // listed by `leftovers` with the lint's hint
        };
        let new_value = value.replacen(rel, &abs, 1);
        let what = if d.code == Code::RelativeCommand {
            "command"
        } else {
            "argument"
        };
        p.changes.push(Change {
            code: d.code,
            server,
            description: format!("{what} \"{value}\" → \"{new_value}\" ({from})"),
        });
        edits.push(TextEdit {
            span,
            replacement: json_string(&new_value),
        });
    }
    if let Ok(next) = edit::apply(&p.text, &edits) {
        p.text = next;
    }
}

/// The string value whose node spans exactly `span`.
fn string_at(root: Option<&Node>, span: Span) -> Option<String> {
    fn walk(n: &Node, span: Span) -> Option<String> {
        if n.span == span {
            return n.as_str().map(str::to_string);
        }
        if n.span.start > span.start || n.span.end < span.end {
            return None;
        }
        // members in source order, apart: the one that can hold `span` is
        // the first that ends at or after it (found by halves: thousands)
        if let Some(ms) = n.as_object() {
            let k = ms.partition_point(|m| m.value.span.end < span.end);
            return walk(&ms.get(k)?.value, span);
        }
        let items = n.as_array()?;
        let k = items.partition_point(|c| c.span.end < span.end);
        walk(items.get(k)?, span)
    }
    walk(root?, span)
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn apply_suggestions(checker: &Checker, machine: &MachineView, p: &mut Plan) {
    let checked = checker.check(&p.text);
    let Some(root) = checked.1.root.as_ref() else {
        return;
    };
    // the app keeps the last of duplicate names: analyse what it runs
    let todo: Vec<(String, Suggestion)> = model::into_effective(model::servers(root))
        .iter()
        .flat_map(|e| {
            let facts = analyze(machine, e);
            facts.suggestions.into_iter().map(|s| (e.name.clone(), s))
        })
        .collect();
    let change = |name: String, s: &Suggestion| {
        let (code, why) = match s {
            Suggestion::SetCommand { why, .. } => (Code::CommandResolved, why.clone()),
            Suggestion::PrependPath { why, .. } => (Code::NodePinned, why.clone()),
        };
        Change {
            code,
            server: Some(name),
            description: why,
        }
    };
    if todo.is_empty() {
        return;
    }
    // all on one parse when they can be (one re-parse per server of a
    // config of thousands is quadratic), else one by one
    if let Some((next, made)) = all_suggestions(checker, machine.host.os, &p.text, &todo) {
        for ((name, s), made) in todo.into_iter().zip(made) {
            if made {
                p.changes.push(change(name, &s));
            }
        }
        p.text = next;
        return;
    }
    for (name, s) in todo {
        if let Some(next) = apply_suggestion(checker, machine.host.os, &p.text, &name, &s) {
            p.changes.push(change(name, &s));
            p.text = next;
        }
    }
}

/// What the survey found for `e` when it analysed the same entry (found
/// by name; the facts depend on its command, args and env too, not on
/// where it is in the text), else a fresh analysis.
fn analyze(machine: &MachineView, e: &model::ServerEntry) -> servers::ServerFacts {
    let same =
        |k: &model::ServerEntry| k.command == e.command && k.args == e.args && k.env == e.env;
    match machine
        .analysed
        .get(e.name.as_str())
        .filter(|(k, _)| same(k))
    {
        Some((_, facts)) => (*facts).clone(),
        None => servers::analyze(
            machine.host,
            machine.sys,
            machine.tools,
            machine.app_path,
            e,
        ),
    }
}

/// The server's value node (the last definition of the name).
fn server_node<'a>(root: &'a Node, name: &str) -> Option<&'a Node> {
    root.get(SERVERS_KEY)?.get(name)
}

fn apply_suggestion(
    checker: &Checker,
    os: Os,
    text: &str,
    name: &str,
    s: &Suggestion,
) -> Option<String> {
    checker.with_root(text, |root| {
        let layout = edit::detect_layout(text, Some(root));
        let e = suggested(os, text, root, name, s, &layout)?;
        edit::apply(text, &[e]).ok()
    })?
}

/// Every suggestion of `todo` made on one parse of `text`, applied
/// together: the text and, for each suggestion, whether it changed
/// anything. `None` when they must go one by one, each on the text the
/// last made: a server with two suggestions, or edits that touch.
fn all_suggestions(
    checker: &Checker,
    os: Os,
    text: &str,
    todo: &[(String, Suggestion)],
) -> Option<(String, Vec<bool>)> {
    checker.with_root(text, |root| {
        let layout = edit::detect_layout(text, Some(root));
        let mut servers = FastSet::default();
        let mut edits = Vec::new();
        let mut made = Vec::with_capacity(todo.len());
        for (name, s) in todo {
            if !servers.insert(name.as_str()) {
                return None;
            }
            let e = suggested(os, text, root, name, s, &layout);
            made.push(e.is_some());
            edits.extend(e);
        }
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        if edits.windows(2).any(|w| w[1].span.start <= w[0].span.end) {
            return None;
        }
        Some((edit::apply(text, &edits).ok()?, made))
    })?
}

/// The edit that makes suggestion `s` of server `name` (`None` when it
/// does not apply to the text as it is).
fn suggested(
    os: Os,
    text: &str,
    root: &Node,
    name: &str,
    s: &Suggestion,
    layout: &edit::Layout,
) -> Option<TextEdit> {
    let server = server_node(root, name)?;
    match s {
        Suggestion::SetCommand { to, .. } => {
            let to = to.to_string_lossy();
            // a batch shim needs `cmd /c` (lint's fix), not a bare path
            let lower = to.to_ascii_lowercase();
            if os == Os::Windows && (lower.ends_with(".cmd") || lower.ends_with(".bat")) {
                return None;
            }
            let cmd = server.get("command")?;
            cmd.as_str()?;
            Some(TextEdit {
                span: cmd.span,
                replacement: json_string(&to),
            })
        }
        Suggestion::PrependPath { dir, rest, .. } => {
            let value = prepended(os, &dir.to_string_lossy(), rest);
            // a PATH that is not a string is the user's to mend
            if let Some(path) = server.get("env").and_then(|e| e.get("PATH")) {
                path.as_str()?;
            }
            edit::env_edit(text, server, "PATH", &value, layout).ok()
        }
    }
}

/// `dir` first, then `rest` without `dir`.
fn prepended(os: Os, dir: &str, rest: &str) -> String {
    let sep = os.path_separator();
    std::iter::once(dir)
        .chain(rest.split(sep).filter(|e| !e.is_empty() && *e != dir))
        .collect::<Vec<_>>()
        .join(&sep.to_string())
}

/// What is still wrong in `text` and cannot be repaired mechanically
/// (`all`: also what has a mechanical fix, when the plan is not offered).
fn leftovers(checker: &Checker, text: &str, machine: &MachineView, all: bool) -> Vec<Manual> {
    let checked = checker.check(text);
    let (_, doc, diags) = &*checked;
    let servers = doc.root.as_ref().map(model::servers).unwrap_or_default();
    let mut out: Vec<Manual> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error || d.severity == Severity::Warning)
        .filter(|d| (all || d.fix.is_none()) && d.code != Code::CommandNotFound)
        .map(|d| Manual {
            code: d.code,
            server: server_at(&servers, d.span),
            message: d.message.clone(),
            hint: d.hint.clone(),
        })
        .collect();
    if !doc.is_strict_json() {
        return out;
    }
    let Some(root) = doc.root.as_ref() else {
        return out;
    };
    // what lint said of each server, by code: a set, as a config may hold
    // thousands of entries
    let mut said: FastSet<(Code, String)> = out
        .iter()
        .filter_map(|m| Some((m.code, m.server.clone()?)))
        .collect();
    for e in model::into_effective(model::servers(root)) {
        let facts = analyze(machine, &e);
        for f in facts
            .findings
            .into_iter()
            .filter(|f| f.level != Level::Note)
        {
            // lint may have said it already (a Windows batch shim)
            if !said.insert((f.code, e.name.clone())) {
                continue;
            }
            out.push(Manual {
                code: f.code,
                server: Some(e.name.clone()),
                message: f.message,
                hint: f.hint,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::system::tests::FakeSystem;
    use proptest::prelude::*;

    fn host(cwd: &str, path: &str) -> HostEnv {
        HostEnv {
            os: Os::Linux,
            home: Some(PathBuf::from("/home/u")),
            vars: [
                ("PATH".to_string(), path.to_string()),
                ("MCPCTL_APP_PATH".to_string(), "/usr/bin".to_string()),
            ]
            .into(),
            cwd: PathBuf::from(cwd),
            non_unicode: Default::default(),
        }
    }

    fn lint_ctx(h: &HostEnv) -> LintContext {
        LintContext {
            os: h.os,
            home: h.home.clone(),
            app_path: "/usr/bin".into(),
            app_path_label: "the app PATH".into(),
            shell_path: h.var("PATH").unwrap_or("").into(),
            cwd: PathBuf::from("/"),
            here: Some(h.cwd.clone()),
            lookup: None,
            exists: None,
        }
    }

    /// The plan doctor offers by default: url entries made bridges.
    fn plan(source: &Source, lint_ctx: &LintContext, machine: &MachineView) -> Plan {
        plan_with(source, lint_ctx, machine, &|_| RemoteFix::Bridge, None)
    }

    fn plan_for(text: &str, h: &HostEnv, sys: &FakeSystem) -> Plan {
        let view = MachineView {
            host: h,
            sys,
            tools: &[],
            app_path: "/usr/bin",
            analysed: &Analysed::default(),
        };
        plan(&Source::from_text("/cfg/c.json", text), &lint_ctx(h), &view)
    }

    /// [`plan_for`] with `choose` answering every url entry's question.
    fn plan_choosing(text: &str, h: &HostEnv, sys: &FakeSystem, choose: RemoteFix) -> Plan {
        let view = MachineView {
            host: h,
            sys,
            tools: &[],
            app_path: "/usr/bin",
            analysed: &Analysed::default(),
        };
        let source = Source::from_text("/cfg/c.json", text);
        plan_with(&source, &lint_ctx(h), &view, &|_| choose, None)
    }

    /// The survey's findings for an entry the plan did not change are
    /// taken as they are (not analysed again); an entry whose command
    /// differs from the one analysed is analysed afresh.
    #[test]
    fn the_surveys_analysis_is_reused_for_an_unchanged_entry_only() {
        let sys = FakeSystem::with_files(&["/usr/bin/srv"]);
        let h = host("/home/u", "/usr/bin");
        let text = "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"srv\"},\n  }\n}\n";
        let doc = syntax::parse(&Source::from_text("/cfg/c.json", text));
        let entries = model::into_effective(model::servers(doc.root.as_ref().unwrap()));
        let mut facts = servers::analyze(&h, &sys, &[], "/usr/bin", &entries[0]);
        // a finding only the survey could have made: proof it was used
        facts.findings.push(crate::machine::Finding::new(
            Code::NodeVersionMismatch,
            "marker from the survey",
        ));
        let analysed = Analysed::from_iter([(entries[0].name.as_str(), (&entries[0], &facts))]);
        let view = MachineView {
            host: &h,
            sys: &sys,
            tools: &[],
            app_path: "/usr/bin",
            analysed: &analysed,
        };
        // the trailing comma moves no span of `a`'s that matters: reused
        let p = plan(
            &Source::from_text("/cfg/c.json", text),
            &lint_ctx(&h),
            &view,
        );
        assert!(
            p.manual
                .iter()
                .any(|m| m.message == "marker from the survey"),
            "{:?}",
            p.manual
        );
        // another command under the same name: analysed afresh
        let other = text.replace("\"srv\"", "\"/usr/bin/srv\"");
        let p = plan(
            &Source::from_text("/cfg/c.json", &other),
            &lint_ctx(&h),
            &view,
        );
        assert!(
            !p.manual
                .iter()
                .any(|m| m.message == "marker from the survey"),
            "{:?}",
            p.manual
        );
    }

    /// Several url entries become bridges on one parse, each in its place;
    /// a name written twice goes one by one (its earlier copy removed), and
    /// so do the bridges beside a Connector's removal.
    #[test]
    fn url_entries_are_bridged_together_or_one_by_one() {
        let sys = FakeSystem::with_files(&[]);
        let h = host("/home/u", "/usr/bin");
        let bridged = |p: &Plan, name: &str, url: &str| {
            let doc: Json = serde_json::from_str(&p.text).expect("strict JSON");
            doc["mcpServers"][name]["args"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x == "mcp-remote") && a.iter().any(|x| x == url))
        };
        let text = "{\n  \"mcpServers\": {\n    \"a\": {\"url\": \"https://a.dev/mcp\"},\n    \"k\": {\"command\": \"/bin/true\"},\n    \"b\": {\"url\": \"https://b.dev/mcp\"}\n  }\n}\n";
        let p = plan_for(text, &h, &sys);
        assert!(bridged(&p, "a", "https://a.dev/mcp"), "{}", p.text);
        assert!(bridged(&p, "b", "https://b.dev/mcp"), "{}", p.text);
        assert!(
            p.text.find("\"a\"") < p.text.find("\"k\"")
                && p.text.find("\"k\"") < p.text.find("\"b\""),
            "{}",
            p.text
        );
        let servers: Vec<_> = p.changes.iter().map(|c| c.server.as_deref()).collect();
        assert_eq!(servers, [Some("a"), Some("b")]);
        // which way each plan goes: on one parse here, one by one below
        let (ctx, memo) = (lint_ctx(&h), lint::Memo::default());
        let checker = Checker::new(Path::new("/cfg/c.json"), &ctx, &memo);
        let steps = |text: &str, connector: bool| -> Vec<RemoteStep> {
            let doc = syntax::parse(&Source::from_text("/cfg/c.json", text));
            let root = doc.root.expect("a tree");
            model::servers(&root)
                .into_iter()
                .filter_map(|e| {
                    let r = remote::url_entry(&e.node)?;
                    Some(match connector {
                        true => RemoteStep::Connector { name: e.name, r },
                        false => RemoteStep::Bridge {
                            b: bridge_entry(Os::Linux, &r, &e.node),
                            name: e.name,
                            node: e.node,
                        },
                    })
                })
                .collect()
        };
        let batch = bridges_at_once(&checker, text, &steps(text, false));
        assert_eq!(batch.map(|(_, made)| made), Some(vec![true, true]));
        // `a` written twice: one by one, the earlier `a` goes
        let twice = text.replace(
            "\"k\": {",
            "\"a\": {\"command\": \"/bin/false\"},\n    \"k\": {",
        );
        let twice = twice.replacen("\"a\": {\"url\"", "\"x\": {\"url\"", 1);
        let twice = twice.replacen(
            "\"a\": {\"command\": \"/bin/false\"}",
            "\"a\": {\"command\": \"/bin/false\"},\n    \"a\": {\"url\": \"https://a.dev/mcp\"}",
            1,
        );
        assert!(bridges_at_once(&checker, &twice, &steps(&twice, false)).is_none());
        assert!(bridges_at_once(&checker, text, &steps(text, true)).is_none());
        let p = plan_for(&twice, &h, &sys);
        assert_eq!(p.text.matches("\"a\":").count(), 1, "{}", p.text);
        assert!(bridged(&p, "a", "https://a.dev/mcp"), "{}", p.text);
        assert!(bridged(&p, "b", "https://b.dev/mcp"), "{}", p.text);
        assert!(bridged(&p, "x", "https://a.dev/mcp"), "{}", p.text);
        // a Connector for each: both removed
        let p = plan_choosing(text, &h, &sys, RemoteFix::Connector);
        let doc: Json = serde_json::from_str(&p.text).expect("strict JSON");
        assert_eq!(
            doc["mcpServers"].as_object().map(|m| m.len()),
            Some(1),
            "{}",
            p.text
        );
        assert_eq!(p.changes.len(), 2, "{:?}", p.changes);
    }

    /// A url entry marked `"disabled": true` is skipped by the app today;
    /// a bridge would start (the app ignores `disabled`): left for the
    /// user, with words saying so, while its neighbour is converted.
    #[test]
    fn a_disabled_url_entry_is_not_turned_into_a_bridge() {
        let sys = FakeSystem::with_files(&[]);
        let h = host("/home/u", "/usr/bin");
        let text = r#"{"mcpServers": {"w": {"url": "https://x.dev/mcp", "disabled": true}, "v": {"url": "https://y.dev/mcp"}}}"#;
        let p = plan_for(text, &h, &sys);
        assert!(
            p.text
                .contains(r#""w": {"url": "https://x.dev/mcp", "disabled": true}"#),
            "{}",
            p.text
        );
        assert!(
            p.text.contains("https://y.dev/mcp") && p.text.contains("mcp-remote"),
            "{}",
            p.text
        );
        let about_w: Vec<&Manual> = p
            .manual
            .iter()
            .filter(|m| m.server.as_deref() == Some("w"))
            .collect();
        assert_eq!(about_w.len(), 1, "{:?}", p.manual);
        assert!(
            about_w[0].message.contains("marked \"disabled\";"),
            "{:?}",
            about_w[0]
        );
        // written as a string, it is meant as off just the same
        let text = r#"{"mcpServers": {"w": {"url": "https://x.dev/mcp", "disabled": "true"}}}"#;
        let p = plan_for(text, &h, &sys);
        assert_eq!(p.text, text);
    }

    /// A number JSON does not allow, as an env value: quoted as written
    /// (what validate proposes), never turned into another number first.
    #[test]
    fn a_non_json_number_in_env_is_quoted_as_written() {
        let sys = FakeSystem::with_files(&["/usr/bin/srv"]);
        let h = host("/home/u", "/usr/bin");
        let text = "{\"mcpServers\": {\"a\": {\"command\": \"/usr/bin/srv\", \"env\": \
{\"P\": +1, \"Q\": .5, \"R\": 0x1F, \"S\": 1., \"T\": 8080}}}}\n";
        let p = plan_for(text, &h, &sys);
        assert_eq!(
            p.text,
            "{\"mcpServers\": {\"a\": {\"command\": \"/usr/bin/srv\", \"env\": \
{\"P\": \"+1\", \"Q\": \".5\", \"R\": \"0x1F\", \"S\": \"1.\", \"T\": \"8080\"}}}}\n"
        );
        assert!(p.manual.is_empty(), "{:?}", p.manual);
    }

    #[test]
    fn syntax_fixes_then_rename_then_nothing_left() {
        let sys = FakeSystem::with_files(&["/usr/bin/srv"]);
        let h = host("/home/u", "/usr/bin");
        let text = "\u{feff}{\n  // mine\n  \"servers\": {\n    \"a\": {\"command\": \"srv\",},\n  },\n}\n";
        let p = plan_for(text, &h, &sys);
        assert_eq!(
            p.text,
            "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"srv\"}\n  }\n}\n"
        );
        let codes: Vec<_> = p.changes.iter().map(|c| c.code.id()).collect();
        assert!(codes.contains(&"bom"), "{codes:?}");
        assert!(codes.contains(&"comment"), "{codes:?}");
        assert!(codes.contains(&"servers-key"), "{codes:?}");
        assert_eq!(codes.iter().filter(|c| **c == "trailing-comma").count(), 3);
        assert!(p.manual.is_empty(), "{:?}", p.manual);
        // a second plan on the result changes nothing
        let again = plan_for(&p.text, &h, &sys);
        assert!(again.is_empty() && again.changes.is_empty());
    }

    #[test]
    fn relative_paths_become_absolute_only_when_they_exist_here() {
        let sys = FakeSystem::with_files(&["/usr/bin/node", "/home/u/proj/build/index.js"]);
        let h = host("/home/u/proj", "/usr/bin");
        let text = r#"{"mcpServers": {"a": {"command": "node", "args": ["./build/index.js", "data/x.json"]}}}"#;
        let p = plan_for(text, &h, &sys);
        assert!(
            p.text
                .contains(r#"["/home/u/proj/build/index.js", "data/x.json"]"#),
            "{}",
            p.text
        );
        assert_eq!(p.changes.len(), 1);
        assert_eq!(p.changes[0].server.as_deref(), Some("a"));
        let m: Vec<_> = p.manual.iter().map(|m| m.code.id()).collect();
        assert_eq!(m, ["relative-arg"]);
    }

    /// An entry that names its folder (`cwd`, which the app ignores) meant
    /// its relative paths there: made absolute under it, never under the
    /// current folder, where a same-named file is another file.
    #[test]
    fn relative_paths_of_an_entry_with_a_cwd_resolve_under_it() {
        let sys = FakeSystem::with_files(&[
            "/usr/bin/python3",
            "/home/u/server.py",
            "/home/u/proj/server.py",
        ]);
        let h = host("/home/u", "/usr/bin");
        let text = r#"{"mcpServers": {"a": {"command": "python3", "args": ["./server.py"], "cwd": "/home/u/proj"}, "b": {"command": "python3", "args": ["./server.py"], "cwd": "/srv/none"}}}"#;
        let p = plan_for(text, &h, &sys);
        assert!(
            p.text
                .contains(r#""a": {"command": "python3", "args": ["/home/u/proj/server.py"]"#),
            "{}",
            p.text
        );
        assert!(
            p.text
                .contains(r#""b": {"command": "python3", "args": ["./server.py"]"#),
            "{}",
            p.text
        );
        assert_eq!(p.changes.len(), 1, "{:?}", p.changes);
        assert!(
            p.changes[0].description.contains("entry's \"cwd\""),
            "{:?}",
            p.changes
        );
    }

    #[test]
    fn bare_command_only_on_shell_is_resolved_and_node_pinned_with_env_path() {
        let sys = FakeSystem::with_files(&["/opt/n22/bin/npx", "/opt/n22/bin/node"]);
        let h = host("/home/u", "/opt/n22/bin:/usr/bin");
        let text = "{\n  \"mcpServers\": {\n    \"mem\": {\n      \"command\": \"npx\",\n      \"args\": [\"-y\", \"pkg\"]\n    }\n  }\n}\n";
        let p = plan_for(text, &h, &sys);
        assert_eq!(
            p.text,
            "{\n  \"mcpServers\": {\n    \"mem\": {\n      \"command\": \"/opt/n22/bin/npx\",\n      \"args\": [\"-y\", \"pkg\"],\n      \"env\": {\n        \"PATH\": \"/opt/n22/bin:/usr/bin\"\n      }\n    }\n  }\n}\n"
        );
        let codes: Vec<_> = p.changes.iter().map(|c| c.code.id()).collect();
        assert_eq!(codes, ["command-resolved", "node-pinned"]);
        assert!(p.manual.is_empty(), "{:?}", p.manual);
        assert!(plan_for(&p.text, &h, &sys).is_empty());
    }

    /// Servers with one suggestion each: made on one parse and applied
    /// together (one parse per server is quadratic in a config of
    /// thousands), each change in order; a server with two goes one by one.
    #[test]
    fn suggestions_of_many_servers_are_made_on_one_parse() {
        let sys =
            FakeSystem::with_files(&["/opt/tools/srv", "/opt/n22/bin/npx", "/opt/n22/bin/node"]);
        let h = host("/home/u", "/opt/tools:/opt/n22/bin:/usr/bin");
        let text = "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"srv\"},\n    \"b\": {\"command\": \"srv\", \"args\": [\"x\"]},\n    \"c\": {\"command\": \"srv\"}\n  }\n}\n";
        let p = plan_for(text, &h, &sys);
        assert_eq!(p.text, text.replace("\"srv\"", "\"/opt/tools/srv\""));
        let made: Vec<_> = p
            .changes
            .iter()
            .map(|c| (c.code.id(), c.server.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            made,
            [
                ("command-resolved", "a"),
                ("command-resolved", "b"),
                ("command-resolved", "c")
            ]
        );
        // which way it goes: on one parse for one suggestion per server,
        // one by one when a server has two
        let (ctx, memo) = (lint_ctx(&h), lint::Memo::default());
        let checker = Checker::new(Path::new("/cfg/c.json"), &ctx, &memo);
        let set = |name: &str| {
            (
                name.to_string(),
                Suggestion::SetCommand {
                    to: PathBuf::from("/opt/tools/srv"),
                    why: String::new(),
                },
            )
        };
        let todo = [set("a"), set("b"), set("c")];
        let batch = all_suggestions(&checker, Os::Linux, text, &todo);
        assert_eq!(batch, Some((p.text.clone(), vec![true; 3])));
        let twice = [set("a"), set("a")];
        assert!(all_suggestions(&checker, Os::Linux, text, &twice).is_none());
        // `m` needs two edits (its command, its env PATH): one by one
        let text = text.replace(
            "\"c\": {\"command\": \"srv\"}",
            "\"c\": {\"command\": \"srv\"},\n    \"m\": {\"command\": \"npx\"}",
        );
        let p = plan_for(&text, &h, &sys);
        assert!(
            p.text.contains(
                "\"m\": {\"command\": \"/opt/n22/bin/npx\", \"env\": {\"PATH\": \"/opt/n22/bin:"
            ),
            "{}",
            p.text
        );
        assert_eq!(
            p.text.matches("\"/opt/tools/srv\"").count(),
            3,
            "{}",
            p.text
        );
        assert_eq!(p.changes.len(), 5, "{:?}", p.changes);
        assert!(plan_for(&p.text, &h, &sys).is_empty());
    }

    #[test]
    fn an_existing_env_path_gets_the_folder_in_front() {
        let sys =
            FakeSystem::with_files(&["/opt/n22/bin/npx", "/opt/n22/bin/node", "/usr/bin/node"])
                .output("/usr/bin/node --version", "v18.0.0")
                .output("/opt/n22/bin/node --version", "v22.0.0");
        let h = host("/home/u", "/opt/n22/bin:/usr/bin");
        let text = r#"{"mcpServers": {"m": {"command": "/opt/n22/bin/npx", "env": {"PATH": "/usr/bin", "K": "v"}}}}"#;
        let p = plan_for(text, &h, &sys);
        assert!(
            p.text
                .contains(r#""PATH": "/opt/n22/bin:/usr/bin", "K": "v""#),
            "{}",
            p.text
        );
        assert!(plan_for(&p.text, &h, &sys).is_empty());
    }

    #[test]
    fn what_cannot_be_fixed_is_left_with_hints() {
        let sys = FakeSystem::default();
        let h = host("/home/u", "/usr/bin");
        let text =
            r#"{"mcpServers": {"a": {"command": "nosuch"}}, "servers": {"b": {"command": "x"}}}"#;
        let p = plan_for(text, &h, &sys);
        assert!(p.is_empty());
        let codes: Vec<_> = p.manual.iter().map(|m| m.code.id()).collect();
        assert!(codes.contains(&"servers-key"), "{codes:?}");
        assert!(codes.contains(&"command-not-found"), "{codes:?}");
        assert!(p.manual.iter().all(|m| m.hint.is_some()));
    }

    #[test]
    fn a_definition_the_app_ignores_is_not_left_for_the_user() {
        let sys = FakeSystem::with_files(&["/usr/bin/srv"]);
        let h = host("/home/u", "/usr/bin");
        // the app keeps the last `a`: the first one's command does not matter
        let text = r#"{"mcpServers": {"a": {"command": "nosuch"}, "a": {"command": "srv"}}}"#;
        let p = plan_for(text, &h, &sys);
        let codes: Vec<_> = p.manual.iter().map(|m| m.code.id()).collect();
        assert_eq!(codes, ["duplicate-server"], "{:?}", p.manual);
    }

    #[test]
    fn windows_batch_shims_go_through_cmd_or_are_left_with_the_cmd_hint() {
        let sys = FakeSystem::with_files(&[
            r"C:\nodejs\npx.cmd",
            r"C:\nodejs\node.exe",
            r"C:\Windows\System32\cmd.exe",
            r"C:\tools\mytool.cmd",
        ]);
        let path = r"C:\nodejs;C:\tools;C:\Windows\System32";
        let h = HostEnv {
            os: Os::Windows,
            home: Some(PathBuf::from(r"C:\Users\ann")),
            vars: [
                ("PATH".to_string(), path.to_string()),
                ("MCPCTL_APP_PATH".to_string(), path.to_string()),
            ]
            .into(),
            cwd: PathBuf::from(r"C:\Users\ann"),
            non_unicode: Default::default(),
        };
        let view = MachineView {
            host: &h,
            sys: &sys,
            tools: &[],
            app_path: path,
            analysed: &Analysed::default(),
        };
        let text = r#"{"mcpServers": {"mem": {"command": "npx", "args": ["-y", "pkg"]}, "t": {"command": "mytool"}}}"#;
        let p = plan(
            &Source::from_text("/cfg/c.json", text),
            &lint_ctx(&h),
            &view,
        );
        assert!(
            p.text
                .contains(r#""command": "cmd", "args": ["/c", "npx", "-y", "pkg"]"#),
            "{}",
            p.text
        );
        // never a .cmd written as the command itself
        assert!(!p.text.contains(".cmd"), "{}", p.text);
        let left: Vec<_> = p
            .manual
            .iter()
            .map(|m| (m.code.id(), m.server.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(left, [("windows-shim", "t")], "{:?}", p.manual);
        let hint = p.manual[0].hint.as_deref().unwrap();
        assert!(hint.contains(r#""args": ["/c", "mytool"]"#), "{hint}");
    }

    #[test]
    fn a_file_that_stays_broken_is_not_offered_a_plan() {
        let sys = FakeSystem::default();
        let h = host("/home/u", "/usr/bin");
        let text = "{\"mcpServers\": {\"a\": {\"command\": \"x\",}}";
        let p = plan_for(text, &h, &sys);
        assert!(!p.writable);
        assert!(p.is_empty() && p.text == text);
        assert!(p.changes.is_empty(), "{:?}", p.changes);
        // every problem is left for the user, the fixable one included
        let codes: Vec<_> = p.manual.iter().map(|m| m.code.id()).collect();
        assert!(codes.contains(&"trailing-comma"), "{codes:?}");
        assert!(codes.contains(&"unclosed"), "{codes:?}");
        let ok = plan_for("{\"mcpServers\": {}}", &h, &sys);
        assert!(ok.writable && ok.is_empty());
    }

    /// Every plan offered: no change listed twice, and its text is strict
    /// JSON (doubled quotes made the fixes go round in circles).
    #[test]
    fn a_plan_never_repeats_a_change_and_always_parses() {
        let sys = FakeSystem::with_files(&["/usr/bin/npx"]);
        let h = host("/home/u", "/usr/bin");
        for text in [
            "{\"mcpServers\": {\"a\": {\"command\": \"npx\", \"env\": {\"K\": \"\"v\", \"B\": \"x\"}}}}",
            "{\"mcpServers\": {\"a\": {\"command\": \"\"npx\"}}}",
            "{\"mcpServers\": {\"a\": {\"command\": \"npx\", \"args\": [\"\"a\", \"b\", \"c\"]}}}",
            "{\n  # mine\n  \"mcpServers\": {\"a\": {\"command\": \"npx\",},}\n}\n",
        ] {
            let p = plan_for(text, &h, &sys);
            for (i, c) in p.changes.iter().enumerate() {
                assert!(!p.changes[..i].contains(c), "{text}: {c:?} twice");
            }
            if !p.changes.is_empty() {
                assert!(p.writable, "{text}");
                let doc = syntax::parse(&Source::from_text("c.json", &p.text));
                assert!(doc.is_strict_json(), "{text} -> {}", p.text);
            }
        }
        // the `#` line is a comment: deleted, not turned into a key
        let p = plan_for(
            "{\n  # mine\n  \"mcpServers\": {\"a\": {\"command\": \"npx\",},}\n}\n",
            &h,
            &sys,
        );
        assert_eq!(
            p.text,
            "{\n  \"mcpServers\": {\"a\": {\"command\": \"npx\"}}\n}\n"
        );
    }

    #[test]
    fn a_url_entry_becomes_a_bridge_with_secrets_in_env_or_goes_for_a_connector() {
        let sys = FakeSystem::with_files(&["/usr/bin/npx"]);
        let h = host("/home/u", "/usr/bin");
        let text = "{\n  \"mcpServers\": {\n    \"api\": {\n      \"type\": \"http\",\n      \"url\": \"https://x.dev/mcp\",\n      \"headers\": {\"Authorization\": \"Bearer sk-1\", \"X-Team\": \"blue\"},\n      \"alwaysAllow\": [\"t\"]\n    },\n    \"local\": {\"command\": \"/usr/bin/npx\"}\n  }\n}\n";
        let p = plan_for(text, &h, &sys);
        let doc: Json = serde_json::from_str(&p.text).expect("strict JSON");
        let api = &doc["mcpServers"]["api"];
        assert_eq!(api["command"], Json::String("npx".into()));
        assert_eq!(
            api["args"],
            serde_json::json!([
                "-y",
                "mcp-remote",
                "https://x.dev/mcp",
                "--header",
                "Authorization:${AUTHORIZATION}",
                "--header",
                "X-Team:blue"
            ])
        );
        assert_eq!(
            api["env"]["AUTHORIZATION"],
            Json::String("Bearer sk-1".into())
        );
        assert_eq!(
            api["alwaysAllow"],
            serde_json::json!(["t"]),
            "other keys are kept"
        );
        assert!(api.get("url").is_none() && api.get("type").is_none());
        assert!(
            p.text
                .contains("\"local\": {\"command\": \"/usr/bin/npx\"}"),
            "the rest untouched"
        );
        assert_eq!(p.remote.len(), 1);
        assert_eq!(p.remote[0].chosen, RemoteFix::Bridge);
        assert!(
            p.manual.iter().all(|m| m.code != Code::RemoteServer),
            "{:?}",
            p.manual
        );
        assert!(
            plan_for(&p.text, &h, &sys).remote.is_empty(),
            "nothing left to fix"
        );

        let c = plan_choosing(text, &h, &sys, RemoteFix::Connector);
        let doc: Json = serde_json::from_str(&c.text).expect("strict JSON");
        assert!(doc["mcpServers"].get("api").is_none());
        assert!(
            c.changes
                .iter()
                .any(|ch| ch.description.contains("https://x.dev/mcp")
                    && ch.description.contains("Connector"))
        );
        let l = plan_choosing(text, &h, &sys, RemoteFix::Leave);
        assert!(l.is_empty());
        assert!(l.manual.iter().any(|m| m.code == Code::RemoteServer));
    }

    /// Args a url entry held are said to be left out, their secrets
    /// masked: the bridge's args are mcp-remote's.
    #[test]
    fn a_url_entry_s_own_args_are_said_to_be_left_out() {
        let sys = FakeSystem::with_files(&["/usr/bin/npx"]);
        let h = host("/home/u", "/usr/bin");
        let text = r#"{"mcpServers": {"api": {"url": "https://x.dev/mcp", "args": ["--verbose", "--token", "hunter2hunter2"]}}}"#;
        let p = plan_for(text, &h, &sys);
        let doc: Json = serde_json::from_str(&p.text).expect("strict JSON");
        assert_eq!(doc["mcpServers"]["api"]["args"][1], "mcp-remote");
        let d = &p.changes[0].description;
        assert!(
            d.contains("; its args (`--verbose` `--token` `****`) were left out"),
            "{d}"
        );
        assert!(!d.contains("hunter2"), "{d}");
        let none = plan_for(
            r#"{"mcpServers": {"api": {"url": "https://x.dev/mcp"}}}"#,
            &h,
            &sys,
        );
        assert!(
            !none.changes[0].description.contains("args"),
            "{:?}",
            none.changes
        );
    }

    /// A url only this machine can reach is bridged whatever is chosen: a
    /// Connector (from Anthropic's cloud) cannot reach it, so the plan
    /// never removes it for one.
    #[test]
    fn a_private_url_entry_is_always_bridged() {
        let sys = FakeSystem::with_files(&["/usr/bin/npx"]);
        let h = host("/home/u", "/usr/bin");
        let text = r#"{"mcpServers": {"local": {"url": "http://localhost:8123/mcp"}, "pub": {"url": "https://x.dev/mcp"}}}"#;
        let c = plan_choosing(text, &h, &sys, RemoteFix::Connector);
        let doc: Json = serde_json::from_str(&c.text).expect("strict JSON");
        assert_eq!(
            doc["mcpServers"]["local"]["args"][2],
            "http://localhost:8123/mcp"
        );
        assert!(doc["mcpServers"].get("pub").is_none(), "{}", c.text);
        let chosen: Vec<_> = c
            .remote
            .iter()
            .map(|r| (r.private_host, r.chosen))
            .collect();
        assert_eq!(
            chosen,
            [(true, RemoteFix::Bridge), (false, RemoteFix::Connector)]
        );
    }

    /// A header's `${VAR}` that the entry's env sets is resolved as it
    /// moves to env (nothing expands it there): no placeholder to-do; one
    /// the env does not set is a placeholder left for the user. URL
    /// credentials become a Basic header.
    #[test]
    fn header_variables_resolve_from_env_and_url_credentials_become_basic() {
        let sys = FakeSystem::with_files(&["/usr/bin/npx"]);
        let h = host("/home/u", "/usr/bin");
        let text = r#"{"mcpServers": {
  "set": {"url": "https://x.dev/mcp", "headers": {"Authorization": "Bearer ${TOK}"}, "env": {"TOK": "abc123secret"}},
  "unset": {"url": "https://y.dev/mcp", "headers": {"Authorization": "Bearer ${NOPE}"}},
  "cred": {"url": "https://u:p%40ss@z.dev/mcp"},
  "both": {"url": "https://bob:hunter2@w.dev/mcp", "headers": {"Authorization": "Bearer t0kenvalue"}}
}}"#;
        let p = plan_for(text, &h, &sys);
        let doc: Json = serde_json::from_str(&p.text).expect("strict JSON");
        let s = &doc["mcpServers"];
        assert_eq!(s["set"]["env"]["AUTHORIZATION"], "Bearer abc123secret");
        assert_eq!(s["unset"]["env"]["AUTHORIZATION"], "Bearer ${NOPE}");
        let todo: Vec<_> = p
            .manual
            .iter()
            .filter(|m| m.code == Code::Placeholder)
            .map(|m| m.server.clone().unwrap_or_default())
            .collect();
        assert_eq!(todo, ["unset"]);
        assert_eq!(s["cred"]["args"][2], "https://z.dev/mcp");
        assert_eq!(
            s["cred"]["env"]["AUTHORIZATION"],
            format!("Basic {}", crate::urls::base64(b"u:p@ss"))
        );
        assert!(
            p.changes
                .iter()
                .any(|c| c.description.contains("mcp-remote https://z.dev/mcp)")
                    && c.description.contains("Authorization: Basic")),
            "{:?}",
            p.changes
        );
        // credentials beside an Authorization header of its own: left out,
        // and said
        assert_eq!(s["both"]["args"][2], "https://w.dev/mcp");
        assert!(
            p.changes.iter().any(|c| c.server.as_deref() == Some("both")
                && c.description.contains("user and password were left out")),
            "{:?}",
            p.changes
        );
    }

    #[test]
    fn windows_bridges_go_through_cmd_and_sse_and_plain_http_are_kept() {
        let r = remote::Remote {
            url: "http://10.0.0.5/sse".into(),
            url_key: "url".into(),
            headers: vec![],
            transport: remote::TransportHint::Sse,
            via: remote::Via::UrlEntry,
        };
        let node = syntax::parse(&Source::from_text("c.json", "{}"))
            .root
            .expect("node");
        let entry = bridge_entry(Os::Windows, &r, &node).entry;
        assert_eq!(entry["command"], Json::String("cmd".into()));
        assert_eq!(
            entry["args"],
            serde_json::json!([
                "/c",
                "npx",
                "-y",
                "mcp-remote",
                "http://10.0.0.5/sse",
                "--transport",
                "sse-only",
                "--allow-http"
            ])
        );
        assert_eq!(env_name("X-Api-Key", &["X_API_KEY".into()]), "X_API_KEY_2");
    }

    #[test]
    fn prepended_puts_the_folder_first_once() {
        assert_eq!(prepended(Os::Linux, "/x", "/a:/x:/b"), "/x:/a:/b");
    }

    // ------------------------------------------------------------ proptest

    /// Pieces a pasted, hand-edited or damaged config is made of: every
    /// kind of damage the planner repairs, and what it must leave alone.
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        " ",
        "\n",
        "\t",
        "\"mcpServers\"",
        "\"servers\"",
        "\"command\"",
        "\"args\"",
        "\"env\"",
        "\"url\"",
        "\"type\"",
        "\"http\"",
        "\"headers\"",
        "\"Authorization\"",
        "\"Bearer sk-live-0123456789abcdef\"",
        "\"https://mcp.example.com/mcp\"",
        "\"http://127.0.0.1:3000/mcp\"",
        "\"srv\"",
        "\"npx\"",
        "\"./rel/server.js\"",
        "\"~/bin/tool\"",
        "\"-y\"",
        "\"API_KEY\"",
        "sk-live-unquoted",
        "0",
        "12",
        "true",
        "null",
        "//c\n",
        "/* c */",
        "\u{201c}",
        "\u{201d}",
        "'",
        "\u{feff}",
        "\"a\\x\"",
        "\"\u{0}\"",
    ];

    fn soup() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
    }

    /// A valid config with pieces dropped in at random places.
    fn damaged() -> impl Strategy<Value = String> {
        let base = r#"{
  "mcpServers": {
    "a": {"command": "srv", "args": ["./rel/server.js", "~/bin/tool"], "env": {"API_KEY": "sk-live-0123456789abcdef"}},
    "b": {"url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer sk-live-0123456789abcdef"}},
    "c": {"command": "npx", "args": ["-y", "pkg"]}
  },
  "other": [1, 2]
}"#;
        prop::collection::vec((0..base.len(), prop::sample::select(PIECES)), 0..6).prop_map(
            move |edits| {
                let mut text = base.to_string();
                for (at, piece) in edits {
                    let mut at = at.min(text.len());
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    text.insert_str(at, piece);
                }
                text
            },
        )
    }

    /// Holds for every plan: bounded, and writable only as strict JSON the
    /// app parses (what `--fix` writes).
    fn check_plan(text: &str) -> Result<(), TestCaseError> {
        let sys = FakeSystem::with_files(&["/usr/bin/srv", "/home/u/rel/server.js"]);
        let h = host("/home/u", "/usr/bin");
        let p = plan_for(text, &h, &sys);
        // starting from the load's check plans the same
        let source = Source::from_text("/cfg/c.json", text);
        let (doc, diagnostics) = load::check(&source, &lint_ctx(&h));
        let view = MachineView {
            host: &h,
            sys: &sys,
            tools: &[],
            app_path: "/usr/bin",
            analysed: &Analysed::default(),
        };
        let known = Known {
            doc: &doc,
            diagnostics: &diagnostics,
            memo: None,
        };
        let seeded = plan_with(
            &source,
            &lint_ctx(&h),
            &view,
            &|_| RemoteFix::Bridge,
            Some(known),
        );
        prop_assert_eq!(&seeded, &p);
        // and from a load that kept lint's memo (doctor's way) too; the
        // memo answers for the planned text as a fresh check does
        let ctx = lint_ctx(&h);
        let memo = lint::Memo::default();
        let (_, mdoc, mdiags) = load::check_text_with(&source.path, text, &ctx, &memo);
        prop_assert_eq!(&mdiags, &diagnostics);
        let known = Known {
            doc: &mdoc,
            diagnostics: &mdiags,
            memo: Some(&memo),
        };
        let remembered = plan_with(&source, &ctx, &view, &|_| RemoteFix::Bridge, Some(known));
        prop_assert_eq!(&remembered, &p);
        prop_assert_eq!(
            load::check_text_with(&source.path, &p.text, &ctx, &memo).2,
            load::check_text(&source.path, &p.text, &ctx).2
        );
        prop_assert!(
            p.text.len() <= 4 * text.len() + 4096,
            "output grew from {} to {} bytes",
            text.len(),
            p.text.len()
        );
        prop_assert!(
            p.changes.len() + p.manual.len() <= text.len() + 16,
            "{} changes and {} manual items for {} bytes",
            p.changes.len(),
            p.manual.len(),
            text.len()
        );
        if p.writable {
            prop_assert!(
                serde_json::from_str::<Json>(&p.text).is_ok(),
                "writable but not strict JSON: {text:?} -> {:?}",
                p.text
            );
            let again = syntax::parse(&Source::from_text("/cfg/c.json", &p.text));
            prop_assert!(again.is_strict_json(), "{:?}", p.text);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn any_soup_plans_bounded_and_writes_only_strict_json(text in soup()) {
            check_plan(&text)?;
        }

        #[test]
        fn any_damage_plans_bounded_and_writes_only_strict_json(text in damaged()) {
            check_plan(&text)?;
        }
    }
}
