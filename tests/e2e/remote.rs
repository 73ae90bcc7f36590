//! Remote servers end to end, all on 127.0.0.1 with ports the OS picks:
//! - every verdict of the HTTP probe against a small server inside the
//!   test process (`support::http`): `needs-auth` (a 401 with RFC 9728
//!   resource metadata and RFC 8414 authorization server metadata),
//!   `forbidden`, `not-mcp` (an HTML app), `timeout` (a server that never
//!   answers), `tls-error` (a certificate made at test time), `dns-error`,
//!   `refused`, `bad-redirect`, and the 2026-07-28 era;
//! - the reference `server-everything` in its Streamable HTTP and legacy
//!   SSE modes (installed by scripts/install-test-servers.sh), probed
//!   directly, through a url entry and through an `mcp-remote` bridge entry
//!   that must not be started.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::real_servers::installed;
use crate::support::http::{Reply, Request, Server, mcp_reply};
use crate::support::{self, Out, Sandbox};

/// `mcpctl test-launch --url URL ARGS...` in a sandbox that names the port.
fn probe(sb: &Sandbox, url: &str, args: &[&str]) -> Command {
    let mut cmd = sb.mcpctl();
    cmd.args(["test-launch", "--url", url]).args(args);
    cmd
}

/// A JSON string's text ("" for anything else).
fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn sandbox_for(server: &Server) -> Sandbox {
    let sb = Sandbox::new();
    sb.name(format!("127.0.0.1:{}", server.port), "127.0.0.1:[PORT]");
    sb
}

fn json_of(sb: &Sandbox, url: &str, args: &[&str]) -> Value {
    let mut cmd = sb.mcpctl();
    cmd.args(["--json", "test-launch", "--url", url]).args(args);
    let out = sb.run(&mut cmd);
    assert_eq!(
        out.code,
        Some(if out.json()["servers"][0]["ok"] == json!(true) {
            0
        } else {
            1
        }),
        "{out:?}"
    );
    out.json()["servers"][0].clone()
}

/// A protected server: 401 with resource metadata, the metadata documents,
/// and, with `Authorization: Bearer good`, a healthy MCP server.
fn protected() -> Server {
    Server::start(|req: &Request, port| {
        let base = format!("http://127.0.0.1:{port}");
        match (req.method.as_str(), req.path.as_str()) {
            ("GET", "/.well-known/oauth-protected-resource/mcp") => Reply::json(
                200,
                &json!({"resource": format!("{base}/mcp"),
                        "authorization_servers": [format!("{base}/auth")],
                        "scopes_supported": ["mcp"]})
                .to_string(),
            ),
            ("GET", "/.well-known/oauth-authorization-server/auth") => Reply::json(
                200,
                &json!({"issuer": format!("{base}/auth"),
                        "authorization_endpoint": format!("{base}/auth/authorize"),
                        "token_endpoint": format!("{base}/auth/token"),
                        "registration_endpoint": format!("{base}/auth/register"),
                        "client_id_metadata_document_supported": false,
                        "code_challenge_methods_supported": ["S256"]})
                .to_string(),
            ),
            ("POST", "/mcp") if req.header("authorization") == Some("Bearer good") => {
                mcp_reply(req, false, false)
            }
            ("POST", "/mcp") => {
                let error = if req.header("authorization").is_some() {
                    ", error=\"invalid_token\""
                } else {
                    ""
                };
                Reply::json(401, r#"{"error":"unauthorized"}"#).header(
                    "WWW-Authenticate",
                    &format!(
                        "Bearer resource_metadata=\"{base}/.well-known/oauth-protected-resource/mcp\"{error}"
                    ),
                )
            }
            _ => Reply::with(404, "text/plain", "not found"),
        }
    })
}

#[test]
fn a_401_reads_the_metadata_and_never_signs_in() {
    let server = protected();
    let sb = sandbox_for(&server);
    let url = server.url("/mcp");
    let out = mcpctl_snapshot!(sb, &mut probe(&sb, &url, &[]));
    assert_eq!(out.code, Some(1));
    let s = json_of(&sb, &url, &[]);
    assert_eq!(s["verdict"], json!("needs-auth"));
    let auth = &s["remote"]["auth"];
    assert_eq!(
        auth["issuer"],
        json!(format!("http://127.0.0.1:{}/auth", server.port))
    );
    assert_eq!(auth["dynamic_client_registration"], json!(true));
    assert_eq!(auth["client_id_metadata_documents"], json!(false));
    // the challenge's keys as documented (a 16+ character word after
    // `Bearer` is masked in text, never a key of the document)
    let challenge = auth["challenge"].as_object().cloned().unwrap_or_default();
    assert!(challenge.contains_key("resource_metadata"), "{auth:#}");
    // never a registration, a token request or a browser: only GETs of
    // the two public documents after the refused POST
    let requests: Vec<String> = s["remote"]["requests"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| format!("{} {}", r["method"], r["url"]))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        requests
            .iter()
            .all(|r| !r.contains("/auth/register") && !r.contains("/auth/token")),
        "{requests:?}"
    );
    assert_eq!(
        s["remote"]["transport"],
        Value::Null,
        "401 says nothing about the transport"
    );
    assert!(s["remote"]["eras"].as_array().is_some_and(Vec::is_empty));
}

/// Metadata for another resource: MCP clients refuse to sign in with it
/// (RFC 9728 section 3.3), so the hint says the sign-in fails.
#[test]
fn metadata_for_another_resource_is_a_problem_clients_refuse() {
    let server = Server::start(|req: &Request, port| {
        let base = format!("http://127.0.0.1:{port}");
        match (req.method.as_str(), req.path.as_str()) {
            ("GET", "/prm") => Reply::json(
                200,
                &json!({"resource": "http://127.0.0.1:1/other",
                        "authorization_servers": [format!("{base}/as")]})
                .to_string(),
            ),
            ("POST", "/mcp") => Reply::json(401, "{}").header(
                "WWW-Authenticate",
                &format!("Bearer resource_metadata=\"{base}/prm\""),
            ),
            _ => Reply::with(404, "text/plain", "not found"),
        }
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "needs-auth", "{s:#}");
    let problems = s["remote"]["auth"]["problems"].to_string();
    assert!(
        problems.contains("the resource metadata is for http://127.0.0.1:1/other"),
        "{s:#}"
    );
    let hint = text(&s["hint"]);
    assert!(hint.contains("the sign-in fails"), "{s:#}");
}

#[test]
fn a_token_header_reaches_the_server_and_is_never_printed() {
    let server = protected();
    let sb = sandbox_for(&server);
    let url = server.url("/mcp");
    let good = sb.run(&mut probe(
        &sb,
        &url,
        &["--header", "Authorization: Bearer good"],
    ));
    assert_eq!(good.code, Some(0), "{good:?}");
    let bad = mcpctl_snapshot!(
        sb,
        &mut probe(&sb, &url, &["-H", "Authorization: Bearer s3cr3t-tok"])
    );
    assert_eq!(bad.code, Some(1));
    assert!(
        bad.stdout
            .contains("token in the Authorization header was refused"),
        "{bad:?}"
    );
    assert!(!bad.all().contains("s3cr3t-tok"), "{bad:?}");
    let s = json_of(&sb, &url, &["--header", "Authorization: Bearer s3cr3t-tok"]);
    assert_eq!(s["remote"]["headers"], json!(["Authorization"]));
    assert!(!s.to_string().contains("s3cr3t-tok"));
}

/// The secrets a URL carries (a password, `?api_key=`), in `--url` and in
/// a config's url entry, are masked in every output: text, JSON, JUnit.
#[test]
fn secrets_in_a_url_are_never_printed() {
    let server = protected();
    let sb = sandbox_for(&server);
    let url = format!(
        "http://ann:pw-0123456789@127.0.0.1:{}/mcp?api_key=qk-0123456789",
        server.port
    );
    let leaks = |text: &str| text.contains("pw-0123456789") || text.contains("qk-0123456789");
    let junit = sb.work().join("report.xml");
    let out = sb.run(&mut probe(
        &sb,
        &url,
        &["--junit", junit.to_str().unwrap(), "--format", "github"],
    ));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(!leaks(&out.all()), "{out:?}");
    assert!(out.stdout.contains("ann:****@"), "{out:?}");
    assert!(!leaks(&std::fs::read_to_string(&junit).unwrap()));
    let s = json_of(&sb, &url, &[]);
    assert!(!leaks(&s.to_string()), "{s}");
    let config = sb.write(
        sb.work().join("claude_desktop_config.json"),
        json!({"mcpServers": {"remote": {"url": url}}}).to_string(),
    );
    let mut cmd = sb.mcpctl();
    cmd.arg("--config")
        .arg(&config)
        .args(["--json", "test-launch"]);
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(!leaks(&out.all()), "{out:?}");
}

/// A server that closes each kept connection without a word (an HTTP/1.1
/// reply with no `Connection: close`): the request sent on the dead
/// connection is sent again on a new one, and the server is healthy, not
/// `refused`.
#[test]
fn a_kept_connection_the_server_dropped_is_not_a_refusal() {
    let server = Server::start(|req: &Request, _| {
        mcp_reply(req, false, false).header(crate::support::http::SILENT_CLOSE, "1")
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "ok", "{s}");
    assert_eq!(s["counts"]["tools"], 1, "{s}");
}

/// A header value with a line break inside (a token file's line end) is
/// the user's to fix: a usage error, never sent.
#[test]
fn a_header_with_a_line_break_is_a_usage_error() {
    let server = protected();
    let sb = sandbox_for(&server);
    let out = sb.run(&mut probe(
        &sb,
        &server.url("/mcp"),
        &["-H", "Authorization: Bearer good\r\nX-Evil: 1"],
    ));
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("--header number 1 holds a line break or another control character"),
        "{out:?}"
    );
    assert!(!out.stderr.contains("Bearer good"), "{out:?}");
}

#[test]
fn a_403_is_forbidden_with_the_scope() {
    let server = Server::start(|_: &Request, _| {
        Reply::json(403, "{}").header(
            "WWW-Authenticate",
            r#"Bearer error="insufficient_scope", scope="mcp:write""#,
        )
    });
    let sb = sandbox_for(&server);
    let out = mcpctl_snapshot!(sb, &mut probe(&sb, &server.url("/mcp"), &[]));
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("forbidden"), "{out:?}");
}

