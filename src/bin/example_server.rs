//! `mcpctl-example-server`: a small, healthy stdio MCP server written with the
//! official Rust SDK (`rmcp`). It is the healthy server of
//! `examples/claude_desktop_config.json` and the fixture the real-server tests
//! and the `test_launch` bench launch.
//!
//! It serves three tools (`echo`, `add`, `current_time`), one resource
//! (`mcpctl://example/readme`) and one prompt (`greeting`). Logs go to stderr
//! only; stdout carries nothing but JSON-RPC.
//!
//! Flags reproduce classic failures with a real SDK server:
//! - `--banner`: print a dotenv@17-style banner line on stdout first
//!   (unless `DOTENV_CONFIG_QUIET=true`, as dotenv 17 itself);
//! - `--require-env VAR`: exit 1 when `VAR` is missing or empty;
//! - `--bad-tool-name`: also serve a tool named `files.read`, which the SDK
//!   accepts but Claude Desktop rejects (`^[a-zA-Z0-9_-]{1,64}$`);
//! - `--slow-ms N`: sleep N ms before serving;
//! - `--data-dir DIR`: exit 1 unless DIR is an existing folder (shows what a
//!   relative path or a literal `${HOME}` becomes when the app starts it);
//! - `--exit-code N`: exit with code N at once (after `--log-start`),
//!   before the handshake and saying nothing: a server that fails to start,
//!   on every OS (`/bin/false` and shell scripts exist only on Unix);
//! - `--leave-child FILE`: first start a detached copy of itself that writes
//!   a heartbeat (`PID COUNT`) to FILE every 50 ms until it is killed (a
//!   server that leaves a process behind; the process-lifetime tests watch
//!   FILE).
//!
//! And what the 2026 app's lanes see (field notes, "The app in late 2026"):
//! - `--draft07-output-schema`: every tool declares an `outputSchema`, and
//!   both its schemas declare `"$schema"` draft-07 (what zod-to-json-schema
//!   stamps for servers on the v1 TypeScript SDK);
//! - `--output-schema-declares JSON`: every tool declares an `outputSchema`
//!   whose `"$schema"` is this JSON value (`5`: not a dialect URI at all);
//! - `--untyped-input-schema`: `echo`'s inputSchema has no `"type"`;
//! - `--single-instance PORT`: listen on 127.0.0.1:PORT, so a second copy
//!   exits with "Address already in use";
//! - `--wait-lock FILE`: hold an exclusive lock on FILE while running,
//!   waiting for it first (a server on one database file: a second copy
//!   waits, saying nothing, while the first runs);
//! - `--initialize-first`: exit on any first request other than
//!   `initialize` (as servers on older rmcp releases do);
//! - `--modern-only`: speak only 2026-07-28: refuse `initialize` with
//!   -32022 (data `{supported, requested}`) and answer `server/discover`.

use std::borrow::Cow;
use std::io::BufRead;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::Parser;
use rmcp::{
    ErrorData, RoleServer, ServerHandler, ServiceExt,
    handler::server::{
        router::{prompt::PromptRouter, tool::ToolRouter},
        wrapper::Parameters,
    },
    model::{
        Implementation, ListResourcesResult, PaginatedRequestParams, PromptMessage,
        ProtocolVersion, ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult,
        Resource, ResourceContents, Role, ServerCapabilities, ServerConfig,
    },
    prompt, prompt_handler, prompt_router,
    service::RequestContext,
    tool, tool_handler, tool_router,
};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

/// The server's name in `serverInfo`.
const SERVER_NAME: &str = "mcpctl-example-server";
/// The one resource this server lists.
const README_URI: &str = "mcpctl://example/readme";
/// The tool name `--bad-tool-name` adds: valid for the SDK, invalid for the app.
const BAD_TOOL_NAME: &str = "files.read";
/// What dotenv@17 prints on stdout when it loads a `.env` file.
const DOTENV_BANNER: &str = "[dotenv@17.2.3] injecting env (2) from .env -- tip: \u{2699}\u{fe0f}  \
suppress all logs with { quiet: true }";
/// The dialect zod-to-json-schema stamps by default.
const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

