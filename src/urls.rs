//! URL syntax, as far as mcpctl needs it: whether a string is an http(s)
//! URL, its host, and whether that host is one only this machine (or its
//! network) can reach. A leaf: no `crate::` paths.

/// Whether `s` is an http(s) URL.
pub fn is_http_url(s: &str) -> bool {
    let l = s.trim().to_ascii_lowercase();
    (l.starts_with("https://") || l.starts_with("http://")) && l.len() > "http://".len()
}

/// Whether `url`'s host can only be reached from this machine or its
/// network (localhost, a private or link-local address, `.local`,
/// `.internal`, a single-label name): a Connector, which Anthropic's cloud
/// connects, cannot reach it.
pub fn is_private_host(url: &str) -> bool {
    let Some(host) = host_of(url) else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return match ip {
            std::net::IpAddr::V4(v4) => {
                v4.is_loopback() || v4.is_private() || v4.is_link_local() || v4.is_unspecified()
            }
            std::net::IpAddr::V6(v6) => {
                v6.is_loopback()
                    || v6.is_unspecified()
                    || (v6.segments()[0] & 0xfe00) == 0xfc00
                    || (v6.segments()[0] & 0xffc0) == 0xfe80
            }
        };
    }
    let h = host.to_ascii_lowercase();
    h == "localhost"
        || h.ends_with(".localhost")
        || h.ends_with(".local")
        || h.ends_with(".internal")
        || h.ends_with(".lan")
        || h.ends_with(".home.arpa")
        || !h.contains('.')
}

/// The host of an http(s) URL (`[::1]` keeps its brackets).
pub fn host_of(url: &str) -> Option<&str> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if authority.starts_with('[') {
        authority
            .split_once(']')
            .map(|(h, _)| &authority[..h.len() + 1])?
    } else {
        authority.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

/// What is wrong with the port of an http(s) URL, if anything: it must be
/// a number from 1 to 65535 (an HTTP client may otherwise wrap `107425`
/// round to another port, or drop `abc`, and connect there). `None`
/// without a port, or with a good one.
pub fn port_problem(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let after_host = if authority.starts_with('[') {
        authority.split_once(']')?.1
    } else {
        authority.find(':').map_or("", |i| &authority[i..])
    };
    if !after_host.is_empty() && !after_host.starts_with(':') {
        // `[::1]x:8080`: text between an IPv6 address and its port
        return Some(format!(
            "`{}` follows the address in brackets (a port is written `]:PORT`)",
            crate::text::clip(after_host, 20)
        ));
    }
    let port = after_host.strip_prefix(':')?;
    if port.is_empty() {
        // `host:` means the scheme's default port
        return None;
    }
    let shown = crate::text::clip(port, 20);
    match port.parse::<u32>() {
        _ if !port.bytes().all(|b| b.is_ascii_digit()) => {
            Some(format!("the port `{shown}` is not a number"))
        }
        Ok(1..=65535) => None,
        _ => Some(format!("the port {shown} is out of range (1 to 65535)")),
    }
}

/// `https://host:port` of a URL (scheme and authority, no path).
pub fn origin(url: &str) -> Option<&str> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..scheme.len() + 3 + end])
}

/// Whether two URLs have one origin: scheme, host and port alike (case
/// aside), credentials (`user:pw@`) not part of it, as the WHATWG URL
/// standard has it. False when either has none.
pub fn same_origin(a: &str, b: &str) -> bool {
    let key = |u: &str| {
        let o = origin(u)?;
        let (scheme, authority) = o.split_once("://")?;
        let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        Some(format!("{scheme}://{hostport}").to_ascii_lowercase())
    };
    matches!((key(a), key(b)), (Some(x), Some(y)) if x == y)
}

/// Headers that carry credentials, which `fetch` drops at a redirect to
/// another origin (undici: `authorization`, `proxy-authorization`,
/// `cookie`; the Fetch standard names `Authorization`).
pub fn is_credential_header(name: &str) -> bool {
    ["authorization", "proxy-authorization", "cookie"]
        .iter()
        .any(|h| name.eq_ignore_ascii_case(h))
}

/// The URL without its credentials, and them (`user:password`, percent-
/// decoded) when it has some.
pub fn without_credentials(url: &str) -> Option<(String, String)> {
    let u = url.trim();
    let (scheme, rest) = u.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (userinfo, hostport) = rest[..end].rsplit_once('@')?;
    Some((
        format!("{scheme}://{hostport}{}", &rest[end..]),
        percent_decode(userinfo),
    ))
}

/// The `Authorization: Basic` value an HTTP client makes of the
/// credentials in an http(s) URL (`https://user:pw@host/`): a server that
/// echoes the header shows that, not the password.
pub fn basic_credentials(url: &str) -> Option<String> {
    if !url.contains('@') || !is_http_url(url) {
        return None;
    }
    let (_, creds) = without_credentials(url)?;
    Some(base64(creds.as_bytes()))
}

