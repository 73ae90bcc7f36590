//! What the app would run for an extension, read off its manifest the way
//! the mcpb library the app is built on does it (`getMcpConfigForManifest`
//! in modelcontextprotocol/mcpb, `src/shared/config.ts`):
//!
//! 1. `server.mcp_config`, with `platform_overrides.<darwin|win32|linux>`
//!    replacing `command`, `args` and `env` wholesale (no merge);
//! 2. a required `user_config` value not saved in the settings file stops
//!    the app from starting the server (`hasRequiredConfigMissing`; the
//!    manifest's default does not count);
//! 3. variables replaced in order: `${__dirname}`, `${pathSeparator}`,
//!    `${/}`, `${HOME}`, `${DESKTOP}`, `${DOCUMENTS}`, `${DOWNLOADS}`, then
//!    `${user_config.KEY}` (manifest defaults, overridden by saved values;
//!    booleans as `true`/`false`); an argument that is exactly one
//!    `${user_config.KEY}` holding a list expands to one argument per item;
//!    a list inside a longer string, or an unknown variable, stays as written.
//!
//! What mcpctl cannot do like the app is named, never guessed: `sensitive`
//! values live in the OS keychain (mcpctl launches without them), Node
//! extensions run on the app's built-in Node (mcpctl's probe uses the
//! machine's `node`), uv extensions on the app's own uv.
//!
//! Pure: the output is a plain [`LaunchDescription`] that the probe layer
//! turns into its launch spec.

use crate::codes::Code;
use serde_json::{Map, Value as Json};

use super::{Extension, Runtime};
use crate::machine::Finding;
use crate::platform::{HostEnv, Os};
use crate::text::json_kind;

/// What to launch for one extension, and what differs from the app.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LaunchDescription {
    /// The extension's id.
    pub name: String,
    pub command: String,
    pub args: Vec<String>,
    /// In manifest order.
    pub env: Vec<(String, String)>,
    /// Context: overrides applied, defaults used, which runtime the app uses.
    pub notes: Vec<Finding>,
    /// Where this launch differs from the app's, or why the app would not
    /// start it.
    pub problems: Vec<Finding>,
    /// False when the app itself would not start the server (a required
    /// setting is not saved, or the manifest gives no command).
    pub app_starts: bool,
    /// The saved values of the settings the manifest marks `sensitive`
    /// (each item of a list): masked wherever this launch is shown.
    pub secrets: Vec<String>,
}

impl LaunchDescription {
    /// Nothing to launch yet for extension `name`, which the app starts
    /// until a problem says otherwise.
    fn named(name: String) -> LaunchDescription {
        LaunchDescription {
            name,
            command: String::new(),
            args: Vec::new(),
            env: Vec::new(),
            notes: Vec::new(),
            problems: Vec::new(),
            app_starts: true,
            secrets: Vec::new(),
        }
    }
}

/// The inputs of [`describe_manifest`], all plain values.
#[derive(Debug, Clone)]
pub struct LaunchInputs<'a> {
    pub id: &'a str,
    pub manifest: &'a Json,
    /// `userConfig` from the settings file.
    pub saved: &'a Map<String, Json>,
    pub os: Os,
    /// The extension's folder, as the OS writes it.
    pub dir: String,
    /// The home folder, as the OS writes it (None when unknown).
    pub home: Option<String>,
}

/// Describe an installed extension's launch on `host`.
pub fn describe(ext: &Extension, host: &HostEnv) -> LaunchDescription {
    let empty = Json::Object(Map::new());
    let inputs = LaunchInputs {
        id: &ext.id,
        manifest: ext.manifest.as_ref().unwrap_or(&empty),
        saved: &ext.user_config,
        os: host.os,
        dir: ext.dir.to_string_lossy().into_owned(),
        home: host.home.as_ref().map(|h| h.to_string_lossy().into_owned()),
    };
    let mut d = describe_manifest(&inputs);
    // the manifest read from the installation record stands in for a
    // folder or file the app cannot load: describe it, but the app does
    // not start it
    // (what the copy itself lacks is beside the point then: the app never
    // gets that far)
    if let Some(why) = ext.problems.iter().find(|f| stops_the_app(f.code)) {
        d.app_starts = false;
        d.problems = vec![why.clone()];
    }
    d
}

/// The first file of the launch (its command, then its args) that is
/// inside the extension's folder `dir` and does not exist (`exists` says),
/// as a path relative to the folder: the bundle lacks it. None when every
/// such file is there.
pub fn missing_from_bundle(
    d: &LaunchDescription,
    dir: &str,
    exists: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let dir = dir.trim_end_matches(['/', '\\']);
    std::iter::once(&d.command).chain(&d.args).find_map(|a| {
        let rest = a.strip_prefix(dir)?;
        let rel = rest.strip_prefix(['/', '\\'])?;
        (!rel.is_empty() && !exists(a)).then(|| rel.to_string())
    })
}

