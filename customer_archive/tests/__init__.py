from . import test_archive_number
from . import test_validation
from . import test_types
from . import test_lifecycle
from . import test_review
from . import test_completeness
from . import test_import
from . import test_ui_tour
