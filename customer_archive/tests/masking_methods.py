"""The reviewed list of the public methods (callable over RPC) of the models of the masking
layer, for tests/test_masking_coverage.py. A method the tests find on one of those models and
not here fails the test, so a new method of Odoo or of this addon gets a review.

Methods that take no argument are not listed: the test calls each one as an uncleared user on
records holding sensitive values and checks that no clear value comes back.
"""

# Returned or searched values go through a primitive of the layer (customer_archive_masking.py).
ENFORCED = {
    "read": "_read_format",
    "search_read": "_read_format and the SQL conditions",
    "web_read": "_read_format (many2one names: _compute_display_name)",
    "web_search_read": "_read_format and the SQL conditions",
    "web_save": "write (masks sent back) then web_read",
    "search": "_condition_to_sql / _where_calc / _order_field_to_sql",
    "search_count": "_condition_to_sql / _where_calc",
    "search_fetch": "_condition_to_sql; fills the cache, returns records",
    "fetch": "fills the cache, returns nothing",
    "name_search": "_condition_to_sql (res.partner searches e-mails too)",
    "read_group": "_read_group_groupby / _read_group_select / _condition_to_sql",
    "web_read_group": "_read_group_groupby / _read_group_select / _condition_to_sql",
    "read_progress_bar": "_read_group_groupby",
    "search_panel_select_range": "_read_group_groupby / _condition_to_sql",
    "search_panel_select_multi_range": "_read_group_groupby / _condition_to_sql",
    "onchange": "onchange: values put in the form are masked",
    "copy_data": "copy_data",
    "copy": "copy_data",
    "export_data": "_export_rows (and archive managers only, customer_archive_data_guard.py)",
    "load": "create / write (import of archives: managers only)",
    "create": "create: a mask is not a value; invariants in customer_archive_invariants.py",
    "write": "write: the mask sent back changes nothing",
    "get_views": "get_views: masked numbers and dates described as text",
    "get_field_translations": "refused on a masked value (customer_archive_masking.py)",
    "get_mention_suggestions": "_condition_to_sql on the e-mail; partners formatted by _read_format",
    "get_mention_suggestions_from_channel": "same as get_mention_suggestions",
    "search_for_channel_invite": "_condition_to_sql; partners formatted by _read_format",
    "im_search": "searches users by name; partners formatted by _read_format",
    "find_or_create": "returns a partner, not its values (mail's look-up by e-mail)",
    "build_qr_code_url": "refused for an account whose number is masked",
    "build_qr_code_base64": "refused for an account whose number is masked",
    "action_archive_call": "the archive's salesperson and keeper only, logged as contact_use; "
    "the clear number only in the returned tel: URL (res_partner_contact_use.py)",
    "action_archive_sms": "same as action_archive_call (sms: URL)",
    "action_archive_email": "same as action_archive_call (mailto: URL)",
    "action_reveal": "the reveal request's requester, once, after an officer's approval; logged",
}

_ACCESS = "answers whether the user has a right; returns no field value"
_TRANSLATIONS = "translations of translatable fields; no classified field is translatable"
_MAIL_GATEWAY = "mail gateway: creates or updates records from a message, returns ids"
_AUTOCOMPLETE = "partner_autocomplete: asks the IAP service about a company name or VAT"
_AUTH = "authentication and password of the calling user; returns no partner value"

# Methods that need arguments, with the reason they return no masked value.
REVIEWED = {
    "check_access": _ACCESS,
    "check_access_rights": _ACCESS,
    "check_access_rule": _ACCESS,
    "check_field_access_rights": _ACCESS,
    "has_access": _ACCESS,
    "has_group": _ACCESS,
    "has_groups": _ACCESS,
    "copy_translations": _TRANSLATIONS,
    "update_field_translations": _TRANSLATIONS,
    "web_update_field_translations": _TRANSLATIONS,
    "web_override_translations": _TRANSLATIONS,
    "message_new": _MAIL_GATEWAY,
    "message_update": _MAIL_GATEWAY,
    "message_process": _MAIL_GATEWAY,
    "message_route": _MAIL_GATEWAY,
    "message_parse": "parses the message given to it; reads no record",
    "message_change_thread": "moves messages to another record the user may write",
    "message_mail_with_source": "sends a template rendered with masking (mail_render_mixin)",
    "message_post_with_source": "posts a template rendered with masking (mail_render_mixin)",
    "notify_cancel_by_type": "cancels the user's own failed notifications",
    "activity_feedback": "marks the user's activities done; returns nothing",
    "activity_reschedule": "moves activities; returns nothing",
    "activity_send_mail": "sends a template rendered with masking (mail_render_mixin)",
    "activity_unlink": "deletes activities; returns nothing",
    "autocomplete": _AUTOCOMPLETE,
    "autocomplete_by_name": _AUTOCOMPLETE,
    "autocomplete_by_vat": _AUTOCOMPLETE,
    "read_by_vat": _AUTOCOMPLETE,
    "enrich_by_domain": _AUTOCOMPLETE,
    "enrich_by_duns": _AUTOCOMPLETE,
    "enrich_by_gst": _AUTOCOMPLETE,
    "enrich_company": _AUTOCOMPLETE,
    "iap_partner_autocomplete_add_tags": _AUTOCOMPLETE,
    "check_gst_in": "checks the VAT number given to it",
    "authenticate": _AUTH,
    "check": _AUTH,
    "change_password": _AUTH,
    "reset_password": "sends the reset mail to the login given; returns nothing",
    "signup": _AUTH,
    "web_create_users": "creates users from the e-mails given; returns nothing",
    "switch_tour_enabled": "the user's own tour flag",
    "default_get": "defaults of a new record: nothing of an existing record",
    "name_create": "creates a record from the name given; returns its id and name",
    "get_empty_list_help": "help text of an empty list",
    "get_property_definition": "definition of a properties field",
    "get_partner_localisation_fields_required_to_invoice": "names of fields, no values",
    "view_header_get": "a view title",
    "modified": "cache invalidation; returns nothing",
    "update": "updates the cache of the records given; returns nothing",
    "update_address": "writes address values through write()",
    "retrieve_acc_type": "the type of the account number given to it",
    "action_checkin": "stores the caller's own position on their visit; returns nothing",
    "action_print_partners": "returns the report action; the report checks the print request",
    "rating_apply": "rating module (satisfaction): writes a score, returns the rating record only",
    "rating_send_request": "rating module: posts a mail template (rendered masked); returns nothing",
    "action_satisfaction_rate": "records a score on a done visit; returns the rating record only",
}
