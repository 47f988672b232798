"""Legal rules as dated data (``emission_factors/rules/``), read by date.

Each rule has a list of values, each with the date it took effect (``since``)
and its legal reference. ``rule(name, at=date)`` returns the value in force on
that date; a date before the first value, or after ``checked_until``, is a
:class:`~ghgcalc.errors.RuleNotInForceError`. Code never holds a legal number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from .data import dataset_dir
from .errors import DataError, RuleNotInForceError

RULES_FILE = ("rules", "vn", "decree_06_2022.yaml")


@dataclass(frozen=True)
class RuleValue:
    """A rule's value on a date, with where the law says so."""

    name: str
    value: Any
    since: dt.date
    reference: dict[str, str]
    unit: str = ""
    description: str = ""
    description_vi: str = ""

    def citation(self) -> str:
        ref = self.reference
        clause = f", cl. {ref['clause']}" if ref.get("clause") else ""
        doc = str(ref.get("document", "")).split(",")[0].split(" (")[0]
        return f"{doc}, {ref.get('article', '')}{clause}".strip(", ")


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    path = dataset_dir().joinpath(*RULES_FILE)
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    for name, rule in data["rules"].items():
        dates = [v["since"] for v in rule["values"]]
        if any(not isinstance(d, dt.date) for d in dates):
            raise DataError(f"rule {name}: every 'since' must be an ISO date")
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise DataError(f"rule {name}: values must be in increasing date order without repeats")
        for v in rule["values"]:
            if not v.get("reference", {}).get("document"):
                raise DataError(f"rule {name} ({v['since']}): every value needs a reference document")
    return dict(data)


def checked_until() -> dt.date:
    """Last date up to which the encoded legal texts were reviewed."""
    value = _load()["checked_until"]
    assert isinstance(value, dt.date)
    return value


def rule(name: str, at: dt.date) -> RuleValue:
    """The value of rule ``name`` in force on ``at``."""
    data = _load()
    if name not in data["rules"]:
        raise DataError(f"no rule named {name!r}")
    if at > checked_until():
        raise RuleNotInForceError(
            f"the rules are encoded up to {checked_until():%d/%m/%Y}; {at:%d/%m/%Y} is beyond them",
            hint="use an earlier as_of date, or update the rules data after checking the current texts")
    spec = data["rules"][name]
    current = None
    for v in spec["values"]:
        if v["since"] <= at:
            current = v
    if current is None:
        first = spec["values"][0]["since"]
        raise RuleNotInForceError(f"rule {name} ({spec.get('description', '')}) did not exist on "
                                  f"{at:%d/%m/%Y}; it takes effect on {first:%d/%m/%Y}")
    return RuleValue(name=name, value=current["value"], since=current["since"],
                     reference=dict(current["reference"]), unit=str(spec.get("unit", "")),
                     description=str(spec.get("description", "")),
                     description_vi=str(spec.get("description_vi", spec.get("description", ""))))


def rule_spec(name: str) -> dict[str, Any]:
    """The rule's description, unit and facility types (no dated values)."""
    spec = _load()["rules"][name]
    return {k: v for k, v in spec.items() if k != "values"}


def criteria_names() -> list[str]:
    """Every listing criterion (``criteria.*``) in the rules file."""
    return [n for n in _load()["rules"] if n.startswith("criteria.")]
