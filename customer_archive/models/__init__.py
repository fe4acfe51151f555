from . import customer_archive_type_mixin
from . import customer_archive_type
from . import customer_archive_source
from . import customer_archive_region
from . import customer_archive_status
from . import customer_archive_hobby
from . import res_company
from . import res_config_settings
from . import res_partner
from . import customer_archive_demo
from . import customer_archive_tier
from . import customer_archive_tier_threshold
from . import customer_archive_tier_criterion
from . import customer_archive_tier_band
from . import customer_archive_tier_profile
from . import customer_archive_tier_history
from . import res_company_visit
from . import res_config_settings_visit
from . import customer_archive_visit_option_mixin
from . import customer_archive_visit_method
from . import customer_archive_visit_purpose
from . import customer_archive_visit_outcome
from . import customer_archive_visit_policy
from . import customer_archive_visit
from . import customer_archive_reminder
from . import customer_archive_pool_history
from . import res_partner_visit
from . import customer_archive_visit_compliance
<<<<<<< HEAD
from . import customer_archive_sensitive_field
from . import base
from . import res_partner_masking
from . import res_partner_bank_masking
=======
from . import customer_archive_access_log
from . import res_company_confidentiality
from . import res_config_settings_confidentiality
>>>>>>> main
