//! The HTTP client of the probe: one `ureq` agent per target, set up the
//! way the user's network needs it and no further:
//! - **TLS roots**: Mozilla's (what Node, and so a bridge such as
//!   mcp-remote, trusts out of the box) plus the CA files named by
//!   [`ca_files`]; rustls everywhere but macOS, where the platform TLS is
//!   used with the same roots;
//! - **proxy**: `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` (either case),
//!   skipped for hosts `NO_PROXY` names ([`pick_proxy`]);
//! - **timeouts per phase**: resolving, connecting (TCP and TLS) and the
//!   whole request, each within what is left of the probe's budget;
//! - no automatic redirects (`probe::http` judges each one) and no error
//!   for 4xx/5xx (a status is evidence, not a failure of the client).
//!
//! Network failures become a [`NetError`] the verdicts can word.

use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// At most this long to resolve a name.
pub const RESOLVE_LIMIT: Duration = Duration::from_secs(10);

/// ureq's buffer for what is sent (a larger body is sent in pieces).
const OUTPUT_BUFFER: usize = 16 * 1024;
/// ureq's buffer for what is received, and so the largest response head
/// read (one byte less, so that a larger one is named as such): Node's
/// HTTP client, and so a bridge such as mcp-remote, refuses a head over
/// 16 KB too. ureq's default (128 KB, zeroed per connection) was most of
/// its work per request.
const INPUT_BUFFER: usize = 16 * 1024;

/// The address a URL names when its host is an IP address (`127.0.0.1`,
/// `[::1]`), with the scheme's port when it gives none.
fn ip_address(uri: &ureq::http::Uri) -> Option<std::net::SocketAddr> {
    let host = uri.host()?.trim_start_matches('[').trim_end_matches(']');
    let ip: std::net::IpAddr = host.parse().ok()?;
    let port = uri.port_u16().or(match uri.scheme_str() {
        Some("http") => Some(80),
        Some("https") => Some(443),
        _ => None,
    })?;
    Some(std::net::SocketAddr::new(ip, port))
}

/// ureq's resolver, but an IP address is used as it is. ureq resolves on a
/// thread of its own whenever the request has a deadline (ours always do),
/// one thread per request even for 127.0.0.1.
#[derive(Debug, Default)]
struct IpAsIs(ureq::unversioned::resolver::DefaultResolver);

impl ureq::unversioned::resolver::Resolver for IpAsIs {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        match ip_address(uri) {
            Some(addr) => {
                let mut out = self.empty();
                out.push(addr);
                Ok(out)
            }
            None => self.0.resolve(uri, config, timeout),
        }
    }
}
/// At most this long to connect (TCP, proxy and TLS).
pub const CONNECT_LIMIT: Duration = Duration::from_secs(10);
/// The largest body read (a JSON reply, an error page, a metadata
/// document), like the stdio message cap.
pub const MAX_BODY: usize = super::super::framing::MAX_MESSAGE;
/// How much of a body over [`MAX_BODY`] without a `Content-Length` is read
/// to say its length.
const COUNTED_BYTES: u64 = 256 << 20;

/// A reply's body read as one JSON-RPC message (or batch).
pub enum Message {
    Text(String),
    /// Over [`MAX_BODY`]: its first bytes and its length.
    TooLong {
        head: Vec<u8>,
        len: u64,
    },
}

/// A network failure, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetError {
    /// The host name did not resolve.
    Dns {
        host: String,
    },
    /// Nothing listens there (or a firewall rejected the connection).
    Refused {
        detail: String,
    },
    Tls {
        problem: TlsProblem,
        detail: String,
    },
    /// No answer within the budget; `phase` is ureq's (resolve,
    /// connect, receive response, ...).
    Timeout {
        phase: String,
    },
    /// The proxy URL is not usable.
    Proxy {
        detail: String,
    },
    /// The URL itself is not usable.
    BadUrl {
        detail: String,
    },
    /// A header cannot be sent: its value holds a line break or another
    /// control character (or its name is not a token). Only the name:
    /// the value may be a secret.
    BadHeader {
        name: String,
    },
    /// What answered does not speak HTTP (an SSH or SMTP banner, ...).
    NotHttp {
        detail: String,
    },
    /// An HTTP reply whose head is malformed (a header value holding a
    /// control character).
    BadHead {
        detail: String,
    },
    /// A reply's body that cannot be decoded (gzip or brotli data that
    /// is not): the server's bad reply, not the network.
    BadBody {
        detail: String,
    },
    Other {
        detail: String,
    },
}

