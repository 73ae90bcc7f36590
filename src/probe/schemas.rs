//! Tool schemas as a lane sees them, and what a server's tools cost in
//! context. Each tool's `inputSchema` and `outputSchema` is held against
//! the lane's rule for that field (`lanes::SCHEMA_RULES`): the `$schema`
//! dialect it declares, whether `inputSchema` is an object schema, and
//! whether the schema is valid against the meta-schema of its dialect
//! (checked with the `jsonschema` crate). Pure: tools in, findings out.

use serde_json::Value;

use crate::text::json_kind;

use super::lanes::{Accepts, DEFAULT_DIALECT, Dialect, Lane, SchemaField, SchemaRule, rule};

/// What is wrong with one schema of one tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// It declares a dialect the lane does not accept.
    UnsupportedDialect,
    /// It declares a `$schema` that is no known JSON Schema dialect.
    UnknownDialect,
    /// `inputSchema` is missing, or not `{"type": "object", ...}`.
    NotAnObjectSchema,
    /// It is not valid against its dialect's meta-schema.
    InvalidSchema,
}

/// One problem with one schema of one tool, in one lane.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SchemaFinding {
    pub tool: String,
    pub field: SchemaField,
    pub problem: Problem,
    /// The dialect it declares (or, declaring none, the default it is read
    /// in); `null` for an unknown `$schema`.
    pub dialect: Option<Dialect>,
    /// `$schema` as written: a string, or any other JSON value as it is
    /// (`5`: no dialect URI at all); `null` when it declares none.
    pub declared: Option<Value>,
    /// The lane refuses the tool for it; `false`: reported, not refused.
    pub refused: bool,
    /// One line; what the app says, when it says something.
    pub message: String,
}

/// Why the MCP TypeScript SDK's client would reject a `tools/list` result
/// whole (its `ListToolsResultSchema`, checked against
/// @modelcontextprotocol/sdk 1.32.2): the first tool that breaks it, and
/// how. One such tool and `listTools()` throws, so the app gets none of
/// the server's tools. The fields checked are those every 1.x release
/// validates the same way; a `$schema` dialect is not its concern.
pub fn client_rejects(tools: &[Value]) -> Option<Rejected> {
    // the result's shape is checked whole first; then each outputSchema
    // is compiled
    let first = |check: fn(&Value) -> Option<(String, &'static str)>| {
        tools.iter().enumerate().find_map(|(i, tool)| {
            let name = tool.get("name").and_then(Value::as_str).unwrap_or("?");
            check(tool).map(|(why, hint)| Rejected {
                why: format!("tool `{}` (tools[{i}]): {why}", short(name)),
                hint,
            })
        })
    };
    first(tool_shape).or_else(|| first(compile_shape))
}

/// Why the app's client rejects a listing whole, and how to mend it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The first tool that breaks it, and how.
    pub why: String,
    /// What to change, for that cause.
    pub hint: &'static str,
}

const SCHEMA_HINT: &str = "give every tool an inputSchema (and outputSchema, when it has one) \
with \"type\": \"object\", even one without arguments: {\"type\": \"object\", \"properties\": \
{}}; wrap a list or a union in a property of that object";
const COMPILE_HINT: &str = "the client compiles every outputSchema with Ajv (JSON Schema \
draft-07) when it lists tools: write patterns as JavaScript regular expressions (no `\\Z`, \
`(?i)` or `(?P<name>`), give keywords values of their type (`exclusiveMinimum` a number), \
write `$id`, not draft-04's `id`, and let every `$ref` point inside the schema";
const FIELD_HINT: &str = "give each tool's fields their types: `title` and `description` \
strings, `annotations` an object of a string `title` and boolean hints, `_meta` an object \
(or leave a field out)";

/// Why the MCP TypeScript SDK's client (`Client.callTool`, checked against
/// @modelcontextprotocol/sdk 1.32.2) refuses a `tools/call` result, so the
/// model gets an error instead of it: a shape its `CallToolResultSchema`
/// rejects, or, for a tool whose listing declares an `outputSchema`, no
/// `structuredContent` (unless `isError`) or one the schema rejects.
pub fn call_rejects(result: &Value, output_schema: Option<&Value>) -> Option<String> {
    if let Some(why) = call_result_shape(result) {
        return Some(why);
    }
    let schema = output_schema?;
    let is_error = result.get("isError") == Some(&Value::Bool(true));
    match result.get("structuredContent") {
        None if !is_error => {
            Some("the tool has an output schema but did not return structured content".into())
        }
        None => None,
        Some(content) => {
            // as the client's Ajv: draft-07 whatever `$schema` says (it
            // ignores `prefixItems`, reads an `items` array as a tuple),
            // with ajv-formats' formats; only those whose rules the two
            // validators share are held against the content. A schema the
            // validator cannot build is not this check's to judge.
            let mut schema = schema.clone();
            as_ajv_reads(&mut schema, 0);
            let v = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft7)
                .should_validate_formats(true)
                .with_format("date-time", ajv_date_time)
                .with_format("date", ajv_date)
                .with_format("time", ajv_time)
                .with_format("uuid", ajv_uuid)
                .with_format("ipv4", ajv_ipv4)
                .with_keyword("multipleOf", |_, value, _| {
                    Ok(Box::new(AjvMultipleOf(value.as_f64())))
                })
                // annotations to Ajv, checks to the crate's draft-07
                .with_keyword("contentEncoding", |_, _, _| Ok(Box::new(Annotation)))
                .with_keyword("contentMediaType", |_, _, _| Ok(Box::new(Annotation)))
                .with_keyword("contentSchema", |_, _, _| Ok(Box::new(Annotation)))
                .build(&schema)
                .ok()?;
            // the client's zod drops a `__proto__` key from the content
            // before Ajv sees it (it sets the prototype instead)
            let content = match content {
                Value::Object(o) if o.contains_key("__proto__") => {
                    let mut o = o.clone();
                    o.remove("__proto__");
                    std::borrow::Cow::Owned(Value::Object(o))
                }
                other => std::borrow::Cow::Borrowed(other),
            };
            let e = v.iter_errors(&content).find(|e| match e.kind() {
                jsonschema::error::ValidationErrorKind::Format { format } => {
                    SHARED_FORMATS.contains(&format.as_str())
                }
                _ => true,
            })?;
            let at = e.instance_path().to_string();
            let at = if at.is_empty() { "/".to_string() } else { at };
            Some(format!(
                "structured content does not match the tool's output schema: {} (at {at})",
                short(&e.to_string())
            ))
        }
    }
}