#[derive(Debug, Parser)]
#[command(
    name = "mcpctl-example-server",
    version,
    about = "A small stdio MCP server (rmcp) used by mcpctl's examples and tests"
)]
struct Flags {
    /// Print a dotenv@17-style banner on stdout before serving (breaks the app)
    #[arg(long)]
    banner: bool,
    /// Exit 1 unless this environment variable is set and non-empty
    #[arg(long, value_name = "VAR")]
    require_env: Vec<String>,
    /// Also serve a tool whose name Claude Desktop rejects (`files.read`)
    #[arg(long)]
    bad_tool_name: bool,
    /// Sleep this many milliseconds before serving
    #[arg(long, value_name = "N", default_value_t = 0)]
    slow_ms: u64,
    /// Exit 1 unless this folder exists (relative to the working directory)
    #[arg(long, value_name = "DIR")]
    data_dir: Option<std::path::PathBuf>,
    /// First start a child process (stdio detached) that writes a heartbeat
    /// to FILE every 50 ms until it is killed
    #[arg(long, value_name = "FILE")]
    leave_child: Option<std::path::PathBuf>,
    /// Be that child: write the heartbeat to FILE forever, serve nothing
    #[arg(long, value_name = "FILE", hide = true)]
    heartbeat: Option<std::path::PathBuf>,
    /// Give every tool an outputSchema, and stamp both schemas draft-07
    #[arg(long)]
    draft07_output_schema: bool,
    /// Give every tool an outputSchema whose "$schema" is this JSON value
    #[arg(long, value_name = "JSON", value_parser = parse_json)]
    output_schema_declares: Option<Value>,
    /// Serve `echo` with an inputSchema that has no "type"
    #[arg(long)]
    untyped_input_schema: bool,
    /// Listen on 127.0.0.1:PORT while running: a second copy cannot start
    #[arg(long, value_name = "PORT")]
    single_instance: Option<u16>,
    /// Hold an exclusive lock on FILE while running, waiting for it first
    #[arg(long, value_name = "FILE")]
    wait_lock: Option<std::path::PathBuf>,
    /// Exit on any first request other than initialize
    #[arg(long)]
    initialize_first: bool,
    /// Speak only 2026-07-28: refuse initialize (-32022), answer server/discover
    #[arg(long)]
    modern_only: bool,
    /// Speak only the 2025 way: answer server/discover with -32601, as
    /// servers on the v1 TypeScript SDK do
    #[arg(long)]
    legacy: bool,
    /// After answering a request with an error, answer every later request
    /// with an error too (a server that an unknown first request spoils)
    #[arg(long)]
    spoiled_by_errors: bool,
    /// Append a line to FILE each time this server starts
    #[arg(long, value_name = "FILE")]
    log_start: Option<std::path::PathBuf>,
    /// Exit with code N at once (after --log-start), serving nothing and
    /// printing nothing
    #[arg(long, value_name = "N")]
    exit_code: Option<i32>,
}

/// What the stdio shim in front of rmcp changes (see [`shim`]).
#[derive(Debug, Clone, Copy, Default)]
struct Shim {
    initialize_first: bool,
    modern_only: bool,
    legacy: bool,
    spoiled_by_errors: bool,
}

impl Shim {
    fn needed(self) -> bool {
        self.initialize_first || self.modern_only || self.legacy || self.spoiled_by_errors
    }
}

