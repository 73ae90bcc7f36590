//! What a protected server needs, read without signing in: the
//! `WWW-Authenticate` challenge of its 401/403 (RFC 6750, RFC 9728's
//! `resource_metadata`), its protected resource metadata (RFC 9728:
//! which authorization servers, which scopes) and the first authorization
//! server's metadata (RFC 8414, or OpenID Connect discovery: the issuer,
//! whether it takes dynamic client registration or client ID metadata
//! documents, PKCE). Only GETs of public metadata documents: nothing is
//! registered, no browser is opened, no token is asked for.

use std::time::Instant;

use serde_json::Value;

use super::client::{Client, NetError};
use crate::urls;

/// Metadata documents fetched at most (a chain of well-known URLs).
const MAX_FETCHES: usize = 6;

/// One challenge parameter set: `Bearer realm="x", scope="a b", ...`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Challenge {
    pub scheme: String,
    pub resource_metadata: Option<String>,
    pub scope: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    pub realm: Option<String>,
}

/// Everything learned about a server's authorization.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AuthFacts {
    /// 401 or 403.
    pub status: u16,
    pub challenge: Option<Challenge>,
    /// Where the protected resource metadata was read (or looked for).
    pub resource_metadata_url: Option<String>,
    pub resource: Option<String>,
    pub authorization_servers: Vec<String>,
    pub scopes_supported: Vec<String>,
    /// Where the authorization server metadata was read.
    pub authorization_server_metadata_url: Option<String>,
    pub issuer: Option<String>,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: Option<String>,
    /// RFC 7591 dynamic client registration (`registration_endpoint`).
    pub dynamic_client_registration: Option<bool>,
    /// `client_id_metadata_document_supported`.
    pub client_id_metadata_documents: Option<bool>,
    /// `S256` in `code_challenge_methods_supported` (MCP clients refuse an
    /// authorization server that does not say so).
    pub pkce_s256: Option<bool>,
    /// What could not be read, in order.
    pub problems: Vec<String>,
    /// One of `problems` is a check MCP clients make before a sign-in (a
    /// resource or issuer that does not match): the sign-in fails.
    #[serde(skip)]
    pub clients_refuse: bool,
}

/// Parse a `WWW-Authenticate` value; the Bearer challenge when there are
/// several.
pub fn parse_challenge(value: &str) -> Option<Challenge> {
    let mut challenges: Vec<Challenge> = Vec::new();
    let mut rest = value.trim();
    // each turn consumes at least one character, so this many turns end
    // it whatever a server sends (a bug here must not hang a probe again)
    for _ in 0..=rest.len() {
        if rest.is_empty() {
            break;
        }
        // a scheme token starts a challenge; `k=v` pairs follow
        let (word, after) = split_token(rest);
        if word.is_empty() {
            // a stray `=`, `,` or blank: step over it (a `=` would
            // otherwise stay in front forever)
            let skip = after.chars().next().map_or(0, char::len_utf8);
            rest = after[skip..].trim_start_matches([',', ' ']);
            continue;
        }
        let after_trim = after.trim_start();
        if after_trim.starts_with('=') && !challenges.is_empty() {
            let (v, next) = param_value(after_trim[1..].trim_start());
            if let Some(c) = challenges.last_mut() {
                let slot = match word.to_ascii_lowercase().as_str() {
                    "resource_metadata" => &mut c.resource_metadata,
                    "scope" => &mut c.scope,
                    "error" => &mut c.error,
                    "error_description" => &mut c.error_description,
                    "realm" => &mut c.realm,
                    _ => {
                        rest = next.trim_start_matches([',', ' ']);
                        continue;
                    }
                };
                *slot = Some(v);
            }
            rest = next.trim_start_matches([',', ' ']);
        } else {
            challenges.push(Challenge {
                scheme: word.to_string(),
                ..Challenge::default()
            });
            rest = after.trim_start_matches([',', ' ']);
        }
    }
    let bearer = challenges
        .iter()
        .position(|c| c.scheme.eq_ignore_ascii_case("bearer"));
    match bearer {
        Some(i) => Some(challenges.swap_remove(i)),
        None => challenges.into_iter().next(),
    }
}

fn split_token(s: &str) -> (&str, &str) {
    let end = s
        .find(|c: char| c == '=' || c == ',' || c.is_whitespace())
        .unwrap_or(s.len());
    (&s[..end], &s[end..])
}

