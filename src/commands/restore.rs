//! `mcpctl restore`: list the config's backups (newest first, with their
//! time and server names), or `restore BACKUP` to put one back — by its
//! number in the list, its file name, or a path. The current file is backed
//! up first and the write goes through the one write path; unlike every
//! other command, restore may replace a file that does not parse (that is
//! what it is for), but never with one that does not.

use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};

use super::prompt;
use super::target;
use super::{Context, Exit};
use crate::cli::RestoreArgs;
use crate::config::backup::{self, Backup};
use crate::config::edit;
use crate::config::lint::LintContext;
use crate::config::load;
use crate::config::source::Source;
use crate::config::syntax;
use crate::config::write::{self, Require, WriteError, WriteOptions};
use crate::error::Error;
use crate::report::diff;

pub fn run(ctx: &Context, args: &RestoreArgs) -> Result<Exit, Error> {
    let target = target::read(ctx)?;
    let backups = backup::list(&target.path).map_err(|e| {
        Error::new(format!(
            "cannot list {}: {e}",
            backup::dir_for(&target.path).display()
        ))
        .hint("check that folder's permissions")
    })?;
    match &args.backup {
        None => Ok(list(ctx, &target, &backups)),
        Some(sel) => restore(ctx, args, &target, &backups, sel),
    }
}

/// What a backup holds: its server names, or `None` when it does not parse.
fn servers_in(bytes: &[u8]) -> Option<Vec<String>> {
    let doc = syntax::parse(&Source::new("", bytes.to_vec()));
    doc.is_strict_json()
        .then(|| edit::server_names(doc.root.as_ref()))
}

fn list(ctx: &Context, target: &target::Target, backups: &[Backup]) -> Exit {
    let rows: Vec<(usize, &Backup, Option<Vec<String>>)> = backups
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let servers = std::fs::read(&b.path).ok().and_then(|x| servers_in(&x));
            (i + 1, b, servers)
        })
        .collect();
    if ctx.json {
        let items: Vec<Json> = rows
            .iter()
            .map(|(i, b, s)| {
                json!({
                    "index": i,
                    "name": b.name,
                    "path": b.path.display().to_string(),
                    "time": b.rfc3339(),
                    "parses": s.is_some(),
                    "servers": s.clone().unwrap_or_default(),
                })
            })
            .collect();
        target::print_json(&json!({
            "file": target.shown(),
            "backup_dir": backup::dir_for(&target.path).display().to_string(),
            "backups": items,
        }));
        return Exit::Ok;
    }
    if rows.is_empty() {
        println!(
            "No backups of {} yet (mcpctl saves one in {} before every change it writes).",
            target.shown(),
            backup::dir_for(&target.path).display()
        );
        return Exit::Ok;
    }
    println!("Backups of {} (newest first):", target.shown());
    for (i, b, servers) in &rows {
        let what = match servers {
            None => ctx.out.yellow("(does not parse)"),
            Some(s) if s.is_empty() => ctx.out.dim("(no servers)"),
            Some(s) => s.join(", "),
        };
        println!("  {i:>2}  {}  {what}", b.when());
        println!("      {}", ctx.out.dim(&b.path.display().to_string()));
    }
    println!("Put one back with: mcpctl restore NUMBER (or its file name)");
    Exit::Ok
}

/// The backup a selector names: a list number, a file name, or a path.
fn select(ctx: &Context, backups: &[Backup], sel: &str) -> Result<PathBuf, Error> {
    if let Ok(n) = sel.parse::<usize>()
        && n >= 1
        && n <= backups.len()
    {
        return Ok(backups[n - 1].path.clone());
    }
    if let Some(b) = backups.iter().find(|b| b.name == sel) {
        return Ok(b.path.clone());
    }
    let given = Path::new(sel);
    let path = if given.is_absolute() {
        given.to_path_buf()
    } else {
        ctx.host.cwd.join(given)
    };
    if path.is_file() {
        return Ok(path);
    }
    let exist = match backups.len() {
        0 => "there are no backups yet".to_string(),
        1 => "1 backup exists".to_string(),
        n => format!("{n} backups exist"),
    };
    Err(Error::new(format!("no backup `{sel}`: {exist}"))
    .hint("run `mcpctl restore` to list them, then pass a number from the list, a file name, or a path"))
}

