//! The app's launch lanes as data, each with its evidence (like the env
//! profiles of `platform::launch`): since an update around 2026-08-18
//! Claude Desktop starts every local stdio server for chat as before, and
//! a copy of its own for Cowork and Code sessions, after probing the
//! server's protocol era in a throw-away sibling (field notes, "The app in
//! late 2026"). A lane says who the app claims to be ([`Profile`]) and
//! which tool schemas it refuses ([`SCHEMA_RULES`]). Pure data and small
//! lookups; `group` runs the lanes, `schemas` applies the rules.

/// One way the app starts a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lane {
    /// The chat connection: `initialize` 2025-11-25 as `claude-ai` 0.1.0.
    Chat,
    /// Cowork and Code sessions ("shared-pool"): the era probe, then the
    /// lane's own copy, started while the chat copy runs.
    Cowork,
}

impl Lane {
    /// Every lane, in the order they are reported.
    pub const ALL: &[Lane] = &[Lane::Chat, Lane::Cowork];

    pub fn as_str(self) -> &'static str {
        match self {
            Lane::Chat => "chat",
            Lane::Cowork => "cowork",
        }
    }

    pub fn profile(self) -> &'static Profile {
        match self {
            Lane::Chat => &PROFILES[0],
            Lane::Cowork => &PROFILES[1],
        }
    }
}

/// Which lanes to check (`--lane`); both unless narrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lanes {
    pub chat: bool,
    pub cowork: bool,
}

impl Default for Lanes {
    fn default() -> Lanes {
        Lanes {
            chat: true,
            cowork: true,
        }
    }
}

impl Lanes {
    /// Only these lanes (none given: all of them).
    pub fn only(lanes: &[Lane]) -> Lanes {
        if lanes.is_empty() {
            return Lanes::default();
        }
        Lanes {
            chat: lanes.contains(&Lane::Chat),
            cowork: lanes.contains(&Lane::Cowork),
        }
    }

    pub fn has(self, lane: Lane) -> bool {
        match lane {
            Lane::Chat => self.chat,
            Lane::Cowork => self.cowork,
        }
    }

    /// The checked lanes, in report order.
    pub fn list(self) -> Vec<Lane> {
        Lane::ALL.iter().copied().filter(|l| self.has(*l)).collect()
    }
}

/// Whether a lane needs the era probe to complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EraProbe {
    /// The lane goes on whatever the probe found.
    Tolerated,
    /// A sibling that closes the connection during the probe fails the lane.
    Required,
}

/// Who the app says it is in a lane, and what it declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    pub lane: Lane,
    /// How the app's messages name the lane's sessions.
    pub title: &'static str,
    /// `clientInfo.name`; with `per_server`, followed by the server's name.
    pub client_name: &'static str,
    pub per_server: bool,
    pub client_version: &'static str,
    /// Declares the `roots` capability (and so answers `roots/list`).
    pub roots: bool,
    pub era_probe: EraProbe,
    /// Its copy is started while the chat copy is running.
    pub beside_chat: bool,
    /// What the app says when it cannot start the server in this lane
    /// (before the reason); empty when it has no such message.
    pub app_failure: &'static str,
    pub evidence: &'static str,
}

impl Profile {
    /// `clientInfo` for the server named `server`.
    pub fn client_name_for(&self, server: &str) -> String {
        if self.per_server {
            format!("{}{server}", self.client_name)
        } else {
            self.client_name.to_string()
        }
    }
}

/// The lanes, in [`Lane::ALL`] order.
pub const PROFILES: &[Profile] = &[
    Profile {
        lane: Lane::Chat,
        title: "chat",
        client_name: "claude-ai",
        per_server: false,
        client_version: "0.1.0",
        roots: false,
        era_probe: EraProbe::Tolerated,
        beside_chat: false,
        app_failure: "",
        evidence: "field notes, \"The app in late 2026\": the chat connection opens as before \
(clientInfo claude-ai 0.1.0, initialize 2025-11-25) and tolerates a failed era probe \
(anthropics/claude-code#89447, #94466; anthropics/claude-ai-mcp#898)",
    },
    Profile {
        lane: Lane::Cowork,
        title: "Cowork and Code sessions",
        client_name: "local-agent-mode-",
        per_server: true,
        client_version: "1.0.0",
        roots: true,
        era_probe: EraProbe::Required,
        beside_chat: true,
        app_failure: "Couldn't start this server for Cowork and Code sessions (they run their \
own copy of it), so they can't use its tools",
        evidence: "field notes, \"The app in late 2026\": its own copy (\"shared-pool\"; \
clientInfo local-agent-mode-<server> 1.0.0, declares roots), started while the chat copy runs, \
after an era probe it does not tolerate failing (anthropics/claude-code#89447, #94466; \
anthropics/claude-ai-mcp#898; macuse-app/macuse-mcp#3)",
    },
];

