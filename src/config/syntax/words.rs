//! Bare words in value position: JSON numbers and the literals `true`,
//! `false`, `null`, and the look-alikes people write instead (`True`,
//! `None`, `undefined`, `NaN`, `0x1F`, `+1`, `.5`, ...). Pure functions.

use crate::codes::Code;
use crate::config::ast::Value;
use crate::config::diag::{Diagnostic, TextEdit};
use crate::config::source::Span;

/// Whether `s` is exactly a number in RFC 8259's grammar.
pub fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    if b.first() == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// The tree value of a bare word in value position and, unless it is valid
/// JSON, the diagnostic for it.
pub(super) fn value_word(text: &str, span: Span) -> (Value, Option<Diagnostic>) {
    match text {
        "true" => return (Value::Bool(true), None),
        "false" => return (Value::Bool(false), None),
        "null" => return (Value::Null, None),
        _ => {}
    }
    if let Some(r) = wrong_literal(text, span) {
        return r;
    }
    if is_non_finite(text) {
        let d = Diagnostic::error(
            Code::InvalidNumber,
            format!("`{text}` is not a JSON number"),
        )
        .at(span)
        .hint("JSON numbers must be finite: write a plain number, a string, or null");
        return (Value::Null, Some(d));
    }
    if text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.')) {
        return number_word(text, span);
    }
    let d = Diagnostic::error(
        Code::InvalidLiteral,
        format!("`{text}` is not a JSON value (text must be in double quotes)"),
    )
    .at(span)
    .hint(format!(
        "if it is text, put it in double quotes: {}",
        quoted(text)
    ));
    (Value::String(text.to_string()), Some(d))
}

fn is_non_finite(text: &str) -> bool {
    let t = text.trim_start_matches(['-', '+']);
    matches!(t, "NaN" | "nan" | "Infinity" | "infinity" | "inf" | "Inf")
}

/// `True`, `FALSE`, `None`, `undefined`, `nil`, ...
fn wrong_literal(text: &str, span: Span) -> Option<(Value, Option<Diagnostic>)> {
    let lower = text.to_ascii_lowercase();
    let (value, right) = match lower.as_str() {
        "true" => (Value::Bool(true), "true"),
        "false" => (Value::Bool(false), "false"),
        "null" | "none" => (Value::Null, "null"),
        "undefined" | "nil" => {
            let d = Diagnostic::error(
                Code::InvalidLiteral,
                format!("`{text}` is not a JSON value; JSON's empty value is `null`"),
            )
            .at(span)
            .hint("write `null`, or remove the entry");
            return Some((Value::Null, Some(d)));
        }
        _ => return None,
    };
    let why = if text == "None" {
        "Python's `None` is written `null` in JSON".to_string()
    } else {
        format!("JSON literals are lower-case: write `{right}`")
    };
    let d = Diagnostic::error(
        Code::InvalidLiteral,
        format!("`{text}` is not a JSON literal: {why}"),
    )
    .at(span)
    .hint(format!(
        "replace `{text}` with `{right}` (Python and some editors capitalise it)"
    ))
    .fix(format!("replace with `{right}`"), vec![edit(span, right)]);
    Some((value, Some(d)))
}

/// A word that starts like a number but is not a valid JSON number.
fn number_word(text: &str, span: Span) -> (Value, Option<Diagnostic>) {
    if is_json_number(text) {
        return (Value::Number(text.to_string()), None);
    }
    if let Some((fixed, why)) = normalize(text) {
        let d = Diagnostic::error(
            Code::InvalidNumber,
            format!("`{text}` is not a valid JSON number: {why}"),
        )
        .at(span)
        .hint(format!("write `{fixed}`"))
        .fix(format!("write `{fixed}`"), vec![edit(span, &fixed)]);
        return (Value::Number(fixed), Some(d));
    }
    if let Some(stripped) = strip_leading_zeros(text) {
        let d = Diagnostic::error(
            Code::InvalidNumber,
            format!("`{text}` is not a valid JSON number: numbers cannot have leading zeros"),
        )
        .at(span)
        .hint(format!(
            "write `{stripped}`, or put it in double quotes if the zeros matter (\"{text}\")"
        ));
        return (Value::Number(stripped), Some(d));
    }
    let d = Diagnostic::error(
        Code::InvalidNumber,
        format!("`{text}` is not a valid JSON number"),
    )
    .at(span)
    .hint(format!(
        "if it is text, put it in double quotes: {}",
        quoted(text)
    ));
    (Value::String(text.to_string()), Some(d))
}

/// Repairs that keep the value: `+1` → `1`, `.5` → `0.5`, `1.` → `1.0`,
/// `0x1F` → `31`. Returns the repaired literal and what was wrong.
fn normalize(text: &str) -> Option<(String, &'static str)> {
    let (sign, rest, plus) = match text.as_bytes().first() {
        Some(b'-') => ("-", &text[1..], false),
        Some(b'+') => ("", &text[1..], true),
        _ => ("", text, false),
    };
    let mut why = if plus {
        "a leading `+` is not allowed"
    } else {
        ""
    };
    let body = if let Some(hex) = rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) {
        why = "hexadecimal numbers are not allowed";
        u64::from_str_radix(hex, 16).ok()?.to_string()
    } else {
        let mut body = rest.to_string();
        if body.starts_with('.') {
            body.insert(0, '0');
            why = "a number needs a digit before the decimal point";
        }
        let exp_at = body.find(['e', 'E']).unwrap_or(body.len());
        if body[..exp_at].ends_with('.') {
            body.insert(exp_at, '0');
            why = "a number needs a digit after the decimal point";
        }
        body
    };
    let fixed = format!("{sign}{body}");
    (is_json_number(&fixed) && !why.is_empty()).then_some((fixed, why))
}

fn strip_leading_zeros(text: &str) -> Option<String> {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let trimmed = rest.trim_start_matches('0');
    let body = if trimmed.is_empty() || trimmed.starts_with(['.', 'e', 'E']) {
        format!("0{trimmed}")
    } else {
        trimmed.to_string()
    };
    let fixed = format!("{sign}{body}");
    (rest.starts_with('0') && rest.len() > 1 && is_json_number(&fixed)).then_some(fixed)
}

/// `text` as a JSON string literal.
pub(super) fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

fn edit(span: Span, replacement: &str) -> TextEdit {
    TextEdit {
        span,
        replacement: replacement.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_number_grammar() {
        for ok in ["0", "-0", "1", "10", "1.5", "-1.5e10", "1E+2", "0.0e-0"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in [
            "", "-", "01", "+1", ".5", "1.", "1e", "1e+", "0x1", "1.2.3", "--1",
        ] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn repairs_keep_the_value() {
        assert_eq!(normalize("+1").unwrap().0, "1");
        assert_eq!(normalize(".5").unwrap().0, "0.5");
        assert_eq!(normalize("-.5").unwrap().0, "-0.5");
        assert_eq!(normalize("1.").unwrap().0, "1.0");
        assert_eq!(normalize("1.e3").unwrap().0, "1.0e3");
        assert_eq!(normalize("0x1F").unwrap().0, "31");
        assert_eq!(normalize("007"), None);
        assert_eq!(strip_leading_zeros("007").as_deref(), Some("7"));
        assert_eq!(strip_leading_zeros("00.5").as_deref(), Some("0.5"));
        assert_eq!(strip_leading_zeros("0"), None);
    }
}
