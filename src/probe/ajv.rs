//! Whether the app's client can compile a tool's `outputSchema`. When it
//! lists tools, the MCP TypeScript SDK's client (1.32.2) compiles every
//! `outputSchema` with Ajv 8 (its draft-07 class, `strict: false`,
//! `validateSchema: false`) and does not catch what Ajv throws: one schema
//! it cannot compile and `listTools()` fails, so the app gets none of the
//! server's tools. What Ajv throws on, as data: a schema that is neither an
//! object nor a boolean, a `type` that names no JSON type, a keyword whose
//! value has the wrong type (`"exclusiveMinimum": true`, draft-04's way),
//! a `pattern` JavaScript's `RegExp` refuses with the `u` flag (Python's
//! `\Z`, `(?i)`, `(?P<name>`), a `$ref` that resolves to nothing,
//! draft-04's `id`, ajv-formats' `formatMaximum` without a format it can
//! compare, and what its `getSchemaRefs` refuses in the whole document (an
//! anchor that is no plain name, one `$id` or anchor twice). Only
//! what Ajv compiles is looked at: the schema, its subschemas under the
//! keywords draft-07 knows, and what a `$ref` reaches (`definitions`
//! nobody refers to are not compiled), never a subschema without a
//! keyword that has code, nor any branch of an `anyOf` one of whose
//! branches is such. Where mcpctl cannot be sure (a
//! `$ref` under a nested `$id`), it says nothing. `scripts/sdk-compiles.js`
//! prints the SDK's own answers behind the tests. Pure.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::text::json_kind;

/// Deeper than this, a schema is not looked at further (not judged).
const MAX_DEPTH: usize = 200;

/// Longer than this (bytes), a `pattern` is not judged: real ones are a
/// few dozen characters.
const MAX_PATTERN: usize = 4096;

/// Why Ajv, as the SDK's client sets it up, cannot compile `schema`: the
/// place (a JSON pointer) and what Ajv says, or what it chokes on.
pub fn compile_error(schema: &Value) -> Option<String> {
    let refs = match schema_refs(schema) {
        Ok(refs) => refs,
        Err(why) => return Some(why),
    };
    let mut ids = Vec::new();
    collect_ids(schema, &mut ids, 0);
    let mut walk = Walk {
        root: schema,
        nested_ids: ids.len() > usize::from(schema.get("$id").is_some()),
        ids,
        anchors: refs.anchors,
        seen: HashSet::new(),
    };
    walk.schema(schema, "", 0).err()
}

/// What Ajv registers of a schema before it compiles any of it (its
/// `getSchemaRefs`, run on the whole document).
#[derive(Default)]
struct Refs<'a> {
    /// Every `$anchor`/`$dynamicAnchor` name.
    anchors: Vec<&'a str>,
    /// Every id registered, resolved.
    seen: HashSet<String>,
}

/// Ajv's `getSchemaRefs`: every `$id`, `$anchor` and `$dynamicAnchor` in
/// the document, wherever `json-schema-traverse` with `allKeys` reaches
/// (unknown keywords too, not values such as `enum` or `default`), is
/// registered, resolved against the `$id`s above it. It throws on an
/// anchor that is no plain name and on one id registered twice.
fn schema_refs(root: &Value) -> Result<Refs<'_>, String> {
    let base = root
        .get("$id")
        .and_then(Value::as_str)
        .map(normalize_id)
        .unwrap_or_default();
    let mut refs = Refs::default();
    // the root's own id is taken: a subschema with the same one is refused
    if !base.is_empty() {
        refs.seen.insert(base.clone());
    }
    refs.children(root, &base, 0)?;
    Ok(refs)
}

/// `json-schema-traverse`'s keywords whose value is a list of schemas,
/// a map of them, or one (any other key but [`SKIPPED`] with `allKeys`).
const LIST_KEYWORDS: &[&str] = &["items", "allOf", "anyOf", "oneOf"];
const MAP_KEYWORDS: &[&str] = &[
    "$defs",
    "definitions",
    "properties",
    "patternProperties",
    "dependencies",
];
const SKIPPED: &[&str] = &[
    "default",
    "enum",
    "const",
    "required",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "multipleOf",
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
];

impl<'a> Refs<'a> {
    /// The subschemas of `node`, each registered under `base`.
    fn children(&mut self, node: &'a Value, base: &str, depth: usize) -> Result<(), String> {
        let Value::Object(m) = node else {
            return Ok(());
        };
        if depth > MAX_DEPTH {
            return Ok(());
        }
        for (k, v) in m {
            let k = k.as_str();
            match v {
                Value::Array(items) if LIST_KEYWORDS.contains(&k) => {
                    for item in items {
                        self.register(item, base, depth + 1)?;
                    }
                }
                Value::Array(_) => {}
                Value::Object(map) if MAP_KEYWORDS.contains(&k) => {
                    for item in map.values() {
                        self.register(item, base, depth + 1)?;
                    }
                }
                _ if MAP_KEYWORDS.contains(&k) || SKIPPED.contains(&k) => {}
                _ => self.register(v, base, depth + 1)?,
            }
        }
        Ok(())
    }

    /// One subschema (below the root) as `getSchemaRefs` sees it.
    fn register(&mut self, node: &'a Value, base: &str, depth: usize) -> Result<(), String> {
        let Value::Object(m) = node else {
            return Ok(());
        };
        let mut inner = base.to_string();
        if let Some(Value::String(id)) = m.get("$id") {
            inner = self.add(id, base)?;
        }
        for kw in ["$anchor", "$dynamicAnchor"] {
            if let Some(Value::String(a)) = m.get(kw) {
                let plain = a
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && a.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
                if !plain {
                    return Err(format!(
                        "{kw} {} is no plain name: \"invalid anchor\"",
                        crate::text::clip(&Value::from(a.as_str()).to_string(), 60)
                    ));
                }
                self.add(&format!("#{a}"), &inner)?;
                self.anchors.push(a);
            }
        }
        self.children(node, &inner, depth)
    }

    /// Register id `r` (resolved against `base`): an error the second time.
    fn add(&mut self, r: &str, base: &str) -> Result<String, String> {
        let full = normalize_id(&resolve_id(base, r));
        if self.seen.insert(full.clone()) {
            Ok(full)
        } else {
            Err(format!(
                "\"reference \\\"{}\\\" resolves to more than one schema\"",
                crate::text::clip(&full, 80)
            ))
        }
    }
}

/// Ajv's `normalizeId`: without a trailing `#` or `#/`.
fn normalize_id(id: &str) -> String {
    id.strip_suffix("#/")
        .or_else(|| id.strip_suffix('#'))
        .unwrap_or(id)
        .to_string()
}

