//! `mcpctl remove NAME [--dry-run]`: delete a server entry (with its comma
//! and its line; every duplicate of the name) through the one write path.
//! An unknown name is an error that lists the names that exist. An
//! explicit command acts without asking, on a terminal or not (the write
//! keeps a backup, `restore` undoes it; `--dry-run` shows the diff first):
//! the one rule for questions is in `commands` (explicit commands act,
//! implied repairs ask).

use super::Exit;
use super::target::{self, Target, edit_failure};
use crate::config::edit;
use crate::config::model;
use crate::config::write;
use crate::error::Stop;
use crate::output::Output;
use crate::report::diff::{self, Diff};
use crate::report::edit::{RemoveReport, RemovedEntry, Written};
use crate::report::{self, Format};
use crate::settings::{Global, Remove};

pub fn run(g: &Global, s: &Remove, out: &mut Output) -> Result<Exit, Stop> {
    let target = target::read(g)?;
    out.hide(&target.secrets());
    target.must_exist("there is nothing to remove")?;
    target.ensure_parses()?;
    let new_text =
        edit::remove_server(target.text(), target.root(), &s.name).map_err(|e| match e {
            edit::EditError::Missing { .. } => target::not_there(g, &target, &s.name, "remove it"),
            e => edit_failure(e, &target),
        })?;
    let diff = diff::config_diff(target.text(), &new_text, &target.shown(), true, false);
    if s.dry_run {
        report(g, s, out, &target, &diff, None)?;
        return Ok(Exit::Ok);
    }
    let opts = target::write_options(g, target.app_reads_it);
    let outcome = write::commit(&target.path, target.bytes(), &new_text, &opts)?;
    report(g, s, out, &target, &diff, Some(&outcome))?;
    Ok(Exit::Ok)
}

fn report(
    g: &Global,
    s: &Remove,
    out: &mut Output,
    target: &Target,
    diff: &Diff,
    outcome: Option<&write::WriteOutcome>,
) -> std::io::Result<()> {
    let written = Written::new(outcome);
    if g.format == Format::Json {
        // the (last, effective) entry being removed, env masked
        let servers = target.root().map(model::servers).unwrap_or_default();
        let r = RemoveReport {
            file: target.shown(),
            action: "remove",
            name: s.name.clone(),
            dry_run: s.dry_run,
            entry: servers
                .iter()
                .rev()
                .find(|e| e.name == s.name)
                .map(RemovedEntry::new),
            diff: diff.text.clone(),
            written,
        };
        return out.json(&r);
    }
    if outcome.is_none() {
        out.print(&report::text::diff::render(diff, out.style))?;
        return out.println("Dry run: nothing written.");
    }
    out.println(&format!(
        "{} `{}` from {}",
        out.style.green("removed server"),
        crate::escape::name(&s.name),
        target.shown()
    ))?;
    target::print_written(out, &written)
}
