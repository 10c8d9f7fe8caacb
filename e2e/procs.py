"""Child processes of the harness: started in their own process group, stopped by pid.

Checks run in worker threads (``python -m e2e --jobs``); an interrupt sets :data:`CANCELLED`, and
every wait of the harness (:func:`pause`) and every process start raises :class:`Cancelled` from
then on, so each worker unwinds through its ``finally`` blocks and stops its processes by pid.
"""
from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

#: Set once the run is interrupted (Ctrl-C, SIGTERM): every worker stops at its next wait.
CANCELLED = threading.Event()


class Cancelled(KeyboardInterrupt):
    """The run was interrupted while this thread waited: unwind (a KeyboardInterrupt, so no
    ``except Exception`` keeps it)."""


def pause(seconds: float) -> None:
    """``time.sleep`` for the harness's polling loops; raises Cancelled once the run is interrupted."""
    if CANCELLED.wait(seconds):
        raise Cancelled("interrupted")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now, below the kernel's ephemeral range: a port the
    kernel picked (bind to 0) could be handed out again as the source port of a connection
    before the child process binds it."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0]) \
        if Path("/proc/sys/net/ipv4/ip_local_port_range").exists() else 32768
    for _ in range(200):
        port = random.randrange(max(1024, low - 12000), low)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free TCP port on 127.0.0.1 below the ephemeral range")


class Processes:
    """The processes one cluster runs; ``stop_all`` ends each by its pid (TERM, then KILL)."""

    def __init__(self, logdir: Path):
        self.logdir = logdir
        self.running: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], env: dict[str, str] | None = None,
              cwd: Path | None = None) -> subprocess.Popen:
        if CANCELLED.is_set():
            raise Cancelled(f"interrupted before starting {name}")
        log = open(self.logdir / f"{name}.log", "ab")
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env={**os.environ, **(env or {})}, cwd=cwd,
                                start_new_session=True)  # own group: Ctrl-C reaches the harness only
        log.close()
        self.running.append((name, proc))
        return proc

    def check_alive(self) -> None:
        """Raise with the tail of its log when a process died."""
        for name, proc in self.running:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with status {proc.returncode}; last log lines:\n"
                                   + self.tail(name))

    def tail(self, name: str, lines: int = 25) -> str:
        path = self.logdir / f"{name}.log"
        if not path.exists():
            return "  (no log)"
        text = path.read_text(errors="replace").splitlines()[-lines:]
        return "\n".join(f"  | {line}" for line in text)

    def stop(self, name: str) -> None:
        for entry in [e for e in self.running if e[0] == name]:
            self._stop(entry[1])
            self.running.remove(entry)

    def stop_all(self) -> None:
        """Stop in reverse start order (controllers before the API server before etcd)."""
        while self.running:
            _, proc = self.running.pop()
            self._stop(proc)

    @staticmethod
    def _stop(proc: subprocess.Popen) -> None:
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)  # the group we created: the process and its children
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
