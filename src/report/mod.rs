//! What the user sees. Each report is a typed model (one file per report
//! below) that serializes to the JSON documented in docs/json/, built by
//! its command from what `config`, `machine`, `probe` and `plan` found,
//! with every secret already masked (unless `--show-secrets`) so no
//! renderer can leak one. One renderer module per format turns a model
//! into bytes: [`text`] (what a person reads) and [`json`] (what a script
//! reads), and for CI [`junit`] (JUnit XML) and [`github`] (GitHub Actions
//! workflow commands), reading the same models. Pure: models in,
//! text out; writing is `output`'s job.

pub mod app_state;
pub mod backups;
pub mod call;
pub mod completions;
pub mod diagnostics;
pub mod diff;
pub mod disable;
pub mod doctor;
pub mod edit;
pub mod failure;
pub mod github;
pub mod json;
pub mod junit;
pub mod launch;
pub mod list;
pub mod logs;
pub mod path;
pub mod recorded;
pub mod style;
pub mod text;
pub mod validate;

/// For `skip_serializing_if`: a count that is only shown when non-zero.
pub fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// How a run reports: `--json` or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// An entry's `args` as shown: every secret inside them (`--token X`,
/// `Authorization: Bearer X`, `?api_key=X`, `sk-...`; `crate::secrets`)
/// masked unless the user asked to see secrets.
pub fn args_shown(args: &[String], show: bool) -> Vec<String> {
    if show {
        args.to_vec()
    } else {
        crate::secrets::mask_args(args)
    }
}

/// An entry's `env` as shown: a JSON object in config order, each value
/// masked unless the user asked to see secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvMap(pub Vec<(String, String)>);

impl EnvMap {
    /// `env` (already one value per key) as shown: masked unless `show`.
    pub fn shown(env: &[(String, String)], show: bool) -> EnvMap {
        EnvMap(
            env.iter()
                .map(|(k, v)| {
                    let v = if show {
                        v.clone()
                    } else {
                        crate::config::model::mask(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An entry's env keys whose value is not a string (`"PORT": 8080`: the
/// app rejects the file), each with the value's JSON type, which text
/// shows; JSON lists the keys alone (`"env_not_strings": ["PORT"]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotStrings(pub Vec<(String, &'static str)>);

impl NotStrings {
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
}

impl serde::Serialize for NotStrings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.keys())
    }
}

impl serde::Serialize for EnvMap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