/// Why a certificate was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TlsProblem {
    /// Self-signed, or signed by a CA the roots do not hold.
    UnknownIssuer,
    Expired,
    /// Issued for another name.
    WrongName,
    /// The handshake failed otherwise (protocol version, no shared
    /// cipher, a plain-HTTP server on an https URL, ...).
    Handshake,
}

/// What one target's connections need.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// The proxy to use, as a URL (from [`pick_proxy`]).
    pub proxy: Option<String>,
    /// Extra CA certificate files (PEM), added to Mozilla's roots.
    pub ca_files: Vec<PathBuf>,
}

/// A CA file named by a variable, and which variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaFile {
    pub path: PathBuf,
    pub from: String,
}

/// The extra CA files for a target. A bridge entry's process gets only
/// the entry's env (the app does not pass your shell's), and Node reads
/// `NODE_EXTRA_CA_CERTS` only; an ad-hoc URL or a url entry is probed with
/// what you set for command-line tools: `SSL_CERT_FILE` and
/// `NODE_EXTRA_CA_CERTS` from mcpctl's own environment.
pub fn ca_files(
    bridge: bool,
    entry_env: &[(String, String)],
    own: &dyn Fn(&str) -> Option<String>,
) -> Vec<CaFile> {
    let mut out = Vec::new();
    if bridge {
        if let Some((_, v)) = entry_env
            .iter()
            .rev()
            .find(|(k, _)| k == "NODE_EXTRA_CA_CERTS")
        {
            out.push(CaFile {
                path: v.into(),
                from: "NODE_EXTRA_CA_CERTS (entry env)".into(),
            });
        }
        return out;
    }
    for var in ["SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS"] {
        if let Some(v) = own(var).filter(|v| !v.is_empty()) {
            out.push(CaFile {
                path: v.into(),
                from: var.into(),
            });
        }
    }
    out
}

/// The proxy for `url` from the environment (`own`), unless `NO_PROXY`
/// names its host: `HTTPS_PROXY` for https, `HTTP_PROXY` for http, then
/// `ALL_PROXY`; lower case wins over upper, as curl reads them.
pub fn pick_proxy(url: &str, own: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let get = |name: &str| {
        own(&name.to_ascii_lowercase())
            .or_else(|| own(name))
            .filter(|v| !v.trim().is_empty())
    };
    let host = crate::urls::host_of(url)?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    if let Some(no) = get("NO_PROXY")
        && no.split(',').any(|e| no_proxy_matches(e.trim(), &host))
    {
        return None;
    }
    let https = url.trim().to_ascii_lowercase().starts_with("https://");
    let first = if https { "HTTPS_PROXY" } else { "HTTP_PROXY" };
    get(first).or_else(|| get("ALL_PROXY"))
}

/// One `NO_PROXY` entry against a host: `*`, the host itself, or a domain
/// it is under (`example.com` and `.example.com` both match
/// `a.example.com`); a port on the entry is ignored.
fn no_proxy_matches(entry: &str, host: &str) -> bool {
    let e = entry.to_ascii_lowercase();
    if e == "*" {
        return true;
    }
    let e = match e.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) && !h.contains(':') => h,
        _ => e.as_str(),
    };
    let e = e.trim_start_matches('.');
    !e.is_empty() && (host == e || host.ends_with(&format!(".{e}")))
}