fn restore(
    ctx: &Context,
    args: &RestoreArgs,
    target: &target::Target,
    backups: &[Backup],
    sel: &str,
) -> Result<Exit, Error> {
    let from = select(ctx, backups, sel)?;
    let bytes = std::fs::read(&from).map_err(|e| {
        Error::new(format!("cannot read {}: {e}", from.display()))
            .hint("check the file's permissions")
    })?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(not_json(&from));
    };
    if target.bytes() == Some(text.as_bytes()) {
        if ctx.json {
            print_result(target, &from, &text, "", None);
        } else {
            println!(
                "{} already has that content; nothing to do.",
                target.shown()
            );
        }
        return Ok(Exit::Ok);
    }
    let current_broken = target.exists() && !target.doc.is_strict_json();
    let shown_diff = diff::config_diff(
        target.text(),
        &text,
        &target.shown(),
        target.exists(),
        false,
    );
    if !ctx.json && current_broken {
        target::warn(
            ctx,
            &format!(
                "{} does not parse; restoring over it is what restore is for (a copy of it is kept as a backup first)",
                target.shown()
            ),
        );
    }
    if ctx.interactive && !args.yes {
        print!("{}", shown_diff.render(&ctx.out));
        let q = format!("Replace {} with {}?", target.shown(), from.display());
        if !prompt::confirm(&q, prompt::PASS_YES)? {
            println!("Nothing written.");
            return Ok(Exit::Ok);
        }
    }
    let mut opts = WriteOptions::for_host(&ctx.host);
    opts.replace_unparseable = true;
    opts.require = Require::StrictJson;
    let outcome = match write::commit(&target.path, target.bytes(), &text, &opts) {
        Ok(o) => o,
        Err(WriteError::Invalid { .. }) => return Err(not_json(&from)),
        Err(e) => return Err(e.into()),
    };
    if ctx.json {
        print_result(target, &from, &text, &shown_diff.text, Some(&outcome));
        return Ok(Exit::Ok);
    }
    let names = servers_in(text.as_bytes()).unwrap_or_default();
    println!(
        "{} {} from {} (servers: {})",
        ctx.out.green("restored"),
        target.shown(),
        from.display(),
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    );
    warn_if_problems(ctx, target, &text);
    target::print_written(ctx, &outcome);
    Ok(Exit::Ok)
}

fn not_json(from: &Path) -> Error {
    Error::new(format!(
        "{} is not valid JSON; restoring it would leave Claude Desktop unable to read its config",
        from.display()
    ))
    .hint("pick another backup (`mcpctl restore` lists them and marks those that do not parse)")
}

/// Restore puts back what was there, problems included: say so.
fn warn_if_problems(ctx: &Context, target: &target::Target, text: &str) {
    let lint = LintContext::for_host(&ctx.host);
    let (_, _, diags) = load::check_text(&target.path, text, &lint);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        target::warn(
            ctx,
            &format!(
                "the restored file has {errors} error{}: run `mcpctl validate` to see them",
                if errors == 1 { "" } else { "s" }
            ),
        );
    }
}

fn print_result(
    target: &target::Target,
    from: &Path,
    text: &str,
    diff_text: &str,
    outcome: Option<&write::WriteOutcome>,
) {
    let doc = json!({
        "file": target.shown(),
        "action": "restore",
        "from": from.display().to_string(),
        "servers": servers_in(text.as_bytes()).unwrap_or_default(),
        "diff": diff_text,
    });
    target::print_json(&target::merge(doc, target::outcome_json(outcome)));
}
