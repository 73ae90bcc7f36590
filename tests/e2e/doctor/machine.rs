//! The machine as the app sees it, end to end: a command found only on the
//! shell's PATH, nvm's version folders putting an old Node first, and a
//! pyenv shim that breaks from `/`, each as the report shows it, then
//! repaired by `--fix`. The app's PATH is emulated with `MCPCTL_APP_PATH`
//! (as the macOS app builds it: every nvm folder first, in lexical order)
//! over fake tool trees in the sandbox's HOME.

use super::{World, server_codes};
use crate::support;

/// Snapshots the report without launching, as text (`NAME_text`) and JSON
/// (`NAME_json`), then the `--fix --yes` run (`NAME_fixed`), with `env`.
fn report_then_fix(w: &World, name: &str, env: &[(&str, &str)]) {
    for (suffix, args) in [
        ("text", &["--no-launch"][..]),
        ("json", &["--json", "--no-launch"]),
        ("fixed", &["--no-launch", "--fix", "--yes"]),
    ] {
        let mut cmd = w.doctor(args);
        cmd.envs(env.iter().copied());
        mcpctl_snapshot!(format!("{name}_{suffix}"), w.sb, &mut cmd);
    }
}

#[test]
fn a_command_only_on_the_shell_path_is_found_and_resolved() {
    let w = World::new();
    let shell_bin = w.home().join(".local").join("bin");
    let tool = w.sb.program("home/.local/bin/my-mcp-tool");
    w.write_fixture("shell-path-only.json", &[]);
    let bin = w.sb.bin();
    let path = support::path_list(&[&shell_bin, &bin]);
    let bin = bin.display().to_string();
    let env = [("PATH", path.as_str()), ("MCPCTL_APP_PATH", bin.as_str())];

    report_then_fix(&w, "shell_only", &env);
    let fixed = std::fs::read_to_string(w.config()).unwrap();
    text_snapshot!("shell_only_fixed_file", w.sb, &fixed);
    let cfg: serde_json::Value = serde_json::from_str(&fixed).unwrap();
    assert_eq!(
        cfg["mcpServers"]["tool"]["command"],
        tool.display().to_string()
    );
}

// Unix only: nvm's ~/.nvm/versions/node layout (nvm-windows keeps another one).
#[cfg(unix)]
#[test]
fn nvm_lexical_order_runs_an_absolute_npx_under_the_oldest_node_and_fix_pins_it() {
    let w = World::new();
    let bins = w.fake_nvm(&["v18.20.0", "v22.11.0"]);
    let (v18, v22) = (bins[0].display().to_string(), bins[1].display().to_string());
    w.write_fixture("nvm-absolute-npx.json", &[]);
    let bin = w.sb.bin().display().to_string();
    let shell_path = format!("{v22}:{bin}");
    let app_path = format!("{v18}:{v22}:{bin}");
    let env = [
        ("PATH", shell_path.as_str()),
        ("MCPCTL_APP_PATH", app_path.as_str()),
    ];

    // the repair puts v22's folder first on the entry's PATH
    report_then_fix(&w, "nvm", &env);
    let fixed = std::fs::read_to_string(w.config()).unwrap();
    text_snapshot!("nvm_fixed_file", w.sb, &fixed);
    let cfg: serde_json::Value = serde_json::from_str(&fixed).unwrap();
    let pinned = cfg["mcpServers"]["memory"]["env"]["PATH"].as_str().unwrap();
    assert!(pinned.starts_with(&format!("{v22}:{v18}")), "{pinned}");

    // fixed for good: a second --fix has nothing to do
    let before = std::fs::read(w.config()).unwrap();
    mcpctl_snapshot!(
        "nvm_fixed_again",
        w.sb,
        w.doctor(&["--no-launch", "--fix", "--yes"]).envs(env)
    );
    assert_eq!(std::fs::read(w.config()).unwrap(), before);
}

// Unix only: pyenv's shims are shell scripts (pyenv-win's are .bat files).
#[cfg(unix)]
#[test]
fn a_pyenv_shim_that_breaks_from_root_is_pinned_to_the_real_python() {
    let w = World::new();
    let (shim, real) = w.fake_pyenv();
    let shims = shim.parent().unwrap().display().to_string();
    w.write_fixture("pyenv-shim.json", &[]);
    let path = format!("{shims}:{}", w.sb.bin().display());
    let env = [("PATH", path.as_str()), ("MCPCTL_APP_PATH", path.as_str())];

    // asked from `/`, as the app would: the shim fails there
    report_then_fix(&w, "pyenv", &env);
    let fixed = std::fs::read_to_string(w.config()).unwrap();
    text_snapshot!("pyenv_fixed_file", w.sb, &fixed);
    let cfg: serde_json::Value = serde_json::from_str(&fixed).unwrap();
    assert_eq!(
        cfg["mcpServers"]["time"]["command"],
        real.display().to_string()
    );
    assert_eq!(cfg["mcpServers"]["time"]["args"][1], "mcp_server_time");
    let (_, after) = w.doctor_json(&env, &["--no-launch"]);
    assert!(server_codes(&after, "time").is_empty(), "{after:#}");
}

/// node, python3 and python only on the shell's PATH: the note says
/// `doctor --fix` makes the tool absolute only where the plan does (a
/// server runs it by bare name); one run by its absolute path, or by no
/// server, is not repaired, and its note does not claim it.
#[cfg(unix)]
#[test]
fn a_tool_note_claims_fix_only_where_the_plan_repairs_it() {
    let w = World::new();
    let shell_bin = w.home().join(".local").join("bin");
    for t in ["node", "python3", "python"] {
        w.sb.script(shell_bin.join(t), "exit 0");
    }
    let node = shell_bin.join("node").display().to_string();
    w.write_config(&format!(
        "{{\"mcpServers\": {{\"abs\": {{\"command\": \"{node}\", \"args\": [\"s.js\"]}}, \
         \"bare\": {{\"command\": \"python3\", \"args\": [\"-m\", \"s\"]}}}}}}\n"
    ));
    let bin = w.sb.bin();
    let path = support::path_list(&[&shell_bin, &bin]);
    let bin = bin.display().to_string();
    let env = [("PATH", path.as_str()), ("MCPCTL_APP_PATH", bin.as_str())];

    let out =
        w.sb.run(w.doctor(&["--no-launch", "--fix", "--dry-run"]).envs(env));
    let all = out.all();
    // each note's hint is the line after it
    let hint = |tool: &str| {
        let lines: Vec<&str> = all.lines().collect();
        let at = lines
            .iter()
            .position(|l| {
                l.contains("note[tool-only-on-shell-path]")
                    && l.contains(&format!(" {tool} is in "))
            })
            .unwrap_or_else(|| panic!("no note for {tool}:\n{all}"));
        lines[at + 1].to_string()
    };
    assert!(
        hint("python3").ends_with("doctor --fix` does this)"),
        "{all}"
    );
    for tool in ["node", "python"] {
        assert!(!hint(tool).contains("--fix"), "{tool}: {all}");
    }
    // and the plan: python3 made absolute, node's absolute path untouched
    assert!(all.contains("`python3` →"), "{all}");
    assert!(!all.contains("`node` →"), "{all}");
}
