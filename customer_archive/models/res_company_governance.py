from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    archive_nda_required = fields.Boolean(
        string="Archive Access Needs an NDA",
        help="Users whose confidentiality agreement date is not recorded see none of this "
        "company's archives (administrators included) until it is.",
    )
    archive_disclosure_group_id = fields.Many2one(
        "res.groups",
        string="Disclosures Approved By",
        default=lambda self: self.env.ref(
            "customer_archive.group_general_manager", raise_if_not_found=False
        ),
        help="The group whose members approve providing customer information to an outside "
        "party (default: General Manager).",
    )