/// `http://user:secret@proxy:3128` -> `http://****@proxy:3128`.
pub fn mask_proxy(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((_, host)) => format!("{scheme}://****@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// Problems met while reading the CA files (unreadable, no certificate).
pub type CaNotes = Vec<String>;

/// A response, its body not read yet.
pub struct Reply {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Box<dyn Read + Send>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// The media type, lower case, without parameters (`text/html`).
    pub fn media_type(&self) -> String {
        self.header("content-type")
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }
    /// The body as one message: its text (lossy UTF-8), or, over
    /// [`MAX_BODY`], its first bytes and its length (`Content-Length`, else
    /// counted, up to 256 MiB more).
    pub fn message(self) -> Result<Message, NetError> {
        // a compressed body's Content-Length is not the message's length
        let declared = self
            .header("content-length")
            .filter(|_| self.header("content-encoding").is_none())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let mut bytes = Vec::new();
        let mut body = self.body;
        (&mut body)
            .take(MAX_BODY as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(&e, ""))?;
        if bytes.len() <= MAX_BODY {
            return Ok(Message::Text(crate::text::lossy_owned(bytes)));
        }
        let len = match declared {
            Some(n) => n,
            None => {
                let rest =
                    std::io::copy(&mut body.take(COUNTED_BYTES), &mut std::io::sink()).unwrap_or(0);
                bytes.len() as u64 + rest
            }
        };
        bytes.truncate(super::super::framing::HEAD_BYTES);
        Ok(Message::TooLong { head: bytes, len })
    }

    /// The whole body, at most [`MAX_BODY`] bytes (lossy UTF-8).
    pub fn text(self) -> Result<String, NetError> {
        let mut bytes = Vec::new();
        let mut limited = self.body.take(MAX_BODY as u64);
        limited
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(&e, ""))?;
        Ok(crate::text::lossy_owned(bytes))
    }
}

/// One agent for one target.
pub struct Client {
    agent: ureq::Agent,
    /// Some request got a reply: later connections may come from the pool,
    /// and a server may close one it kept without saying so.
    answered: std::sync::atomic::AtomicBool,
}

impl Client {
    /// The agent for `setup`, and what went wrong with its CA files.
    /// `tls`: the target is https (else no roots are loaded at all: a
    /// system bundle named by SSL_CERT_FILE costs tens of milliseconds).
    pub fn new(setup: &Setup, tls: bool) -> Result<(Client, CaNotes), NetError> {
        let (tls, notes) = if tls {
            tls_config(&setup.ca_files)
        } else {
            (ureq::tls::TlsConfig::default(), Vec::new())
        };
        let proxy = match &setup.proxy {
            Some(p) => Some(ureq::Proxy::new(p).map_err(|e| NetError::Proxy {
                detail: format!("{}: {e}", mask_proxy(p)),
            })?),
            None => None,
        };
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .user_agent(concat!("mcpctl/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls)
            .proxy(proxy)
            // what mcpctl sends is small: a 128 KB buffer zeroed per
            // connection is most of ureq's own work per request
            .output_buffer_size(OUTPUT_BUFFER)
            .input_buffer_size(INPUT_BUFFER)
            .max_response_header_size(INPUT_BUFFER - 1)
            .build();
        Ok((
            Client {
                answered: std::sync::atomic::AtomicBool::new(false),
                agent: ureq::Agent::with_parts(
                    config,
                    ureq::unversioned::transport::DefaultConnector::new(),
                    IpAsIs::default(),
                ),
            },
            notes,
        ))
    }

    /// One request; the whole of it (and reading its body) must end by
    /// `deadline`.
    pub fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(String, String)],
        body: Option<&str>,
        deadline: Instant,
    ) -> Result<Reply, NetError> {
        // what is left of the budget, for each attempt
        let left = || {
            deadline
                .checked_duration_since(Instant::now())
                .filter(|d| !d.is_zero())
                .ok_or(NetError::Timeout {
                    phase: "the whole request".into(),
                })
        };
        left()?;
        // a header no HTTP client sends (a line break in a token): named,
        // never blamed on the URL
        if let Some((k, _)) = headers.iter().find(|(k, v)| !sendable_header(k, v)) {
            return Err(NetError::BadHeader { name: k.clone() });
        }
        // a URL's credentials (`https://user:p%40ss@host/`) go as curl sends
        // them, percent-decoded in a Basic header (the HTTP client would
        // send them still escaped); a header the user gives wins
        let (uri, basic) = match crate::urls::without_credentials(url) {
            Some((bare, userinfo)) => (bare, Some(userinfo)),
            None => (url.to_string(), None),
        };
        let mut builder = ureq::http::Request::builder()
            .method(method)
            .uri(uri.as_str());
        for (k, v) in headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        if let Some(userinfo) = basic
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        {
            let value = format!("Basic {}", crate::urls::base64(userinfo.as_bytes()));
            builder = builder.header("authorization", value);
        }
        let request =
            builder
                .body(body.unwrap_or("").to_string())
                .map_err(|e| NetError::BadUrl {
                    detail: e.to_string(),
                })?;
        let send = |request: ureq::http::Request<String>, left: Duration| {
            ureq::RequestExt::with_agent(request, &self.agent)
                .configure()
                .timeout_global(Some(left))
                .timeout_resolve(Some(left.min(RESOLVE_LIMIT)))
                .timeout_connect(Some(left.min(CONNECT_LIMIT)))
                .allow_non_standard_methods(true)
                .build()
                .run()
        };
        use std::sync::atomic::Ordering;
        // a kept connection the server had closed without a word (an
        // HTTP/1.1 reply with no `Connection: close`) fails before the
        // request reaches the server: send it again (browsers do the same),
        // past every such connection the pool holds, then on a new one; a
        // server that is really gone refuses that one too
        let mut tries = 0;
        let response = loop {
            match send(request.clone(), left()?) {
                Err(e)
                    if tries < STALE_RETRIES
                        && self.answered.load(Ordering::Relaxed)
                        && died_unanswered(&e) =>
                {
                    tries += 1;
                }
                other => break other,
            }
        }
        .map_err(|e| classify(e, url))?;
        self.answered.store(true, Ordering::Relaxed);
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = Box::new(response.into_body().into_reader());
        Ok(Reply {
            status,
            headers,
            body,
        })
    }
}

/// Whether a header can be sent as it is: a token for its name, and no
/// control character but a tab in its value (Node's fetch, and so a
/// bridge such as mcp-remote, refuses the others too).
pub fn sendable_header(name: &str, value: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
        && !value.chars().any(|c| c.is_control() && c != '\t')
}

/// Mozilla's roots plus the certificates in `files`.
fn tls_config(files: &[PathBuf]) -> (ureq::tls::TlsConfig, CaNotes) {
    let mut certs: Vec<ureq::tls::Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|c| ureq::tls::Certificate::from_der(c.as_ref()).to_owned())
        .collect();
    let mut notes = Vec::new();
    let mut seen: Vec<&PathBuf> = Vec::new();
    for f in files {
        // SSL_CERT_FILE and NODE_EXTRA_CA_CERTS often name the same bundle
        if seen.contains(&f) {
            continue;
        }
        seen.push(f);
        // SSL_CERT_FILE=/dev/zero, or a FIFO: refused, not read forever
        match crate::platform::files::read_capped(f, crate::platform::files::MAX_OTHER_BYTES) {
            Ok(pem) => {
                let before = certs.len();
                for item in ureq::tls::parse_pem(&pem).flatten() {
                    if let ureq::tls::PemItem::Certificate(c) = item {
                        certs.push(c);
                    }
                }
                if certs.len() == before {
                    notes.push(format!(
                        "CA file {} holds no PEM certificate: ignored",
                        f.display()
                    ));
                }
            }
            Err(e) => notes.push(format!(
                "CA file {} cannot be read ({e}): ignored",
                f.display()
            )),
        }
    }
    let builder =
        ureq::tls::TlsConfig::builder().root_certs(ureq::tls::RootCerts::new_with_certs(&certs));
    #[cfg(target_os = "macos")]
    let builder = builder.provider(ureq::tls::TlsProvider::NativeTls);
    (builder.build(), notes)
}

