"""ghgcalc: greenhouse-gas inventories with cited factors.

Public API::

    ghgcalc.calculate(activities, gwp="AR5")      # per-row per-gas emissions and CO2e
    ghgcalc.applicability(facility, as_of=date)   # Decree 06/2022: must it inventory, by when
    ghgcalc.screen(facilities_table, as_of=date)  # many facilities at once
    ghgcalc.factors.search("diesel")              # find activity ids and aliases
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import factors  # noqa: E402
from .applicability import Applicability, Facility, applicability, screen  # noqa: E402
from .engine import GhgcalcWarning, calculate  # noqa: E402
from .errors import (  # noqa: E402
    DataError,
    FactorNotFoundError,
    GhgcalcError,
    InputError,
    RuleNotInForceError,
    UnitError,
)
from .inventory import Inventory  # noqa: E402
from .lists import lookup, quota_balance  # noqa: E402

__all__ = [
    "Applicability",
    "DataError",
    "Facility",
    "Inventory",
    "applicability",
    "screen",
    "lookup",
    "quota_balance",
    "FactorNotFoundError",
    "GhgcalcError",
    "GhgcalcWarning",
    "InputError",
    "RuleNotInForceError",
    "UnitError",
    "__version__",
    "calculate",
    "factors",
]
