#!/usr/bin/env python3
"""Run one command under a pseudo-terminal and play a short dialogue with it.

Used by tests/e2e/interactive.rs. The spec comes as JSON in argv[1]:

    {"argv": [...], "env": {...}, "cwd": "...", "timeout": 10,
     "steps": [{"expect": "text", "send": "keys", "echo_off": false}, ...]}

Each step waits until `expect` appears in the terminal output (after the
previous step's match), optionally waits until the terminal's ECHO flag is
off (a hidden prompt is really reading), then types `send`. After the last
step the output is read until the program exits. Everything is bounded by
`timeout` seconds: on expiry the child is killed and `timed_out` is set, so
a stuck prompt fails the test instead of hanging it.

Prints one JSON object: output (all terminal bytes, UTF-8 with
replacement), exit (code or null), signal (or null), timed_out,
stuck_at (index of the step still waiting, or null), echo_on (the
terminal's ECHO flag after the program ended).
"""

import errno
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


def echo_on(fd):
    try:
        return bool(termios.tcgetattr(fd)[3] & termios.ECHO)
    except termios.error:
        return None


def read_some(fd, buf, deadline):
    """Read what is available within the deadline; False at end of output."""
    left = deadline - time.monotonic()
    if left <= 0:
        return True
    ready, _, _ = select.select([fd], [], [], min(left, 0.05))
    if not ready:
        return True
    try:
        data = os.read(fd, 4096)
    except OSError as e:
        if e.errno == errno.EIO:  # Linux: the slave side is closed
            return False
        raise
    if not data:
        return False
    buf.extend(data)
    return True


def main():
    spec = json.loads(sys.argv[1])
    deadline = time.monotonic() + float(spec.get("timeout", 10))
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.chdir(spec["cwd"])
            # a terminal's program gets Ctrl-C and Ctrl-\ as it would from
            # a shell, however the test run itself was started (a
            # background job of a script ignores SIGINT and SIGQUIT, and
            # ignored signals stay ignored across exec)
            for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP):
                signal.signal(s, signal.SIG_DFL)
            os.execve(spec["argv"][0], spec["argv"], spec["env"])
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    buf = bytearray()
    pos = 0
    alive = True
    stuck_at = None
    for i, step in enumerate(spec["steps"]):
        want = step["expect"].encode()
        while alive and buf.find(want, pos) < 0 and time.monotonic() < deadline:
            alive = read_some(fd, buf, deadline)
        found = buf.find(want, pos)
        if found < 0:
            stuck_at = i
            break
        pos = found + len(want)
        if step.get("echo_off"):
            while echo_on(fd) and time.monotonic() < deadline:
                time.sleep(0.01)
            if echo_on(fd):
                stuck_at = i
                break
        os.write(fd, step["send"].encode())

    while stuck_at is None and alive and time.monotonic() < deadline:
        alive = read_some(fd, buf, deadline)
    timed_out = alive
    echo = echo_on(fd)
    if alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    print(
        json.dumps(
            {
                "output": buf.decode("utf-8", "replace"),
                "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                "timed_out": timed_out,
                "stuck_at": stuck_at,
                "echo_on": echo,
            }
        )
    )


if __name__ == "__main__":
    main()
