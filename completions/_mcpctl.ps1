
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'mcpctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'mcpctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'mcpctl' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Show which config file mcpctl (and Claude Desktop) reads, and why')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List configured servers (env values masked)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check syntax, schema and common mistakes, with positions and hints')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the bundled JSON Schema for claude_desktop_config.json')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Generate shell completions')
            [CompletionResult]::new('test-launch', 'test-launch', [CompletionResultType]::ParameterValue, 'Launch servers as Claude Desktop does and run the MCP handshake')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add (or replace) a server entry, safely')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a server entry, safely')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Turn a server off without losing it (moved to mcpctl-disabled.json), or an extension off')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Put a disabled server back where it was, or turn an extension on')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'List backups, or put one back')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Explain why servers fail in Claude Desktop, and repair what is safe')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Show what Claude Desktop itself logged about each server''s last start')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcpctl;path' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcpctl;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show env values instead of masking them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcpctl;validate' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat warnings as failures (exit 1)')
            [CompletionResult]::new('--extensions', '--extensions', [CompletionResultType]::ParameterName, 'Also check each Desktop Extension''s manifest.json beside the config')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcpctl;schema' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcpctl;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcpctl;test-launch' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds each server may take (Claude Desktop allows 60 for initialize)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many servers may start at once [default: number of cores]')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many servers may start at once [default: number of cores]')
            [CompletionResult]::new('--lane', '--lane', [CompletionResultType]::ParameterName, 'Only judge the server as this lane of the app does: `chat`, or `cowork` (Cowork and Code sessions); repeatable [default: both]')
            [CompletionResult]::new('--app-path-from-logs', '--app-path-from-logs', [CompletionResultType]::ParameterName, 'Launch each server with the PATH Claude Desktop logged giving it (mcp.log), when it logged one; `=false` keeps the OS profile''s PATH. MCPCTL_APP_PATH, when set, wins over both')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--shell-env', '--shell-env', [CompletionResultType]::ParameterName, 'Launch with your shell''s full environment and current directory instead of the app''s sanitized environment and `/`')
            [CompletionResult]::new('--discover', '--discover', [CompletionResultType]::ParameterName, 'Also show the era probe''s `server/discover` answer (the probe runs for the cowork lane anyway; with `--lane chat` it runs for this)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show env values instead of masking them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mcpctl;add' {
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Environment variable for the server (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment variable for the server (repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds each server may take (Claude Desktop allows 60 for initialize)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many servers may start at once [default: number of cores]')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many servers may start at once [default: number of cores]')
            [CompletionResult]::new('--lane', '--lane', [CompletionResultType]::ParameterName, 'Only judge the server as this lane of the app does: `chat`, or `cowork` (Cowork and Code sessions); repeatable [default: both]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing entry; save even when --check fails')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the diff and write nothing')
            [CompletionResult]::new('--no-resolve', '--no-resolve', [CompletionResultType]::ParameterName, 'Keep a bare command as written instead of resolving it through PATH')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Launch the new entry and run the handshake before saving')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show env values instead of masking them')
            [CompletionResult]::new('--shell-env', '--shell-env', [CompletionResultType]::ParameterName, 'Launch with your shell''s full environment and current directory instead of the app''s sanitized environment and `/`')
            [CompletionResult]::new('--discover', '--discover', [CompletionResultType]::ParameterName, 'Also show the era probe''s `server/discover` answer (the probe runs for the cowork lane anyway; with `--lane chat` it runs for this)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mcpctl;remove' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the diff and write nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcpctl;disable' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--extension', '--extension', [CompletionResultType]::ParameterName, 'NAME is a Desktop Extension, even when a config server has that name')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change and write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcpctl;enable' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--extension', '--extension', [CompletionResultType]::ParameterName, 'NAME is a Desktop Extension, even when a config server has that name')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change and write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcpctl;restore' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--merge-servers', '--merge-servers', [CompletionResultType]::ParameterName, 'Put back only the servers the file lost (from BACKUP, default the newest), keeping everything else the file has now (the app''s preferences)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcpctl;doctor' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds each server may take (Claude Desktop allows 60 for initialize)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many servers may start at once [default: number of cores]')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many servers may start at once [default: number of cores]')
            [CompletionResult]::new('--lane', '--lane', [CompletionResultType]::ParameterName, 'Only judge the server as this lane of the app does: `chat`, or `cowork` (Cowork and Code sessions); repeatable [default: both]')
            [CompletionResult]::new('--app-path-from-logs', '--app-path-from-logs', [CompletionResultType]::ParameterName, 'Launch each server with the PATH Claude Desktop logged giving it (mcp.log), when it logged one; `=false` keeps the OS profile''s PATH. MCPCTL_APP_PATH, when set, wins over both')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('--no-launch', '--no-launch', [CompletionResultType]::ParameterName, 'Skip launching servers (steps 1-3 only)')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Apply the repairs that cannot change what you meant')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --fix: do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --fix: do not ask for confirmation')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --fix: show the diff and write nothing')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show env values instead of masking them')
            [CompletionResult]::new('--shell-env', '--shell-env', [CompletionResultType]::ParameterName, 'Launch with your shell''s full environment and current directory instead of the app''s sanitized environment and `/`')
            [CompletionResult]::new('--discover', '--discover', [CompletionResultType]::ParameterName, 'Also show the era probe''s `server/discover` answer (the probe runs for the cowork lane anyway; with `--lane chat` it runs for this)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'mcpctl;logs' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Ignore lines older than this, e.g. 30m, 2h, 3d, 1h30m')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use instead of Claude Desktop''s own (also: the MCPCTL_CONFIG environment variable; this flag wins)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep reading: show new lines as the app writes them (Ctrl-C stops)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep reading: show new lines as the app writes them (Ctrl-C stops)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'The lines of each server''s last session as the app wrote them')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the config''s env values where the logs quote them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output on stdout (shapes documented in docs/json/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'mcpctl;help' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Show which config file mcpctl (and Claude Desktop) reads, and why')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List configured servers (env values masked)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check syntax, schema and common mistakes, with positions and hints')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the bundled JSON Schema for claude_desktop_config.json')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Generate shell completions')
            [CompletionResult]::new('test-launch', 'test-launch', [CompletionResultType]::ParameterValue, 'Launch servers as Claude Desktop does and run the MCP handshake')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add (or replace) a server entry, safely')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a server entry, safely')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Turn a server off without losing it (moved to mcpctl-disabled.json), or an extension off')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Put a disabled server back where it was, or turn an extension on')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'List backups, or put one back')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Explain why servers fail in Claude Desktop, and repair what is safe')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Show what Claude Desktop itself logged about each server''s last start')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'mcpctl;help;path' {
            break
        }
        'mcpctl;help;list' {
            break
        }
        'mcpctl;help;validate' {
            break
        }
        'mcpctl;help;schema' {
            break
        }
        'mcpctl;help;completions' {
            break
        }
        'mcpctl;help;test-launch' {
            break
        }
        'mcpctl;help;add' {
            break
        }
        'mcpctl;help;remove' {
            break
        }
        'mcpctl;help;disable' {
            break
        }
        'mcpctl;help;enable' {
            break
        }
        'mcpctl;help;restore' {
            break
        }
        'mcpctl;help;doctor' {
            break
        }
        'mcpctl;help;logs' {
            break
        }
        'mcpctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
