"""The Prime Minister's facility list and the quota allocations, looked up by date.

``lookup(name, province=, tax_code=, as_of=)`` finds a facility on the list in
force on ``as_of`` (Decision 42/2026/QĐ-TTg from 25/09/2026): by tax code where
the list has one, else by name, accent-insensitively (``Cong ty Co phan ...``
matches ``Công ty Cổ phần ...``), narrowed by province; a near miss returns the
candidates instead of a guess. ``quota_balance`` compares verified emissions
with a Decision 699/QĐ-BNNMT allocation, counting only the emissions inside the
quota boundary (rule ``quota.boundary``: by default the direct emission sources,
ISO 14064-1 category 1, that Decree 06/2022 Art. 19(5)(a) as amended counts for
surrender).
"""

from __future__ import annotations

import datetime as dt
import difflib
import heapq
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .data import dataset_dir
from .errors import GhgcalcError
from .l10n import LANGS
from .rules import rule
from .textnorm import plain

#: Words that carry no identity in Vietnamese company names (dropped before matching).
_LEGAL_FORMS = ("cong ty", "co phan", "trach nhiem huu han", "tnhh", "mot thanh vien", "mtv", "cp", "ctcp",
                "tong cong ty", "chi nhanh", "company", "limited", "ltd", "joint stock", "jsc", "co")


def core_name(text: Any) -> str:
    """A company name without its legal form, for fuzzy matching."""
    s = f" {plain(text)} "
    for form in _LEGAL_FORMS:
        s = s.replace(f" {form} ", " ")
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=4)
def _load(relpath: str) -> pd.DataFrame:
    frame = pd.read_csv(dataset_dir() / relpath, dtype=str, keep_default_na=False)
    name_col = "name" if "name" in frame.columns else "facility_name"
    frame["_plain"] = frame[name_col].map(plain)
    frame["_core"] = frame[name_col].map(core_name)
    frame["_where"] = (frame.get("province_vi", "") + " " + frame.get("address", "")).map(plain)
    return frame


@dataclass(frozen=True)
class _Index:
    """Positions of a shipped list's rows by folded name and tax code, and letter counts of the core names."""

    by_plain: dict[str, list[int]]
    by_tax: dict[str, list[int]]
    cores: list[str]
    letters: dict[str, int]
    counts: np.ndarray  # rows x letters
    lengths: np.ndarray


@lru_cache(maxsize=4)
def _index(relpath: str) -> _Index:
    frame = _load(relpath)
    by_plain: dict[str, list[int]] = {}
    for i, key in enumerate(frame["_plain"]):
        by_plain.setdefault(key, []).append(i)
    by_tax: dict[str, list[int]] = {}
    for i, key in enumerate(frame["tax_code"] if "tax_code" in frame.columns else []):
        by_tax.setdefault(key, []).append(i)
    cores = [str(c) for c in frame["_core"]]
    letters = {ch: j for j, ch in enumerate(sorted(set("".join(cores))))}
    counts = np.zeros((len(cores), len(letters)), dtype=np.int32)
    for i, c in enumerate(cores):
        for ch in c:
            counts[i, letters[ch]] += 1
    return _Index(by_plain, by_tax, cores, letters, counts, np.array([len(c) for c in cores]))


@lru_cache(maxsize=256)
def _in_province(relpath: str, prov: str) -> np.ndarray:
    mask: np.ndarray = _load(relpath)["_where"].str.contains(prov, regex=False).to_numpy(dtype=bool)
    return mask


