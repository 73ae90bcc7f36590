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

/// `https://host:port` of a URL (scheme and authority, no path).
pub fn origin(url: &str) -> Option<&str> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..scheme.len() + 3 + end])
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