/// The hint for an extension whose launch failed for want of a file of
/// its own bundle (`rel`, from [`missing_from_bundle`]): the args are the
/// manifest's, so the fix is the bundle, not the command line.
pub fn missing_from_bundle_hint(rel: &str) -> String {
    format!(
        "`{}` is missing from the extension's folder, so its bundle is incomplete: reinstall \
or update the extension in Claude Desktop's Settings → Extensions",
        crate::escape::name(rel)
    )
}

/// The values of `sensitive` settings in a command line the app logged
/// running an extension (`logged`, its args): the app takes them from the
/// OS keychain, which mcpctl does not read, so they are found by where the
/// manifest (`manifest`, `platform_overrides` of `os` applied) puts them in
/// `args`. An argument that is exactly `${user_config.KEY}` is the value;
/// one that holds it among literal text gives what lies between; one that
/// mixes it with other variables is taken whole. Arguments are matched by
/// position: before the first `multiple` setting from the front, after
/// the last from the end, and one such setting takes all that lies
/// between. Values the app left as written (`${user_config.KEY}`) are not
/// secrets.
pub fn sensitive_in_logged(manifest: &Json, os: Os, logged: &[String]) -> Vec<String> {
    let Some(Json::Object(config)) = manifest.pointer("/server/mcp_config") else {
        return Vec::new();
    };
    let mut scratch = LaunchDescription::named(String::new());
    let config = apply_override(os, config.clone(), &mut scratch);
    let Some(Json::Array(items)) = config.get("args") else {
        return Vec::new();
    };
    let options = manifest.get("user_config").and_then(Json::as_object);
    let option = |k: &str| options.and_then(|o| o.get(k));
    let sensitive = |k: &str| option(k).is_some_and(is_sensitive);
    let multiple = |k: &str| {
        option(k)
            .and_then(|o| o.get("multiple"))
            .and_then(Json::as_bool)
            == Some(true)
    };
    let setting = |t: &str| whole_user_config_ref(t).map(|r| r["user_config.".len()..].to_string());
    let template: Vec<String> = items.iter().map(json_text).collect();
    let lists: Vec<usize> = (0..template.len())
        .filter(|&i| setting(&template[i]).is_some_and(|k| multiple(&k)))
        .collect();
    let (nt, nl) = (template.len(), logged.len());
    // the logged args template arg `i` became
    let span = |i: usize| -> Option<std::ops::Range<usize>> {
        let (Some(&first), Some(&last)) = (lists.first(), lists.last()) else {
            return (i < nl).then_some(i..i + 1);
        };
        if i < first {
            (i < nl).then_some(i..i + 1)
        } else if i > last {
            let from_end = nt - i;
            (nl >= from_end).then(|| nl - from_end..nl - from_end + 1)
        } else if first == last {
            let after = nt - 1 - first;
            (nl >= first + after).then(|| first..nl - after)
        } else {
            None
        }
    };
    let mut out = Vec::new();
    for (i, t) in template.iter().enumerate() {
        let refs = references(t);
        let secret_refs: Vec<&String> = refs
            .iter()
            .filter(|r| r.strip_prefix("user_config.").is_some_and(&sensitive))
            .collect();
        let (Some(first), Some(at)) = (secret_refs.first(), span(i)) else {
            continue;
        };
        let pattern = format!("${{{first}}}");
        for l in &logged[at] {
            if l.contains("${user_config.") {
                continue;
            }
            let value = match t.split_once(&pattern) {
                Some((head, tail)) if refs.len() == 1 => l
                    .strip_prefix(head)
                    .and_then(|v| v.strip_suffix(tail))
                    .unwrap_or(l),
                _ => l,
            };
            if !value.is_empty() {
                out.push(value.to_string());
            }
        }
    }
    out
}

/// An installation problem after which the app cannot load the extension
/// at all (its folder, or its manifest, is not there to read).
pub fn stops_the_app(code: Code) -> bool {
    matches!(
        code,
        Code::ExtensionFolderMissing
            | Code::ExtensionsFolderUnreadable
            | Code::ManifestMissing
            | Code::ManifestUnreadable
            | Code::ManifestNotJson
    )
}

/// A variable's value: one string, or a list (a `multiple` setting).
#[derive(Debug, Clone, PartialEq)]
enum Var {
    One(String),
    Many(Vec<String>),
}

