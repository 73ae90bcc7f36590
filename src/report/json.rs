//! The JSON renderer: any report model as the pretty-printed document of
//! docs/json/ (one per run, on stdout), ending in a newline. The models'
//! `Serialize` is the contract; this module only prints it, with the
//! characters a terminal would act on escaped (`escape::json`).

use serde::Serialize;
use serde_json::Value;

use crate::secrets::Secrets;

/// `model` on one line (JSON lines: `logs --follow --json`).
pub fn line<T: Serialize + ?Sized>(model: &T) -> String {
    finished(serde_json::to_string(model).unwrap_or_default())
}

/// The document for `model`, with its final newline.
pub fn render<T: Serialize + ?Sized>(model: &T) -> String {
    finished(serde_json::to_string_pretty(model).unwrap_or_default())
}

/// Serialized text made terminal-safe (copied only when it had something
/// to escape), with its final newline.
fn finished(text: String) -> String {
    let mut text = match crate::escape::json(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(safe) => safe,
    };
    text.push('\n');
    text
}

/// [`render`] with `secrets` masked in every string value (keys, numbers
/// and the shape stay as they are).
pub fn render_masked<T: Serialize + ?Sized>(model: &T, secrets: &Secrets) -> String {
    if secrets.is_empty() {
        return render(model);
    }
    render(&masked(model, secrets))
}

/// [`line()`] with `secrets` masked in every string value.
pub fn line_masked<T: Serialize + ?Sized>(model: &T, secrets: &Secrets) -> String {
    if secrets.is_empty() {
        return line(model);
    }
    line(&masked(model, secrets))
}

/// `model` as a value, with `secrets` masked in every string.
fn masked<T: Serialize + ?Sized>(model: &T, secrets: &Secrets) -> Value {
    let mut value = serde_json::to_value(model).unwrap_or_default();
    mask_strings(&mut value, secrets);
    value
}

fn mask_strings(v: &mut Value, secrets: &Secrets) {
    match v {
        Value::String(s) => {
            if let std::borrow::Cow::Owned(masked) = secrets.mask(s) {
                *s = masked;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| mask_strings(i, secrets)),
        Value::Object(map) => map.values_mut().for_each(|i| mask_strings(i, secrets)),
        _ => {}
    }
}
