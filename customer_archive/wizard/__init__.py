from . import customer_archive_tier_override
from . import customer_archive_visit_plan
from . import customer_archive_offboard
from . import customer_archive_risk_report
from . import customer_archive_reveal
from . import customer_archive_print_reject
from . import customer_archive_subject_export
from . import customer_archive_anonymise_wizard