/// `%XX` escapes decoded (invalid ones kept as written).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Standard base64 (with padding), as `Authorization: Basic` wants it.
pub fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | (u32::from(c) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The path of a URL without query or fragment (`/` when empty).
pub fn path(url: &str) -> &str {
    let Some(o) = origin(url) else { return "/" };
    let rest = &url.trim()[o.len()..];
    let p = rest.split(['?', '#']).next().unwrap_or("");
    if p.is_empty() { "/" } else { p }
}

/// `reference` (a `Location` header, an `endpoint` event) resolved against
/// `base`: absolute, scheme-relative (`//host/p`), absolute-path (`/p`)
/// or relative to `base`'s folder.
pub fn join(base: &str, reference: &str) -> String {
    let r = reference.trim();
    if r.contains("://") {
        return r.to_string();
    }
    let Some(o) = origin(base) else {
        return r.to_string();
    };
    if let Some(rest) = r.strip_prefix("//") {
        let scheme = o.split("://").next().unwrap_or("https");
        return format!("{scheme}://{rest}");
    }
    if r.starts_with('/') {
        return format!("{o}{r}");
    }
    if r.starts_with('?') {
        return format!("{o}{}{r}", path(base));
    }
    let p = path(base);
    let dir = &p[..p.rfind('/').map_or(0, |i| i + 1)];
    format!("{o}{dir}{r}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_must_be_a_number_from_1_to_65535() {
        for good in [
            "http://h/mcp",
            "http://h:8080/mcp",
            "https://u:p@h:443",
            "http://[::1]:65535/x",
            "http://[::1]/x",
            "http://h:/x",
        ] {
            assert_eq!(port_problem(good), None, "{good}");
        }
        for (url, why) in [
            (
                "http://127.0.0.1:107425/mcp",
                "the port 107425 is out of range (1 to 65535)",
            ),
            ("http://h:0", "the port 0 is out of range (1 to 65535)"),
            ("http://h:abc/mcp", "the port `abc` is not a number"),
            (
                "http://[::1]:99999999999999999999999/",
                "the port 99999999999999999999… is out of range (1 to 65535)",
            ),
            (
                "http://[::1]x:18401/mcp",
                "`x:18401` follows the address in brackets (a port is written `]:PORT`)",
            ),
        ] {
            assert_eq!(port_problem(url).as_deref(), Some(why), "{url}");
        }
    }

    #[test]
    fn origins_credentials_and_base64() {
        assert_eq!(
            basic_credentials("http://u:pw@127.0.0.1:8/mcp").as_deref(),
            Some("dTpwdw==")
        );
        assert_eq!(basic_credentials("https://h/mcp?a=b@c"), None);
        assert_eq!(basic_credentials("mailto:a@b"), None);
        assert!(same_origin(
            "http://bob:pw@127.0.0.1:9/a",
            "HTTP://127.0.0.1:9/b?x"
        ));
        assert!(!same_origin(
            "http://127.0.0.1:9/a",
            "http://127.0.0.1:10/a"
        ));
        assert!(!same_origin("not a url", "not a url"));
        assert_eq!(
            without_credentials("https://us%40er:p%3Aw@h.dev:8443/mcp?x=1"),
            Some(("https://h.dev:8443/mcp?x=1".into(), "us@er:p:w".into()))
        );
        assert_eq!(without_credentials("https://h.dev/a@b"), None);
        for (raw, b64) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("user:pw", "dXNlcjpwdw=="),
        ] {
            assert_eq!(base64(raw.as_bytes()), b64, "{raw}");
        }
        assert!(is_credential_header("Cookie") && !is_credential_header("X-API-Key"));
    }

    #[test]
    fn joins_like_a_browser() {
        let b = "https://x.dev:8443/v1/sse?k=1";
        assert_eq!(origin(b), Some("https://x.dev:8443"));
        assert_eq!(path(b), "/v1/sse");
        assert_eq!(
            join(b, "/message?sessionId=a"),
            "https://x.dev:8443/message?sessionId=a"
        );
        assert_eq!(join(b, "message"), "https://x.dev:8443/v1/message");
        assert_eq!(join(b, "https://y.dev/m"), "https://y.dev/m");
        assert_eq!(join(b, "//z.dev/m"), "https://z.dev/m");
        assert_eq!(path("http://h"), "/");
    }

    #[test]
    fn private_hosts_cannot_be_connectors() {
        for u in [
            "http://localhost:3000/mcp",
            "http://127.0.0.1/mcp",
            "https://10.1.2.3/mcp",
            "https://192.168.0.5:8443/sse",
            "http://[::1]:8080/mcp",
            "https://nas.local/mcp",
            "https://mcp.corp.internal/mcp",
            "http://myhost:3000/",
        ] {
            assert!(is_private_host(u), "{u}");
        }
        for u in [
            "https://mcp.example.com/mcp",
            "https://8.8.8.8/mcp",
            "https://u:p@x.dev/",
        ] {
            assert!(!is_private_host(u), "{u}");
        }
        assert_eq!(host_of("http://[::1]:8080/mcp"), Some("[::1]"));
        assert_eq!(host_of("https://u:p@x.dev:1/a"), Some("x.dev"));
    }
}
