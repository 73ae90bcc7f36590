//! Every code mcpctl reports, in one table: config diagnostics (syntax,
//! schema, lint), doctor's machine findings, and the codes of `doctor
//! --fix`'s changes. Each has its stable id (what `--json` prints and
//! scripts match on), its severity, a one-line summary and where it is
//! documented; tests check that every code is documented there and that
//! ids are unique (ripgrep's flag table and uv's environment-variable
//! table are the model). Code compares [`Code`]s, never strings. A leaf:
//! no `crate::` paths.
//!
//! Launch verdicts are their own concept (`probe::Verdict`, documented in
//! docs/json/test-launch.md).

use std::fmt;

/// How much a problem matters. Errors and warnings are problems (exit 1);
/// notes are context (doctor's findings only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Note,
}

/// Which part of mcpctl reports a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The strict-JSON pass (`config::syntax`).
    Syntax,
    /// The bundled JSON Schema (`config::schema`; the schema file names it).
    Schema,
    /// The lint pass (`config::lint`).
    Lint,
    /// Doctor's look at the machine (`machine`).
    Finding,
    /// A change `doctor --fix` makes that no diagnostic names (`plan::repair`).
    Repair,
    /// The lint of a Desktop Extension's `manifest.json` (`app::extensions::manifest`).
    Manifest,
    /// A guard that only a bug in mcpctl trips.
    Internal,
}

/// One line of the table.
#[derive(Debug, Clone, Copy)]
pub struct Info {
    pub code: Code,
    /// The stable id, kebab-case.
    pub id: &'static str,
    pub kind: Kind,
    /// The severity where `kind` reports it.
    pub severity: Level,
    /// Also reported by doctor's machine survey, at this level (a lint
    /// `command-not-found` is a warning: the file may be for another
    /// machine; once doctor looked at this one, it is an error).
    pub finding: Option<Level>,
    pub summary: &'static str,
    /// The generic fix (lint rules; diagnostics give a concrete one when
    /// they can). Empty for the others.
    pub hint: &'static str,
    /// Where it is documented (`file#anchor`), the main place first.
    pub docs: &'static [&'static str],
}

/// Every code, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    Bom,
    EmptyFile,
    InvalidUtf8,
    Comment,
    TrailingComma,
    SmartQuote,
    SingleQuote,
    UnquotedKey,
    MissingComma,
    MissingColon,
    MissingValue,
    MissingKey,
    MissingBrace,
    UnterminatedString,
    ControlCharacter,
    InvalidEscape,
    InvalidNumber,
    InvalidLiteral,
    InvalidWhitespace,
    Unclosed,
    MismatchedBracket,
    UnexpectedCharacter,
    MultipleValues,
    DuplicateKey,
    TooDeep,
    RootNotObject,
    ServersNotObject,
    ServerNotObject,
    CommandMissing,
    CommandNotString,
    CommandEmpty,
    ArgsNotArray,
    ArgsNotStrings,
    EnvNotObject,
    EnvNotString,
    IgnoredKey,
    DisabledIgnored,
    UnknownKey,
    RemoteServer,
    Schema,
    ServersKey,
    MisplacedServer,
    NestedServers,
    NoServers,
    EmptyServerName,
    DuplicateServer,
    CommandWithArgs,
    RelativeCommand,
    RelativeArg,
    MissingPath,
    EscapedPath,
    TildeCommand,
    Tilde,
    VarCommand,
    UnexpandedVar,
    EmptyEnvValue,
    EnvPathNoSystem,
    EnvNameCase,
    CommandNotFound,
    Placeholder,
    SecretInArgs,
    DockerTty,
    DockerNoStdin,
    NoScript,
    ShellRedirect,
    InspectorCommand,
    StartsNothing,
    WindowsShim,
    BridgeFixedPort,
    BridgeNeedsAllowHttp,
    BridgeTokenInArgs,
    BridgeFlagIgnored,
    BridgeUrlCredentials,
    AppNotFound,
    AppRunning,
    AppLogs,
    AppNotRestarted,
    AppSkippedServer,
    AppOutcomeDiffers,
    AppCommandDiffers,
    AppLaneFailed,
    AppToolSchemaRefused,
    AppLoggedNotInFile,
    ToolOnlyOnShellPath,
    ToolIsBatchFile,
    NodeDiffers,
    PythonDiffers,
    ShimOnAppPath,
    CommandOnlyOnShellPath,
    CommandNotExecutable,
    VersionManagerShim,
    NodeVersionMismatch,
    NodeNotOnAppPath,
    PythonVersionMismatch,
    BridgeNotCached,
    BridgeNodeTooOld,
    CommandResolved,
    NodePinned,
    ExtensionBuiltinNode,
    ExtensionFolderMissing,
    ExtensionIdUnsafe,
    ExtensionKeychainValue,
    ExtensionListInString,
    ExtensionNoCommand,
    ExtensionNotRecorded,
    ExtensionRelativeCommand,
    ExtensionSettingDefault,
    ExtensionSettingMissing,
    ExtensionSettingUnset,
    ExtensionSettingsUnreadable,
    ExtensionUnknownVariable,
    ExtensionsRecordUnreadable,
    ExtensionsFolderUnreadable,
    ManifestMissing,
    ManifestNotJson,
    ManifestUnreadable,
    PlatformOverride,
    PolicyConflict,
    PolicyExtensionsOff,
    PolicyLocalServersOff,
    PolicyManagedServers,
    PolicySignatureRequired,
    PolicyValueUnreadable,
    ThirdPartyConfig,
    UvHostManaged,
    NameCollision,
    SideFileUnreadable,
    DisableUnfinished,
    ConfigWiped,
    ManifestVersion,
    ManifestMissingKey,
    ManifestUnknownKey,
    ManifestWrongType,
    ManifestBadValue,
    ManifestSchema,
    Empty,
}

