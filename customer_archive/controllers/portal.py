"""The customer's own corrections (客户自行修改 → 认证确认): the main contact of an archive,
as a portal user, sees a non-confidential part of the archive on /my/archive and submits
corrections, which arrive as change requests (source: portal) for an archive officer."""

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# What the customer sees and may correct: no tier, no sensitive field, no internal note.
PORTAL_ARCHIVE_FIELDS = (
    "name",
    "street",
    "street2",
    "city",
    "zip",
    "phone",
    "email",
    "website",
    "business_scope",
)


class CustomerArchivePortal(CustomerPortal):
    def _get_portal_archive(self):
        """The archive of the portal user's company, when the user is its main contact
        (empty otherwise)."""
        partner = request.env.user.partner_id
        # sudo: the user's own commercial partner and main-contact flag, nothing else
        archive = partner.sudo().commercial_partner_id
        if (
            not request.env.user.share
            or not archive.is_customer_archive
            or archive == partner.sudo()
            or not partner.sudo().is_main_contact
        ):
            return request.env["res.partner"]
        return archive

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "archive_count" in counters:
            values["archive_count"] = 1 if self._get_portal_archive() else 0
        return values

    def _portal_archive_values(self, archive, **extra):
        # sudo: the pending corrections of this archive sent by this user
        pending = (
            request.env["customer.archive.change.request"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", archive.id),
                    ("requester_id", "=", request.env.uid),
                    ("state", "=", "to_approve"),
                ]
            )
        )
        return {
            **self._prepare_portal_layout_values(),
            "page_name": "customer_archive",
            "archive_values": {fname: archive[fname] or "" for fname in PORTAL_ARCHIVE_FIELDS},
            "archive_labels": {
                fname: archive._fields[fname]._description_string(request.env)
                for fname in PORTAL_ARCHIVE_FIELDS
            },
            "archive_fields": PORTAL_ARCHIVE_FIELDS,
            "pending_requests": pending,
            **extra,
        }

    @http.route("/my/archive", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_archive(self, **kw):
        archive = self._get_portal_archive()
        if not archive:
            return request.not_found()
        return request.render(
            "customer_archive.portal_my_archive",
            self._portal_archive_values(archive, submitted=kw.get("submitted")),
        )

    @http.route("/my/archive", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_archive_submit(self, **post):
        """Each changed value becomes a change request; nothing is written on the archive."""
        archive = self._get_portal_archive()
        if not archive:
            return request.not_found()
        changes = {}
        for fname in PORTAL_ARCHIVE_FIELDS:
            if fname not in post:
                continue
            value = (post[fname] or "").strip()
            if value != (archive[fname] or "").strip():
                changes[fname] = value or False
        if changes.get("name") is False:
            return request.render(
                "customer_archive.portal_my_archive",
                self._portal_archive_values(
                    archive, error=request.env._("The company name cannot be empty.")
                ),
            )
        if changes:
            # sudo: the customer hands the corrections to the archive officers; only change
            # requests are created (requester: this portal user), the archive is not written
            archive.sudo()._create_change_requests(
                changes, reason=(post.get("reason") or "").strip() or False, source="portal"
            )
        return request.redirect("/my/archive?submitted=%d" % len(changes))
