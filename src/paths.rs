//! Path syntax, read the way the app reads a config's paths, for either
//! family of OS whatever mcpctl runs on (a Windows config is checked on
//! Linux too). One answer per input: `validate`, `doctor` and `add` ask
//! here whether a path is absolute, so they judge the same command alike.
//!
//! Windows has two forms that look absolute and are not: `\srv\x.exe`
//! starts at the root of the *current drive*, and `C:srv\x.exe` is
//! relative to the *current folder on drive C:*. Both depend on where the
//! app happens to run, so neither is safe in a config.

/// The two families of path syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// macOS and Linux: `/` separates, `/` starts an absolute path.
    Unix,
    /// `\` and `/` separate; drives, UNC shares.
    Windows,
}

/// What a path is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Complete: `/usr/bin/x`; on Windows `C:\x`, `C:/x`,
    /// `\\server\share\x`, `\\?\C:\x`.
    Absolute,
    /// Windows `\srv\x.exe` (or `/srv/x.exe`): the root of the current
    /// drive.
    RootRelative,
    /// Windows `C:srv\x.exe` (or `C:`): the current folder on that drive.
    DriveRelative,
    /// The current folder: `./x`, `dir/x`, `x.py` (and bare names).
    Relative,
}

/// The form of `s` in `style`.
pub fn form(style: Style, s: &str) -> Form {
    match style {
        Style::Unix if s.starts_with('/') => Form::Absolute,
        Style::Unix => Form::Relative,
        Style::Windows => {
            let b = s.as_bytes();
            let sep = |c: u8| c == b'\\' || c == b'/';
            if b.len() >= 2 && sep(b[0]) && sep(b[1]) {
                // `\\server\share`, `\\?\C:\`, `\\.\pipe`
                Form::Absolute
            } else if b.first().copied().is_some_and(sep) {
                Form::RootRelative
            } else if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
                if b.get(2).copied().is_some_and(sep) {
                    Form::Absolute
                } else {
                    Form::DriveRelative
                }
            } else {
                Form::Relative
            }
        }
    }
}

/// Whether `s` is a complete path in `style`.
pub fn is_absolute(style: Style, s: &str) -> bool {
    form(style, s) == Form::Absolute
}

/// The characters that separate folders in `style`.
pub fn separators(style: Style) -> &'static [char] {
    match style {
        Style::Windows => &['/', '\\'],
        Style::Unix => &['/'],
    }
}

/// Whether `s` contains a folder separator of `style` (a path, not a bare
/// name looked up on PATH).
pub fn has_separator(style: Style, s: &str) -> bool {
    s.contains(separators(style))
}

/// `base` with each of `parts` after `style`'s separator (`/`; `\` for
/// Windows), whatever OS runs this: std's `Path::join` follows the build,
/// so on Windows it would put `\` into a macOS path. A part may hold
/// several names (`.nvm/versions/node`): they are kept as written.
pub fn join(style: Style, base: &std::path::Path, parts: &[&str]) -> std::path::PathBuf {
    let sep = match style {
        Style::Unix => '/',
        Style::Windows => '\\',
    };
    let base = base.to_string_lossy();
    let room = base.len() + parts.iter().map(|p| p.len() + 1).sum::<usize>();
    let mut s = String::with_capacity(room);
    s.push_str(&base);
    for p in parts {
        if s.bytes()
            .last()
            .is_some_and(|b| !separators(style).contains(&char::from(b)))
        {
            s.push(sep);
        }
        s.push_str(p);
    }
    std::path::PathBuf::from(s)
}

/// The drive letter of a Windows path (`C:\x`, `c:x` → `C`).
pub fn drive(s: &str) -> Option<char> {
    let b = s.as_bytes();
    (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
        .then(|| b[0].to_ascii_uppercase() as char)
}

/// A path in a JSON document, for `#[serde(serialize_with =
/// "crate::paths::lossy")]` on a `PathBuf`, an `Option<PathBuf>` or a
/// `Vec<PathBuf>`: as text, each byte that is not UTF-8 shown as U+FFFD,
/// as every path mcpctl prints. (serde's own `Path` fails on such a path,
/// and the whole document would be lost; a JSON string cannot hold the
/// bytes themselves.)
pub fn lossy<T: LossyPaths + ?Sized, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    v.serialize_lossy(s)
}

/// What [`lossy`] serializes.
pub trait LossyPaths {
    fn serialize_lossy<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
}

