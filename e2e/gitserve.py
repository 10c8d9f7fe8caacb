"""Loopback HTTP for Flux: a scratch git repository over smart HTTP, and a static Helm repository.

Flux's GitRepository admits only http(s)/ssh URLs, so the scratch repository is served by Debian
git's ``git http-backend`` (CGI) behind this small server; ``git daemon`` would not do.
``/git/<repo>.git/...`` goes to git; ``/charts/...`` serves a folder (a Helm repository with an
index.yaml and chart archives, e.g. ../shared/charts/istio).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

GIT_ENV = {"GIT_AUTHOR_NAME": "e2e", "GIT_AUTHOR_EMAIL": "e2e@127.0.0.1", "GIT_COMMITTER_NAME": "e2e",
           "GIT_COMMITTER_EMAIL": "e2e@127.0.0.1", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def _http_backend() -> str:
    out = subprocess.run(["git", "--exec-path"], check=True, capture_output=True, text=True).stdout.strip()
    backend = Path(out) / "git-http-backend"
    if not backend.exists():
        raise FileNotFoundError(f"git http-backend not found at {backend}; make e2e needs git with smart HTTP "
                                "(Debian package git)")
    return str(backend)


class ScratchRepo:
    """A working tree plus the bare repository the server exports; ``commit`` pushes to it."""

    def __init__(self, root: Path, name: str = "platform", branch: str = "main"):
        if shutil.which("git") is None:
            raise FileNotFoundError("make e2e needs git (Debian package git) to serve the scratch repository")
        self.work = root / "work"
        self.bare = root / "exported" / f"{name}.git"
        self.name = name
        self.branch = branch
        self.work.mkdir(parents=True)
        self._git("init", "-q", "-b", branch)
        subprocess.run(["git", "init", "-q", "--bare", "-b", branch, str(self.bare)], check=True,
                       env={**os.environ, **GIT_ENV})
        self._git("remote", "add", "origin", str(self.bare))

    def _git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.work, check=True, capture_output=True, text=True,
                              env={**os.environ, **GIT_ENV}).stdout.strip()

    def commit(self, message: str) -> str:
        """Commit everything in the working tree and push it; returns the commit id."""
        self._git("add", "-A")
        self._git("commit", "-q", "--allow-empty", "-m", message)
        self._git("push", "-q", "origin", self.branch)
        return self._git("rev-parse", "HEAD")


class LoopbackServer:
    """``with LoopbackServer(git_root, charts) as s: s.git_url(name), s.charts_url``."""

    def __init__(self, git_root: Path, charts: Path | None = None):
        self.git_root = git_root
        self.charts = charts
        backend = _http_backend()
        server = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(server.charts or git_root), **kwargs)

            def log_message(self, *args):  # quiet: Flux polls
                pass

            def do_GET(self):
                if self.path.startswith("/git/"):
                    return self._git()
                if self.path.startswith("/charts/") and server.charts:
                    self.path = self.path[len("/charts"):]
                    return super().do_GET()
                self.send_error(404)

            def do_POST(self):
                if self.path.startswith("/git/"):
                    return self._git()
                self.send_error(404)

            def _git(self):
                path, _, query = self.path[len("/git"):].partition("?")
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                env = {**os.environ, **GIT_ENV, "GIT_PROJECT_ROOT": str(server.git_root),
                       "GIT_HTTP_EXPORT_ALL": "1", "REQUEST_METHOD": self.command, "PATH_INFO": path,
                       "QUERY_STRING": query, "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                       "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": "127.0.0.1",
                       "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
                       "GIT_PROTOCOL": self.headers.get("Git-Protocol", "")}
                result = subprocess.run([backend], input=body, capture_output=True, env=env)
                head, _, payload = result.stdout.partition(b"\r\n\r\n")
                if not _:
                    head, _, payload = result.stdout.partition(b"\n\n")
                status, headers = 200, []
                for line in head.decode("latin-1").splitlines():
                    key, _, value = line.partition(":")
                    if key.lower() == "status":
                        status = int(value.split()[0])
                    elif key:
                        headers.append((key, value.strip()))
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def git_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/git/{name}.git"

    @property
    def charts_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/charts/"

    def __enter__(self) -> "LoopbackServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
