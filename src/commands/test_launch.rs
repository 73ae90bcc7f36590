//! `mcpctl test-launch [NAME...]`: launch each configured server the way
//! Claude Desktop does, speak the real MCP handshake to it, and report a
//! verdict per server in config order. Exit 0 when all are ok, 1 when any
//! failed, 2 on a usage or config error. JSON shape:
//! docs/json/test-launch.md. The work is `probe`'s; this file picks the
//! servers, shows progress and prints.

use std::time::{Duration, Instant};

use super::{Context, Exit};
use crate::cli::{LaunchArgs, TestLaunchArgs};
use crate::config::load;
use crate::config::model::ServerEntry;
use crate::error::Error;
use crate::probe::{self, EnvMode, LaunchSpec, ProbeOptions};
use crate::report::launch::{self, RunInfo};

pub fn run(ctx: &Context, args: &TestLaunchArgs) -> Result<Exit, Error> {
    let opts = options(&args.launch, args.show_secrets)?;
    let jobs = jobs(&args.launch)?;
    let loaded = load::load(&ctx.host, ctx.config_override.as_deref())?;
    let specs = select(&specs_of(&loaded.servers), &args.names)?;
    let mut info = run_info(
        ctx,
        &loaded.source.path.display().to_string(),
        &opts,
        loaded.error_count(),
    );
    info.config_parse_error = parse_error(&loaded);
    if !ctx.json {
        eprint!("{}", config_note(ctx, &info));
        if specs.is_empty() {
            if info.config_parse_error.is_none() {
                println!(
                    "no servers in {}\n  {} add one with `mcpctl add NAME -- COMMAND ARGS...`",
                    info.config,
                    ctx.out.cyan("hint:")
                );
            }
            return Ok(exit_for(&info, &[]));
        }
        print!("{}", launch::render_header(ctx.out, &info, specs.len()));
    }
    let t0 = Instant::now();
    let reports = super::probe_with_progress(ctx, "testing servers", &specs, &opts, jobs);
    let wall = t0.elapsed();
    if ctx.json {
        let doc = launch::to_json(&info, &reports, wall, args.show_secrets);
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        let width = reports
            .iter()
            .map(|r| r.name.chars().count())
            .max()
            .unwrap_or(0);
        for r in &reports {
            print!(
                "{}",
                launch::render_server(ctx.out, r, width, args.show_secrets)
            );
        }
        print!("{}", launch::render_summary(ctx.out, &info, &reports, wall));
    }
    Ok(exit_for(&info, &reports))
}

/// 0 when every server is ok and the app can parse the file at all.
fn exit_for(info: &RunInfo, reports: &[probe::ProbeReport]) -> Exit {
    if info.config_parse_error.is_none() && reports.iter().all(|r| r.ok) {
        Exit::Ok
    } else {
        Exit::Problems
    }
}

/// Where the app's strict JSON parser rejects the file (`line L:C: why`),
/// or `None` when it accepts it.
pub fn parse_error(loaded: &load::Loaded) -> Option<String> {
    if loaded.doc.is_strict_json() {
        return None;
    }
    let first = loaded.doc.diagnostics.iter().find(|d| d.is_error());
    Some(match first {
        Some(d) => match d.span {
            Some(span) => {
                let at = loaded.source.line_col(span.start);
                format!("line {}:{}: {}", at.line, at.column, d.message)
            }
            None => d.message.clone(),
        },
        None => "it holds no JSON value".to_string(),
    })
}

/// What stderr says about the config before the results: that the app
/// would start none of the servers when it cannot parse the file, or how
/// many errors it has otherwise.
fn config_note(ctx: &Context, info: &RunInfo) -> String {
    if let Some(why) = &info.config_parse_error {
        return format!(
            "{} Claude Desktop cannot parse {} ({why}), so it would start none of these servers; \
testing what mcpctl could recover anyway\n  {} fix the file first: `mcpctl validate` shows every \
error, `mcpctl doctor --fix` repairs the mechanical ones\n",
            ctx.err.red("error:"),
            info.config,
            ctx.err.cyan("hint:")
        );
    }
    if info.config_errors > 0 {
        return format!(
            "{} {} has {} error(s); testing the servers mcpctl could recover (Claude Desktop may \
skip the broken entries): run `mcpctl validate`\n",
            ctx.err.yellow("note:"),
            info.config,
            info.config_errors
        );
    }
    String::new()
}

/// Probe options from the shared launch flags.
pub fn options(a: &LaunchArgs, show_secrets: bool) -> Result<ProbeOptions, Error> {
    if !a.timeout.is_finite() || a.timeout <= 0.0 || a.timeout > 3600.0 {
        return Err(Error::new(format!(
            "--timeout {} is out of range: it takes seconds above 0 and at most 3600",
            a.timeout
        ))
        .hint("Claude Desktop allows 60 s for initialize: --timeout 60"));
    }
    Ok(ProbeOptions {
        timeout: Duration::from_secs_f64(a.timeout),
        env_mode: if a.shell_env {
            EnvMode::Shell
        } else {
            EnvMode::App
        },
        discover: a.discover,
        compare_shell: !a.shell_env,
        show_secrets,
    })
}