/// How the app logs the era probe's verdict (field notes; the sources of
/// the lanes).
pub const ERA_MODERN: &str = "modern (sibling answered server/discover)";
pub const ERA_LEGACY: &str = "legacy (sibling did not complete the exchange)";
/// The reason the Cowork/Code lane gives when the sibling dies.
pub const ERA_PROBE_CLOSED: &str =
    "Version negotiation failed: the connection closed during the server/discover probe";
/// The reasons it gives when its own copy closes or does not answer.
pub const APP_CONNECTION_CLOSED: &str = "Connection closed";
pub const APP_TIMED_OUT: &str = "Request timed out";

/// A tool's schema field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum SchemaField {
    #[serde(rename = "inputSchema")]
    Input,
    #[serde(rename = "outputSchema")]
    Output,
}

impl SchemaField {
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaField::Input => "inputSchema",
            SchemaField::Output => "outputSchema",
        }
    }
}

/// A JSON Schema dialect, as a tool's `$schema` declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Dialect {
    #[serde(rename = "draft-04")]
    Draft4,
    #[serde(rename = "draft-06")]
    Draft6,
    #[serde(rename = "draft-07")]
    Draft7,
    #[serde(rename = "2019-09")]
    Draft2019,
    #[serde(rename = "2020-12")]
    Draft2020,
}

impl Dialect {
    pub const ALL: &[Dialect] = &[
        Dialect::Draft4,
        Dialect::Draft6,
        Dialect::Draft7,
        Dialect::Draft2019,
        Dialect::Draft2020,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Draft4 => "draft-04",
            Dialect::Draft6 => "draft-06",
            Dialect::Draft7 => "draft-07",
            Dialect::Draft2019 => "2019-09",
            Dialect::Draft2020 => "2020-12",
        }
    }

    /// The canonical `$schema` URI of the dialect.
    pub fn uri(self) -> &'static str {
        match self {
            Dialect::Draft4 => "http://json-schema.org/draft-04/schema#",
            Dialect::Draft6 => "http://json-schema.org/draft-06/schema#",
            Dialect::Draft7 => "http://json-schema.org/draft-07/schema#",
            Dialect::Draft2019 => "https://json-schema.org/draft/2019-09/schema",
            Dialect::Draft2020 => "https://json-schema.org/draft/2020-12/schema",
        }
    }

    /// The dialect a `$schema` value names (http or https, with or without
    /// the empty fragment), or `None` for any other URI.
    pub fn from_uri(uri: &str) -> Option<Dialect> {
        let bare = uri.trim().trim_end_matches('#');
        let bare = bare
            .strip_prefix("https://")
            .or_else(|| bare.strip_prefix("http://"))?;
        Dialect::ALL
            .iter()
            .copied()
            .find(|d| d.uri().trim_end_matches('#').split_once("://").map(|x| x.1) == Some(bare))
    }
}

/// The dialect a schema is read in when it declares none: 2020-12, the
/// MCP specification's default.
pub const DEFAULT_DIALECT: Dialect = Dialect::Draft2020;

/// Which declared dialects a lane accepts in one schema field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepts {
    /// Any declaration (the lane does not compile the schema by its dialect).
    Any,
    /// Only these (an absent `$schema` reads as [`DEFAULT_DIALECT`]).
    Only(&'static [Dialect]),
}

impl Accepts {
    pub fn accepts(self, d: Dialect) -> bool {
        match self {
            Accepts::Any => true,
            Accepts::Only(list) => list.contains(&d),
        }
    }
}

/// What one lane does with one schema field of every tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaRule {
    pub lane: Lane,
    pub field: SchemaField,
    /// Declared dialects the lane accepts; a tool declaring another is
    /// refused.
    pub accepts: Accepts,
    /// The schema must be an object schema (`"type": "object"`).
    pub object_required: bool,
    /// The lane compiles the schema: one invalid against its meta-schema
    /// is refused (otherwise it is only reported).
    pub compiled: bool,
    /// What the app says when it refuses a tool for this field's dialect
    /// (`{tool}`, `{schema}` filled in); empty when it refuses none.
    pub app_says: &'static str,
    pub evidence: &'static str,
}