/// A failed read of a reply's body (a stream cut, a read timeout).
pub fn read_error(e: &std::io::Error) -> NetError {
    io_error(e, "")
}

fn io_error(e: &std::io::Error, host: &str) -> NetError {
    use std::io::ErrorKind as K;
    let detail = e.to_string();
    if let Some(inner) = e.get_ref() {
        if let Some(u) = inner.downcast_ref::<ureq::Error>() {
            return classify_ref(u, host);
        }
        #[cfg(not(target_os = "macos"))]
        if let Some(r) = inner.downcast_ref::<rustls::Error>() {
            return NetError::Tls {
                problem: rustls_problem(r),
                detail: r.to_string(),
            };
        }
    }
    if name_not_found(e.raw_os_error()) {
        return NetError::Dns {
            host: host.to_string(),
        };
    }
    match e.kind() {
        // in words of our own: the OS's text and error number differ
        // between Linux, macOS and Windows
        K::ConnectionRefused => NetError::Refused {
            detail: "connection refused".into(),
        },
        K::ConnectionReset => NetError::Refused {
            detail: "connection reset".into(),
        },
        K::ConnectionAborted => NetError::Refused {
            detail: "connection aborted".into(),
        },
        K::TimedOut | K::WouldBlock => NetError::Timeout {
            phase: "reading the reply".into(),
        },
        _ if detail.contains("certificate") || detail.contains("TLS") || detail.contains("tls") => {
            NetError::Tls {
                problem: TlsProblem::Handshake,
                detail,
            }
        }
        _ => NetError::Other { detail },
    }
}

