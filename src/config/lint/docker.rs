//! `docker run` / `docker exec` (and podman's) entries: the server talks
//! over the container's stdin/stdout, so `-i` is required (without it the
//! process never receives `initialize`), and `-t` is fatal (the app gives no
//! terminal: docker stops with "the input device is not a TTY").

/// Boolean short flags of `docker run` that may be clustered (`-it`).
const SHORT_BOOL: &str = "ditPq";

/// Flags of `docker run` that take the next argument as their value.
const TAKES_VALUE: &[&str] = &[
    "-e",
    "--env",
    "-v",
    "--volume",
    "--mount",
    "--name",
    "--network",
    "--net",
    "-p",
    "--publish",
    "-w",
    "--workdir",
    "-u",
    "--user",
    "--env-file",
    "--entrypoint",
    "--platform",
    "-l",
    "--label",
    "--add-host",
    "--cap-add",
    "--cap-drop",
    "--device",
    "--dns",
    "-h",
    "--hostname",
    "-m",
    "--memory",
    "--cpus",
    "--pull",
    "--restart",
    "--security-opt",
    "--ulimit",
    "--log-driver",
    "--log-opt",
    "--shm-size",
    "--tmpfs",
    "--gpus",
    "--label-file",
    "--volumes-from",
    "--stop-signal",
    "--runtime",
    "--userns",
    "--ipc",
    "--pid",
];

/// Flags of `docker exec` that take the next argument as their value.
const EXEC_TAKES_VALUE: &[&str] = &[
    "-e",
    "--env",
    "--env-file",
    "-u",
    "--user",
    "-w",
    "--workdir",
    "--detach-keys",
];

/// What is wrong with a `docker run`/`exec` entry, by index into `args`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// `-t`/`--tty` (possibly in a cluster such as `-it`) at this argument.
    Tty(usize),
    /// No `-i`/`--interactive` anywhere; index of the `run`/`exec` argument.
    NoStdin(usize),
}

/// Whether `command` is docker or podman (any path, `.exe` or not).
pub fn is_container_cli(command: &str) -> bool {
    let file = command.rsplit(['/', '\\']).next().unwrap_or(command);
    let stem = file
        .strip_suffix(".exe")
        .or_else(|| file.strip_suffix(".EXE"))
        .unwrap_or(file);
    matches!(stem, "docker" | "podman")
}

/// The problems of a container entry's args (empty unless it is `run` or
/// `exec`).
pub fn check(args: &[&str]) -> Vec<Finding> {
    let Some(run) = run_index(args) else {
        return Vec::new();
    };
    let takes_value = if args[run] == "exec" {
        EXEC_TAKES_VALUE
    } else {
        TAKES_VALUE
    };
    let mut out = Vec::new();
    if let Some(t) = options(&args[run + 1..], takes_value).find(|(_, a)| is_tty(a)) {
        out.push(Finding::Tty(run + 1 + t.0));
    }
    // anywhere, not just before the image: a missed boundary must not
    // turn into a false alarm
    if !args[run + 1..].iter().any(|a| is_interactive(a)) {
        out.push(Finding::NoStdin(run));
    }
    out
}

/// `run` or `exec` as the subcommand (`docker run`, `docker container
/// exec`, ...).
fn run_index(args: &[&str]) -> Option<usize> {
    match args {
        ["run" | "exec", ..] => Some(0),
        ["container", "run" | "exec", ..] => Some(1),
        _ => None,
    }
}

/// The options of `docker run`/`exec` up to the image or container name,
/// with their index.
fn options<'a>(
    args: &'a [&'a str],
    takes_value: &'static [&'static str],
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let mut skip_next = false;
    let mut done = false;
    args.iter().enumerate().filter_map(move |(i, a)| {
        if done {
            return None;
        }
        if skip_next {
            skip_next = false;
            return None;
        }
        if !a.starts_with('-') || *a == "--" {
            done = true;
            return None;
        }
        skip_next = takes_value.contains(a);
        Some((i, *a))
    })
}

fn short_cluster(a: &str) -> Option<&str> {
    let rest = a.strip_prefix('-')?;
    (!rest.starts_with('-') && !rest.is_empty() && rest.chars().all(|c| SHORT_BOOL.contains(c)))
        .then_some(rest)
}

fn is_tty(a: &str) -> bool {
    a == "--tty" || a == "--tty=true" || short_cluster(a).is_some_and(|c| c.contains('t'))
}

fn is_interactive(a: &str) -> bool {
    a == "--interactive"
        || a == "--interactive=true"
        || short_cluster(a).is_some_and(|c| c.contains('i'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_run_flags() {
        use Finding::{NoStdin, Tty};
        let cases: &[(&[&str], &[Finding])] = &[
            (&["run", "-i", "--rm", "mcp/fetch"], &[]),
            (&["run", "--rm", "-i", "-e", "T", "ghcr.io/x/y"], &[]),
            (&["run", "--interactive", "--rm", "img"], &[]),
            (&["run", "-it", "--rm", "img"], &[Tty(1)]),
            (&["run", "-i", "-t", "img"], &[Tty(2)]),
            (&["run", "--rm", "-i", "--tty", "img"], &[Tty(3)]),
            (&["run", "--rm", "mcp/fetch"], &[NoStdin(0)]),
            (&["run", "-t", "img"], &[Tty(1), NoStdin(0)]),
            (&["container", "run", "-i", "img"], &[]),
            // after the image: the server's own flags
            (&["run", "-i", "img", "-t", "5"], &[]),
            (&["run", "-i", "-e", "-t", "img"], &[]),
            (&["run", "--rm", "img", "-i"], &[]),
            (&["exec", "-i", "c", "node"], &[]),
            // `docker exec` needs `-i` just as much
            (
                &["exec", "my-container", "node", "server.js"],
                &[NoStdin(0)],
            ),
            (&["exec", "-it", "c", "node"], &[Tty(1)]),
            (&["exec", "-u", "node", "c", "python", "-i"], &[]),
            (
                &["exec", "-w", "/app", "-t", "c", "x"],
                &[Tty(3), NoStdin(0)],
            ),
            (&["container", "exec", "--interactive", "c", "x"], &[]),
            (&[], &[]),
        ];
        for (args, want) in cases {
            assert_eq!(check(args), want.to_vec(), "{args:?}");
        }
    }

    #[test]
    fn container_clis() {
        for c in [
            "docker",
            "/usr/local/bin/docker",
            r"C:\Docker\docker.exe",
            "podman",
        ] {
            assert!(is_container_cli(c), "{c}");
        }
        for c in ["dockerd", "npx", "docker-compose"] {
            assert!(!is_container_cli(c), "{c}");
        }
    }
}