/// `r` resolved against the base id `base` (none: `r` as it is).
fn resolve_id(base: &str, r: &str) -> String {
    if base.is_empty() {
        r.to_string()
    } else if r.starts_with('#') {
        format!("{}{r}", base.split('#').next().unwrap_or(base))
    } else {
        crate::urls::join(base, r)
    }
}

struct Walk<'a> {
    root: &'a Value,
    /// Every `$id` in the document.
    ids: Vec<&'a str>,
    /// Every `$anchor` and `$dynamicAnchor` name in it.
    anchors: Vec<&'a str>,
    /// Whether a `$id` stands below the root: a `$ref` then resolves
    /// against it, which mcpctl does not follow.
    nested_ids: bool,
    seen: HashSet<*const Value>,
}

/// The value types Ajv requires of a keyword's value (`schemaType`, from
/// ajv 8's draft-07 vocabularies).
const KEYWORD_TYPES: &[(&str, &[&str])] = &[
    ("maximum", &["number"]),
    ("minimum", &["number"]),
    ("exclusiveMaximum", &["number"]),
    ("exclusiveMinimum", &["number"]),
    ("multipleOf", &["number"]),
    ("maxLength", &["number"]),
    ("minLength", &["number"]),
    ("maxItems", &["number"]),
    ("minItems", &["number"]),
    ("maxProperties", &["number"]),
    ("minProperties", &["number"]),
    ("pattern", &["string"]),
    ("format", &["string"]),
    ("required", &["array"]),
    ("enum", &["array"]),
    ("uniqueItems", &["boolean"]),
    ("properties", &["object"]),
    ("patternProperties", &["object"]),
    ("dependencies", &["object"]),
    ("items", &["object", "array", "boolean"]),
    ("additionalItems", &["boolean", "object"]),
    ("additionalProperties", &["boolean", "object"]),
    ("contains", &["object", "boolean"]),
    ("propertyNames", &["object", "boolean"]),
    ("not", &["object", "boolean"]),
    ("if", &["object", "boolean"]),
    ("then", &["object", "boolean"]),
    ("else", &["object", "boolean"]),
    ("allOf", &["array"]),
    ("anyOf", &["array"]),
    ("oneOf", &["array"]),
    ("$ref", &["string"]),
    ("nullable", &["boolean"]),
    ("formatMaximum", &["string"]),
    ("formatMinimum", &["string"]),
    ("formatExclusiveMaximum", &["string"]),
    ("formatExclusiveMinimum", &["string"]),
];

/// ajv-formats' comparison keywords (the SDK adds them with the formats).
const FORMAT_LIMITS: &[&str] = &[
    "formatMaximum",
    "formatMinimum",
    "formatExclusiveMaximum",
    "formatExclusiveMinimum",
];

/// The formats ajv-formats 3 knows, and of those the ones it can compare.
const FORMATS: &[&str] = &[
    "date",
    "time",
    "date-time",
    "iso-time",
    "iso-date-time",
    "duration",
    "uri",
    "uri-reference",
    "uri-template",
    "url",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "regex",
    "uuid",
    "json-pointer",
    "json-pointer-uri-fragment",
    "relative-json-pointer",
    "byte",
    "int32",
    "int64",
    "float",
    "double",
    "password",
    "binary",
];
const COMPARABLE: &[&str] = &["date", "time", "date-time", "iso-time", "iso-date-time"];

const JSON_TYPES: &[&str] = &[
    "null", "boolean", "object", "array", "number", "integer", "string",
];

