# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_mcpctl_global_optspecs
    string join \n config= json h/help V/version
end

function __fish_mcpctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_mcpctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_mcpctl_using_subcommand
    set -l cmd (__fish_mcpctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c mcpctl -n "__fish_mcpctl_needs_command" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_needs_command" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -s V -l version -d 'Print version'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "path" -d 'Show which config file mcpctl (and Claude Desktop) reads, and why'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "list" -d 'List configured servers (env values masked)'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "validate" -d 'Check syntax, schema and common mistakes, with positions and hints'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "schema" -d 'Print the bundled JSON Schema for claude_desktop_config.json'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "completions" -d 'Generate shell completions'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "test-launch" -d 'Launch servers as Claude Desktop does and run the MCP handshake'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "add" -d 'Add (or replace) a server entry, safely'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "remove" -d 'Remove a server entry, safely'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "disable" -d 'Turn a server off without losing it (moved to mcpctl-disabled.json), or an extension off'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "enable" -d 'Put a disabled server back where it was, or turn an extension on'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "restore" -d 'List backups, or put one back'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "doctor" -d 'Explain why servers fail in Claude Desktop, and repair what is safe'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "logs" -d 'Show what Claude Desktop itself logged about each server\'s last start'
complete -c mcpctl -n "__fish_mcpctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand path" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand path" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand path" -s h -l help -d 'Print help'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand list" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand list" -l show-secrets -d 'Show env values instead of masking them'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand list" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand list" -s h -l help -d 'Print help'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand validate" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand validate" -l strict -d 'Treat warnings as failures (exit 1)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand validate" -l extensions -d 'Also check each Desktop Extension\'s manifest.json beside the config'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand validate" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand validate" -s h -l help -d 'Print help'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand schema" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand schema" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand schema" -s h -l help -d 'Print help'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand completions" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand completions" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand test-launch" -l timeout -d 'Seconds each server may take (Claude Desktop allows 60 for initialize)' -r
complete -c mcpctl -n "__fish_mcpctl_using_subcommand test-launch" -s j -l jobs -d 'How many servers may start at once [default: number of cores]' -r
complete -c mcpctl -n "__fish_mcpctl_using_subcommand test-launch" -l lane -d 'Only judge the server as this lane of the app does: `chat`, or `cowork` (Cowork and Code sessions); repeatable [default: both]' -r -f -a "chat\t'The chat connection (`claude-ai`, initialize 2025-11-25)'
cowork\t'Cowork and Code sessions: the era probe, then their own copy beside the chat copy'"
complete -c mcpctl -n "__fish_mcpctl_using_subcommand test-launch" -l app-path-from-logs -d 'Launch each server with the PATH Claude Desktop logged giving it (mcp.log), when it logged one; `=false` keeps the OS profile\'s PATH. MCPCTL_APP_PATH, when set, wins over both' -r -f -a "true\t''
false\t''"
complete -c mcpctl -n "__fish_mcpctl_using_subcommand test-launch" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand test-launch" -l shell-env -d 'Launch with your shell\'s full environment and current directory instead of the app\'s sanitized environment and `/`'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand test-launch" -l discover -d 'Also show the era probe\'s `server/discover` answer (the probe runs for the cowork lane anyway; with `--lane chat` it runs for this)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand test-launch" -l show-secrets -d 'Show env values instead of masking them'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand test-launch" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand test-launch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -s e -l env -d 'Environment variable for the server (repeatable)' -r
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -l timeout -d 'Seconds each server may take (Claude Desktop allows 60 for initialize)' -r
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -s j -l jobs -d 'How many servers may start at once [default: number of cores]' -r
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -l lane -d 'Only judge the server as this lane of the app does: `chat`, or `cowork` (Cowork and Code sessions); repeatable [default: both]' -r -f -a "chat\t'The chat connection (`claude-ai`, initialize 2025-11-25)'
cowork\t'Cowork and Code sessions: the era probe, then their own copy beside the chat copy'"
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -l force -d 'Replace an existing entry; save even when --check fails'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -l dry-run -d 'Print the diff and write nothing'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -l no-resolve -d 'Keep a bare command as written instead of resolving it through PATH'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -l check -d 'Launch the new entry and run the handshake before saving'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -s y -l yes -d 'Do not ask for confirmation'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -l show-secrets -d 'Show env values instead of masking them'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -l shell-env -d 'Launch with your shell\'s full environment and current directory instead of the app\'s sanitized environment and `/`'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -l discover -d 'Also show the era probe\'s `server/discover` answer (the probe runs for the cowork lane anyway; with `--lane chat` it runs for this)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand remove" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand remove" -l dry-run -d 'Print the diff and write nothing'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand remove" -s y -l yes -d 'Do not ask for confirmation'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand remove" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand remove" -s h -l help -d 'Print help'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand disable" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand disable" -l extension -d 'NAME is a Desktop Extension, even when a config server has that name'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand disable" -l dry-run -d 'Show what would change and write nothing'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand disable" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand disable" -s h -l help -d 'Print help'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand enable" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand enable" -l extension -d 'NAME is a Desktop Extension, even when a config server has that name'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand enable" -l dry-run -d 'Show what would change and write nothing'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand enable" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand enable" -s h -l help -d 'Print help'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand restore" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand restore" -l merge-servers -d 'Put back only the servers the file lost (from BACKUP, default the newest), keeping everything else the file has now (the app\'s preferences)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand restore" -s y -l yes -d 'Do not ask for confirmation'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand restore" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand restore" -s h -l help -d 'Print help'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -l timeout -d 'Seconds each server may take (Claude Desktop allows 60 for initialize)' -r
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -s j -l jobs -d 'How many servers may start at once [default: number of cores]' -r
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -l lane -d 'Only judge the server as this lane of the app does: `chat`, or `cowork` (Cowork and Code sessions); repeatable [default: both]' -r -f -a "chat\t'The chat connection (`claude-ai`, initialize 2025-11-25)'
cowork\t'Cowork and Code sessions: the era probe, then their own copy beside the chat copy'"
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -l app-path-from-logs -d 'Launch each server with the PATH Claude Desktop logged giving it (mcp.log), when it logged one; `=false` keeps the OS profile\'s PATH. MCPCTL_APP_PATH, when set, wins over both' -r -f -a "true\t''
false\t''"
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -l no-launch -d 'Skip launching servers (steps 1-3 only)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -l fix -d 'Apply the repairs that cannot change what you meant'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -s y -l yes -d 'With --fix: do not ask for confirmation'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -l dry-run -d 'With --fix: show the diff and write nothing'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -l show-secrets -d 'Show env values instead of masking them'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -l shell-env -d 'Launch with your shell\'s full environment and current directory instead of the app\'s sanitized environment and `/`'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -l discover -d 'Also show the era probe\'s `server/discover` answer (the probe runs for the cowork lane anyway; with `--lane chat` it runs for this)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand logs" -l since -d 'Ignore lines older than this, e.g. 30m, 2h, 3d, 1h30m' -r
complete -c mcpctl -n "__fish_mcpctl_using_subcommand logs" -l config -d 'Config file to use instead of Claude Desktop\'s own (also: the MCPCTL_CONFIG environment variable; this flag wins)' -r -F
complete -c mcpctl -n "__fish_mcpctl_using_subcommand logs" -s f -l follow -d 'Keep reading: show new lines as the app writes them (Ctrl-C stops)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand logs" -l raw -d 'The lines of each server\'s last session as the app wrote them'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand logs" -l show-secrets -d 'Show the config\'s env values where the logs quote them'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand logs" -l json -d 'Machine-readable output on stdout (shapes documented in docs/json/)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand logs" -s h -l help -d 'Print help'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "path" -d 'Show which config file mcpctl (and Claude Desktop) reads, and why'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "list" -d 'List configured servers (env values masked)'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "validate" -d 'Check syntax, schema and common mistakes, with positions and hints'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "schema" -d 'Print the bundled JSON Schema for claude_desktop_config.json'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "completions" -d 'Generate shell completions'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "test-launch" -d 'Launch servers as Claude Desktop does and run the MCP handshake'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "add" -d 'Add (or replace) a server entry, safely'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "remove" -d 'Remove a server entry, safely'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "disable" -d 'Turn a server off without losing it (moved to mcpctl-disabled.json), or an extension off'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "enable" -d 'Put a disabled server back where it was, or turn an extension on'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "restore" -d 'List backups, or put one back'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "doctor" -d 'Explain why servers fail in Claude Desktop, and repair what is safe'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "logs" -d 'Show what Claude Desktop itself logged about each server\'s last start'
complete -c mcpctl -n "__fish_mcpctl_using_subcommand help; and not __fish_seen_subcommand_from path list validate schema completions test-launch add remove disable enable restore doctor logs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