use Kind::*;
use Level::{Error, Note, Warning};

const DIAGNOSTIC: &[&str] = &["docs/json/diagnostic.md#syntax-codes"];
const SCHEMA: &[&str] = &["docs/json/diagnostic.md#schema-codes"];
const LINT: &[&str] = &["docs/lint-rules.md#lint-rules"];
const FINDING: &[&str] = &["docs/json/doctor.md#finding"];
const FIX: &[&str] = &["docs/json/doctor.md#fix-with---fix"];
const INVENTORY: &[&str] = &["docs/json/inventory.md#list---json-the-inventory"];
const EXT_LAUNCH: &[&str] = &["docs/json/inventory.md#an-extensions-launch-doctor--test-launch"];
const MANIFEST: &[&str] = &["docs/json/inventory.md#manifest-lint-validate--doctor"];
const POLICY: &[&str] = &["docs/json/inventory.md#admin-policy-doctor"];
const RECORDED: &[&str] = &["docs/json/doctor.md#what-the-app-recorded"];
const DISABLE: &[&str] = &["docs/json/disable.md#what-can-be-half-done"];
const WIPE: &[&str] = &["docs/json/inventory.md#wipe-guard-doctor-restore---merge-servers"];

/// The table: one line per code, in [`Code`] order.
pub const CODES: &[Info] = &[
    Info {
        code: Code::Bom,
        id: "bom",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "UTF-8 byte order mark at the start of the file",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::EmptyFile,
        id: "empty-file",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "empty or whitespace-only file, or no JSON value at all",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::InvalidUtf8,
        id: "invalid-utf8",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "bytes that are not UTF-8, or a whole UTF-16 file",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::Comment,
        id: "comment",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a `//`, `/* */` or `#` comment: strict JSON has none",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::TrailingComma,
        id: "trailing-comma",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a comma after the last entry of an object or array",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::SmartQuote,
        id: "smart-quote",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "curly quotes used as string quotes",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::SingleQuote,
        id: "single-quote",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a string in single quotes",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::UnquotedKey,
        id: "unquoted-key",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "an object key without quotes",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::MissingComma,
        id: "missing-comma",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "two entries without a comma between them",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::MissingColon,
        id: "missing-colon",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a key without `:` (or with `=`)",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::MissingValue,
        id: "missing-value",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a key without a value",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::MissingKey,
        id: "missing-key",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a value where a key belongs",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::MissingBrace,
        id: "missing-brace",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "the outer `{` is missing",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::UnterminatedString,
        id: "unterminated-string",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a string not closed before the end of its line",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::ControlCharacter,
        id: "control-character",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a raw line break, tab or other control character inside a string",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::InvalidEscape,
        id: "invalid-escape",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "an escape JSON does not have, typically a Windows path with single backslashes",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::InvalidNumber,
        id: "invalid-number",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a number JSON does not allow (leading zeros, `+1`, `.5`, `NaN`, hex, ...)",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::InvalidLiteral,
        id: "invalid-literal",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a bare word: `True`, `None`, `undefined`, ...",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::InvalidWhitespace,
        id: "invalid-whitespace",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a no-break or zero-width space outside strings",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::Unclosed,
        id: "unclosed",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a `{` or `[` never closed",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::MismatchedBracket,
        id: "mismatched-bracket",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "`]` where `}` was expected or the other way round",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::UnexpectedCharacter,
        id: "unexpected-character",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "anything else out of place",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::MultipleValues,
        id: "multiple-values",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "a second top-level value",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::DuplicateKey,
        id: "duplicate-key",
        kind: Syntax,
        severity: Warning,
        finding: None,
        summary: "the same key twice in one object: the app keeps the last",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::TooDeep,
        id: "too-deep",
        kind: Syntax,
        severity: Error,
        finding: None,
        summary: "nesting deeper than 128 levels",
        hint: "",
        docs: DIAGNOSTIC,
    },
    Info {
        code: Code::RootNotObject,
        id: "root-not-object",
        kind: Schema,
        severity: Error,
        finding: None,
        summary: "the file is not a JSON object",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::ServersNotObject,
        id: "servers-not-object",
        kind: Schema,
        severity: Error,
        finding: None,
        summary: "`mcpServers` is not an object",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::ServerNotObject,
        id: "server-not-object",
        kind: Schema,
        severity: Error,
        finding: None,
        summary: "a server entry is not an object",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::CommandMissing,
        id: "command-missing",
        kind: Schema,
        severity: Error,
        finding: Some(Error),
        summary: "a server entry without `command`",
        hint: "",
        docs: &[
            "docs/json/diagnostic.md#schema-codes",
            "docs/json/doctor.md#finding",
        ],
    },
    Info {
        code: Code::CommandNotString,
        id: "command-not-string",
        kind: Schema,
        severity: Error,
        finding: None,
        summary: "`command` is not a string",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::CommandEmpty,
        id: "command-empty",
        kind: Schema,
        severity: Error,
        finding: None,
        summary: "`command` is an empty string",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::ArgsNotArray,
        id: "args-not-array",
        kind: Schema,
        severity: Error,
        finding: None,
        summary: "`args` is not an array",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::ArgsNotStrings,
        id: "args-not-strings",
        kind: Schema,
        severity: Error,
        finding: None,
        summary: "an element of `args` is not a string",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::EnvNotObject,
        id: "env-not-object",
        kind: Schema,
        severity: Error,
        finding: None,
        summary: "`env` is not an object",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::EnvNotString,
        id: "env-not-string",
        kind: Schema,
        severity: Error,
        finding: None,
        summary: "an `env` value is not a string (numbers and booleans too)",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::IgnoredKey,
        id: "ignored-key",
        kind: Schema,
        severity: Warning,
        finding: None,
        summary: "a key the app ignores (e.g. `cwd`, `type: \"stdio\"`)",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::DisabledIgnored,
        id: "disabled-ignored",
        kind: Schema,
        severity: Warning,
        finding: None,
        summary: "`\"disabled\": true` (anything but `false`): the app ignores the key and starts the server anyway",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::UnknownKey,
        id: "unknown-key",
        kind: Schema,
        severity: Warning,
        finding: None,
        summary: "a key in a server entry that Claude Desktop does not read",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::RemoteServer,
        id: "remote-server",
        kind: Schema,
        severity: Error,
        finding: None,
        summary: "a remote server (`url`, `type: http`): Claude Desktop launches local commands only",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::Schema,
        id: "schema",
        kind: Schema,
        severity: Error,
        finding: None,
        summary: "any other schema violation",
        hint: "",
        docs: SCHEMA,
    },
    Info {
        code: Code::ServersKey,
        id: "servers-key",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "`servers` (VS Code's name) or a misspelt `mcpServers` (`mcpservers`, `mcp_servers`): Claude Desktop loads no server from it",
        hint: "rename the key to \"mcpServers\"",
        docs: LINT,
    },
    Info {
        code: Code::MisplacedServer,
        id: "misplaced-server",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "a server entry at the top level, beside `mcpServers` instead of inside it: the app never starts it",
        hint: "move the entry under \"mcpServers\"",
        docs: LINT,
    },
    Info {
        code: Code::NestedServers,
        id: "nested-servers",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "server entries one level too deep (a `mcpServers` block pasted inside `mcpServers` or under another key): the app starts none of them",
        hint: "move the entries up into the top-level \"mcpServers\" object",
        docs: LINT,
    },
    Info {
        code: Code::NoServers,
        id: "no-servers",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "no `mcpServers` key: Claude Desktop starts no server",
        hint: "add \"mcpServers\": {\"NAME\": {\"command\": \"...\"}} (or run `mcpctl add NAME -- COMMAND ARGS...`)",
        docs: LINT,
    },
    Info {
        code: Code::EmptyServerName,
        id: "empty-server-name",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "a server with an empty name",
        hint: "give the server a short name, e.g. \"memory\"",
        docs: LINT,
    },
    Info {
        code: Code::DuplicateServer,
        id: "duplicate-server",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "two servers with the same name: the app keeps only the last",
        hint: "rename one of them, or delete the one you do not want",
        docs: LINT,
    },
    Info {
        code: Code::CommandWithArgs,
        id: "command-with-args",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "`command` holds a whole command line: the app runs it as one program name",
        hint: "put the program in `command` and each argument in `args`",
        docs: LINT,
    },
    Info {
        code: Code::RelativeCommand,
        id: "relative-command",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "relative path in `command`: the app starts servers from `/` (macOS, Linux) or its own folder (Windows), not yours",
        hint: "use the absolute path",
        docs: LINT,
    },
    Info {
        code: Code::RelativeArg,
        id: "relative-arg",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "relative path in `args` (or `./x` in `env`): resolved from where the app starts servers (`/` on macOS and Linux, its own folder on Windows), not yours",
        hint: "use the absolute path",
        docs: LINT,
    },
    Info {
        code: Code::MissingPath,
        id: "missing-path",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "an absolute path in `args` that does not exist on this machine: a script, a folder given to server-filesystem (or a file given as one), or a path whose folder is missing too",
        hint: "write the path as it is on this machine (`ls -ld PATH` checks it)",
        docs: LINT,
    },
    Info {
        code: Code::EscapedPath,
        id: "escaped-path",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "a Windows path with single backslashes that happen to be JSON escapes (`C:\\tools` reads as `C:` + a tab + `ools`)",
        hint: "double every backslash (`C:\\\\tools`) or use forward slashes (`C:/tools`)",
        docs: LINT,
    },
    Info {
        code: Code::TildeCommand,
        id: "tilde-command",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "`~` in `command`: the app does not expand it",
        hint: "write your home folder out in full",
        docs: LINT,
    },
    Info {
        code: Code::Tilde,
        id: "tilde",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "`~` in `args` or `env`: the app passes it as written (some servers expand it, most do not)",
        hint: "write your home folder out in full",
        docs: LINT,
    },
    Info {
        code: Code::VarCommand,
        id: "var-command",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "`$VAR`, `${VAR}` or `%VAR%` in `command`: the app does not expand variables",
        hint: "write the value itself",
        docs: LINT,
    },
    Info {
        code: Code::UnexpandedVar,
        id: "unexpanded-var",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "`$VAR`, `${VAR}` or `%VAR%` in `args` or `env`: passed to the server as written",
        hint: "write the value itself; put secrets in `env`",
        docs: LINT,
    },
    Info {
        code: Code::EmptyEnvValue,
        id: "empty-env-value",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "empty `env` value: the server gets the variable set to an empty string",
        hint: "fill in the value, or remove the line if the server does not need it",
        docs: LINT,
    },
    Info {
        code: Code::EnvPathNoSystem,
        id: "env-path-no-system",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "`PATH` in `env` (macOS, Linux) without `/usr/bin` or `/bin`: it replaces the \
app's, and whatever the server starts by name (`sh`, which npx and npm run scripts with) is \
not found",
        hint: "end the PATH with the system folders: add `:/usr/local/bin:/usr/bin:/bin` to its \
end",
        docs: LINT,
    },
    Info {
        code: Code::EnvNameCase,
        id: "env-name-case",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "on Windows, an `env` name that differs only in case from one the app passes (`Path` beside `PATH`) or from another of the entry's: Node keeps the first in sorted order and drops this value",
        hint: "spell it as the app does (`PATH`), or keep one of the two",
        docs: LINT,
    },
    Info {
        code: Code::CommandNotFound,
        id: "command-not-found",
        kind: Lint,
        severity: Warning,
        finding: Some(Error),
        summary: "`command` not found on the PATH the app gives servers (not your shell's PATH)",
        hint: "use the command's absolute path",
        docs: &[
            "docs/lint-rules.md#lint-rules",
            "docs/json/doctor.md#finding",
        ],
    },
    Info {
        code: Code::Placeholder,
        id: "placeholder",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "a README placeholder never filled in (`<YOUR_TOKEN>`, `/path/to/...`, `YOUR_API_KEY_HERE`, `{{DIR}}`)",
        hint: "replace it with the real value",
        docs: LINT,
    },
    Info {
        code: Code::SecretInArgs,
        id: "secret-in-args",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "a secret in `args`, or in a command line written in `command` (`--token X`, `--api-key=X`, `Authorization: Bearer X`, `?api_key=X`, `sk-...`): visible in process lists and logs",
        hint: "move it to `env`, under the variable the server reads it from",
        docs: LINT,
    },
    Info {
        code: Code::DockerTty,
        id: "docker-tty",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "`docker run -t`/`-it`: the app gives no terminal, so docker stops with \"the input device is not a TTY\"",
        hint: "use `-i` alone: \"run\", \"-i\", \"--rm\", ...",
        docs: LINT,
    },
    Info {
        code: Code::DockerNoStdin,
        id: "docker-no-stdin",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "`docker run` or `docker exec` without `-i`: the container gets no stdin, so the server never hears the app",
        hint: "add `-i` after `run`: \"run\", \"-i\", \"--rm\", ...",
        docs: LINT,
    },
    Info {
        code: Code::NoScript,
        id: "no-script",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "an interpreter (`node`, `python`, `ruby`, `perl`, `php`, a shell) with no script in `args`: it reads its program from stdin, where the app's messages go, and never answers",
        hint: "put the server's script in `args`: \"args\": [\"/absolute/path/to/server.js\"]",
        docs: LINT,
    },
    Info {
        code: Code::ShellRedirect,
        id: "shell-redirect",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "a `sh -c`/`cmd /c` line that moves the server's stdio: `2>&1` puts its logs among its MCP messages, `> file` sends them away, `< file` feeds it a file",
        hint: "remove the redirection; to keep a log, redirect stderr alone: `2>>/path/to/server.log`",
        docs: LINT,
    },
    Info {
        code: Code::InspectorCommand,
        id: "inspector-command",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "the entry starts the MCP Inspector (`mcp dev`, `fastmcp dev`, `@modelcontextprotocol/inspector`), a web page for trying a server, not the server",
        hint: "start the server itself: `mcp run server.py`, `fastmcp run server.py`",
        docs: LINT,
    },
    Info {
        code: Code::StartsNothing,
        id: "starts-nothing",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "the entry's command line only changes the folder or sets a variable (`cd /srv`, `export X=1`): it starts no program, so the server is gone at once",
        hint: "name the server's program after it: `cd /srv && python3 server.py`",
        docs: LINT,
    },
    Info {
        code: Code::WindowsShim,
        id: "windows-shim",
        kind: Lint,
        severity: Warning,
        finding: Some(Error),
        summary: "Windows: `npx`/`npm`/`.cmd`/`.bat` started without `cmd /c`: there is no shell to run them",
        hint: "use \"command\": \"cmd\", \"args\": [\"/c\", \"npx\", ...]",
        docs: &[
            "docs/lint-rules.md#lint-rules",
            "docs/json/doctor.md#finding",
        ],
    },
    Info {
        code: Code::BridgeFixedPort,
        id: "bridge-fixed-port",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "mcp-remote given a fixed OAuth callback port: the app starts each server twice, and the second copy cannot listen there",
        hint: "remove the port argument after the URL",
        docs: LINT,
    },
    Info {
        code: Code::BridgeNeedsAllowHttp,
        id: "bridge-needs-allow-http",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "mcp-remote given a plain http:// URL to a host other than localhost / 127.0.0.1 without --allow-http: it exits at start",
        hint: "use the https:// URL, or add \"--allow-http\" to args",
        docs: LINT,
    },
    Info {
        code: Code::BridgeTokenInArgs,
        id: "bridge-token-in-args",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "a bridge's token written into args (shown in process lists and the app's logs) instead of env",
        hint: "\"--header\", \"Authorization:${AUTH_HEADER}\" with the value in env (mcp-remote expands it)",
        docs: LINT,
    },
    Info {
        code: Code::BridgeFlagIgnored,
        id: "bridge-flag-ignored",
        kind: Lint,
        severity: Warning,
        finding: None,
        summary: "an mcp-remote flag written `--flag=value`: mcp-remote reads only `--flag value`, so it ignores it (a `--header=K:V` sends no header)",
        hint: "write the flag and its value as two arguments: \"--header\", \"K:V\"",
        docs: LINT,
    },
    Info {
        code: Code::BridgeUrlCredentials,
        id: "bridge-url-credentials",
        kind: Lint,
        severity: Error,
        finding: None,
        summary: "a Node bridge (mcp-remote, supergateway) given a URL with `user:password@`: Node's fetch refuses such a URL, so the bridge exits at its first request",
        hint: "take the credentials out of the URL and send them as a header: \"--header\", \"Authorization:Basic ${REMOTE_AUTH}\" with the base64 of user:password in env",
        docs: LINT,
    },
    Info {
        code: Code::AppNotFound,
        id: "app-not-found",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "Claude Desktop is not where mcpctl looks",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::AppRunning,
        id: "app-running",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the app is running: it reads the config only at start, and rewrites it from memory",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::AppLogs,
        id: "app-logs",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "where the app's logs are",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::AppNotRestarted,
        id: "app-not-restarted",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the app has not started the server since the file last changed",
        hint: "",
        docs: RECORDED,
    },
    Info {
        code: Code::AppSkippedServer,
        id: "app-skipped-server",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "not started at the app's last launch, which came after the file last changed",
        hint: "",
        docs: RECORDED,
    },
    Info {
        code: Code::AppOutcomeDiffers,
        id: "app-outcome-differs",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the app's last outcome and mcpctl's launch disagree",
        hint: "",
        docs: RECORDED,
    },
    Info {
        code: Code::AppCommandDiffers,
        id: "app-command-differs",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the app ran another program than the one mcpctl's launch resolved",
        hint: "",
        docs: RECORDED,
    },
    Info {
        code: Code::AppLaneFailed,
        id: "app-lane-failed",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the app could not start the server for Cowork and Code sessions",
        hint: "",
        docs: RECORDED,
    },
    Info {
        code: Code::AppToolSchemaRefused,
        id: "app-tool-schema-refused",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the app refused tool schemas of the server",
        hint: "",
        docs: RECORDED,
    },
    Info {
        code: Code::AppLoggedNotInFile,
        id: "app-logged-not-in-file",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the app started a server the file no longer has",
        hint: "",
        docs: RECORDED,
    },
    Info {
        code: Code::ToolOnlyOnShellPath,
        id: "tool-only-on-shell-path",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "a tool (node, npx, uv, ...) is on the shell's PATH only",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::ToolIsBatchFile,
        id: "tool-is-batch-file",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "Windows: the tool is a `.cmd`/`.bat` file the app cannot start without `cmd /c`",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::NodeDiffers,
        id: "node-differs",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the app's PATH finds another node first than the shell",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::PythonDiffers,
        id: "python-differs",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the app's PATH finds another python3 first than the shell",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::ShimOnAppPath,
        id: "shim-on-app-path",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "a tool on the app's PATH is a version-manager shim",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::CommandOnlyOnShellPath,
        id: "command-only-on-shell-path",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "the server's bare command is found only through the shell's PATH",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::CommandNotExecutable,
        id: "command-not-executable",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "an absolute command that cannot be executed",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::VersionManagerShim,
        id: "version-manager-shim",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "the command resolves to a shim, which picks its version from the working directory",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::NodeVersionMismatch,
        id: "node-version-mismatch",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "a Node-based server runs under another node than the shell's",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::NodeNotOnAppPath,
        id: "node-not-on-app-path",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "a Node script with no node on the PATH it gets",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::PythonVersionMismatch,
        id: "python-version-mismatch",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "a bare `python3` resolves to another interpreter than the shell's",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::BridgeNotCached,
        id: "bridge-not-cached",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "a bridge run with npx/uvx is not installed or cached here: its first start downloads it (network, and maybe past the app's 60 s)",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::BridgeNodeTooOld,
        id: "bridge-node-too-old",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "the bridge package's `engines.node` excludes the node the app would run it with",
        hint: "",
        docs: FINDING,
    },
    Info {
        code: Code::CommandResolved,
        id: "command-resolved",
        kind: Repair,
        severity: Note,
        finding: None,
        summary: "`doctor --fix` set `command` to the absolute path the shell finds",
        hint: "",
        docs: FIX,
    },
    Info {
        code: Code::NodePinned,
        id: "node-pinned",
        kind: Repair,
        severity: Note,
        finding: None,
        summary: "`doctor --fix` put the shell's Node first on the entry's `env.PATH`",
        hint: "",
        docs: FIX,
    },
    Info {
        code: Code::ExtensionBuiltinNode,
        id: "extension-builtin-node",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the app runs Node extensions on its built-in Node.js; the test launch uses the machine's `node`",
        hint: "",
        docs: EXT_LAUNCH,
    },
    Info {
        code: Code::ExtensionFolderMissing,
        id: "extension-folder-missing",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "recorded as installed, folder gone: the app cannot start it",
        hint: "",
        docs: INVENTORY,
    },
    Info {
        code: Code::ExtensionIdUnsafe,
        id: "extension-id-unsafe",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "(inventory-wide) an id that cannot name a folder was skipped",
        hint: "",
        docs: INVENTORY,
    },
    Info {
        code: Code::ExtensionKeychainValue,
        id: "extension-keychain-value",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "a `sensitive` setting lives in the OS keychain, which mcpctl does not read: the launch goes without it (an env var that is only that value is left unset)",
        hint: "",
        docs: EXT_LAUNCH,
    },
    Info {
        code: Code::ExtensionListInString,
        id: "extension-list-in-string",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "a list setting inside a longer string: the app leaves it as written",
        hint: "",
        docs: EXT_LAUNCH,
    },
    Info {
        code: Code::ExtensionNoCommand,
        id: "extension-no-command",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "no `server.mcp_config` (and not a uv bundle), a `command` that is not a string, or `args` that are not an array: the app has no command line (`app_starts: false`)",
        hint: "",
        docs: EXT_LAUNCH,
    },
    Info {
        code: Code::ExtensionNotRecorded,
        id: "extension-not-recorded",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "a folder with no installation record (left over?)",
        hint: "",
        docs: INVENTORY,
    },
    Info {
        code: Code::ExtensionRelativeCommand,
        id: "extension-relative-command",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "a relative binary command; mcpctl runs it from the extension's folder",
        hint: "",
        docs: EXT_LAUNCH,
    },
    Info {
        code: Code::ExtensionSettingDefault,
        id: "extension-setting-default",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "settings not saved, so the manifest's defaults were used",
        hint: "",
        docs: EXT_LAUNCH,
    },
    Info {
        code: Code::ExtensionSettingMissing,
        id: "extension-setting-missing",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "a `required` setting has no saved value: the app does not start the extension (`app_starts: false`); the manifest's default does not count, as in the mcpb library",
        hint: "",
        docs: EXT_LAUNCH,
    },
    Info {
        code: Code::ExtensionSettingUnset,
        id: "extension-setting-unset",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "an optional setting with no value and no default: `${user_config.KEY}` is passed as written",
        hint: "",
        docs: EXT_LAUNCH,
    },
    Info {
        code: Code::ExtensionSettingsUnreadable,
        id: "extension-settings-unreadable",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "the settings file is not the expected JSON: counted as disabled",
        hint: "",
        docs: INVENTORY,
    },
    Info {
        code: Code::ExtensionUnknownVariable,
        id: "extension-unknown-variable",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "`${NAME}` the app does not replace, or a setting the manifest does not declare",
        hint: "",
        docs: EXT_LAUNCH,
    },
    Info {
        code: Code::ExtensionsRecordUnreadable,
        id: "extensions-record-unreadable",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "(inventory-wide) `extensions-installations.json` is not the expected JSON",
        hint: "",
        docs: INVENTORY,
    },
    Info {
        code: Code::ExtensionsFolderUnreadable,
        id: "extensions-folder-unreadable",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "`Claude Extensions` cannot be listed: the extensions recorded there cannot be checked",
        hint: "",
        docs: INVENTORY,
    },
    Info {
        code: Code::ManifestMissing,
        id: "manifest-missing",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "the folder has no `manifest.json`",
        hint: "",
        docs: INVENTORY,
    },
    Info {
        code: Code::ManifestNotJson,
        id: "manifest-not-json",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "`manifest.json` is not strict JSON (the manifest lint shows where)",
        hint: "",
        docs: INVENTORY,
    },
    Info {
        code: Code::ManifestUnreadable,
        id: "manifest-unreadable",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "`manifest.json` cannot be read",
        hint: "",
        docs: INVENTORY,
    },
    Info {
        code: Code::PlatformOverride,
        id: "platform-override",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "which fields `platform_overrides.<os>` replaced",
        hint: "",
        docs: EXT_LAUNCH,
    },
    Info {
        code: Code::PolicyConflict,
        id: "policy-conflict",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "two places disagree; says which one mcpctl took",
        hint: "",
        docs: POLICY,
    },
    Info {
        code: Code::PolicyExtensionsOff,
        id: "policy-extensions-off",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "`isDesktopExtensionEnabled` = false: the app runs no extension",
        hint: "",
        docs: POLICY,
    },
    Info {
        code: Code::PolicyLocalServersOff,
        id: "policy-local-servers-off",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "`isLocalDevMcpEnabled` = false: the app ignores every server in the config file",
        hint: "",
        docs: POLICY,
    },
    Info {
        code: Code::PolicyManagedServers,
        id: "policy-managed-servers",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the servers the administrator adds",
        hint: "",
        docs: POLICY,
    },
    Info {
        code: Code::PolicySignatureRequired,
        id: "policy-signature-required",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "names the enabled extensions that are unsigned or self-signed",
        hint: "",
        docs: POLICY,
    },
    Info {
        code: Code::PolicyValueUnreadable,
        id: "policy-value-unreadable",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "a value that is neither true nor false (`0`/`1`, `true`/`false`)",
        hint: "",
        docs: POLICY,
    },
    Info {
        code: Code::ThirdPartyConfig,
        id: "third-party-config",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "a `Claude-3p` folder exists: in custom-inference mode the app reads its own config there",
        hint: "",
        docs: POLICY,
    },
    Info {
        code: Code::UvHostManaged,
        id: "uv-host-managed",
        kind: Finding,
        severity: Note,
        finding: None,
        summary: "the app runs uv extensions with its own uv; the test launch uses the machine's `uv`",
        hint: "",
        docs: EXT_LAUNCH,
    },
    Info {
        code: Code::NameCollision,
        id: "name-collision",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "a config entry named like an extension, or two entries that differ only in case: the app shows both",
        hint: "",
        docs: INVENTORY,
    },
    Info {
        code: Code::SideFileUnreadable,
        id: "side-file-unreadable",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "`mcpctl-disabled.json` is not mcpctl's format: its disabled entries cannot be listed or enabled",
        hint: "",
        docs: INVENTORY,
    },
    Info {
        code: Code::DisableUnfinished,
        id: "disable-unfinished",
        kind: Finding,
        severity: Warning,
        finding: None,
        summary: "an entry is both in the config and in the side file, byte for byte: a disable or enable was interrupted",
        hint: "",
        docs: DISABLE,
    },
    Info {
        code: Code::ConfigWiped,
        id: "config-wiped",
        kind: Finding,
        severity: Error,
        finding: None,
        summary: "the file has no `mcpServers` while the newest backup has servers: the app replaced it with a preferences-only stub",
        hint: "",
        docs: WIPE,
    },
    Info {
        code: Code::ManifestVersion,
        id: "manifest-version",
        kind: Manifest,
        severity: Error,
        finding: None,
        summary: "no version at all (error); a version mcpctl does not know, checked as 0.4 (warning)",
        hint: "",
        docs: MANIFEST,
    },
    Info {
        code: Code::ManifestMissingKey,
        id: "manifest-missing-key",
        kind: Manifest,
        severity: Error,
        finding: None,
        summary: "a required key is missing (warning for `mcp_config` of a uv server: the app runs those itself)",
        hint: "",
        docs: MANIFEST,
    },
    Info {
        code: Code::ManifestUnknownKey,
        id: "manifest-unknown-key",
        kind: Manifest,
        severity: Warning,
        finding: None,
        summary: "a key the version does not define (the library's lenient reading ignores it; `mcpb validate` refuses it)",
        hint: "",
        docs: MANIFEST,
    },
    Info {
        code: Code::ManifestWrongType,
        id: "manifest-wrong-type",
        kind: Manifest,
        severity: Error,
        finding: None,
        summary: "a value of the wrong JSON type",
        hint: "",
        docs: MANIFEST,
    },
    Info {
        code: Code::ManifestBadValue,
        id: "manifest-bad-value",
        kind: Manifest,
        severity: Error,
        finding: None,
        summary: "not one of the allowed values (`server.type`), the wrong version, a malformed URL or email, a bad pattern",
        hint: "",
        docs: MANIFEST,
    },
    Info {
        code: Code::ManifestSchema,
        id: "manifest-schema",
        kind: Manifest,
        severity: Error,
        finding: None,
        summary: "the bundled schema is broken (a bug)",
        hint: "",
        docs: MANIFEST,
    },
    Info {
        code: Code::Empty,
        id: "empty",
        kind: Internal,
        severity: Error,
        finding: None,
        summary: "an edit that would leave no JSON value at all (a bug in mcpctl)",
        hint: "",
        docs: &["docs/json/diagnostic.md#other-codes"],
    },
];