/// How the tools and the protocol differ from the healthy server.
#[derive(Debug, Clone, Default)]
struct Variant {
    bad_tool_name: bool,
    draft07_output_schema: bool,
    /// The `"$schema"` of an outputSchema given to every tool.
    output_schema_declares: Option<Value>,
    untyped_input_schema: bool,
    modern_only: bool,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
struct EchoArgs {
    /// Text to send back
    text: String,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
struct AddArgs {
    a: f64,
    b: f64,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
struct GreetingArgs {
    /// Who to greet
    name: String,
}

#[derive(Debug, Clone)]
struct ExampleServer {
    tool_router: ToolRouter<Self>,
    prompt_router: PromptRouter<Self>,
    modern_only: bool,
}

impl ExampleServer {
    fn new(v: Variant) -> Self {
        let mut tool_router = Self::tool_router();
        if !v.bad_tool_name {
            tool_router.remove_route(BAD_TOOL_NAME);
        }
        for route in tool_router.map.values_mut() {
            let tool = &mut route.attr;
            if v.draft07_output_schema {
                let mut input = (*tool.input_schema).clone();
                input.insert("$schema".into(), json!(DRAFT_07));
                tool.input_schema = Arc::new(input);
            }
            let declares = v
                .output_schema_declares
                .clone()
                .or_else(|| v.draft07_output_schema.then(|| json!(DRAFT_07)));
            if let Some(declares) = declares {
                let output = json!({
                    "$schema": declares,
                    "type": "object",
                    "properties": {"result": {"type": "string"}},
                    "required": ["result"],
                });
                if let Value::Object(o) = output {
                    tool.output_schema = Some(Arc::new(o));
                }
            }
            if v.untyped_input_schema && tool.name == "echo" {
                let mut input = (*tool.input_schema).clone();
                input.remove("type");
                tool.input_schema = Arc::new(input);
            }
        }
        Self {
            tool_router,
            prompt_router: Self::prompt_router(),
            modern_only: v.modern_only,
        }
    }
}

#[tool_router]
impl ExampleServer {
    #[tool(description = "Return the text you send")]
    async fn echo(&self, Parameters(args): Parameters<EchoArgs>) -> String {
        args.text
    }

    #[tool(description = "Add two numbers")]
    async fn add(&self, Parameters(args): Parameters<AddArgs>) -> String {
        (args.a + args.b).to_string()
    }

    #[tool(description = "The current time, UTC, as RFC 3339")]
    async fn current_time(&self) -> String {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        rfc3339_utc(secs)
    }

    #[tool(
        name = "files.read",
        description = "A tool whose name Claude Desktop rejects"
    )]
    async fn files_read(&self) -> String {
        "this tool exists to demonstrate an invalid tool name".to_string()
    }
}

#[prompt_router]
impl ExampleServer {
    #[prompt(name = "greeting", description = "Greet someone by name")]
    async fn greeting(&self, Parameters(args): Parameters<GreetingArgs>) -> Vec<PromptMessage> {
        vec![PromptMessage::new_text(
            Role::User,
            format!("Say hello to {}.", args.name),
        )]
    }
}

#[tool_handler(router = self.tool_router)]
#[prompt_handler(router = self.prompt_router)]
impl ServerHandler for ExampleServer {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_resources()
            .enable_prompts()
            .build();
        ServerConfig::new(capabilities)
            .with_server_info(Implementation::new(SERVER_NAME, env!("CARGO_PKG_VERSION")))
            .with_instructions("A demo server: call `echo`, `add` or `current_time`.")
    }