/// `--jobs`, or the number of cores.
pub fn jobs(a: &LaunchArgs) -> Result<usize, Error> {
    match a.jobs {
        Some(0) => Err(Error::new("--jobs 0 would start nothing")
            .hint("use --jobs 1 or more (default: the number of cores)")),
        Some(n) => Ok(n),
        None => Ok(probe::default_jobs()),
    }
}

/// What the app would launch: one spec per name, at the position of its
/// first occurrence with the value of its last (JSON.parse semantics).
pub fn specs_of(servers: &[ServerEntry]) -> Vec<LaunchSpec> {
    let mut out: Vec<LaunchSpec> = Vec::new();
    for s in servers {
        let spec = LaunchSpec {
            name: s.name.clone(),
            command: s.command.clone().unwrap_or_default(),
            args: s.args.clone(),
            env: s.env.clone(),
        };
        match out.iter_mut().find(|o| o.name == s.name) {
            Some(existing) => *existing = spec,
            None => out.push(spec),
        }
    }
    out
}

/// Keep the named servers (config order); an unknown name is a usage
/// error that lists the names there are.
pub fn select(specs: &[LaunchSpec], names: &[String]) -> Result<Vec<LaunchSpec>, Error> {
    if names.is_empty() {
        return Ok(specs.to_vec());
    }
    let unknown: Vec<&str> = names
        .iter()
        .filter(|n| !specs.iter().any(|s| &s.name == *n))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
        let listed = if known.is_empty() {
            "there are none".to_string()
        } else {
            format!("there are: {}", known.join(", "))
        };
        return Err(Error::new(format!(
            "no server named {} in the config; {listed}",
            unknown
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .hint("names are case-sensitive; `mcpctl list` shows them"));
    }
    Ok(specs
        .iter()
        .filter(|s| names.contains(&s.name))
        .cloned()
        .collect())
}

fn run_info(ctx: &Context, config: &str, opts: &ProbeOptions, config_errors: usize) -> RunInfo {
    let blank = LaunchSpec {
        name: String::new(),
        command: String::new(),
        args: Vec::new(),
        env: Vec::new(),
    };
    let env = probe::launch_env(&blank, opts.env_mode, &ctx.host);
    RunInfo {
        config: config.to_string(),
        env_mode: opts.env_mode,
        os: ctx.host.os,
        path_used: env.path,
        cwd_used: env.cwd.display().to_string(),
        config_errors,
        config_parse_error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, command: &str) -> LaunchSpec {
        LaunchSpec {
            name: name.into(),
            command: command.into(),
            args: Vec::new(),
            env: Vec::new(),
        }
    }

    #[test]
    fn unknown_names_are_listed_with_the_known_ones() {
        let specs = vec![spec("a", "x"), spec("b", "y")];
        let err = select(&specs, &["c".into()]).err().map(|f| f.message);
        assert_eq!(
            err.as_deref(),
            Some("no server named `c` in the config; there are: a, b")
        );
        let picked = select(&specs, &["b".into(), "a".into()]).unwrap_or_default();
        assert_eq!(picked, specs, "config order is kept");
    }

    #[test]
    fn a_duplicate_name_keeps_its_first_place_and_last_value() {
        let text = r#"{"mcpServers": {"a": {"command": "x"}, "b": {"command": "y"},
                       "a": {"command": "z", "args": ["1"]}}}"#;
        let source = crate::config::source::Source::from_text("c.json", text);
        let doc = crate::config::syntax::parse(&source);
        let servers = doc
            .root
            .as_ref()
            .map(crate::config::model::servers)
            .unwrap_or_default();
        let specs = specs_of(&servers);
        let got: Vec<(&str, &str)> = specs
            .iter()
            .map(|s| (s.name.as_str(), s.command.as_str()))
            .collect();
        assert_eq!(got, [("a", "z"), ("b", "y")]);
    }

    #[test]
    fn bad_timeout_and_jobs_are_usage_errors() {
        let mut a = LaunchArgs {
            timeout: 0.0,
            jobs: None,
            shell_env: false,
            discover: false,
        };
        assert_eq!(
            options(&a, false).err().map(|f| f.message).as_deref(),
            Some("--timeout 0 is out of range: it takes seconds above 0 and at most 3600")
        );
        a.timeout = f64::NAN;
        assert!(options(&a, false).is_err());
        a.timeout = 3.0;
        assert!(options(&a, false).is_ok());
        a.jobs = Some(0);
        assert!(jobs(&a).is_err());
    }
}
