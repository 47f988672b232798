"""The one pint registry of ghgcalc, and the conversions the engine needs.

Units are defined in ``units.txt`` next to this module. Quantities in frames stay
float64 columns; pint only ever sees each *distinct* unit string once
(:func:`conversion_factor` is cached), so the engine stays vectorised.

The registry is built on first use (:func:`registry`, the one place it is
created), not at import: building it costs about a quarter of a second, which
``ghgcalc --version`` and programs that never convert a unit should not pay.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .errors import UnitError

if TYPE_CHECKING:
    import pint


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[Any]:
    """ghgcalc's pint registry (``units.txt`` definitions), built on the first call.

    It is never made pint's application registry: a host program keeps its own
    (and its own units); quantities it hands in are read by their unit's text.
    """
    import pint

    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    ureg.load_definitions(str(resources.files("ghgcalc") / "units.txt"))
    return ureg


def __getattr__(name: str) -> Any:
    """``ureg`` and ``Quantity`` as module attributes, resolved on first access (PEP 562)."""
    if name == "ureg":
        return registry()
    if name == "Quantity":
        return registry().Quantity
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# Spellings seen in Vietnamese facility records, mapped to pint names.
_WORDS = {
    "tấn": "t", "tan": "t", "tons": "t", "ton": "t", "tonnes": "t", "tonne": "t",
    "lít": "L", "lit": "L", "lít/năm": "L", "litres": "L", "liters": "L",
    "kg": "kg", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "gj": "GJ", "tj": "TJ", "mj": "MJ",
    "nm3": "normal_cubic_meter", "nm³": "normal_cubic_meter",
    "sm3": "standard_cubic_meter", "sm³": "standard_cubic_meter",
    "m3": "m**3", "m³": "m**3", "khối": "m**3",
    "tkm": "tkm", "t.km": "tkm", "tấn.km": "tkm", "pkm": "pkm",
    "toe": "toe", "1000 m3": "kcm", "1000m3": "kcm", "nghìn m3": "kcm",
    "kcal": "kcal", "mmbtu": "MMBtu", "therm": "therm_it", "therms": "therm_it",
    # an oil barrel is 42 US gallons; pint's bare "barrel" is a 31.5-gallon barrel
    "bbl": "oil_barrel", "barrel": "oil_barrel", "barrels": "oil_barrel",
    "gal": "gallon", "us gal": "gallon",
    "đồng": "VND", "vnđ": "VND", "vnd": "VND", "nghìn đồng": "thousand_VND", "triệu đồng": "million_VND",
    "tỷ đồng": "billion_VND", "usd": "USD", "eur": "EUR",
}
_POWER = re.compile(r"\b(mm|cm|dm|m|km)([23])\b")
_SUPER = {"²": "**2", "³": "**3"}


def normalize_unit(text: str) -> str:
    """Return the pint spelling of a unit string a user wrote.

    >>> normalize_unit(" tấn ")
    't'
    >>> normalize_unit("m3")
    'm**3'
    """
    s = unicodedata.normalize("NFC", str(text)).strip()
    low = s.lower()
    if low in _WORDS:
        return _WORDS[low]
    for sup, rep in _SUPER.items():
        s = s.replace(sup, rep)
    s = re.sub(r"\bNm\*\*3\b|\bNm3\b", "normal_cubic_meter", s)
    s = re.sub(r"\bSm\*\*3\b|\bSm3\b", "standard_cubic_meter", s)
    return _POWER.sub(r"\1**\2", s)


@lru_cache(maxsize=4096)
def parse(text: str) -> pint.Quantity[Any]:
    """Parse a unit expression (scaling factors allowed, e.g. ``toe/(1000 m**3)``)."""
    spelled = normalize_unit(text)
    if not spelled:
        raise UnitError(f"empty unit {text!r}", hint="write a unit such as t, kg, L, m3, kWh, GJ")
    import pint

    ureg = registry()
    try:
        q = ureg.parse_expression(spelled)
    except Exception as exc:  # pint raises several types for bad strings
        raise UnitError(
            f"unknown unit {text!r}",
            hint="write a unit such as t, kg, L, m3, Nm3, kWh, MWh, GJ, TJ, MMBtu",
        ) from exc
    if not isinstance(q, pint.Quantity):
        q = ureg.Quantity(float(q), "")
    return q


def split_unit(text: str) -> tuple[str, str]:
    """Numerator and denominator of a factor's unit, as written.

    The written form matters: ``t CO2/t`` would simplify to ``CO2`` in pint.

    >>> split_unit("kg CO2/TJ")
    ('kg CO2', 'TJ')
    >>> split_unit("toe/(1000 m**3)")
    ('toe', '(1000 m**3)')
    """
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "/" and depth == 0:
            rest = text[i + 1:].strip()
            if "/" in rest:
                rest = "(" + rest.replace("/", ") / (") + ")"
                rest = rest.replace(") / (", ")*(")
            return text[:i].strip(), rest
    return text.strip(), ""


def dimensionality(text: str) -> str:
    """The pint dimensionality of a unit string, as text."""
    return str(parse(text).dimensionality)


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Multiplier taking a number in ``from_unit`` to ``to_unit``.

    Raises :class:`~ghgcalc.errors.UnitError` when the dimensions differ.

    >>> conversion_factor("MWh", "GJ")
    3.6
    """
    import pint

    src, dst = parse(from_unit), parse(to_unit)
    try:
        return float((src / dst).to("dimensionless").magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(
            f"cannot convert {from_unit!r} ({src.dimensionality}) to {to_unit!r} ({dst.dimensionality})"
        ) from exc
