"""Screenshots of the main screens for the README, taken in headless Chromium by the browser
test machinery (HttpCase.browser_js): `make screenshots` writes them to docs/screenshots/.

Not a standard test (tag ``-standard``): it runs only when asked for with
``--test-tags customer_archive_screenshots`` and the directory in CA_SCREENSHOTS_DIR. Each screen
is opened as the demo archive manager, in English and in Simplified Chinese; the test fails when
a screen does not show its content (the ready condition) or no PNG comes back.
"""

import base64
import os
from pathlib import Path
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

ARCHIVES = "/odoo/action-customer_archive.res_partner_archive_action"

# (file name, url, JS condition the page must meet, JS run before the shot)
SCREENS = [
    ("archive_list", ARCHIVES, "document.querySelectorAll('.o_data_row').length > 5", ""),
    (
        "archive_form",
        ARCHIVES + "/{archive}",
        "!!document.querySelector('.o_form_view .o_notebook')",
        "",
    ),
    (
        "archive_tier",
        ARCHIVES + "/{archive}",
        "!!document.querySelector('.o_notebook a[name=\"customer_archive_tier\"]')",
        "document.querySelector('.o_notebook a[name=\"customer_archive_tier\"]').click();"
        " setTimeout(() => document.querySelector('[name=\"tier_explanation\"]')"
        "?.scrollIntoView({block: 'center'}), 700);",
    ),
    (
        "tier_analysis",
        "/odoo/action-customer_archive.res_partner_tier_analysis_action",
        "!!document.querySelector('.o_action_manager .o_view_controller .o_content')",
        "",
    ),
    (
        "visit_list",
        "/odoo/action-customer_archive.customer_archive_visit_action",
        "document.querySelectorAll('.o_data_row, .o_kanban_record').length > 2",
        "",
    ),
    (
        "visit_compliance",
        "/odoo/action-customer_archive.customer_archive_visit_compliance_action",
        "!!document.querySelector('.o_action_manager .o_view_controller .o_content')",
        "",
    ),
]


@tagged("post_install", "-at_install", "-standard", "customer_archive_screenshots")
class TestReadmeScreenshots(HttpCase):
    browser_size = "1440x900"

    def _capture_before_stop(self, target):
        """Patch ChromeBrowser.stop so that the page is captured just before the browser
        closes (browser_js stops it as soon as the test code signals success)."""
        original_stop = ChromeBrowser.stop
        shots = []

        def stop(browser):
            if browser.ws is not None:
                result = browser._websocket_request(
                    "Page.captureScreenshot", params={"format": "png"}, timeout=30
                )
                if result and result.get("data"):
                    target.write_bytes(base64.b64decode(result["data"]))
                    shots.append(target)
            return original_stop(browser)

        return patch.object(ChromeBrowser, "stop", stop), shots

    def test_screenshots(self):
        folder = os.environ.get("CA_SCREENSHOTS_DIR")
        if not folder:
            self.skipTest("CA_SCREENSHOTS_DIR is not set (make screenshots sets it)")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        manager = self.env.ref("customer_archive.user_archive_manager")
        archive = self.env["res.partner"].search(
            [("is_customer_archive", "=", True), ("is_company", "=", True), ("tier_score", ">", 0)],
            order="tier_score desc",
            limit=1,
        )
        self.assertTrue(archive, "the demo data has scored enterprise archives")
        taken = []
        # A database loaded with --load-language=zh_CN may have English inactive.
        self.env["res.lang"]._activate_lang("en_US")
        for lang in ("en_US", "zh_CN"):
            manager.lang = lang
            for name, url, ready, before in SCREENS:
                target = folder / f"{name}.{lang}.png"
                # Wait for the content, run the action, give the page half a second to paint.
                code = (
                    f"{before} setTimeout(() => console.log('test successful'), "
                    f"{1500 if before else 500});"
                )
                # Odoo gives Page.navigate 20 s: on a busy machine the first load of a page can
                # take longer, so the page is requested once beforehand and the shot retried;
                # a retry also covers a web client that failed to boot (a request answered 500
                # by a thread race in CPython 3.11's ast module, seen under heavy load).
                self.authenticate(manager.login, manager.login)
                self.url_open(url.format(archive=archive.id), timeout=300)
                for attempt in (1, 2, 3):
                    patcher, shots = self._capture_before_stop(target)
                    try:
                        with patcher:
                            self.browser_js(
                                url.format(archive=archive.id),
                                code,
                                ready=ready,
                                login=manager.login,
                                timeout=120,
                            )
                        break
                    except (TimeoutError, AssertionError):
                        if attempt == 3:
                            raise
                self.assertEqual(shots, [target], f"no screenshot of {name} ({lang})")
                self.assertGreater(target.stat().st_size, 10_000, target)
                taken.append(target.name)
        self._logger.info("README screenshots written to %s: %s", folder, ", ".join(taken))