fn is_type(v: &Value, t: &str) -> bool {
    match t {
        "number" => v.is_number(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

impl<'a> Walk<'a> {
    fn schema(&mut self, s: &'a Value, at: &str, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        let o = match s {
            Value::Bool(_) => return Ok(()),
            // Ajv compiles no subschema without a keyword that has code
            // (`{}`, `{"title": ...}`, even one with a bad `$id`)
            Value::Object(_) if depth > 0 && always_valid(s) => return Ok(()),
            Value::Object(o) => o,
            // Ajv takes a subschema with no keys of its own as always valid
            _ => return Ok(()),
        };
        if !self.seen.insert(s as *const Value) {
            return Ok(());
        }
        self.keywords(o, at, depth)
    }

    fn keywords(
        &mut self,
        o: &'a Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Result<(), String> {
        // a falsy `$id` (null, false, 0) Ajv skips; another non-string
        // it cannot read
        let falsy =
            |v: &Value| matches!(v, Value::Null | Value::Bool(false)) || v.as_f64() == Some(0.0);
        if let Some(id) = o.get("$id").filter(|id| !id.is_string() && !falsy(id)) {
            return Err(format!(
                "{at}/$id is {}, not a string: \"id.replace is not a function\"",
                json_kind(id)
            ));
        }
        if o.contains_key("id") {
            return Err(format!(
                "{at} has draft-04's \"id\": \"NOT SUPPORTED: keyword \\\"id\\\", use \\\"$id\\\" for \
schema ID\""
            ));
        }
        if let Some(kw) = FORMAT_LIMITS
            .iter()
            .find(|k| o.get(**k).is_some_and(Value::is_string))
        {
            match o.get("format").and_then(Value::as_str) {
                None if o.get("format").is_none_or(Value::is_string) => {
                    return Err(format!(
                        "{at}/{kw} has no \"format\" beside it: \"parent schema must have \
dependencies of {kw}: format\""
                    ));
                }
                Some(f) if FORMATS.contains(&f) && !COMPARABLE.contains(&f) => {
                    return Err(format!(
                        "{at}/{kw}: \"format \\\"{f}\\\" does not define \\\"compare\\\" \
function\""
                    ));
                }
                _ => {}
            }
        }
        if let Some(t) = o.get("type") {
            let names: Vec<&Value> = match t {
                Value::Array(items) => items.iter().collect(),
                // a bare "" is falsy to Ajv: no type at all
                Value::String(s) if s.is_empty() => Vec::new(),
                one => vec![one],
            };
            if let Some(bad) = names
                .iter()
                .find(|n| n.as_str().is_none_or(|n| !JSON_TYPES.contains(&n)))
            {
                return Err(format!(
                    "{}/type names {}, no JSON type: \"type must be JSONType or JSONType[]\"",
                    at,
                    crate::text::clip(&bad.to_string(), 60)
                ));
            }
        }
        // OpenAPI's `nullable` (Ajv knows it): it adds "null" to `type`,
        // and there must be one
        if o.get("nullable").is_some_and(Value::is_boolean)
            && o.get("type").is_none_or(|t| t.as_str() == Some(""))
        {
            return Err(format!(
                "{at} has \"nullable\" and no type: \"'nullable' cannot be used without 'type'\""
            ));
        }
        let null_typed = |t: &Value| match t {
            Value::String(s) => s == "null",
            Value::Array(ts) => ts.iter().any(|t| t == "null"),
            _ => false,
        };
        if o.get("nullable") == Some(&Value::Bool(false)) && o.get("type").is_some_and(null_typed) {
            return Err(format!(
                "{at} has \"nullable\": false and a null type: \"type: null contradicts \
nullable: false\""
            ));
        }
        if o.get("enum")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            return Err(format!(
                "{at}/enum is empty: \"enum must have non-empty array\""
            ));
        }
        for (kw, types) in KEYWORD_TYPES {
            if let Some(v) = o.get(*kw)
                && !types.iter().any(|t| is_type(v, t))
            {
                return Err(format!(
                    "{at}/{kw} is {}: \"{kw} value must be {}\"",
                    json_kind(v),
                    serde_json::to_string(types).unwrap_or_default()
                ));
            }
        }
        if let Some(Value::String(p)) = o.get("pattern")
            && let Err(why) = js_regex(p)
        {
            return Err(format!(
                "{at}/pattern is no JavaScript regular expression: {why}"
            ));
        }
        if let Some(Value::Object(pp)) = o.get("patternProperties")
            && patterns_compiled(o, pp)
        {
            for (p, _) in pp {
                if let Err(why) = js_regex(p) {
                    return Err(format!(
                        "{at}/patternProperties has a key that is no JavaScript regular \
expression: {why}"
                    ));
                }
            }
        }
        if let Some(Value::String(r)) = o.get("$ref") {
            let target = self.resolve(r).map_err(|why| format!("{at}/$ref: {why}"))?;
            if let Some(t) = target {
                self.schema(t, &format!("{at}/$ref"), depth + 1)?;
            }
        }
        // Ajv ignores `if` without `then` or `else`, `then` and `else`
        // without `if`, and `additionalItems` unless `items` is a list
        let has = |k: &str| o.contains_key(k);
        let branch = |k: &str| o.get(k).is_some_and(|b| !always_valid(b));
        let conditional = has("if") && (branch("then") || branch("else"));
        for kw in [
            "additionalItems",
            "additionalProperties",
            "contains",
            "propertyNames",
            "not",
            "if",
            "then",
            "else",
        ] {
            let compiled = match kw {
                "if" | "then" | "else" => conditional,
                "additionalItems" => o.get("items").is_some_and(Value::is_array),
                _ => true,
            };
            if compiled && let Some(sub) = o.get(kw) {
                self.schema(sub, &format!("{at}/{kw}"), depth + 1)?;
            }
        }
        match o.get("items") {
            Some(Value::Array(items)) => self.each(items, &format!("{at}/items"), depth)?,
            Some(sub) => self.schema(sub, &format!("{at}/items"), depth + 1)?,
            None => {}
        }
        for kw in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(items)) = o.get(kw) {
                // an anyOf one of whose branches always passes needs none
                if kw == "anyOf" && items.iter().any(always_valid) {
                    continue;
                }
                self.each(items, &format!("{at}/{kw}"), depth)?;
            }
        }
        for kw in ["properties", "patternProperties"] {
            if let Some(Value::Object(m)) = o.get(kw) {
                for (k, sub) in m {
                    self.schema(sub, &format!("{at}/{kw}/{}", pointer_word(k)), depth + 1)?;
                }
            }
        }
        if let Some(Value::Object(m)) = o.get("dependencies") {
            for (k, sub) in m {
                if !sub.is_array() {
                    self.schema(
                        sub,
                        &format!("{at}/dependencies/{}", pointer_word(k)),
                        depth + 1,
                    )?;
                }
            }
        }
        Ok(())
    }

    fn each(&mut self, items: &'a [Value], at: &str, depth: usize) -> Result<(), String> {
        for (i, sub) in items.iter().enumerate() {
            self.schema(sub, &format!("{at}/{i}"), depth + 1)?;
        }
        Ok(())
    }

    /// What `$ref` `r` reaches: `Ok(Some)` a subschema to compile too,
    /// `Ok(None)` nothing mcpctl follows (judged fine), `Err` Ajv's
    /// "can't resolve reference".
    fn resolve(&self, r: &str) -> Result<Option<&'a Value>, String> {
        let missing = || {
            Err(format!(
                "\"can't resolve reference {}\"",
                crate::text::clip(r, 80)
            ))
        };
        let b = r.as_bytes();
        if (0..b.len()).any(|i| {
            b[i] == b'%'
                && !b
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
        }) {
            return Err("\"URI contains malformed percent-encoding.\"".to_string());
        }
        if self.nested_ids {
            return Ok(None);
        }
        let (doc, fragment) = r.split_once('#').unwrap_or((r, ""));
        let without_fragment = |id: &'a str| id.split('#').next().unwrap_or(id);
        let root_id = self
            .root
            .get("$id")
            .and_then(Value::as_str)
            .map(without_fragment)
            .filter(|id| !id.is_empty());
        // a reference to the schema itself by its `$id` (`./s.json#/x`
        // beside `"$id": ".../s.json"`) is a local one
        let to_root = !doc.is_empty()
            && root_id.is_some_and(|base| {
                let doc = doc.strip_prefix("./").unwrap_or(doc);
                crate::urls::join(base, doc) == base || doc == base
            });
        if !doc.is_empty() && !to_root {
            // another document: one of this schema's `$id`s, or the
            // draft-07 meta-schema Ajv holds (by that very URI); nothing
            // is fetched
            let meta = doc.trim_end_matches('/') == "http://json-schema.org/draft-07/schema";
            let own = self.ids.iter().any(|id| {
                let id = without_fragment(id);
                id == doc || id.ends_with(&format!("/{doc}"))
            });
            // relative to an `$id` with dot segments mcpctl does not
            // resolve: not judged
            let unsure = root_id.is_some() && doc.contains("..");
            return if meta || own || unsure {
                Ok(None)
            } else {
                missing()
            };
        }
        // `#` and `#/` both name the whole schema to Ajv
        if fragment.is_empty() || fragment == "/" {
            return Ok(Some(self.root));
        }
        if !fragment.starts_with('/') {
            // a plain-name fragment: an `$id` of `#name` (draft-07
            // anchors) or 2020-12's `$anchor`/`$dynamicAnchor`, which Ajv
            // registers the same way
            let anchor = format!("#{fragment}");
            return if self.ids.contains(&anchor.as_str()) || self.anchors.contains(&fragment) {
                Ok(None)
            } else {
                missing()
            };
        }
        let mut node = self.root;
        for word in fragment[1..].split('/') {
            let word = crate::urls::percent_decode(word)
                .replace("~1", "/")
                .replace("~0", "~");
            node = match node {
                Value::Object(m) => match m.get(&word) {
                    Some(n) => n,
                    None => return missing(),
                },
                Value::Array(a) => match word.parse::<usize>().ok().and_then(|i| a.get(i)) {
                    Some(n) => n,
                    None => return missing(),
                },
                _ => return missing(),
            };
        }
        Ok(Some(node))
    }
}

