//! `mcpctl list` as a report: the servers a config declares (name,
//! command, args, env), env values and secrets in args masked unless
//! `--show-secrets`, and
//! whether the file has errors (then the list may be incomplete). JSON
//! shape: docs/json/list.md.

use serde::Serialize;

use super::EnvMap;
use crate::config::load::Loaded;
use crate::config::model::ServerEntry;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListReport {
    pub file: String,
    pub errors: usize,
    pub warnings: usize,
    pub servers: Vec<Listed>,
}

/// One entry, as written (a duplicate name is listed each time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    pub name: String,
    pub command: Option<String>,
    pub args: Vec<String>,
    pub env: EnvMap,
    /// Env keys whose value is not a string (the app rejects the file).
    pub env_not_strings: Vec<String>,
    pub line: usize,
    /// A later entry with the same name replaces this one.
    pub shadowed: bool,
    /// The JSON type of each of `env_not_strings` (text shows it).
    #[serde(skip)]
    pub env_not_string_types: Vec<&'static str>,
}

impl ListReport {
    pub fn new(loaded: &Loaded, show_secrets: bool) -> ListReport {
        let servers = loaded
            .servers
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (keys, types) = s.env_not_strings().into_iter().unzip();
                Listed {
                    name: s.name.clone(),
                    command: s.command.clone(),
                    args: super::args_shown(&s.args, show_secrets),
                    env: EnvMap::shown(&s.env, show_secrets),
                    env_not_strings: keys,
                    line: loaded.source.line_col(s.name_span.start).line,
                    shadowed: shadowed(&loaded.servers, i),
                    env_not_string_types: types,
                }
            })
            .collect();
        ListReport {
            file: loaded.source.path.display().to_string(),
            errors: loaded.error_count(),
            warnings: loaded.warning_count(),
            servers,
        }
    }
}

/// Whether a later entry with the same name replaces this one (the app
/// keeps the last).
fn shadowed(servers: &[ServerEntry], i: usize) -> bool {
    servers[i + 1..].iter().any(|s| s.name == servers[i].name)
}
