from odoo import fields, models


class CustomerArchiveAccessLogHead(models.Model):
    """The head of a company's access log chain: the position and hash of its last entry. One
    small row per company, locked (``SELECT ... FOR UPDATE``) and updated by every chaining in
    SQL (customer_archive_access_log_chain.py), and by nothing else: the verification results,
    anchors and purge anchor live on ``customer.archive.access.log.chain``, so that writing them
    never waits for, nor conflicts with, the entries being chained."""

    _name = "customer.archive.access.log.head"
    _description = "Customer Archive Access Log Chain Head"
    _log_access = False
    _rec_name = "company_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    seq = fields.Integer(string="Entries Chained", readonly=True)
    hash = fields.Char(readonly=True)
    date = fields.Datetime(string="Last Chained", readonly=True)

    _sql_constraints = [
        ("company_uniq", "unique(company_id)", "A company has one access log chain."),
    ]