/// Describe the launch from a manifest and saved settings.
pub fn describe_manifest(inp: &LaunchInputs) -> LaunchDescription {
    let mut d = LaunchDescription::named(inp.id.to_string());
    let server = inp.manifest.get("server");
    let runtime = server
        .and_then(|s| s.get("type"))
        .and_then(Json::as_str)
        .and_then(Runtime::parse);
    let options = inp
        .manifest
        .get("user_config")
        .and_then(Json::as_object)
        .cloned()
        .unwrap_or_default();
    // the saved sensitive values are secrets whether or not there is a
    // command line to put them in
    for (key, option) in &options {
        if !is_sensitive(option) {
            continue;
        }
        let values = match inp.saved.get(key) {
            Some(Json::Array(items)) => items.iter().map(json_text).collect(),
            Some(Json::Null) | None => Vec::new(),
            Some(v) => vec![json_text(v)],
        };
        d.secrets
            .extend(values.into_iter().filter(|v| !v.is_empty()));
    }
    let Some(config) = base_config(inp, server, runtime, &mut d) else {
        return d;
    };
    let config = apply_override(inp.os, config, &mut d);
    check_required(&options, inp.saved, &mut d);
    let vars = variables(inp, &options, &mut d);

    let command = match config.get("command") {
        None => String::new(),
        Some(Json::String(c)) => c.clone(),
        // Node's `spawn` throws on anything but a string
        Some(other) => {
            cannot_start(&mut d, inp.id, "command", other, "a string");
            json_text(other)
        }
    };
    d.command = replace_in_string(&command, &vars, "command", &mut d.problems);
    match config.get("args") {
        Some(Json::Array(items)) => d.args = replace_in_args(items, &vars, &mut d.problems),
        None | Some(Json::Null) => {}
        // the app builds the command line from an array
        Some(other) => cannot_start(&mut d, inp.id, "args", other, "an array"),
    }
    if let Some(Json::Object(env)) = config.get("env") {
        for (k, v) in env {
            let value =
                replace_in_string(&json_text(v), &vars, &format!("env.{k}"), &mut d.problems);
            d.env.push((k.clone(), value));
        }
    }
    // masked as a config server's would be: a value under a secret-like
    // name (wherever else it lands, an arg included), a secret by rule
    // in the args (`--api-key X`)
    let named = d
        .env
        .iter()
        .filter(|(k, v)| crate::secrets::names_a_secret(k) && !v.is_empty())
        .map(|(_, v)| v.clone());
    let by_rule = crate::secrets::values(&d.args);
    for v in named.chain(by_rule).collect::<Vec<_>>() {
        if !d.secrets.contains(&v) {
            d.secrets.push(v);
        }
    }
    name_unresolved(&options, inp.saved, &mut d);
    runtime_notes(inp, runtime, &mut d);
    d
}

/// The manifest gives `field` as `other`, not `wanted`: the app cannot
/// start the server.
fn cannot_start(d: &mut LaunchDescription, id: &str, field: &str, other: &Json, wanted: &str) {
    d.app_starts = false;
    d.problems.push(
        Finding::new(
            Code::ExtensionNoCommand,
            format!(
                "the manifest of `{id}` gives `{field}` as {}, not {wanted}: the app cannot start it",
                json_kind(other)
            ),
        )
        .hint("reinstall the extension, or ask its author for a bundle that passes `mcpb validate`"),
    );
}

/// `server.mcp_config`, or what mcpctl assumes when there is none.
fn base_config(
    inp: &LaunchInputs,
    server: Option<&Json>,
    runtime: Option<Runtime>,
    d: &mut LaunchDescription,
) -> Option<Map<String, Json>> {
    if let Some(Json::Object(c)) = server.and_then(|s| s.get("mcp_config")) {
        return Some(c.clone());
    }
    let entry = server
        .and_then(|s| s.get("entry_point"))
        .and_then(Json::as_str);
    let (Some(Runtime::Uv), Some(entry)) = (runtime, entry) else {
        d.app_starts = false;
        d.problems.push(
            Finding::new(Code::ExtensionNoCommand,
                format!("the manifest of `{}` has no `server.mcp_config`: the app has no command to start", inp.id),
            )
            .hint("reinstall the extension, or ask its author for a bundle that passes `mcpb validate`"),
        );
        return None;
    };
    // uv bundles may leave the command to the host (mcpb 0.4, experimental)
    let mut c = Map::new();
    c.insert("command".into(), Json::from("uv"));
    c.insert(
        "args".into(),
        Json::from(vec!["run", "--directory", "${__dirname}", entry]),
    );
    d.notes.push(Finding::new(Code::UvHostManaged,
        format!(
            "a uv extension without `mcp_config`: the app runs it with its own uv; mcpctl runs `uv run --directory <folder> {entry}` with the machine's uv"
        ),
    ));
    Some(c)
}

/// The OS key of `platform_overrides` (Node's `process.platform`).
pub fn platform_key(os: Os) -> &'static str {
    match os {
        Os::MacOs => "darwin",
        Os::Windows => "win32",
        Os::Linux => "linux",
    }
}

