//! The CI outputs of `validate`, `test-launch` and `doctor` (`--format github`,
//! `--junit FILE`) around the command's own report: the JUnit XML written
//! to FILE before the report is printed (a write that fails then leaves
//! stdout with one document, the error, not the report and the error),
//! and GitHub Actions workflow commands after it, on stdout (on stderr
//! with `--json`, so the JSON document stays whole). The renderers are
//! `report::github` and `report::junit`; this file finds where each
//! server's entry is and writes.

use std::path::Path;

use crate::config::load::Loaded;
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::report::diagnostics::DiagnosticJson;
use crate::report::doctor::Doctor;
use crate::report::github::{self, Annotation, EntryAt};
use crate::report::junit;
use crate::report::launch::LaunchRun;
use crate::report::validate::ValidateReport;
use crate::settings::{Ci, Global};

/// Where each server's entry of `loaded` is (its name), for annotations.
pub fn entries(loaded: &Loaded) -> Vec<EntryAt> {
    loaded
        .servers
        .iter()
        .map(|s| {
            let at = loaded.source.line_col(s.name_span.start);
            EntryAt {
                name: s.name.clone(),
                file: loaded.source.path.display().to_string(),
                line: at.line,
                col: at.column,
            }
        })
        .collect()
}

/// The config's diagnostics, for the CI outputs.
pub fn diagnostics(loaded: &Loaded) -> Vec<DiagnosticJson> {
    DiagnosticJson::all(&loaded.source, &loaded.servers, &loaded.diagnostics)
}

/// A test-launch run's report (`print`) with its CI outputs: the config's
/// diagnostics (`diags`, none for a server given on the command line) and
/// the failing servers.
pub fn launch(
    g: &Global,
    ci: &Ci,
    run: &LaunchRun,
    diags: &[DiagnosticJson],
    entries: &[EntryAt],
    out: &mut Output,
    print: impl FnOnce(&mut Output) -> Result<(), Stop>,
) -> Result<(), Stop> {
    if let Some(file) = &ci.junit {
        let xml = junit::render(&junit::launch(run), run.wall.as_secs_f64());
        write_junit(file, &out.junit(&xml))?;
    }
    print(out)?;
    if ci.github {
        let mut all = github::diagnostics(diags, &g.host.cwd);
        all.extend(github::launch(run, entries, &g.host.cwd));
        annotate(g, &all, out)?;
    }
    Ok(())
}

/// A validate run's report (`print`) with its CI outputs.
pub fn validate(
    g: &Global,
    ci: &Ci,
    r: &ValidateReport,
    loaded: &Loaded,
    strict: bool,
    out: &mut Output,
    print: impl FnOnce(&mut Output) -> Result<(), Stop>,
) -> Result<(), Stop> {
    if let Some(file) = &ci.junit {
        // through the output layer, as test-launch's and doctor's: masked,
        // and the commands its hints suggest carry --config
        let xml = junit::render(&junit::validate(r, &loaded.servers, strict), 0.0);
        write_junit(file, &out.junit(&xml))?;
    }
    print(out)?;
    if ci.github {
        let mut all = github::diagnostics(&r.diagnostics, &g.host.cwd);
        for m in r.extensions.iter().flatten() {
            all.extend(github::diagnostics(&m.diagnostics, &g.host.cwd));
        }
        annotate(g, &all, out)?;
    }
    Ok(())
}

/// A doctor run's report (`print`) with its CI outputs (the checks as last run:
/// after `--fix` wrote, the second pass). `loaded`: the file as read for
/// `d` (None when there was none: then the outputs have no config to point
/// into).
pub fn doctor(
    g: &Global,
    ci: &Ci,
    d: &Doctor,
    loaded: Option<&Loaded>,
    show_secrets: bool,
    out: &mut Output,
    print: impl FnOnce(&mut Output) -> Result<(), Stop>,
) -> Result<(), Stop> {
    if let Some(file) = &ci.junit {
        let time = d.wall_ms.unwrap_or(0) as f64 / 1000.0;
        let xml = junit::render(&junit::doctor(d, show_secrets), time);
        write_junit(file, &out.junit(&xml))?;
    }
    print(out)?;
    if ci.github {
        let entries = loaded.map(entries).unwrap_or_default();
        let mut all = github::doctor(d, &entries, &g.host.cwd, show_secrets);
        if let Some(why) = &d.unread {
            all.push(Annotation::new(
                github::Level::Error,
                Some("mcpctl doctor".into()),
                match &why.hint {
                    Some(h) => format!("{}\nhint: {h}", why.message),
                    None => why.message.clone(),
                },
            ));
        }
        annotate(g, &all, out)?;
    }
    Ok(())
}

fn annotate(g: &Global, all: &[Annotation], out: &mut Output) -> Result<(), Stop> {
    let text = github::render(all);
    if g.json() {
        out.eprint(&text)?;
    } else {
        out.print(&text)?;
    }
    Ok(())
}

/// Before any work: a `--junit FILE` that names the config or its
/// `mcpctl-disabled.json` (the report would replace it) is refused, and so
/// is one whose folder does not exist, so that a run of many servers does
/// not end in a write that fails.
pub fn check_junit(g: &Global, ci: &Ci, config: Option<&Path>) -> Result<(), Error> {
    let Some(file) = &ci.junit else {
        return Ok(());
    };
    if let Some(config) = config {
        let flag = ("--junit", "mcpctl-report.xml");
        super::target::refuse_own_file(g, flag, file, config, "the report")?;
    }
    super::target::check_output(file, JUNIT)
}

/// What `--junit` writes, and the hint when it cannot.
const JUNIT: (&str, &str) = (
    "the JUnit report",
    "--junit takes a file path in a folder that exists and you can write to",
);

fn write_junit(file: &Path, xml: &str) -> Result<(), Error> {
    super::target::write_output(file, xml, JUNIT)
}