/// A 401 or 403 to `server/discover` alone, while `initialize` and the
/// listings answer: the server is ok (the app and mcp-remote open with
/// `initialize`), and `discover` says what the era attempt met.
#[test]
fn a_refusal_of_server_discover_alone_does_not_fail_the_server() {
    for status in [401, 403] {
        let server = Server::start(move |req: &Request, _| {
            if req.body.contains("\"server/discover\"") {
                Reply::json(status, "{}").header("WWW-Authenticate", r#"Bearer realm="x""#)
            } else {
                mcp_reply(req, false, false)
            }
        });
        let sb = sandbox_for(&server);
        let s = json_of(&sb, &server.url("/mcp"), &[]);
        assert_eq!(s["verdict"], "ok", "{status}: {s:#}");
        assert_eq!(s["counts"]["tools"], 1, "{status}: {s:#}");
        assert_eq!(s["discover"]["supported"], json!(false), "{status}: {s:#}");
        let error = text(&s["discover"]["error"]);
        assert!(error.contains(&status.to_string()), "{status}: {s:#}");
    }
}

/// A JSON-RPC reply sent as text/plain: not MCP to the SDK's client, and
/// the hint names the header, not the path.
#[test]
fn a_json_rpc_reply_with_the_wrong_content_type_names_the_header() {
    let server = Server::start(|req: &Request, _| {
        let v: Value = serde_json::from_str(&req.body).unwrap_or_default();
        let body = json!({"jsonrpc": "2.0", "id": v["id"], "result": {}}).to_string();
        Reply::with(200, "text/plain", &body)
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "not-mcp", "{s:#}");
    let hint = text(&s["hint"]);
    assert!(
        hint.contains("it answered JSON-RPC, but as `text/plain`"),
        "{s:#}"
    );
}

/// A reply over the 10 MiB the app's SDK accepts is named for its size,
/// not called "not JSON-RPC" because mcpctl stopped reading it.
#[test]
fn a_reply_over_ten_mebibytes_is_named_for_its_size() {
    let server = Server::start(|req: &Request, _| {
        let v: Value = serde_json::from_str(&req.body).unwrap_or_default();
        if v["method"] == "tools/list" {
            let tool = json!({"name": "big", "description": "x".repeat(11 << 20),
                              "inputSchema": {"type": "object"}});
            let body = json!({"jsonrpc": "2.0", "id": v["id"], "result": {"tools": [tool]}});
            return Reply::json(200, &body.to_string());
        }
        support::http::mcp_reply(req, false, false)
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "bad-reply", "{s:#}");
    assert_eq!(s["phase"], "tools/list", "{s:#}");
    let message = text(&s["message"]);
    assert!(
        message.starts_with("a message of 1153") && message.contains("over the 10 MiB"),
        "{message}"
    );
}

#[test]
fn an_html_app_is_not_mcp() {
    let server = Server::start(|_: &Request, _| {
        Reply::with(
            200,
            "text/html; charset=utf-8",
            "<!doctype html><html><body>Welcome</body></html>",
        )
    });
    let sb = sandbox_for(&server);
    let out = mcpctl_snapshot!(sb, &mut probe(&sb, &server.url("/"), &[]));
    assert_eq!(out.code, Some(1));
}

#[test]
fn a_server_that_never_answers_times_out_within_the_budget() {
    let server = Server::start(|_: &Request, _| Reply::Hang);
    let sb = sandbox_for(&server);
    let t0 = Instant::now();
    let out = mcpctl_snapshot!(
        sb,
        &mut probe(&sb, &server.url("/mcp"), &["--timeout", "2"])
    );
    assert_eq!(out.code, Some(1));
    assert!(t0.elapsed() < Duration::from_secs(8), "{:?}", t0.elapsed());
}

#[cfg(not(target_os = "macos"))]
#[test]
fn a_self_signed_certificate_is_a_tls_error() {
    let server = Server::start_tls(|req: &Request, _| mcp_reply(req, false, false));
    let sb = sandbox_for(&server);
    let out = mcpctl_snapshot!(sb, &mut probe(&sb, &server.url("/mcp"), &[]));
    assert_eq!(out.code, Some(1));
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["remote"]["tls"], json!("unknown-issuer"));
}

#[cfg(not(target_os = "macos"))]
#[test]
fn a_ca_file_makes_the_same_certificate_trusted() {
    // the server's own certificate, saved as the CA file SSL_CERT_FILE names
    let server = Server::start_tls(|req: &Request, _| mcp_reply(req, false, false));
    let sb = sandbox_for(&server);
    let pem = fetch_certificate_pem(server.port);
    let ca = sb.write("ca.pem", pem);
    let mut cmd = probe(&sb, &server.url("/mcp"), &[]);
    cmd.env("SSL_CERT_FILE", &ca);
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
}

/// The certificate a TLS server presents, as PEM (read with a client that
/// trusts anything: only for this test).
#[cfg(not(target_os = "macos"))]
fn fetch_certificate_pem(port: u16) -> String {
    use std::io::Write;
    use std::sync::Arc;
    #[derive(Debug)]
    struct Any(Arc<rustls::crypto::CryptoProvider>);
    impl rustls::client::danger::ServerCertVerifier for Any {
        fn verify_server_cert(
            &self,
            _: &rustls::pki_types::CertificateDer<'_>,
            _: &[rustls::pki_types::CertificateDer<'_>],
            _: &rustls::pki_types::ServerName<'_>,
            _: &[u8],
            _: rustls::pki_types::UnixTime,
        ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
            Ok(rustls::client::danger::ServerCertVerified::assertion())
        }
        fn verify_tls12_signature(
            &self,
            m: &[u8],
            c: &rustls::pki_types::CertificateDer<'_>,
            d: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(
                m,
                c,
                d,
                &self.0.signature_verification_algorithms,
            )
        }
        fn verify_tls13_signature(
            &self,
            m: &[u8],
            c: &rustls::pki_types::CertificateDer<'_>,
            d: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(
                m,
                c,
                d,
                &self.0.signature_verification_algorithms,
            )
        }
        fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
            self.0.signature_verification_algorithms.supported_schemes()
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("versions")
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Any(provider)))
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from("127.0.0.1").expect("name");
    let mut conn = rustls::ClientConnection::new(Arc::new(config), name).expect("client");
    let mut tcp = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut tls = rustls::Stream::new(&mut conn, &mut tcp);
    let _ = tls.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    let der = conn
        .peer_certificates()
        .and_then(|c| c.first().cloned())
        .expect("a certificate");
    let b64 = base64_encode(der.as_ref());
    let lines: Vec<String> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

#[cfg(not(target_os = "macos"))]
fn base64_encode(bytes: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn a_name_that_does_not_resolve_is_a_dns_error() {
    // A 64-character label is refused by the resolver itself (labels are
    // at most 63): no DNS server is ever asked, the test stays local.
    let sb = Sandbox::new();
    let url = format!("http://{}.invalid/mcp", "a".repeat(64));
    let out = mcpctl_snapshot!(sb, &mut probe(&sb, &url, &[]));
    assert_eq!(out.code, Some(1));
}

#[test]
fn nothing_listening_is_refused() {
    let sb = Sandbox::new();
    let url = sb.closed_local_url();
    let out = mcpctl_snapshot!(sb, &mut probe(&sb, &url, &[]));
    assert_eq!(out.code, Some(1));
}

#[test]
fn a_redirect_that_turns_the_post_into_a_get_is_bad_redirect() {
    let server = Server::start(|_: &Request, _| {
        Reply::with(302, "text/html", "").header("Location", "/login?next=/mcp")
    });
    let sb = sandbox_for(&server);
    let out = mcpctl_snapshot!(sb, &mut probe(&sb, &server.url("/mcp"), &[]));
    assert_eq!(out.code, Some(1));
}

#[test]
fn a_307_is_followed_and_reported() {
    let server = Server::start(|req: &Request, _| {
        if req.path == "/old" {
            Reply::with(307, "text/plain", "").header("Location", "/mcp")
        } else {
            mcp_reply(req, false, false)
        }
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/old"), &[]);
    assert_eq!(s["verdict"], json!("ok"));
    assert_eq!(
        s["remote"]["redirects"][0],
        json!(format!("307 → http://127.0.0.1:{}/mcp", server.port))
    );
}

/// A redirect whose target carries a secret query parameter (one mcpctl
/// was never told): masked in the redirect line and every request URL.
#[test]
fn a_secret_in_a_redirect_target_is_masked() {
    let server = Server::start(|req: &Request, _| {
        if req.path == "/old" {
            Reply::with(307, "text/plain", "")
                .header("Location", "/mcp?token=SECRETTOKENxyz789&a=b")
        } else {
            mcp_reply(req, false, false)
        }
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/old"), &[]);
    assert_eq!(s["verdict"], json!("ok"), "{s:#}");
    assert!(!s.to_string().contains("SECRETTOKENxyz789"), "{s:#}");
    assert_eq!(
        s["remote"]["redirects"][0],
        json!(format!(
            "307 → http://127.0.0.1:{}/mcp?token=****&a=b",
            server.port
        ))
    );
    let out = sb.run(&mut probe(&sb, &server.url("/old"), &[]));
    assert!(!out.all().contains("SECRETTOKENxyz789"), "{out:?}");
}

#[test]
fn the_2026_era_is_found_and_a_modern_only_server_is_named() {
    let both = Server::start(|req: &Request, _| mcp_reply(req, true, false));
    let sb = sandbox_for(&both);
    let s = json_of(&sb, &both.url("/mcp"), &[]);
    assert_eq!(s["verdict"], json!("ok"));
    assert_eq!(s["remote"]["eras"], json!(["2026-07-28", "initialize"]));
    assert_eq!(s["discover"]["supported"], json!(true));
    assert_eq!(s["discover"]["tools"], json!(1));

    let modern = Server::start(|req: &Request, _| mcp_reply(req, true, true));
    let sb = sandbox_for(&modern);
    let out = mcpctl_snapshot!(sb, &mut probe(&sb, &modern.url("/mcp"), &[]));
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("incompatible-version"), "{out:?}");
}

/// A server that asks something (a ping) on a reply stream before it
/// replies: mcpctl answers with a POST and goes on reading the same stream.
#[test]
fn a_request_from_the_server_on_a_reply_stream_is_answered_and_the_reply_read() {
    let server = Server::start(|req: &Request, _| {
        let v: Value = serde_json::from_str(&req.body).unwrap_or_default();
        if v["method"] == json!("tools/list") {
            let ping = json!({"jsonrpc": "2.0", "id": "srv-1", "method": "ping"});
            let reply = json!({"jsonrpc": "2.0", "id": v["id"],
                "result": {"tools": [{"name": "echo", "inputSchema": {"type": "object"}}]}});
            return Reply::with(
                200,
                "text/event-stream",
                &format!("event: message\ndata: {ping}\n\nevent: message\ndata: {reply}\n\n"),
            );
        }
        if v.get("method").is_none() && v.get("id").is_some() {
            // the answer to the ping
            return Reply::with(202, "text/plain", "");
        }
        mcp_reply(req, false, false)
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], json!("ok"), "{s:#}");
    assert_eq!(s["counts"]["tools"], json!(1), "{s:#}");
}

/// A response head over 16 KB (Node's limit) is named, not taken for a
/// dropped connection.
#[test]
fn a_response_head_over_16_kb_is_named() {
    let server = Server::start(|req: &Request, _| {
        mcp_reply(req, false, false).header("X-Padding", &"a".repeat(20_000))
    });
    let sb = sandbox_for(&server);
    let out = sb.run(&mut probe(&sb, &server.url("/mcp"), &[]));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stdout.contains("the response's head is over 16 KB"),
        "{out:?}"
    );
}

/// (JSON-RPC method, arrived, answered) for each request a test server answered.
type Seen = std::sync::Arc<std::sync::Mutex<Vec<(String, Instant, Instant)>>>;

/// A server that answers every request after 40 ms (like a remote one),
/// recording (JSON-RPC method, arrived, answered) for each request it
/// answers; advertises tools, resources and prompts.
fn far_server() -> (Server, Seen) {
    let seen = Seen::default();
    let log = seen.clone();
    let server = Server::start(move |req: &Request, _| {
        let arrived = Instant::now();
        std::thread::sleep(Duration::from_millis(40));
        let v: Value = serde_json::from_str(&req.body).unwrap_or_default();
        let method = text(&v["method"]).to_string();
        let id = v["id"].clone();
        let result = match method.as_str() {
            "initialize" => json!({"protocolVersion": "2025-11-25",
                "capabilities": {"tools": {}, "resources": {}, "prompts": {}},
                "serverInfo": {"name": "far", "version": "1.0"}}),
            "tools/list" => json!({"tools": [{"name": "echo", "inputSchema": {"type": "object"}}]}),
            "resources/list" => json!({"resources": []}),
            "prompts/list" => json!({"prompts": [{"name": "p"}]}),
            _ if id.is_null() => return Reply::with(202, "text/plain", ""),
            _ => {
                log.lock().unwrap().push((method, arrived, Instant::now()));
                return Reply::json(
                    200,
                    &json!({"jsonrpc": "2.0", "id": id,
                        "error": {"code": -32601, "message": "Method not found"}})
                    .to_string(),
                );
            }
        };
        log.lock().unwrap().push((method, arrived, Instant::now()));
        Reply::json(
            200,
            &json!({"jsonrpc": "2.0", "id": id, "result": result}).to_string(),
        )
    });
    (server, seen)
}

/// Whether every request in `group` arrived before any of them was answered.
fn all_in_flight_together(group: &[&(String, Instant, Instant)]) -> bool {
    let last_arrival = group.iter().map(|(_, a, _)| *a).max();
    let first_answer = group.iter().map(|(.., d)| *d).min();
    matches!((last_arrival, first_answer), (Some(a), Some(d)) if a < d)
}

/// The 2026-07-28 attempt and `initialize` go out side by side: the server
/// has both before it answers either.
#[test]
fn the_era_attempt_and_initialize_overlap() {
    let (server, seen) = far_server();
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], json!("ok"), "{s:#}");
    let seen = seen.lock().unwrap();
    let first: Vec<_> = seen
        .iter()
        .filter(|(m, ..)| m == "server/discover" || m == "initialize")
        .collect();
    assert_eq!(first.len(), 2, "{seen:?}");
    assert!(
        all_in_flight_together(&first),
        "the era attempt and initialize went one after the other: {seen:?}"
    );
}

/// A server far away gets its three listings side by side: all three
/// requests reach it before it has answered any of them, and the report
/// still lists them in order.
#[test]
fn a_far_server_gets_its_listings_side_by_side() {
    let (server, seen) = far_server();
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], json!("ok"), "{s:#}");
    assert_eq!(s["counts"]["tools"], json!(1), "{s:#}");
    assert_eq!(s["counts"]["prompts"], json!(1), "{s:#}");
    let rpcs: Vec<&str> = s["remote"]["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["rpc"].as_str())
        .filter(|m| m.ends_with("/list"))
        .collect();
    assert_eq!(rpcs, ["tools/list", "resources/list", "prompts/list"]);
    let seen = seen.lock().unwrap();
    let lists: Vec<_> = seen.iter().filter(|(m, ..)| m.ends_with("/list")).collect();
    assert_eq!(lists.len(), 3, "{seen:?}");
    assert!(
        all_in_flight_together(&lists),
        "the listings were asked one after the other: {seen:?}"
    );
}

// ---- the reference server-everything over HTTP ---------------------------

/// `server-everything MODE` on a free port, stopped (and waited for) on drop.
struct Everything {
    child: Child,
    port: u16,
}

impl Everything {
    fn start(js: &Path, mode: &str) -> Everything {
        let node = support::on_path("node").expect("node");
        for _ in 0..5 {
            let port = {
                let l = TcpListener::bind("127.0.0.1:0").expect("bind");
                l.local_addr().expect("addr").port()
            };
            let mut child = Command::new(&node)
                .arg(js)
                .arg(mode)
                .env("PORT", port.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start server-everything");
            let t0 = Instant::now();
            while t0.elapsed() < Duration::from_secs(20) {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Everything { child, port };
                }
                if let Ok(Some(_)) = child.try_wait() {
                    break; // the port was taken meanwhile: another one
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("server-everything {mode} did not start");
    }
}

impl Drop for Everything {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn everything(test: &str, mode: &str) -> Option<Everything> {
    let inst = installed(test, "node", |i| vec![i.everything_js()])?;
    Some(Everything::start(&inst.everything_js(), mode))
}

fn check_everything(s: &Value, transport: &str) {
    assert_eq!(s["verdict"], json!("ok"), "{s:#}");
    assert_eq!(s["remote"]["transport"], json!(transport));
    assert_eq!(s["server_info"]["name"], json!("mcp-servers/everything"));
    assert!(
        s["counts"]["tools"].as_u64().is_some_and(|n| n > 0),
        "{s:#}"
    );
    // an initialize-era TypeScript server: no server/discover over HTTP
    assert_eq!(s["discover"]["supported"], json!(false));
    // its `get-structured-content` declares draft-07 on outputSchema: the
    // Cowork/Code lane refuses it through a bridge as over stdio, so the
    // server is not ok though its conversation is
    assert_eq!(s["lanes"]["chat"]["verdict"], json!("ok"), "{s:#}");
    let cowork = &s["lanes"]["cowork"];
    assert_eq!(cowork["verdict"], json!("bad-tool-schema"), "{s:#}");
    assert!(
        cowork["tool_schemas"].as_array().is_some_and(|f| f
            .iter()
            .any(|f| f["tool"] == json!("get-structured-content") && f["refused"] == json!(true))),
        "{s:#}"
    );
    assert_eq!(s["ok"], json!(false), "{s:#}");
}

#[test]
fn server_everything_over_streamable_http() {
    let Some(srv) = everything("server_everything_over_streamable_http", "streamableHttp") else {
        return;
    };
    let sb = Sandbox::new();
    let s = json_of(&sb, &format!("http://127.0.0.1:{}/mcp", srv.port), &[]);
    check_everything(&s, "streamable-http");
    assert_eq!(s["remote"]["session"], json!(true));
    let last = s["remote"]["requests"]
        .as_array()
        .and_then(|r| r.last().cloned());
    assert_eq!(
        last.map(|r| r["method"].clone()),
        Some(json!("DELETE")),
        "the session is ended"
    );
}

#[test]
fn server_everything_over_legacy_sse() {
    let Some(srv) = everything("server_everything_over_legacy_sse", "sse") else {
        return;
    };
    let sb = Sandbox::new();
    let s = json_of(&sb, &format!("http://127.0.0.1:{}/sse", srv.port), &[]);
    check_everything(&s, "sse");
}

/// A url entry and mcp-remote bridge entries in a config (npx, its script
/// run by node, a shell string): all probed over HTTP; the bridge is never
/// started (its `npx` is not even on the PATH, so starting it would say
/// command-not-found; the script does not exist).
#[test]
fn url_and_bridge_entries_are_probed_without_starting_the_bridge() {
    let Some(srv) = everything(
        "url_and_bridge_entries_are_probed_without_starting_the_bridge",
        "streamableHttp",
    ) else {
        return;
    };
    let sb = Sandbox::new();
    sb.name(format!("127.0.0.1:{}", srv.port), "127.0.0.1:[PORT]");
    let url = format!("http://127.0.0.1:{}/mcp", srv.port);
    let config = json!({"mcpServers": {
        "pasted": {"type": "http", "url": url},
        "bridged": {"command": "npx", "args": ["-y", "mcp-remote", url, "--header", "X-Team:${TEAM}"], "env": {"TEAM": "blue"}},
        "scripted": {"command": "node", "args": ["/nowhere/node_modules/mcp-remote/dist/proxy.js", url]},
        "shelled": {"command": "sh", "args": ["-c", format!("npx -y mcp-remote '{url}'")]}
    }});
    let path = sb.write(sb.work().join("c.json"), config.to_string());
    let mut cmd = sb.mcpctl();
    cmd.arg("--config")
        .arg(&path)
        .args(["--json", "test-launch"]);
    let out: Out = sb.run(&mut cmd);
    let doc = out.json();
    for name in ["pasted", "bridged", "scripted", "shelled"] {
        let s = doc["servers"]
            .as_array()
            .and_then(|a| a.iter().find(|s| s["name"] == json!(name)).cloned())
            .unwrap_or_default();
        check_everything(&s, "streamable-http");
        assert_eq!(
            s["resolved_command"],
            Value::Null,
            "{name}: nothing was started"
        );
    }
    // every copy answers (the url entry's own error is validate's and
    // doctor's business), and each fails the cowork lane as above
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(doc["summary"]["failed"], json!(4), "{out:?}");
}

/// Every request a server got, for a test to read after the run.
type Log = std::sync::Arc<std::sync::Mutex<Vec<Request>>>;

/// A healthy MCP server that records what it got.
fn recording() -> (Server, Log) {
    let log: Log = Default::default();
    let seen = log.clone();
    let server = Server::start(move |req: &Request, _| {
        seen.lock().unwrap().push(req.clone());
        mcp_reply(req, false, false)
    });
    (server, log)
}

/// A server that answers every request with a 307 to `to`.
fn redirect_to(to: String) -> Server {
    Server::start(move |_: &Request, _| Reply::with(307, "text/plain", "").header("Location", &to))
}

/// Credentials never follow a redirect to another origin; the user's other
/// headers do, as Node's fetch (the bridge's) sends them.
#[test]
fn credentials_never_follow_a_redirect_to_another_origin() {
    let (other, got) = recording();
    let first = redirect_to(other.url("/mcp"));
    let sb = sandbox_for(&first);
    let s = json_of(
        &sb,
        &first.url("/mcp"),
        &["-H", "Authorization: Bearer tok-123", "-H", "X-Api-Key: k1"],
    );
    assert_eq!(s["verdict"], json!("ok"), "{s:#}");
    let got = got.lock().unwrap();
    assert!(
        got.len() >= 3,
        "initialize, initialized, tools/list: {got:#?}"
    );
    for r in got.iter() {
        assert_eq!(r.header("authorization"), None, "{r:#?}");
        assert_eq!(r.header("x-api-key"), Some("k1"), "{r:#?}");
    }
    // each request went through the first server's redirect again
    let requests = s["remote"]["requests"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let at_first = requests
        .iter()
        .filter(|r| r["url"] == json!(first.url("/mcp")))
        .count();
    assert!(at_first >= 3, "{s:#}");
}

#[test]
fn a_legacy_endpoint_in_another_origin_gets_no_request() {
    let (other, got) = recording();
    let endpoint = other.url("/messages");
    let legacy = Server::start(move |req: &Request, _| match req.method.as_str() {
        "GET" => Reply::with(
            200,
            "text/event-stream",
            &format!("event: endpoint\ndata: {endpoint}\n\n"),
        ),
        _ => Reply::with(405, "text/plain", "method not allowed"),
    });
    let sb = sandbox_for(&legacy);
    let mut cmd = sb.mcpctl();
    cmd.args(["--json", "test-launch", "--url", &legacy.url("/sse")])
        .args(["-H", "Authorization: Bearer tok-123"]);
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("another origin"), "{out:?}");
    assert!(got.lock().unwrap().is_empty(), "{:#?}", got.lock().unwrap());
}

/// A proxy that is down is named as the trouble, not the server.
#[test]
fn a_dead_proxy_is_named_not_the_server() {
    let server = Server::start(|req: &Request, _| mcp_reply(req, false, false));
    let sb = sandbox_for(&server);
    let proxy = sb.closed_local_url().replace("/mcp", "");
    let mut cmd = sb.mcpctl();
    cmd.args(["--json", "test-launch", "--url", &server.url("/mcp")])
        .env("HTTP_PROXY", &proxy);
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(1), "{out:?}");
    let s = out.json()["servers"][0].clone();
    assert_eq!(s["verdict"], "refused", "{s:#}");
    let message = text(&s["message"]);
    assert!(message.contains("through the proxy"), "{s:#}");
    assert!(text(&s["hint"]).contains("NO_PROXY"), "{s:#}");
}

/// A server that answers initialize and then hangs on tools/list: the
/// verdict is the timeout, and what initialize said is kept, as over stdio.
#[test]
fn a_stall_after_initialize_keeps_what_initialize_said() {
    let server = Server::start(|req: &Request, _| {
        if req.body.contains("\"tools/list\"") {
            Reply::Hang
        } else {
            mcp_reply(req, false, false)
        }
    });
    let sb = sandbox_for(&server);
    let mut cmd = sb.mcpctl();
    cmd.args([
        "--json",
        "test-launch",
        "--timeout",
        "2",
        "--url",
        &server.url("/mcp"),
    ]);
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(1), "{out:?}");
    let s = out.json()["servers"][0].clone();
    assert_eq!(s["verdict"], "timeout", "{s:#}");
    assert_eq!(s["server_info"]["name"], "fixture", "{s:#}");
    assert_eq!(s["protocol_version"], "2025-11-25", "{s:#}");
    assert!(s["timings_ms"]["first_reply"].is_u64(), "{s:#}");
    assert!(!s["remote"]["transport"].is_null(), "{s:#}");
}

/// A session lost after `initialize` (404 to the listing, as a server that
/// restarted says): `bad-reply`, and the report still says initialize
/// answered, over which transport.
#[test]
fn a_session_lost_after_initialize_still_names_the_era_that_answered() {
    let server = Server::start(|req: &Request, _| {
        if req.body.contains("\"tools/list\"") {
            Reply::json(
                404,
                r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}"#,
            )
        } else {
            mcp_reply(req, false, false)
        }
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "bad-reply", "{s:#}");
    assert_eq!(s["phase"], "tools/list", "{s:#}");
    assert_eq!(s["remote"]["eras"], json!(["initialize"]), "{s:#}");
    assert_eq!(s["remote"]["transport"], "streamable-http", "{s:#}");
}

/// A 401 from the origin a redirect led to does not blame the user's token:
/// it never went there.
#[test]
fn a_401_after_a_redirect_elsewhere_does_not_blame_the_token() {
    let other = Server::start(|_: &Request, _| {
        Reply::with(401, "text/plain", "").header("WWW-Authenticate", "Bearer")
    });
    let first = redirect_to(other.url("/mcp"));
    let sb = sandbox_for(&first);
    let s = json_of(
        &sb,
        &first.url("/mcp"),
        &["-H", "Authorization: Bearer tok-123"],
    );
    assert_eq!(s["verdict"], "needs-auth", "{s:#}");
    let message = text(&s["message"]);
    assert!(message.contains("was not sent there"), "{s:#}");
    assert!(!message.contains("was refused"), "{s:#}");
}

/// A server that answers MCP only to `Authorization: Basic dXNlcjpwdw==`
/// (user:pw); 401 otherwise.
fn basic_only() -> Server {
    Server::start(|req: &Request, _| {
        if req.header("authorization") == Some("Basic dXNlcjpwdw==") {
            mcp_reply(req, false, false)
        } else {
            Reply::with(401, "text/plain", "").header("WWW-Authenticate", "Basic realm=\"x\"")
        }
    })
}

/// A URL's credentials go percent-decoded, as curl sends them (`p%40x`
/// is the password `p@x`), and a server echoing the header shows `****`.
#[test]
fn url_credentials_are_sent_decoded_and_masked_as_sent() {
    let server = Server::start(|req: &Request, _| match req.header("authorization") {
        Some("Basic dTpwQHg=") => mcp_reply(req, false, false),
        other => Reply::json(
            400,
            &format!(
                r#"{{"jsonrpc":"2.0","id":0,"error":{{"code":-32000,"message":"got {}"}}}}"#,
                other.unwrap_or("none")
            ),
        ),
    });
    let sb = sandbox_for(&server);
    let url = format!("http://u:p%40x@127.0.0.1:{}/mcp", server.port);
    let s = json_of(&sb, &url, &["--lane", "chat"]);
    assert_eq!(s["verdict"], json!("ok"), "{s:#}");
    // the header as sent, echoed back by a server that refuses it: masked
    let refusing = Server::start(|req: &Request, _| {
        let got = req.header("authorization").unwrap_or("none").to_string();
        Reply::json(
            400,
            &format!(
                r#"{{"jsonrpc":"2.0","id":0,"error":{{"code":-32000,"message":"bad {got}"}}}}"#
            ),
        )
    });
    let sb = sandbox_for(&refusing);
    let url = format!("http://u:p%40x@127.0.0.1:{}/mcp", refusing.port);
    let out = sb.run(&mut probe(&sb, &url, &["--lane", "chat"]));
    assert!(!out.stdout.contains("dTpwQHg="), "{out:?}");
    assert!(out.stdout.contains("bad Basic ****"), "{out:?}");
}

/// `mcpctl --config CONFIG ARGS...` on a config holding `servers`.
fn on_config(sb: &Sandbox, servers: &Value, args: &[&str]) -> (Out, std::path::PathBuf) {
    let config = sb.write(
        sb.work().join("claude_desktop_config.json"),
        serde_json::to_string_pretty(&json!({ "mcpServers": servers })).unwrap(),
    );
    (with_config(sb, &config, args), config)
}

/// `mcpctl --config CONFIG ARGS...`.
fn with_config(sb: &Sandbox, config: &Path, args: &[&str]) -> Out {
    let mut cmd = sb.mcpctl();
    cmd.arg("--config").arg(config).args(args);
    sb.run(&mut cmd)
}

/// The chat lane's verdict of the config's first server.
fn chat_verdict(sb: &Sandbox, config: &Path) -> Value {
    let out = with_config(sb, config, &["--json", "test-launch", "--lane", "chat"]);
    out.json()["servers"][0]["verdict"].clone()
}

/// A URL with `user:password@` in a Node bridge: Node's fetch refuses it,
/// so the bridge exits at once: an error. `doctor --fix` makes a url
/// entry with one a bridge that sends them as a Basic header, and that
/// entry then reaches the server.
#[test]
fn url_credentials_are_an_error_for_a_bridge_and_become_a_basic_header() {
    let server = basic_only();
    let sb = sandbox_for(&server);
    let with_creds = format!("http://user:pw@127.0.0.1:{}/mcp", server.port);
    let bridge = json!({"b": {"command": "npx", "args": ["-y", "mcp-remote", with_creds]}});
    let (out, _) = on_config(&sb, &bridge, &["--json", "validate"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("\"bridge-url-credentials\""), "{out:?}");
    let (out, _) = on_config(&sb, &bridge, &["test-launch", "--lane", "chat"]);
    assert!(
        out.stdout
            .contains("Node's fetch refuses a URL with credentials"),
        "{out:?}"
    );

    let entry = json!({"r": {"url": with_creds}});
    let (out, config) = on_config(&sb, &entry, &["doctor", "--fix", "--yes", "--no-launch"]);
    assert!(out.code.is_some(), "{out:?}");
    let fixed: Value = serde_json::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
    let r = &fixed["mcpServers"]["r"];
    let args: Vec<&str> = r["args"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        args.contains(&server.url("/mcp").as_str()),
        "no credentials left: {r:#}"
    );
    assert!(!r.to_string().contains("user:pw@"), "{r:#}");
    assert_eq!(r["env"]["AUTHORIZATION"], "Basic dXNlcjpwdw==", "{r:#}");
    assert_eq!(chat_verdict(&sb, &config), "ok");
}

/// `--header=K:V` in one argument is ignored by mcp-remote: flagged, not
/// sent by the probe either (the server then asks for credentials), and
/// `doctor --fix` splits it in two, after which the header reaches it.
#[test]
fn an_inline_header_is_not_sent_and_is_split_by_the_fix() {
    let server = basic_only();
    let sb = sandbox_for(&server);
    let entry = json!({"b": {"command": "npx", "args": [
        "-y", "mcp-remote", server.url("/mcp"), "--header=Authorization:${AUTH}"],
        "env": {"AUTH": "Basic dXNlcjpwdw=="}}});
    let (out, _) = on_config(&sb, &entry, &["validate"]);
    assert!(
        out.stdout.contains("warning[bridge-flag-ignored]"),
        "{out:?}"
    );
    let (_, config) = on_config(&sb, &entry, &["--version"]);
    assert_eq!(chat_verdict(&sb, &config), "needs-auth");
    with_config(&sb, &config, &["doctor", "--fix", "--yes", "--no-launch"]);
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.contains("\"--header\", \"Authorization:${AUTH}\""),
        "{text}"
    );
    assert_eq!(chat_verdict(&sb, &config), "ok");
}

/// A header holding a `${VAR}` the entry's env does not set is sent as
/// written; the 401 names the variable, not an expired token.
#[test]
fn an_unset_variable_in_a_header_is_named_not_the_token() {
    let server = protected();
    let sb = sandbox_for(&server);
    let entry = json!({"b": {"command": "npx", "args": [
        "-y", "mcp-remote", server.url("/mcp"), "--header", "Authorization:Bearer ${NOPE}"]}});
    let (out, _) = on_config(&sb, &entry, &["--json", "test-launch", "--lane", "chat"]);
    let s = &out.json()["servers"][0];
    assert_eq!(s["verdict"], "needs-auth", "{s:#}");
    assert!(
        s["message"]
            .as_str()
            .unwrap()
            .contains("held `${NOPE}` as written"),
        "{s:#}"
    );
    assert!(s["hint"].as_str().unwrap().contains("set NOPE"), "{s:#}");
}

/// `--header` with a config's server names (not `--url`) is a usage error,
/// not silently dropped.
#[test]
fn a_header_without_url_is_a_usage_error() {
    let sb = Sandbox::new();
    let (out, _) = on_config(
        &sb,
        &json!({"a": {"command": "/bin/true"}}),
        &["test-launch", "-H", "Authorization: Bearer x", "a"],
    );
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("--header goes with --url URL only"),
        "{out:?}"
    );
}

/// A server that asks for Basic credentials cannot be signed in to: a
/// refused Bearer header gets that hint, not "drop the header and sign in".
#[test]
fn a_refused_header_where_nothing_can_sign_in_says_so() {
    let server = basic_only();
    let sb = sandbox_for(&server);
    let s = json_of(
        &sb,
        &server.url("/mcp"),
        &["-H", "Authorization: Bearer tok-123"],
    );
    assert_eq!(s["verdict"], "needs-auth", "{s:#}");
    let hint = s["hint"].as_str().unwrap();
    assert!(hint.contains("it asks for `Basic`"), "{hint}");
    assert!(
        hint.contains("neither a Connector nor mcp-remote can sign in"),
        "{hint}"
    );
    assert!(!hint.contains("opens your browser"), "{hint}");
}

/// A legacy SSE server: its stream (held open) names `endpoint` in its
/// `endpoint` event; every POST gets 404.
fn legacy_stream_naming(endpoint: &'static [u8]) -> Server {
    Server::start(move |req: &Request, _| match req.method.as_str() {
        "GET" => {
            let mut bytes = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nevent: endpoint\ndata: "
                .to_vec();
            bytes.extend_from_slice(endpoint);
            bytes.extend_from_slice(b"\n\n");
            Reply::Raw { bytes, hold: true }
        }
        _ => Reply::with(404, "text/plain", ""),
    })
}

/// A legacy SSE server whose stream (held open) names an endpoint that
/// answers the POST with 404: the probe stops at once, not at the end of
/// `--timeout`, and says the POST failed, not that initialize was
/// answered, nor anything of Streamable HTTP's Mcp-Session-Id.
#[test]
fn a_legacy_endpoint_that_refuses_the_post_fails_at_once() {
    let server = legacy_stream_naming(b"/e404");
    let sb = sandbox_for(&server);
    let t0 = Instant::now();
    let s = json_of(&sb, &server.url("/x"), &["--timeout", "5"]);
    assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    assert_eq!(s["verdict"], "bad-reply", "{s:#}");
    let message = text(&s["message"]);
    assert!(
        message.contains("named `/e404` as the endpoint") && message.contains("HTTP 404"),
        "{s:#}"
    );
    assert!(!message.contains("answered initialize"), "{s:#}");
    let hint = text(&s["hint"]);
    assert!(!hint.contains("Mcp-Session-Id"), "{s:#}");
    assert!(s["timings_ms"]["first_reply"].is_null(), "{s:#}");
}

/// A legacy `endpoint` event holding control characters: no URL can be
/// made of it; the event is named, nothing of it printed, and the probe
/// does not wait out `--timeout`.
#[test]
fn a_legacy_endpoint_with_control_characters_is_a_bad_reply() {
    let server = legacy_stream_naming(b"/x\x1b]0;PWNED\x07");
    let sb = sandbox_for(&server);
    let t0 = Instant::now();
    let out = sb.run(&mut probe(&sb, &server.url("/sse"), &["--timeout", "5"]));
    assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("bad-reply"), "{out:?}");
    assert!(
        out.stdout
            .contains("the stream's `endpoint` event holds a control character"),
        "{out:?}"
    );
    assert!(
        !out.all().contains('\x1b') && !out.all().contains("PWNED"),
        "{out:?}"
    );
}

/// A redirect to `file:///etc/passwd` is a redirect no client follows, not
/// a fault of the URL in the config.
#[test]
fn a_redirect_to_another_scheme_is_bad_redirect() {
    let server = redirect_to("file:///etc/passwd".into());
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "bad-redirect", "{s:#}");
    let message = text(&s["message"]);
    assert!(message.contains("not an http(s) URL"), "{s:#}");
    assert!(!message.contains("not a usable URL"), "{s:#}");
}

/// A header value with a line break, in a url entry's headers or in the
/// variable a bridge's `--header` takes: named (its name only, never the
/// value), `exited-early` as the bridge would, and never sent.
#[test]
fn a_header_with_a_line_break_in_a_config_is_named_and_not_sent() {
    let (server, got) = recording();
    let sb = sandbox_for(&server);
    let url = server.url("/mcp");
    let servers = json!({
        "pasted": {"url": url, "headers": {"Authorization": "Bearer tok-secret-1\nY: 1"}},
        "bridged": {"command": "npx", "args": ["-y", "mcp-remote", url, "--header", "Authorization:${AUTH}"],
                    "env": {"AUTH": "Bearer tok-secret-2\r\nX-Injected: 1"}}
    });
    let (out, _) = on_config(&sb, &servers, &["--json", "test-launch", "--lane", "chat"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    for s in out.json()["servers"].as_array().unwrap() {
        assert_eq!(s["verdict"], "exited-early", "{s:#}");
        let message = text(&s["message"]);
        assert!(
            message.contains(
                "the value of the header Authorization holds a line break or another control character"
            ),
            "{s:#}"
        );
        assert!(text(&s["hint"]).contains("strip the line break"), "{s:#}");
    }
    assert!(!out.all().contains("tok-secret"), "{out:?}");
    assert!(got.lock().unwrap().is_empty(), "{:#?}", got.lock().unwrap());
}

/// A token read from a file keeps its line end: Node's fetch (so
/// mcp-remote) drops white space around a header's value, and so does the
/// probe: the bridge is ok, and the server gets the value without it.
#[test]
fn a_header_value_ending_in_a_line_break_is_sent_trimmed_as_fetch_does() {
    let (server, got) = recording();
    let sb = sandbox_for(&server);
    let url = server.url("/mcp");
    let servers = json!({
        "bridged": {"command": "npx", "args": ["-y", "mcp-remote", url, "--header", "Authorization:${AUTH}"],
                    "env": {"AUTH": "Bearer tok-secret-3\r\n"}}
    });
    let (out, _) = on_config(&sb, &servers, &["--json", "test-launch", "--lane", "chat"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let got = got.lock().unwrap();
    let sent = got
        .iter()
        .find_map(|r| r.header("authorization"))
        .expect("an Authorization header");
    assert_eq!(sent, "Bearer tok-secret-3");
}

/// A JSON-RPC error in the reply to the POST: MCP answered at this path
/// (`jsonrpc-error` with its code and message, not `not-mcp`); a 500 to
/// the POST: the server is failing (`bad-reply`), not a wrong path.
#[test]
fn json_rpc_errors_and_server_errors_are_not_called_not_mcp() {
    let rpc = Server::start(|req: &Request, _| match req.method.as_str() {
        "POST" => Reply::json(
            400,
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Bad Request: missing X-Tenant header"}}"#,
        ),
        _ => Reply::with(405, "text/plain", ""),
    });
    let sb = sandbox_for(&rpc);
    let s = json_of(&sb, &rpc.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "jsonrpc-error", "{s:#}");
    let message = text(&s["message"]);
    assert!(
        message.contains("-32000: Bad Request: missing X-Tenant header"),
        "{s:#}"
    );
    assert!(!text(&s["hint"]).contains("path"), "{s:#}");

    let failing = Server::start(|req: &Request, _| match req.method.as_str() {
        "POST" => Reply::with(500, "text/plain", "Internal Server Error"),
        _ => Reply::with(405, "text/plain", ""),
    });
    let sb = sandbox_for(&failing);
    let s = json_of(&sb, &failing.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "bad-reply", "{s:#}");
    assert!(
        text(&s["message"]).contains("initialize: HTTP 500"),
        "{s:#}"
    );
    let hint = text(&s["hint"]);
    assert!(
        hint.contains("is failing") && !hint.contains("path"),
        "{s:#}"
    );
}

/// server-everything given a session ID it does not know answers with a
/// JSON-RPC error: an MCP server, refusing the request.
#[test]
fn server_everything_refusing_a_bogus_session_is_a_json_rpc_error() {
    let Some(srv) = everything(
        "server_everything_refusing_a_bogus_session_is_a_json_rpc_error",
        "streamableHttp",
    ) else {
        return;
    };
    let sb = Sandbox::new();
    let s = json_of(
        &sb,
        &format!("http://127.0.0.1:{}/mcp", srv.port),
        &["-H", "Mcp-Session-Id: bogus"],
    );
    assert_eq!(s["verdict"], "jsonrpc-error", "{s:#}");
    assert!(text(&s["message"]).contains("-32000"), "{s:#}");
}

/// A bridge whose own args make it exit (a URL with credentials, which
/// Node's fetch refuses) fails `test-launch` and `doctor`, whatever the
/// URL does; what the probe of the URL found is still said.
#[test]
fn a_bridge_that_cannot_start_fails_even_when_its_url_answers() {
    let (server, _) = recording();
    let sb = sandbox_for(&server);
    let url = format!("http://bob:pw-0123456789@127.0.0.1:{}/mcp", server.port);
    let bridge = json!({"b": {"command": "npx", "args": ["-y", "mcp-remote", url]}});
    let (out, config) = on_config(&sb, &bridge, &["--json", "test-launch", "--lane", "chat"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let s = &out.json()["servers"][0];
    assert_eq!(s["verdict"], "exited-early", "{s:#}");
    let message = text(&s["message"]);
    assert!(
        message.contains("Node's fetch refuses a URL with credentials")
            && message.contains("the URL itself, probed directly: ok"),
        "{s:#}"
    );
    assert!(text(&s["hint"]).contains("doctor --fix"), "{s:#}");
    assert!(!out.all().contains("pw-0123456789"), "{out:?}");
    let doctor = with_config(&sb, &config, &["doctor"]);
    assert_eq!(doctor.code, Some(1), "{doctor:?}");
    assert!(
        doctor.stdout.contains("exited-early")
            && doctor
                .stdout
                .contains("Node's fetch refuses a URL with credentials"),
        "{doctor:?}"
    );
}

/// A reply compressed with gzip is decoded, as Node's fetch (the app's,
/// mcp-remote's) does.
#[test]
fn a_gzipped_reply_is_decoded() {
    use std::io::Write as _;
    let server = Server::start(|req: &Request, _| {
        let Reply::Full { status, body, .. } = mcp_reply(req, false, false) else {
            unreachable!()
        };
        // always, as some servers do: Node's fetch decodes it anyway
        if body.is_empty() {
            return Reply::with(status, "application/json", &body);
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(body.as_bytes()).unwrap();
        let packed = gz.finish().unwrap();
        let mut bytes = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n\
Content-Length: {}\r\nConnection: close\r\n\r\n",
            packed.len()
        )
        .into_bytes();
        bytes.extend(packed);
        Reply::Raw { bytes, hold: false }
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "ok", "{s:#}");
    assert_eq!(s["counts"]["tools"], 1, "{s:#}");
}

/// A listener that takes the connection and resets it: something listens,
/// so not "start the server"; one that answers with another protocol's
/// banner is another service, `not-mcp`.
#[test]
fn a_reset_is_not_nothing_listening_and_a_banner_is_another_service() {
    let reset = Server::raw(|stream| {
        // the request arrives and is never read: closing resets it
        std::thread::sleep(Duration::from_millis(200));
        drop(stream);
    });
    let sb = sandbox_for(&reset);
    let s = json_of(&sb, &reset.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "refused", "{s:#}");
    assert!(
        text(&s["message"]).contains("accepted the connection, then broke it off"),
        "{s:#}"
    );
    let hint = text(&s["hint"]);
    assert!(
        !hint.contains("start the server") && hint.contains("something listens"),
        "{s:#}"
    );

    let banner = Server::raw(|mut stream| {
        use std::io::{Read as _, Write as _};
        let mut buf = [0u8; 4096];
        let _ = stream.read(&mut buf);
        let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.6\r\n");
    });
    let sb = sandbox_for(&banner);
    let s = json_of(&sb, &banner.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "not-mcp", "{s:#}");
    assert!(
        text(&s["message"]).contains("another service answered"),
        "{s:#}"
    );

    // HTTP, but a header value holding control characters: the server's
    // bad reply, not a broken network
    let bad_head = Server::start(|_: &Request, _| {
        Reply::Raw {
        bytes: b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: a\x1b]0;PWNED\x07\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
            .to_vec(),
        hold: false,
    }
    });
    let sb = sandbox_for(&bad_head);
    let out = sb.run(&mut probe(&sb, &bad_head.url("/mcp"), &[]));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stdout.contains("bad-reply") && out.stdout.contains("is not valid HTTP"),
        "{out:?}"
    );
    assert!(!out.all().contains('\x1b'), "{out:?}");
}

/// Lines of stdout under `--format github` that start a workflow command:
/// each must be one of mcpctl's own annotations (`::error title=...`),
/// never a line a server's text began.
fn forged_commands(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| l.starts_with("::") && !l.starts_with("::error title="))
        .collect()
}

/// Text a server chose (a JSON-RPC error's message, its resource metadata)
/// is shown on one line wherever the report quotes it: a line break in it
/// can start no line of stdout, so no workflow command under `--format
/// github`.
#[test]
fn server_text_cannot_forge_a_line_of_the_report() {
    let rpc = Server::start(|req: &Request, _| match req.method.as_str() {
        "POST" => Reply::json(
            400,
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"bad\n::warning::second line\r\u2028x"}}"#,
        ),
        _ => Reply::with(405, "text/plain", ""),
    });
    let sb = sandbox_for(&rpc);
    let out = sb.run(&mut probe(&sb, &rpc.url("/mcp"), &["--format", "github"]));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("discover:"), "{out:?}");
    assert_eq!(forged_commands(&out.stdout), Vec::<&str>::new(), "{out:?}");
    assert!(!out.stdout.contains('\u{2028}'), "{out:?}");

    let forged = Server::start(|req: &Request, port| {
        let base = format!("http://127.0.0.1:{port}");
        match (req.method.as_str(), req.path.as_str()) {
            ("GET", "/.well-known/oauth-protected-resource/mcp") => Reply::json(
                200,
                &json!({"resource": "https://x/\n::warning::forged",
                        "authorization_servers": [format!("{base}/as\n::warning::forged-as")]})
                .to_string(),
            ),
            ("POST", "/mcp") => Reply::json(401, "{}").header(
                "WWW-Authenticate",
                &format!(
                    "Bearer resource_metadata=\"{base}/.well-known/oauth-protected-resource/mcp\""
                ),
            ),
            _ => Reply::with(404, "text/plain", "not found"),
        }
    });
    let sb = sandbox_for(&forged);
    let out = sb.run(&mut probe(
        &sb,
        &forged.url("/mcp"),
        &["--format", "github"],
    ));
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("needs-auth"), "{out:?}");
    assert!(out.stdout.contains("auth problem:"), "{out:?}");
    assert_eq!(forged_commands(&out.stdout), Vec::<&str>::new(), "{out:?}");
}

/// A JSON-RPC error is one however long its body (a `data` field with a
/// stack trace): found in the body, not in the head quoted.
#[test]
fn a_json_rpc_error_with_a_long_body_is_still_one() {
    let rpc = Server::start(|req: &Request, _| match req.method.as_str() {
        "POST" => Reply::json(
            400,
            &json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32000,
                "message": "Bad Request: missing X-Tenant header", "data": "d".repeat(400)}})
            .to_string(),
        ),
        _ => Reply::with(405, "text/plain", ""),
    });
    let sb = sandbox_for(&rpc);
    let s = json_of(&sb, &rpc.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "jsonrpc-error", "{s:#}");
    assert!(
        text(&s["message"]).ends_with("-32000: Bad Request: missing X-Tenant header"),
        "{s:#}"
    );
}