def _close_matches(idx: _Index, core: str, pool: np.ndarray, n: int, cutoff: float) -> list[str]:
    """``difflib.get_close_matches(core, cores of pool, n, cutoff)``, the same answer, faster.

    difflib keeps a name only if its ``quick_ratio`` (letters in common, an upper
    bound of the similarity ratio) reaches the cutoff; that bound is computed here
    for every name at once with a letter-count matrix, and the exact ratio only
    for the names whose bound could still place them among the ``n`` best.
    """
    q = np.zeros(len(idx.letters), dtype=np.int32)
    for ch in core:
        j = idx.letters.get(ch)
        if j is not None:
            q[j] += 1
    common = np.minimum(idx.counts, q).sum(axis=1)
    length = idx.lengths + len(core)
    quick = np.where(length > 0, 2.0 * common / np.maximum(length, 1), 1.0)
    keep = pool[quick[pool] >= cutoff - 1e-9]
    # best bound first; stop once no remaining name can beat the n-th best ratio found (ties go by name)
    keep = keep[np.argsort(-quick[keep], kind="stable")]
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(core)
    found: list[tuple[float, str]] = []
    for i in keep:
        if len(found) >= n and quick[i] < heapq.nlargest(n, found)[-1][0]:
            break
        matcher.set_seq1(idx.cores[i])
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff:
            found.append((matcher.ratio(), idx.cores[i]))
    return [x for _, x in heapq.nlargest(n, found)]


@dataclass
class ListMatch:
    """The outcome of looking a facility up on a list."""

    decision: str
    status: str  # "found", "candidates", "not_found", "unavailable"
    entry: dict[str, str] | None = None
    candidates: list[dict[str, str]] = field(default_factory=list)
    matched_by: str = ""

    def describe(self, lang: str = "en") -> str:
        """One sentence on the outcome, in ``lang`` (catalogue entries ``list.<status>``; how it matched translated)."""
        from .l10n import t, translate

        lang = "vi" if lang == "vi" else "en"
        e = self.entry or {}
        names = "; ".join(c.get("name", "") + f" ({c.get('province_vi', '')})" for c in self.candidates)
        how = translate(self.matched_by, lang) if lang != "en" else self.matched_by
        why = f" ({how})" if how else ""
        key = self.status if self.status != "found" or self.entry else "not_found"
        return t(f"list.{key}", lang, d=translate(self.decision, lang) if lang != "en" else self.decision, how=how,
                 why=why, names=names, name=e.get("name") or e.get("facility_name", ""),
                 appendix=e.get("appendix", ""), serial=e.get("serial", ""))


def _public(row: pd.Series) -> dict[str, str]:
    return {k: str(v) for k, v in row.items() if not str(k).startswith("_")}


