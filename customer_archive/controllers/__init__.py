from . import report
from . import xlsx
from . import portal
from . import satisfaction