fn pointer_word(k: &str) -> String {
    k.replace('~', "~0").replace('/', "~1")
}

/// Whether Ajv compiles the patterns of `patternProperties` `pp` in the
/// schema `o`: not when every one of its schemas is always valid (`true`,
/// `{}`, annotations only) and no `additionalProperties` asks which
/// properties the patterns match.
fn patterns_compiled(o: &Map<String, Value>, pp: &Map<String, Value>) -> bool {
    !pp.values().all(always_valid)
        || o.get("additionalProperties")
            .is_some_and(|a| !always_valid(a))
}

/// A schema Ajv takes as always valid: `true`, or one without a keyword
/// that has code in its draft-07 vocabularies (annotations such as
/// `title` and `default`, `$id`, `definitions` and unknown keywords
/// have none; `$comment` has).
fn always_valid(s: &Value) -> bool {
    const RULES: &[&str] = &[
        "type",
        "enum",
        "const",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "format",
        "maxItems",
        "minItems",
        "uniqueItems",
        "contains",
        "maxProperties",
        "minProperties",
        "required",
        "dependencies",
        "propertyNames",
        "properties",
        "patternProperties",
        "additionalProperties",
        "items",
        "additionalItems",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "$ref",
        "$comment",
        "nullable",
        "id",
        "formatMaximum",
        "formatMinimum",
        "formatExclusiveMaximum",
        "formatExclusiveMinimum",
    ];
    match s {
        Value::Bool(b) => *b,
        Value::Object(m) => !m.keys().any(|k| RULES.contains(&k.as_str())),
        _ => true,
    }
}

/// Every `$id` string in the document (in subschemas and, harmlessly, in
/// values that only look like them).
fn collect_ids<'a>(v: &'a Value, out: &mut Vec<&'a str>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Object(m) => {
            if let Some(Value::String(id)) = m.get("$id") {
                out.push(id);
            }

            for sub in m.values() {
                collect_ids(sub, out, depth + 1);
            }
        }
        Value::Array(a) => a.iter().for_each(|sub| collect_ids(sub, out, depth + 1)),
        _ => {}
    }
}

/// Whether `p` compiles as `new RegExp(p, "u")` does in JavaScript: the
/// syntax errors regular expressions written for Python, Go or PCRE meet
/// there, with V8's words. Not a full ECMAScript parser: what it does not
/// know it lets pass.
pub fn js_regex(p: &str) -> Result<(), &'static str> {
    // a group's look-ahead scans are linear each: a pattern a server made
    // huge on purpose is not judged rather than judged in quadratic time
    if p.len() > MAX_PATTERN {
        return Ok(());
    }
    let chars: Vec<char> = p.chars().collect();
    let alternatives = chars.contains(&'|');
    let groups = chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            c == '('
                && !escaped_at(&chars, i)
                && (chars.get(i + 1) != Some(&'?')
                    || (chars.get(i + 2) == Some(&'<')
                        && !matches!(chars.get(i + 3), Some('=' | '!'))))
        })
        .count();
    let named = chars.windows(3).any(|w| w == ['(', '?', '<']);
    // the open groups, each whether it is a lookaround; capture names
    let mut open: Vec<bool> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    // whether a quantifier may follow: after an atom
    let mut atom = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                // `\b` and `\B` are assertions: nothing to repeat
                atom = !matches!(chars.get(i + 1), Some('b' | 'B'));
                i += escape(&chars, i, groups, named)?;
                continue;
            }
            '[' => {
                i += class(&chars, i)?;
                atom = true;
                continue;
            }
            '(' => {
                if chars.get(i + 1) == Some(&'?') {
                    let rest: String = chars[i + 2..].iter().take(3).collect();
                    // `(?i:...)`: modifiers, which the app's newer V8 takes
                    // (flags first, then `:`: a scan of the flags alone,
                    // so the whole pattern stays one pass)
                    let flags = chars[i + 2..]
                        .iter()
                        .take_while(|c| matches!(c, 'i' | 'm' | 's' | '-'))
                        .count();
                    let modifiers = flags > 0 && chars.get(i + 2 + flags) == Some(&':');
                    let ok = modifiers
                        || rest.starts_with(':')
                        || rest.starts_with('=')
                        || rest.starts_with('!')
                        || rest.starts_with("<=")
                        || rest.starts_with("<!")
                        || (rest.starts_with('<')
                            && rest[1..]
                                .starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '$'));
                    if !ok {
                        return Err("Invalid group");
                    }
                }
                // a lookaround is an assertion: nothing to repeat after it
                let assertion = chars.get(i + 1) == Some(&'?')
                    && (matches!(chars.get(i + 2), Some('=' | '!'))
                        || (chars.get(i + 2) == Some(&'<')
                            && matches!(chars.get(i + 3), Some('=' | '!'))));
                let len = group_prefix(&chars, i);
                if chars.get(i + 2) == Some(&'<') && !assertion {
                    let name: String = chars
                        .get(i + 3..(i + len).saturating_sub(1))
                        .unwrap_or_default()
                        .iter()
                        .collect();
                    // the app's newer V8 takes one name in two alternatives
                    if names.contains(&name) && !alternatives {
                        return Err("Duplicate capture group name");
                    }
                    names.push(name);
                }
                open.push(assertion);
                atom = false;
                i += len;
                continue;
            }
            ')' => {
                let Some(assertion) = open.pop() else {
                    return Err("Unmatched ')'");
                };
                atom = !assertion;
                i += 1;
                continue;
            }
            '|' => {
                atom = false;
                i += 1;
                continue;
            }
            '^' | '$' => {
                atom = false;
                i += 1;
                continue;
            }
            '*' | '+' | '?' => {
                if !atom {
                    return Err(after_assertion(&chars, i));
                }
                atom = false;
                i += 1;
                if chars.get(i) == Some(&'?') {
                    i += 1;
                }
                continue;
            }
            '{' => {
                let Some(len) = braces(&chars, i) else {
                    return Err("Lone quantifier brackets");
                };
                if !atom {
                    return Err(after_assertion(&chars, i));
                }
                atom = false;
                i += len;
                if chars.get(i) == Some(&'?') {
                    i += 1;
                }
                continue;
            }
            '}' | ']' => return Err("Lone quantifier brackets"),
            _ => {}
        }
        atom = true;
        i += 1;
    }
    if !open.is_empty() {
        return Err("Unterminated group");
    }
    Ok(())
}

