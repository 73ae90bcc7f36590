//! `mcpctl import FILE|-`: the servers of an `mcpctl export` document
//! (`app::export`, docs/json/export.md) added to the config through the
//! same path as `add-json` (`add_json::write_batch`): every server in one
//! write or none, a name that exists refused unless `--force`, the result
//! validated before it is written, a backup kept, `--dry-run` shows the
//! diff. Entries are imported as exported (commands are not re-resolved:
//! the `validate` warnings say what this machine lacks). `${NAME}`
//! placeholders (`export --redact`) are filled from mcpctl's environment;
//! one that is not set refuses the import (exit 2) unless
//! `--allow-missing`. Disabled entries and Desktop Extensions are listed,
//! not imported (mcpctl cannot install an extension). Orchestration only.

use super::Exit;
use super::add::new_secrets;
use super::add_json::{self, Batch, Opts};
use super::target;
use crate::app::export;
use crate::config::source;
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::report::edit::ImportFacts;
use crate::settings::{Global, Import};

pub fn run(g: &Global, s: &Import, out: &mut Output) -> Result<Exit, Stop> {
    let from = if s.file == "-" {
        "stdin".to_string()
    } else {
        s.file.clone()
    };
    let text = if s.file == "-" {
        add_json::input("-", "the export")?
    } else {
        // the config reader's checks: a regular file of at most 4 MB (a
        // FIFO or /dev/zero is refused, never read)
        let path = std::path::Path::new(&s.file);
        let hint = "give the path of a file `mcpctl export -o FILE` wrote, or - for stdin";
        let bytes = source::read_file(path).map_err(|e| Error::new(e.message(path)).hint(hint))?;
        String::from_utf8(bytes)
            .map_err(|_| Error::new(format!("{from} is not UTF-8 text")).hint(hint))?
    };
    let mut doc = export::read(&text, &from)
        .map_err(|e| Error::new(e.message(&from)).hint(e.hint()).at(e.spot()))?;
    let filled = doc.fill(&|name| g.host.var(name).map(str::to_string));
    if !s.batch.show_secrets {
        let values: Vec<(String, String)> = filled
            .filled
            .iter()
            .filter_map(|n| Some((n.clone(), g.host.var(n)?.to_string())))
            .collect();
        out.hide(&new_secrets(&values));
    }
    if !filled.missing.is_empty() && !s.allow_missing {
        return Err(Error::new(format!(
            "{from} needs {} that {} not set in mcpctl's environment: {}; nothing was written",
            crate::text::plural(filled.missing.len(), "placeholder"),
            if filled.missing.len() == 1 {
                "is"
            } else {
                "are"
            },
            filled.missing.join(", ")
        ))
        .hint(
            "export each (the value the server needs) and run import again, or pass \
--allow-missing to save them as written (`${NAME}`: those servers will not start until you \
edit them)",
        )
        .into());
    }
    let facts = ImportFacts {
        from: from.clone(),
        placeholders: filled,
        disabled: doc.disabled.keys().cloned().collect(),
        extensions: doc.extensions.clone(),
    };
    if !g.json() {
        notes(out, &facts)?;
    }
    if doc.servers.is_empty() {
        if !g.json() {
            out.println(&format!("no servers to import in {from}"))?;
        } else {
            out.json(&facts)?;
        }
        return Ok(Exit::Ok);
    }
    let opts = Opts {
        bridge: false,
        batch: s.batch.clone(),
        resolve: false,
        no_resolve: true,
    };
    let batch = Batch {
        servers: doc.servers.into_iter().collect(),
        mended: None,
        filled: None,
        import: Some(facts),
    };
    add_json::write_batch(g, &opts, batch, out)
}

/// What the text says before the write: placeholders filled or left,
/// disabled entries and extensions not imported.
fn notes(out: &mut Output, f: &ImportFacts) -> std::io::Result<()> {
    if !f.placeholders.filled.is_empty() {
        target::note(
            out,
            &format!(
                "filled from the environment: {}",
                f.placeholders.filled.join(", ")
            ),
        )?;
    }
    if !f.placeholders.missing.is_empty() {
        target::warn(
            out,
            &format!(
                "not set, saved as written (--allow-missing): {}",
                f.placeholders.missing.join(", ")
            ),
        )?;
    }
    if let Some(first) = f.disabled.first() {
        let from = if f.from == "stdin" {
            "FILE".to_string()
        } else {
            crate::text::shell_word(&f.from)
        };
        let filter = format!(
            ".disabled[{}]",
            serde_json::to_string(first).unwrap_or_default()
        );
        // the command quoted on its own, so the output adds this run's
        // --config to it (never to data that merely holds `| mcpctl `)
        target::note(
            out,
            &format!(
                "not imported, disabled in the export: {} (to add one, pipe `jq {} {from}` into \
`mcpctl add-json {} -`)",
                crate::escape::name(&f.disabled.join(", ")),
                crate::text::shell_word(&filter),
                crate::text::shell_word(first)
            ),
        )?;
    }
    if !f.extensions.is_empty() {
        let lines: Vec<String> = f
            .extensions
            .iter()
            .map(|e| {
                format!(
                    "\n  {} {}{}",
                    e.id,
                    e.version.as_deref().unwrap_or("(no version)"),
                    if e.enabled { "" } else { " (disabled)" }
                )
            })
            .collect();
        target::note(
            out,
            &format!(
                "not imported: {} (mcpctl cannot install extensions; install each in Claude \
Desktop, Settings → Extensions):{}",
                crate::text::plural(f.extensions.len(), "Desktop Extension"),
                lines.concat()
            ),
        )?;
    }
    Ok(())
}