/// Formats judged as ajv-formats 3 (the SDK client's) judges them, by its
/// own rules written out below: a `date-time` needs its offset (a Python
/// `datetime` without a zone is refused; `+0000` and a space for the `T`
/// are fine), and UUIDs, IPv4. Other formats are not held against a result.
const SHARED_FORMATS: &[&str] = &["date-time", "date", "time", "uuid", "ipv4"];

/// Ajv's `multipleOf` (the client sets no `multipleOfPrecision`): the
/// quotient, in doubles, must be what `parseInt` reads back from it, an
/// integer below 1e21. So `19.99` is no multiple of `0.01` (the quotient
/// is 1998.9999999999998), while the jsonschema crate's own rule accepts
/// it. A value that is not a number is the compile check's to judge.
struct AjvMultipleOf(Option<f64>);

impl<'i> jsonschema::Keyword<'i> for AjvMultipleOf {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        match self.0 {
            Some(m) if !self.is_valid(instance) => Err(jsonschema::ValidationError::custom(
                format!("{instance} is not a multiple of {m} (as the client's Ajv divides)"),
            )),
            _ => Ok(()),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        match (self.0, instance.as_f64()) {
            (Some(m), Some(x)) => ajv_multiple_of(x, m),
            _ => true,
        }
    }
}

/// A keyword Ajv only records (`contentEncoding`, `contentMediaType`):
/// zod's `z.base64url()` writes one, and the client accepts any string.
struct Annotation;

impl<'i> jsonschema::Keyword<'i> for Annotation {
    fn validate(&self, _: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        Ok(())
    }

    fn is_valid(&self, _: &'i Value) -> bool {
        true
    }
}

fn ajv_multiple_of(x: f64, m: f64) -> bool {
    let q = x / m;
    m != 0.0 && q.is_finite() && q.fract() == 0.0 && q.abs() < 1e21
}

/// ajv-formats 3's `date` (full mode): `YYYY-MM-DD`, a day the month has.
fn ajv_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .and_then(|_| s[r].parse::<u32>().ok())
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    const DAYS: [u32; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&month)
        && day >= 1
        && day
            <= if month == 2 && leap {
                29
            } else {
                DAYS[month as usize]
            }
}

/// ajv-formats 3's `time` with its zone required (full mode):
/// `HH:MM:SS(.frac)` then `Z` or an offset `+HH`, `+HHMM`, `+HH:MM`; a
/// leap second only at 23:59 UTC.
fn ajv_time(s: &str) -> bool {
    let b = s.as_bytes();
    let two = |i: usize| {
        b.get(i..i + 2)
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'))
    };
    let (Some(hr), Some(min), Some(sec)) = (two(0), two(3), two(6)) else {
        return false;
    };
    if b.get(2) != Some(&b':') || b.get(5) != Some(&b':') {
        return false;
    }
    let mut i = 8;
    if b.get(i) == Some(&b'.') {
        let n = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    let (sign, tz_h, tz_m) = match b.get(i) {
        Some(b'z' | b'Z') if i + 1 == b.len() => (1i64, 0, 0),
        Some(&c @ (b'+' | b'-')) => {
            let Some(h) = two(i + 1) else { return false };
            let rest = &b[i + 3..];
            let m = match rest {
                [] => 0,
                [b':', _, _] => match two(i + 4) {
                    Some(m) => m,
                    None => return false,
                },
                [_, _] => match two(i + 3) {
                    Some(m) => m,
                    None => return false,
                },
                _ => return false,
            };
            (if c == b'-' { -1 } else { 1 }, h, m)
        }
        _ => return false,
    };
    if tz_h > 23 || tz_m > 59 {
        return false;
    }
    if hr <= 23 && min <= 59 && sec < 60 {
        return true;
    }
    // a leap second: 23:59:60 in UTC
    let utc_min = i64::from(min) - i64::from(tz_m) * sign;
    let utc_hr = i64::from(hr) - i64::from(tz_h) * sign - i64::from(utc_min < 0);
    (utc_hr == 23 || utc_hr == -1) && (utc_min == 59 || utc_min == -1) && sec < 61
}

/// ajv-formats 3's `date-time`: a date and a time parted by `T`, `t` or
/// any white space, and nothing else split so.
fn ajv_date_time(s: &str) -> bool {
    let parts: Vec<&str> = s
        .split(|c: char| c == 't' || c == 'T' || crate::text::is_js_space(c))
        .collect();
    parts.len() == 2 && ajv_date(parts[0]) && ajv_time(parts[1])
}

/// ajv-formats 3's `uuid`: hex groups 8-4-4-4-12, `urn:uuid:` allowed.
fn ajv_uuid(s: &str) -> bool {
    let s = match s.get(..9) {
        Some(p) if p.eq_ignore_ascii_case("urn:uuid:") => &s[9..],
        _ => s,
    };
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// ajv-formats 3's `ipv4`: four numbers 0-255, no leading zero.
fn ajv_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u32>().is_ok_and(|n| n <= 255)
        })
}