/// Whether an OS error number says a host name does not resolve where the
/// words do not ("Host not found.", "No data record of requested type."):
/// Windows' `WSAHOST_NOT_FOUND` and `WSANO_DATA`.
fn name_not_found(code: Option<i32>) -> bool {
    cfg!(windows) && matches!(code, Some(11001 | 11004))
}

/// How many times a request that died on a kept connection is sent again:
/// the pool holds a connection per request that ran side by side (the era
/// attempt, the listings), each of which the server may have dropped.
const STALE_RETRIES: usize = 4;

/// Whether a request failed because its connection was gone before any
/// reply came: reset, aborted, a broken pipe, or closed at once.
fn died_unanswered(e: &ureq::Error) -> bool {
    use std::io::ErrorKind as K;
    match e {
        ureq::Error::Io(io) => matches!(
            io.kind(),
            K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof
        ),
        _ => false,
    }
}

/// A ureq error as a [`NetError`] (`url` names the host in messages).
fn classify(e: ureq::Error, url: &str) -> NetError {
    let host = crate::urls::host_of(url).unwrap_or(url).to_string();
    classify_ref(&e, &host)
}

fn classify_ref(e: &ureq::Error, host: &str) -> NetError {
    match e {
        ureq::Error::HostNotFound => NetError::Dns {
            host: host.to_string(),
        },
        ureq::Error::Io(io) => {
            let n = io_error(io, host);
            // "failed to lookup address" surfaces as an io error
            match &n {
                NetError::Other { detail }
                    if detail.contains("lookup") || detail.contains("resolve") =>
                {
                    NetError::Dns {
                        host: host.to_string(),
                    }
                }
                _ => n,
            }
        }
        ureq::Error::Timeout(t) => NetError::Timeout {
            phase: timeout_phase(*t).into(),
        },
        ureq::Error::LargeResponseHeader(..) => NetError::Other {
            detail: format!(
                "the response's head is over {} KB, which Node's HTTP client (and so a bridge \
such as mcp-remote) refuses too",
                INPUT_BUFFER / 1024
            ),
        },
        ureq::Error::ConnectionFailed => NetError::Refused {
            detail: "connection failed".into(),
        },
        ureq::Error::InvalidProxyUrl => NetError::Proxy {
            detail: "invalid proxy URL".into(),
        },
        // no HTTP status line came back: another service answered
        // no HTTP status line came back: another service answered; a
        // status line, then a malformed head: the server's bad reply
        ureq::Error::Protocol(p) => {
            let detail = p.to_string();
            if detail.contains("HTTP version") || detail.contains("invalid status") {
                NetError::NotHttp { detail }
            } else if detail.contains("parse fail") {
                NetError::BadHead { detail }
            } else {
                NetError::Other {
                    detail: format!("protocol: {detail}"),
                }
            }
        }
        ureq::Error::Decompress(..) => NetError::BadBody {
            detail: e.to_string(),
        },
        ureq::Error::BadUri(d) => NetError::BadUrl { detail: d.clone() },
        ureq::Error::Http(d) => NetError::BadUrl {
            detail: d.to_string(),
        },
        ureq::Error::Tls(d) => NetError::Tls {
            problem: TlsProblem::Handshake,
            detail: d.to_string(),
        },
        #[cfg(not(target_os = "macos"))]
        ureq::Error::Rustls(r) => NetError::Tls {
            problem: rustls_problem(r),
            detail: r.to_string(),
        },
        #[cfg(target_os = "macos")]
        ureq::Error::NativeTls(n) => {
            let detail = n.to_string();
            let l = detail.to_ascii_lowercase();
            let problem = if l.contains("expired") {
                TlsProblem::Expired
            } else if l.contains("hostname") || l.contains("name") {
                TlsProblem::WrongName
            } else if l.contains("trust") || l.contains("self") || l.contains("issuer") {
                TlsProblem::UnknownIssuer
            } else {
                TlsProblem::Handshake
            };
            NetError::Tls { problem, detail }
        }
        other => NetError::Other {
            detail: other.to_string(),
        },
    }
}

