"""Printing the archive card the way the browser does: the button's action, then the URL and
the download request Odoo's web client builds from it (web/static/src/webclient/actions/reports/
utils.js: getReportUrl and downloadReport), over HTTP as the requester."""

import json
from urllib.parse import quote

from odoo import http
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .print_common import PrintCase, pdf_text

CARD = "customer_archive.report_archive_card"


def _encode_uri_component(value):
    """JavaScript's encodeURIComponent(JSON.stringify(value))."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return quote(text, safe="!~*'()")


def web_client_report_url(action, kind="pdf"):
    """getReportUrl(action, kind): with ``data`` the data and the action's context go in the
    query string and no record id is in the URL; without, the ids of ``active_ids`` are."""
    url = "/report/%s/%s" % (kind, action["report_name"])
    context = action.get("context") or {}
    if action.get("data"):
        url += "?options=%s&context=%s" % (
            _encode_uri_component(action["data"]),
            _encode_uri_component(context),
        )
    elif context.get("active_ids"):
        url += "/" + ",".join(str(i) for i in context["active_ids"])
    return url


@tagged("post_install", "-at_install")
class TestPrintWebClient(HttpCase, PrintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_officer_2 = cls.env["res.users"].create(
            {
                "name": "第二信息员",
                "login": "test_ca_officer_2",
                "password": "test_ca_officer_2",
                "groups_id": [(6, 0, [cls.env.ref("customer_archive.group_archive_officer").id])],
            }
        )

    def _session_context(self):
        return self.make_jsonrpc_request("/web/session/get_session_info")["user_context"]

    def _button(self, model, method, ids, context=None):
        """What a click on a form or list button sends (/web/dataset/call_button)."""
        return self.make_jsonrpc_request(
            "/web/dataset/call_button",
            {
                "model": model,
                "method": method,
                "args": [ids],
                "kwargs": {"context": dict(self._session_context(), **(context or {}))},
            },
        )

    def _download(self, action):
        """downloadReport(): POST /report/download with the URL of the action and the user
        context merged with the action's."""
        context = dict(self._session_context(), **(action.get("context") or {}))
        # Odoo renders reports as HTML while tests run unless asked for the real PDF.
        context["force_report_rendering"] = True
        return self.url_open(
            "/report/download",
            data={
                "data": json.dumps([web_client_report_url(action), action["report_type"]]),
                "context": json.dumps(context),
                "token": "dummy-because-api-expects-one",
                "csrf_token": http.Request.csrf_token(self),
            },
            timeout=180,
        )

    def _assert_card_of(self, response, archive):
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertTrue(response.content.startswith(b"%PDF"))
        text = pdf_text(response.content)
        self.assertIn(archive.name, text)
        self.assertIn(archive.archive_number, text)
        self.assertIn("CONTROLLED COPY", text)
        return text

    def test_01_request_form_button_prints_the_archive(self):
        """The Print button of the request: the web client puts the action's data in the URL,
        no archive id; the PDF carries the archive's name and number, and one copy."""
        request = self._approved_request(self.archive, copies=2)
        self.authenticate(self.user_officer.login, self.user_officer.login)
        action = self._button(request._name, "action_print", request.ids)
        self.assertEqual(action["type"], "ir.actions.report")
        url = web_client_report_url(action)
        self.assertNotIn("/%s" % self.archive.id, url.split("?")[0])
        self.assertIn("?options=", url)
        text = self._assert_card_of(self._download(action), self.archive)
        self.assertIn("陈文静", text)  # its main contact
        self.assertEqual(request.copies_printed, 1)
        self.assertIn(request.copy_ids.name, text)

    def test_02_archive_form_button_and_list_print_menu(self):
        """Print Archive Card on the archive form, and Print → the card on the archive list
        (the report action loaded with the selected ids): both print the archive's content."""
        request = self._approved_request(self.archive, copies=2)
        self.authenticate(self.user_officer.login, self.user_officer.login)
        action = self._button("res.partner", "action_print_archive_card", self.archive.ids)
        self._assert_card_of(self._download(action), self.archive)
        report = self.env.ref("customer_archive.action_report_customer_archive_card")
        loaded = self.make_jsonrpc_request(
            "/web/action/load",
            {"action_id": report.id, "context": {"active_ids": self.archive.ids}},
        )
        loaded["context"] = {"active_ids": self.archive.ids}  # the list's selection
        self.assertFalse(loaded.get("data"))
        self._assert_card_of(self._download(loaded), self.archive)
        self.assertEqual(request.copies_printed, 2)
        self.assertEqual(request.state, "done")

    # the refusals are logged by Odoo's report controller with their traceback: expected here
    @mute_logger("odoo.addons.web.controllers.report", "odoo.http")
    def test_03_rendering_without_archive_refused_before_any_copy(self):
        """A report URL whose data names no archive (what the web client built before the fix)
        is refused, the PDF is not served, and no copy is counted."""
        request = self._approved_request(self.archive)
        self.authenticate(self.user_officer.login, self.user_officer.login)
        action = self._button(request._name, "action_print", request.ids)
        action["data"] = {"print_request_id": request.id}
        response = self._download(action)
        # /report/download answers an error as an HTML page (the web client shows its message).
        self.assertFalse(response.content.startswith(b"%PDF"))
        self.assertIn("text/html", response.headers["Content-Type"])
        self.assertIn("odoo.exceptions.UserError", response.text)
        direct = self.url_open(web_client_report_url(action), timeout=180)
        self.assertFalse(direct.content.startswith(b"%PDF"))
        request.invalidate_recordset()
        self.assertEqual(request.copies_printed, 0)
        self.assertEqual(request.state, "approved")
        self.assertFalse(self.Copy.search([("request_id", "=", request.id)]))

    @mute_logger("odoo.addons.web.controllers.report", "odoo.http")
    def test_04_only_the_requester_prints(self):
        """Another officer, and the manager who approved, can neither get the print action nor
        fetch the URL of the requester's action: nothing printed, no copy counted."""
        request = self._approved_request(self.archive)
        self.authenticate(self.user_officer.login, self.user_officer.login)
        action = self._button(request._name, "action_print", request.ids)
        for user in (self.user_officer_2, self.user_manager):
            self.authenticate(user.login, user.login)
            with self.assertRaises(JsonRpcException):
                self._button(request._name, "action_print", request.ids)
            response = self._download(action)
            self.assertFalse(response.content.startswith(b"%PDF"), user.login)
        request.invalidate_recordset()
        self.assertEqual(request.copies_printed, 0)
        self.assertEqual(request.state, "approved")
