//! `mcpctl test-launch [--env K=V]... [--name NAME] -- COMMAND [ARGS...]`:
//! check one server given on the command line, no config file needed
//! (a server's own CI: "does it start and answer as the app needs?"). It
//! is launched exactly as a config entry would be (the app's environment
//! unless `--shell-env`, timeouts, verdicts, `--json`, the CI outputs),
//! after what `add` would save: a relative command or an argument naming
//! an existing file made absolute (the app starts servers from `/`), and a
//! bare command kept bare, so the app's PATH is what finds it. Its name is
//! the program's file stem unless `--name`. Exit codes as test-launch.

use std::time::Instant;

use super::remote::Check;
use super::{Exit, add, test_launch};
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::plan::resolve;
use crate::probe::LaunchSpec;
use crate::report::launch::LaunchRun;
use crate::report::{self, Format};
use crate::settings::{Global, TestLaunch};

/// What the JSON's `config` and the text's header say instead of a file.
pub const SOURCE: &str = "the command line";

pub fn run(g: &Global, s: &TestLaunch, out: &mut Output) -> Result<Exit, Stop> {
    let spec = spec(g, s)?;
    let info = test_launch::run_info(g, SOURCE, &s.launch.probe, 0);
    if !s.show_secrets {
        super::hide_shell_secrets(&g.host, out);
        out.hide(&add::new_secrets(&spec.env));
    }
    let checks = [Check::Launch(spec)];
    if g.format == Format::Text {
        out.print(&report::text::launch::header(
            out.style,
            &info,
            checks.len(),
            0,
        ))?;
    }
    let t0 = Instant::now();
    let reports = super::probe_with_progress(g, "testing the server", &checks, &s.launch);
    let exit = if reports.iter().all(|r| r.ok) {
        Exit::Ok
    } else {
        Exit::Problems
    };
    let mut run = LaunchRun::new(info, &reports, t0.elapsed(), s.show_secrets);
    test_launch::show(g, s, &mut run, &reports, (&[], &[]), out)?;
    Ok(exit)
}

/// The server to launch, from `-- COMMAND ARGS...`, `--env` and `--name`.
fn spec(g: &Global, s: &TestLaunch) -> Result<LaunchSpec, Error> {
    let Some((command, args)) = s.command.split_first() else {
        return Err(Error::new("no command after `--`")
            .hint("write mcpctl test-launch -- COMMAND [ARGS...]"));
    };
    if command.trim().is_empty() {
        return Err(Error::new("the command after `--` is empty")
            .hint("write mcpctl test-launch -- COMMAND [ARGS...]"));
    }
    let env = add::parse_env(&s.env, &g.host)?;
    let r = resolve::resolve(&g.host, command, args, true, &resolve::real_probe);
    let name = match &s.name {
        Some(n) if !n.trim().is_empty() => n.clone(),
        Some(_) => return Err(Error::new("--name is empty").hint("give the server a name")),
        None => stem(command),
    };
    Ok(LaunchSpec {
        name,
        command: r.command,
        args: r.args,
        env,
        app_path: None,
    })
}

/// The program's file stem: `./target/release/my-server` → `my-server`,
/// `C:\bin\srv.exe` → `srv`, `npx` → `npx`.
pub fn stem(command: &str) -> String {
    let file = command
        .rsplit(['/', '\\'])
        .find(|p| !p.is_empty())
        .unwrap_or(command);
    match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => file.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_the_programs_file_stem() {
        assert_eq!(stem("./target/release/my-server"), "my-server");
        assert_eq!(stem(r"C:\bin\srv.exe"), "srv");
        assert_eq!(stem("npx"), "npx");
        assert_eq!(stem("/opt/x/server.py"), "server");
        assert_eq!(stem(".hidden"), ".hidden");
        assert_eq!(stem("dir/"), "dir");
    }
}
