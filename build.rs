//! Build step: an index of where the bundled config schema keeps its
//! wording (`x-mcpctl-messages`, `x-mcpctl-diagnostic`), so a diagnostic's
//! message is found without parsing the whole schema at every start. The
//! schema stays the one source of truth: this only indexes it, and the
//! validator itself is generated from it by `jsonschema::validator`.

use std::path::Path;

use serde_json::Value;

const SCHEMA: &str = "schemas/claude_desktop_config.schema.json";
const KEYS: [&str; 2] = ["x-mcpctl-messages", "x-mcpctl-diagnostic"];

/// Every schema object that holds wording: (its JSON pointer, the wording
/// keys alone as compact JSON).
fn walk(v: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            let words: serde_json::Map<String, Value> = KEYS
                .iter()
                .filter_map(|k| Some((k.to_string(), m.get(*k)?.clone())))
                .collect();
            if !words.is_empty() {
                out.push((pointer.to_string(), Value::Object(words).to_string()));
            }
            for (k, x) in m {
                let seg = k.replace('~', "~0").replace('/', "~1");
                walk(x, &format!("{pointer}/{seg}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn main() {
    println!("cargo::rerun-if-changed={SCHEMA}");
    println!("cargo::rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(SCHEMA).expect("the bundled schema is readable");
    let schema: Value = serde_json::from_str(&text).expect("the bundled schema is JSON");
    let mut table = Vec::new();
    walk(&schema, "", &mut table);
    table.sort();
    let mut code = String::from(
        "/// (JSON pointer of a schema object, its wording keys as JSON), sorted.\n\
         static WORDING: &[(&str, &str)] = &[\n",
    );
    for (pointer, words) in &table {
        code.push_str(&format!("    ({pointer:?}, {words:?}),\n"));
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("schema_wording.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