impl LossyPaths for std::path::PathBuf {
    fn serialize_lossy<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string_lossy())
    }
}

impl LossyPaths for Option<std::path::PathBuf> {
    fn serialize_lossy<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(p) => s.serialize_some(&*p.to_string_lossy()),
            None => s.serialize_none(),
        }
    }
}

impl LossyPaths for Vec<std::path::PathBuf> {
    fn serialize_lossy<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(|p| p.to_string_lossy()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Form::*;

    /// One answer per input, for both styles.
    #[test]
    fn every_input_has_one_form() {
        let table: &[(&str, Form, Form)] = &[
            // input            Windows        Unix
            (r"C:\x", Absolute, Relative),
            ("C:/x", Absolute, Relative),
            (r"c:\Program Files\x.exe", Absolute, Relative),
            (r"\\server\share\x.exe", Absolute, Relative),
            (r"\\?\C:\x.exe", Absolute, Relative),
            ("//server/share", Absolute, Absolute),
            (r"\srv\x.exe", RootRelative, Relative),
            ("/srv/x.exe", RootRelative, Absolute),
            (r"C:srv\x.exe", DriveRelative, Relative),
            ("C:", DriveRelative, Relative),
            ("C:x", DriveRelative, Relative),
            (r".\x.exe", Relative, Relative),
            ("./x", Relative, Relative),
            (r"srv\x.exe", Relative, Relative),
            ("build/index.js", Relative, Relative),
            ("npx", Relative, Relative),
            ("", Relative, Relative),
            ("~/x", Relative, Relative),
        ];
        for (input, windows, unix) in table {
            assert_eq!(form(Style::Windows, input), *windows, "Windows: {input}");
            assert_eq!(form(Style::Unix, input), *unix, "Unix: {input}");
            assert_eq!(
                is_absolute(Style::Windows, input),
                *windows == Absolute,
                "{input}"
            );
        }
    }

    #[test]
    fn separators_and_drives() {
        assert!(has_separator(Style::Windows, r"a\b"));
        assert!(!has_separator(Style::Unix, r"a\b"));
        assert!(has_separator(Style::Unix, "a/b"));
        assert_eq!(drive(r"c:\x"), Some('C'));
        assert_eq!(drive("C:x"), Some('C'));
        assert_eq!(drive(r"\x"), None);
    }

    /// The style's separator, not the build's.
    #[test]
    fn join_follows_the_style() {
        use std::path::Path;
        let j = |style, base: &str, parts: &[&str]| join(style, Path::new(base), parts);
        assert_eq!(
            j(Style::Unix, "/Users/ann", &[".nvm/versions/node", "v18"]).to_str(),
            Some("/Users/ann/.nvm/versions/node/v18")
        );
        assert_eq!(j(Style::Unix, "/", &["bin"]).to_str(), Some("/bin"));
        assert_eq!(j(Style::Unix, "", &["bin"]).to_str(), Some("bin"));
        assert_eq!(
            j(Style::Windows, r"C:\Users\ann", &["AppData", "Local"]).to_str(),
            Some(r"C:\Users\ann\AppData\Local")
        );
        assert_eq!(
            j(Style::Windows, r"C:\", &["x.exe"]).to_str(),
            Some(r"C:\x.exe")
        );
    }

    /// A path that is not UTF-8 is still a JSON string (serde's own
    /// `Path` would fail the whole document).
    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_is_json_text() {
        use std::os::unix::ffi::OsStrExt;
        use std::path::PathBuf;
        #[derive(serde::Serialize)]
        struct Doc {
            #[serde(serialize_with = "lossy")]
            one: PathBuf,
            #[serde(serialize_with = "lossy")]
            some: Option<PathBuf>,
            #[serde(serialize_with = "lossy")]
            none: Option<PathBuf>,
            #[serde(serialize_with = "lossy")]
            all: Vec<PathBuf>,
        }
        let odd = PathBuf::from(std::ffi::OsStr::from_bytes(b"/d/bad\xffname.json"));
        let doc = Doc {
            one: odd.clone(),
            some: Some(odd.clone()),
            none: None,
            all: vec![odd, PathBuf::from("/ok")],
        };
        let want = "/d/bad\u{fffd}name.json";
        assert_eq!(
            serde_json::to_value(&doc).expect("serializes"),
            serde_json::json!({"one": want, "some": want, "none": null, "all": [want, "/ok"]})
        );
    }
}
