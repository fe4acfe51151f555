"""Screenshots for the README, taken while the days of the demo roles run (test_role_day_tours)
in headless Chromium: `make screenshots` writes them to docs/screenshots/ as
``<screen>.<lang>.png`` (desktop, 1440×900) and ``<screen>.<lang>.phone.png`` (390×844).

Not a standard test (tag ``-standard``): it runs only when asked for with
``--test-tags customer_archive_screenshots`` and the directory in CA_SCREENSHOTS_DIR, on a
database with the demo data. Each day is checked as in TestRoleDayTours; the last test fails
when a screenshot is missing.
"""

import os
from pathlib import Path

from odoo.tests import tagged

from . import test_role_day_tours as role_days

# The screens each tour photographs (customer_archive_role_day_tours.js, screenshot(...)).
DESKTOP_SCREENS = [
    "archive_list",
    "archive_form",
    "archive_tier",
    "visit_done",
    "visit_calendar",
    "public_pool",
    "print_request",
    "risk_assessment",
    "settings",
]
PHONE_SCREENS = ["archive_form", "visit_done", "visit_calendar"]
LANGS = ["en_US", "zh_CN"]


@tagged("post_install", "-at_install", "-standard", "customer_archive_screenshots")
class TestReadmeScreenshots(role_days.TestRoleDayTours):
    allow_inherited_tests_method = True  # the days of TestRoleDayTours, then test_99
    written = []  # shared by the test methods of the class, in the order written

    def setUp(self):
        super().setUp()
        folder = os.environ.get("CA_SCREENSHOTS_DIR")
        self.assertTrue(folder, "set CA_SCREENSHOTS_DIR to the screenshots' folder")
        self.screenshot_dir = folder

    def _screenshot_written(self, path):
        self.written.append(path.name)
        return super()._screenshot_written(path)

    def test_99_every_screenshot_written(self):
        expected = {f"{name}.{lang}.png" for name in DESKTOP_SCREENS for lang in LANGS} | {
            f"{name}.{lang}.phone.png" for name in PHONE_SCREENS for lang in LANGS
        }
        self.assertEqual(set(self.written), expected)
        for name in expected:
            self.assertGreater((Path(self.screenshot_dir) / name).stat().st_size, 10_000, name)
        self._logger.info(
            "README screenshots written to %s: %s", self.screenshot_dir, ", ".join(self.written)
        )
