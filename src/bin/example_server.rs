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
//! - `--banner`: print a dotenv@17-style banner line on stdout first;
//! - `--require-env VAR`: exit 1 when `VAR` is missing or empty;
//! - `--bad-tool-name`: also serve a tool named `files.read`, which the SDK
//!   accepts but Claude Desktop rejects (`^[a-zA-Z0-9_-]{1,64}$`);
//! - `--slow-ms N`: sleep N ms before serving;
//! - `--data-dir DIR`: exit 1 unless DIR is an existing folder (shows what a
//!   relative path or a literal `${HOME}` becomes when the app starts it);
//! - `--leave-child FILE`: first start a detached copy of itself that writes
//!   a heartbeat (`PID COUNT`) to FILE every 50 ms until it is killed (a
//!   server that leaves a process behind; the process-lifetime tests watch
//!   FILE).

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
        ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
        ResourceContents, Role, ServerCapabilities, ServerConfig,
    },
    prompt, prompt_handler, prompt_router,
    service::RequestContext,
    tool, tool_handler, tool_router,
};
use serde::Deserialize;

/// The server's name in `serverInfo`.
const SERVER_NAME: &str = "mcpctl-example-server";
/// The one resource this server lists.
const README_URI: &str = "mcpctl://example/readme";
/// The tool name `--bad-tool-name` adds: valid for the SDK, invalid for the app.
const BAD_TOOL_NAME: &str = "files.read";
/// What dotenv@17 prints on stdout when it loads a `.env` file.
const DOTENV_BANNER: &str = "[dotenv@17.2.3] injecting env (2) from .env -- tip: \u{2699}\u{fe0f}  \
suppress all logs with { quiet: true }";

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
}

impl ExampleServer {
    fn new(bad_tool_name: bool) -> Self {
        let mut tool_router = Self::tool_router();
        if !bad_tool_name {
            tool_router.remove_route(BAD_TOOL_NAME);
        }
        Self {
            tool_router,
            prompt_router: Self::prompt_router(),
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
    Some(format!(
        "--data-dir {}: no such folder (working directory: {cwd}). \
hint: use an absolute path; Claude Desktop starts servers in / and expands neither ~ nor ${{VAR}}",
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
    if let Some(file) = &flags.heartbeat {
        for n in 0u64.. {
            let _ = std::fs::write(file, format!("{} {n}", std::process::id()));
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    if let Some(file) = &flags.leave_child {
        leave_child(file);
    }
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
    if flags.banner {
        // Deliberately on stdout: this is the classic dotenv@17 mistake.
        println!("{DOTENV_BANNER}");
    }
    let code = match serve(flags.bad_tool_name) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{SERVER_NAME}: error: {e}");
            1
        }
    };
    std::process::exit(code);
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

/// Serves MCP on stdin/stdout until the client closes stdin.
fn serve(bad_tool_name: bool) -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        eprintln!("{SERVER_NAME}: serving MCP on stdio");
        let service = match ExampleServer::new(bad_tool_name)
            .serve(rmcp::transport::stdio())
            .await
        {
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
        assert!(!names(&ExampleServer::new(false)).contains(&BAD_TOOL_NAME.to_string()));
        assert!(names(&ExampleServer::new(true)).contains(&BAD_TOOL_NAME.to_string()));
        assert_eq!(ExampleServer::new(false).tool_router.list_all().len(), 3);
    }
}
