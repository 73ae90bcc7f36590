//! `mcpctl validate`: syntax, schema and lint diagnostics for the config,
//! with positions and hints, then a one-line summary; with `--extensions`,
//! each Desktop Extension's `manifest.json` beside the config checked
//! against the mcpb schema for its version, positions alike (and the
//! shared files, `Claude Extensions` and the installation record, when
//! they cannot be read). Exit 0 when clean
//! (warnings allowed), 1 on errors (or warnings with `--strict`), 2 when the
//! file cannot be read. JSON shape: docs/json/validate.md. `--format
//! github` and `--junit FILE` add the CI outputs (`commands::ci`).

use super::Exit;
use crate::app::extensions::{launch, manifest, read_inventory};
use crate::app::folders::AppFolders;
use crate::codes::Code;
use crate::config::load;
use crate::error::Stop;
use crate::output::Output;
use crate::report::app_state::ManifestReport;
use crate::report::validate::ValidateReport;
use crate::report::{self, Format};
use crate::settings::{Global, Validate};

pub fn run(g: &Global, s: &Validate, out: &mut Output) -> Result<Exit, Stop> {
    let loaded = load::load(&g.host, g.config.as_deref())?;
    super::ci::check_junit(g, &s.ci, Some(&loaded.source.path))?;
    out.hide(&loaded.secrets());
    let mut r = ValidateReport::new(&loaded, s.strict);
    if s.extensions {
        let folders = AppFolders::for_config(g.host.os, &loaded.source.path);
        let inventory = read_inventory(&folders);
        // the shared files that cannot be read: which extensions there are,
        // or where they came from, is unknown (named by their file)
        let shared = inventory.problems.iter().filter_map(|f| {
            let file = match f.code {
                Code::ExtensionsFolderUnreadable => &folders.extensions_dir,
                Code::ExtensionsRecordUnreadable => &folders.installations_file,
                _ => return None,
            };
            let id = file.file_name()?.to_string_lossy();
            Some(ManifestReport::unread(&id, file, f))
        });
        let manifests = inventory
            .extensions
            .iter()
            .filter_map(|e| match &e.manifest_source {
                Some(src) => Some(ManifestReport::new(&e.id, &manifest::check(src))),
                // no manifest.json to lint: the app cannot load it either
                None => e
                    .problems
                    .iter()
                    .find(|f| launch::stops_the_app(f.code))
                    .map(|why| ManifestReport::unread(&e.id, &e.manifest_file, why)),
            })
            .chain(shared)
            .collect();
        r = r.with_manifests(manifests, s.strict);
    }
    super::ci::validate(g, &s.ci, &r, &loaded, s.strict, out, |out| {
        match g.format {
            Format::Json => out.json(&r)?,
            Format::Text => {
                let style = out.style;
                report::text::validate::render_each(&r, style, &mut |chunk| out.print(chunk))?
            }
        }
        Ok(())
    })?;
    Ok(if r.ok { Exit::Ok } else { Exit::Problems })
}