/// `schema` and every schema below it (depth-bounded) as the client's
/// Ajv 8 reads them where the jsonschema crate's draft-07 reads otherwise:
/// - OpenAPI's `nullable: true` adds `"null"` to `type`;
/// - keywords beside a `$ref` apply too (draft-07 ignores them): the
///   `$ref` moves into an `allOf`;
/// - a nested `$schema` switches no dialect (the crate's would, under an
///   `$id`): it goes.
fn as_ajv_reads(schema: &mut Value, depth: usize) {
    if depth > 200 {
        return;
    }
    match schema {
        Value::Object(m) => {
            if m.get("nullable") == Some(&Value::Bool(true)) {
                match m.get_mut("type") {
                    Some(Value::String(t)) if !t.is_empty() && t != "null" => {
                        let t = std::mem::take(t);
                        m.insert("type".into(), serde_json::json!([t, "null"]));
                    }
                    Some(Value::Array(ts)) if !ts.contains(&Value::from("null")) => {
                        ts.push(Value::from("null"));
                    }
                    _ => {}
                }
            }
            // Ajv's generated code skips a property named `__proto__`, and
            // finds one required (every object has a prototype)
            if let Some(Value::Object(props)) = m.get_mut("properties") {
                props.remove("__proto__");
            }
            if let Some(Value::Array(required)) = m.get_mut("required") {
                required.retain(|r| r != "__proto__");
            }
            // (a string: a property of that name holds a schema instead)
            if m.get("$schema").is_some_and(Value::is_string) {
                m.remove("$schema");
            }
            if m.len() > 1
                && m.get("$ref").is_some_and(Value::is_string)
                && m.get("allOf").is_none_or(Value::is_array)
            {
                let r = m.remove("$ref").unwrap_or_default();
                if let Value::Array(all) = m.entry("allOf").or_insert_with(|| Value::Array(vec![]))
                {
                    all.push(serde_json::json!({ "$ref": r }));
                }
            }
            // not into values (`const`, `enum`, `default`, `examples`)
            for (k, v) in m.iter_mut() {
                if !matches!(k.as_str(), "const" | "enum" | "default" | "examples") {
                    as_ajv_reads(v, depth + 1);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| as_ajv_reads(v, depth + 1)),
        _ => {}
    }
}

/// What breaks `CallToolResultSchema` in a result, if anything.
fn call_result_shape(result: &Value) -> Option<String> {
    if let Some(v) = result.get("isError").filter(|v| !v.is_boolean()) {
        return Some(format!("\"isError\" is {}, not a boolean", json_kind(v)));
    }
    if let Some(v) = result.get("structuredContent").filter(|v| !v.is_object()) {
        return Some(format!(
            "\"structuredContent\" is {}, not an object",
            json_kind(v)
        ));
    }
    let content = result.get("content")?;
    let Some(items) = content.as_array() else {
        return Some(format!(
            "\"content\" is {}, not an array",
            json_kind(content)
        ));
    };
    items
        .iter()
        .enumerate()
        .find_map(|(i, item)| content_shape(item).map(|why| format!("content[{i}]{why}")))
}

/// What breaks the SDK's `ContentBlockSchema` in one item: its `type`
/// must be one the SDK knows, with that type's fields.
fn content_shape(item: &Value) -> Option<String> {
    let Some(o) = item.as_object() else {
        return Some(format!(" is {}, not an object", json_kind(item)));
    };
    let text = |key: &str| -> Option<String> {
        match o.get(key) {
            Some(Value::String(_)) => None,
            Some(v) => Some(format!(".{key} is {}, not a string", json_kind(v))),
            None => Some(format!(".{key} is missing")),
        }
    };
    match o.get("type").and_then(Value::as_str) {
        Some("text") => text("text"),
        Some("image" | "audio") => text("data").or_else(|| text("mimeType")).or_else(|| {
            let data = o.get("data").and_then(Value::as_str).unwrap_or_default();
            (!is_base64(data)).then(|| ".data is not base64".to_string())
        }),
        Some("resource_link") => text("uri").or_else(|| text("name")),
        Some("resource") => {
            let Some(r) = o.get("resource").and_then(Value::as_object) else {
                return Some(".resource is missing or not an object".into());
            };
            if !r.get("uri").is_some_and(Value::is_string) {
                return Some(".resource.uri is missing or not a string".into());
            }
            if let Some(m) = r.get("_meta").filter(|m| !m.is_object()) {
                return Some(format!(
                    ".resource._meta is {}, not an object",
                    json_kind(m)
                ));
            }
            if let Some(m) = r.get("mimeType").filter(|m| !m.is_string()) {
                return Some(format!(
                    ".resource.mimeType is {}, not a string",
                    json_kind(m)
                ));
            }
            match (r.get("text"), r.get("blob")) {
                (Some(Value::String(_)), _) => None,
                (_, Some(Value::String(b))) if is_base64(b) => None,
                _ => Some(".resource has neither a \"text\" string nor a base64 \"blob\"".into()),
            }
        }
        Some(other) => Some(format!(
            ".type is \"{}\": not text, image, audio, resource_link or resource",
            short(other)
        )),
        None => Some(".type is missing or not a string".into()),
    }
    .or_else(|| item_extras(o))
}

/// What breaks the fields every content item may carry (the SDK's
/// `AnnotationsSchema` and `_meta`): `annotations` an object whose
/// `audience` lists `user`/`assistant`, `priority` a number from 0 to 1,
/// `lastModified` an ISO date-time with seconds and a zone (zod's
/// `iso.datetime({offset: true})`: `2024-05-01T10:00:00Z`, `+05:30`).
fn item_extras(o: &serde_json::Map<String, Value>) -> Option<String> {
    if let Some(m) = o.get("_meta").filter(|m| !m.is_object()) {
        return Some(format!("._meta is {}, not an object", json_kind(m)));
    }
    let a = o.get("annotations")?;
    let Some(a) = a.as_object() else {
        return Some(format!(".annotations is {}, not an object", json_kind(a)));
    };
    if let Some(aud) = a.get("audience") {
        let roles = aud.as_array().is_some_and(|r| {
            r.iter()
                .all(|x| matches!(x.as_str(), Some("user" | "assistant")))
        });
        if !roles {
            return Some(
                ".annotations.audience is not a list of \"user\" and \"assistant\"".into(),
            );
        }
    }
    if let Some(p) = a.get("priority")
        && !p.as_f64().is_some_and(|p| (0.0..=1.0).contains(&p))
    {
        return Some(".annotations.priority is not a number from 0 to 1".into());
    }
    match a.get("lastModified") {
        Some(Value::String(t)) if zod_date_time(t) => None,
        Some(_) => Some(
            ".annotations.lastModified is not an ISO date-time with seconds and a zone \
(2024-05-01T10:00:00Z)"
                .into(),
        ),
        None => None,
    }
}

/// zod 4's `iso.datetime({offset: true})`: `YYYY-MM-DDTHH:MM:SS`, a
/// fraction if any, then `Z` or `+HH:MM`; a date the month has.
fn zod_date_time(s: &str) -> bool {
    let Some((date, time)) = s.split_once('T') else {
        return false;
    };
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => return false,
    };
    let zone_ok = zone == "Z"
        || (zone.len() == 6
            && zone.as_bytes()[3] == b':'
            && zone[1..3]
                .bytes()
                .chain(zone[4..].bytes())
                .all(|b| b.is_ascii_digit())
            && zone[1..3].parse::<u32>().is_ok_and(|h| h <= 23)
            && zone[4..].parse::<u32>().is_ok_and(|m| m <= 59));
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, "0"));
    let parts: Vec<&str> = hms.split(':').collect();
    let clock_ok = parts.len() == 3
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].parse::<u32>().is_ok_and(|h| h <= 23)
        && parts[1].parse::<u32>().is_ok_and(|m| m <= 59)
        && parts[2].parse::<u32>().is_ok_and(|s| s <= 59)
        && !frac.is_empty()
        && frac.bytes().all(|b| b.is_ascii_digit());
    ajv_date(date) && clock_ok && zone_ok
}

/// What `atob` accepts: the base64 alphabet and padding, ASCII white
/// space ignored, never a length of 1 modulo 4.
fn is_base64(s: &str) -> bool {
    let mut n = 0usize;
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' | b'=' => n += 1,
            b' ' | b'\t' | b'\n' | b'\x0c' | b'\r' => {}
            _ => return false,
        }
    }
    n % 4 != 1
}

