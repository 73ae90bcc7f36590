//! `mcpctl export [--redact] [-o FILE]`: the config's servers as a portable
//! document (`app::export`, docs/json/export.md): the entries as the app
//! reads them, the entries `mcpctl disable` set aside, and the Desktop
//! Extensions installed beside the file. On stdout (the document, byte for
//! byte) or written to FILE atomically (then a summary, or with `--json`
//! the summary's document). A file the app cannot parse is refused (exit
//! 2): the app would read none of its servers, so there is nothing
//! faithful to export. Orchestration only.

use super::Exit;
use crate::app::export;
use crate::app::state;
use crate::config::{load, model};
use crate::error::{Error, Stop};
use crate::output::Output;
use crate::report::edit::ExportReport;
use crate::report::{self, Format};
use crate::settings::{Export, Global};
use crate::text::plural;

pub fn run(g: &Global, s: &Export, out: &mut Output) -> Result<Exit, Stop> {
    let loaded = load::load(&g.host, g.config.as_deref())?;
    if !loaded.doc.is_strict_json() {
        let spot = model::first_error_spot(&loaded.source, &loaded.doc);
        return Err(Error::new(format!(
            "{} is not strict JSON, so Claude Desktop reads none of its servers: nothing \
faithful to export",
            loaded.source.path.display()
        ))
        .hint(
            "repair it first: `mcpctl validate` shows where, `mcpctl doctor --fix` repairs \
the mechanical mistakes",
        )
        .at(spot)
        .into());
    }
    let app = state::read(&g.host, &loaded.source.path);
    // `-o -` is stdout, as `import -` is stdin
    let output = s.output.as_ref().filter(|f| f.as_os_str() != "-");
    if let Some(file) = output {
        let flag = ("-o", "mcp-servers.json");
        super::target::refuse_own_file(g, flag, file, &loaded.source.path, "the export")?;
    }
    let doc = export::document(
        loaded.doc.root.as_ref(),
        &app.side.entries(),
        &app.inventory,
        s.redact,
    );
    // the same document as report::json prints (control characters escaped)
    let text = report::json::render(&doc);
    let in_clear = !s.redact && doc.holds_env_values();
    for f in state::side_findings(&app.side, &loaded.source.text) {
        // the disabled entries cannot be read (the export goes on without
        // them), or an entry is in both files: said on stderr
        out.eprint(&report::text::finding(out.err_style, &f, ""))?;
    }
    let Some(file) = output else {
        out.write_bytes(text.as_bytes())?;
        if in_clear {
            say_in_clear(out)?;
        }
        return Ok(Exit::Ok);
    };
    super::target::write_output(
        file,
        &text,
        (
            "the export",
            "-o takes a file path in a folder that exists and you can write to",
        ),
    )?;
    let r = ExportReport {
        file: file.display().to_string(),
        from: loaded.source.path.display().to_string(),
        redacted: s.redact,
        servers: doc.servers.keys().cloned().collect(),
        disabled: doc.disabled.keys().cloned().collect(),
        extensions: doc.extensions.iter().map(|e| e.id.clone()).collect(),
        placeholders: doc.placeholder_names(),
    };
    match g.format {
        Format::Json => out.json(&r)?,
        Format::Text => {
            out.println(&format!(
                "{} {}, {} disabled, {} to {}",
                out.style.green("exported"),
                plural(r.servers.len(), "server"),
                r.disabled.len(),
                plural(r.extensions.len(), "extension"),
                r.file
            ))?;
            if !r.placeholders.is_empty() {
                out.println(&format!(
                    "  placeholders (set them where mcpctl import reads the file): {}",
                    r.placeholders.join(", ")
                ))?;
            }
            if in_clear {
                say_in_clear(out)?;
            }
        }
    }
    Ok(Exit::Ok)
}

fn say_in_clear(out: &mut Output) -> std::io::Result<()> {
    out.eprint(&report::text::note(
        out.err_style,
        "the export holds env values in clear: keep it private, or pass --redact to write \
${KEY} placeholders that mcpctl import fills from its environment",
    ))
}
