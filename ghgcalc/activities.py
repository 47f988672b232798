"""Activity ids: the catalogue, the aliases users write, and fuzzy suggestions.

Canonical fuel ids are the IPCC 2006 Vol. 2 Table 1.2 fuel names in snake_case;
refrigerants are ASHRAE designations (``R-410A``) or gas names (``HFC-134a``).
"""

from __future__ import annotations

import difflib
from functools import lru_cache

import pandas as pd

from .data import handed_out, load_activities, load_blends, load_gwp
from .textnorm import label, plain


def _plain(text: str) -> str:
    """An alias with accents, đ, spaces and punctuation dropped: ``R-410A`` and ``r410a`` meet."""
    return plain(text).replace(" ", "")


@handed_out
def catalogue() -> pd.DataFrame:
    """Every activity id with its family, labels, biogenic flag and aliases."""
    acts = load_activities()[["activity", "family", "label_en", "label_vi", "biogenic", "aliases", "iso_category",
                              "ghgp_scope", "gas"]]
    blends = load_blends()
    refr = pd.DataFrame({"activity": sorted(set(blends["refrigerant"]))})
    gases = load_gwp()
    fug = sorted(set(gases.loc[gases["group"].isin(["HFC", "PFC", "SF6", "NF3", "ODS"]), "gas"]))
    fug = [g for g in fug if g not in set(refr["activity"])]
    extra = pd.DataFrame({"activity": list(refr["activity"]) + fug})
    extra["family"] = "refrigerant"
    extra["label_en"] = extra["activity"]
    extra["label_vi"] = extra["activity"]
    extra["biogenic"] = False
    extra["aliases"] = ""
    extra["gas"] = ""
    extra["iso_category"] = "1.4"
    extra["ghgp_scope"] = "1"
    return pd.concat([acts, extra], ignore_index=True)


@lru_cache(maxsize=1)
def _lookup() -> tuple[dict[str, str], dict[str, str]]:
    exact: dict[str, str] = {}
    plain: dict[str, str] = {}
    blends = load_blends()
    single = blends[blends["mass_fraction"] == 1]
    for comp, ref in zip(single["component"], single["refrigerant"], strict=True):
        if comp:  # HFC-134a → R-134a and its gas name resolve to the same activity
            plain.setdefault(_plain(comp), ref)
    for row in catalogue().itertuples(index=False):
        names = [row.activity, row.label_en, *str(row.aliases).split("|")]
        for name in names:
            if not name:
                continue
            exact.setdefault(label(name), row.activity)
            plain.setdefault(_plain(name), row.activity)
    return exact, plain


def resolve(name: str) -> str | None:
    """Canonical activity id for a name or alias, or ``None``.

    >>> resolve("dầu DO")
    'gas_diesel_oil'
    >>> resolve("r410a")
    'R-410A'
    """
    exact, plain = _lookup()
    key = label(name)
    if key in exact:
        return exact[key]
    return plain.get(_plain(name))


def suggest(name: str, n: int = 3) -> list[str]:
    """The closest known ids or aliases to a name nobody recognised."""
    exact, plain = _lookup()
    hits = difflib.get_close_matches(label(name), list(exact), n=n, cutoff=0.5)
    if not hits:
        hits = [k for k in difflib.get_close_matches(_plain(name), list(plain), n=n, cutoff=0.5)]
        return list(dict.fromkeys(plain[h] for h in hits))
    return list(dict.fromkeys(exact[h] for h in hits))


def factor_activity(activity: str) -> str:
    """The activity whose factors a national fuel name borrows, else the activity itself.

    ``coal_fines_5`` (TCVN 8910 "than cám 5") burns with the IPCC/Decision 2626 anthracite factors
    (``ipcc_fuel`` in ``activities.csv``); it has no NCV of its own.

    >>> factor_activity("coal_fines_5"), factor_activity("gas_diesel_oil")
    ('anthracite', 'gas_diesel_oil')
    """
    return _factor_activities().get(activity, activity)


@lru_cache(maxsize=1)
def _factor_activities() -> dict[str, str]:
    acts = load_activities()
    if "ipcc_fuel" not in acts:
        return {}
    return {str(a): str(f) for a, f in zip(acts["activity"], acts["ipcc_fuel"], strict=True) if f}


def family_of(activity: str) -> str:
    """The family (``fuel``, ``electricity`` ...) of a canonical activity id."""
    return _families()[activity]


@lru_cache(maxsize=1)
def _families() -> dict[str, str]:
    cat = catalogue()
    return {str(a): str(f) for a, f in zip(cat["activity"], cat["family"], strict=True)}


def search(text: str) -> pd.DataFrame:
    """Activities whose id, label or alias contains ``text`` (accent-insensitive).

    >>> "gas_diesel_oil" in set(search("diesel")["activity"])
    True
    """
    needle = _plain(text)
    cat = catalogue()
    hay = (cat["activity"] + "|" + cat["label_en"] + "|" + cat["label_vi"] + "|" + cat["aliases"])
    mask = hay.map(lambda h: needle in _plain(h))
    return cat[mask].reset_index(drop=True)