/// What breaks the SDK's `ToolSchema` in one tool's fields, if anything.
fn field_shape(tool: &Value) -> Option<String> {
    for key in ["title", "description"] {
        if let Some(v) = tool.get(key).filter(|v| !v.is_string()) {
            return Some(format!("\"{key}\" is {}, not a string", json_kind(v)));
        }
    }
    if let Some(a) = tool.get("annotations") {
        let Some(a) = a.as_object() else {
            return Some(format!(
                "\"annotations\" is {}, not an object",
                json_kind(a)
            ));
        };
        if let Some(t) = a.get("title").filter(|t| !t.is_string()) {
            return Some(format!(
                "annotations.title is {}, not a string",
                json_kind(t)
            ));
        }
        for hint in [
            "readOnlyHint",
            "destructiveHint",
            "idempotentHint",
            "openWorldHint",
        ] {
            if let Some(v) = a.get(hint).filter(|v| !v.is_boolean()) {
                return Some(format!(
                    "annotations.{hint} is {}, not a boolean",
                    json_kind(v)
                ));
            }
        }
    }
    match tool.get("_meta") {
        Some(m) if !m.is_object() => Some(format!("\"_meta\" is {}, not an object", json_kind(m))),
        _ => None,
    }
}

/// What breaks the SDK's `ToolSchema` in one tool's input or output
/// schema, if anything.
fn schema_shape(tool: &Value) -> Option<String> {
    match tool.get("inputSchema") {
        None => return Some("\"inputSchema\" is missing".into()),
        Some(s) => {
            if let Some(why) = object_schema_shape(s) {
                return Some(format!("inputSchema{why}"));
            }
        }
    }
    let s = tool.get("outputSchema")?;
    object_schema_shape(s).map(|why| format!("outputSchema{why}"))
}

/// What breaks the SDK's `ToolSchema` in one tool, with its hint.
fn tool_shape(tool: &Value) -> Option<(String, &'static str)> {
    field_shape(tool)
        .map(|why| (why, FIELD_HINT))
        .or_else(|| schema_shape(tool).map(|why| (why, SCHEMA_HINT)))
}

/// What Ajv cannot compile in one tool's `outputSchema`, with its hint.
fn compile_shape(tool: &Value) -> Option<(String, &'static str)> {
    let why = super::ajv::compile_error(tool.get("outputSchema")?)?;
    Some((
        format!("the client's validator (Ajv) cannot compile its outputSchema: {why}"),
        COMPILE_HINT,
    ))
}

/// What breaks the SDK's shape of an input or output schema: an object
/// with `"type": "object"`, `properties` (when given) an object of
/// objects, `required` (when given) an array of strings. The text follows
/// the field's name.
fn object_schema_shape(schema: &Value) -> Option<String> {
    let Some(obj) = schema.as_object() else {
        return Some(format!(" is {}, not an object", json_kind(schema)));
    };
    match obj.get("type") {
        Some(Value::String(t)) if t == "object" => {}
        None => return Some(" has no \"type\"; the SDK requires \"type\": \"object\"".into()),
        Some(t) => {
            return Some(format!(
                ".type is {}; the SDK requires \"object\"",
                short(&t.to_string())
            ));
        }
    }
    if let Some(p) = obj.get("properties") {
        let Some(props) = p.as_object() else {
            return Some(format!(".properties is {}, not an object", json_kind(p)));
        };
        // the SDK asks each to be an object in JavaScript's sense (an array
        // is one)
        if let Some((k, v)) = props.iter().find(|(_, v)| !v.is_object() && !v.is_array()) {
            return Some(format!(
                ".properties.{} is {}, not a schema object",
                short(k),
                json_kind(v)
            ));
        }
    }
    match obj.get("required") {
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => None,
        Some(Value::Array(_)) => Some(".required holds something other than strings".into()),
        Some(r) => Some(format!(".required is {}, not an array", json_kind(r))),
        None => None,
    }
}

/// Longest quoted `$schema` or validation error.
const QUOTE_MAX: usize = 200;

/// The findings for every tool of a `tools/list` result, as `lane` sees
/// them, in tool order (input before output).
pub fn check(lane: Lane, tools: &[Value]) -> Vec<SchemaFinding> {
    let mut out = Vec::new();
    for tool in tools {
        let name = tool.get("name").and_then(Value::as_str).unwrap_or("?");
        for field in [SchemaField::Input, SchemaField::Output] {
            let schema = tool.get(field.as_str());
            if field == SchemaField::Output && schema.is_none_or(Value::is_null) {
                continue;
            }
            check_one(rule(lane, field), name, schema, &mut out);
        }
    }
    out
}

fn check_one(rule: &SchemaRule, tool: &str, schema: Option<&Value>, out: &mut Vec<SchemaFinding>) {
    let field = rule.field;
    let finding = |problem, dialect, declared: Option<Value>, refused, message| SchemaFinding {
        tool: tool.to_string(),
        field,
        problem,
        dialect,
        declared,
        refused,
        message,
    };
    let Some(obj) = schema.and_then(Value::as_object) else {
        let what = match schema {
            None | Some(Value::Null) => "is missing".to_string(),
            Some(v) => format!("is not a JSON object (`{}`)", short(&v.to_string())),
        };
        let (problem, refused) = match field {
            SchemaField::Input => (Problem::NotAnObjectSchema, rule.object_required),
            SchemaField::Output => (Problem::InvalidSchema, rule.compiled),
        };
        out.push(finding(
            problem,
            None,
            None,
            refused,
            format!("{} {what}", field.as_str()),
        ));
        return;
    };
    let declared = obj.get("$schema").cloned();
    let dialect = match &declared {
        None => Some(DEFAULT_DIALECT),
        Some(Value::String(uri)) => Dialect::from_uri(uri),
        Some(_) => None,
    };
    match (dialect, &declared) {
        (None, Some(value)) => out.push(finding(
            Problem::UnknownDialect,
            None,
            declared.clone(),
            !matches!(rule.accepts, Accepts::Any),
            match value {
                Value::String(uri) => format!(
                    "{} declares \"$schema\": \"{}\", which is no JSON Schema dialect mcpctl \
knows (draft-04, draft-06, draft-07, 2019-09, 2020-12)",
                    field.as_str(),
                    short(uri)
                ),
                other => format!(
                    "{} declares \"$schema\": {}, {}not a string: not a dialect URI",
                    field.as_str(),
                    short(&other.to_string()),
                    match other {
                        Value::Null => String::new(),
                        v => format!("{}, ", json_kind(v)),
                    }
                ),
            },
        )),
        (Some(d), Some(Value::String(uri))) if !rule.accepts.accepts(d) => {
            let says = rule
                .app_says
                .replace("{tool}", tool)
                .replace("{schema}", short(uri));
            out.push(finding(
                Problem::UnsupportedDialect,
                Some(d),
                declared.clone(),
                true,
                if says.is_empty() {
                    format!(
                        "{} declares {}, which this lane refuses",
                        field.as_str(),
                        d.as_str()
                    )
                } else {
                    format!("{} declares {}: \"{says}\"", field.as_str(), d.as_str())
                },
            ));
        }
        _ => {}
    }
    if rule.object_required && obj.get("type").and_then(Value::as_str) != Some("object") {
        let has = match obj.get("type") {
            None => "has no \"type\"".to_string(),
            Some(t) => format!("has \"type\": {}", short(&t.to_string())),
        };
        out.push(finding(
            Problem::NotAnObjectSchema,
            dialect,
            declared.clone(),
            true,
            format!(
                "{} {has}; this lane requires \"type\": \"object\"",
                field.as_str()
            ),
        ));
    }
    if let Some(d) = dialect
        && let Some(why) = meta_error(d, schema.unwrap_or(&Value::Null))
    {
        let refused = rule.compiled && rule.accepts.accepts(d);
        out.push(finding(
            Problem::InvalidSchema,
            Some(d),
            declared,
            refused,
            format!("{} is not valid {}: {why}", field.as_str(), d.as_str()),
        ));
    }
}

