//! What `doctor` and `test-launch` share about the app's own state beside
//! the config: which Desktop Extensions to launch and how ([`extension_spec`],
//! the one conversion from what the app would run to the probe's launch
//! spec, so extensions go through the same probe entry point as config
//! servers), and doctor's section on extensions, disabled entries, policy
//! and the wipe guard ([`section`]). Orchestration only: the rules are in
//! `app`, the models in `report::app_state`.

use std::path::Path;

use crate::app::extensions::launch::{self, LaunchDescription};
use crate::app::extensions::{Extension, Inventory, manifest};
use crate::app::policy::{self, Policy};
use crate::app::state::{self, AppState};
use crate::codes::Code;
use crate::config::load::{self, LoadError, Loaded};
use crate::config::locate::Located;
use crate::config::model::ServerEntry;
use crate::config::syntax::Document;
use crate::error::Error;
use crate::machine::Finding;
use crate::platform::HostEnv;
use crate::probe::{LaunchSpec, ProbeReport};
use crate::report::app_state::{
    AppSection, ExtensionLaunch, ExtensionReport, ManifestReport, NotLaunched, WipeReport,
    restore_command,
};
use crate::text::{plural, shell_word};

/// One enabled extension and what the app would run for it.
#[derive(Debug, Clone)]
pub struct ExtRun {
    pub ext: Extension,
    pub desc: LaunchDescription,
}

impl ExtRun {
    /// Whether mcpctl launches it: the app would start it, and there is a
    /// command to start.
    pub fn launchable(&self) -> bool {
        self.desc.app_starts && !self.desc.command.is_empty()
    }
}

/// Each enabled extension, by id, with what the app would run.
pub fn enabled_runs(inventory: &Inventory, host: &HostEnv) -> Vec<ExtRun> {
    inventory
        .enabled()
        .map(|ext| ExtRun {
            desc: launch::describe(ext, host),
            ext: ext.clone(),
        })
        .collect()
}

/// What the probe launches for an extension: the one conversion from
/// `app::extensions::launch`'s description to the probe's spec.
pub fn extension_spec(d: &LaunchDescription) -> LaunchSpec {
    LaunchSpec {
        name: d.name.clone(),
        command: d.command.clone(),
        args: d.args.clone(),
        env: d.env.clone(),
        app_path: None,
    }
}

/// Each extension with its launch: the probes came back in the order of the
/// launchable ones (none when nothing was launched).
/// A failed launch for want of a file of the extension's own bundle gets
/// the hint that fits an installed extension (reinstall it), not the one
/// for a config entry (fix the args, `npm install`).
pub fn pair(runs: Vec<ExtRun>, probes: Vec<ProbeReport>) -> Vec<(ExtRun, Option<ProbeReport>)> {
    let mut probes = probes.into_iter();
    runs.into_iter()
        .map(|r| {
            let mut p = if r.launchable() { probes.next() } else { None };
            if let Some(p) = p.as_mut().filter(|p| !p.ok) {
                let dir = r.ext.dir.to_string_lossy();
                let exists = |f: &str| Path::new(f).exists();
                if let Some(rel) = launch::missing_from_bundle(&r.desc, &dir, &exists) {
                    p.hint = Some(launch::missing_from_bundle_hint(&rel));
                }
            }
            (r, p)
        })
        .collect()
}

/// The disabled extensions and the side file's entries: listed, not
/// launched.
pub fn not_launched(app: &AppState) -> Vec<NotLaunched> {
    let extensions = app
        .inventory
        .extensions
        .iter()
        .filter(|e| !e.enabled)
        .map(|e| {
            let why = match e.settings_state {
                crate::app::extensions::SettingsState::Missing => {
                    "disabled (no settings file: the app reads that as disabled)"
                }
                _ => "disabled in the app's Settings → Extensions",
            };
            NotLaunched {
                name: e.id.clone(),
                source: "extension",
                reason: why.to_string(),
            }
        });
    let side = app.side.entries().servers.into_iter().map(|e| NotLaunched {
        reason: format!(
            "disabled by mcpctl (`mcpctl enable {}` puts it back)",
            crate::text::shell_word(&e.name)
        ),
        name: e.name,
        source: "disabled",
    });
    extensions.chain(side).collect()
}

/// The config and the app's state beside it, for `list` and
/// `test-launch`.
pub struct Beside {
    pub loaded: Loaded,
    pub app: AppState,
    /// There is no file at the path: `loaded` is empty
    /// ([`Loaded::no_file`]), and only what sits beside it is shown.
    pub no_file: bool,
}

