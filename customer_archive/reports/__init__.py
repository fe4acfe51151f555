from . import report_customer_archive_card
from . import ir_actions_report
