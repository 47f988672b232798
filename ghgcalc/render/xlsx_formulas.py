"""How each source row's result is written as a spreadsheet formula a verifier can audit (``--formulas``).

For every result column of a source row (CO2, CH4, N2O, SF6, NF3 in t of gas;
HFCs, PFCs, CO2e-only and memo items in t CO2e; biogenic CO2 in t) this module
finds a coefficient *c* (t per unit of the row's activity) such that

    result = quantity × c × GWP

and says whether *c* is the product of the factors the row lists
(``model.factors``, each raised to +1 or -1, times a unit conversion found by
pint from their units, e.g. t × TJ/Gg × kg CO2/TJ → t CO2 is × 10⁻⁶) or an
*effective* coefficient (result ÷ quantity) because the method is not such a
product (wastewater COD × Bo × MCF, refrigerant blends, clinker CaO content
from the row, …). The product is accepted only when it reproduces ghgcalc's
result to 1e-9 relative, so a formula never claims a computation ghgcalc did
not do. The GWP of each gas is the set's value (``provenance.gwp_values``); a
row whose CH4 was weighted otherwise (AR6 fossil CH4) carries the GWP it took,
read back from its CO2e.

Nothing here formats or writes; :mod:`ghgcalc.render.xlsx` lays the cells out.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..report_model import FactorRef, ReportModel, SourceRow

#: Result columns of a source row, in sheet order: (id, SourceRow attribute, factor gas, weighted by GWP).
#: Masses (t of gas) are weighted by the gas's GWP; the CO2e columns are already t CO2e.
COLUMNS: tuple[tuple[str, str, str | None, bool], ...] = (
    ("CO2", "co2_t", "CO2", True),
    ("CH4", "ch4_t", "CH4", True),
    ("N2O", "n2o_t", "N2O", True),
    ("HFCs", "hfcs_co2e_t", None, False),
    ("PFCs", "pfcs_co2e_t", None, False),
    ("SF6", "sf6_t", "SF6", True),
    ("NF3", "nf3_t", "NF3", True),
    ("co2e_only", "co2e_only_t", None, False),
)
#: Outside the total: biogenic CO2 [t] and memo items [t CO2e].
OUTSIDE: tuple[tuple[str, str, str | None, bool], ...] = (
    ("biogenic_co2", "biogenic_co2_t", "CO2", False),
    ("memo", "memo_co2e_t", None, False),
)
#: Relative tolerance within which a product of factors must reproduce ghgcalc's number.
REL_TOL = 1e-9
_GASES = ("CO2", "CH4", "N2O", "SF6", "NF3")


@dataclass(frozen=True)
class Term:
    """One result column of one row: ``result = quantity × coefficient (× GWP)``.

    ``factors`` are (factor id, exponent) pairs whose product times ``scale``
    is the coefficient; empty for an effective coefficient (``coefficient``
    = result ÷ quantity) or a row without a quantity (``coefficient`` is then
    None and the result is written as a value).
    """

    column: str
    result: float
    coefficient: float | None
    factors: tuple[tuple[str, int], ...]
    scale: float
    gwp: float | None
    gwp_key: str | None

    @property
    def is_product(self) -> bool:
        return bool(self.factors)


@dataclass(frozen=True)
class RowTerms:
    source: SourceRow
    terms: dict[str, Term]

    @property
    def all_products(self) -> bool:
        """Every non-zero column is a product of listed factors."""
        return all(t.is_product for t in self.terms.values())

    @property
    def has_quantity(self) -> bool:
        return all(t.coefficient is not None for t in self.terms.values())


@lru_cache(maxsize=1024)
def _mass_unit(unit: str) -> str:
    """A factor's unit without its gas name: ``kg CO2/TJ`` → ``kg/TJ``, ``t CO2e/MWh`` → ``t/MWh``."""
    return re.sub(r"\b(CO2e?|CH4|N2O|SF6|NF3)\b", "", unit).replace("( ", "(").strip()


@lru_cache(maxsize=4096)
def _scale(activity_unit: str, units_: tuple[tuple[str, int], ...]) -> float | None:
    """The number that takes activity_unit × Π unit^exp to t, or None when it is not a mass."""
    from .. import units as u

    try:
        q = u.parse(activity_unit) if activity_unit else u.parse("dimensionless")
        for text, exp in units_:
            q = q * u.parse(_mass_unit(text)) ** exp
        return float(q.to("t").magnitude)
    except Exception:  # a unit pint cannot read or a dimension that is not a mass: not a product
        return None


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


Found = tuple[tuple[tuple[str, int], ...], float]


