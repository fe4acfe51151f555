from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class CustomerArchiveApprovalMixin(models.AbstractModel):
    """A request another person decides on (separation of duties): print requests (archive
    managers decide) and reveal requests (archive officers decide).

    The decision (who, when) is kept in ``approver_id`` and ``decided_on`` and written by
    ``_approval_decide``, for every kind of request alike.

    The model sets ``_approval_group`` (xml id of the deciders' group) and
    ``_approval_activity`` (xml id of the activity type asking them), and gives the texts of
    the activity in ``_approval_activity_texts`` and of the refusals in
    ``_approval_refusal``."""

    _name = "customer.archive.approval.mixin"
    _description = "Customer Archive: Request Decided by Another Person"

    _approval_group = None
    _approval_activity = None

    approver_id = fields.Many2one("res.users", string="Decided By", readonly=True, copy=False)
    decided_on = fields.Datetime(readonly=True, copy=False)

    def _approval_activity_texts(self, env):
        """(summary, note as plain text) of the activity asking a decider, in ``env``'s
        language."""
        raise NotImplementedError

    def _approval_refusal(self, own=None):
        """The translated refusal for a user outside the deciders' group, or (``own``: the
        requests concerned) for a decider deciding on their own requests."""
        raise NotImplementedError

    def _check_state(self, states):
        wrong = self.filtered(lambda r: r.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(names)s is %(state)s: this action is not possible in that state.",
                    names=", ".join(wrong.mapped("name")),
                    state=labels[wrong[0].state],
                )
            )

    def _check_approver(self):
        """Only the deciders' group decides, and never on a request of their own."""
        if not self.env.user.has_group(self._approval_group):
            raise AccessError(self._approval_refusal())
        own = self.filtered(lambda r: r.requester_id == self.env.user)
        if own:
            raise AccessError(self._approval_refusal(own))

    def _get_approvers(self):
        """The users asked to decide: the deciders' group in the request's company, the
        requester excepted. Override to route requests elsewhere."""
        self.ensure_one()
        return self.env["res.users"].search(
            [
                ("groups_id", "in", self.env.ref(self._approval_group).id),
                ("company_ids", "in", self.company_id.id),
                ("share", "=", False),
                ("id", "!=", self.requester_id.id),
            ]
        )

    def _schedule_approval_activities(self):
        """One activity per decider, due today, in the decider's own language."""
        for request in self:
            for user in request._get_approvers():
                env = request.with_context(lang=user.lang).env
                summary, note = request._approval_activity_texts(env)
                # sudo: the requester asks the deciders; a requester has no right to create
                # activities for other users on the request otherwise.
                request.sudo().activity_schedule(
                    self._approval_activity,
                    summary=summary,
                    # Markup % str escapes the names, purposes and reasons typed by users.
                    note=Markup("<p>%s</p>") % note,
                    user_id=user.id,
                )

    def _approval_decide(self, vals):
        """Record the decision: ``vals`` (the new state and the flow's own values) with the
        decider and the time; the deciders' activities are closed. The caller has checked the
        state and the decider (``_check_state``, ``_check_approver``)."""
        # sudo: flow fields are protected against direct writes; _check_approver authorised it.
        self.sudo().write(dict(vals, approver_id=self.env.uid, decided_on=fields.Datetime.now()))
        self._close_approval_activities()

    def _approval_reopen(self, vals):
        """Back to draft by the requester: the decision is forgotten."""
        # sudo: flow fields are protected against direct writes; the caller checked the requester.
        self.sudo().write(dict(vals, approver_id=False, decided_on=False))

    def _close_approval_activities(self):
        """The decision closes the activities: the decider's is marked done, the other
        deciders' are removed (nothing when the model asks no one by activity)."""
        if not self._approval_activity:
            return
        # sudo: the activities of the other deciders are closed with the decision.
        requests = self.sudo()
        requests.activity_feedback([self._approval_activity], user_id=self.env.uid)
        requests.activity_unlink([self._approval_activity])
