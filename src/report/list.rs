//! `mcpctl list` as a report: the servers a config declares (name,
//! command, args, env), env values and secrets in args masked unless
//! `--show-secrets`, and whether the file has errors (then the list may be
//! incomplete); beside them the entries `mcpctl disable` set aside, the
//! Desktop Extensions, and the names that collide. JSON shape:
//! docs/json/list.md and docs/json/inventory.md.

use serde::Serialize;

use super::{EnvMap, NotStrings};
use crate::app::extensions::Extension;
use crate::app::state::{self, AppState};
use crate::config::load::Loaded;
use crate::config::model::{ServerEntry, effective};
use crate::machine::Finding;

#[derive(Debug, Clone, Serialize)]
pub struct ListReport {
    pub file: String,
    pub errors: usize,
    pub warnings: usize,
    pub servers: Vec<Listed>,
    /// Entries `mcpctl disable` moved to the side file, in that order.
    pub disabled: Vec<DisabledListed>,
    /// Desktop Extensions beside the config, by id.
    pub extensions: Vec<ExtensionListed>,
    /// Names the app would show twice or confuse (warnings).
    pub collisions: Vec<Finding>,
    /// The side file or the installation record cannot be read, an entry
    /// is in both files.
    pub problems: Vec<Finding>,
    /// There is no file at `file` (only what sits beside it is listed);
    /// absent from the JSON when there is one.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub no_file: bool,
}

/// One entry, as written (a duplicate name is listed each time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    pub name: String,
    /// `config`.
    pub source: &'static str,
    /// False when a later entry of the same name replaces it.
    pub enabled: bool,
    pub command: Option<String>,
    pub args: Vec<String>,
    pub env: EnvMap,
    /// Env keys whose value is not a string (the app rejects the file).
    pub env_not_strings: NotStrings,
    pub line: usize,
    /// A later entry with the same name replaces this one.
    pub shadowed: bool,
}

/// An entry in mcpctl's side file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisabledListed {
    pub name: String,
    /// `disabled`.
    pub source: &'static str,
    pub enabled: bool,
    pub command: Option<String>,
    pub args: Vec<String>,
    pub env: EnvMap,
    pub disabled_at: Option<String>,
}

/// One Desktop Extension: `app::extensions::Extension`'s fields, with the
/// source column.
#[derive(Debug, Clone, Serialize)]
pub struct ExtensionListed {
    /// `extension`.
    pub source: &'static str,
    #[serde(flatten)]
    pub extension: Extension,
}

impl From<&Extension> for ExtensionListed {
    fn from(e: &Extension) -> ExtensionListed {
        ExtensionListed {
            source: "extension",
            extension: e.clone(),
        }
    }
}

impl ListReport {
    /// The config's servers and what sits beside the file (`app`).
    pub fn new(loaded: &Loaded, app: &AppState, show_secrets: bool) -> ListReport {
        let shadowed = shadowed(&loaded.servers);
        let servers = loaded
            .servers
            .iter()
            .enumerate()
            .map(|(i, s)| Listed {
                name: s.name.clone(),
                source: "config",
                enabled: !shadowed[i],
                command: s.command.clone(),
                args: super::args_shown(&s.args, show_secrets),
                env: EnvMap::shown(&s.env, show_secrets),
                env_not_strings: NotStrings(s.env_not_strings()),
                line: loaded.source.line_col(s.name_span.start).line,
                shadowed: shadowed[i],
            })
            .collect();
        let disabled = app
            .side
            .entries()
            .servers
            .iter()
            .map(|e| {
                let s = e.server();
                DisabledListed {
                    name: e.name.clone(),
                    source: "disabled",
                    enabled: false,
                    command: s.as_ref().and_then(|s| s.command.clone()),
                    args: s
                        .as_ref()
                        .map(|s| super::args_shown(&s.args, show_secrets))
                        .unwrap_or_default(),
                    env: EnvMap::shown(
                        s.as_ref().map(|s| s.env.as_slice()).unwrap_or_default(),
                        show_secrets,
                    ),
                    disabled_at: e.disabled_at.clone(),
                }
            })
            .collect();
        let names: Vec<String> = effective(&loaded.servers)
            .into_iter()
            .map(|s| s.name)
            .collect();
        let mut problems = app.inventory.problems.clone();
        problems.extend(state::side_findings(&app.side, &loaded.source.text));
        ListReport {
            file: loaded.source.path.display().to_string(),
            errors: loaded.error_count(),
            warnings: loaded.warning_count(),
            servers,
            disabled,
            extensions: app.inventory.extensions.iter().map(Into::into).collect(),
            collisions: state::collision_findings(&names, &app.inventory),
            problems,
            no_file: false,
        }
    }

    /// Whether anything besides config servers is listed.
    pub fn has_more_than_the_config(&self) -> bool {
        !self.disabled.is_empty() || !self.extensions.is_empty()
    }
}

/// For each entry, whether a later entry with the same name replaces it
/// (the app keeps the last). One pass from the end, so a file of many
/// servers is not compared pair by pair.
fn shadowed(servers: &[ServerEntry]) -> Vec<bool> {
    let mut later = std::collections::HashSet::new();
    let mut out: Vec<bool> = servers
        .iter()
        .rev()
        .map(|s| !later.insert(s.name.as_str()))
        .collect();
    out.reverse();
    out
}