def _product(row: SourceRow, result: float, gas: str | None, by_id: dict[str, FactorRef],
             memo: dict[tuple[str, tuple[str, ...], str], Found] | None = None) -> Found | None:
    """(factors with exponents, unit scale) whose product gives ``result`` from ``row.quantity``.

    ``memo`` keeps the product found for a unit, factor list and gas, so that rows alike are only checked.
    """
    if gas is None or not row.quantity:
        return None
    key = (row.unit, tuple(row.factor_ids), gas)
    if memo is not None and key in memo:
        factors, k = memo[key]
        value = row.quantity * k
        for fid, e in factors:
            value *= float(by_id[fid].value or 0.0) ** e
        if _close(value, result):
            return memo[key]
    listed = [by_id[i] for i in row.factor_ids if i in by_id and by_id[i].value is not None and by_id[i].unit]
    gas_factors = [f for f in listed if f.gas == gas]
    others = [f for f in listed if f.gas is None]
    if not gas_factors or len(others) > 4:
        return None
    combos = sorted(itertools.product((1, -1, 0), repeat=len(others)), key=lambda c: sum(e == 0 for e in c))
    for g in gas_factors:
        for exps in combos:
            used = [(f, e) for f, e in zip(others, exps, strict=True) if e]
            scale = _scale(row.unit, tuple((str(f.unit), e) for f, e in [*used, (g, 1)]))
            if scale is None:
                continue
            value = row.quantity * scale * float(g.value or 0.0)
            for f, e in used:
                value *= float(f.value or 0.0) ** e
            if _close(value, result):
                found = tuple((f.factor_id, e) for f, e in [*used, (g, 1)]), scale
                if memo is not None:
                    memo[key] = found
                return found
    return None


def _row_gwps(row: SourceRow, gwp: dict[str, float]) -> dict[str, float]:
    """The GWP each gas of the row was weighted with: the set's, or CH4's read back from the row's CO2e."""
    out = {g: gwp[g] for g in _GASES if g in gwp}
    if row.ch4_t and "CH4" in gwp:
        rest = (row.co2_t * gwp.get("CO2", 1.0) + row.n2o_t * gwp.get("N2O", 0.0) + row.hfcs_co2e_t
                + row.pfcs_co2e_t + row.sf6_t * gwp.get("SF6", 0.0) + row.nf3_t * gwp.get("NF3", 0.0)
                + row.co2e_only_t)
        ch4_co2e = row.co2e_t - rest
        if not _close(ch4_co2e, row.ch4_t * gwp["CH4"]):
            taken = ch4_co2e / row.ch4_t
            out["CH4"] = float(f"{taken:.6g}")  # GWPs are published to at most 4 significant digits
    return out


def row_terms(row: SourceRow, model: ReportModel, by_id: dict[str, FactorRef] | None = None,
              memo: dict[tuple[str, tuple[str, ...], str], Found] | None = None) -> RowTerms:
    """The terms of every non-zero result column of ``row`` (``memo``: shared by the rows of one report)."""
    by_id = by_id if by_id is not None else {f.factor_id: f for f in model.factors}
    gwps = _row_gwps(row, model.provenance.gwp_values)
    terms: dict[str, Term] = {}
    for col, attr, gas, weighted in (*COLUMNS, *OUTSIDE):
        result = float(getattr(row, attr) or 0.0)
        if result == 0.0:
            continue
        gwp = gwps.get(str(gas)) if weighted else None
        gwp_key = None
        if weighted and gas is not None:
            gwp_key = gas if gwp == model.provenance.gwp_values.get(gas) else f"{gas}@{gwp:g}"
        found = _product(row, result, gas, by_id, memo)
        if found is not None:
            factors, k = found
            coef = k
            for fid, e in factors:
                coef *= float(by_id[fid].value or 0.0) ** e
            terms[col] = Term(col, result, coef, factors, k, gwp, gwp_key)
        elif row.quantity:
            terms[col] = Term(col, result, result / row.quantity, (), 1.0, gwp, gwp_key)
        else:
            terms[col] = Term(col, result, None, (), 1.0, gwp, gwp_key)
    return RowTerms(row, terms)


def gwp_block(model: ReportModel, rows: list[RowTerms]) -> list[tuple[str, str, float]]:
    """(key, gas, value) of the GWP block: the set's values, then any value a row took otherwise."""
    # one cell per gas; a value by origin (AR6 fossil CH4 …) gets its cell from the rows that took it
    out = [(g, g, v) for g, v in model.provenance.gwp_values.items() if "_" not in g]
    seen = {k for k, _, _ in out}
    for r in rows:
        for t in r.terms.values():
            if t.gwp_key and t.gwp_key not in seen and t.gwp is not None:
                out.append((t.gwp_key, t.gwp_key.split("@")[0], t.gwp))
                seen.add(t.gwp_key)
    return out
