//! The module layers and the one rule between them (docs/architecture.md):
//! a module may use any module on a lower floor, and on its own floor only
//! the siblings its line names. Adding a module is one line in [`LAYERS`].
//!
//! The tests read every `crate::` path in `src/**/*.rs` (comments and
//! string literals aside) and check it against the table; they also check
//! that the files inside one module (`probe::handshake`,
//! `probe::verdict`, ...) never use each other in a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One line per top-level module: its name (`lib` is `src/lib.rs`
/// itself), its floor, and the modules of the same floor it may use.
pub const LAYERS: &[(&str, u8, &[&str])] = &[
    // leaves: no `crate::` paths at all
    ("error", 0, &[]),
    ("codes", 0, &[]),
    ("paths", 0, &[]),
    ("text", 0, &["escape"]),
    ("urls", 0, &["text"]),
    ("secrets", 0, &[]),
    ("escape", 0, &[]),
    ("layers", 0, &[]),
    // test support (unit tests only)
    ("test_files", 0, &[]),
    // the host: OS, environment, the app's launch environment per OS
    ("platform", 1, &[]),
    // what is: the file, the machine, a server's answers, the app's own state
    ("config", 2, &[]),
    ("probe", 2, &[]),
    ("machine", 2, &["config"]),
    ("app", 2, &["config", "machine"]),
    // what to change: repairs, `add`'s resolution
    ("plan", 3, &[]),
    // what the user sees: typed models, one renderer module per format
    ("report", 4, &[]),
    // the one output path, and the flags as clap parses them
    ("output", 5, &[]),
    ("cli", 5, &[]),
    // flags → settings, checked once
    ("settings", 6, &[]),
    // one file per subcommand, orchestration only
    ("commands", 7, &[]),
    // `run_from_args`: parse, resolve, run, decide the exit code
    ("lib", 8, &[]),
];

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file of the library (not `src/bin/`, not `main.rs`).
fn library_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    let src = src_dir();
    let mut out = Vec::new();
    walk(&src, &mut out);
    out.retain(|p| !p.starts_with(src.join("bin")) && *p != src.join("main.rs"));
    out
}

