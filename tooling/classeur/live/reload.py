"""The browser side of the live preview: a signal per rebuild, and the script that waits for it.

`serve` adds one line to the HTML it sends (never to the files on disk): a
script of the server's own, at a reserved address, that listens to the
server's events (Server-Sent Events) and reloads the page once a rebuild has
rewritten it. Nothing is fetched from elsewhere and nothing runs inline, so a
Content-Security-Policy of `script-src 'self'` lets it run.
"""

from __future__ import annotations

import json
import threading

RESERVED = "/.classeur/"
EVENTS = RESERVED + "events"
SCRIPT = RESERVED + "reload.js"
TAG = f'<script src="{SCRIPT}"></script>'.encode()
_BODY_END = b"</body>"

# `data` is the list of URL paths rewritten, or "*" when every page was.
RELOAD_JS = """(function () {
  "use strict";
  var events = new EventSource("/.classeur/events");
  events.onopen = function () {
    document.documentElement.setAttribute("data-classeur-live", "on");  // listening
  };
  events.onmessage = function (event) {
    var rewritten = JSON.parse(event.data);
    var here = window.location.pathname.replace(/index\\.html$/, "");
    if (rewritten === "*" || rewritten.indexOf(here) >= 0) {
      events.close();
      window.location.reload();
    }
  };
})();
"""


class Reloads:
    """What the rebuilds rewrote, one generation per rebuild, for the pages that wait."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = 0
        self._urls: tuple[str, ...] | None = ()
        self._closed = False

    def announce(self, urls: tuple[str, ...] | None) -> None:
        """A rebuild is done and on disk: these URL paths were rewritten (None: all)."""
        with self._changed:
            self.generation += 1
            self._urls = urls
            self._changed.notify_all()

    def close(self) -> None:
        """The server stops: every waiting page's stream ends."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> tuple[int, str] | None:
        """The next generation after `seen` and its event data; None on timeout or close."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self.generation > seen, timeout)
            if self._closed or self.generation <= seen:
                return None
            data = "*" if self._urls is None else list(self._urls)
            return self.generation, json.dumps(data, ensure_ascii=False)

    @property
    def closed(self) -> bool:
        """Whether the server is stopping."""
        return self._closed


def with_reload_script(html: bytes) -> bytes:
    """The page with the reload script before its closing body tag (or at its end)."""
    at = html.rfind(_BODY_END)
    if at < 0:
        return html + TAG
    return html[:at] + TAG + html[at:]
