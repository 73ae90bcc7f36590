//! The span-aware JSON tree the syntax pass builds. Every node and every
//! object key keeps its byte range, so the schema and lint passes (and the
//! editor) can point back into the source. Duplicate keys are kept in order;
//! look-ups follow strict JSON parsers and take the last one.

use super::source::Span;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Object(Vec<Member>),
    Array(Vec<Node>),
    String(String),
    /// The number's literal text, as written.
    Number(String),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    /// The key including its quotes.
    pub key_span: Span,
    pub value: Node,
}

impl Member {
    /// From the key's first byte to the value's last byte.
    pub fn span(&self) -> Span {
        Span::new(self.key_span.start, self.value.span.end)
    }
}

impl Node {
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The member a key maps to (the last one when the key is duplicated).
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().rev().find(|m| m.key == key)
    }
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// A short name for the value's JSON type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Object(_) => "object",
            Value::Array(_) => "array",
            Value::String(_) => "string",
            Value::Number(_) => "number",
            Value::Bool(_) => "boolean",
            Value::Null => "null",
        }
    }

    /// Follow a JSON pointer (RFC 6901), as `jsonschema` reports instance
    /// paths. Returns the node and, when the last step was an object key,
    /// that member's key span.
    pub fn pointer(&self, pointer: &str) -> Option<(&Node, Option<Span>)> {
        let mut node = self;
        let mut key_span = None;
        if pointer.is_empty() {
            return Some((node, None));
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let step = raw.replace("~1", "/").replace("~0", "~");
            match &node.value {
                Value::Object(_) => {
                    let m = node.member(&step)?;
                    key_span = Some(m.key_span);
                    node = &m.value;
                }
                Value::Array(items) => {
                    node = items.get(step.parse::<usize>().ok()?)?;
                    key_span = None;
                }
                _ => return None,
            }
        }
        Some((node, key_span))
    }

    /// The `serde_json` value a strict parser would produce (last duplicate
    /// key wins). Numbers keep the digits they were written with (`1e400`,
    /// `0.10`: serde_json's arbitrary_precision); one that is no JSON
    /// number becomes null.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Object(members) => {
                let mut map = serde_json::Map::new();
                for m in members {
                    // like JSON.parse: the last value wins, in the position
                    // of the first occurrence
                    map.insert(m.key.clone(), m.value.to_json());
                }
                J::Object(map)
            }
            Value::Array(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::String(s) => J::String(s.clone()),
            Value::Number(n) => serde_json::from_str(n).unwrap_or(J::Null),
            Value::Bool(b) => J::Bool(*b),
            Value::Null => J::Null,
        }
    }
}