/// Why `schema` is not valid against the meta-schema of `dialect`, if it
/// is not.
fn meta_error(dialect: Dialect, schema: &Value) -> Option<String> {
    let result = match dialect {
        Dialect::Draft4 => jsonschema::draft4::meta::validate(schema),
        Dialect::Draft6 => jsonschema::draft6::meta::validate(schema),
        Dialect::Draft7 => jsonschema::draft7::meta::validate(schema),
        Dialect::Draft2019 => jsonschema::draft201909::meta::validate(schema),
        Dialect::Draft2020 => jsonschema::draft202012::meta::validate(schema),
    };
    let e = result.err()?;
    let at = e.instance_path().to_string();
    let at = if at.is_empty() { "/".to_string() } else { at };
    Some(format!("{} (at {at})", short(&e.to_string())))
}

fn short(s: &str) -> &str {
    match s.char_indices().nth(QUOTE_MAX) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// What a server's tool definitions cost in every conversation's context:
/// each tool as the app hands it to the model (`name`, `description`,
/// `input_schema`; not `outputSchema` or annotations, which the model is
/// not given), in compact JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ContextCost {
    pub tools: usize,
    pub bytes: usize,
    /// Estimated: `bytes` / [`BYTES_PER_TOKEN`], rounded up.
    pub tokens: usize,
}

/// The estimate's divisor: about 4 bytes of English text or JSON per token
/// for Claude's tokenizer (a rule of thumb, not a count: mcpctl has no
/// tokenizer; schemas heavy in punctuation take more tokens than this).
pub const BYTES_PER_TOKEN: usize = 4;
/// Above this many (estimated) tokens, one server's tools get a note.
pub const HEAVY_TOKENS: usize = 10_000;

/// What a tool costs in context, as [`ContextCost::of`] counts it: the
/// JSON of its name, description and input schema, in that order. Borrowed,
/// and measured by a writer that only counts: a listing's schemas can be
/// megabytes, and were copied and printed to a string to be measured.
#[derive(serde::Serialize)]
struct Shown<'a> {
    name: &'a Value,
    description: &'a Value,
    input_schema: &'a Value,
}

/// Counts the bytes written to it.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl ContextCost {
    pub fn of(tools: &[Value]) -> ContextCost {
        let bytes = tools
            .iter()
            .map(|t| {
                let field = |k: &str| t.get(k).unwrap_or(&Value::Null);
                let shown = Shown {
                    name: field("name"),
                    description: field("description"),
                    input_schema: field("inputSchema"),
                };
                let mut counted = Counted(0);
                serde_json::to_writer(&mut counted, &shown).map_or(0, |()| counted.0)
            })
            .sum();
        ContextCost::from_bytes(tools.len(), bytes)
    }

    fn from_bytes(tools: usize, bytes: usize) -> ContextCost {
        ContextCost {
            tools,
            bytes,
            tokens: bytes.div_ceil(BYTES_PER_TOKEN),
        }
    }

    /// The sum of many (the config's total).
    pub fn total<'a>(costs: impl IntoIterator<Item = &'a ContextCost>) -> ContextCost {
        let (tools, bytes) = costs
            .into_iter()
            .fold((0, 0), |(t, b), c| (t + c.tools, b + c.bytes));
        ContextCost::from_bytes(tools, bytes)
    }

    /// One server's tools alone take more than [`HEAVY_TOKENS`].
    pub fn heavy(&self) -> bool {
        self.tokens > HEAVY_TOKENS
    }
}

/// `1234` → `1.2k`, `980` → `980`: tokens as text shows them.
pub fn human_tokens(n: usize) -> String {
    if n < 1000 {
        n.to_string()
    } else {
        format!("{:.1}k", n as f64 / 1000.0)
    }
}

#[cfg(test)]
mod tests {