/// A server with a session: healthy, but `hang` (a JSON-RPC method, or
/// `DELETE`) is never answered.
fn session_server(hang: &'static [&'static str]) -> Server {
    Server::start(move |req: &Request, _| {
        let v: Value = serde_json::from_str(&req.body).unwrap_or_default();
        let method = text(&v["method"]);
        if hang.contains(&req.method.as_str()) || (v.get("id").is_some() && hang.contains(&method))
        {
            return Reply::Hang;
        }
        mcp_reply(req, false, false).header("Mcp-Session-Id", "s-1")
    })
}

/// The session's DELETE is a courtesy: it does not stretch `--timeout`
/// (a server that hung the probe gets only a short grace for it), nor
/// count in the probe's `total`.
#[test]
fn the_session_delete_keeps_within_the_timeout() {
    let server = session_server(&["tools/list", "DELETE"]);
    let sb = sandbox_for(&server);
    let t0 = Instant::now();
    let s = json_of(&sb, &server.url("/mcp"), &["--timeout", "2"]);
    let took = t0.elapsed();
    assert_eq!(s["verdict"], "timeout", "{s:#}");
    assert!(
        s["remote"]["requests"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r["method"] == "DELETE")),
        "{s:#}"
    );
    assert!(took < Duration::from_millis(3000), "{took:?}");

    let server = session_server(&["DELETE"]);
    let sb = sandbox_for(&server);
    let t0 = Instant::now();
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    let took = t0.elapsed();
    assert_eq!(s["verdict"], "ok", "{s:#}");
    assert!(took < Duration::from_millis(1900), "{took:?}");
    let total = s["timings_ms"]["total"].as_u64().unwrap_or(u64::MAX);
    assert!(total < 500, "the DELETE is not the probe's work: {s:#}");
}