fn apply_override(
    os: Os,
    mut config: Map<String, Json>,
    d: &mut LaunchDescription,
) -> Map<String, Json> {
    let key = platform_key(os);
    let over = config
        .get("platform_overrides")
        .and_then(|p| p.get(key))
        .and_then(Json::as_object)
        .cloned();
    let Some(over) = over else {
        return config;
    };
    let mut replaced = Vec::new();
    for field in ["command", "args", "env"] {
        // as in the library: `override.x || base.x` (an empty command does
        // not replace; an empty list or object does)
        match over.get(field) {
            Some(Json::String(s)) if s.is_empty() => {}
            Some(Json::Null) | None => {}
            Some(v) => {
                config.insert(field.to_string(), v.clone());
                replaced.push(field);
            }
        }
    }
    if !replaced.is_empty() {
        d.notes.push(Finding::new(
            Code::PlatformOverride,
            format!(
                "`platform_overrides.{key}` replaces {} (as a whole, not merged)",
                replaced
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    config
}

/// A value the library counts as not set.
fn is_unset(v: Option<&Json>) -> bool {
    let single = |v: &Json| matches!(v, Json::Null) || v.as_str() == Some("");
    match v {
        None => true,
        Some(Json::Array(items)) => items.is_empty() || items.iter().any(single),
        Some(v) => single(v),
    }
}

fn is_sensitive(option: &Json) -> bool {
    option.get("sensitive").and_then(Json::as_bool) == Some(true)
}

fn title(key: &str, option: &Json) -> String {
    match option.get("title").and_then(Json::as_str) {
        Some(t) if !t.is_empty() => format!("`{key}` ({t})"),
        _ => format!("`{key}`"),
    }
}

/// The app does not start a server with a required setting unsaved.
/// Sensitive ones are not in the settings file: they are named by
/// [`name_unresolved`], not counted as missing.
fn check_required(
    options: &Map<String, Json>,
    saved: &Map<String, Json>,
    d: &mut LaunchDescription,
) {
    for (key, option) in options {
        let required = option.get("required").and_then(Json::as_bool) == Some(true);
        if !required || is_sensitive(option) || !is_unset(saved.get(key)) {
            continue;
        }
        d.app_starts = false;
        let default = option
            .get("default")
            .map(|v| format!(" (the manifest's default {v} does not count for a required setting)"))
            .unwrap_or_default();
        d.problems.push(
            Finding::new(Code::ExtensionSettingMissing,
                format!(
                    "required setting {} of `{}` has no saved value: the app does not start this extension{default}",
                    title(key, option),
                    d.name
                ),
            )
            .hint("set it in Claude Desktop's Settings → Extensions, then restart the app"),
        );
    }
}

/// The variables, in the order the library replaces them.
fn variables(
    inp: &LaunchInputs,
    options: &Map<String, Json>,
    d: &mut LaunchDescription,
) -> Vec<(String, Var)> {
    let sep = if inp.os == Os::Windows { "\\" } else { "/" };
    let mut vars: Vec<(String, Var)> = vec![
        ("__dirname".into(), Var::One(inp.dir.clone())),
        ("pathSeparator".into(), Var::One(sep.into())),
        ("/".into(), Var::One(sep.into())),
    ];
    let dirs = system_dirs(inp.home.as_deref(), sep);
    for (k, v) in &dirs {
        vars.push((k.to_string(), Var::One(v.clone())));
    }
    // defaults first (with ${HOME}, ${DESKTOP}, ... expanded, as the spec
    // allows in defaults), then the saved values, like Object.assign
    let mut merged: Vec<(String, Json)> = Vec::new();
    let mut defaulted = Vec::new();
    for (key, option) in options {
        if let Some(def) = option.get("default") {
            merged.push((key.clone(), expand_dirs(def, &dirs)));
            if !inp.saved.contains_key(key) {
                defaulted.push(key.clone());
            }
        }
    }
    for (key, value) in inp.saved {
        match merged.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value.clone(),
            None => merged.push((key.clone(), value.clone())),
        }
    }
    for (key, value) in merged {
        vars.push((format!("user_config.{key}"), to_var(&value)));
    }
    if !defaulted.is_empty() {
        d.notes.push(Finding::new(
            Code::ExtensionSettingDefault,
            format!(
                "not saved in the settings file, so the manifest's default is used: {}",
                defaulted
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    vars
}

/// `${HOME}`, `${DESKTOP}`, `${DOCUMENTS}`, `${DOWNLOADS}` (the app's
/// `app.getPath` folders, taken as the usual names under the home folder).
fn system_dirs(home: Option<&str>, sep: &str) -> Vec<(&'static str, String)> {
    let Some(home) = home else {
        return Vec::new();
    };
    let home = home.trim_end_matches(['/', '\\']).to_string();
    let under = |name: &str| format!("{home}{sep}{name}");
    vec![
        ("HOME", home.clone()),
        ("DESKTOP", under("Desktop")),
        ("DOCUMENTS", under("Documents")),
        ("DOWNLOADS", under("Downloads")),
    ]
}

fn expand_dirs(value: &Json, dirs: &[(&str, String)]) -> Json {
    let expand = |s: &str| {
        dirs.iter().fold(s.to_string(), |acc, (k, v)| {
            acc.replace(&format!("${{{k}}}"), v)
        })
    };
    match value {
        Json::String(s) => Json::String(expand(s)),
        Json::Array(items) => Json::Array(items.iter().map(|i| expand_dirs(i, dirs)).collect()),
        other => other.clone(),
    }
}

/// JavaScript's `String(value)` for the JSON a settings file holds.
fn js_string(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Bool(b) => b.to_string(),
        Json::Null => "null".into(),
        Json::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 1e21 => format!("{f:.0}"),
            (None, Some(f)) => f.to_string(),
            _ => n.to_string(),
        },
        Json::Array(items) => items.iter().map(js_string).collect::<Vec<_>>().join(","),
        Json::Object(_) => "[object Object]".into(),
    }
}

fn to_var(v: &Json) -> Var {
    match v {
        Json::Array(items) => Var::Many(items.iter().map(js_string).collect()),
        other => Var::One(js_string(other)),
    }
}

/// A manifest value used as text (strings as they are, others as JSON).
fn json_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => js_string(other),
    }
}

/// Replace every known variable in a string, in order. A list cannot go
/// into a string: it is left as written, and said.
fn replace_in_string(
    text: &str,
    vars: &[(String, Var)],
    place: &str,
    problems: &mut Vec<Finding>,
) -> String {
    let mut out = text.to_string();
    for (name, value) in vars {
        let pattern = format!("${{{name}}}");
        if !out.contains(&pattern) {
            continue;
        }
        match value {
            Var::One(v) => out = out.replace(&pattern, v),
            Var::Many(_) => problems.push(
                Finding::new(Code::ExtensionListInString,
                    format!("`{pattern}` holds several values but sits inside `{place}`: the app leaves it as written"),
                )
                .hint("a list setting expands only when it is a whole argument of its own"),
            ),
        }
    }
    out
}

fn replace_in_args(
    items: &[Json],
    vars: &[(String, Var)],
    problems: &mut Vec<Finding>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let text = json_text(item);
        let whole = whole_user_config_ref(&text);
        let found = whole.and_then(|n| vars.iter().find(|(k, _)| *k == n).map(|(_, v)| v));
        match found {
            // JS truthiness: an empty string is kept as written
            Some(Var::One(v)) if !v.is_empty() => out.push(v.clone()),
            Some(Var::Many(vs)) => out.extend(vs.iter().cloned()),
            Some(Var::One(_)) => out.push(text),
            None if whole.is_some() => out.push(text),
            None => out.push(replace_in_string(
                &text,
                vars,
                &format!("args[{i}]"),
                problems,
            )),
        }
    }
    out
}

/// `user_config.KEY` when `text` is exactly `${user_config.KEY}`.
fn whole_user_config_ref(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("${")?.strip_suffix('}')?;
    (inner.starts_with("user_config.")
        && inner.len() > "user_config.".len()
        && !inner.contains('}'))
    .then_some(inner)
}

/// Every `${NAME}` left in a text.
fn references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

/// Name every variable still unresolved; env entries that are nothing but
/// a keychain value are left out (the server sees them unset, not as a
/// `${...}` literal).
fn name_unresolved(
    options: &Map<String, Json>,
    saved: &Map<String, Json>,
    d: &mut LaunchDescription,
) {
    let mut seen: Vec<String> = Vec::new();
    let texts: Vec<String> = std::iter::once(d.command.clone())
        .chain(d.args.iter().cloned())
        .chain(d.env.iter().map(|(_, v)| v.clone()))
        .collect();
    for name in texts.iter().flat_map(|t| references(t)) {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        if let Some(f) = unresolved(&name, options, saved, &d.name) {
            d.problems.push(f);
        }
    }
    let keychain = |v: &str| {
        whole_user_config_ref(v)
            .and_then(|n| n.strip_prefix("user_config."))
            .is_some_and(|k| {
                options
                    .get(k)
                    .is_some_and(|o| is_sensitive(o) && is_unset(saved.get(k)))
            })
    };
    d.env.retain(|(_, v)| !keychain(v));
}

/// Why `${name}` is left; None when [`check_required`] said it already.
fn unresolved(
    name: &str,
    options: &Map<String, Json>,
    saved: &Map<String, Json>,
    id: &str,
) -> Option<Finding> {
    let Some(key) = name.strip_prefix("user_config.") else {
        return Some(Finding::new(Code::ExtensionUnknownVariable,
            format!("`${{{name}}}` in the manifest of `{id}` is not a variable the app replaces: it is passed as written"),
        )
        .hint("the app knows ${__dirname}, ${HOME}, ${DESKTOP}, ${DOCUMENTS}, ${DOWNLOADS}, ${/} and ${user_config.KEY}"));
    };
    let required = |o: &Json| o.get("required").and_then(Json::as_bool) == Some(true);
    // it has a value, and is left only because that value is a list inside
    // a longer string: `extension-list-in-string` said so
    let has_value = |o: &Json| !is_unset(saved.get(key)) || !is_unset(o.get("default"));
    let finding = match options.get(key) {
        Some(o) if !is_sensitive(o) && required(o) => return None,
        Some(o) if has_value(o) => return None,
        Some(o) if is_sensitive(o) && is_unset(saved.get(key)) => Finding::new(Code::ExtensionKeychainValue,
            format!(
                "setting {} of `{id}` is sensitive: the app keeps it in the OS keychain, which mcpctl does not read, so this launch goes without it",
                title(key, o)
            ),
        )
        .hint("a failure that needs this value may not happen in the app; the app's own log (mcp-server-NAME.log) shows its real run"),
        Some(o) => Finding::new(Code::ExtensionSettingUnset,
            format!(
                "setting {} of `{id}` has no saved value and no default: `${{{name}}}` is passed as written",
                title(key, o)
            ),
        )
        .hint("set it in Claude Desktop's Settings → Extensions"),
        None => Finding::new(Code::ExtensionUnknownVariable,
            format!("`${{{name}}}` names a setting the manifest of `{id}` does not declare: it is passed as written"),
        )
        .hint("the extension's author must declare it under `user_config`"),
    };
    Some(finding)
}

/// What the app does differently for this runtime.
fn runtime_notes(inp: &LaunchInputs, runtime: Option<Runtime>, d: &mut LaunchDescription) {
    let base = d
        .command
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if runtime == Some(Runtime::Node) && (base == "node" || base == "node.exe") {
        d.notes.push(Finding::new(Code::ExtensionBuiltinNode,
            "the app runs Node extensions on its own built-in Node.js (`Using built-in Node.js for MCP server` in mcp.log); this launch uses the machine's `node`, which may be another version",
        ));
    }
    if runtime == Some(Runtime::Uv)
        && base.starts_with("uv")
        && !d.notes.iter().any(|n| n.code == Code::UvHostManaged)
    {
        d.notes.push(Finding::new(Code::UvHostManaged,
            "the app manages uv and the Python environment of uv extensions itself; this launch uses the machine's `uv`",
        ));
    }
    let sep_in = |c: &str| c.contains('/') || c.contains('\\');
    let absolute = d.command.starts_with('/')
        || d.command.starts_with('\\')
        || d.command.get(1..3).is_some_and(|s| s == ":\\" || s == ":/");
    if runtime == Some(Runtime::Binary) && sep_in(&d.command) && !absolute {
        let sep = if inp.os == Os::Windows { "\\" } else { "/" };
        let resolved = format!(
            "{}{sep}{}",
            inp.dir.trim_end_matches(['/', '\\']),
            d.command
        );
        d.problems.push(Finding::new(Code::ExtensionRelativeCommand,
            format!(
                "the command `{}` is relative; the app's working folder for extensions is not documented, so mcpctl runs it from the extension's folder",
                d.command
            ),
        ).hint("a bundle that writes `${__dirname}/...` works the same everywhere"));
        d.command = resolved;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(os: Os, manifest: Json, saved: Json) -> LaunchDescription {
        let saved = saved.as_object().cloned().unwrap_or_default();
        let (dir, home) = match os {
            Os::Windows => (
                r"C:\Users\ann\AppData\Roaming\Claude\Claude Extensions\x",
                r"C:\Users\ann",
            ),
            _ => ("/home/ann/.config/Claude/Claude Extensions/x", "/home/ann"),
        };
        describe_manifest(&LaunchInputs {
            id: "x",
            manifest: &manifest,
            saved: &saved,
            os,
            dir: dir.into(),
            home: Some(home.into()),
        })
    }

    /// A saved sensitive value is a secret even when the manifest gives
    /// no command line to put it in.
    #[test]
    fn sensitive_saved_values_are_secrets_without_a_command_line() {
        let d = run(
            Os::Linux,
            json!({"server": {"type": "node"},
                "user_config": {"key": {"type": "string", "sensitive": true}}}),
            json!({"key": "sk-saved-no-config-1"}),
        );
        assert!(!d.app_starts);
        assert_eq!(d.secrets, ["sk-saved-no-config-1"]);
    }

    /// The values of sensitive settings in a logged command line, by where
    /// the manifest puts them: whole, among literal text, past a list
    /// setting (counted from the end), each item of a sensitive list, the
    /// platform override's args; nothing the app left as written.
    #[test]
    fn sensitive_values_are_found_in_a_logged_command_line_by_place() {
        let manifest = json!({"server": {"type": "node", "mcp_config": {
            "command": "node",
            "args": ["${__dirname}/i.js", "${user_config.key}", "${user_config.dirs}",
                     "--token=${user_config.tok};", "${HOME}/${user_config.key}", "--plain"],
            "platform_overrides": {"win32": {"args": ["w.js", "${user_config.tok}"]}}
        }}, "user_config": {
            "key": {"type": "string", "sensitive": true},
            "tok": {"type": "string", "sensitive": true},
            "dirs": {"type": "directory", "multiple": true}
        }});
        let logged = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        let got = sensitive_in_logged(
            &manifest,
            Os::Linux,
            &logged(&[
                "/x/i.js",
                "KEY-VALUE",
                "/a",
                "/b",
                "--token=TOK-VALUE;",
                "/home/ann/KEY-VALUE",
                "--plain",
            ]),
        );
        assert_eq!(got, ["KEY-VALUE", "TOK-VALUE", "/home/ann/KEY-VALUE"]);
        // no list items: the places still line up
        let got = sensitive_in_logged(
            &manifest,
            Os::Linux,
            &logged(&["/x/i.js", "K2", "--token=T2;", "/h/K2", "--plain"]),
        );
        assert_eq!(got, ["K2", "T2", "/h/K2"]);
        // the app had no value: `${user_config.key}` as written
        let got = sensitive_in_logged(
            &manifest,
            Os::Linux,
            &logged(&[
                "/x/i.js",
                "${user_config.key}",
                "--token=T3;",
                "/h/x",
                "--plain",
            ]),
        );
        assert_eq!(got, ["T3", "/h/x"]);
        let got = sensitive_in_logged(&manifest, Os::Windows, &logged(&["w.js", "WIN-TOK"]));
        assert_eq!(got, ["WIN-TOK"]);

        // a sensitive list: every item between the fixed places
        let list = json!({"server": {"mcp_config": {"command": "x",
            "args": ["a", "${user_config.keys}", "z"]}},
            "user_config": {"keys": {"type": "string", "multiple": true, "sensitive": true}}});
        let got = sensitive_in_logged(&list, Os::Linux, &logged(&["a", "K1", "K2", "z"]));
        assert_eq!(got, ["K1", "K2"]);
        // no mcp_config, or no sensitive setting: nothing
        let none = json!({"server": {"type": "node"}});
        assert!(sensitive_in_logged(&none, Os::Linux, &logged(&["a"])).is_empty());
    }

    /// A file of the command line inside the extension's folder that is
    /// not there: the bundle lacks it.
    #[test]
    fn a_file_missing_from_the_bundle_is_named_relative_to_it() {
        let d = run(
            Os::Linux,
            json!({"server": {"type": "node", "mcp_config": {
                "command": "node", "args": ["${__dirname}/server/index.js", "/elsewhere/x.js"]}}}),
            json!({}),
        );
        let dir = "/home/ann/.config/Claude/Claude Extensions/x";
        assert_eq!(
            missing_from_bundle(&d, dir, &|_| false).as_deref(),
            Some("server/index.js")
        );
        assert_eq!(missing_from_bundle(&d, dir, &|_| true), None);
        // a folder named like the start of another's is not it
        assert_eq!(
            missing_from_bundle(&d, &format!("{dir}-other"), &|_| false),
            None
        );
    }

    /// The saved values of sensitive settings are kept to be masked.
    #[test]
    fn sensitive_saved_values_are_secrets() {
        let d = run(
            Os::Linux,
            json!({"server": {"type": "node", "mcp_config": {
                "command": "node", "args": ["${__dirname}/i.js", "${user_config.key}", "${user_config.dirs}"]
            }}, "user_config": {
                "key": {"type": "string", "sensitive": true},
                "dirs": {"type": "directory", "multiple": true}
            }}),
            json!({"key": "sk-user-config-secret-123456", "dirs": ["/home/ann/a"]}),
        );
        assert_eq!(d.secrets, ["sk-user-config-secret-123456"]);
        assert!(
            d.args.contains(&"sk-user-config-secret-123456".to_string()),
            "{:?}",
            d.args
        );
    }

    fn codes(v: &[Finding]) -> Vec<&'static str> {
        v.iter().map(|f| f.code.id()).collect()
    }

    #[test]
    fn substitutions_and_list_expansion() {
        let m = json!({"server": {"type": "node", "entry_point": "i.js", "mcp_config": {
            "command": "node",
            "args": ["${__dirname}${/}i.js", "${user_config.dirs}", "--n=${user_config.n}", "${user_config.flag}"],
            "env": {"D": "${DOCUMENTS}", "DL": "${DOWNLOADS}", "DESK": "${DESKTOP}", "P": "${pathSeparator}"}
        }}, "user_config": {
            "dirs": {"type": "directory", "multiple": true, "default": ["${HOME}/a"]},
            "n": {"type": "number", "default": 10},
            "flag": {"type": "boolean", "default": false}
        }});
        let d = run(Os::Linux, m.clone(), json!({"n": 2.0}));
        assert_eq!(d.command, "node");
        assert_eq!(
            d.args,
            [
                "/home/ann/.config/Claude/Claude Extensions/x/i.js",
                "/home/ann/a",
                "--n=2",
                "false"
            ]
        );
        assert_eq!(
            d.env,
            [
                ("D".into(), "/home/ann/Documents".into()),
                ("DL".into(), "/home/ann/Downloads".into()),
                ("DESK".into(), "/home/ann/Desktop".into()),
                ("P".into(), "/".into())
            ]
        );
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert!(d.app_starts);
        assert_eq!(
            codes(&d.notes),
            ["extension-setting-default", "extension-builtin-node"]
        );
        let d = run(Os::Linux, m, json!({"dirs": ["/p", "/q"], "flag": true}));
        assert_eq!(d.args[1..], ["/p", "/q", "--n=10", "true"]);
    }

    #[test]
    fn windows_override_replaces_whole_fields() {
        let m = json!({"server": {"type": "binary", "entry_point": "server", "mcp_config": {
            "command": "${__dirname}/server",
            "args": ["--a"],
            "env": {"A": "1", "B": "2"},
            "platform_overrides": {"win32": {"command": "${__dirname}\\server.exe", "env": {"B": "3"}},
                                   "darwin": {"args": []}}
        }}});
        let d = run(Os::Windows, m.clone(), json!({}));
        assert_eq!(
            d.command,
            r"C:\Users\ann\AppData\Roaming\Claude\Claude Extensions\x\server.exe"
        );
        assert_eq!(d.args, ["--a"]);
        assert_eq!(d.env, [("B".to_string(), "3".to_string())]);
        assert!(
            d.notes[0]
                .message
                .contains("`platform_overrides.win32` replaces `command`, `env`")
        );
        let d = run(Os::MacOs, m.clone(), json!({}));
        assert!(d.args.is_empty(), "an empty list replaces too");
        let d = run(Os::Linux, m, json!({}));
        assert_eq!(d.args, ["--a"]);
        assert!(d.notes.is_empty());
    }

    #[test]
    fn required_missing_stops_the_app_and_sensitive_is_named() {
        let m = json!({"server": {"type": "python", "entry_point": "m.py", "mcp_config": {
            "command": "python3",
            "args": ["m.py", "${user_config.ws}"],
            "env": {"KEY": "${user_config.key}", "R": "${user_config.region}", "X": "${user_config.nope}", "Y": "${FOO}"}
        }}, "user_config": {
            "ws": {"type": "directory", "title": "Workspace", "required": true, "default": "${HOME}"},
            "key": {"type": "string", "title": "API key", "sensitive": true, "required": true},
            "region": {"type": "string"}
        }});
        let d = run(Os::Linux, m, json!({"ws": ""}));
        assert!(!d.app_starts);
        assert_eq!(
            codes(&d.problems),
            [
                "extension-setting-missing",
                "extension-keychain-value",
                "extension-setting-unset",
                "extension-unknown-variable",
                "extension-unknown-variable"
            ]
        );
        assert!(
            d.problems[0].message.contains("`ws` (Workspace)"),
            "{}",
            d.problems[0].message
        );
        assert!(d.problems[1].message.contains("OS keychain"));
        // the saved empty value wins over the default, like Object.assign;
        // an empty whole-argument value is kept as written (JS truthiness)
        assert_eq!(d.args, ["m.py", "${user_config.ws}"]);
        let keys: Vec<&str> = d.env.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["R", "X", "Y"], "the keychain value is left unset");
    }

    #[test]
    fn a_list_inside_a_string_stays_and_is_said() {
        let m = json!({"server": {"type": "node", "entry_point": "i.js", "mcp_config": {
            "command": "npx", "args": ["--dirs=${user_config.d}"]}},
            "user_config": {"d": {"type": "directory", "multiple": true}}});
        let d = run(Os::Linux, m.clone(), json!({"d": ["/a", "/b"]}));
        assert_eq!(d.args, ["--dirs=${user_config.d}"]);
        // said once, as a list in a string: the setting is set, not unset
        assert_eq!(codes(&d.problems), ["extension-list-in-string"]);
        assert!(d.notes.is_empty(), "npx: no built-in node note");
        // the same from a default
        let mut with_default = m.clone();
        with_default["user_config"]["d"]["default"] = json!(["/a", "/b"]);
        let d = run(Os::Linux, with_default, json!({}));
        assert_eq!(codes(&d.problems), ["extension-list-in-string"]);
        // and an unset one is said unset
        let d = run(Os::Linux, m, json!({}));
        assert!(
            codes(&d.problems).contains(&"extension-setting-unset"),
            "{:?}",
            codes(&d.problems)
        );
    }

    #[test]
    fn uv_without_mcp_config_and_no_command() {
        let m = json!({"server": {"type": "uv", "entry_point": "src/server.py"}});
        let d = run(Os::MacOs, m, json!({}));
        assert_eq!(d.command, "uv");
        assert_eq!(
            d.args,
            [
                "run",
                "--directory",
                "/home/ann/.config/Claude/Claude Extensions/x",
                "src/server.py"
            ]
        );
        assert_eq!(codes(&d.notes), ["uv-host-managed"]);
        let d = run(
            Os::MacOs,
            json!({"server": {"type": "node", "entry_point": "i.js"}}),
            json!({}),
        );
        assert!(!d.app_starts);
        assert_eq!(codes(&d.problems), ["extension-no-command"]);
        let d = run(Os::MacOs, json!({}), json!({}));
        assert!(!d.app_starts);
    }

    #[test]
    fn relative_binary_command_is_resolved_and_said() {
        let m = json!({"server": {"type": "binary", "entry_point": "server/s", "mcp_config": {"command": "server/s"}}});
        let d = run(Os::Linux, m, json!({}));
        assert_eq!(
            d.command,
            "/home/ann/.config/Claude/Claude Extensions/x/server/s"
        );
        assert_eq!(codes(&d.problems), ["extension-relative-command"]);
    }

    #[test]
    fn js_string_matches_javascript() {
        assert_eq!(js_string(&json!(10)), "10");
        assert_eq!(js_string(&json!(2.0)), "2");
        assert_eq!(js_string(&json!(1.5)), "1.5");
        assert_eq!(js_string(&json!(true)), "true");
        assert_eq!(js_string(&json!(null)), "null");
        assert_eq!(
            references("a${x}b${user_config.y}${"),
            ["x", "user_config.y"]
        );
        assert_eq!(
            whole_user_config_ref("${user_config.a}"),
            Some("user_config.a")
        );
        assert_eq!(whole_user_config_ref("${user_config.}"), None);
        assert_eq!(whole_user_config_ref("x${user_config.a}"), None);
    }
}
