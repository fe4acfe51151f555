import base64
import json
import logging
import re
from contextlib import contextmanager
from pathlib import Path

from odoo.tests import HttpCase

# Log records allowed while a tour runs: (logger name, pattern the whole message matches, reason).
# Only for records that are not the addon's doing and that the addon cannot avoid.
TOUR_LOG_ALLOWED = (
    (
        "odoo.addons.base.models.ir_actions_report",
        r"wkhtmltopdf: (?:The switch --(?:header|footer)-html, is not support using unpatched qt, "
        r"and will be ignored\.|QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '[^']*'"
        r"|\s)+",
        # Debian's wkhtmltopdf is built on an unpatched Qt; Odoo passes --header-html and
        # --footer-html for every PDF it prints (ir.actions.report._run_wkhtmltopdf) and logs
        # what wkhtmltopdf writes on stderr as a warning. The card carries its stamps in the body.
        "wkhtmltopdf built on unpatched Qt (Debian's package)",
    ),
)


class _Collector(logging.Handler):
    """Keeps the log records of every thread (the test's, the HTTP server's request threads,
    the browser's console relayed by the test) at WARNING or above."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _allowed(record):
    message = record.getMessage()
    return any(
        record.name == name and re.fullmatch(pattern, message)
        for name, pattern, _reason in TOUR_LOG_ALLOWED
    )


class TourCase(HttpCase):
    """Browser tests of the addon.

    - A tour (or any ``browser_js``) fails when the server logs a record at WARNING or above
      while it runs (the list in TOUR_LOG_ALLOWED excepted): a user error, an access refusal,
      a deprecation, a browser console warning all show in the failure.
    - ``tour_params``: a JSON-able dict the tour reads as ``window.caTour`` on every page.
    - Screenshots: a tour step calling ``window.caTourScreenshot(name)`` (see
      static/tests/tours/customer_archive_tour_utils.js) gets the page written to
      ``<screenshot_dir>/<name>.png`` when ``screenshot_dir`` is set (make screenshots).
    """

    tour_params = None
    screenshot_dir = None

    @contextmanager
    def _server_log_checked(self, what):
        """Fail when a record at WARNING or above (not allowed) is logged in the block, by any
        thread. An exception raised in the block is reported as it is."""
        collector = _Collector()
        root = logging.getLogger()
        root.addHandler(collector)
        try:
            yield
        finally:
            root.removeHandler(collector)
        unexpected = [record for record in collector.records if not _allowed(record)]
        if unexpected:
            self.fail(
                "The server logged %d record(s) at WARNING or above during %s:\n%s"
                % (
                    len(unexpected),
                    what,
                    "\n".join(
                        "%s %s: %s" % (record.levelname, record.name, record.getMessage()[:500])
                        for record in unexpected
                    ),
                )
            )

    def browser_js(self, url_path, code, ready="", login=None, **kwargs):
        with self._server_log_checked("the browser test of %s as %s" % (url_path, login)):
            return super().browser_js(url_path, code, ready=ready, login=login, **kwargs)

    def authenticate(self, user, password, browser=None):
        session = super().authenticate(user, password, browser=browser)
        if browser:
            self._setup_browser(browser)
        return session

    def _setup_browser(self, browser):
        """Prepare the browser before the tour's page loads (DevTools commands). Extend it to
        emulate a device; call super()."""
        if self.tour_params is not None:
            browser._websocket_request(
                "Page.addScriptToEvaluateOnNewDocument",
                params={"source": "window.caTour = %s;" % json.dumps(self.tour_params)},
            )
        if self.screenshot_dir:
            self._setup_screenshots(browser, Path(self.screenshot_dir))

    def _setup_screenshots(self, browser, folder):
        """``window.caTourScreenshot(name)`` in the page asks for a PNG of the viewport; the
        page is told ``window.caTourScreenshotDone = name`` once it is written."""
        folder.mkdir(parents=True, exist_ok=True)

        def written(name, future):
            # In the browser's event thread: only non-blocking DevTools calls here.
            data = (future.result() or {}).get("data") if not future.exception() else None
            if data:
                target = folder / ("%s.png" % name)
                target.write_bytes(base64.b64decode(data))
                self._screenshot_written(target)
            browser._websocket_send(
                "Runtime.evaluate",
                params={"expression": "window.caTourScreenshotDone = %s;" % json.dumps(name)},
            )

        def requested(name, payload, **_kw):
            if name != "caTourScreenshot" or not re.fullmatch(r"[\w.-]+", payload):
                return
            future = browser._websocket_send(
                "Page.captureScreenshot", params={"format": "png"}, with_future=True
            )
            future.add_done_callback(lambda f: written(payload, f))

        browser._handlers["Runtime.bindingCalled"] = requested
        browser._websocket_request("Runtime.addBinding", params={"name": "caTourScreenshot"})

    def _screenshot_written(self, path):
        """Called (in the browser's event thread) with the path of each screenshot written."""
        self._logger.info("screenshot written: %s", path)