/// V8's words for a quantifier at `i` with nothing to repeat: after a
/// lookaround it is an invalid quantifier.
fn after_assertion(chars: &[char], i: usize) -> &'static str {
    if i > 0 && chars[i - 1] == ')' {
        "Invalid quantifier"
    } else {
        "Nothing to repeat"
    }
}

/// The length of a group's opening: `(`, `(?:`, `(?=`, `(?!`, `(?<=`,
/// `(?<!`, `(?<name>`.
fn group_prefix(chars: &[char], i: usize) -> usize {
    if chars.get(i + 1) != Some(&'?') {
        return 1;
    }
    match (chars.get(i + 2), chars.get(i + 3)) {
        (Some('<'), Some('=' | '!')) => 4,
        (Some('<'), _) => chars[i..]
            .iter()
            .position(|&c| c == '>')
            .map_or(chars.len() - i, |p| p + 1),
        _ => 3,
    }
}

/// One member of a class: a character (its code point) or a class of
/// its own (`\d`, `\p{L}`), and its length.
fn class_atom(chars: &[char], i: usize) -> Result<(Option<u32>, usize), &'static str> {
    if chars[i] != '\\' {
        return Ok((Some(chars[i] as u32), 1));
    }
    let len = class_escape(chars, i, true)?;
    let body: String = chars[i + 1..i + len].iter().collect();
    let value = match body.chars().next() {
        Some('d' | 'D' | 'w' | 'W' | 's' | 'S' | 'p' | 'P') => None,
        Some('n') => Some(10),
        Some('t') => Some(9),
        Some('r') => Some(13),
        Some('f') => Some(12),
        Some('v') => Some(11),
        Some('b') => Some(8),
        Some('0') => Some(0),
        Some('c') => body.chars().nth(1).map(|c| c as u32 % 32),
        Some('x') => u32::from_str_radix(&body[1..], 16).ok(),
        Some('u') => u32::from_str_radix(body[1..].trim_matches(['{', '}']), 16).ok(),
        Some(c) => Some(c as u32),
        None => None,
    };
    // `\uD83D\uDE00`: with the `u` flag a surrogate pair is one character
    if let Some(high @ 0xD800..=0xDBFF) = value
        && chars.get(i + len) == Some(&'\\')
        && chars.get(i + len + 1) == Some(&'u')
        && let Ok((Some(low @ 0xDC00..=0xDFFF), 6)) = class_atom(chars, i + len)
    {
        return Ok((
            Some(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)),
            len + 6,
        ));
    }
    Ok((value, len))
}

/// The length of the class `[...]` at `i`, or why it is none: an escape
/// a class refuses, a range of a class (`[\d-z]`) or out of order.
fn class(chars: &[char], i: usize) -> Result<usize, &'static str> {
    let mut j = i + 1;
    if chars.get(j) == Some(&'^') {
        j += 1;
    }
    while j < chars.len() {
        if chars[j] == ']' {
            return Ok(j + 1 - i);
        }
        let (from, len) = class_atom(chars, j)?;
        j += len;
        if chars.get(j) == Some(&'-') && chars.get(j + 1).is_some_and(|&c| c != ']') {
            let (to, len) = class_atom(chars, j + 1)?;
            match (from, to) {
                (Some(a), Some(b)) if a > b => return Err("Range out of order in character class"),
                (Some(_), Some(_)) => {}
                _ => return Err("Invalid character class"),
            }
            j += 1 + len;
        }
    }
    Err("Unterminated character class")
}

fn escaped_at(chars: &[char], i: usize) -> bool {
    let mut n = 0;
    while i > n && chars[i - n - 1] == '\\' {
        n += 1;
    }
    n % 2 == 1
}

/// The length of a quantifier `{n}`, `{n,}`, `{n,m}` at `i`, if it is one.
fn braces(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let digits = |j: &mut usize| {
        let s = *j;
        while chars.get(*j).is_some_and(char::is_ascii_digit) {
            *j += 1;
        }
        *j > s
    };
    if !digits(&mut j) {
        return None;
    }
    if chars.get(j) == Some(&',') {
        j += 1;
        digits(&mut j);
    }
    (chars.get(j) == Some(&'}')).then_some(j + 1 - i)
}

/// The length of the escape at `i` outside a class, or why it is none.
fn escape(chars: &[char], i: usize, groups: usize, named: bool) -> Result<usize, &'static str> {
    let Some(&c) = chars.get(i + 1) else {
        return Err("\\ at end of pattern");
    };
    match c {
        '1'..='9' => {
            let digits: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if digits.parse::<usize>().is_ok_and(|n| n <= groups) {
                Ok(1 + digits.len())
            } else {
                Err("Invalid escape")
            }
        }
        'k' => {
            if !named || chars.get(i + 2) != Some(&'<') {
                return Err("Invalid named reference");
            }
            Ok(2)
        }
        'b' | 'B' => Ok(2),
        _ => class_escape(chars, i, false).map_err(|e| {
            if e == "Invalid class escape" {
                "Invalid escape"
            } else {
                e
            }
        }),
    }
}

