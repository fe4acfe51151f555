"""Large batches of archive cards printed in the background (后台打印).

Printing more cards than the company's threshold (default 50) from the web client would hold the
browser for minutes: the print flow queues a job instead, the scheduled action renders the PDF
as the requester (the same checks, controlled copy, stamps and access log entry as a print in the
browser), attaches it to the job, and notifies the requester in Odoo's Inbox with a link to the
file. Only the requester (and archive managers) can read a job and its file.
"""

import logging

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)

CARD_REPORT_ACTION = "customer_archive.action_report_customer_archive_card"
THRESHOLD_PARAM = "customer_archive.print_background_threshold"
DEFAULT_THRESHOLD = 50


class CustomerArchivePrintJob(models.Model):
    _name = "customer.archive.print.job"
    _description = "Archive Card Print Job"
    _order = "id desc"

    request_id = fields.Many2one(
        "customer.archive.print.request",
        string="Print Request",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Requested By", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    partner_ids = fields.Many2many(
        "res.partner",
        "customer_archive_print_job_partner_rel",
        "job_id",
        "partner_id",
        string="Archives",
        readonly=True,
    )
    archive_count = fields.Integer(string="Cards", readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("done", "Ready"), ("failed", "Failed")],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    copy_id = fields.Many2one(
        "customer.archive.print.copy", string="Controlled Copy", readonly=True
    )
    error = fields.Text(readonly=True)
    done_on = fields.Datetime(string="Ready On", readonly=True)

    @api.depends("request_id", "archive_count")
    def _compute_display_name(self):
        for job in self:
            job.display_name = self.env._(
                "%(request)s: %(count)s archive cards",
                request=job.request_id.name or "",
                count=job.archive_count,
            )

    # Written by the print flow only: closed to every client.
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Print jobs are created by the print flow only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("Print jobs are changed by the print flow only."))
        return super().write(vals)

    # ------------------------------------------------------------------ queueing
    @api.model
    def _get_background_threshold(self):
        """Batches of more archive cards than this are printed in the background."""
        # sudo: a system parameter, read by whoever prints
        value = self.env["ir.config_parameter"].sudo().get_param(THRESHOLD_PARAM)
        try:
            return max(1, int(value)) if value else DEFAULT_THRESHOLD
        except ValueError:
            return DEFAULT_THRESHOLD

    @api.model
    def _queue(self, request, partners):
        """Queue the printing of ``partners`` under ``request`` (already checked printable by
        the caller) and return the web client's notification."""
        pending = self.sudo().search_count(  # sudo: the request's queued jobs, whoever queued them
            [("request_id", "=", request.id), ("state", "=", "queued")]
        )
        if pending >= request.copies_left:
            raise UserError(
                self.env._(
                    "The copies left of print request %(request)s are already being printed in "
                    "the background; you will be notified when the file is ready.",
                    request=request.name,
                )
            )
        # sudo: the print flow writes jobs (nobody has create access)
        job = self.sudo().create(
            {
                "request_id": request.id,
                "user_id": self.env.uid,
                "company_id": request.company_id.id,
                "partner_ids": [fields.Command.set(partners.ids)],
                "archive_count": len(partners),
            }
        )
        self.env.ref("customer_archive.ir_cron_print_jobs")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Printing in the background"),
                "message": self.env._(
                    "%(count)s archive cards are being printed. You will find a link to the "
                    "file in your Inbox when it is ready (print job %(job)s).",
                    count=len(partners),
                    job=job.id,
                ),
                "sticky": False,
            },
        }

    # ------------------------------------------------------------------ rendering
    @api.model
    def _cron_render_print_jobs(self):
        """Render the oldest queued job (one per run: the scheduled action runs again at once
        while jobs are left, each job in its own transaction)."""
        # sudo: the scheduled action renders every queued job (each one as its requester)
        jobs = self.sudo().search([("state", "=", "queued")], order="id")
        if not jobs:
            return
        jobs[0]._render()
        self.env["ir.cron"]._notify_progress(done=1, remaining=len(jobs) - 1)

    def _render(self):
        """Render this job's cards as its requester; attach the PDF and notify, or record the
        error and notify it."""
        self.ensure_one()
        job = self.sudo()  # sudo: the job's own bookkeeping (state, file) is the flow's
        user = job.user_id
        try:
            with self.env.cr.savepoint():
                pdf, copy = self._render_pdf_as(user)
        except (AccessError, UserError) as exc:  # the request expired, was used up, ...
            job.write({"state": "failed", "error": str(exc.args[0] if exc.args else exc)})
            self._notify_requester(failed=True)
            return False
        except Exception:  # the PDF engine failed: told to the requester, not retried forever
            _logger.exception("customer_archive: print job %s failed", job.id)
            job.write({"state": "failed", "error": self.env._("The PDF could not be rendered.")})
            self._notify_requester(failed=True)
            return False
        self._store_file(pdf, copy)
        return True

    def _store_file(self, pdf, copy):
        """Attach the rendered ``pdf`` to this job, link ``copy`` (the controlled copy its
        rendering registered) and notify the requester."""
        job = self.sudo()  # sudo: the job's own bookkeeping (state, file) is the flow's
        # sudo: the file belongs to the job, which only its requester and managers can read
        Attachment = self.env["ir.attachment"].sudo()
        attachment = Attachment.create(
            {
                "name": f"{job.request_id.name}-{job.id}.pdf".replace("/", "-"),
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": job.id,
            }
        )
        job.write(
            {
                "state": "done",
                "attachment_id": attachment.id,
                "copy_id": copy.id,
                "done_on": fields.Datetime.now(),
                "error": False,
            }
        )
        self._notify_requester()

    def _render_pdf_as(self, user):
        """Render this job's cards as ``user``; return the PDF and the controlled copy this
        rendering registered. A rendering that registered none (the card report replaced by
        one that does not count its copies) raises: its file would be a print outside the
        register, and linking any other copy of the request would misstate what was printed."""
        job = self.sudo()  # sudo: the job's archives and request, rendered as the requester below
        report = self.env["ir.actions.report"].with_user(user).with_context(lang=user.lang)
        data = {"print_request_id": job.request_id.id, "archive_ids": job.partner_ids.ids}
        pdf, _kind, copy = report._render_card_pdf_with_copy(
            CARD_REPORT_ACTION, job.partner_ids.ids, data=data
        )
        if not copy:
            raise UserError(
                report.env._(
                    "The archive cards of print request %(request)s were rendered without "
                    "registering a controlled copy, so the file was not kept. Ask your "
                    "administrator to check the archive card report.",
                    request=job.request_id.name,
                )
            )
        return pdf, copy

    def _notify_requester(self, failed=False):
        """A note on the print request for the requester (Inbox), in their language; the
        translated text is ours, every value put into it is escaped."""
        job = self.sudo()  # sudo: the requester's notification, posted by the flow
        _ = job.with_context(lang=job.user_id.lang or "en_US").env._
        if failed:
            body = _(
                "Printing the %(count)s archive cards of %(request)s failed: %(error)s",
                count=job.archive_count,
                request=escape(job.request_id.name),
                error=escape(job.error or ""),
            )
        else:
            link = Markup('<a href="/web/content/%s?download=true">%s</a>') % (
                job.attachment_id.id,
                job.attachment_id.name,
            )
            body = _(
                "The %(count)s archive cards of %(request)s are ready: %(link)s",
                count=job.archive_count,
                request=escape(job.request_id.name),
                link=link,
            )
        job.request_id.message_post(
            body=Markup(body),  # noqa: S704 (our translated text, escaped values)
            partner_ids=job.user_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
