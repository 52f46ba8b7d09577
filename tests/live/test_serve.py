"""`serve`: an error instead of a traceback, rebuilds in a fresh process, nothing left behind."""

from __future__ import annotations

import errno
import http.server
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from classeur.live import serve
from classeur.live.reload import Reloads
from classeur.live.serve import Rebuilder
from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import doc, make_binder
from tests.site.conftest import make_site_binder

TODAY = date(2026, 3, 1)
PAGE = "procedures/ops/a.md"


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A binder, and its staff and provider sites built into public/."""
    files = {PAGE: doc()} | {
        f"procedures/ops/p{n}.md": doc(id=f"OPS-{n:03d}", title=f"Procédure {n}")
        for n in range(10, 50)  # enough for a rebuild to take a second or two
    }
    root = make_site_binder(tmp_path / "binder", files)
    out = tmp_path / "public"
    outcome = build_sites(root, ["provider", "staff"], out, renderer=MKDOCS, today=TODAY)
    assert outcome.findings == ()
    return root, out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve_on(tmp_path: Path, port: int) -> tuple[int, str]:
    root = make_binder(tmp_path, {})
    (tmp_path / "public").mkdir()
    arguments = ["serve", "--root", str(root), "--out", str(tmp_path / "public")]
    result = CliRunner().invoke(main, [*arguments, "--port", str(port), "--no-watch"])
    return result.exit_code, result.output


def test_serve_on_a_busy_port_is_an_error_with_exit_code_2(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        outcome = serve_on(tmp_path, port)
    assert outcome == (
        2,
        f"error: port {port} is already in use on 127.0.0.1. Stop what uses it, "
        f"or pass another port, e.g. --port {port + 1}.\n",
    )


def test_serve_on_a_port_that_does_not_exist_is_an_error_with_exit_code_2(tmp_path):
    assert serve_on(tmp_path, 70000) == (
        2,
        "error: port 70000 does not exist: ports go from 1 to 65535. "
        "Pass another one with --port.\n",
    )


def test_serve_where_the_system_refuses_the_port_is_an_error_with_exit_code_2(
    tmp_path, monkeypatch
):
    def refused(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(http.server, "ThreadingHTTPServer", refused)
    assert serve_on(tmp_path, 80) == (
        2,
        "error: cannot serve on 127.0.0.1, port 80: Permission denied. "
        "Pass another port with --port.\n",
    )


def said_without_times(said: list[str]) -> list[str]:
    return [re.sub(r"in \d+\.\d s", "in X s", line) for line in said]


def test_rebuilds_run_in_one_worker_process_never_in_serve_nor_a_fork_of_it(built, monkeypatch):
    root, out = built

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("serve forked")

    monkeypatch.setattr(os, "fork", refused)
    said: list[str] = []
    rebuild = Rebuilder(root, out, TODAY, False, said.append, Reloads())
    try:
        rebuild.start()
        (root / PAGE).write_text(doc(title="Titre changé"), encoding="utf-8")
        rebuild({PAGE})
    finally:
        rebuild.stop()
    assert said_without_times(said) == [
        "Preparing the live preview of provider, staff…",
        "Built provider, staff for the preview in X s.",
        f"Changed: {PAGE}; rebuilding…",
        "Rebuilt every page of provider, staff in X s (a page was added, removed or renamed, "
        "or the policy, site_src/ or mkdocs.yml changed).",
    ]
    assert "Titre changé" in (out / "staff/procedures/ops/a/index.html").read_text("utf-8")


class Lines:
    """The lines a process writes, read with a deadline (no thread: helpers fork in this one)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stderr is not None
        self.fd, self.pending = process.stderr.fileno(), b""

    def next(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                return None
            chunk = os.read(self.fd, 4096)
            if not chunk:
                return None
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode("utf-8")


def session_of(leader: int) -> list[str]:
    """The command lines of the live processes in the session `leader` started."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text(encoding="utf-8")
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        state, _parent, _group, session = stat.rsplit(")", 1)[1].split()[:4]
        if int(session) == leader and state != "Z":
            found.append(command.replace(b"\0", b" ").decode("utf-8", "replace"))
    return found


def wait_for(check, timeout: float):
    deadline = time.monotonic() + timeout
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def sleep_beside_a_helper(pid_file: Path) -> None:
    """A stand-in for a rebuild, in the fresh process: it forks a helper, and both sleep."""
    os.setpgid(0, 0)  # as rebuild_sites does
    helper = os.fork()
    if helper == 0:
        time.sleep(600)
        os._exit(0)
    pid_file.write_text(str(helper), encoding="utf-8")
    time.sleep(600)


def test_ending_a_rebuild_ends_the_processes_it_started(tmp_path):
    pid_file = tmp_path / "helper"
    rebuild = serve._SPAWN.Process(target=sleep_beside_a_helper, args=(pid_file,))
    rebuild.start()
    assert wait_for(pid_file.exists, 30)
    serve._end(rebuild)
    assert not rebuild.is_alive()
    helper = int(pid_file.read_text(encoding="utf-8"))
    assert wait_for(lambda: not running(helper), 10)


def _as_from_a_terminal() -> None:
    """In the child before exec: Ctrl-C as a terminal delivers it. A test run started in the
    background of a script has SIGINT ignored, and a program inherits that (then rightly
    ignores Ctrl-C), which is not what this test is about."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_stopped_during_a_rebuild_leaves_no_process_and_frees_its_port(built, stop):
    root, out = built
    port = free_port()
    command = [sys.executable, "-m", "classeur", "serve", "--root", str(root), "--out", str(out)]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--today", TODAY.isoformat()],
        stderr=subprocess.PIPE,
        start_new_session=True,  # its session: every process it starts, however deep
        preexec_fn=_as_from_a_terminal,
    )
    try:
        lines = Lines(server)
        assert (lines.next(60) or "").startswith(f"Serving {out}/")
        assert lines.next(10) == "Preparing the live preview of provider, staff…"
        assert (lines.next(120) or "").startswith("Built provider, staff for the preview in ")
        saves = iter(range(100))  # until the watcher, starting beside the server, sees one
        changed = wait_for(
            lambda: (
                (root / PAGE).write_text(doc(title=f"Titre {next(saves)}"), encoding="utf-8")
                and lines.next(0.5)
            ),
            timeout=30,
        )
        assert changed == f"Changed: {PAGE}; rebuilding…"
        assert wait_for(lambda: any("spawn_main" in c for c in session_of(server.pid)), 30)
        server.send_signal(stop)
        assert server.wait(timeout=60) == 0
        assert lines.next(10) == "Stopped."
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        assert server.stderr is not None
        server.stderr.close()
    assert wait_for(lambda: not session_of(server.pid), timeout=10), session_of(server.pid)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # free again
    assert list(out.glob(".live-*")) == []  # the worker's scratch folder went with it