#[cfg(not(target_os = "macos"))]
fn rustls_problem(e: &rustls::Error) -> TlsProblem {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::UnknownIssuer | C::BadSignature => TlsProblem::UnknownIssuer,
            C::Expired | C::ExpiredContext { .. } | C::NotValidYet => TlsProblem::Expired,
            C::NotValidForName | C::NotValidForNameContext { .. } => TlsProblem::WrongName,
            _ => TlsProblem::UnknownIssuer,
        },
        _ => TlsProblem::Handshake,
    }
}

fn timeout_phase(t: ureq::Timeout) -> &'static str {
    match t {
        ureq::Timeout::Resolve => "resolving the name",
        ureq::Timeout::Connect => "connecting",
        ureq::Timeout::SendRequest | ureq::Timeout::SendBody => "sending the request",
        ureq::Timeout::RecvResponse => "waiting for the reply",
        ureq::Timeout::RecvBody => "reading the reply",
        _ => "the whole request",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    /// Windows says "Host not found. (os error 11001)": a DNS error there
    /// (the number means nothing elsewhere).
    #[test]
    fn a_name_windows_cannot_resolve_is_a_dns_error() {
        let got = io_error(&std::io::Error::from_raw_os_error(11001), "x.invalid");
        assert_eq!(
            matches!(got, NetError::Dns { .. }),
            cfg!(windows),
            "{got:?}"
        );
    }

    #[test]
    fn ip_hosts_are_used_as_they_are() {
        let at = |u: &str| ip_address(&u.parse().unwrap()).map(|a| a.to_string());
        assert_eq!(
            at("http://127.0.0.1:3000/mcp").as_deref(),
            Some("127.0.0.1:3000")
        );
        assert_eq!(at("https://[::1]/mcp").as_deref(), Some("[::1]:443"));
        assert_eq!(at("http://10.0.0.2/mcp").as_deref(), Some("10.0.0.2:80"));
        assert_eq!(at("http://localhost:3000/mcp"), None);
        assert_eq!(at("https://mcp.example.com/mcp"), None);
    }

    #[test]
    fn proxies_by_scheme_and_no_proxy() {
        let env = vars(&[
            ("HTTPS_PROXY", "http://p:3128"),
            ("http_proxy", "http://lower:1"),
            ("HTTP_PROXY", "http://upper:1"),
            ("NO_PROXY", "localhost,.corp.dev, internal.x:8443"),
        ]);
        assert_eq!(
            pick_proxy("https://mcp.example.com/mcp", &env).as_deref(),
            Some("http://p:3128")
        );
        assert_eq!(
            pick_proxy("http://mcp.example.com/mcp", &env).as_deref(),
            Some("http://lower:1")
        );
        for skip in [
            "https://localhost:3000/mcp",
            "https://a.corp.dev/mcp",
            "https://corp.dev/",
            "https://internal.x/mcp",
        ] {
            assert_eq!(pick_proxy(skip, &env), None, "{skip}");
        }
        let all = vars(&[("ALL_PROXY", "socks5://s:1080")]);
        assert_eq!(
            pick_proxy("https://x.dev/", &all).as_deref(),
            Some("socks5://s:1080")
        );
        assert_eq!(pick_proxy("https://x.dev/", &vars(&[])), None);
        assert_eq!(mask_proxy("http://u:secret@p:3128"), "http://****@p:3128");
    }

    #[test]
    fn ca_files_follow_who_connects() {
        let own = vars(&[
            ("SSL_CERT_FILE", "/etc/corp.pem"),
            ("NODE_EXTRA_CA_CERTS", "/n.pem"),
        ]);
        let env = vec![("NODE_EXTRA_CA_CERTS".to_string(), "/entry.pem".to_string())];
        let bridge = ca_files(true, &env, &own);
        assert_eq!(
            bridge
                .iter()
                .map(|c| c.path.display().to_string())
                .collect::<Vec<_>>(),
            ["/entry.pem"]
        );
        assert!(
            ca_files(true, &[], &own).is_empty(),
            "the app does not pass the shell's"
        );
        let direct = ca_files(false, &env, &own);
        assert_eq!(
            direct.iter().map(|c| c.from.as_str()).collect::<Vec<_>>(),
            ["SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS"]
        );
    }
}