    fn supported_protocol_versions(&self) -> Cow<'static, [ProtocolVersion]> {
        if self.modern_only {
            Cow::Owned(vec![ProtocolVersion::V_2026_07_28])
        } else {
            Cow::Borrowed(ProtocolVersion::KNOWN_VERSIONS)
        }
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let readme = Resource::new(README_URI, "readme")
            .with_description("What this server is for")
            .with_mime_type("text/plain");
        Ok(ListResourcesResult::with_all_items(vec![readme]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        if request.uri != README_URI {
            return Err(ErrorData::resource_not_found(
                format!("no resource {}", request.uri),
                None,
            ));
        }
        let text = "mcpctl-example-server: the healthy server of mcpctl's example config.";
        Ok(ReadResourceResult::new(vec![ResourceContents::text(text, README_URI)]).into())
    }
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
fn rfc3339_utc(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (rem / 3600, rem % 3600 / 60, rem % 60);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Why `dir` is unusable as the data folder, if it is.
fn data_dir_problem(dir: &std::path::Path) -> Option<String> {
    if dir.is_dir() {
        return None;
    }
    let cwd = std::env::current_dir().map_or_else(|_| "?".to_string(), |p| p.display().to_string());
    // where the app starts servers: / on macOS and Linux, its own
    // folder on Windows
    let start = if cfg!(windows) { "its own folder" } else { "/" };
    Some(format!(
        "--data-dir {}: no such folder (working directory: {cwd}). \
hint: use an absolute path; Claude Desktop starts servers in {start} and expands neither ~ nor \
${{VAR}}",
        dir.display()
    ))
}

/// The first variable of `required` that is missing or empty, if any.
fn missing_env(required: &[String]) -> Option<&str> {
    required
        .iter()
        .map(String::as_str)
        .find(|var| std::env::var_os(var).is_none_or(|v| v.is_empty()))
}

fn main() {
    let flags = Flags::parse();
    if let Some(file) = &flags.log_start {
        log_start(file);
    }
    if let Some(code) = flags.exit_code {
        std::process::exit(code);
    }
    if let Some(file) = &flags.heartbeat {
        for n in 0u64.. {
            let _ = std::fs::write(file, format!("{} {n}", std::process::id()));
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    if let Some(file) = &flags.leave_child {
        leave_child(file);
    }
    // Held until the process exits: a second copy cannot listen there.
    let _listener = match flags.single_instance.map(listen) {
        Some(Err(e)) => {
            eprintln!("{SERVER_NAME}: error: {e}");
            std::process::exit(1);
        }
        Some(Ok(l)) => Some(l),
        None => None,
    };
    // Held until the process exits: a second copy waits here.
    let _lock = flags.wait_lock.as_ref().map(|file| {
        let f = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(file)
            .unwrap_or_else(|e| {
                eprintln!("{SERVER_NAME}: error: --wait-lock {}: {e}", file.display());
                std::process::exit(1);
            });
        if let Err(e) = lock_exclusive(&f) {
            eprintln!("{SERVER_NAME}: error: --wait-lock {}: {e}", file.display());
            std::process::exit(1);
        }
        f
    });
    if let Some(var) = missing_env(&flags.require_env) {
        eprintln!(
            "{SERVER_NAME}: error: environment variable {var} is not set. \
hint: add it to this server's \"env\" in claude_desktop_config.json; \
a variable exported in your terminal never reaches Claude Desktop's servers"
        );
        std::process::exit(1);
    }
    if let Some(problem) = flags.data_dir.as_deref().and_then(data_dir_problem) {
        eprintln!("{SERVER_NAME}: error: {problem}");
        std::process::exit(1);
    }
    if flags.slow_ms > 0 {
        std::thread::sleep(Duration::from_millis(flags.slow_ms));
    }
    // as dotenv 17 does, DOTENV_CONFIG_QUIET=true silences it (the fix the
    // hint gives)
    let quiet = std::env::var("DOTENV_CONFIG_QUIET").is_ok_and(|v| v == "true");
    if flags.banner && !quiet {
        // Deliberately on stdout: this is the classic dotenv@17 mistake.
        println!("{DOTENV_BANNER}");
    }
    let variant = Variant {
        bad_tool_name: flags.bad_tool_name,
        draft07_output_schema: flags.draft07_output_schema,
        output_schema_declares: flags.output_schema_declares,
        untyped_input_schema: flags.untyped_input_schema,
        modern_only: flags.modern_only,
    };
    let shim = Shim {
        initialize_first: flags.initialize_first,
        modern_only: flags.modern_only,
        legacy: flags.legacy,
        spoiled_by_errors: flags.spoiled_by_errors,
    };
    let code = match serve(variant, shim.needed().then_some(shim)) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{SERVER_NAME}: error: {e}");
            1
        }
    };
    std::process::exit(code);
}

/// `--log-start FILE`: one line (the process id) appended per start.
fn log_start(file: &std::path::Path) {
    use std::io::Write as _;
    let appended = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .and_then(|mut f| f.write_all(format!("{}\n", std::process::id()).as_bytes()));
    if let Err(e) = appended {
        eprintln!("{SERVER_NAME}: error: --log-start {}: {e}", file.display());
        std::process::exit(1);
    }
}

/// Start a copy of this program with `--heartbeat FILE`, stdio detached,
/// and never wait for it.
fn leave_child(file: &std::path::Path) {
    let started = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .arg("--heartbeat")
            .arg(file)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
    });
    if let Err(e) = started {
        eprintln!("{SERVER_NAME}: error: could not start the child: {e}");
        std::process::exit(1);
    }
}

/// Wait for an exclusive lock on `f` (released when the process exits).
/// (`File::lock` is newer than this crate's minimum Rust.)
#[cfg(unix)]
fn lock_exclusive(f: &std::fs::File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor is open for the call.
    if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(windows)]
fn lock_exclusive(f: &std::fs::File) -> std::io::Result<()> {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Storage::FileSystem::{LOCKFILE_EXCLUSIVE_LOCK, LockFileEx};
    use windows_sys::Win32::System::IO::OVERLAPPED;
    // SAFETY: the handle is open for the call; the OVERLAPPED is zeroed
    // (offset 0) and outlives it (the call blocks until the lock is held).
    let ok = unsafe {
        let mut at: OVERLAPPED = std::mem::zeroed();
        LockFileEx(
            f.as_raw_handle(),
            LOCKFILE_EXCLUSIVE_LOCK,
            0,
            u32::MAX,
            u32::MAX,
            &mut at,
        )
    };
    if ok != 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// A flag's value read as JSON (`5`, `"text"`).
fn parse_json(s: &str) -> Result<Value, String> {
    serde_json::from_str(s).map_err(|e| format!("not JSON: {e}"))
}

/// `--single-instance PORT`: the listener, or why there is none.
fn listen(port: u16) -> Result<std::net::TcpListener, String> {
    std::net::TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("--single-instance: cannot listen on 127.0.0.1:{port}: {e}"))
}

/// Serves MCP on stdin/stdout until the client closes stdin. With `shim`,
/// (`Some(initialize_first)`), stdin and stdout pass through [`shim`].
fn serve(v: Variant, shim: Option<Shim>) -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        eprintln!("{SERVER_NAME}: serving MCP on stdio");
        let server = ExampleServer::new(v);
        let served = match shim {
            None => server.serve(rmcp::transport::stdio()).await,
            Some(mode) => {
                let (ours, theirs) = tokio::io::duplex(1 << 20);
                let (read, write) = tokio::io::split(theirs);
                tokio::spawn(self::shim(ours, mode));
                server.serve((read, write)).await
            }
        };
        let service = match served {
            Ok(service) => service,
            // The client hung up before initializing: nothing went wrong here.
            Err(rmcp::service::ServerInitializeError::ConnectionClosed(_)) => {
                eprintln!("{SERVER_NAME}: stdin closed before initialize");
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        let reason = service.waiting().await?;
        eprintln!("{SERVER_NAME}: stopped ({reason:?})");
        Ok(())
    })
}