/// Load the config and read the app's state beside it. With no file at
/// the path but Desktop Extensions or entries mcpctl set aside beside it,
/// the command goes on with those (the app runs the extensions with or
/// without a config file); with nothing there either, and on every other
/// load error, it stops as always.
pub fn load_beside(host: &HostEnv, flag: Option<&Path>) -> Result<Beside, LoadError> {
    match load::load(host, flag) {
        Ok(loaded) => {
            let app = state::read(host, &loaded.source.path);
            Ok(Beside {
                loaded,
                app,
                no_file: false,
            })
        }
        Err(LoadError::Missing { located }) => {
            let app = state::read(host, &located.path);
            if app.inventory.extensions.is_empty() && app.side.entries().is_empty() {
                return Err(LoadError::Missing { located });
            }
            Ok(Beside {
                loaded: Loaded::no_file(*located),
                app,
                no_file: true,
            })
        }
        Err(e) => Err(e),
    }
}

/// A name several extensions answer to ([`Inventory::answering`]): a
/// usage error naming each by id and name, with the command (`run`, given
/// an id) that picks one.
pub fn ambiguous(name: &str, hits: &[&Extension], run: impl Fn(&str) -> String) -> Error {
    let each: Vec<String> = hits
        .iter()
        .map(|e| {
            let id = crate::escape::name(&e.id);
            let names: Vec<&str> = e.names().skip(1).filter(|n| *n != e.id).collect();
            let mut names = names;
            names.dedup();
            if names.is_empty() {
                format!("`{id}`")
            } else {
                let names: Vec<String> = names
                    .iter()
                    .map(|n| crate::escape::name(n).into_owned())
                    .collect();
                format!("`{id}` ({})", names.join(", "))
            }
        })
        .collect();
    Error::new(format!(
        "`{}` is ambiguous: {} answer to it: {}",
        crate::escape::name(name),
        crate::text::plural(hits.len(), "Desktop Extension"),
        each.join(", ")
    ))
    .hint(format!(
        "name the one you mean by its id: `{}`",
        crate::escape::name(&run(&crate::text::shell_word(&hits[0].id)))
    ))
}

/// The app's own data folder when `located` was given with `--config` (or
/// `MCPCTL_CONFIG`) and sits elsewhere: then the extensions were read
/// beside the given file, not there.
pub fn app_data_dir(located: &Located) -> Option<String> {
    let app = located.app_reads.as_ref()?.parent()?;
    let given = located.path.parent();
    (Some(app) != given).then(|| app.display().to_string())
}

/// The inputs of doctor's section.
pub struct SectionInputs<'a> {
    pub located: &'a Located,
    /// The config's text (for the side file's check) and its parse (for
    /// the wipe guard).
    pub config_text: &'a str,
    pub config_doc: &'a Document,
    /// The config's servers as the app keeps them (one per name).
    pub servers: &'a [ServerEntry],
    pub app: &'a AppState,
    pub policy: &'a Policy,
    /// Each enabled extension, with its launch when it was launched.
    pub runs: Vec<(ExtRun, Option<ProbeReport>)>,
    /// Whether launches were made at all (false with `--no-launch`).
    pub launched: bool,
    pub show_secrets: bool,
}

/// Doctor's section on what the app runs besides the file's servers.
pub fn section(i: SectionInputs) -> AppSection {
    let app = i.app;
    let inv = &app.inventory;
    let mut findings = inv.problems.clone();
    findings.extend(state::side_findings(&app.side, i.config_text));
    findings.extend(policy::findings(i.policy, i.servers.len(), &inv.extensions));
    let names: Vec<String> = i.servers.iter().map(|s| s.name.clone()).collect();
    findings.extend(state::collision_findings(&names, inv));
    if let Some(tp) = &app.third_party {
        findings.push(policy::third_party_finding(tp));
    }
    let wipe = state::wipe_check(&i.located.path, i.config_doc, &app.side).map(|(w, from)| {
        let restore = w.restorable().then(|| {
            let cmd = restore_command(&i.located.path, i.located.given().is_some());
            // by default it merges from what mcpctl last wrote: over the
            // stub, that is the stub and what was added to it
            match from.as_deref().and_then(Path::file_name) {
                Some(name) if w.written_over => {
                    format!("{cmd} {}", shell_word(&name.to_string_lossy()))
                }
                _ => cmd,
            }
        });
        findings.insert(0, wipe_finding(&w, from.as_deref(), restore.as_deref()));
        WipeReport {
            wipe: w,
            backup: from.map(|p| p.display().to_string()),
            restore,
        }
    });
    let mut runs = i.runs;
    let extensions = inv
        .extensions
        .iter()
        .map(|ext| {
            let manifest = ext
                .manifest_source
                .as_ref()
                .map(|src| ManifestReport::new(&ext.id, &manifest::check(src)));
            let launch = runs.iter().position(|(r, _)| r.ext.id == ext.id).map(|at| {
                let (run, probe) = runs.swap_remove(at);
                ExtensionLaunch::new(ext, &run.desc, probe.as_ref(), i.show_secrets)
            });
            ExtensionReport::new(ext, manifest, launch)
        })
        .collect();
    AppSection {
        data_dir: app.folders.data_dir.display().to_string(),
        app_data_dir: app_data_dir(i.located),
        extensions,
        disabled: app.side.entries().names(),
        policy: i.policy.clone(),
        wipe,
        findings,
        launched: i.launched,
    }
}

