"""ghgcalc: greenhouse-gas inventories with cited factors.

Public API::

    ghgcalc.calculate(activities, gwp="AR5")      # per-row per-gas emissions and CO2e
    ghgcalc.applicability(facility, as_of=date)   # Decree 06/2022: must it inventory, by when
    ghgcalc.screen(facilities_table, as_of=date)  # many facilities at once
    ghgcalc.factors.search("diesel")              # find activity ids and aliases

Names are imported on first access (PEP 562), so ``import ghgcalc`` and
``ghgcalc --version`` do not load pandas, pint or the factor tables.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> module that defines it
_LAZY = {
    "Applicability": "applicability", "Facility": "applicability", "applicability": "applicability",
    "screen": "applicability",
    "GhgcalcWarning": "engine", "calculate": "engine", "calculate_chunks": "scale", "result_meta": "scale",
    "DataError": "errors", "FactorNotFoundError": "errors", "GhgcalcError": "errors", "InputError": "errors",
    "RuleNotInForceError": "errors", "UnitError": "errors",
    "Inventory": "inventory",
    "lookup": "lists", "quota_balance": "lists",
    "recalculate": "recalculation",
    "label": "l10n",
    "ReportModel": "report_model", "report_json_schema": "report_model",
    "verify": "verification", "Verification": "verification",
    "plan": "plan", "Plan": "plan", "neutrality": "neutrality",
}
_SUBMODULES = {"activities", "applicability", "cli", "data", "engine", "errors", "factors", "inventory",
               "io", "lists", "methods", "report", "rules", "scale", "textnorm", "toe", "uncertainty", "units", "l10n",
               "report_model", "render",
               "montecarlo", "recalculation", "consolidation", "procedure", "batch",
               "verification", "plan", "neutrality"}

if TYPE_CHECKING:
    from . import factors
    from .applicability import Applicability, Facility, applicability, screen
    from .engine import GhgcalcWarning, calculate
    from .errors import (
        DataError,
        FactorNotFoundError,
        GhgcalcError,
        InputError,
        RuleNotInForceError,
        UnitError,
    )
    from .inventory import Inventory
    from .l10n import label
    from .lists import lookup, quota_balance
    from .neutrality import neutrality
    from .plan import Plan, plan
    from .recalculation import recalculate
    from .report_model import ReportModel, report_json_schema
    from .verification import Verification, verify


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later accesses are plain attribute lookups
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)


class _Package(types.ModuleType):
    """The package module; keeps ``ghgcalc.applicability`` the function when its module is imported.

    The import system binds a submodule to its package's attribute of the same
    name after loading it; for the one public function named like its module,
    the function is bound instead (as an eager ``from .applicability import
    applicability`` did).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in _LAZY and _LAZY[name] == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "Applicability",
    "DataError",
    "Facility",
    "Inventory",
    "applicability",
    "screen",
    "lookup",
    "quota_balance",
    "recalculate",
    "label",
    "ReportModel",
    "report_json_schema",
    "verify",
    "Verification",
    "plan",
    "Plan",
    "neutrality",
    "FactorNotFoundError",
    "GhgcalcError",
    "GhgcalcWarning",
    "InputError",
    "RuleNotInForceError",
    "UnitError",
    "__version__",
    "calculate",
    "calculate_chunks",
    "result_meta",
    "factors",
]