/// The module path of a file: `src/probe/verdict.rs` → `[probe, verdict]`,
/// `src/probe/mod.rs` → `[probe]`, `src/lib.rs` → `[lib]`.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src_dir()).unwrap_or(file);
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file with comments and the contents of string and char
/// literals blanked out (so a doc comment naming `crate::x` is not a use).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == b'r' && matches!(b.get(i + 1), Some(b'"' | b'#')) && !ident_before(b, i) {
            // raw string r"..." / r#"..."#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push(c as char);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&b'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' {
            // a char literal ('x', '\n', '\''), or a lifetime ('a)
            let lit_end = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..]
                    .iter()
                    .position(|&x| x == b'\'')
                    .map(|p| i + 2 + p)
            } else {
                let ch_len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + ch_len) == Some(&b'\'')).then_some(i + 1 + ch_len)
            };
            match lit_end {
                Some(end) => {
                    out.push_str("' '");
                    i = end + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn ident_before(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The paths after `prefix` (e.g. `crate::`), one per use: a group
/// `crate::{a::x, b}` gives `a::x` and `b`. Each path as its segments.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before_ok = !ident_before(rest.as_bytes(), at)
            && !rest[..at].ends_with("::")
            && !rest[..at].ends_with('$');
        let after = &rest[at + prefix.len()..];
        if before_ok {
            if let Some(group) = after.strip_prefix('{') {
                out.extend(group_items(group).into_iter().map(|p| segments(&p)));
            } else {
                out.push(segments(after));
            }
        }
        rest = after;
    }
    out.retain(|p| !p.is_empty());
    out
}

/// The top-level items of a `{a::x, b::{c, d}, e}` group (text after `{`).
fn group_items(group: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in group.chars() {
        match c {
            '{' => {
                depth += 1;
                cur.push(c);
            }
            '}' if depth == 0 => break,
            '}' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => items.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    items.push(cur);
    items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn segments(path: &str) -> Vec<String> {
    let mut segs = Vec::new();
    let mut rest = path.trim_start();
    loop {
        let id = ident_at(rest);
        if id.is_empty() {
            break;
        }
        segs.push(id.to_string());
        rest = &rest[id.len()..];
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    segs
}

/// The layer-table line of a top-level module.
fn line_of(module: &str) -> Option<&'static (&'static str, u8, &'static [&'static str])> {
    LAYERS.iter().find(|(m, _, _)| *m == module)
}

/// Why `from` may not use `to` (None: it may).
fn violation(from: &str, to: &str) -> Option<String> {
    if from == to {
        return None;
    }
    let (Some(&(_, ff, siblings)), Some(&(_, tf, _))) = (line_of(from), line_of(to)) else {
        return Some(format!("`{from}` or `{to}` has no line in layers::LAYERS"));
    };
    if tf < ff || (tf == ff && siblings.contains(&to)) {
        return None;
    }
    Some(if tf > ff {
        format!(
            "`{from}` (floor {ff}) uses `{to}` (floor {tf}): a lower floor never uses a higher one"
        )
    } else {
        format!("`{from}` uses `{to}` on its own floor ({ff}) without naming it in LAYERS")
    })
}

/// Every (file, used top-level module) pair found in the library.
fn crate_uses() -> Vec<(PathBuf, String, String)> {
    let mut uses = Vec::new();
    for file in library_files() {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let from = module_path(&file)[0].clone();
        for path in paths_after(&code_only(&text), "crate::") {
            uses.push((file.clone(), from.clone(), path[0].clone()));
        }
    }
    uses
}

/// Whether `name` is a file module inside the module at `dir`.
fn is_submodule(dir: &Path, name: &str) -> bool {
    dir.join(format!("{name}.rs")).is_file() || dir.join(name).join("mod.rs").is_file()
}

/// The sibling-file graph inside each top-level module, from non-test
/// code: `probe::handshake` → `probe::verdict` when handshake.rs uses
/// `super::verdict::...` or `crate::probe::verdict::...`. Edges to or
/// from the module's own `mod.rs` are left out (a parent re-exporting its
/// children is the usual shape, not a cycle).
fn sibling_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = src_dir();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in library_files() {
        let path = module_path(&file);
        if path.len() < 2 {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let code = code_only(&text);
        let code = code.split("#[cfg(test)]").next().unwrap_or("");
        let node = format!("{}::{}", path[0], path[1]);
        let top_dir = src.join(&path[0]);
        let mut targets: Vec<Vec<String>> = paths_after(code, "crate::");
        // `super::` from a file at depth n names its parent module
        for p in paths_after(code, "super::") {
            let mut base: Vec<String> = path[..path.len() - 1].to_vec();
            let mut segs = p.as_slice();
            while segs.first().is_some_and(|s| s == "super") {
                base.pop();
                segs = &segs[1..];
            }
            base.extend(segs.iter().cloned());
            targets.push(base);
        }
        for t in targets {
            if t.len() < 2 || t[0] != path[0] || !is_submodule(&top_dir, &t[1]) {
                continue;
            }
            let to = format!("{}::{}", t[0], t[1]);
            if to != node {
                graph.entry(node.clone()).or_default().insert(to);
            }
        }
    }
    graph
}

/// A cycle in `graph`, as the nodes along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            match state.get(m.as_str()) {
                Some(1) => {
                    let start = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if !state.contains_key(n.as_str())
            && let Some(c) = visit(n, graph, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_crate_path_follows_the_layers() {
        let src = src_dir();
        let mut bad: BTreeSet<String> = BTreeSet::new();
        for (file, from, to) in crate_uses() {
            if let Some(why) = violation(&from, &to) {
                let rel = file
                    .strip_prefix(&src)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                bad.insert(format!("src/{rel}: {why}"));
            }
        }
        assert!(
            bad.is_empty(),
            "{} use(s) against the layers (docs/architecture.md):\n{}",
            bad.len(),
            bad.into_iter().collect::<Vec<_>>().join("\n")
        );
    }

    #[test]
    fn every_top_level_module_has_a_line_and_siblings_form_no_cycle() {
        let src = src_dir();
        for file in library_files() {
            let top = &module_path(&file)[0];
            assert!(
                line_of(top).is_some(),
                "src/{top}: add a line for it to layers::LAYERS"
            );
        }
        let names: BTreeSet<&str> = LAYERS.iter().map(|l| l.0).collect();
        assert_eq!(names.len(), LAYERS.len(), "a module listed twice");
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (m, floor, siblings) in LAYERS {
            assert!(
                *m == "lib" || src.join(format!("{m}.rs")).is_file() || src.join(m).is_dir(),
                "LAYERS names `{m}`, which is not a module under src/"
            );
            for s in *siblings {
                assert_eq!(
                    line_of(s).map(|l| l.1),
                    Some(*floor),
                    "{m} → {s}: not a sibling"
                );
                graph
                    .entry(m.to_string())
                    .or_default()
                    .insert(s.to_string());
            }
        }
        assert_eq!(find_cycle(&graph), None, "siblings that may use each other");
    }

    #[test]
    fn files_inside_a_module_use_each_other_without_cycles() {
        let graph = sibling_graph();
        assert_eq!(
            find_cycle(&graph),
            None,
            "files of one module that use each other in a circle (move what both need to one of them, or below both)"
        );
    }

    #[test]
    fn docs_architecture_lists_every_module_on_its_floor() {
        let doc = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"),
        )
        .expect("docs/architecture.md");
        for (m, floor, _) in LAYERS.iter().filter(|l| l.0 != "layers") {
            assert!(
                doc.contains(&format!("| {floor} | `{m}` |")),
                "docs/architecture.md has no row `| {floor} | `{m}` |`"
            );
        }
    }

    #[test]
    fn the_reader_sees_uses_not_comments_or_strings() {
        let code = code_only(
            "use crate::a::b; // crate::c\n/* crate::d */ let s = \"crate::e\"; \
             let r = r#\"crate::f\"#; let c = '\"'; fn f<'a>(x: &'a crate::g::T) {}\n\
             use crate::{h::x, i::{y, z}, j};",
        );
        let tops: Vec<String> = paths_after(&code, "crate::")
            .into_iter()
            .map(|p| p[0].clone())
            .collect();
        assert_eq!(tops, ["a", "g", "h", "i", "j"]);
        assert!(violation("config", "commands").is_some());
        assert_eq!(violation("machine", "config"), None);
        assert!(violation("config", "machine").is_some());
        assert_eq!(violation("commands", "error"), None);
    }
}
