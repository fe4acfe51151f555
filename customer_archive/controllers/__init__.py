from . import report
from . import xlsx
