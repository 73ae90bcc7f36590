//! The release workflow (.github/workflows/release.yml) cannot run here, so
//! these tests hold it to what the packages promise: every platform package
//! the npm launcher lists (npm/mcpctl/package.json) has one build job, on a
//! runner of that OS and CPU, building the matching Rust target, running the
//! test suite and the pack check for that target; and no version is written
//! anywhere but Cargo.toml (npm/stage.js stamps it into the npm packages,
//! maturin into the wheel, the workflow reads it and checks the tag).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

const WORKFLOW: &str = ".github/workflows/release.yml";
const LAUNCHER: &str = "npm/mcpctl/package.json";
const SCOPE: &str = "@mcpctl/";
/// The placeholder every npm/ package.json holds instead of a version.
const PLACEHOLDER: &str = "0.0.0";
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo(path: &str) -> PathBuf {
    crate::support::repo().join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

fn workflow() -> Yaml {
    let mut docs = YamlLoader::load_from_str(&read(WORKFLOW))
        .unwrap_or_else(|e| panic!("{WORKFLOW} is not valid YAML: {e}"));
    assert_eq!(docs.len(), 1, "{WORKFLOW}: one YAML document");
    docs.remove(0)
}

fn launcher() -> serde_json::Value {
    serde_json::from_str(&read(LAUNCHER)).unwrap_or_else(|e| panic!("{LAUNCHER}: {e}"))
}

/// `${process.platform}-${process.arch}` of every platform package the
/// launcher depends on (optionally), e.g. "linux-x64".
fn npm_platforms() -> BTreeSet<String> {
    let launcher = launcher();
    let deps = launcher["optionalDependencies"]
        .as_object()
        .expect("the launcher has optionalDependencies");
    deps.keys()
        .map(|name| {
            name.strip_prefix(SCOPE)
                .unwrap_or_else(|| {
                    panic!("{LAUNCHER}: optional dependency {name} is not {SCOPE}<platform>")
                })
                .to_string()
        })
        .collect()
}

struct BuildJob {
    npm: String,
    target: String,
    runner: String,
}

fn text(yaml: &Yaml, what: &str) -> String {
    yaml.as_str()
        .unwrap_or_else(|| panic!("{WORKFLOW}: {what} must be a string, got {yaml:?}"))
        .to_string()
}

fn build_jobs(workflow: &Yaml) -> Vec<BuildJob> {
    let build = &workflow["jobs"]["build"];
    assert_eq!(
        text(&build["runs-on"], "jobs.build.runs-on"),
        "${{ matrix.runner }}",
        "each build job runs on the runner its matrix entry names"
    );
    let include = build["strategy"]["matrix"]["include"]
        .as_vec()
        .unwrap_or_else(|| {
            panic!("{WORKFLOW}: jobs.build.strategy.matrix.include must list the targets")
        });
    include
        .iter()
        .map(|entry| BuildJob {
            npm: text(&entry["npm"], "matrix npm"),
            target: text(&entry["target"], "matrix target"),
            runner: text(&entry["runner"], "matrix runner"),
        })
        .collect()
}

/// The `run:` scripts of a job's steps, with the step names.
fn step_runs(job: &Yaml) -> Vec<(String, String)> {
    job["steps"]
        .as_vec()
        .expect("a job has steps")
        .iter()
        .filter_map(|step| {
            let run = step["run"].as_str()?;
            Some((
                step["name"].as_str().unwrap_or("").to_string(),
                run.to_string(),
            ))
        })
        .collect()
}

/// The Rust target triple and native runner a platform key requires.
fn rust_target_matches(key: &str, triple: &str) -> bool {
    let (os, cpu) = key.split_once('-').expect("platform keys are os-cpu");
    let arch = match cpu {
        "x64" => "x86_64-",
        "arm64" => "aarch64-",
        _ => return false,
    };
    let os_part = match os {
        "linux" => "-unknown-linux-",
        "darwin" => "-apple-darwin",
        "win32" => "-pc-windows-",
        _ => return false,
    };
    triple.starts_with(arch) && triple.contains(os_part)
}

/// GitHub-hosted runner labels: ubuntu-*-arm and windows-*-arm are arm64,
/// macos-*-intel (and the old macos-13) are x64, other macos-* are arm64.
fn runner_is_native(key: &str, runner: &str) -> bool {
    let arm = runner.ends_with("-arm");
    let intel_mac = runner.ends_with("-intel") || runner == "macos-13";
    match key {
        "linux-x64" => runner.starts_with("ubuntu-") && !arm,
        "linux-arm64" => runner.starts_with("ubuntu-") && arm,
        "darwin-x64" => runner.starts_with("macos-") && intel_mac,
        "darwin-arm64" => runner.starts_with("macos-") && !intel_mac,
        "win32-x64" => runner.starts_with("windows-") && !arm,
        "win32-arm64" => runner.starts_with("windows-") && arm,
        _ => false,
    }
}

#[test]
fn every_npm_platform_package_has_one_native_build_job() {
    let platforms = npm_platforms();
    assert!(platforms.len() >= 5, "the launcher lists {platforms:?}");
    let jobs = build_jobs(&workflow());
    let built: Vec<&str> = jobs.iter().map(|j| j.npm.as_str()).collect();
    for key in &platforms {
        let matching: Vec<&BuildJob> = jobs.iter().filter(|j| &j.npm == key).collect();
        assert_eq!(
            matching.len(),
            1,
            "{LAUNCHER} lists {SCOPE}{key}: {WORKFLOW} must have exactly one build job for it (has: {built:?})"
        );
        let job = matching[0];
        assert!(
            rust_target_matches(key, &job.target),
            "build job {key}: Rust target {} does not build for {key}",
            job.target
        );
        assert!(
            runner_is_native(key, &job.runner),
            "build job {key}: runner {} is not a native {key} machine (the tests must run on the target itself)",
            job.runner
        );
    }
    for job in &jobs {
        assert!(
            platforms.contains(&job.npm),
            "{WORKFLOW} builds {} ({}), which {LAUNCHER} does not list: its binary would reach no npm user",
            job.npm,
            job.target
        );
    }
}

#[test]
fn every_build_job_runs_the_tests_and_the_pack_check_for_its_target() {
    let workflow = workflow();
    let runs = step_runs(&workflow["jobs"]["build"]);
    let for_target = |needle: &str| {
        runs.iter()
            .filter(|(_, run)| {
                run.contains(needle) && run.contains("--target \"${{ matrix.target }}\"")
            })
            .map(|(name, _)| name.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        !for_target("scripts/test").is_empty(),
        "a build step must run the README's test command (scripts/test) for the matrix target: {runs:#?}"
    );
    let packs = for_target("scripts/pack-check.sh --profile release");
    assert_eq!(
        packs.len(),
        1,
        "one build step must pack the wheel and npm packages with scripts/pack-check.sh --profile release: {runs:#?}"
    );
    let archive = runs
        .iter()
        .find(|(name, _)| name.contains("Archive"))
        .expect("an archive step");
    assert!(
        archive.1.contains("dist/bin/") && archive.1.contains("sha256"),
        "the archive is made from the pack check's binary (dist/bin), with its SHA-256: {}",
        archive.1
    );
}

#[test]
fn the_version_is_written_only_in_cargo_toml() {
    // The workflow reads it with cargo metadata and refuses a tag that differs.
    let workflow = workflow();
    let version_job = &workflow["jobs"]["version"];
    assert_eq!(
        text(
            &version_job["outputs"]["version"],
            "jobs.version.outputs.version"
        ),
        "${{ steps.cargo.outputs.version }}"
    );
    let runs = step_runs(version_job);
    assert!(
        runs.iter().any(|(_, run)| run.contains("cargo metadata")
            && run.contains("GITHUB_REF_NAME")
            && run.contains("exit 1")),
        "jobs.version must read the version from Cargo.toml (cargo metadata) and fail on a tag that differs: {runs:#?}"
    );
    for job in ["build", "publish"] {
        assert_eq!(
            text(&workflow["jobs"][job]["env"]["VERSION"], "env.VERSION"),
            "${{ needs.version.outputs.version }}",
            "jobs.{job} takes its version from jobs.version"
        );
    }
    let raw = read(WORKFLOW);
    assert!(
        !contains_version(&raw, VERSION),
        "{WORKFLOW} writes the version {VERSION} itself: use ${{{{ env.VERSION }}}}"
    );

    // npm/: placeholders only, stamped by npm/stage.js.
    let launcher = launcher();
    assert_eq!(launcher["version"], PLACEHOLDER, "{LAUNCHER}: version");
    for (name, spec) in launcher["optionalDependencies"].as_object().unwrap() {
        assert_eq!(spec, PLACEHOLDER, "{LAUNCHER}: optionalDependencies.{name}");
    }

    // pyproject.toml: the version is dynamic (maturin takes Cargo.toml's).
    let pyproject = read("pyproject.toml");
    let dynamic = pyproject
        .lines()
        .find(|l| l.trim_start().starts_with("dynamic"))
        .expect("pyproject.toml: [project] dynamic = [...]");
    assert!(dynamic.contains("\"version\""), "pyproject.toml: {dynamic}");
    assert!(
        !pyproject
            .lines()
            .any(|l| l.trim_start().starts_with("version")),
        "pyproject.toml must not write a version"
    );
}

/// `version` appears as a whole version (not inside a longer one such as
/// 10.1.0 or 0.1.0.1), e.g. in "v0.1.0" or a file name "mcpctl-0.1.0-x86_64".
fn contains_version(text: &str, version: &str) -> bool {
    let is_part = |c: char| c.is_ascii_digit() || c == '.';
    text.match_indices(version).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + version.len()..].chars().next();
        !before.is_some_and(is_part) && !after.is_some_and(is_part)
    })
}

