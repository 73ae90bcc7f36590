//! Small HTTP servers inside the test process, on 127.0.0.1 and a port
//! the OS picks, for `tests/e2e/remote.rs`: each answers through a handler
//! the test gives (or hangs, or speaks TLS with a certificate made at test
//! time). They stop when dropped: no process and no thread outlives the
//! test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request as the handler sees it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer.
pub enum Reply {
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Read the request, never answer (until the server stops).
    Hang,
    /// Read the request, write these bytes as they are (a head of its own,
    /// a body the server's own way, or no HTTP at all), then keep the
    /// connection open until the server stops (`hold`: a stream held
    /// open) or close it.
    Raw { bytes: Vec<u8>, hold: bool },
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::with(status, "application/json", body)
    }
    pub fn with(status: u16, content_type: &str, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }
    /// Add a header.
    pub fn header(mut self, k: &str, v: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((k.into(), v.into()));
        }
        self
    }
}

type Handler = dyn Fn(&Request, u16) -> Reply + Send + Sync;

/// The TLS setup of a server (rustls; none on macOS, see Cargo.toml).
#[cfg(not(target_os = "macos"))]
type Tls = Arc<rustls::ServerConfig>;
#[cfg(target_os = "macos")]
type Tls = ();

/// A running server; stops when dropped.
pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
    scheme: &'static str,
}

impl Server {
    /// Plain HTTP; `handler(request, port)`.
    pub fn start(handler: impl Fn(&Request, u16) -> Reply + Send + Sync + 'static) -> Server {
        Server::spawn("http", Arc::new(handler), None)
    }

    /// HTTPS with a self-signed certificate for 127.0.0.1 made now.
    #[cfg(not(target_os = "macos"))]
    pub fn start_tls(handler: impl Fn(&Request, u16) -> Reply + Send + Sync + 'static) -> Server {
        let key = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
            .expect("self-signed certificate");
        let cert = key.cert.der().clone();
        let private = rustls::pki_types::PrivateKeyDer::Pkcs8(
            rustls::pki_types::PrivatePkcs8KeyDer::from(key.signing_key.serialize_der()),
        );
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert], private)
        .expect("server config");
        Server::spawn("https", Arc::new(handler), Some(Arc::new(config)))
    }

    fn spawn(scheme: &'static str, handler: Arc<Handler>, tls: Option<Tls>) -> Server {
        Server::listen(scheme, move |stream, port, stop| {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            match tls.clone() {
                #[cfg(not(target_os = "macos"))]
                Some(cfg) => {
                    let Ok(conn) = rustls::ServerConnection::new(cfg) else {
                        return;
                    };
                    let tls_stream = rustls::StreamOwned::new(conn, stream);
                    serve(tls_stream, &*handler, port, &stop);
                }
                _ => serve(stream, &*handler, port, &stop),
            }
        })
    }

    /// A listener that takes each connection and, without reading
    /// anything, hands it to `on_connection` (which may answer no HTTP at
    /// all, or drop it unread: Linux then resets it).
    pub fn raw(on_connection: impl Fn(std::net::TcpStream) + Send + Sync + 'static) -> Server {
        Server::listen("http", move |stream, _, _| on_connection(stream))
    }

    /// Accept on 127.0.0.1 (a free port) until stopped, each connection
    /// (blocking again) on a thread of its own: `on_connection(stream,
    /// port, stop)`.
    fn listen(
        scheme: &'static str,
        on_connection: impl Fn(std::net::TcpStream, u16, Arc<AtomicBool>) + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let stop = Arc::new(AtomicBool::new(false));
        let stop2 = stop.clone();
        let on_connection = Arc::new(on_connection);
        let accept = std::thread::spawn(move || {
            let mut workers = Vec::new();
            while !stop2.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let _ = stream.set_nonblocking(false);
                        let f = on_connection.clone();
                        let s = stop2.clone();
                        workers.push(std::thread::spawn(move || f(stream, port, s)));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
            for w in workers {
                let _ = w.join();
            }
        });
        Server {
            port,
            stop,
            accept: Some(accept),
            scheme,
        }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("{}://127.0.0.1:{}{path}", self.scheme, self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn serve<S: Read + Write>(stream: S, handler: &Handler, port: u16, stop: &AtomicBool) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 {
            return;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let req = Request {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    match handler(&req, port) {
        Reply::Hang => {
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Reply::Raw { bytes, hold } => {
            let stream = reader.get_mut();
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
            while hold && !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let silent = headers.iter().any(|(k, _)| k == SILENT_CLOSE);
            let mut out = format!("HTTP/1.1 {status} X\r\n");
            for (k, v) in headers.iter().filter(|(k, _)| k != SILENT_CLOSE) {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str(&format!(
                "Content-Length: {}\r\n{}\r\n{body}",
                body.len(),
                if silent { "" } else { "Connection: close\r\n" }
            ));
            let stream = reader.get_mut();
            let _ = stream.write_all(out.as_bytes());
            let _ = stream.flush();
            if silent {
                // the client takes the connection as kept and sends its
                // next request on it; closing with it unread resets it
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// A reply header (not sent) that makes the server answer as HTTP/1.1
/// with no `Connection: close` and then close the connection anyway, with
/// the client's next request on it unread: a server that drops kept
/// connections without a word.
pub const SILENT_CLOSE: &str = "x-test-silent-close";

/// A minimal MCP server over Streamable HTTP (JSON replies), for the
/// fixtures that are healthy past their trick: answers initialize,
/// tools/list and, when `modern`, server/discover; `modern_only` refuses
/// initialize with -32022.
pub fn mcp_reply(req: &Request, modern: bool, modern_only: bool) -> Reply {
    let v: serde_json::Value = serde_json::from_str(&req.body).unwrap_or_default();
    let id = v.get("id").cloned();
    let method = v.get("method").and_then(|m| m.as_str()).unwrap_or("");
    let Some(id) = id else {
        return Reply::with(202, "text/plain", "");
    };
    let result = match method {
        "server/discover" if modern && req.header("mcp-method") == Some("server/discover") => {
            serde_json::json!({"supportedVersions": ["2026-07-28"], "capabilities": {"tools": {}},
                               "serverInfo": {"name": "fixture", "version": "1.0"}})
        }
        "initialize" if modern_only => {
            return Reply::json(
                200,
                &serde_json::json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32022,
                    "message": "Unsupported protocol version",
                    "data": {"supported": ["2026-07-28"], "requested": "2025-11-25"}}})
                .to_string(),
            );
        }
        "initialize" => serde_json::json!({"protocolVersion": "2025-11-25",
            "capabilities": {"tools": {}}, "serverInfo": {"name": "fixture", "version": "1.0"}}),
        "tools/list" => {
            serde_json::json!({"tools": [{"name": "echo", "inputSchema": {"type": "object"}}]})
        }
        _ => {
            return Reply::json(
                200,
                &serde_json::json!({"jsonrpc": "2.0", "id": id,
                    "error": {"code": -32601, "message": "Method not found"}})
                .to_string(),
            );
        }
    };
    Reply::json(
        200,
        &serde_json::json!({"jsonrpc": "2.0", "id": id, "result": result}).to_string(),
    )
}