/// The length of an escape valid both in and out of a class.
fn class_escape(chars: &[char], i: usize, in_class: bool) -> Result<usize, &'static str> {
    let Some(&c) = chars.get(i + 1) else {
        return Err("\\ at end of pattern");
    };
    let hex = |from: usize, n: usize| {
        (from..from + n).all(|j| chars.get(j).is_some_and(char::is_ascii_hexdigit))
    };
    match c {
        'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'f' | 'n' | 'r' | 't' | 'v' => Ok(2),
        '0' => {
            if chars.get(i + 2).is_some_and(char::is_ascii_digit) {
                Err("Invalid decimal escape")
            } else {
                Ok(2)
            }
        }
        '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
        | '/' => Ok(2),
        // only in a class (`[\-]`, `[\b]`); outside, [`escape`] takes `b`
        '-' | 'b' if in_class => Ok(2),
        'c' => {
            if chars.get(i + 2).is_some_and(char::is_ascii_alphabetic) {
                Ok(3)
            } else {
                Err("Invalid unicode escape")
            }
        }
        'x' => {
            if hex(i + 2, 2) {
                Ok(4)
            } else {
                Err("Invalid escape")
            }
        }
        'u' => {
            if chars.get(i + 2) == Some(&'{') {
                let len = chars[i + 3..]
                    .iter()
                    .take_while(|c| c.is_ascii_hexdigit())
                    .count();
                if len > 0 && chars.get(i + 3 + len) == Some(&'}') {
                    Ok(4 + len)
                } else {
                    Err("Invalid Unicode escape")
                }
            } else if hex(i + 2, 4) {
                Ok(6)
            } else {
                Err("Invalid Unicode escape")
            }
        }
        'p' | 'P' => {
            if chars.get(i + 2) != Some(&'{') {
                return Err("Invalid property name");
            }
            let len = chars[i + 3..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '='))
                .count();
            if len > 0 && chars.get(i + 3 + len) == Some(&'}') {
                Ok(4 + len)
            } else {
                Err("Invalid property name")
            }
        }
        _ => Err("Invalid class escape"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `scripts/sdk-compiles.js` on each schema: whether the SDK's client
    /// compiles it (`None`) or what it throws.
    const SDK: &[(&str, Option<&str>)] = &[
        // @modelcontextprotocol/sdk 1.32.2
        ("{\"type\":\"object\"}", None),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/$defs/missing\"}}}",
            Some("can't resolve reference #/$defs/missing from id #"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/$defs/a\"}},\"$defs\":{\"a\":{\"type\":\"string\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/definitions/a\"}},\"definitions\":{\"a\":{\"type\":\"string\",\"pattern\":\"^\\\\d+\\\\Z\"}}}",
            Some("Invalid regular expression: /^\\d+\\Z/u: Invalid escape"),
        ),
        (
            "{\"type\":\"object\",\"definitions\":{\"unused\":{\"type\":\"objekt\"}}}",
            None,
        ),
        (
            "{\"$id\":\"https://example.invalid/a.json\",\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"b.json\"}}}",
            Some("can't resolve reference b.json from id https://example.invalid/a.json"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"other.json#/x\"}}}",
            Some("can't resolve reference other.json#/x from id #"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"http://json-schema.org/draft-07/schema#\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"^\\\\d+\\\\Z\"}}}",
            Some("Invalid regular expression: /^\\d+\\Z/u: Invalid escape"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"(?i)^abc$\"}}}",
            Some("Invalid regular expression: /(?i)^abc$/u: Invalid group"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"(?P<name>a)\"}}}",
            Some("Invalid regular expression: /(?P<name>a)/u: Invalid group"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"(?<name>a)\\\\k<name>\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"^[a-z0-9_\\\\-]+$\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"^a\\\\-b$\"}}}",
            Some("Invalid regular expression: /^a\\-b$/u: Invalid escape"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"^\\\\p{L}+$\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"^\\\\w+@\\\\w+\\\\.com$\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"^(\\\\d{3})-(\\\\d{4})\\\\1$\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"\\\\2(a)\"}}}",
            Some("Invalid regular expression: /\\2(a)/u: Invalid escape"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"a{2,3}b{,3}\"}}}",
            Some("Invalid regular expression: /a{2,3}b{,3}/u: Incomplete quantifier"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"^[^\\\\s@]+@[^\\\\s@]+$\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"\\\\bword\\\\b\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"*a\"}}}",
            Some("Invalid regular expression: /*a/u: Nothing to repeat"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"a]\"}}}",
            Some("Invalid regular expression: /a]/u: Lone quantifier brackets"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"\\\\A\\\\d+\"}}}",
            Some("Invalid regular expression: /\\A\\d+/u: Invalid escape"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"[\\\\w.-]+\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"^\\\\/api\\\\/v1$\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"^\\\\u00e9\\\\x41\\\\u{1F600}$\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"(?=a)b(?!c)(?<=d)(?<!e)\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"a\\\\_b\"}}}",
            Some("Invalid regular expression: /a\\_b/u: Invalid escape"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\",\"minimum\":0,\"exclusiveMinimum\":true}}}",
            Some("exclusiveMinimum value must be [\"number\"]"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"objekt\"}}}",
            Some("type must be JSONType or JSONType[]: objekt"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":[\"string\",\"null\"]}}}",
            None,
        ),
        ("{\"type\":\"object\",\"properties\":{\"x\":5}}", None),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"items\":[{\"type\":\"number\"}]}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"prefixItems\":[{\"type\":\"number\"}],\"unevaluatedProperties\":false}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"enum\":\"a\"}}}",
            Some("enum value must be [\"array\"]"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"required\":\"a\"}}}",
            Some("required value must be [\"array\"]"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"format\":5}}}",
            Some("format value must be [\"string\"]"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"format\":\"date-time\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"^(?i)x$\":{\"type\":\"string\"}}}",
            Some("Invalid regular expression: /^(?i)x$/u: Invalid group"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/properties/y\"},\"y\":{\"type\":\"string\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#foo\"}}}",
            Some("can't resolve reference #foo from id #"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#foo\"}},\"definitions\":{\"f\":{\"$id\":\"#foo\",\"type\":\"string\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"nul\"}]}}}",
            Some("type must be JSONType or JSONType[]: nul"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"minLength\":\"3\"}}}",
            Some("minLength value must be [\"number\"]"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"maxLength\":null}}}",
            Some("maxLength value must be [\"number\"]"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"array\",\"uniqueItems\":\"yes\"}}}",
            Some("uniqueItems value must be [\"boolean\"]"),
        ),
        (
            "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"strin\"}}",
            Some("type must be JSONType or JSONType[]: strin"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a~b\":{\"type\":\"string\"},\"x\":{\"$ref\":\"#/properties/a~0b\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a b\":{\"type\":\"string\"},\"x\":{\"$ref\":\"#/properties/a%20b\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"dependencies\":{\"a\":[\"b\"],\"c\":{\"type\":\"objekt\"}}}",
            Some("type must be JSONType or JSONType[]: objekt"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"[z-a]\"}}}",
            Some("Invalid regular expression: /[z-a]/u: Range out of order in character class"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"a{\"}}}",
            Some("Invalid regular expression: /a{/u: Incomplete quantifier"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"\\\\0\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"\\\\cJ\\\\t\\\\n\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"a**\"}}}",
            Some("Invalid regular expression: /a**/u: Nothing to repeat"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"a+?b*?\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"[\\\\d-z]\"}}}",
            Some("Invalid regular expression: /[\\d-z]/u: Invalid character class"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"^\\\\$\\\\d+(\\\\.\\\\d{2})?$\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"(?=a)*b\"}}}",
            Some("Invalid regular expression: /(?=a)*b/u: Invalid quantifier"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"(?<n>a)(?<n>b)\"}}}",
            Some("Invalid regular expression: /(?<n>a)(?<n>b)/u: Duplicate capture group name"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"(?<\"}}}",
            Some("Invalid regular expression: /(?</u: Invalid capture group name"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"(?<a\"}}}",
            Some("Invalid regular expression: /(?<a/u: Invalid capture group name"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"[\\\\u0041-\\\\u005A]+\\\\p{Script=Greek}\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"é{2}ü\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"if\":{\"pattern\":\"(?i)x\"}}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"then\":{\"pattern\":\"(?i)x\"}}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"else\":{\"type\":\"objekt\"}}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"if\":{\"type\":\"string\"},\"then\":{\"pattern\":\"(?i)x\"}}}}",
            Some("Invalid regular expression: /(?i)x/u: Invalid group"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"not\":{\"if\":{\"type\":\"bogus\"}}}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"additionalItems\":{\"pattern\":\"\\\\Z\"}}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"items\":{},\"additionalItems\":{\"pattern\":\"\\\\Z\"}}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"items\":[{}],\"additionalItems\":{\"pattern\":\"\\\\Z\"}}}}",
            Some("Invalid regular expression: /\\Z/u: Invalid escape"),
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":true}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{}},\"additionalProperties\":false}",
            Some("Invalid regular expression: /(?i)x/u: Invalid group"),
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"type\":\"string\"}}}",
            Some("Invalid regular expression: /(?i)x/u: Invalid group"),
        ),
        (
            "{\"$id\":\"https://x.invalid/a/s.json\",\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"./s.json#/definitions/b\"}},\"definitions\":{\"b\":{\"type\":\"string\"}}}",
            None,
        ),
        (
            "{\"$id\":\"https://x.invalid/a/s.json\",\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"s.json#/definitions/nope\"}}}",
            Some(
                "can't resolve reference s.json#/definitions/nope from id https://x.invalid/a/s.json",
            ),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"string\",\"\"]}}}",
            Some("type must be JSONType or JSONType[]: string,"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"[\\\\uD83D\\\\uDE00-\\\\uD83D\\\\uDE4F]\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"nullable\":true}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/definitions/X\",\"nullable\":true}},\"definitions\":{\"X\":{\"type\":\"string\"}}}",
            Some("\"nullable\" cannot be used without \"type\""),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"anyOf\":[{\"type\":\"string\"}],\"nullable\":true}}}",
            Some("\"nullable\" cannot be used without \"type\""),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"nullable\":\"yes\"}}}",
            Some("nullable value must be [\"boolean\"]"),
        ),
        (
            "{\"$id\":5,\"type\":\"object\"}",
            Some("id.replace is not a function"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"enum\":[]}}}",
            Some("enum must have non-empty array"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://json-schema.org/draft-07/schema#\"}}}",
            Some("can't resolve reference https://json-schema.org/draft-07/schema# from id #"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"http://json-schema.org/draft-07/schema#\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"description\":\"c\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"title\":\"c\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"example\":\"c\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"$comment\":\"c\"}}}",
            Some("Invalid regular expression: /(?i)x/u: Invalid group"),
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"default\":1}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"examples\":[1]}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"readOnly\":true}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"deprecated\":true}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"contentMediaType\":\"x\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"x-foo\":1}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"$id\":\"#a\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"patternProperties\":{\"(?i)x\":{\"definitions\":{}}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$id\":null,\"type\":\"string\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$id\":false,\"type\":\"string\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$id\":0,\"type\":\"string\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$id\":true,\"type\":\"string\"}}}",
            Some("id.replace is not a function"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$id\":{},\"type\":\"string\"}}}",
            Some("id.replace is not a function"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"nullable\":false}}}",
            Some("\"nullable\" cannot be used without \"type\""),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"nullable\":false,\"type\":[\"string\",\"null\"]}}}",
            Some("type: null contradicts nullable: false"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"nullable\":true,\"type\":[\"string\",\"null\"]}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"nullable\":false,\"type\":\"string\"}}}",
            None,
        ),
        // 2020-12 anchors, always-valid branches, draft-04's id, ajv-formats'
        // limits, what getSchemaRefs throws on (found by a regression hunt)
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#addr\"}},\"$defs\":{\"A\":{\"$anchor\":\"addr\",\"type\":\"string\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#node\"}},\"$defs\":{\"A\":{\"$dynamicAnchor\":\"node\",\"type\":\"string\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#nope\"}},\"$defs\":{\"A\":{\"$anchor\":\"addr\",\"type\":\"string\"}}}",
            Some("can't resolve reference #nope from id #"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"anyOf\":[{},{\"type\":\"string\",\"pattern\":\"(?i)^x$\"}]}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"anyOf\":[true,{\"$ref\":\"#/definitions/missing\"}]}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"anyOf\":[{\"title\":\"Any\"},{\"type\":\"strnig\"}]}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"oneOf\":[{},{\"type\":\"strnig\"}]}}}",
            Some("type must be JSONType or JSONType[]: strnig"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"allOf\":[{},{\"type\":\"strnig\"}]}}}",
            Some("type must be JSONType or JSONType[]: strnig"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"if\":{\"type\":\"string\",\"pattern\":\"\\\\Z\"},\"then\":{}}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"if\":{\"type\":\"string\",\"pattern\":\"\\\\Z\"},\"then\":{\"title\":\"x\"},\"else\":true}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"if\":{\"type\":\"string\",\"pattern\":\"\\\\Z\"},\"then\":{\"type\":\"string\"}}}}",
            Some("Invalid regular expression: /\\Z/u: Invalid escape"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$id\":5,\"title\":\"x\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$id\":5,\"type\":\"string\"}}}",
            Some("id.replace is not a function"),
        ),
        (
            "{\"type\":\"object\",\"id\":\"http://x/a.json\",\"properties\":{}}",
            Some("NOT SUPPORTED: keyword \"id\", use \"$id\" for schema ID"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"id\":\"x\",\"type\":\"string\"}}}",
            Some("NOT SUPPORTED: keyword \"id\", use \"$id\" for schema ID"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"id\":\"x\",\"title\":\"t\"}}}",
            Some("NOT SUPPORTED: keyword \"id\", use \"$id\" for schema ID"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"formatMaximum\":\"2020-01-01\"}}}",
            Some("parent schema must have dependencies of formatMaximum: format"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"email\",\"formatMaximum\":\"x\"}}}",
            Some("\"formatMaximum\": format \"email\" does not define \"compare\" function"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"date\",\"formatMaximum\":\"2020-01-01\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"$defs\":{\"x\":{\"$anchor\":\"bad anchor\"}}}",
            Some("invalid anchor \"bad anchor\""),
        ),
        (
            "{\"type\":\"object\",\"$defs\":{\"x\":{\"$anchor\":\"good\"},\"y\":{\"$anchor\":\"good\"}}}",
            Some("reference \"#good\" resolves to more than one schema"),
        ),
        (
            "{\"type\":\"object\",\"$defs\":{\"x\":{\"$id\":\"http://x/y.json\",\"type\":\"string\"},\"y\":{\"$id\":\"http://x/y.json\",\"type\":\"number\"}}}",
            Some("reference \"http://x/y.json\" resolves to more than one schema"),
        ),
        (
            "{\"type\":\"object\",\"$defs\":{\"x\":{\"$id\":\"http://x/y.json\",\"type\":\"string\"},\"y\":{\"$id\":\"http://x/y.json\",\"type\":\"string\"}}}",
            Some("reference \"http://x/y.json\" resolves to more than one schema"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/definitions/50%\"}},\"definitions\":{\"50%\":{\"type\":\"string\"}}}",
            Some("URI contains malformed percent-encoding."),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/definitions/50%25\"}},\"definitions\":{\"50%\":{\"type\":\"string\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"x-extra\":{\"$anchor\":\"bad anchor\"}}",
            Some("invalid anchor \"bad anchor\""),
        ),
        (
            "{\"type\":\"object\",\"enum\":[{\"$anchor\":\"bad anchor\"}]}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"strnig\"}]}}}",
            Some("type must be JSONType or JSONType[]: strnig"),
        ),
        (
            "{\"$id\":\"http://x/root.json\",\"type\":\"object\",\"$defs\":{\"x\":{\"$id\":\"y.json\"},\"z\":{\"$id\":\"http://x/y.json\"}}}",
            Some("reference \"http://x/y.json\" resolves to more than one schema"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"foo\",\"formatMaximum\":\"x\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"time\",\"formatMinimum\":\"10:00:00Z\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"date-time\",\"formatExclusiveMinimum\":\"x\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"iso-date-time\",\"formatExclusiveMaximum\":\"x\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"iso-time\",\"formatMaximum\":\"x\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"uri\",\"formatMaximum\":\"x\"}}}",
            Some("\"formatMaximum\": format \"uri\" does not define \"compare\" function"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"date\",\"formatMaximum\":5}}}",
            Some("formatMaximum value must be [\"string\"]"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":5,\"formatMaximum\":\"x\"}}}",
            Some("format value must be [\"string\"]"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"format\":\"date\",\"formatMaximum\":\"2020\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"id\":5}}}",
            Some("NOT SUPPORTED: keyword \"id\", use \"$id\" for schema ID"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"id\":\"\"}}}",
            Some("NOT SUPPORTED: keyword \"id\", use \"$id\" for schema ID"),
        ),
        (
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"id\":null}}}",
            Some("NOT SUPPORTED: keyword \"id\", use \"$id\" for schema ID"),
        ),
        (
            "{\"$id\":\"http://x/root.json#\",\"type\":\"object\",\"$defs\":{\"x\":{\"$anchor\":\"a\"}},\"properties\":{\"p\":{\"$ref\":\"#a\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"$defs\":{\"x\":{\"$anchor\":\"a\",\"type\":\"string\"},\"y\":{\"$anchor\":\"a\",\"type\":\"string\"}}}",
            Some("reference \"#a\" resolves to more than one schema"),
        ),
        (
            "{\"type\":\"object\",\"$defs\":{\"x\":{\"$anchor\":\"a1\"}},\"properties\":{\"p\":{\"$ref\":\"#a1\"}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"$defs\":{\"x\":{\"$anchor\":5}}}",
            None,
        ),
        (
            "{\"type\":\"object\",\"$defs\":{\"x\":{\"$anchor\":\"-a\"}}}",
            Some("invalid anchor \"-a\""),
        ),
        (
            "{\"type\":\"object\",\"$defs\":{\"x\":{\"$anchor\":\"a:b\"}}}",
            Some("invalid anchor \"a:b\""),
        ),
        // a subschema with the root's own $id
        (
            "{\"type\":\"object\",\"$id\":\"http://x.example/a\",\"properties\":{\"b\":{\"$id\":\"http://x.example/a\",\"type\":\"string\"}}}",
            Some("schema with key or id \"http://x.example/a\" already exists"),
        ),
        (
            "{\"type\":\"object\",\"$id\":\"http://x.example/a\",\"properties\":{\"b\":{\"$id\":\"a\",\"type\":\"string\"}}}",
            Some("schema with key or id \"http://x.example/a\" already exists"),
        ),
        (
            "{\"type\":\"object\",\"$id\":\"http://x.example/a\",\"$defs\":{\"b\":{\"$id\":\"http://x.example/a#\",\"type\":\"string\"}}}",
            Some("schema with key or id \"http://x.example/a\" already exists"),
        ),
        (
            "{\"type\":\"object\",\"$id\":\"http://x.example/a\",\"properties\":{\"b\":{\"$id\":\"http://x.example/b\",\"type\":\"string\"}}}",
            None,
        ),
    ];

    /// What a server may send to slow the judge: a long pattern is not
    /// judged at all, and a pattern under the bound is read in one pass
    /// (`(?i:` repeated made the flag scan quadratic).
    #[test]
    fn hostile_patterns_stay_bounded() {
        assert_eq!(js_regex(&"\\Z".repeat(MAX_PATTERN)), Ok(()));
        let groups = format!("{}x{}", "(?i:".repeat(1000), ")".repeat(1000));
        assert_eq!(js_regex(&groups), Ok(()));
        assert_eq!(js_regex(&"(?<a".repeat(1000)), Err("Unterminated group"));
    }

    #[test]
    fn the_sdk_client_compiles_exactly_what_it_compiles() {
        let mut wrong = Vec::new();
        for (schema, sdk) in SDK {
            let v: Value = serde_json::from_str(schema).unwrap();
            let ours = compile_error(&v);
            if ours.is_some() != sdk.is_some() {
                wrong.push(format!("{schema}\n  sdk: {sdk:?}\n  ours: {ours:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