/// Between the real stdio and rmcp (the other end of `rmcp_side`): exits
/// when the first request is not `initialize` (`initialize_first`),
/// answers `initialize` itself with -32022 (`modern_only`), so rmcp only
/// ever sees the 2026-07-28 way in and the connection stays open, answers
/// `server/discover` with -32601 (`legacy`), and once it has answered
/// with an error answers every later request with one (`spoiled_by_errors`).
async fn shim(rmcp_side: tokio::io::DuplexStream, mode: Shim) {
    let Shim {
        initialize_first,
        modern_only,
        legacy,
        spoiled_by_errors,
    } = mode;
    let (from_rmcp, mut to_rmcp) = tokio::io::split(rmcp_side);
    let (out_tx, mut out_rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    // stdin on its own thread, a line at a time
    let (in_tx, mut in_rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        loop {
            let mut line = Vec::new();
            match stdin.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if in_tx.send(line).is_err() {
                        break;
                    }
                }
            }
        }
    });
    let replies = out_tx.clone();
    tokio::spawn(async move {
        let mut lines = tokio::io::BufReader::new(from_rmcp).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            let _ = replies.send(format!("{line}\n").into_bytes());
        }
    });
    tokio::spawn(async move {
        let mut stdout = tokio::io::stdout();
        while let Some(bytes) = out_rx.recv().await {
            if stdout.write_all(&bytes).await.is_err() || stdout.flush().await.is_err() {
                break;
            }
        }
    });
    let mut first = true;
    let mut spoiled = false;
    let refuse = |id: Option<&Value>, code: i64, message: &str, data: Value| {
        let mut error = json!({"code": code, "message": message});
        if !data.is_null() {
            error["data"] = data;
        }
        let refusal = json!({"jsonrpc": "2.0", "id": id, "error": error});
        let _ = out_tx.send(format!("{refusal}\n").into_bytes());
    };
    while let Some(line) = in_rx.recv().await {
        let msg: Value = serde_json::from_slice(&line).unwrap_or(Value::Null);
        let method = msg.get("method").and_then(Value::as_str);
        let is_request = msg.get("id").is_some() && method.is_some();
        if first && is_request && initialize_first && method != Some("initialize") {
            eprintln!(
                "{SERVER_NAME}: error: expected initialize request, got {}; exiting",
                method.unwrap_or("?")
            );
            std::process::exit(1);
        }
        first &= !is_request;
        if modern_only && method == Some("notifications/initialized") {
            // nothing to acknowledge: no handshake took place
            continue;
        }
        if is_request && spoiled {
            refuse(
                msg.get("id"),
                -32600,
                "Session spoiled by an earlier error",
                Value::Null,
            );
            continue;
        }
        if modern_only && is_request && method == Some("initialize") {
            let requested = msg
                .pointer("/params/protocolVersion")
                .cloned()
                .unwrap_or(Value::Null);
            let data = json!({"supported": ["2026-07-28"], "requested": requested});
            refuse(msg.get("id"), -32022, "Unsupported protocol version", data);
            spoiled = spoiled_by_errors;
            continue;
        }
        if legacy && is_request && method == Some("server/discover") {
            refuse(msg.get("id"), -32601, "Method not found", Value::Null);
            spoiled = spoiled_by_errors;
            continue;
        }
        if to_rmcp.write_all(&line).await.is_err() {
            break;
        }
    }
    // stdin closed: so is rmcp's
    let _ = to_rmcp.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch_and_leap_day() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_767_225_599), "2025-12-31T23:59:59Z");
    }

    #[test]
    fn bad_tool_name_is_only_served_on_request() {
        let names = |s: &ExampleServer| -> Vec<String> {
            s.tool_router
                .list_all()
                .into_iter()
                .map(|t| t.name.to_string())
                .collect()
        };
        let bad = Variant {
            bad_tool_name: true,
            ..Variant::default()
        };
        assert!(
            !names(&ExampleServer::new(Variant::default())).contains(&BAD_TOOL_NAME.to_string())
        );
        assert!(names(&ExampleServer::new(bad)).contains(&BAD_TOOL_NAME.to_string()));
        assert_eq!(
            ExampleServer::new(Variant::default())
                .tool_router
                .list_all()
                .len(),
            3
        );
    }

    #[test]
    fn schema_flags_shape_the_schemas() {
        let s = ExampleServer::new(Variant {
            draft07_output_schema: true,
            untyped_input_schema: true,
            ..Variant::default()
        });
        for t in s.tool_router.list_all() {
            assert_eq!(t.input_schema.get("$schema"), Some(&json!(DRAFT_07)));
            let out = t.output_schema.expect("an outputSchema");
            assert_eq!(out.get("$schema"), Some(&json!(DRAFT_07)));
            assert_eq!(t.input_schema.get("type").is_none(), t.name == "echo");
        }
        let s = ExampleServer::new(Variant {
            output_schema_declares: Some(json!(5)),
            ..Variant::default()
        });
        for t in s.tool_router.list_all() {
            // the inputSchema is left as rmcp makes it
            assert_ne!(t.input_schema.get("$schema"), Some(&json!(DRAFT_07)));
            let out = t.output_schema.expect("an outputSchema");
            assert_eq!(out.get("$schema"), Some(&json!(5)));
        }
    }
}
