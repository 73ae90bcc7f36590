//! `cargo bench --bench remote`: what probing a remote server over HTTP
//! costs over the least an HTTP health check can do, in one run on this
//! machine.
//!
//! A local Streamable HTTP server (the reference `server-everything` in
//! its `streamableHttp` mode when `MCPCTL_TEST_SERVERS` or
//! `target/test-servers` has it, else a minimal one inside this bench) is
//! probed by `mcpctl test-launch --url URL` (the whole command: process
//! start, the 2026-07-28 attempt, initialize, the listings, the session's
//! DELETE) and by a raw probe written here with plain sockets that sends
//! the very same requests (one connection each, no parsing beyond finding
//! the reply). Medians over 101 runs, the two probes taking turns at going
//! first; the ratios are medians of the run-by-run ratios. Target: <= 1.2x. Also prints
//! the raw probe run as a process of its own (this bench with
//! `--raw-probe PORT`: the same work plus a process start, as mcpctl
//! has) and mcpctl's fixed cost (`mcpctl --version`) to split the ratio.
//! Both processes start from copies of the binaries, as installed ones
//! do (a copy starts sooner here than the file the linker wrote).
//!
//! Not a timed test: it prints the figures and whether the target is met,
//! and exits 1 only when mcpctl fails to probe the server.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MCPCTL: &str = env!("CARGO_BIN_EXE_mcpctl");
const RUNS: usize = 101;
/// The far server's delay per answer, and its runs.
const FAR_DELAY: Duration = Duration::from_millis(20);
const FAR_RUNS: usize = 7;
/// Runs of each before timing: node's JIT warms for a while.
const WARM_UP: usize = 30;
const TARGET: f64 = 1.2;

fn main() {
    // the raw probe as a process of its own (a process start included)
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, port] = args.as_slice()
        && flag == "--raw-probe"
    {
        let ok = port
            .parse()
            .map_err(|_| "bad port".to_string())
            .and_then(raw_probe);
        std::process::exit(i32::from(ok.is_err()));
    }
    let code = match run() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("bench: error: {e}");
            1
        }
    };
    std::process::exit(code);
}

/// The server under test, stopped on drop.
enum Server {
    Everything(Child, u16),
    Minimal(u16),
}

impl Server {
    fn port(&self) -> u16 {
        match self {
            Server::Everything(_, p) | Server::Minimal(p) => *p,
        }
    }
    fn name(&self) -> &'static str {
        match self {
            Server::Everything(..) => "server-everything (node), streamableHttp",
            Server::Minimal(_) => "a minimal Streamable HTTP server in this bench",
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Server::Everything(c, _) = self {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn everything_js() -> Option<PathBuf> {
    let dir = std::env::var_os("MCPCTL_TEST_SERVERS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-servers"));
    let js = dir.join("npm/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    js.is_file().then_some(js)
}

fn start() -> Result<Server, String> {
    if let (Some(js), Ok(node)) = (everything_js(), which::which("node")) {
        let port = free_port()?;
        let child = Command::new(node)
            .arg(js)
            .arg("streamableHttp")
            .env("PORT", port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?;
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(20) {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(Server::Everything(child, port));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        return Err("server-everything did not start".into());
    }
    Ok(Server::Minimal(start_minimal(Duration::ZERO)?))
}

/// The minimal server on a free port, answering each request after `delay`
/// (a server that far away).
fn start_minimal(delay: Duration) -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = l.local_addr().map_err(|e| e.to_string())?.port();
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            std::thread::spawn(move || minimal(s, delay));
        }
    });
    Ok(port)
}

/// A minimal Streamable HTTP MCP server: JSON replies, no session.
fn minimal(mut s: TcpStream, delay: Duration) {
    let Some((head, body)) = read_request(&mut s) else {
        return;
    };
    std::thread::sleep(delay);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let reply = match (v.get("id"), v.get("method").and_then(|m| m.as_str())) {
        (None, _) => None,
        (Some(id), Some("initialize")) => Some(serde_json::json!({"jsonrpc": "2.0", "id": id,
            "result": {"protocolVersion": "2025-11-25",
                       "capabilities": {"tools": {}, "resources": {}, "prompts": {}},
                       "serverInfo": {"name": "minimal", "version": "1"}}})),
        (Some(id), Some("tools/list")) => Some(serde_json::json!({"jsonrpc": "2.0", "id": id,
            "result": {"tools": [{"name": "echo", "inputSchema": {"type": "object"}}]}})),
        (Some(id), Some("resources/list")) => Some(serde_json::json!({"jsonrpc": "2.0", "id": id,
            "result": {"resources": []}})),
        (Some(id), Some("prompts/list")) => Some(serde_json::json!({"jsonrpc": "2.0", "id": id,
            "result": {"prompts": []}})),
        (Some(id), _) => Some(serde_json::json!({"jsonrpc": "2.0", "id": id,
            "error": {"code": -32601, "message": "Method not found"}})),
    };
    let _ = head;
    let out = match reply {
        Some(r) => {
            let b = r.to_string();
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{b}",
                b.len()
            )
        }
        None => "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into(),
    };
    let _ = s.write_all(out.as_bytes());
}