/// The tool-schema table: one rule per lane and field.
pub const SCHEMA_RULES: &[SchemaRule] = &[
    SchemaRule {
        lane: Lane::Chat,
        field: SchemaField::Input,
        accepts: Accepts::Any,
        object_required: false,
        compiled: false,
        app_says: "",
        evidence: "the chat lane keeps its 2025 behaviour: it serves the draft-07 tools of \
@modelcontextprotocol/server-filesystem that Cowork refuses, from the same running server \
(anthropics/claude-code#90245; kintone/mcp-server#545)",
    },
    SchemaRule {
        lane: Lane::Chat,
        field: SchemaField::Output,
        accepts: Accepts::Any,
        object_required: false,
        compiled: false,
        app_says: "",
        evidence: "the same draft-07 outputSchema works in chat and fails in Cowork \
(kintone/mcp-server#545; anthropics/claude-code#90245)",
    },
    SchemaRule {
        lane: Lane::Cowork,
        field: SchemaField::Input,
        accepts: Accepts::Any,
        object_required: true,
        compiled: false,
        app_says: "",
        evidence: "draft-07 on inputSchema is accepted while the same declaration on \
outputSchema is refused, in the same client (anthropics/claude-ai-mcp#1016; also \
modelcontextprotocol/typescript-sdk#2721); an inputSchema without \"type\": \"object\" is refused \
by clients on the v2 TypeScript SDK (field notes; anthropics/claude-code#28620)",
    },
    SchemaRule {
        lane: Lane::Cowork,
        field: SchemaField::Output,
        accepts: Accepts::Only(&[Dialect::Draft2020]),
        object_required: false,
        compiled: true,
        app_says: "Tool '{tool}' has an invalid outputSchema: JSON Schema declares an \
unsupported dialect (\"$schema\": \"{schema}\"). The default validator supports JSON Schema \
2020-12 only",
        evidence: "a 2020-12-only validator refuses any other declared dialect on \
outputSchema before the tool is called (anthropics/claude-ai-mcp#1016; \
perplexityai/modelcontextprotocol#132; DavidFuchs/mcp-uptime-kuma#83; \
modelcontextprotocol/typescript-sdk#2532, whose fix #2534 had not reached every client)",
    },
];

/// The rule of `lane` for `field`.
pub fn rule(lane: Lane, field: SchemaField) -> &'static SchemaRule {
    SCHEMA_RULES
        .iter()
        .find(|r| r.lane == lane && r.field == field)
        .unwrap_or(&SCHEMA_RULES[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_in_lane_order_and_every_one_has_evidence() {
        for (i, lane) in Lane::ALL.iter().enumerate() {
            assert_eq!(PROFILES[i].lane, *lane);
            assert_eq!(lane.profile().lane, *lane);
            assert!(
                PROFILES[i].evidence.contains('#'),
                "{lane:?} names no source"
            );
        }
        assert_eq!(
            Lane::Cowork.profile().client_name_for("memory"),
            "local-agent-mode-memory"
        );
        assert_eq!(Lane::Chat.profile().client_name_for("memory"), "claude-ai");
    }

    #[test]
    fn one_rule_per_lane_and_field_each_with_a_source() {
        for lane in Lane::ALL {
            for field in [SchemaField::Input, SchemaField::Output] {
                let n = SCHEMA_RULES
                    .iter()
                    .filter(|r| r.lane == *lane && r.field == field)
                    .count();
                assert_eq!(n, 1, "{lane:?} {field:?}");
                let r = rule(*lane, field);
                assert_eq!((r.lane, r.field), (*lane, field));
                assert!(
                    r.evidence.contains('#'),
                    "{lane:?} {field:?} names no source"
                );
            }
        }
    }

    #[test]
    fn the_table_says_what_the_reports_found() {
        // claude-ai-mcp#1016: draft-07 accepted on inputSchema, refused on
        // outputSchema, in the same (Cowork) client; chat keeps 2025's rules.
        let cowork_in = rule(Lane::Cowork, SchemaField::Input);
        let cowork_out = rule(Lane::Cowork, SchemaField::Output);
        assert!(cowork_in.accepts.accepts(Dialect::Draft7));
        assert!(!cowork_out.accepts.accepts(Dialect::Draft7));
        assert!(cowork_out.accepts.accepts(DEFAULT_DIALECT));
        assert!(cowork_in.object_required && cowork_out.compiled);
        for field in [SchemaField::Input, SchemaField::Output] {
            let chat = rule(Lane::Chat, field);
            assert!(Dialect::ALL.iter().all(|d| chat.accepts.accepts(*d)));
            assert!(!chat.object_required && !chat.compiled);
        }
    }

    #[test]
    fn dialects_are_read_from_their_uris() {
        for d in Dialect::ALL {
            assert_eq!(Dialect::from_uri(d.uri()), Some(*d));
        }
        assert_eq!(
            Dialect::from_uri("https://json-schema.org/draft-07/schema"),
            Some(Dialect::Draft7)
        );
        assert_eq!(
            Dialect::from_uri("https://json-schema.org/draft/2020-12/schema#"),
            Some(Dialect::Draft2020)
        );
        assert_eq!(Dialect::from_uri("https://example.com/my-schema"), None);
        assert_eq!(Dialect::from_uri("draft-07"), None);
    }

    #[test]
    fn lanes_narrow() {
        assert_eq!(Lanes::only(&[]), Lanes::default());
        assert_eq!(Lanes::only(&[Lane::Chat]).list(), vec![Lane::Chat]);
        assert_eq!(Lanes::only(&[Lane::Cowork]).list(), vec![Lane::Cowork]);
    }
}