    /// The cases checked against @modelcontextprotocol/sdk 1.32.2's
    /// `ListToolsResultSchema.safeParse` (accepted or not), 2026-11-29.
    #[test]
    fn the_sdk_rejects_the_listing_for_exactly_these_tools() {
        let base = || serde_json::json!({"name": "t", "inputSchema": {"type": "object"}});
        let with = |k: &str, v: Value| {
            let mut t = base();
            t[k] = v;
            t
        };
        let accepted = [
            base(),
            with(
                "inputSchema",
                serde_json::json!({"type": "object",
                "$schema": "http://json-schema.org/draft-07/schema#"}),
            ),
            with(
                "outputSchema",
                serde_json::json!({"type": "object", "properties": {"a": {}}}),
            ),
            with(
                "annotations",
                serde_json::json!({"readOnlyHint": true, "title": "T"}),
            ),
            // an array is an object to the SDK's check
            with(
                "inputSchema",
                serde_json::json!({"type": "object", "properties": {"x": []}}),
            ),
        ];
        for t in accepted {
            assert_eq!(client_rejects(std::slice::from_ref(&t)), None, "{t}");
        }
        let rejected = [
            (with("outputSchema", Value::Null), "outputSchema is null"),
            (
                with("outputSchema", serde_json::json!({"type": "array"})),
                "outputSchema.type is \"array\"",
            ),
            (
                with("outputSchema", serde_json::json!({"properties": {}})),
                "outputSchema has no \"type\"",
            ),
            (
                serde_json::json!({"name": "t", "inputSchema": {}}),
                "inputSchema has no \"type\"",
            ),
            (
                serde_json::json!({"name": "t"}),
                "\"inputSchema\" is missing",
            ),
            (
                with("inputSchema", serde_json::json!({"type": "string"})),
                "inputSchema.type is \"string\"",
            ),
            (
                with(
                    "inputSchema",
                    serde_json::json!({"type": ["object", "null"]}),
                ),
                "inputSchema.type is [\"object\",\"null\"]",
            ),
            (
                with(
                    "inputSchema",
                    serde_json::json!({"type": "object", "properties": {"a": true}}),
                ),
                "inputSchema.properties.a is a boolean",
            ),
            (
                with(
                    "inputSchema",
                    serde_json::json!({"type": "object", "properties": []}),
                ),
                "inputSchema.properties is an array",
            ),
            (
                with(
                    "inputSchema",
                    serde_json::json!({"type": "object", "required": "a"}),
                ),
                "inputSchema.required is a string",
            ),
            (
                with(
                    "inputSchema",
                    serde_json::json!({"type": "object", "required": [1]}),
                ),
                "inputSchema.required holds",
            ),
            (
                with("description", serde_json::json!(["a"])),
                "\"description\" is an array",
            ),
            (with("description", Value::Null), "\"description\" is null"),
            (with("title", serde_json::json!(3)), "\"title\" is a number"),
            (
                with("annotations", serde_json::json!("x")),
                "\"annotations\" is a string",
            ),
            (
                with("annotations", serde_json::json!({"readOnlyHint": "yes"})),
                "annotations.readOnlyHint is a string",
            ),
            (
                with("_meta", serde_json::json!("x")),
                "\"_meta\" is a string",
            ),
        ];
        for (t, says) in rejected {
            let why = client_rejects(&[base(), t.clone()])
                .map(|r| r.why)
                .unwrap_or_default();
            assert!(why.starts_with("tool `t` (tools[1]): "), "{t}: {why}");
            assert!(why.contains(says), "{t}: {why}");
        }
    }

    use super::*;
    use serde_json::json;

    fn tool(input: Value, output: Option<Value>) -> Value {
        let mut t = json!({"name": "t", "description": "d", "inputSchema": input});
        if let Some(o) = output {
            t["outputSchema"] = o;
        }
        t
    }

    const D7: &str = "http://json-schema.org/draft-07/schema#";

