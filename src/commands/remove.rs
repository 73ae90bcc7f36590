//! `mcpctl remove NAME [--dry-run] [--yes]`: delete a server entry (with its
//! comma and its line; every duplicate of the name) through the one write
//! path. An unknown name is an error that lists the names that exist. On a
//! terminal the change is shown and confirmed unless `--yes`.

use serde_json::{Value as Json, json};

use super::prompt;
use super::target::{self, edit_failure};
use super::{Context, Exit};
use crate::cli::RemoveArgs;
use crate::config::edit;
use crate::config::model::{self, mask};
use crate::config::write::{self, WriteOptions};
use crate::error::Error;
use crate::report::diff;

pub fn run(ctx: &Context, args: &RemoveArgs) -> Result<Exit, Error> {
    let target = target::read(ctx)?;
    if !target.exists() {
        return Err(Error::new(format!(
            "no config file at {}: there is nothing to remove",
            target.shown()
        ))
        .hint("`mcpctl path` shows where mcpctl looks; pass another file with --config PATH"));
    }
    target.ensure_parses()?;
    let new_text = edit::remove_server(target.text(), target.root(), &args.name)
        .map_err(|e| edit_failure(e, &target))?;
    let diff = diff::config_diff(target.text(), &new_text, &target.shown(), true, false);
    let removed = removed_entry(&target, &args.name);
    if args.dry_run {
        report(ctx, args, &target, &removed, &diff, None);
        return Ok(Exit::Ok);
    }
    if ctx.interactive && !args.yes {
        print!("{}", diff.render(&ctx.out));
        let q = format!("Remove server `{}` from {}?", args.name, target.shown());
        if !prompt::confirm(&q, prompt::PASS_YES)? {
            println!("Nothing written.");
            return Ok(Exit::Ok);
        }
    }
    let opts = WriteOptions::for_host(&ctx.host);
    let outcome =
        write::commit(&target.path, target.bytes(), &new_text, &opts).map_err(Error::from)?;
    report(ctx, args, &target, &removed, &diff, Some(&outcome));
    Ok(Exit::Ok)
}

/// The (last, effective) entry being removed, env masked, for the report.
fn removed_entry(target: &target::Target, name: &str) -> Json {
    let servers = target.root().map(model::servers).unwrap_or_default();
    let Some(s) = servers.iter().rev().find(|s| s.name == name) else {
        return Json::Null;
    };
    let env: serde_json::Map<String, Json> = s
        .env
        .iter()
        .map(|(k, v)| (k.clone(), Json::String(mask(v))))
        .collect();
    json!({"command": s.command, "args": s.args, "env": env})
}

fn report(
    ctx: &Context,
    args: &RemoveArgs,
    target: &target::Target,
    removed: &Json,
    diff: &diff::Diff,
    outcome: Option<&write::WriteOutcome>,
) {
    if ctx.json {
        let doc = json!({
            "file": target.shown(),
            "action": "remove",
            "name": args.name,
            "dry_run": args.dry_run,
            "entry": removed,
            "diff": diff.text,
        });
        target::print_json(&target::merge(doc, target::outcome_json(outcome)));
        return;
    }
    let Some(outcome) = outcome else {
        print!("{}", diff.render(&ctx.out));
        println!("Dry run: nothing written.");
        return;
    };
    println!(
        "{} `{}` from {}",
        ctx.out.green("removed server"),
        args.name,
        target.shown()
    );
    target::print_written(ctx, outcome);
}