/// A quoted string (with `\` escapes) or a token, and what follows.
fn param_value(s: &str) -> (String, &str) {
    if let Some(q) = s.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = q.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, n)) = chars.next() {
                        out.push(n);
                    }
                }
                '"' => return (out, &q[i + 1..]),
                _ => out.push(c),
            }
        }
        (out, "")
    } else {
        let end = s.find(',').unwrap_or(s.len());
        (s[..end].trim().to_string(), &s[end..])
    }
}

/// RFC 9728's well-known URLs for `url`: with the path inserted, then at
/// the root.
pub fn resource_metadata_urls(url: &str) -> Vec<String> {
    let Some(o) = urls::origin(url) else {
        return Vec::new();
    };
    let p = urls::path(url);
    let mut out = Vec::new();
    if p != "/" {
        out.push(format!("{o}/.well-known/oauth-protected-resource{p}"));
    }
    out.push(format!("{o}/.well-known/oauth-protected-resource"));
    out
}

/// RFC 8414 and OpenID discovery URLs for an issuer, in the order MCP
/// clients try them.
pub fn authorization_server_urls(issuer: &str) -> Vec<String> {
    let Some(o) = urls::origin(issuer) else {
        return Vec::new();
    };
    let p = urls::path(issuer).trim_end_matches('/');
    if p.is_empty() {
        vec![
            format!("{o}/.well-known/oauth-authorization-server"),
            format!("{o}/.well-known/openid-configuration"),
        ]
    } else {
        vec![
            format!("{o}/.well-known/oauth-authorization-server{p}"),
            format!("{o}/.well-known/openid-configuration{p}"),
            format!("{o}{p}/.well-known/openid-configuration"),
        ]
    }
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Read the resource metadata out of `doc` into `facts`.
pub fn read_resource_metadata(doc: &Value, facts: &mut AuthFacts) {
    facts.resource = string(doc, "resource");
    facts.authorization_servers = strings(doc, "authorization_servers");
    facts.scopes_supported = strings(doc, "scopes_supported");
}

/// Read authorization server metadata out of `doc` into `facts`.
pub fn read_server_metadata(doc: &Value, facts: &mut AuthFacts) {
    facts.issuer = string(doc, "issuer");
    facts.authorization_endpoint = string(doc, "authorization_endpoint");
    facts.token_endpoint = string(doc, "token_endpoint");
    facts.dynamic_client_registration = Some(
        doc.get("registration_endpoint")
            .is_some_and(Value::is_string),
    );
    facts.client_id_metadata_documents = Some(
        doc.get("client_id_metadata_document_supported")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    );
    facts.pkce_s256 = Some(
        strings(doc, "code_challenge_methods_supported")
            .iter()
            .any(|m| m == "S256"),
    );
}

/// GET a JSON document; why not, as a problem line.
fn fetch_json(
    client: &Client,
    url: &str,
    headers: &[(String, String)],
    deadline: Instant,
) -> Result<Value, String> {
    let mut h = vec![("Accept".to_string(), "application/json".to_string())];
    h.extend(headers.iter().cloned());
    let reply = client
        .request("GET", url, &h, None, deadline)
        .map_err(|e| format!("{url}: {}", net_words(&e)))?;
    let status = reply.status;
    if status != 200 {
        return Err(format!("{url} answered HTTP {status}"));
    }
    let text = reply
        .text()
        .map_err(|e| format!("{url}: {}", net_words(&e)))?;
    serde_json::from_str(&text).map_err(|_| format!("{url} did not answer JSON"))
}

/// Short words for a network failure inside a problem line.
fn net_words(e: &NetError) -> String {
    match e {
        NetError::Dns { host } => format!("{host} does not resolve"),
        NetError::Refused { .. } => "connection refused".into(),
        NetError::Tls { detail, .. } => format!("TLS: {detail}"),
        NetError::Timeout { phase } => format!("timed out {phase}"),
        NetError::Proxy { detail }
        | NetError::BadUrl { detail }
        | NetError::NotHttp { detail }
        | NetError::BadHead { detail }
        | NetError::BadBody { detail }
        | NetError::Other { detail } => detail.clone(),
        NetError::BadHeader { name } => {
            format!("the header {name} holds a line break or another control character")
        }
    }
}

/// Whether `--timeout` has run out before `url` could be read: said once,
/// instead of a timeout for each lookup that never got any time.
fn out_of_time(deadline: Instant, url: &str, facts: &mut AuthFacts) -> bool {
    let out = Instant::now() >= deadline;
    let said = facts
        .problems
        .last()
        .is_some_and(|p| p.ends_with("--timeout reached"));
    if out && !said {
        facts
            .problems
            .push(format!("{url} and after: not read, --timeout reached"));
    }
    out
}

/// Discover what the server's authorization needs, after `status` with
/// `www_authenticate` at `url`. Metadata documents are public: the user's
/// headers are not sent to other origins.
pub fn discover(
    client: &Client,
    url: &str,
    status: u16,
    www_authenticate: Option<&str>,
    deadline: Instant,
) -> AuthFacts {
    let mut facts = AuthFacts {
        status,
        challenge: www_authenticate.and_then(parse_challenge),
        ..AuthFacts::default()
    };
    let mut fetches = 0;
    let from_header = facts
        .challenge
        .as_ref()
        .and_then(|c| c.resource_metadata.clone());
    let candidates = match &from_header {
        Some(u) => vec![urls::join(url, u)],
        None => resource_metadata_urls(url),
    };
    // a place looked at in vain before the one that answered is no problem
    let mut missed = Vec::new();
    for c in candidates {
        if fetches >= MAX_FETCHES || out_of_time(deadline, &c, &mut facts) {
            break;
        }
        fetches += 1;
        match fetch_json(client, &c, &[], deadline) {
            Ok(doc) => {
                facts.resource_metadata_url = Some(c);
                read_resource_metadata(&doc, &mut facts);
                missed.clear();
                break;
            }
            Err(p) => missed.push(p),
        }
    }
    facts.problems.append(&mut missed);
    if let Some(resource) = &facts.resource
        && !resource_allowed(url, resource)
    {
        facts.clients_refuse = true;
        facts.problems.push(format!(
            "the resource metadata is for {resource}, not this server ({url}): MCP clients refuse \
to sign in for it (RFC 9728 section 3.3; the TypeScript SDK: \"Protected resource ... does not \
match expected ...\")"
        ));
    }
    if facts.resource_metadata_url.is_some() && facts.authorization_servers.is_empty() {
        facts
            .problems
            .push("the resource metadata names no authorization_servers".into());
    }
    // without resource metadata, 2025-03-26 servers put the authorization
    // server's metadata at their own origin
    let issuers = if facts.authorization_servers.is_empty() {
        urls::origin(url)
            .map(|o| vec![o.to_string()])
            .unwrap_or_default()
    } else {
        facts.authorization_servers.clone()
    };
    if let Some(issuer) = issuers.first() {
        let mut missed = Vec::new();
        for c in authorization_server_urls(issuer) {
            if fetches >= MAX_FETCHES || out_of_time(deadline, &c, &mut facts) {
                break;
            }
            fetches += 1;
            match fetch_json(client, &c, &[], deadline) {
                Ok(doc) => {
                    missed.clear();
                    facts.authorization_server_metadata_url = Some(c);
                    read_server_metadata(&doc, &mut facts);
                    if facts.issuer.as_deref().map(|i| i.trim_end_matches('/'))
                        != Some(issuer.trim_end_matches('/'))
                        && !facts.authorization_servers.is_empty()
                    {
                        facts.clients_refuse = true;
                        facts.problems.push(format!(
                            "the authorization server's metadata says issuer {} but the resource \
metadata names {issuer}: clients must refuse a mismatch",
                            facts.issuer.as_deref().unwrap_or("(none)")
                        ));
                    }
                    break;
                }
                Err(p) => missed.push(p),
            }
        }
        facts.problems.append(&mut missed);
    }
    facts
}

/// Whether a server at `url` may use protected-resource metadata for
/// `resource`: the same origin, and the server's path within the
/// resource's (the TypeScript SDK's `checkResourceAllowed`).
fn resource_allowed(url: &str, resource: &str) -> bool {
    let path = |u: &str| -> String {
        let p = urls::path(u);
        if p.ends_with('/') {
            p.to_string()
        } else {
            format!("{p}/")
        }
    };
    urls::same_origin(url, resource) && path(url).starts_with(&path(resource))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The resource the metadata is for must hold the server's URL: the
    /// same origin, the server's path within its path.
    #[test]
    fn metadata_for_another_resource_is_not_allowed() {
        let url = "http://127.0.0.1:9/mcp";
        for ok in [
            "http://127.0.0.1:9/mcp",
            "http://127.0.0.1:9/",
            "http://127.0.0.1:9/mcp/",
        ] {
            assert!(resource_allowed(url, ok), "{ok}");
        }
        for not in [
            "http://127.0.0.1:1/other",
            "http://127.0.0.1:9/other",
            "http://127.0.0.1:9/mc",
            "https://127.0.0.1:9/mcp",
        ] {
            assert!(!resource_allowed(url, not), "{not}");
        }
    }

    #[test]
    fn stray_equals_signs_and_blanks_end_the_parse() {
        // on a thread: a parse that does not end fails the test, not CI
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            stray_values_parse();
            let _ = tx.send(());
        });
        assert!(
            rx.recv_timeout(std::time::Duration::from_secs(10)).is_ok(),
            "parse_challenge did not return"
        );
    }

    fn stray_values_parse() {
        for value in [
            "Bearer =",
            "=",
            "Bearer error=\"invalid_token\", error_description=\"expired\" =",
            "Bearer\t",
            "Bearer ==, realm=x",
            " , = \t=\u{a0}",
        ] {
            // each returns (it looped forever on a stray `=`)
            let _ = parse_challenge(value);
        }
        let c = parse_challenge("Bearer =, realm=\"api\"").expect("challenge");
        assert_eq!(c.realm.as_deref(), Some("api"));
    }

    proptest::proptest! {
        #[test]
        fn any_header_value_parses_in_bounded_time(value in "[A-Za-z=,\" \t;]{0,40}") {
            let _ = parse_challenge(&value);
        }
    }

    #[test]
    fn bearer_challenges_with_quotes_and_several_schemes() {
        let c = parse_challenge(
            r#"Basic realm="x", Bearer resource_metadata="https://x.dev/.well-known/oauth-protected-resource/mcp", scope="read write", error="insufficient_scope", error_description="needs \"write\"""#,
        )
        .expect("challenge");
        assert_eq!(c.scheme, "Bearer");
        assert_eq!(
            c.resource_metadata.as_deref(),
            Some("https://x.dev/.well-known/oauth-protected-resource/mcp")
        );
        assert_eq!(c.scope.as_deref(), Some("read write"));
        assert_eq!(c.error.as_deref(), Some("insufficient_scope"));
        assert_eq!(c.error_description.as_deref(), Some("needs \"write\""));
        let plain = parse_challenge("Bearer").expect("bare");
        assert_eq!(
            (plain.scheme.as_str(), plain.resource_metadata),
            ("Bearer", None)
        );
        let token = parse_challenge("Bearer error=invalid_token, realm=api").expect("tokens");
        assert_eq!(token.error.as_deref(), Some("invalid_token"));
        assert_eq!(token.realm.as_deref(), Some("api"));
    }

    #[test]
    fn well_known_urls_in_the_spec_order() {
        assert_eq!(
            resource_metadata_urls("https://x.dev/v1/mcp"),
            [
                "https://x.dev/.well-known/oauth-protected-resource/v1/mcp",
                "https://x.dev/.well-known/oauth-protected-resource"
            ]
        );
        assert_eq!(
            authorization_server_urls("https://auth.x.dev/tenant1"),
            [
                "https://auth.x.dev/.well-known/oauth-authorization-server/tenant1",
                "https://auth.x.dev/.well-known/openid-configuration/tenant1",
                "https://auth.x.dev/tenant1/.well-known/openid-configuration"
            ]
        );
        assert_eq!(authorization_server_urls("https://a.dev").len(), 2);
    }

    #[test]
    fn metadata_fields() {
        let mut f = AuthFacts::default();
        read_resource_metadata(
            &json!({"resource": "https://x.dev/mcp", "authorization_servers": ["https://a.dev"], "scopes_supported": ["mcp"]}),
            &mut f,
        );
        read_server_metadata(
            &json!({"issuer": "https://a.dev", "registration_endpoint": "https://a.dev/reg", "code_challenge_methods_supported": ["S256"]}),
            &mut f,
        );
        assert_eq!(f.authorization_servers, ["https://a.dev"]);
        assert_eq!(f.dynamic_client_registration, Some(true));
        assert_eq!(f.client_id_metadata_documents, Some(false));
        assert_eq!(f.pkce_s256, Some(true));
    }
}