    #[test]
    fn draft_07_output_is_refused_in_cowork_only_and_named_as_the_app_says() {
        let tools = [tool(
            json!({"$schema": D7, "type": "object"}),
            Some(json!({"$schema": D7, "type": "object"})),
        )];
        assert_eq!(check(Lane::Chat, &tools), Vec::new());
        let f = check(Lane::Cowork, &tools);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].field, SchemaField::Output);
        assert_eq!(f[0].problem, Problem::UnsupportedDialect);
        assert_eq!(f[0].dialect, Some(Dialect::Draft7));
        assert!(f[0].refused);
        assert_eq!(
            f[0].message,
            "outputSchema declares draft-07: \"Tool 't' has an invalid outputSchema: JSON Schema \
declares an unsupported dialect (\"$schema\": \"http://json-schema.org/draft-07/schema#\"). The \
default validator supports JSON Schema 2020-12 only\""
        );
    }

    #[test]
    fn input_without_type_object_is_refused_in_cowork() {
        let tools = [tool(json!({"properties": {}}), None)];
        assert_eq!(check(Lane::Chat, &tools), Vec::new());
        let f = check(Lane::Cowork, &tools);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].problem, Problem::NotAnObjectSchema);
        assert_eq!(
            f[0].message,
            "inputSchema has no \"type\"; this lane requires \"type\": \"object\""
        );
        let missing = [json!({"name": "t"})];
        assert_eq!(
            check(Lane::Cowork, &missing)[0].message,
            "inputSchema is missing"
        );
        assert!(check(Lane::Chat, &missing).iter().all(|f| !f.refused));
    }

    #[test]
    fn schemas_are_checked_against_their_own_meta_schema() {
        // `"type": "strin"` is invalid in every dialect; reported in chat,
        // refused in cowork only where the lane compiles it (outputSchema).
        let bad = json!({"type": "object", "properties": {"x": {"type": "strin"}}});
        let tools = [tool(bad.clone(), Some(bad))];
        let chat = check(Lane::Chat, &tools);
        assert_eq!(chat.len(), 2, "{chat:#?}");
        assert!(
            chat.iter()
                .all(|f| f.problem == Problem::InvalidSchema && !f.refused)
        );
        assert!(
            chat[0]
                .message
                .starts_with("inputSchema is not valid 2020-12: ")
        );
        assert!(
            chat[0].message.contains("/properties/x/type"),
            "{}",
            chat[0].message
        );
        let cowork = check(Lane::Cowork, &tools);
        let refused: Vec<SchemaField> = cowork
            .iter()
            .filter(|f| f.refused)
            .map(|f| f.field)
            .collect();
        assert_eq!(refused, [SchemaField::Output]);
        // draft-04's exclusiveMinimum is a boolean, 2020-12's a number.
        let d4 = json!({"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
                        "properties": {"n": {"type": "number", "minimum": 0, "exclusiveMinimum": true}}});
        assert_eq!(check(Lane::Chat, &[tool(d4, None)]), Vec::new());
    }

    #[test]
    fn an_unknown_dialect_is_refused_where_only_some_are_accepted() {
        let odd = json!({"$schema": "https://example.com/s", "type": "object"});
        let tools = [tool(odd.clone(), Some(odd))];
        let f = check(Lane::Cowork, &tools);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f.iter().all(|f| f.problem == Problem::UnknownDialect));
        assert_eq!(
            f.iter().map(|f| f.refused).collect::<Vec<_>>(),
            [false, true]
        );
    }

    /// A `$schema` that is no string is shown as the JSON it is, not as a
    /// string: `5`, never `"5"`.
    #[test]
    fn a_schema_that_is_no_string_is_shown_as_json() {
        let five = json!({"$schema": 5, "type": "object"});
        let f = check(Lane::Cowork, &[tool(five.clone(), Some(five))]);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f.iter().all(|f| f.problem == Problem::UnknownDialect));
        assert_eq!(f[1].declared, Some(json!(5)));
        assert_eq!(
            f[1].message,
            "outputSchema declares \"$schema\": 5, a number, not a string: not a dialect URI"
        );
        let v = serde_json::to_value(&f[1]).unwrap_or_default();
        assert_eq!(v["declared"], json!(5));
        let null = json!({"$schema": null, "type": "object"});
        let f = check(Lane::Cowork, &[tool(json!({"type": "object"}), Some(null))]);
        assert_eq!(
            f[0].message,
            "outputSchema declares \"$schema\": null, not a string: not a dialect URI"
        );
        assert_eq!(f[0].declared, Some(Value::Null));
        // a string stays a string
        let odd = json!({"$schema": "5", "type": "object"});
        let f = check(Lane::Cowork, &[tool(json!({"type": "object"}), Some(odd))]);
        assert_eq!(f[0].declared, Some(json!("5")));
    }

    #[test]
    fn context_cost_counts_what_the_model_is_given() {
        let t = json!({"name": "ab", "description": "cd", "inputSchema": {"type": "object"},
                       "outputSchema": {"type": "object", "description": "not counted"}});
        let one = ContextCost::of(std::slice::from_ref(&t));
        let shown = r#"{"name":"ab","description":"cd","input_schema":{"type":"object"}}"#;
        assert_eq!(one.bytes, shown.len());
        assert_eq!(one.tokens, shown.len().div_ceil(4));
        let total = ContextCost::total([&one, &one]);
        assert_eq!((total.tools, total.bytes), (2, 2 * shown.len()));
        assert!(!one.heavy());
        // what a tool lacks counts as null, as the app's JSON would show it
        let bare = ContextCost::of(&[json!({"name": "ab"})]);
        let shown = r#"{"name":"ab","description":null,"input_schema":null}"#;
        assert_eq!(bare.bytes, shown.len());
        assert!(ContextCost::from_bytes(1, 40_004).heavy());
        assert_eq!(human_tokens(980), "980");
        assert_eq!(human_tokens(12_345), "12.3k");
    }

    /// Each case as @modelcontextprotocol/sdk 1.32.2's
    /// `CallToolResultSchema.safeParse` judged it (node, this machine).
    #[test]
    fn call_results_the_sdk_client_refuses() {
        let sdk = [
            (json!({"content": "not an array"}), false),
            (
                json!({"content": [{"type": "video"}, {"type": "text", "text": "x"}]}),
                false,
            ),
            (json!({"content": [{"type": "text", "text": "x"}]}), true),
            (json!({}), true),
            (
                json!({"content": [{"type": "image", "data": "@@@", "mimeType": "image/png"}]}),
                false,
            ),
            (
                json!({"content": [{"type": "image", "data": "aGVsbG8=", "mimeType": "image/png"}]}),
                true,
            ),
            (
                json!({"content": [{"type": "image", "data": "aGVsb", "mimeType": "image/png"}]}),
                false,
            ),
            (
                json!({"content": [{"type": "resource_link", "uri": "file:///x", "name": "x"}]}),
                true,
            ),
            (
                json!({"content": [{"type": "resource_link", "uri": "file:///x"}]}),
                false,
            ),
            (
                json!({"content": [{"type": "resource", "resource": {"uri": "u", "text": "t"}}]}),
                true,
            ),
            (
                json!({"content": [{"type": "resource", "resource": {"uri": "u"}}]}),
                false,
            ),
            (json!({"content": [], "structuredContent": [1]}), false),
            (json!({"content": [], "isError": "yes"}), false),
            (json!({"content": [{"type": "text", "text": 5}]}), false),
            (json!({"content": null}), false),
        ];
        for (result, accepted) in sdk {
            assert_eq!(call_rejects(&result, None).is_none(), accepted, "{result}");
        }
        assert_eq!(
            call_rejects(&json!({"content": [{"type": "video"}]}), None).as_deref(),
            Some("content[0].type is \"video\": not text, image, audio, resource_link or resource")
        );
        // Client.callTool: a tool with an outputSchema
        let schema =
            json!({"type": "object", "properties": {"a": {"type": "number"}}, "required": ["a"]});
        let ok = json!({"content": [], "structuredContent": {"a": 1}});
        assert_eq!(call_rejects(&ok, Some(&schema)), None);
        let missing = json!({"content": [{"type": "text", "text": "1"}]});
        assert_eq!(
            call_rejects(&missing, Some(&schema)).as_deref(),
            Some("the tool has an output schema but did not return structured content")
        );
        // unless it is an error
        let failed = json!({"content": [], "isError": true});
        assert_eq!(call_rejects(&failed, Some(&schema)), None);
        let wrong = json!({"content": [], "structuredContent": {"a": "not a number"}});
        let why = call_rejects(&wrong, Some(&schema)).unwrap();
        assert!(
            why.starts_with("structured content does not match the tool's output schema: ")
                && why.ends_with("(at /a)"),
            "{why}"
        );
    }
}

#[cfg(test)]
mod structured {
    use super::call_rejects;
    use serde_json::{Value, json};

    fn refused(schema: Value, content: Value) -> bool {
        let result = json!({"content": [], "structuredContent": content});
        call_rejects(&result, Some(&schema)).is_some()
    }

    /// A content item's annotations and `_meta`, as the SDK 1.32.2's zod
    /// schemas took each (run with `AnnotationsSchema.safeParse`).
    #[test]
    fn content_annotations_are_judged_as_the_sdk_judges_them() {
        let with = |a: Value| json!({"content": [{"type": "text", "text": "x", "annotations": a}]});
        let refused = |r: Value| call_rejects(&r, None).is_some();
        for (t, ok) in [
            ("2024-05-01T10:00:00Z", true),
            ("2024-05-01T10:00:00", false),
            ("2024-05-01 10:00:00Z", false),
            ("2024-05-01T10:00:00+05:30", true),
            ("2024-05-01T10:00:00+0530", false),
            ("2024-05-01T10:00Z", false),
            ("2024-05-01T10:00:00.123456Z", true),
            ("2024-05-01t10:00:00z", false),
            ("2024-02-30T10:00:00Z", false),
            ("2024-05-01T10:00:00+05", false),
            ("2024-05-01T24:00:00Z", false),
        ] {
            assert_eq!(!refused(with(json!({"lastModified": t}))), ok, "{t}");
        }
        for (a, ok) in [
            (json!(null), false),
            (json!([]), false),
            (json!({"priority": 2}), false),
            (json!({"priority": "1"}), false),
            (json!({"audience": ["system"]}), false),
            (json!({"audience": "user"}), false),
            (json!({"audience": ["user"], "priority": 0.5}), true),
            (json!({}), true),
        ] {
            assert_eq!(!refused(with(a.clone())), ok, "{a}");
        }
        for (m, ok) in [(json!(null), false), (json!([]), false), (json!({}), true)] {
            let r = json!({"content": [{"type": "text", "text": "x", "_meta": m}]});
            assert_eq!(!refused(r), ok, "{m}");
        }
    }

