//! The small dispatch between launching a server and probing it over HTTP:
//! which entries are remote (`config::remote`: a url entry, or a bridge
//! entry, whose URL is probed directly instead of starting the bridge),
//! the [`http::Target`] each becomes (headers as the bridge would send
//! them, the proxy and CA files that apply), `test-launch --url`, and
//! running both kinds at once with one progress bar.

use crate::config::model::{ServerEntry, effective};
use crate::config::remote::{self, Remote, TransportHint, Via as EntryVia};
use crate::error::Error;
use crate::platform::HostEnv;
use crate::probe::http::{self, Order, Target, Via, client};
use crate::probe::{self, LaunchSpec, ProbeReport};
use crate::settings::{Global, Launch};

/// What checking one server means.
#[derive(Debug, Clone)]
pub enum Check {
    Launch(LaunchSpec),
    Remote(Box<Target>),
}

impl Check {
    pub fn name(&self) -> &str {
        match self {
            Check::Launch(s) => &s.name,
            Check::Remote(t) => &t.name,
        }
    }
}

/// One check per spec (`launch_specs`, perhaps calibrated with the PATH
/// the app logged), in order: a spec whose entry is remote (a url entry,
/// a bridge entry) is probed over HTTP instead of launched. An entry with
/// neither a command nor a URL is a launch with an empty command (the
/// probe says so).
pub fn checks(specs: Vec<LaunchSpec>, servers: &[ServerEntry], host: &HostEnv) -> Vec<Check> {
    let entries = effective(servers);
    specs
        .into_iter()
        .map(|spec| check_of(spec, &entries, host))
        .collect()
}

/// The check of `spec`, whose entry is the one of `entries` (the
/// effective servers) by its name.
fn check_of(spec: LaunchSpec, entries: &[ServerEntry], host: &HostEnv) -> Check {
    let remote = entries
        .iter()
        .find(|e| e.name == spec.name)
        .and_then(|e| remote::of(e).map(|r| (e, r)));
    match remote {
        Some((e, r)) => Check::Remote(Box::new(target(e, &r, host))),
        None => Check::Launch(spec),
    }
}

/// `add --check`, `add-json --check`: what checking one new server means,
/// as `test-launch` would check it once it is saved — its entry found in
/// `servers` (the file's servers with the new one): a url entry or a
/// bridge entry is probed over HTTP, and a bridge is never started (it
/// may open a browser to sign in); any other is launched from `spec`.
pub fn check_new(spec: LaunchSpec, servers: &[ServerEntry], host: &HostEnv) -> Check {
    check_of(spec, &effective(servers), host)
}

/// What `check` finds, without a progress bar: the launch with `opts`,
/// or the HTTP probe within its timeout.
pub fn run_one(check: &Check, opts: &probe::ProbeOptions, host: &HostEnv) -> ProbeReport {
    match check {
        Check::Remote(t) => http::probe(t, opts.timeout, opts.lanes),
        Check::Launch(spec) => probe::probe(spec, opts, host),
    }
}

/// The line said while `check` runs (`checking `NAME` (...)...`).
pub fn checking(check: &Check) -> String {
    let how = match check {
        Check::Launch(_) => "launching it as Claude Desktop would".to_string(),
        Check::Remote(t) => match &t.via {
            Via::Bridge(b) => {
                format!("probing its URL over HTTP as test-launch does; {b} is not started")
            }
            Via::UrlEntry | Via::CommandLine => "probing its URL over HTTP".to_string(),
        },
    };
    format!("checking `{}` ({how})...", check.name())
}

/// Whether there is anything to check: a URL, or a command.
pub fn has_something(c: &Check) -> bool {
    match c {
        Check::Launch(s) => !s.command.is_empty(),
        Check::Remote(_) => true,
    }
}

fn own_var(host: &HostEnv) -> impl Fn(&str) -> Option<String> + '_ {
    move |k: &str| host.var(k).map(str::to_string)
}

