"""The one pint registry of ghgcalc, and the conversions the engine needs.

Units are defined in ``units.txt`` next to this module. Quantities in frames stay
float64 columns; pint only ever sees each *distinct* unit string once
(:func:`conversion_factor` is cached), so the engine stays vectorised.

The registry is built on first use (:func:`registry`, the one place it is
created), not at import: building it costs about a quarter of a second, which
``ghgcalc --version`` and programs that never convert a unit should not pay.
"""

from __future__ import annotations

import difflib
import math
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
    "tấn": "t", "tan": "t", "tonnes": "t", "tonne": "t", "metric_ton": "t", "metric ton": "t", "metric tons": "t",
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
    """Parse a unit expression (scaling factors allowed, e.g. ``toe/(1000 m**3)``).

    Refused, never guessed: spellings that mean different masses to different readers
    (``mt``/``MT``: a metric tonne in trade, a millitonne to pint; ``ton``: short, long or
    metric), and text longer than :data:`MAX_EXPRESSION_CHARS` (pint's parser is slow on
    long garbage). A unit the user writes is checked further by :func:`check_user_unit`.
    """
    if len(str(text)) > MAX_EXPRESSION_CHARS:
        raise UnitError(f"unit {str(text)[:20]!r}… is {len(str(text))} characters long",
                        hint=f"a unit is at most {MAX_UNIT_CHARS} characters, e.g. t, kg, L, m3, kWh")
    for token in re.findall(r"[A-Za-z_]+", str(text)):
        choices = AMBIGUOUS.get(token) or AMBIGUOUS.get(token.lower() if token.lower().startswith("ton") else "")
        if choices:
            raise UnitError(f"unit {text!r} is ambiguous: {token!r} is read differently by different people",
                            hint=f"write one of: {choices}")
    spelled = normalize_unit(text)
    if not spelled:
        raise UnitError(f"empty unit {text!r}", hint="write a unit such as t, kg, L, m3, kWh, GJ")
    import pint

    ureg = registry()
    try:
        q = ureg.parse_expression(spelled)
    except Exception as exc:  # pint raises several types for bad strings
        close = closest_units(str(text))
        raise UnitError(
            f"unknown unit {text!r}" + (f"; did you mean {', '.join(close)}?" if close else ""),
            hint="write a unit such as t, kg, L, m3, Nm3, kWh, MWh, GJ, TJ, MMBtu",
        ) from exc
    if not isinstance(q, pint.Quantity):
        q = ureg.Quantity(float(q), "")
    return q


def check_user_unit(text: str) -> pint.Quantity[Any]:
    """A unit as a user wrote it: parsed (see :func:`parse`), at most :data:`MAX_UNIT_CHARS`
    characters, and any number in it positive and finite (``-1 t``, ``nan kg``, ``0 t`` refused).

    >>> float(check_user_unit("100 L").magnitude)
    100.0
    """
    if len(str(text)) > MAX_UNIT_CHARS:
        raise UnitError(f"unit {str(text)[:20]!r}… is {len(str(text))} characters long",
                        hint=f"a unit is at most {MAX_UNIT_CHARS} characters, e.g. t, kg, L, m3, kWh")
    q = parse(text)
    mag = q.magnitude
    if not (isinstance(mag, (int, float)) and math.isfinite(mag) and mag > 0):
        raise UnitError(f"unit {text!r} has the scale {mag!r}", hint="a unit's number must be positive and finite, "
                        "e.g. '1000 m3'; write the amount in the quantity column")
    return q


#: Longest unit a user may write (a unit is a few symbols).
MAX_UNIT_CHARS = 64
#: Longest expression parsed at all (ghgcalc composes some, e.g. a distance times a load).
MAX_EXPRESSION_CHARS = 256
#: Spellings refused with the choices to write instead.
AMBIGUOUS = {
    "mt": "t (metric tonne, 1000 kg), Mt (megatonne); pint reads mt as a millitonne",
    "MT": "t (metric tonne, 1000 kg), Mt (megatonne)",
    "ton": "t (metric tonne, 1000 kg), short_ton (2000 lb), long_ton (2240 lb)",
    "tons": "t (metric tonne, 1000 kg), short_ton (2000 lb), long_ton (2240 lb)",
}
#: Words people write for a unit ghgcalc knows under another name (suggested, never applied).
_SUGGEST = {"người": "passenger", "nguoi": "passenger", "lượt": "passenger", "person": "passenger",
            "people": "passenger", "litre": "L", "liter": "L", "lit": "L", "kilogram": "kg", "tonne": "t",
            "kilowatt hour": "kWh", "cubic metre": "m3", "km": "km", "chuyến": "trip"}


def closest_units(text: str, n: int = 3) -> list[str]:
    """Units ghgcalc reads that are closest to one it does not (``Litre`` → ``L``, ``người`` → ``passenger``).

    >>> closest_units("Litre"), closest_units("người")
    (['L'], ['passenger'])
    """
    low = unicodedata.normalize("NFC", text).strip().lower()
    if low in _SUGGEST:
        return [_SUGGEST[low]]
    names = {**{k: v for k, v in _WORDS.items()}, **_SUGGEST}
    hits = difflib.get_close_matches(low, list(names), n=n, cutoff=0.6)
    out = [names[h] for h in hits]
    return [u if u not in ("m**3",) else "m3" for u in dict.fromkeys(out)]


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