fn wipe_finding(w: &crate::app::wipe::Wipe, from: Option<&Path>, restore: Option<&str>) -> Finding {
    let holds = if w.stub_keys.is_empty() {
        "it is an empty object, `{}`".to_string()
    } else {
        let keys = w
            .stub_keys
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        format!("it holds only {keys}")
    };
    let named = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let message = match from {
        Some(b) if w.restorable() && w.written_over => format!(
            "{} mcpctl left in the file before its last write {} gone: {} (in the backup {}). The file as that write found it had no `mcpServers` ({holds}): Claude Desktop replaces the file with a preferences-only stub at times (anthropics/claude-code#69084), and what was added since went into the stub",
            if w.lost.len() == 1 {
                "a server"
            } else {
                "servers"
            },
            if w.lost.len() == 1 { "is" } else { "are" },
            named(&w.lost),
            b.display()
        ),
        Some(b) if w.restorable() => format!(
            "the file has no `mcpServers` ({holds}), but the newest backup {} has {}: {}. Claude Desktop replaces the file with a preferences-only stub at times (anthropics/claude-code#69084)",
            b.display(),
            plural(w.lost.len(), "server"),
            named(&w.lost)
        ),
        _ => format!(
            "the file has no `mcpServers` ({holds}), but mcpctl's side file names servers that were beside the disabled ones: {}. Claude Desktop replaces the file with a preferences-only stub at times (anthropics/claude-code#69084)",
            named(&w.side_evidence)
        ),
    };
    let hint = match restore {
        Some(cmd) if w.written_over => format!(
            "run `{cmd}`: it puts those servers back exactly as the backup has them and keeps everything the file has now"
        ),
        Some(cmd) if w.stub_keys.is_empty() => format!(
            "run `{cmd}`: it puts those servers back exactly as the backup has them"
        ),
        Some(cmd) => format!(
            "run `{cmd}`: it puts those servers back exactly as the backup has them and keeps the app's new preferences"
        ),
        None => "no backup has them: add them again (`mcpctl add`), or restore a copy you keep elsewhere (`mcpctl restore PATH`)".to_string(),
    };
    Finding::new(Code::ConfigWiped, message).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn located(path: &str, rule: &'static str, app: Option<&str>) -> Located {
        Located {
            path: PathBuf::from(path),
            exists: true,
            rule,
            reason: String::new(),
            ignored: Vec::new(),
            app_reads: app.map(PathBuf::from),
        }
    }

    #[test]
    fn a_given_file_elsewhere_names_the_apps_folder() {
        let l = located(
            "/w/c.json",
            "flag",
            Some("/h/.config/Claude/claude_desktop_config.json"),
        );
        assert_eq!(app_data_dir(&l).as_deref(), Some("/h/.config/Claude"));
        assert_eq!(l.given(), Some("--config"));
        let same = located(
            "/h/.config/Claude/claude_desktop_config.json",
            "env",
            Some("/h/.config/Claude/claude_desktop_config.json"),
        );
        assert_eq!(app_data_dir(&same), None);
        let own = located(
            "/h/.config/Claude/claude_desktop_config.json",
            "linux-home",
            None,
        );
        assert_eq!(app_data_dir(&own), None);
        assert_eq!(own.given(), None);
    }

    /// Doctor's section over an empty folder, with an injected policy.
    fn with_policy(values: &[(&str, crate::app::policy::RawValue)]) -> AppSection {
        use crate::app::policy::{Reading, resolve};
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("claude_desktop_config.json");
        let host = HostEnv {
            os: crate::platform::Os::Windows,
            home: None,
            vars: Default::default(),
            cwd: PathBuf::from("/"),
            non_unicode: Default::default(),
        };
        let app = state::read(&host, &config);
        let reading = Reading {
            source: r"HKLM\SOFTWARE\Policies\Claude".into(),
            values: values
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        };
        let policy = resolve(vec![reading.source.clone()], &[reading]);
        let servers = vec![crate::config::model::ServerEntry {
            name: "memory".into(),
            name_span: Default::default(),
            span: Default::default(),
            command: Some("npx".into()),
            args: Vec::new(),
            env: Vec::new(),
            node: crate::config::ast::Node {
                value: crate::config::ast::Value::Null,
                span: Default::default(),
            },
        }];
        let l = located(&config.display().to_string(), "windows-classic", None);
        let text = "{\"mcpServers\": {\"memory\": {\"command\": \"npx\"}}}";
        let doc = crate::config::syntax::parse(&crate::config::source::Source::from_text("", text));
        section(SectionInputs {
            located: &l,
            config_text: text,
            config_doc: &doc,
            servers: &servers,
            app: &app,
            policy: &policy,
            runs: Vec::new(),
            launched: true,
            show_secrets: false,
        })
    }

    #[test]
    fn a_policy_that_switches_local_servers_off_is_said_plainly() {
        use crate::app::policy::RawValue;
        let a = with_policy(&[("isLocalDevMcpEnabled", RawValue::Int(0))]);
        assert!(!a.is_empty());
        assert_eq!(a.errors(), 1);
        let text =
            crate::report::text::app_state::section(crate::report::style::Style::plain(), &a, 5);
        assert!(
            text.contains("error[policy-local-servers-off]: the admin policy disables local MCP servers (isLocalDevMcpEnabled = false in HKLM\\SOFTWARE\\Policies\\Claude): the app ignores the 1 server in the config file"),
            "{text}"
        );
        assert!(
            text.contains("only the administrator can change it"),
            "{text}"
        );
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["policy"]["local_servers"]["value"], false);

        // unsigned extensions: nothing enabled here, so a note, not counted
        let a = with_policy(&[
            (
                "isDesktopExtensionSignatureRequired",
                RawValue::Text("1".into()),
            ),
            ("isLocalDevMcpEnabled", RawValue::Int(1)),
        ]);
        assert_eq!((a.errors(), a.warnings(), a.notes()), (0, 0, 1));
        let text =
            crate::report::text::app_state::section(crate::report::style::Style::plain(), &a, 5);
        assert!(
            text.contains(
                "note[policy-signature-required]: the admin policy requires signed extensions"
            ),
            "{text}"
        );
        assert!(!text.contains("none set"), "{text}");

        // nothing set: one line saying where mcpctl looked
        let a = with_policy(&[]);
        assert!(a.is_empty());
        let text =
            crate::report::text::app_state::section(crate::report::style::Style::plain(), &a, 5);
        assert!(
            text.contains("policy     none set (looked in HKLM\\SOFTWARE\\Policies\\Claude)"),
            "{text}"
        );
    }

    #[test]
    fn an_extension_spec_is_what_the_description_says() {
        let d = LaunchDescription {
            name: "x".into(),
            command: "node".into(),
            args: vec!["a".into()],
            env: vec![("K".into(), "v".into())],
            notes: Vec::new(),
            problems: Vec::new(),
            app_starts: true,
            secrets: Vec::new(),
        };
        let s = extension_spec(&d);
        assert_eq!(
            (s.name.as_str(), s.command.as_str(), s.args, s.env),
            ("x", "node", d.args.clone(), d.env.clone())
        );
    }

    /// A stub that is an empty object is said to be one, and the hint
    /// promises to keep no preferences it does not have; a stub with keys
    /// names them.
    #[test]
    fn a_wipe_to_an_empty_object_reads_right() {
        let w = |keys: &[&str]| crate::app::wipe::Wipe {
            lost: vec!["a".into()],
            stub_keys: keys.iter().map(|k| k.to_string()).collect(),
            side_evidence: Vec::new(),
            written_over: false,
        };
        let from = Path::new("/b/c.json");
        let cmd = Some("mcpctl restore --merge-servers");
        let empty = wipe_finding(&w(&[]), Some(from), cmd);
        assert!(
            empty
                .message
                .starts_with("the file has no `mcpServers` (it is an empty object, `{}`), but"),
            "{}",
            empty.message
        );
        let hint = empty.hint.unwrap_or_default();
        assert!(!hint.contains("preferences"), "{hint}");
        assert!(hint.ends_with("exactly as the backup has them"), "{hint}");
        let stub = wipe_finding(&w(&["preferences"]), Some(from), cmd);
        assert!(
            stub.message.contains("(it holds only `preferences`)"),
            "{}",
            stub.message
        );
        assert!(
            stub.hint
                .unwrap_or_default()
                .ends_with("keeps the app's new preferences")
        );
    }
}
