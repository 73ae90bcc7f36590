
use builtin;
use str;

set edit:completion:arg-completer[mcpctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'mcpctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'mcpctl'= {
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand path 'Show which config file mcpctl (and Claude Desktop) reads, and why'
            cand list 'List configured servers (env values masked)'
            cand validate 'Check syntax, schema and common mistakes, with positions and hints'
            cand schema 'Print the bundled JSON Schema for claude_desktop_config.json'
            cand completions 'Generate shell completions'
            cand test-launch 'Launch servers as Claude Desktop does and run the MCP handshake'
            cand add 'Add (or replace) a server entry, safely'
            cand remove 'Remove a server entry, safely'
            cand disable 'Turn a server off without losing it (moved to mcpctl-disabled.json), or an extension off'
            cand enable 'Put a disabled server back where it was, or turn an extension on'
            cand restore 'List backups, or put one back'
            cand doctor 'Explain why servers fail in Claude Desktop, and repair what is safe'
            cand logs 'Show what Claude Desktop itself logged about each server''s last start'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcpctl;path'= {
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcpctl;list'= {
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --show-secrets 'Show env values instead of masking them'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcpctl;validate'= {
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --strict 'Treat warnings as failures (exit 1)'
            cand --extensions 'Also check each Desktop Extension''s manifest.json beside the config'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcpctl;schema'= {
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcpctl;completions'= {
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcpctl;test-launch'= {
            cand --timeout 'Seconds each server may take (Claude Desktop allows 60 for initialize)'
            cand -j 'How many servers may start at once [default: number of cores]'
            cand --jobs 'How many servers may start at once [default: number of cores]'
            cand --lane 'Only judge the server as this lane of the app does: `chat`, or `cowork` (Cowork and Code sessions); repeatable [default: both]'
            cand --app-path-from-logs 'Launch each server with the PATH Claude Desktop logged giving it (mcp.log), when it logged one; `=false` keeps the OS profile''s PATH. MCPCTL_APP_PATH, when set, wins over both'
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --shell-env 'Launch with your shell''s full environment and current directory instead of the app''s sanitized environment and `/`'
            cand --discover 'Also show the era probe''s `server/discover` answer (the probe runs for the cowork lane anyway; with `--lane chat` it runs for this)'
            cand --show-secrets 'Show env values instead of masking them'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mcpctl;add'= {
            cand -e 'Environment variable for the server (repeatable)'
            cand --env 'Environment variable for the server (repeatable)'
            cand --timeout 'Seconds each server may take (Claude Desktop allows 60 for initialize)'
            cand -j 'How many servers may start at once [default: number of cores]'
            cand --jobs 'How many servers may start at once [default: number of cores]'
            cand --lane 'Only judge the server as this lane of the app does: `chat`, or `cowork` (Cowork and Code sessions); repeatable [default: both]'
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --force 'Replace an existing entry; save even when --check fails'
            cand --dry-run 'Print the diff and write nothing'
            cand --no-resolve 'Keep a bare command as written instead of resolving it through PATH'
            cand --check 'Launch the new entry and run the handshake before saving'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --show-secrets 'Show env values instead of masking them'
            cand --shell-env 'Launch with your shell''s full environment and current directory instead of the app''s sanitized environment and `/`'
            cand --discover 'Also show the era probe''s `server/discover` answer (the probe runs for the cowork lane anyway; with `--lane chat` it runs for this)'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mcpctl;remove'= {
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --dry-run 'Print the diff and write nothing'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcpctl;disable'= {
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --extension 'NAME is a Desktop Extension, even when a config server has that name'
            cand --dry-run 'Show what would change and write nothing'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcpctl;enable'= {
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --extension 'NAME is a Desktop Extension, even when a config server has that name'
            cand --dry-run 'Show what would change and write nothing'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcpctl;restore'= {
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --merge-servers 'Put back only the servers the file lost (from BACKUP, default the newest), keeping everything else the file has now (the app''s preferences)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcpctl;doctor'= {
            cand --timeout 'Seconds each server may take (Claude Desktop allows 60 for initialize)'
            cand -j 'How many servers may start at once [default: number of cores]'
            cand --jobs 'How many servers may start at once [default: number of cores]'
            cand --lane 'Only judge the server as this lane of the app does: `chat`, or `cowork` (Cowork and Code sessions); repeatable [default: both]'
            cand --app-path-from-logs 'Launch each server with the PATH Claude Desktop logged giving it (mcp.log), when it logged one; `=false` keeps the OS profile''s PATH. MCPCTL_APP_PATH, when set, wins over both'
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand --no-launch 'Skip launching servers (steps 1-3 only)'
            cand --fix 'Apply the repairs that cannot change what you meant'
            cand -y 'With --fix: do not ask for confirmation'
            cand --yes 'With --fix: do not ask for confirmation'
            cand --dry-run 'With --fix: show the diff and write nothing'
            cand --show-secrets 'Show env values instead of masking them'
            cand --shell-env 'Launch with your shell''s full environment and current directory instead of the app''s sanitized environment and `/`'
            cand --discover 'Also show the era probe''s `server/discover` answer (the probe runs for the cowork lane anyway; with `--lane chat` it runs for this)'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'mcpctl;logs'= {
            cand --since 'Ignore lines older than this, e.g. 30m, 2h, 3d, 1h30m'
            cand --config 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)'
            cand -f 'Keep reading: show new lines as the app writes them (Ctrl-C stops)'
            cand --follow 'Keep reading: show new lines as the app writes them (Ctrl-C stops)'
            cand --raw 'The lines of each server''s last session as the app wrote them'
            cand --show-secrets 'Show the config''s env values where the logs quote them'
            cand --json 'Machine-readable output on stdout (shapes documented in docs/json/)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'mcpctl;help'= {
            cand path 'Show which config file mcpctl (and Claude Desktop) reads, and why'
            cand list 'List configured servers (env values masked)'
            cand validate 'Check syntax, schema and common mistakes, with positions and hints'
            cand schema 'Print the bundled JSON Schema for claude_desktop_config.json'
            cand completions 'Generate shell completions'
            cand test-launch 'Launch servers as Claude Desktop does and run the MCP handshake'
            cand add 'Add (or replace) a server entry, safely'
            cand remove 'Remove a server entry, safely'
            cand disable 'Turn a server off without losing it (moved to mcpctl-disabled.json), or an extension off'
            cand enable 'Put a disabled server back where it was, or turn an extension on'
            cand restore 'List backups, or put one back'
            cand doctor 'Explain why servers fail in Claude Desktop, and repair what is safe'
            cand logs 'Show what Claude Desktop itself logged about each server''s last start'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mcpctl;help;path'= {
        }
        &'mcpctl;help;list'= {
        }
        &'mcpctl;help;validate'= {
        }
        &'mcpctl;help;schema'= {
        }
        &'mcpctl;help;completions'= {
        }
        &'mcpctl;help;test-launch'= {
        }
        &'mcpctl;help;add'= {
        }
        &'mcpctl;help;remove'= {
        }
        &'mcpctl;help;disable'= {
        }
        &'mcpctl;help;enable'= {
        }
        &'mcpctl;help;restore'= {
        }
        &'mcpctl;help;doctor'= {
        }
        &'mcpctl;help;logs'= {
        }
        &'mcpctl;help;help'= {
        }
    ]
    $completions[$command]
}