def lookup(name: str = "", *, province: str = "", tax_code: str = "", as_of: dt.date | None = None,
           facility_list: pd.DataFrame | None = None, n: int = 5) -> ListMatch:
    """Find a facility on the Prime Minister's list in force on ``as_of`` (or on ``facility_list``)."""
    as_of = as_of or dt.date.today()
    if facility_list is not None:
        frame = facility_list.copy()
        if "name" not in frame.columns:
            raise GhgcalcError("the facility list needs a 'name' column (and optionally tax_code, province_vi)")
        frame["_plain"] = frame["name"].map(plain)
        frame["_core"] = frame["name"].map(core_name)
        where = frame.get("province_vi", frame.get("province", pd.Series("", index=frame.index)))
        frame["_where"] = (where.astype(str) + " " + frame.get("address", "")).map(plain)
        decision = "(list supplied)"
    else:
        lst = rule("facility_list", as_of)
        decision = str(lst.value["decision"])
        if not lst.value.get("file"):
            return ListMatch(decision, "unavailable")
        relpath = str(lst.value["file"])
        frame = _load(relpath)
    via = ""
    if tax_code and "tax_code" in frame.columns:
        hit = frame[frame["tax_code"].astype(str).str.split("-").str[0] == tax_code.split("-")[0].strip()]
        if len(hit):
            return ListMatch(decision, "found", _public(hit.iloc[0]), matched_by=f"tax code {tax_code}")
    elif tax_code and not name:
        # the list has no tax codes: the quota decision may name the facility for this tax code
        entry = quota_entry(tax_code=tax_code, as_of=as_of) if facility_list is None else None  # shipped list only
        if entry is None:
            return ListMatch(decision, "not_found", matched_by="the list has no tax codes; search by name")
        name, via = entry["facility_name"], f", name of tax code {tax_code} in Decision 699"
        linked = [int(i) for i in str(entry.get("app_qd42_row_index", "")).split(";") if i.strip().isdigit()]
        if linked:  # row numbers of the shipped list, as linked by the list's transcription
            rows = [_public(frame.iloc[i]) for i in linked if i < len(frame)]
            exact = [r for r in rows if plain(r.get("name")) == plain(name)]
            if exact:
                return ListMatch(decision, "found", exact[0], matched_by="name" + via)
            return ListMatch(decision, "candidates", candidates=rows,
                             matched_by="rows linked to this quota entry by the list's transcription")
    if not name:
        return ListMatch(decision, "not_found")
    if facility_list is None:
        return _find_in_shipped(relpath, frame, decision, name, province, via, n)
    pool = frame
    if province:
        prov = plain(province)
        narrowed = frame[frame["_where"].str.contains(prov, regex=False)]
        pool = narrowed if len(narrowed) else frame
    key = plain(name)
    exact = pool[pool["_plain"] == key]
    if len(exact) == 1 or (len(exact) > 1 and province):
        how = "exact name" if str(exact.iloc[0].get("name", "")) == name.strip() else "name, accents ignored"
        return ListMatch(decision, "found", _public(exact.iloc[0]), matched_by=how + via)
    if len(exact) > 1:
        return ListMatch(decision, "candidates", candidates=[_public(r) for _, r in exact.head(n).iterrows()])
    core = core_name(name)
    close = difflib.get_close_matches(core, list(pool["_core"]), n=n, cutoff=0.75)
    cands = [_public(r) for c in close for _, r in pool[pool["_core"] == c].head(1).iterrows()]
    return ListMatch(decision, "candidates" if cands else "not_found", candidates=cands)


def _find_in_shipped(relpath: str, frame: pd.DataFrame, decision: str, name: str, province: str, via: str,
                     n: int) -> ListMatch:
    """The name search of :func:`lookup` on a shipped list, through its cached index (same answers)."""
    idx = _index(relpath)
    pool = np.arange(len(frame))
    if province:
        narrowed = np.flatnonzero(_in_province(relpath, plain(province)))
        pool = narrowed if len(narrowed) else pool
    in_pool = np.zeros(len(frame), dtype=bool)
    in_pool[pool] = True
    exact = [i for i in idx.by_plain.get(plain(name), []) if in_pool[i]]
    if len(exact) == 1 or (len(exact) > 1 and province):
        first = frame.iloc[exact[0]]
        how = "exact name" if str(first.get("name", "")) == name.strip() else "name, accents ignored"
        return ListMatch(decision, "found", _public(first), matched_by=how + via)
    if len(exact) > 1:
        return ListMatch(decision, "candidates", candidates=[_public(frame.iloc[i]) for i in exact[:n]])
    close = _close_matches(idx, core_name(name), pool, n, 0.75)
    cands = [_public(frame.iloc[next(int(i) for i in pool if idx.cores[i] == c)]) for c in close]
    return ListMatch(decision, "candidates" if cands else "not_found", candidates=cands)


@dataclass
class QuotaYear:
    year: int
    allocated_t: float
    verified_t: float | None
    balance_t: float | None  # positive: surplus, negative: shortfall