impl Code {
    /// Its line of the table.
    pub fn info(self) -> &'static Info {
        &CODES[self as usize]
    }

    /// The stable id (`trailing-comma`).
    pub fn id(self) -> &'static str {
        self.info().id
    }

    pub fn severity(self) -> Level {
        self.info().severity
    }

    /// The level of doctor's finding with this code.
    pub fn finding_level(self) -> Level {
        let info = self.info();
        info.finding.unwrap_or(info.severity)
    }

    pub fn summary(self) -> &'static str {
        self.info().summary
    }

    /// The generic fix (lint rules).
    pub fn hint(self) -> &'static str {
        self.info().hint
    }

    /// The code with this id, if `kind` reports it (the schema file names
    /// its codes by id).
    pub fn from_id(kind: Kind, id: &str) -> Option<Code> {
        CODES
            .iter()
            .find(|i| i.kind == kind && i.id == id)
            .map(|i| i.code)
    }

    /// Every code `kind` reports, in table order.
    pub fn of_kind(kind: Kind) -> impl Iterator<Item = Code> {
        CODES.iter().filter(move |i| i.kind == kind).map(|i| i.code)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn read(file: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    /// GitHub's anchor for a heading: lower case, spaces to `-`,
    /// punctuation dropped.
    fn slug(heading: &str) -> String {
        heading
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect()
    }

    #[test]
    fn the_table_is_in_enum_order_and_ids_are_unique() {
        for (i, info) in CODES.iter().enumerate() {
            assert_eq!(info.code as usize, i, "{} is out of order", info.id);
            assert!(
                info.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}: ids are kebab-case",
                info.id
            );
            assert!(
                !info.summary.is_empty() && !info.docs.is_empty(),
                "{}",
                info.id
            );
        }
        let ids: BTreeSet<&str> = CODES.iter().map(|i| i.id).collect();
        assert_eq!(ids.len(), CODES.len(), "an id is listed twice");
    }

    #[test]
    fn every_code_is_documented_where_the_table_says() {
        let mut missing = Vec::new();
        for info in CODES {
            for doc in info.docs {
                let (file, anchor) = doc.split_once('#').unwrap_or((doc, ""));
                let text = read(file);
                let named = text.contains(&format!("`{}`", info.id))
                    || text.contains(&format!("\"{}\"", info.id));
                if !named {
                    missing.push(format!("`{}` is not documented in {file}", info.id));
                }
                let headings: Vec<String> = text
                    .lines()
                    .filter_map(|l| l.strip_prefix('#'))
                    .map(|h| slug(h.trim_start_matches('#')))
                    .collect();
                if !anchor.is_empty() && !headings.iter().any(|h| h == anchor) {
                    missing.push(format!("{file} has no heading for #{anchor}"));
                }
            }
        }
        missing.dedup();
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    #[test]
    fn lint_rules_have_a_hint_and_findings_a_level() {
        for info in CODES {
            assert_eq!(info.kind == Lint, !info.hint.is_empty(), "{}", info.id);
            if matches!(info.kind, Syntax | Schema | Lint | Internal) {
                assert_ne!(
                    info.severity, Note,
                    "{}: a diagnostic is an error or a warning",
                    info.id
                );
            }
        }
        assert_eq!(Code::CommandNotFound.severity(), Warning);
        assert_eq!(Code::CommandNotFound.finding_level(), Error);
        assert_eq!(Code::NodeDiffers.finding_level(), Note);
        assert_eq!(
            Code::from_id(Schema, "env-not-string"),
            Some(Code::EnvNotString)
        );
        assert_eq!(Code::from_id(Lint, "env-not-string"), None);
        assert_eq!(Code::TrailingComma.id(), "trailing-comma");
        assert_eq!(
            serde_json::to_string(&Code::Tilde).ok().as_deref(),
            Some("\"tilde\"")
        );
    }
}
