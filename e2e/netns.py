"""A network namespace of the scenario's own, for the one thing loopback cannot do.

The API server refuses Endpoints in 127.0.0.0/8, and reaches an aggregated API (KEDA's external
metrics) only through a Service's Endpoints. So the autoscaling scenario runs its whole cluster
in a fresh network namespace (``unshare --net``, root only): there, ``lo`` is brought up and
carries one more, private address (``ADDRESS``) for the Endpoints. The namespace has no other
interface and no route, so nothing in it can send a packet anywhere but to itself; it is
anonymous (never mounted under /run/netns) and disappears when its last process exits.

The address sits on ``lo`` rather than on a ``dummy`` interface because kernels without the
dummy driver (this VM's: ``ip link add ... type dummy`` answers "Unknown device type") are
common in CI; within the namespace the two are the same: a local address and nothing else.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable, Sequence

from e2e.procs import Processes, pause
from e2e.report import Report, Table

REPO = Path(__file__).resolve().parent.parent

#: The namespace's private address (RFC 1918), the Endpoints address of the metrics API server.
ADDRESS = "10.200.0.1"


class Unavailable(Exception):
    """Network namespaces cannot be created here; the message says why (for the report)."""


def check_available() -> None:
    """Raise Unavailable when ``unshare --net`` (and ``ip``) cannot make the namespace here."""
    for tool in ("unshare", "ip"):
        if shutil.which(tool) is None:
            raise Unavailable(f"the {tool!r} command is missing (util-linux / iproute2)")
    probe = subprocess.run(["unshare", "--net", "--", "ip", "link", "set", "lo", "up"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        reason = probe.stderr.strip() or f"exit status {probe.returncode}"
        hint = " (creating a network namespace needs root or CAP_SYS_ADMIN)" if "not permitted" in reason else ""
        raise Unavailable(f"`unshare --net` failed: {reason}{hint}")


def command(argv: list[str]) -> list[str]:
    """``argv`` run as the first process of a new network namespace."""
    return ["unshare", "--net", "--", *argv]


def current() -> str:
    """This process's network namespace, e.g. ``net:[4026532417]``."""
    return os.readlink("/proc/self/ns/net")


#: the parent's namespace, recorded by setup_inside: addresses are only ever added elsewhere
_HOST: list[str] = []


def setup_inside(host: str) -> None:
    """In the new namespace: ``lo`` up with ``ADDRESS`` on it; refuses to touch ``host`` (the
    namespace of the process that started this one)."""
    _HOST[:] = [host]
    if current() == host:
        raise RuntimeError("e2e.netns.setup_inside() runs only inside the scenario's own network namespace "
                           "(started through e2e.netns.command), never in the host's")
    for argv in (["ip", "link", "set", "lo", "up"], ["ip", "addr", "add", f"{ADDRESS}/32", "dev", "lo"]):
        result = subprocess.run(argv, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed in the scenario's network namespace: {result.stderr.strip()}")


def _inside() -> None:
    if not _HOST or current() == _HOST[0]:
        raise RuntimeError("pod addresses are added only inside the scenario's own network namespace "
                           "(after e2e.netns.setup_inside), never in the host's")


def add_address(ip: str) -> None:
    """``ip`` on ``lo`` (a kwok pod's IP the stand-ins serve); only inside the scenario's namespace."""
    _inside()
    result = subprocess.run(["ip", "addr", "add", f"{ip}/32", "dev", "lo"], capture_output=True, text=True)
    if result.returncode != 0 and "File exists" not in result.stderr and "already assigned" not in result.stderr:
        raise RuntimeError(f"ip addr add {ip}/32 dev lo failed: {result.stderr.strip()}")


def remove_address(ip: str) -> None:
    _inside()
    subprocess.run(["ip", "addr", "del", f"{ip}/32", "dev", "lo"], capture_output=True, text=True)


def interfaces() -> list[str]:
    """The namespace's interfaces and addresses (``ip -brief addr``), for the report."""
    out = subprocess.run(["ip", "-brief", "addr"], capture_output=True, text=True, check=True).stdout
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]


def holders(namespace: str) -> list[int]:
    """Pids of processes still in ``namespace`` (empty once it is gone)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if os.readlink(proc / "ns" / "net") == namespace:
                    pids.append(int(proc.name))
            except OSError:
                continue
    return pids


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def child_main(prog: str, description: str, run: Callable[..., dict], argv: list[str] | None = None,
               options: Sequence[tuple[str, str]] = ()) -> int:
    """The entry point of a scenario run as the first process of its network namespace.

    Parses ``options`` (``(name, help)``, each required and handed to ``run`` by name) and
    ``--host-netns`` and ``--result``; the parent stops it by pid with SIGTERM, which unwinds like
    Ctrl-C so every process it started stops; ``run``'s result (or its traceback, as a failed
    check) is written to ``--result`` as JSON."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    for name, help_ in (*options, ("host-netns", "the parent's network namespace (must differ)"),
                        ("result", "where to write the JSON result")):
        parser.add_argument(f"--{name}", required=True, help=help_)
    args = vars(parser.parse_args(argv))
    out = Path(args.pop("result"))
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        result = run(**args)
    except Exception:
        result = {"checks": [{"name": "scenario", "ok": False, "detail": traceback.format_exc(limit=4)}]}
    out.write_text(json.dumps(result))
    return 0


def run_child(report: Report, table: Table, module: str, args: Sequence[str], timeout: float) -> tuple[dict | None, str]:
    """The parent's side of :func:`child_main`: ``python -m <module> <args>`` as the first process of a
    new network namespace, stopped by pid after ``timeout`` s (or on an interrupt); its folder removed.

    Returns its JSON result and the last lines of its log; (None, "") when it gave none, reported
    as the failure of ``table``'s "scenario" row with its log."""
    name = module.rsplit(".", 1)[-1].replace("_", "-")
    folder = Path(tempfile.mkdtemp(prefix=f"e2e-{name}-"))
    procs = Processes(folder)
    out = folder / "result.json"
    try:
        proc = procs.start(name, command([sys.executable, "-m", module, *args, "--host-netns", current(),
                                          "--result", str(out)]), env={"PYTHONPATH": str(REPO)}, cwd=REPO)
        deadline = time.monotonic() + timeout
        while proc.poll() is None and time.monotonic() < deadline:
            pause(1)
        if proc.poll() is None:
            report.fail(table, "scenario", "result", f"no result after {timeout:.0f} s; stopped.\n{procs.tail(name)}")
            return None, ""
        procs.stop_all()
        if not out.exists():
            report.fail(table, "scenario", "result", f"exited {proc.returncode} without a result:\n{procs.tail(name)}")
            return None, ""
        return json.loads(out.read_text()), procs.tail(name, 15)
    finally:
        procs.stop_all()
        shutil.rmtree(folder, ignore_errors=True)


def check_removed(report: Report, table: Table, result: dict) -> None:
    """The child's namespace (``result["namespace"]``) must be gone with its last process."""
    ns = result.get("namespace")
    if not ns:
        return
    left = holders(ns)
    if left:
        report.fail(table, "network namespace removed", "result", f"{ns} still held by pids {left}")
    else:
        where = f"{ns} ({', '.join(result['interfaces'])})" if result.get("interfaces") else ns
        report.ok(table, "network namespace removed", "result", f"{where} gone with its last process")
