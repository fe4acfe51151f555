# Every report of the addon: the PDF card and its printing control, the Excel engine and its
# workbooks (archive list, statistics, risk assessment), the PDF reports of the risk assessment
# and of a person's data export.
from . import report_customer_archive_card
from . import ir_actions_report
from . import customer_archive_abstract_xlsx
from . import customer_archive_archive_list_xlsx
from . import customer_archive_statistics_xlsx
from . import customer_archive_risk_xlsx
from . import customer_archive_risk_report
from . import customer_archive_subject_export_report
from . import customer_archive_loan_xlsx
from . import report_customer_archive_seal_card
from . import customer_archive_statistics_churn_xlsx
from . import report_customer_archive_card_member