fn read_request(s: &mut TcpStream) -> Option<(String, String)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = s.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..i]).into_owned();
            let len = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            while buf.len() < i + 4 + len {
                let n = s.read(&mut chunk).ok()?;
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let body = String::from_utf8_lossy(&buf[i + 4..]).into_owned();
            return Some((head, body));
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// One raw request on its own connection; the whole response.
fn raw(port: u16, method: &str, headers: &[(&str, &str)], body: &str) -> Result<String, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut req =
        format!("{method} /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    // read until the reply is complete: Content-Length, the one SSE event
    // that carries the reply (the stream may stay open), or the end
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16384];
    loop {
        let n = s.read(&mut chunk).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        let Some(i) = find(&buf, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..i]).to_ascii_lowercase();
        let body = &buf[i + 4..];
        if let Some(len) = head.lines().find_map(|l| {
            l.strip_prefix("content-length:")
                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
        }) {
            if body.len() >= len {
                break;
            }
        } else if head.contains("text/event-stream")
            && let Some(d) = find(body, b"\"id\":")
            && find(&body[d..], b"\n\n").is_some()
        {
            break;
        }
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The raw probe: the same requests mcpctl sends, nothing more.
fn raw_probe(port: u16) -> Result<(), String> {
    let accept = ("Accept", "application/json, text/event-stream");
    let json = ("Content-Type", "application/json");
    let discover = r#"{"jsonrpc":"2.0","id":0,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#;
    raw(
        port,
        "POST",
        &[
            accept,
            json,
            ("Mcp-Method", "server/discover"),
            ("MCP-Protocol-Version", "2026-07-28"),
        ],
        discover,
    )?;
    let init = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#;
    let r = raw(port, "POST", &[accept, json], init)?;
    if !r.contains("protocolVersion") {
        return Err(format!("raw probe: no initialize result: {r}"));
    }
    let session = r.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("mcp-session-id")
            .then(|| v.trim().to_string())
    });
    let mut h = vec![accept, json, ("MCP-Protocol-Version", "2025-11-25")];
    let sid;
    if let Some(s) = &session {
        sid = s.clone();
        h.push(("Mcp-Session-Id", sid.as_str()));
    }
    raw(
        port,
        "POST",
        &h,
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
    )?;
    let mut id = 1;
    for (cap, method) in [
        ("\"tools\"", "tools/list"),
        ("\"resources\"", "resources/list"),
        ("\"prompts\"", "prompts/list"),
    ] {
        if r.contains(cap) {
            let body =
                format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"{method}","params":{{}}}}"#);
            raw(port, "POST", &h, &body)?;
            id += 1;
        }
    }
    if session.is_some() {
        raw(port, "DELETE", &h, "")?;
    }
    Ok(())
}

/// Run `exe` (mcpctl) with `args`; an error with its output if it fails.
fn mcpctl(exe: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new(exe)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    // exit 1 with a finished handshake is the server's verdict, not a
    // failed probe (server-everything 2.x stamps draft-07 on a tool's
    // outputSchema, which the cowork lane refuses): the work timed is
    // the same
    let stdout = String::from_utf8_lossy(&out.stdout);
    let judged = out.status.code() == Some(1) && stdout.contains(", protocol ");
    if out.status.success() || judged {
        Ok(())
    } else {
        Err(format!("mcpctl {args:?} failed: {stdout}"))
    }
}