@dataclass
class QuotaBalance:
    """Verified emissions against a quota allocation, year by year and over the phase."""

    facility: str
    decision: str
    years: list[QuotaYear]
    total_allocated_t: float
    total_verified_t: float | None
    balance_t: float | None
    offset_cap_t: float
    offset_cap_citation: str
    surrender_deadline: dt.date
    citation: str
    verified: bool = True
    #: id of the quota boundary used (rule ``quota.boundary``), e.g. ``direct``
    boundary: str = ""
    #: ISO 14064-1 categories the boundary counts, e.g. ``("1",)``
    boundary_categories: tuple[str, ...] = ()
    boundary_citation: str = ""
    #: True when the boundary is the rule's default, False when the user chose another
    boundary_is_default: bool = True
    boundary_text: str = ""
    #: t CO2e by year of the rows outside the boundary (when computed from result rows)
    outside_t: dict[int, float] = field(default_factory=dict)
    outside_categories: tuple[str, ...] = ()
    #: the boundary in each report language (``l10n.LANGS``), from the same rule (for ``explain(lang)``)
    boundary_texts: dict[str, str] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame([y.__dict__ for y in self.years])
        frame["boundary"] = self.boundary
        return frame

    def explain(self, lang: str = "en") -> str:
        """Plain text, one line per fact: ``en`` (the default) as it always read, ``vi`` from the catalogue
        (the report's ``doc.quota_*`` sentences and ``quota.explain.*``), numbers and dates written as in Vietnamese.
        """
        if lang != "en":
            return self._explain_in(lang)
        source = (f"quota of Decision {self.decision} ({self.citation})" if not self.citation.startswith("allocation")
                  else f"quota as given in the facility's workbook (phase of Decision {self.decision})")
        lines = [f"{self.facility}: {source}"]
        if self.boundary:
            why = ("default" if self.boundary_is_default
                   else "chosen with quota_boundary; the decree counts the direct sources only")
            lines.append(f"- counted: {self.boundary_text} [quota_boundary={self.boundary}, {why}; "
                         f"{self.boundary_citation}]")
            if any(self.outside_t.values()):
                per_year = ", ".join(f"{y} {v:,.0f} t" for y, v in sorted(self.outside_t.items()))
                word = "category" if len(self.outside_categories) == 1 else "categories"
                lines.append(f"- not counted: ISO 14064-1 {word} {', '.join(self.outside_categories)} "
                             f"({per_year} CO2e)")
        for y in self.years:
            label = "verified" if self.verified else "emissions (computed, not yet verified)"
            v = "no data" if y.verified_t is None else f"{label} {y.verified_t:,.0f} t"
            b = "" if y.balance_t is None else (f", surplus {y.balance_t:,.0f} t" if y.balance_t >= 0
                                                  else f", shortfall {-y.balance_t:,.0f} t")
            lines.append(f"- {y.year}: allocated {y.allocated_t:,.0f} t CO2e, {v}{b}")
        if self.balance_t is not None and self.balance_t < 0:
            rest = -self.balance_t - min(-self.balance_t, self.offset_cap_t)
            tail = (f"the remaining {rest:,.0f} t must be covered by quota bought or banked" if rest > 0
                    else "the whole shortfall can be offset within that cap")
            lines.append(f"- shortfall over the phase {-self.balance_t:,.0f} t: carbon credits may cover up to "
                         f"{self.offset_cap_t:,.0f} t ({self.offset_cap_citation}); {tail}")
        elif self.balance_t is not None:
            lines.append(f"- surplus over the phase {self.balance_t:,.0f} t (may be banked or traded)")
        lines.append(f"- surrender by {self.surrender_deadline:%d/%m/%Y}")
        return "\n".join(lines)

    def _explain_in(self, lang: str) -> str:
        from . import l10n
        from .l10n import num, t, translate

        if lang not in l10n.LANGS:
            raise ValueError(f"language {lang!r}: use one of {', '.join(l10n.LANGS)}")
        workbook = self.citation.startswith("allocation")
        source = t("doc.quota_source_workbook" if workbook else "doc.quota_source_decision", lang,
                   decision=self.decision)
        lines = [f"{self.facility}: {source}" + ("" if workbook else f" ({translate(self.citation, lang)})")]
        if self.boundary:
            how = t("doc.quota_default" if self.boundary_is_default else "doc.quota_chosen", lang)
            lines.append("- " + t("doc.quota_counted", lang, text=self.boundary_texts.get(lang, self.boundary), how=how,
                                  citation=translate(self.boundary_citation, lang)))
            if any(self.outside_t.values()):
                per_year = "; ".join(f"{y}: {num(v, lang, 0)}" for y, v in sorted(self.outside_t.items()))
                lines.append("- " + t("doc.quota_outside", lang, categories=", ".join(self.outside_categories),
                                      values=per_year))
        for y in self.years:
            said = (t("quota.explain.no_data", lang) if y.verified_t is None else
                    t("quota.explain.verified" if self.verified else "quota.explain.computed", lang,
                      value=num(y.verified_t, lang, 0)))
            if y.balance_t is not None:
                said += t("quota.explain.surplus" if y.balance_t >= 0 else "quota.explain.shortfall", lang,
                          value=num(abs(y.balance_t), lang, 0))
            lines.append("- " + t("quota.explain.year", lang, year=y.year, allocated=num(y.allocated_t, lang, 0),
                                  emissions=said))
        if self.balance_t is not None and self.balance_t < 0:
            short = -self.balance_t
            rest = short - min(short, self.offset_cap_t)
            lines.append("- " + t("doc.quota_shortfall", lang, value=num(short, lang, 0),
                                  cap=num(self.offset_cap_t, lang, 0),
                                  citation=translate(self.offset_cap_citation, lang)) + " "
                         + (t("doc.quota_rest", lang, value=num(rest, lang, 0)) if rest > 0
                            else t("doc.quota_within_cap", lang)))
        elif self.balance_t is not None:
            lines.append("- " + t("doc.quota_surplus", lang, value=num(self.balance_t, lang, 0)))
        lines.append("- " + t("doc.quota_surrender", lang, date=l10n.date(self.surrender_deadline, lang)))
        return "\n".join(lines)