/// The HTTP target for a remote entry.
pub fn target(e: &ServerEntry, r: &Remote, host: &HostEnv) -> Target {
    let bridge = r.bridge();
    let own = own_var(host);
    let cas = client::ca_files(bridge.is_some(), &e.env, &own);
    let proxy = client::pick_proxy(&r.url, &own);
    let mut notes = Vec::new();
    let mut bridge_exits = None;
    if let Some(b) = bridge {
        if let Some(p) = &proxy
            && b.bridge == remote::Bridge::McpRemote
            && !b.enable_proxy
        {
            notes.push(format!(
                "mcpctl went through the proxy {} from your environment; mcp-remote ignores \
proxy variables unless --enable-proxy is in its args and HTTPS_PROXY is in the entry's env",
                client::mask_proxy(p)
            ));
        }
        // the bridge exits whatever the server does: the verdict
        if b.bridge == remote::Bridge::McpRemote
            && !b.allow_http
            && remote::mcp_remote_refuses(&r.url)
        {
            bridge_exits = Some(
                "mcp-remote exits at start: it refuses a plain http:// URL to another host \
unless --allow-http is in its args"
                    .to_string(),
            );
        } else if b.bridge.runs_on_node() && remote::has_credentials(&r.url) {
            bridge_exits = Some(format!(
                "{} exits at its first request: Node's fetch refuses a URL with credentials \
(user:password@)",
                b.bridge.package()
            ));
        }
    }
    Target {
        name: e.name.clone(),
        url: r.url.clone(),
        headers: r.resolved_headers(&e.env),
        order: if r.transport == TransportHint::Sse {
            Order::Sse
        } else {
            Order::Auto
        },
        via: match &r.via {
            EntryVia::UrlEntry => Via::UrlEntry,
            EntryVia::Bridge(b) => Via::Bridge(b.bridge.package().to_string()),
        },
        command: e.command.clone().unwrap_or_default(),
        args: e.args.clone(),
        env: e.env.clone(),
        setup: client::Setup {
            proxy,
            ca_files: cas.iter().map(|c| c.path.clone()).collect(),
        },
        ca_from: cas.into_iter().map(|c| c.from).collect(),
        notes,
        private_host: crate::urls::is_private_host(&r.url),
        bridge_exits,
    }
}

/// `test-launch --url URL [--header K:V]...`.
pub fn ad_hoc(url: &str, headers: &[String], host: &HostEnv) -> Result<Target, Error> {
    let mut parsed = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match h.split_once(':') {
            // a token read from a file with its line end inside, say
            Some((_, v)) if v.trim().chars().any(char::is_control) => {
                return Err(Error::new(format!(
                    "--header number {} holds a line break or another control character in its value",
                    i + 1
                ))
                .hint("HTTP header values are one line: strip it (a token read from a file keeps its line end: `$(tr -d '\\r\\n' < token.txt)`)"));
            }
            Some((k, v)) if !k.trim().is_empty() && !k.trim().contains(' ') => {
                parsed.push((k.trim().to_string(), v.trim().to_string()));
            }
            // never echo the value: it may be a token
            _ => {
                return Err(Error::new(format!(
                    "--header number {} is not `Name: value`",
                    i + 1
                ))
                .hint("write it as --header 'Authorization: Bearer TOKEN' (a name, a colon, the value)"));
            }
        }
    }
    let own = own_var(host);
    let cas = client::ca_files(false, &[], &own);
    Ok(Target {
        name: url.to_string(),
        url: url.to_string(),
        headers: parsed,
        order: Order::Auto,
        via: Via::CommandLine,
        command: String::new(),
        args: Vec::new(),
        env: Vec::new(),
        setup: client::Setup {
            proxy: client::pick_proxy(url, &own),
            ca_files: cas.iter().map(|c| c.path.clone()).collect(),
        },
        ca_from: cas.into_iter().map(|c| c.from).collect(),
        notes: Vec::new(),
        private_host: crate::urls::is_private_host(url),
        bridge_exits: None,
    })
}

/// What an ad hoc target's output must hide: the secrets in its URL (a
/// password, `?api_key=`) and its headers' values, named by their names.
pub fn ad_hoc_secrets(t: &Target) -> crate::secrets::Secrets {
    let mut set = crate::secrets::Secrets::none();
    set.add_pattern(crate::secrets::in_free_text);
    let url = [t.url.as_str()];
    if let Some(basic) = crate::urls::basic_credentials(&t.url) {
        set.add(Some("authorization"), &basic);
    }
    for s in crate::secrets::in_args(&url) {
        if let Some(v) = t.url.get(s.range) {
            set.add(Some(&s.label), v);
        }
    }
    for (k, v) in &t.headers {
        set.add_header(k, v);
    }
    set
}

/// The progress bar's line for a finished check. indicatif writes to the
/// terminal itself, past the output layer: the name (a `--url`, with its
/// credentials and secret query values; a config's name) is masked and
/// escaped here.
fn bar_message(name: &str, verdict: &str) -> String {
    let masked = crate::secrets::mask_args(&[name.to_string()]);
    let name = masked.first().map_or("", String::as_str);
    let name = crate::escape::terminal(name, false);
    format!("{name}: {verdict}")
}