#[test]
fn contains_version_finds_whole_versions_only() {
    assert!(contains_version("tag v0.1.0 here", "0.1.0"));
    assert!(contains_version("\"0.1.0\"", "0.1.0"));
    assert!(contains_version(
        "name=\"mcpctl-0.1.0-${{ matrix.target }}\"",
        "0.1.0"
    ));
    assert!(!contains_version("maturin==10.1.0", "0.1.0"));
    assert!(!contains_version("0.1.0.1", "0.1.0"));
    assert!(!contains_version("uses: x@v4", "0.1.0"));
}

#[test]
fn staged_npm_packages_carry_cargo_version_and_platform_fields() {
    if Command::new("node").arg("--version").output().is_err() {
        crate::support::skip("node", "node not found on PATH: npm/stage.js is not run");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let fake = tmp.path().join("mcpctl-binary");
    std::fs::write(&fake, b"not really a binary").unwrap();
    let out = tmp.path().join("stage");
    let mut cmd = Command::new("node");
    cmd.arg(repo("npm/stage.js")).arg("--out").arg(&out);
    let platforms = npm_platforms();
    for key in &platforms {
        cmd.args(["--platform", key]).arg("--binary").arg(&fake);
    }
    let run = cmd.output().unwrap();
    assert!(
        run.status.success(),
        "npm/stage.js failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );

    let manifest = |dir: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(dir).join("package.json")).unwrap())
            .unwrap()
    };
    let staged = manifest("mcpctl");
    assert_eq!(staged["version"], VERSION);
    assert_eq!(staged["bin"]["mcpctl"], "bin/mcpctl.js");
    assert!(
        staged.get("scripts").is_none(),
        "no install scripts: {staged}"
    );
    for spec in staged["optionalDependencies"].as_object().unwrap().values() {
        assert_eq!(
            spec, VERSION,
            "the launcher pins its platform packages to its own version"
        );
    }
    for key in &platforms {
        let (os, cpu) = key.split_once('-').unwrap();
        let pkg = manifest(key);
        let exe = if os == "win32" {
            "mcpctl.exe"
        } else {
            "mcpctl"
        };
        assert_eq!(pkg["name"], format!("{SCOPE}{key}"));
        assert_eq!(pkg["version"], VERSION, "{key}");
        assert_eq!(pkg["os"], serde_json::json!([os]), "{key}");
        assert_eq!(pkg["cpu"], serde_json::json!([cpu]), "{key}");
        assert_eq!(
            pkg["files"],
            serde_json::json!([format!("bin/{exe}")]),
            "{key}"
        );
        assert!(
            pkg.get("scripts").is_none() && pkg.get("bin").is_none(),
            "{key}: {pkg}"
        );
        assert!(
            out.join(key).join("bin").join(exe).is_file(),
            "{key}: bin/{exe}"
        );
    }
}
