//! A config diff as text: `-`/`+`/`@@` lines coloured (when the style
//! allows), and a line saying so when only masked values change.

use crate::report::diff::Diff;
use crate::report::style::Style;

pub fn render(d: &Diff, style: Style) -> String {
    let mut out = String::new();
    for line in d.text.lines() {
        let painted = if line.starts_with("+++") || line.starts_with("---") {
            style.bold(line)
        } else if line.starts_with('+') {
            style.green(line)
        } else if line.starts_with('-') {
            style.red(line)
        } else if line.starts_with("@@") {
            style.cyan(line)
        } else {
            line.to_string()
        };
        out.push_str(&painted);
        out.push('\n');
    }
    if d.only_hidden_changes {
        out.push_str("(only masked env values change; pass --show-secrets to see them)\n");
    }
    out
}