    /// As @modelcontextprotocol/sdk 1.32.2's client (Ajv draft-07 with
    /// ajv-formats 3.0.1) judged each, run with its own validator (1308
    /// date, time, date-time, uuid and ipv4 values agreed when these rules
    /// were written).
    #[test]
    fn structured_content_is_judged_as_the_sdk_client_judges_it() {
        let at = |f: &str| json!({"type": "object", "properties": {"x": {"type": "string", "format": f}}});
        // a Python datetime without a zone: refused; a space for the T: fine
        assert!(refused(
            at("date-time"),
            json!({"x": "2026-09-01T10:00:00"})
        ));
        assert!(!refused(
            at("date-time"),
            json!({"x": "2026-09-01T10:00:00Z"})
        ));
        assert!(!refused(
            at("date-time"),
            json!({"x": "2026-09-01 10:00:00Z"})
        ));
        assert!(refused(at("date"), json!({"x": "2026-02-30"})));
        assert!(refused(at("time"), json!({"x": "10:00:00"})));
        // ajv-formats takes an offset without its colon or minutes
        // (Python's `%z` writes `+0000`) and any white space for the T
        for ok in [
            "2026-09-01T10:00:00+0000",
            "2026-09-01T10:00:00+05",
            "2026-09-01\t10:00:00Z",
            "2026-12-31T23:59:60Z",
        ] {
            assert!(!refused(at("date-time"), json!({"x": ok})), "{ok}");
        }
        for bad in [
            "2026-09-01T10:00:00+5",
            "2026-09-01_10:00:00Z",
            "2026-09-01T10:00:60Z",
        ] {
            assert!(refused(at("date-time"), json!({"x": bad})), "{bad}");
        }
        assert!(!refused(at("time"), json!({"x": "10:00:00+0530"})));
        assert!(!refused(
            at("uuid"),
            json!({"x": "URN:UUID:123e4567-e89b-12d3-a456-426614174000"})
        ));
        assert!(refused(at("ipv4"), json!({"x": "01.2.3.4"})));
        // OpenAPI's nullable, which the client's Ajv knows
        let nullable =
            json!({"type": "object", "properties": {"x": {"type": "string", "nullable": true}}});
        assert!(!refused(nullable, json!({"x": null})));
        // not inside a value, and not twice
        let inside = json!({"type": "object", "properties": {"x": {"const": {"nullable": true, "type": "string"}}}});
        assert!(!refused(
            inside,
            json!({"x": {"nullable": true, "type": "string"}})
        ));
        let null =
            json!({"type": "object", "properties": {"x": {"type": "null", "nullable": true}}});
        assert!(refused(null, json!({"x": 5})));
        // JavaScript's white space parts a date-time (U+FEFF), not U+0085
        assert!(!refused(
            at("date-time"),
            json!({"x": "2024-05-01\u{feff}10:00:00Z"})
        ));
        assert!(refused(
            at("date-time"),
            json!({"x": "2024-05-01\u{85}10:00:00Z"})
        ));
        // keywords beside a $ref apply (Ajv 8), and a nested $schema
        // switches no dialect
        let beside = json!({"type": "object", "properties": {"v": {"$ref": "#/definitions/A", "maxLength": 2}},
                            "definitions": {"A": {"type": "string"}}});
        assert!(refused(beside.clone(), json!({"v": "abcd"})));
        assert!(!refused(beside, json!({"v": "ab"})));
        let nested = |kw: &str| {
            json!({"type": "object", "properties": {"p": {"$id": "http://x.example/a",
                   "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array",
                   kw: [{"type": "string"}]}}})
        };
        assert!(!refused(nested("prefixItems"), json!({"p": [1]})));
        assert!(refused(nested("items"), json!({"p": [1]})));
        let proto = json!({"type": "object", "properties": {"__proto__": {"type": "string"}}});
        assert!(!refused(proto, json!({"__proto__": 5})));
        for schema in [
            json!({"type": "object", "properties": {"__proto__": {"type": "string"}}, "additionalProperties": false}),
            json!({"type": "object", "patternProperties": {"^__": {"type": "string"}}}),
        ] {
            assert!(!refused(schema, json!({"__proto__": 5})));
        }
        let required = json!({"type": "object", "required": ["__proto__"]});
        assert!(!refused(required, json!({"a": 1})));
        // content keywords are annotations to Ajv (zod's base64url
        // writes one): any string passes
        for (keyword, value) in [
            ("contentEncoding", "base64url"),
            ("contentEncoding", "base64"),
            ("contentMediaType", "application/json"),
        ] {
            let schema =
                json!({"type": "object", "properties": {"v": {"type": "string", keyword: value}}});
            assert!(
                !refused(schema, json!({"v": "not base64!! {bad json"})),
                "{keyword}"
            );
        }
        // formats whose rules differ between the two are not held
        assert!(!refused(at("email"), json!({"x": "notanemail"})));
        // draft-07, whatever `$schema` says: an `items` array is a tuple,
        // `prefixItems` and `unevaluatedProperties` are unknown keywords
        let tuple = json!({"type": "object", "properties": {"p": {"items": [{"type": "number"}]}}});
        assert!(refused(tuple, json!({"p": ["str"]})));
        let newer = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {"p": {"prefixItems": [{"type": "number"}]}},
            "unevaluatedProperties": false
        });
        assert!(!refused(newer, json!({"p": ["str"], "extra": 1})));
    }

    /// Each row as the SDK's Ajv 8 judged `{"multipleOf": m}` on this
    /// machine (node): its float division, not decimal arithmetic.
    #[test]
    fn multiple_of_is_judged_by_ajvs_float_division() {
        let ajv = [
            (19.99, 0.01, false),
            (0.3, 0.1, false),
            (10.0, 0.1, true),
            (1e21, 1.0, false),
            (1e20, 1.0, true),
            (-1e21, 1.0, false),
            (0.0, 0.1, true),
            (-0.0, 1.0, true),
            (4.5, 1.5, true),
            (7.0, 2.0, false),
            (3e-7, 1e-7, true),
            (1.1, 0.1, true),
            (1e308, 1e-10, false),
            (12.0, 0.2, true),
        ];
        for (x, m, ok) in ajv {
            let schema = json!({"type": "object", "properties": {"x": {"multipleOf": m}}});
            assert_eq!(!refused(schema, json!({"x": x})), ok, "{x} multipleOf {m}");
        }
        // an integer the crate reads exactly, judged as the double it is
        let price = json!({"type": "object", "properties": {"x": {"multipleOf": 0.01}}});
        assert!(refused(price.clone(), json!({"x": 19.99})));
        assert!(!refused(price, json!({"x": 19})));
    }
}
