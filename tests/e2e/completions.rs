//! The completion scripts committed under `completions/` must match what the
//! current CLI definition generates. When this fails, refresh them with
//!
//!     UPDATE_COMPLETIONS=1 cargo test --test e2e completions
//!
//! and commit the result.

use std::path::Path;

use mcpctl::commands::completions::{SHELLS, generate};

#[test]
fn committed_completions_are_fresh() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some_and(|v| !v.is_empty());
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let want = generate(*shell);
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).expect("create completions/");
            std::fs::write(&path, &want).expect("write completion file");
            continue;
        }
        match std::fs::read(&path) {
            Ok(have) if have == want => {}
            Ok(_) => stale.push(format!("{} is stale", path.display())),
            Err(e) => stale.push(format!("{} cannot be read: {e}", path.display())),
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nThe CLI changed since the completion scripts were generated. Refresh them with\n  \
UPDATE_COMPLETIONS=1 cargo test --test e2e completions\nand commit completions/.",
        stale.join("\n")
    );
}

#[test]
fn every_shell_has_a_distinct_file() {
    let mut names: Vec<&str> = SHELLS.iter().map(|(_, f)| *f).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 5);
}