/// `--tools` lists a URL's tools as it does a config server's, in text
/// and in JSON.
#[test]
fn tools_are_listed_for_a_url() {
    let server = Server::start(|req: &Request, _| mcp_reply(req, false, false));
    let sb = sandbox_for(&server);
    let url = server.url("/mcp");
    let out = sb.run(&mut probe(&sb, &url, &["--tools"]));
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .lines()
            .skip_while(|l| l.trim() != "tools:")
            .nth(1)
            .is_some_and(|l| l.trim() == "echo"),
        "{out:?}"
    );
    let s = json_of(&sb, &url, &["--tools"]);
    assert_eq!(
        s["tools"],
        json!([{"name": "echo", "description": null}]),
        "{s:#}"
    );
    // without it, none
    let s = json_of(&sb, &url, &[]);
    assert_eq!(s.get("tools"), None, "{s:#}");
}

/// A gzip body that is not gzip: the server's broken reply (`bad-reply`),
/// not a connection refused.
#[test]
fn a_corrupt_gzip_body_is_a_bad_reply() {
    let server = Server::start(|_: &Request, _| {
        let body = b"this is not gzip at all";
        let mut bytes = format!(
            "HTTP/1.1 200 X\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n\
Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        bytes.extend(body);
        Reply::Raw { bytes, hold: false }
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "bad-reply", "{s:#}");
    assert!(
        text(&s["message"]).contains("the body of its reply cannot be decoded"),
        "{s:#}"
    );
    assert!(!text(&s["hint"]).contains("your network"), "{s:#}");
}

/// A port out of range is no usable URL, said before any connection (an
/// HTTP client may wrap it round to another port).
#[test]
fn a_port_out_of_range_is_not_a_usable_url() {
    let sb = Sandbox::new();
    for (url, why) in [
        (
            "http://127.0.0.1:107425/mcp",
            "the port 107425 is out of range",
        ),
        ("http://127.0.0.1:abc/mcp", "the port `abc` is not a number"),
    ] {
        let s = json_of(&sb, url, &[]);
        assert_eq!(s["verdict"], "not-mcp", "{s:#}");
        assert!(
            text(&s["message"]).contains(&format!("is not a usable URL: {why}")),
            "{s:#}"
        );
        assert_eq!(s["remote"]["requests"], json!([]), "{s:#}");
    }
}

/// A 401 with no WWW-Authenticate names no scheme: it is not said to want
/// a Bearer token.
#[test]
fn a_401_without_a_challenge_says_so() {
    let server = Server::start(|req: &Request, _| match req.method.as_str() {
        "POST" => Reply::with(401, "text/plain", "Unauthorized"),
        _ => Reply::with(404, "text/plain", "not found"),
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "needs-auth", "{s:#}");
    let message = text(&s["message"]);
    assert!(
        message.contains("it does not say how to authenticate (no WWW-Authenticate header)"),
        "{s:#}"
    );
    assert!(!message.contains("Bearer"), "{s:#}");
}

/// Express answers a path it does not serve with an HTML 404 (`Cannot
/// POST /x`): the path is wrong, not "a web page".
#[test]
fn an_html_404_points_at_the_path() {
    let server = Server::start(|req: &Request, _| {
        Reply::with(
            404,
            "text/html; charset=utf-8",
            &format!(
                "<!DOCTYPE html><html><head><title>Error</title></head><body><pre>Cannot {} {}</pre></body></html>",
                req.method, req.path
            ),
        )
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/x"), &[]);
    assert_eq!(s["verdict"], "not-mcp", "{s:#}");
    let hint = text(&s["hint"]);
    assert!(
        hint.contains("nothing at the path /x (HTTP 404)") && hint.contains("/mcp"),
        "{s:#}"
    );
    assert!(!hint.contains("web page"), "{s:#}");
}

/// A plain web server (`python3 -m http.server`) answers a POST with an
/// HTML 501 Not Implemented and a GET with an HTML page: another service
/// is at the address (`not-mcp`), not a failing MCP server; a 5xx with a
/// JSON body stays `bad-reply`.
#[test]
fn a_web_server_that_takes_no_post_is_not_mcp() {
    let server = Server::start(|req: &Request, _| match req.method.as_str() {
        "POST" => Reply::with(
            501,
            "text/html;charset=utf-8",
            "<!DOCTYPE HTML><html><head><title>Error response</title></head><body>\
<h1>Error response</h1><p>Error code: 501</p><p>Message: Unsupported method ('POST').</p>\
</body></html>",
        ),
        _ => Reply::with(
            200,
            "text/html; charset=utf-8",
            "<!DOCTYPE HTML><html><body><h1>Directory listing for /</h1></body></html>",
        ),
    });
    let sb = sandbox_for(&server);
    let s = json_of(&sb, &server.url("/"), &[]);
    assert_eq!(s["verdict"], "not-mcp", "{s:#}");
    let hint = text(&s["hint"]);
    assert!(
        hint.starts_with("a web server that takes no POST (HTTP 501) answers at this address"),
        "{s:#}"
    );
    assert!(!hint.contains("is failing"), "{s:#}");
    let failing = Server::start(|req: &Request, _| match req.method.as_str() {
        "POST" => Reply::json(501, r#"{"error":"not implemented"}"#),
        _ => Reply::with(405, "text/plain", "method not allowed"),
    });
    let sb = sandbox_for(&failing);
    let s = json_of(&sb, &failing.url("/mcp"), &[]);
    assert_eq!(s["verdict"], "bad-reply", "{s:#}");
    assert!(text(&s["hint"]).contains("is failing"), "{s:#}");
}

/// A sandbox whose `npx` (first on PATH) writes each call to a log and
/// exits 1, and the log's path: a check that starts a bridge shows there.
#[cfg(unix)]
fn logging_npx(sb: &Sandbox) -> std::path::PathBuf {
    let log = sb.root().join("npx.log");
    sb.script(
        sb.bin().join("npx"),
        &format!("echo \"npx $*\" >> '{}'\nexit 1", log.display()),
    );
    log
}

/// What the logging `npx` was asked ("" when it never ran).
#[cfg(unix)]
fn npx_calls(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

/// `add --check` and `add-json --bridge --check` judge a bridge entry as
/// test-launch does: its URL probed over HTTP, the bridge never started
/// (it may open a browser to sign in). Nothing listens: `refused`, the
/// same verdict test-launch gives the saved entry, and nothing written.
#[cfg(unix)]
#[test]
fn add_check_of_a_bridge_probes_its_url_and_never_starts_it() {
    let sb = Sandbox::new();
    let log = logging_npx(&sb);
    let url = sb.closed_local_url();
    let config = sb.work().join("c.json");
    let run = |args: &[&str]| {
        let mut cmd = sb.mcpctl();
        cmd.arg("--config").arg(&config).args(args);
        sb.run(&mut cmd)
    };
    let entry = json!({ "url": url }).to_string();
    let bridge = ["-y", "mcp-remote", url.as_str()];
    let runs: [Vec<&str>; 4] = [
        [
            &["add-json", "--bridge", "--check", "--timeout", "5", "r"][..],
            &[&entry],
        ]
        .concat(),
        [
            &[
                "--json",
                "add-json",
                "--bridge",
                "--check",
                "--timeout",
                "5",
                "r",
            ][..],
            &[&entry],
        ]
        .concat(),
        [
            &["add", "--check", "--timeout", "5", "r2", "--", "npx"][..],
            &bridge,
        ]
        .concat(),
        [
            &[
                "--json",
                "add",
                "--check",
                "--timeout",
                "5",
                "r2",
                "--",
                "npx",
            ][..],
            &bridge,
        ]
        .concat(),
    ];
    for args in &runs {
        let out = run(args);
        assert_eq!(out.code, Some(1), "{out:?}");
        assert_eq!(npx_calls(&log), "", "{args:?} started the bridge: {out:?}");
        assert!(!config.exists(), "{args:?} wrote the file");
        if args[0] == "--json" {
            let doc = out.json();
            assert_eq!(doc["refused"], json!("check-failed"), "{doc:#}");
            let check = if args[1] == "add" {
                &doc["check"]
            } else {
                &doc["servers"][0]["check"]
            };
            assert_eq!(check["verdict"], json!("refused"), "{doc:#}");
            assert_eq!(check["resolved_command"], Value::Null, "{doc:#}");
            assert_eq!(
                check["remote"]["via"],
                json!({"bridge": "mcp-remote"}),
                "{doc:#}"
            );
        } else {
            assert!(out.stderr.contains("mcp-remote is not started"), "{out:?}");
            assert!(out.stderr.contains("check failed (refused)"), "{out:?}");
        }
    }
    // test-launch of the same entry, saved anyway, says the same
    let out = run(&[
        &["add", "--force", "--check", "r2", "--", "npx"][..],
        &bridge,
    ]
    .concat());
    assert_eq!(out.code, Some(0), "{out:?}");
    let out = run(&["--json", "test-launch", "r2"]);
    assert_eq!(
        out.json()["servers"][0]["verdict"],
        json!("refused"),
        "{out:?}"
    );
    assert_eq!(npx_calls(&log), "", "{out:?}");
}

/// A bridge to a healthy server passes `add --check` without being
/// started, and is saved.
#[cfg(unix)]
#[test]
fn add_check_of_a_bridge_to_a_healthy_server_passes_without_starting_it() {
    let server = Server::start(|req: &Request, _| mcp_reply(req, false, false));
    let sb = sandbox_for(&server);
    let log = logging_npx(&sb);
    let config = sb.work().join("c.json");
    let url = server.url("/mcp");
    let mut cmd = sb.mcpctl();
    cmd.arg("--config")
        .arg(&config)
        .args([
            "--json",
            "add",
            "--check",
            "--timeout",
            "10",
            "ok",
            "--",
            "npx",
        ])
        .args(["-y", "mcp-remote", &url]);
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
    let doc = out.json();
    assert_eq!(doc["check"]["verdict"], json!("ok"), "{doc:#}");
    assert_eq!(doc["written"], json!(true), "{doc:#}");
    assert_eq!(npx_calls(&log), "", "the bridge was started");
    let mut cmd = sb.mcpctl();
    cmd.arg("--config")
        .arg(&config)
        .args(["add", "--force", "--check", "ok", "--", "npx"])
        .args(["-y", "mcp-remote", &url]);
    let out = sb.run(&mut cmd);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("check ok:"), "{out:?}");
    assert_eq!(npx_calls(&log), "", "the bridge was started");
}

/// A healthy Streamable HTTP server whose `structured` tool declares
/// `dialect` (a `$schema` URI) on its outputSchema, beside a plain `echo`.
fn with_output_schema(dialect: &'static str) -> Server {
    Server::start(move |req: &Request, _| {
        let v: Value = serde_json::from_str(&req.body).unwrap_or_default();
        if v["method"] != json!("tools/list") {
            return mcp_reply(req, false, false);
        }
        let tools = json!({"tools": [
            {"name": "echo", "inputSchema": {"type": "object"}},
            {"name": "structured", "inputSchema": {"type": "object"},
             "outputSchema": {"$schema": dialect, "type": "object",
                              "properties": {"n": {"type": "number"}}}}
        ]});
        Reply::json(
            200,
            &json!({"jsonrpc": "2.0", "id": v["id"], "result": tools}).to_string(),
        )
    })
}

/// The app starts a bridge entry once per lane and mcp-remote forwards
/// the server's `tools/list` unchanged: the Cowork/Code lane's client
/// refuses a draft-07 outputSchema through the bridge as it does over
/// stdio. Both lanes are judged on the one HTTP conversation; the bridge
/// is still never started.
#[test]
fn a_bridge_entry_is_judged_in_each_lane_on_one_conversation() {
    let server = with_output_schema("http://json-schema.org/draft-07/schema#");
    let sb = sandbox_for(&server);
    let bridge = json!({"b": {"command": "npx", "args": ["-y", "mcp-remote", server.url("/mcp")]}});

    let (out, config) = on_config(&sb, &bridge, &["--json", "test-launch", "--lane", "cowork"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let s = &out.json()["servers"][0];
    assert_eq!(s["ok"], false, "{s:#}");
    assert_eq!(s["verdict"], "ok", "the conversation itself: {s:#}");
    assert_eq!(s["resolved_command"], Value::Null, "nothing was started");
    let cowork = &s["lanes"]["cowork"];
    assert_eq!(cowork["verdict"], "bad-tool-schema", "{s:#}");
    let findings = cowork["tool_schemas"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        (
            &findings[0]["tool"],
            &findings[0]["field"],
            &findings[0]["dialect"],
            &findings[0]["refused"]
        ),
        (
            &json!("structured"),
            &json!("outputSchema"),
            &json!("draft-07"),
            &json!(true)
        )
    );
    assert_eq!(s["lanes"]["chat"], Value::Null, "only the lane asked for");
    // the server's own answer to server/discover (-32601) is the era the
    // app's probe would get through the bridge
    assert_eq!(cowork["era"]["era"], "legacy", "{s:#}");
    assert!(
        text(&cowork["era"]["detail"])
            .starts_with("the server (over HTTP) answered server/discover with error -32601"),
        "{s:#}"
    );

    let out = with_config(&sb, &config, &["--json", "test-launch", "--lane", "chat"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let s = &out.json()["servers"][0];
    assert_eq!(s["ok"], true, "{s:#}");
    assert_eq!(s["lanes"]["chat"]["verdict"], "ok", "{s:#}");

    // both lanes (the default): the text says where it fails
    let out = with_config(&sb, &config, &["test-launch"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("fails in cowork; chat ok"), "{out:?}");
    assert!(
        out.stdout.contains("cowork: bad-tool-schema")
            && out.stdout.contains("1 of 2 tools would be refused"),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains("each lane is judged on this one conversation"),
        "{out:?}"
    );
}

/// A server whose schemas are all 2020-12 (or declare none) passes both
/// lanes through a bridge, and a url entry is judged as the bridge
/// `doctor --fix` makes of it.
#[test]
fn a_bridge_to_a_2020_12_server_is_ok_in_both_lanes() {
    let server = with_output_schema("https://json-schema.org/draft/2020-12/schema");
    let sb = sandbox_for(&server);
    let servers = json!({
        "b": {"command": "npx", "args": ["-y", "mcp-remote", server.url("/mcp")]},
        "u": {"type": "http", "url": server.url("/mcp")}
    });
    let (out, _) = on_config(&sb, &servers, &["--json", "test-launch"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    for s in out.json()["servers"].as_array().expect("servers") {
        assert_eq!(s["ok"], true, "{s:#}");
        for lane in ["chat", "cowork"] {
            assert_eq!(s["lanes"][lane]["verdict"], "ok", "{lane}: {s:#}");
            assert_eq!(s["lanes"][lane]["tool_schemas"], json!([]), "{lane}: {s:#}");
            assert_eq!(s["lanes"][lane]["counts"]["tools"], 2, "{lane}: {s:#}");
        }
    }
}
