from odoo import fields, models
from odoo.exceptions import UserError

SCORES = [
    ("1", "1 - Very Dissatisfied"),
    ("2", "2 - Dissatisfied"),
    ("3", "3 - Neutral"),
    ("4", "4 - Satisfied"),
    ("5", "5 - Very Satisfied"),
]


class CustomerArchiveSatisfactionWizard(models.TransientModel):
    """The salesperson records the customer's satisfaction on a visit (or a case)."""

    _name = "customer.archive.satisfaction.wizard"
    _description = "Rate Satisfaction"

    res_model = fields.Char(required=True)
    res_id = fields.Integer(required=True)
    score = fields.Selection(SCORES, string="Satisfaction", required=True)
    feedback = fields.Text(string="Comment")

    def _get_record(self):
        self.ensure_one()
        if self.res_model not in self.env or not isinstance(
            self.env[self.res_model], self.env.registry["customer.archive.satisfaction.mixin"]
        ):
            raise UserError(self.env._("%(model)s records cannot be rated.", model=self.res_model))
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("The record to rate no longer exists."))
        return record

    def action_confirm(self):
        self._get_record().action_satisfaction_rate(int(self.score), self.feedback)
        return {"type": "ir.actions.act_window_close"}