/// The median of `a[i] / b[i]`.
fn paired(a: &[Duration], b: &[Duration]) -> f64 {
    let mut ratios: Vec<f64> = a
        .iter()
        .zip(b)
        .map(|(x, y)| x.as_secs_f64() / y.as_secs_f64().max(f64::EPSILON))
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(f: &dyn Fn() -> Result<(), String>) -> Result<Duration, String> {
    let t0 = Instant::now();
    f()?;
    Ok(t0.elapsed())
}

fn run() -> Result<(), String> {
    let server = start()?;
    let port = server.port();
    let url = format!("http://127.0.0.1:{port}/mcp");
    println!(
        "mcpctl remote probe benchmark ({}; medians of {RUNS}; lower ratio is better)\n",
        server.name()
    );
    // both processes started from copies, as installed binaries are
    let installed = tempfile::tempdir().map_err(|e| e.to_string())?;
    let copy = |from: &Path, name: &str| {
        let to = installed
            .path()
            .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
        std::fs::copy(from, &to)
            .map(|_| to)
            .map_err(|e| e.to_string())
    };
    // mcpctl as `cargo install` leaves it: a copy starts sooner than the
    // file the linker wrote (docs/testing.md)
    let exe = copy(MCPCTL.as_ref(), "mcpctl")?;
    let me = copy(
        &std::env::current_exe().map_err(|e| e.to_string())?,
        "raw-probe",
    )?;
    let raw_process = || {
        let ok = Command::new(&me)
            .args(["--raw-probe", &port.to_string()])
            .stdin(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?
            .success();
        if ok {
            Ok(())
        } else {
            Err("the raw probe process failed".to_string())
        }
    };
    // warm every path (node's JIT, the page cache)
    for _ in 0..WARM_UP {
        mcpctl(&exe, &["test-launch", "--url", &url])?;
        raw_probe(port)?;
        raw_process()?;
    }
    let (mut m, mut r, mut rp, mut fixed) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..RUNS {
        // interleaved, so a slow moment of the machine hits all, and in
        // turns, so that neither probe always meets the server just after
        // the other (node collects its garbage between requests)
        if i % 2 == 0 {
            m.push(time(&|| mcpctl(&exe, &["test-launch", "--url", &url]))?);
            r.push(time(&|| raw_probe(port))?);
        } else {
            r.push(time(&|| raw_probe(port))?);
            m.push(time(&|| mcpctl(&exe, &["test-launch", "--url", &url]))?);
        }
        rp.push(time(&raw_process)?);
        fixed.push(time(&|| mcpctl(&exe, &["--version"]))?);
    }
    // the ratios pair by pair (each run against its neighbours), so a
    // drift of the machine's speed does not move them
    let ratio = paired(&m, &r);
    let per_process = paired(&m, &rp);
    let (m, r, rp, fixed) = (median(m), median(r), median(rp), median(fixed));
    row("mcpctl test-launch --url", m, String::new());
    row("raw HTTP probe", r, String::new());
    row(
        "raw probe as a process",
        rp,
        format!("   (mcpctl / this: {per_process:.2}x)"),
    );
    row("mcpctl --version (fixed)", fixed, String::new());
    println!(
        "  ratio {ratio:.2}x (target <= {TARGET}x): {}",
        if ratio <= TARGET { "met" } else { "NOT met" }
    );
    far(&exe)
}

/// A server far away: the minimal one answering each request after
/// [`FAR_DELAY`], as a remote server over the internet does. mcpctl sends
/// the listings side by side there (and keeps connections); the raw
/// probe, one after another. Information, no target.
fn far(exe: &Path) -> Result<(), String> {
    let port = start_minimal(FAR_DELAY)?;
    let url = format!("http://127.0.0.1:{port}/mcp");
    mcpctl(exe, &["test-launch", "--url", &url])?;
    let (mut m, mut r) = (Vec::new(), Vec::new());
    for _ in 0..FAR_RUNS {
        m.push(time(&|| mcpctl(exe, &["test-launch", "--url", &url]))?);
        r.push(time(&|| raw_probe(port))?);
    }
    let (m, r) = (median(m), median(r));
    println!(
        "\na server {} ms away (the minimal one, each answer delayed; medians of {FAR_RUNS}):",
        FAR_DELAY.as_millis()
    );
    row("mcpctl test-launch --url", m, String::new());
    let ratio = m.as_secs_f64() / r.as_secs_f64();
    row(
        "raw HTTP probe",
        r,
        format!("   (mcpctl / raw: {ratio:.2}x)"),
    );
    Ok(())
}

/// One figure of the report: its label, milliseconds, and a note.
fn row(label: &str, d: Duration, note: String) {
    println!("  {label:<26} {:>8.1} ms{note}", d.as_secs_f64() * 1e3);
}