def quota_entry(*, tax_code: str = "", name: str = "", as_of: dt.date | None = None) -> dict[str, str] | None:
    """The Decision 699 allocation of a facility (by tax code, else name), or ``None``."""
    r = rule("quota.allocation", as_of or dt.date.today())
    frame = _load(str(r.value["file"]))
    idx = _index(str(r.value["file"]))
    if tax_code and tax_code.strip() in idx.by_tax:
        hit = frame.iloc[idx.by_tax[tax_code.strip()]]
        if len(hit) > 1:
            raise GhgcalcError(f"tax code {tax_code} has {len(hit)} allocations in Decision {r.value['decision']}",
                               hint="name the facility too: " + "; ".join(hit["facility_name"]))
        if len(hit):
            return _public(hit.iloc[0])
    if name and len(idx.by_plain.get(plain(name), [])) == 1:
        return _public(frame.iloc[idx.by_plain[plain(name)][0]])
    return None


def resolve_quota_boundary(name: str | None = None, *,
                           as_of: dt.date | None = None) -> tuple[str, dict[str, Any], bool]:
    """The quota boundary ``name`` (default: the rule's): its id, definition and whether it is the default.

    >>> bid, spec, default = resolve_quota_boundary(as_of=dt.date(2026, 11, 23))
    >>> bid, spec["iso_categories"], default
    ('direct', ['1'], True)
    """
    r = rule("quota.boundary", as_of or dt.date.today())
    default = str(r.value["default"])
    bid = str(name or "").strip().lower() or default
    known = r.value["boundaries"]
    if bid not in known:
        raise GhgcalcError(f"unknown quota_boundary {name!r}",
                           hint=f"use one of {', '.join(known)} (facility sheet field quota_boundary, "
                                f"or quota_boundary= in Python); {default} is the default")
    return bid, dict(known[bid]), bid == default


def boundary_totals(results: pd.DataFrame, categories: tuple[str, ...] | list[str]) -> dict[int, float]:
    """CO2e by year of the rows whose ISO 14064-1 category (``1.3`` -> ``1``) is in ``categories``."""
    if "year" not in results or results.empty:
        return {}
    top = results["iso_category"].astype(str).str.split(".").str[0]
    counted = results["co2e_t"].where(top.isin([str(c) for c in categories]), 0.0)
    return {int(y): float(v) for y, v in counted.groupby(results["year"]).sum().items()}