/// Run every check, launches and HTTP probes at the same time, with a
/// progress bar (labelled `label`) only when stderr is a terminal.
/// Results in input order.
pub fn run_all(g: &Global, label: &str, checks: &[Check], launch: &Launch) -> Vec<ProbeReport> {
    let mut specs = Vec::new();
    let mut targets = Vec::new();
    let mut place = Vec::new();
    for c in checks {
        match c {
            Check::Launch(s) => {
                place.push((false, specs.len()));
                specs.push(s.clone());
            }
            Check::Remote(t) => {
                place.push((true, targets.len()));
                targets.push((**t).clone());
            }
        }
    }
    let bar = (g.progress && !checks.is_empty()).then(|| {
        let bar = indicatif::ProgressBar::new(checks.len() as u64);
        let template = format!("{{spinner}} {label} {{pos}}/{{len}} [{{elapsed}}] {{wide_msg}}");
        if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let on_done = |_: usize, r: &ProbeReport| {
        if let Some(bar) = &bar {
            bar.inc(1);
            bar.set_message(bar_message(&r.name, r.verdict.as_str()));
        }
    };
    let (opts, jobs) = (&launch.probe, launch.jobs);
    let remote = || http::probe_all(&targets, opts.timeout, opts.lanes, jobs, &on_done);
    let launch = || probe::probe_all(&specs, opts, &g.host, jobs, &on_done);
    // both kinds side by side; one kind alone on this thread (a thread
    // start is on the critical path of a single check)
    let (launched, probed) = match (specs.is_empty(), targets.is_empty()) {
        (true, _) => (Vec::new(), remote()),
        (false, true) => (launch(), Vec::new()),
        (false, false) => std::thread::scope(|s| {
            let remote = s.spawn(remote);
            let launched = launch();
            (launched, remote.join().unwrap_or_default())
        }),
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut launched = launched.into_iter().map(Some).collect::<Vec<_>>();
    let mut probed = probed.into_iter().map(Some).collect::<Vec<_>>();
    place
        .into_iter()
        .filter_map(|(remote, i)| {
            if remote {
                probed.get_mut(i).and_then(Option::take)
            } else {
                launched.get_mut(i).and_then(Option::take)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::source::Source;
    use crate::config::{model, syntax};

    fn host(vars: &[(&str, &str)]) -> HostEnv {
        HostEnv::fake(crate::platform::Os::Linux, None, vars)
    }

    /// The progress bar (written by indicatif, past the output layer)
    /// shows a `--url` with its password and secret query value masked,
    /// and a name's control characters escaped.
    #[test]
    fn the_progress_line_masks_and_escapes_the_name() {
        let line = bar_message(
            "http://bob:Brid9epwX@127.0.0.1:9/mcp?token=QTOK999",
            "timeout",
        );
        assert!(
            !line.contains("Brid9epwX") && !line.contains("QTOK999"),
            "{line}"
        );
        assert!(line.ends_with(": timeout"), "{line}");
        let line = bar_message("evil\u{1b}[2Jname", "ok");
        assert!(!line.contains('\u{1b}'), "{line}");
    }

    /// A URL's password is masked as written and as the Basic header the
    /// client makes of it (a server may echo that header back), in an ad
    /// hoc probe and in a config alike.
    #[test]
    fn url_credentials_are_masked_in_their_basic_form_too() {
        let t = ad_hoc("http://u:pw@127.0.0.1:9/mcp", &[], &host(&[])).unwrap();
        let basic = crate::urls::base64(b"u:pw");
        let echoed = format!("HTTP 400: bad header Authorization: Basic {basic}");
        assert_eq!(
            ad_hoc_secrets(&t).mask(&echoed),
            "HTTP 400: bad header Authorization: Basic ****"
        );
        let text = r#"{"mcpServers": {
            "b": {"command": "npx", "args": ["-y", "mcp-remote", "http://u:pw@127.0.0.1:9/mcp"]},
            "u": {"url": "https://ann:hunter@h.dev/mcp"}
        }}"#;
        let doc = syntax::parse(&Source::from_text("c.json", text));
        let set = crate::config::secrets::of(doc.root.as_ref(), &[], text);
        assert_eq!(
            set.mask(&echoed),
            "HTTP 400: bad header Authorization: Basic ****"
        );
        let other = crate::urls::base64(b"ann:hunter");
        assert_eq!(set.mask(&format!("Basic {other}")), "Basic ****");
    }

    #[test]
    fn bridges_and_url_entries_are_probed_over_http_and_the_rest_launched() {
        let text = r#"{"mcpServers": {
            "local": {"command": "node", "args": ["s.js"]},
            "pasted": {"type": "http", "url": "https://x.dev/mcp", "headers": {"X-Key": "k"}},
            "bridged": {"command": "npx", "args": ["-y", "mcp-remote", "https://y.dev/sse", "--header", "Authorization:${T}"], "env": {"T": "Bearer s", "NODE_EXTRA_CA_CERTS": "/ca.pem"}},
            "broken": {"args": []}
        }}"#;
        let doc = syntax::parse(&Source::from_text("c.json", text));
        let servers = doc.root.as_ref().map(model::servers).unwrap_or_default();
        let h = host(&[
            ("HTTPS_PROXY", "http://p:1"),
            ("SSL_CERT_FILE", "/corp.pem"),
        ]);
        let cs = checks(crate::commands::launch_specs(&servers), &servers, &h);
        let names: Vec<&str> = cs.iter().map(Check::name).collect();
        assert_eq!(names, ["local", "pasted", "bridged", "broken"]);
        assert!(!has_something(&cs[3]));
        let Check::Remote(bridged) = &cs[2] else {
            panic!("remote")
        };
        assert_eq!(
            bridged.headers,
            vec![("Authorization".into(), "Bearer s".into())]
        );
        assert_eq!(bridged.via, Via::Bridge("mcp-remote".into()));
        assert_eq!(
            bridged.setup.ca_files,
            vec![std::path::PathBuf::from("/ca.pem")]
        );
        assert!(
            bridged.notes.iter().any(|n| n.contains("--enable-proxy")),
            "{:?}",
            bridged.notes
        );
        let Check::Remote(pasted) = &cs[1] else {
            panic!("remote")
        };
        assert_eq!(
            pasted.setup.ca_files,
            vec![std::path::PathBuf::from("/corp.pem")]
        );
        assert_eq!(pasted.setup.proxy.as_deref(), Some("http://p:1"));
    }

    /// What makes a bridge exit whatever the server does (mcp-remote
    /// refusing plain http to another host, Node's fetch a URL with
    /// credentials) is the verdict's business; the proxy it ignores stays
    /// a note (it may reach the server anyway).
    #[test]
    fn a_bridge_that_exits_by_its_args_is_marked_and_a_proxy_stays_a_note() {
        let text = r#"{"mcpServers": {
            "plain": {"command": "npx", "args": ["-y", "mcp-remote", "http://10.0.0.2/mcp"]},
            "allowed": {"command": "npx", "args": ["-y", "mcp-remote", "http://10.0.0.2/mcp", "--allow-http"]},
            "creds": {"command": "npx", "args": ["-y", "mcp-remote", "https://u:p@x.dev/mcp"]},
            "proxied": {"command": "npx", "args": ["-y", "mcp-remote", "https://x.dev/mcp"]}
        }}"#;
        let doc = syntax::parse(&Source::from_text("c.json", text));
        let servers = doc.root.as_ref().map(model::servers).unwrap_or_default();
        let h = host(&[("HTTPS_PROXY", "http://p:1")]);
        let cs = checks(crate::commands::launch_specs(&servers), &servers, &h);
        let exits: Vec<Option<String>> = cs
            .iter()
            .map(|c| match c {
                Check::Remote(t) => t.bridge_exits.clone(),
                Check::Launch(_) => None,
            })
            .collect();
        assert!(
            exits[0]
                .as_deref()
                .is_some_and(|w| w.starts_with("mcp-remote exits at start")),
            "{exits:?}"
        );
        assert_eq!(exits[1], None);
        assert!(
            exits[2]
                .as_deref()
                .is_some_and(|w| w.contains("Node's fetch refuses a URL with credentials")),
            "{exits:?}"
        );
        assert_eq!(exits[3], None);
        let Check::Remote(proxied) = &cs[3] else {
            panic!("remote")
        };
        assert!(
            proxied.notes.iter().any(|n| n.contains("--enable-proxy")),
            "{:?}",
            proxied.notes
        );
    }

    #[test]
    fn ad_hoc_headers_are_checked_without_echoing_values() {
        let h = host(&[]);
        let t = ad_hoc(
            "https://x.dev/mcp",
            &["Authorization: Bearer abc".into()],
            &h,
        )
        .expect("parses");
        assert_eq!(
            t.headers,
            vec![("Authorization".into(), "Bearer abc".into())]
        );
        let e = ad_hoc("https://x.dev/mcp", &["secret-token".into()], &h).expect_err("error");
        assert!(!e.message.contains("secret-token"), "{}", e.message);
    }
}
