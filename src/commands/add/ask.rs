//! The questions `mcpctl add` asks on a terminal (dialoguer), and the pure
//! helper behind them: which env keys are secrets (asked with hidden
//! input). A typed command line is split by `text::split_words`. Only called when
//! `ctx.interactive` (stdin is a terminal); never off a terminal. Ctrl-C at
//! a prompt still ends mcpctl, but first puts the terminal back as it was
//! (echo on, cursor shown): see `commands::prompt`.

use dialoguer::{Input, Password};

use crate::commands::prompt::restore_terminal_on_interrupt;

use crate::error::Error;

/// What the user typed: the server's name, its command line, its env.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub name: String,
    pub argv: Vec<String>,
    pub env: Vec<(String, String)>,
}

fn prompt_failed(e: dialoguer::Error) -> Error {
    crate::commands::prompt::ask_failed(
        "could not read your answer",
        e,
        "pass everything on the command line: `mcpctl add NAME -- COMMAND ARGS...`",
    )
}

/// Ask for whatever is missing. `name`/`argv` already given are kept;
/// `env` from `--env` is kept and more may be added.
pub fn ask(
    name: Option<String>,
    argv: Vec<String>,
    mut env: Vec<(String, String)>,
    taken: &Taken,
) -> Result<Answers, Error> {
    restore_terminal_on_interrupt();
    let name = match name {
        Some(n) => n,
        None => Input::<String>::new()
            .with_prompt("Server name (e.g. memory)")
            .validate_with(|s: &String| non_empty(s, "a name").and_then(|()| free_name(s, taken)))
            .interact_text()
            .map_err(prompt_failed)?,
    };
    let argv = if argv.is_empty() {
        let line = Input::<String>::new()
            .with_prompt("Command and arguments (e.g. npx -y @modelcontextprotocol/server-memory)")
            .validate_with(|s: &String| {
                crate::text::split_words(s).and_then(|w| non_empty_words(&w))
            })
            .interact_text()
            .map_err(prompt_failed)?;
        crate::text::split_words(&line).map_err(Error::new)?
    } else {
        argv
    };
    loop {
        let key = Input::<String>::new()
            .with_prompt("Environment variable name (empty to finish)")
            .allow_empty(true)
            .validate_with(|s: &String| valid_key(s))
            .interact_text()
            .map_err(prompt_failed)?;
        let key = key.trim().to_string();
        if key.is_empty() {
            break;
        }
        let prompt = format!("Value of {key}");
        let value = if looks_secret(&key) {
            Password::new()
                .with_prompt(format!("{prompt} (hidden)"))
                .allow_empty_password(true)
                .interact()
        } else {
            Input::<String>::new()
                .with_prompt(prompt)
                .allow_empty(true)
                .interact_text()
        }
        .map_err(prompt_failed)?;
        env.retain(|(k, _)| *k != key);
        env.push((key, value));
    }
    Ok(Answers { name, argv, env })
}

fn non_empty(s: &str, what: &str) -> Result<(), String> {
    if s.trim().is_empty() {
        Err(format!("{what} is required"))
    } else {
        Ok(())
    }
}

/// Names a new server may not take: the config's (none with --force),
/// and those `mcpctl disable` set aside (even with --force).
#[derive(Debug, Default)]
pub struct Taken {
    pub existing: Vec<String>,
    pub disabled: Vec<String>,
}

/// A name neither the config nor the disabled servers hold.
fn free_name(s: &str, taken: &Taken) -> Result<(), String> {
    if taken.existing.iter().any(|t| t == s) {
        Err(format!(
            "a server named `{}` exists already: pick another name, or pass --force to replace it",
            crate::escape::name(s)
        ))
    } else if taken.disabled.iter().any(|t| t == s) {
        Err(format!(
            "`{}` is the name of a disabled server: pick another name (`mcpctl enable` puts that \
one back)",
            crate::escape::name(s)
        ))
    } else {
        Ok(())
    }
}

fn non_empty_words(w: &[String]) -> Result<(), String> {
    if w.is_empty() {
        Err("a command is required".to_string())
    } else {
        Ok(())
    }
}

fn valid_key(s: &str) -> Result<(), String> {
    if s.contains('=') {
        Err("the name cannot contain `=`".to_string())
    } else {
        Ok(())
    }
}

/// Env keys whose values are asked with hidden input: any `_`-separated
/// word (or the whole key) naming a credential. `PATH` is not `PAT`.
pub fn looks_secret(key: &str) -> bool {
    const WORDS: &[&str] = &[
        "KEY",
        "APIKEY",
        "TOKEN",
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "PASS",
        "PWD",
        "AUTH",
        "AUTHORIZATION",
        "CREDENTIAL",
        "CREDENTIALS",
        "PAT",
        "COOKIE",
        "SESSION",
        "PRIVATE",
        "BEARER",
        "DSN",
        "CONNECTION",
        "CONN",
    ];
    /// A URL of one of these carries its password (`postgres://u:pw@h`).
    const STORES: &[&str] = &[
        "DB",
        "DATABASE",
        "POSTGRES",
        "POSTGRESQL",
        "PG",
        "MYSQL",
        "MONGO",
        "MONGODB",
        "REDIS",
        "AMQP",
        "RABBITMQ",
        "SQL",
    ];
    let upper = key.to_ascii_uppercase();
    let words: Vec<&str> = upper.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    words.iter().any(|w| WORDS.contains(w))
        || ["TOKEN", "SECRET", "PASSWORD", "APIKEY"]
            .iter()
            .any(|w| upper.contains(w))
        || (words.iter().any(|w| matches!(*w, "URL" | "URI"))
            && words.iter().any(|w| STORES.contains(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_keys() {
        for k in [
            "API_KEY",
            "GITHUB_TOKEN",
            "db_password",
            "OPENAI_APIKEY",
            "AUTH",
            "GH_PAT",
            // a store's URL carries its password
            "DATABASE_URL",
            "REDIS_URL",
            "MONGODB_URI",
            "PG_CONNECTION_STRING",
        ] {
            assert!(looks_secret(k), "{k}");
        }
        for k in [
            "PATH",
            "HOME",
            "DEBUG",
            "PORT",
            "KEYBOARD_LAYOUT",
            "LOG_LEVEL",
            "BASE_URL",
            "DB_NAME",
        ] {
            assert!(!looks_secret(k), "{k}");
        }
    }
}