def quota_balance(facility: str | dict[str, Any], verified: dict[int, float] | pd.DataFrame, *,
                  as_of: dt.date | None = None, is_verified: bool = True,
                  quota_boundary: str | None = None) -> QuotaBalance:
    """Verified emissions of each year of the phase against the allocation.

    Parameters
    ----------
    facility : str or dict
        A tax code (``"0104297034-001"``) or facility name of Decision 699, or an
        allocation row (``{"facility_name", "quota_2025", "quota_2026"}``).
    verified : dict or DataFrame
        Verified emissions by year [t CO2e] inside the quota boundary, or the
        rows of :func:`ghgcalc.calculate` (with ``year``), of which only the
        boundary's ISO 14064-1 categories are counted.
    is_verified : bool
        False when the emissions are computed but not yet verified (reports say so).
    quota_boundary : str, optional
        ``direct`` (default: ISO 14064-1 category 1, the direct emission sources
        Decree 06/2022 Art. 19(5)(a) as amended counts for surrender) or
        ``direct_and_imported_energy`` (categories 1-2). The balance records it.
    """
    as_of = as_of or dt.date.today()
    alloc = rule("quota.allocation", as_of)
    cap = rule("quota.offset_cap", as_of)
    bid, bdef, is_default = resolve_quota_boundary(quota_boundary, as_of=as_of)
    categories = tuple(str(c) for c in bdef["iso_categories"])
    outside: dict[int, float] = {}
    outside_cats: tuple[str, ...] = ()
    if isinstance(verified, pd.DataFrame):
        rows = verified
        verified = boundary_totals(rows, categories)
        every = boundary_totals(rows, sorted(set(rows["iso_category"].astype(str).str.split(".").str[0])))
        outside = {y: every[y] - verified.get(y, 0.0) for y in every}
        outside_cats = tuple(sorted(set(rows["iso_category"].astype(str).str.split(".").str[0]) - set(categories)))
    entry = facility if isinstance(facility, dict) else (
        quota_entry(tax_code=facility, as_of=as_of) or quota_entry(name=facility, as_of=as_of))
    if entry is None:
        raise GhgcalcError(f"{facility!r} has no allocation in Decision {alloc.value['decision']}",
                           hint="give the tax code as written in the decision, e.g. 0104297034-001")
    for y, v in verified.items():
        if v < 0:
            raise GhgcalcError(f"verified emissions of {y} ({v:g} t) must not be negative")
    years = []
    for y in alloc.value["phase"]:
        allocated = float(entry[f"quota_{y}"])
        got = verified.get(int(y))
        years.append(QuotaYear(int(y), allocated, got, None if got is None else allocated - got))
    total_alloc = sum(y.allocated_t for y in years)
    complete = all(y.verified_t is not None for y in years)
    total_ver = sum(y.verified_t or 0.0 for y in years) if complete else None
    return QuotaBalance(
        facility=str(entry.get("facility_name", "")), decision=str(alloc.value["decision"]), years=years,
        total_allocated_t=total_alloc, total_verified_t=total_ver,
        balance_t=None if total_ver is None else total_alloc - total_ver,
        offset_cap_t=float(cap.value) * total_alloc, offset_cap_citation=cap.citation(),
        surrender_deadline=alloc.value["surrender_deadline"],
        citation=alloc.citation() if "group_index" in entry or not isinstance(facility, dict)
        else "allocation given in the facility's workbook", verified=is_verified,
        boundary=bid, boundary_categories=categories, boundary_is_default=is_default,
        boundary_citation=rule("quota.boundary", as_of).citation(), boundary_text=str(bdef["en"]),
        boundary_texts={lang: str(bdef.get(lang, bid)) for lang in LANGS},
        outside_t=outside, outside_categories=outside_cats,
    )
