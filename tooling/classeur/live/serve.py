"""`serve`: the built sites on this machine only, rebuilt after every save."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from classeur.common.errors import PortalError
from classeur.live.watch import watch
from classeur.model.findings import Finding
from classeur.publish.build import build_sites
from classeur.publish.renderer import Renderer

Say = Callable[[str], None]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(
    root: Path,
    out: Path,
    *,
    port: int,
    watching: bool,
    today: date | None,
    renderer: Renderer,
    say: Say,
) -> None:
    """Serve `out` at http://127.0.0.1:PORT/ until interrupted; rebuild on saves."""
    if not out.is_dir():
        raise PortalError(
            f"{out}/ does not exist. Build the sites first: classeur build --all --out {out}"
        )
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    stop = threading.Event()
    if watching:
        audiences = sorted(
            p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
        rebuild = functools.partial(_rebuild, root, audiences, out, today, renderer, say)
        threading.Thread(target=watch, args=(root, rebuild, stop), daemon=True).start()
    say(f"Serving {out}/ at http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        say("Stopped.")
    finally:
        stop.set()
        server.server_close()


def _rebuild(
    root: Path,
    audiences: list[str],
    out: Path,
    today: date | None,
    renderer: Renderer,
    say: Say,
    paths: set[str],
) -> None:
    say(f"Changed: {', '.join(sorted(paths))}; rebuilding {', '.join(audiences)}…")
    try:
        outcome = build_sites(root, audiences, out, renderer=renderer, today=today or date.today())
    except PortalError as error:
        say(f"error: {error}")
        return
    if outcome.findings:
        say(_findings(outcome.findings))
        say("The sites were not updated.")
    else:
        say("Sites updated.")


def _findings(findings: tuple[Finding, ...]) -> str:
    return "\n".join(finding.render() for finding in findings)
