//! Tables line up on a terminal: a name with wide characters (CJK, an
//! emoji) takes two columns a character, and an escaped name (`\x1b`)
//! takes the columns of its escape; the column after the names starts at
//! the same terminal column on every line of `list`'s table and of
//! `test-launch`'s report.

use unicode_width::UnicodeWidthStr;

use crate::support::{self, Sandbox};

/// The names, as written in the config and as shown (escaped).
const NAMES: [(&str, &str); 4] = [
    ("abc", "abc"),
    ("日本語", "日本語"),
    ("🚀x", "🚀x"),
    ("e\u{1b}sc", "e\\x1bsc"),
];

/// A config of [`NAMES`], each the rmcp example server.
fn config(sb: &Sandbox) -> std::path::PathBuf {
    let servers: serde_json::Map<String, serde_json::Value> = NAMES
        .iter()
        .map(|(name, _)| {
            (
                name.to_string(),
                serde_json::json!({ "command": support::example_server() }),
            )
        })
        .collect();
    let text = serde_json::json!({ "mcpServers": servers }).to_string();
    sb.write("work/claude_desktop_config.json", text)
}

/// The terminal column where the text after `shown` starts on the line of
/// `text` holding it (past the padding), with that line.
fn column_after(text: &str, shown: &str) -> (usize, String) {
    let line = text
        .lines()
        .find(|l| l.contains(&format!("{shown}  ")))
        .unwrap_or_else(|| panic!("no line with {shown:?} in:\n{text}"));
    let end = line.find(shown).expect("found") + shown.len();
    let next = end + line[end..].len() - line[end..].trim_start_matches(' ').len();
    (line[..next].width(), line.to_string())
}

/// Every name's next column starts at the same terminal column.
fn assert_aligned(text: &str) {
    let at: Vec<(usize, String)> = NAMES
        .iter()
        .map(|(_, shown)| column_after(text, shown))
        .collect();
    assert!(
        at.iter().all(|(c, _)| *c == at[0].0),
        "the column after the names starts at {:?}:\n{text}",
        at.iter()
            .map(|(c, l)| format!("{c}: {l}"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn list_table_lines_up_wide_and_escaped_names() {
    let sb = Sandbox::new();
    let config = config(&sb);
    // a disabled entry makes `list` show its table of everything
    let off = sb.run(
        sb.mcpctl()
            .arg("--config")
            .arg(&config)
            .args(["disable", "abc"]),
    );
    assert_eq!(off.code, Some(0), "{}", off.all());
    let out = sb.run(sb.mcpctl().arg("--config").arg(&config).arg("list"));
    assert_eq!(out.code, Some(0), "{}", out.all());
    let table = out
        .stdout
        .split("\n\n")
        .find(|t| t.starts_with("NAME"))
        .unwrap_or_else(|| panic!("no table in:\n{}", out.stdout));
    assert_aligned(table);
    // the header's SOURCE too
    let (source, _) = column_after(table, "NAME");
    let (abc, _) = column_after(table, "abc");
    assert_eq!(source, abc, "{table}");
}

#[test]
fn test_launch_lines_up_wide_and_escaped_names() {
    let sb = Sandbox::new();
    let config = config(&sb);
    let out =
        sb.run(
            sb.mcpctl()
                .arg("--config")
                .arg(&config)
                .args(["test-launch", "--timeout", "20"]),
        );
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_aligned(&out.stdout);
}
