"""Labels, units, numbers and dates of a report, by locale.

Words come from one gettext catalogue per language (``ghgcalc/locale/<lang>.po``,
read with Babel; a translator edits the ``.po`` file), numbers and dates from
Babel's CLDR data (``1.234,5`` and ``31/12/2025`` in Vietnamese, ``1,234.5`` in
English). Message ids are stable keys (``cat.1.1``, ``scope.scope2_location``,
``col.co2e_t``); the report model and the analysis tables carry ids, and only a
renderer asks this module for words.

Free text the engine writes on rows (notes, warnings) is English; entries of
the catalogue with the context ``pattern`` translate it: their ``msgid`` is a
regular expression, their ``msgstr`` the replacement (``\\1`` … for groups),
applied in file order, so a Vietnamese report carries no English sentence.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

Lang = Literal["en", "vi"]
LANGS: tuple[Lang, ...] = ("en", "vi")
_LOCALES = {"en": "en_GB", "vi": "vi_VN"}
_DIR = Path(__file__).parent / "locale"


@cache
def _catalogue(lang: str) -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    """(messages by id, translation patterns in order) of one language's ``.po`` file."""
    from babel.messages.pofile import read_po

    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: use one of {', '.join(LANGS)}")
    with open(_DIR / f"{lang}.po", "rb") as fh:
        cat = read_po(fh, locale=_LOCALES[lang])
    messages: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for m in cat:
        if not m.id or not isinstance(m.id, str) or not isinstance(m.string, str) or not m.string:
            continue
        if m.context == "pattern":
            patterns.append((re.compile(m.id), m.string))
        else:
            messages[m.id] = m.string
    return messages, tuple(patterns)


def has(key: str, lang: str) -> bool:
    """Whether the catalogue of ``lang`` holds ``key``."""
    return key in _catalogue(lang)[0]


def t(key: str, lang: str, **params: Any) -> str:
    """The message ``key`` in ``lang``, with ``{name}`` placeholders filled.

    >>> t("scope.scope2_market", "vi")
    'Phạm vi 2 (theo thị trường)'
    """
    messages = _catalogue(lang)[0]
    text = messages.get(key)
    if text is None:
        text = _catalogue("en")[0].get(key)
    if text is None:
        raise KeyError(f"no message {key!r} in the {lang} catalogue")
    return text.format(**params) if params else text


@functools.cache
def _symbols(lang: str) -> tuple[str, str]:
    """(decimal, group) separators of the locale, from Babel's CLDR data (``,`` and ``.`` in Vietnamese)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(_LOCALES[lang]), get_group_symbol(_LOCALES[lang])


def _localise(text: str, lang: str) -> str:
    """``1,234.5`` (Python's own separators) written with the locale's separators."""
    dec, group = _symbols(lang)
    return text.replace(",", "\0").replace(".", dec).replace("\0", group)


def num(x: float | int | None, lang: str, decimals: int = 1, *, sign: bool = False) -> str:
    """A number with the locale's separators and a fixed number of decimals; empty for None/NaN.

    >>> num(1234.56, "vi"), num(1234.56, "en"), num(-0.04, "vi"), num(225.6, "en", sign=True)
    ('1.234,6', '1,234.6', '0,0', '+225.6')
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    v = round(float(x), decimals)
    if v == 0:
        v = 0.0  # never "-0,0"
    text = _localise(f"{v:,.{max(decimals, 0)}f}", lang)
    return ("+" + text) if sign and v > 0 else text


_PUBLISHED_DIGITS = 10  # no printed factor table carries more significant digits
_SHOWN_DIGITS = 4


def sig(x: float | None, lang: str) -> str:
    """A factor as published: every significant digit it was stored with, the locale's separators.

    A value stored with more digits than any table prints is a ratio the dataset computed (16/12 as
    1.3333333333333333): it is shown to four significant digits after "≈", its citation names the ratio.

    >>> sig(98300.0, "vi"), sig(0.6543, "vi"), sig(0.000003, "en"), sig(1e-12, "en")
    ('98.300', '0,6543', '0.000003', '0.000000000001')
    >>> sig(16 / 12, "vi"), sig(1 / 3, "en")
    ('≈1,333', '≈0.3333')
    """
    if x is None or not math.isfinite(float(x)):
        return ""
    d = decimal.Decimal(repr(float(x))).normalize()
    if len(d.as_tuple().digits) > _PUBLISHED_DIGITS:
        return "≈" + sig(float(f"{float(x):.{_SHOWN_DIGITS}g}"), lang)
    text = f"{d:,f}"
    return _localise(text[:-2] if text.endswith(".0") else text, lang)


def pct(x: float | None, lang: str, decimals: int = 1) -> str:
    """A share (0.25) or a percentage already in % when ``x`` > 1 is not meant: always a share here.

    >>> pct(0.2534, "vi")
    '25,3 %'
    """
    if x is None or not math.isfinite(float(x)):
        return ""
    return f"{num(100 * float(x), lang, decimals)} %"


def date(d: dt.date, lang: str) -> str:
    """A date as the locale writes it in prose.

    >>> date(dt.date(2027, 3, 31), "vi"), date(dt.date(2027, 3, 31), "en")
    ('31/03/2027', '31 March 2027')
    """
    from babel.dates import format_date

    return format_date(d, "dd/MM/yyyy" if lang == "vi" else "d MMMM y", locale=_LOCALES[lang])


_SUPERSCRIPT = {"**2": "²", "**3": "³"}


@functools.lru_cache(maxsize=4096)
def unit(u: str | None, lang: str) -> str:
    """A unit as people write it: ``m**3`` → ``m³``, ``L`` → ``lít`` (vi), ``pkm`` → ``người.km`` (vi)."""
    if u is None:
        return ""
    key = f"unit.{u}"
    if has(key, lang):
        return t(key, lang)
    text = str(u)
    for a, b in _SUPERSCRIPT.items():
        text = text.replace(a, b)
    return text.replace(" CO2e", " " + t("unit.CO2e", lang)).replace(" / ", "/")


@functools.lru_cache(maxsize=4096)
def activity(a: str, lang: str) -> str:
    """The name of an activity id in ``lang`` (catalogue, then the dataset's label, then the id itself)."""
    key = f"activity.{a}"
    if has(key, lang):
        return t(key, lang)
    from .activities import catalogue

    cat = catalogue().set_index("activity")
    if a in cat.index:
        label = str(cat.at[a, f"label_{lang}"] or "")
        if label and label != "nan":
            return label
        if lang != "en":
            return activity(a, "en") if not re.search(r"[a-z]_[a-z]", a) else a.replace("_", " ")
        return str(cat.at[a, "label_en"] or a)
    return a


def source(source_id: str | None, lang: str) -> str:
    """A source document's short citation (``Quyết định 2626/QĐ-BTNMT``)."""
    if not source_id:
        return ""
    key = f"source.{source_id}"
    return t(key, lang) if has(key, lang) else source_id


def table_ref(table: str | None, lang: str) -> str:
    """A table/article reference in ``lang`` (``Appendix I, item 1.25`` → ``Phụ lục I, mục 1.25``)."""
    return translate(str(table or ""), lang)


@functools.lru_cache(maxsize=65536)
def translate(text: str, lang: str) -> str:
    """English free text of the engine (notes, warnings, references) in ``lang``, by the catalogue's patterns."""
    if not text:
        return text
    for pattern, repl in _catalogue(lang)[1]:
        text = pattern.sub(functools.partial(_fill, template=repl, lang=lang), text)
    return text


_TOKEN = re.compile(r"\\(\d)|\{([namt])(\d)\}")


def _fill(m: re.Match[str], template: str, lang: str) -> str:
    """The replacement of one pattern match: raw groups, numbers, activity/method/technology names."""
    def one(tok: re.Match[str]) -> str:
        if tok.group(1):
            return m.group(int(tok.group(1))) or ""
        kind, value = tok.group(2), m.group(int(tok.group(3))) or ""
        if kind == "n":
            return sig(float(value), lang)
        if kind == "a":
            return activity(value, lang)
        key = {"m": "method", "t": "tech"}[kind] + "." + value
        return t(key, lang) if has(key, lang) else value.replace("_", " ")
    return _TOKEN.sub(one, template)


def factor_citation(value: float | None, unit_: str | None, source_id: str | None, table: str | None,
                    lang: str) -> str:
    """A factor as a sentence: ``98.300 kg CO2/TJ — Quyết định 2626/QĐ-BTNMT, Phụ lục I, mục 1.25``."""
    head = f"{sig(value, lang)} {unit(unit_, lang)}".strip()
    src, ref = source(source_id, lang), table_ref(table, lang)
    where = ref if src and src in ref else ", ".join(p for p in (src, ref) if p)
    return f"{head} — {where}" if where else head


def label(frame: Any, lang: str) -> Any:
    """An analysis table with its id columns and id values turned into words of ``lang`` (for display).

    ``inv.iso_table(year=2025).pipe(ghgcalc.label, "vi")``: column ids become
    ``col.<id>`` labels, ``category``/``scope``/``gas``/``activity``/``tier``
    values their names. Numbers are left as numbers.
    """
    out = frame.copy()
    for col, fn in (("category", lambda v: f"{v} {t(f'cat.{v}', lang)}" if has(f"cat.{v}", lang) else v),
                    ("scope", lambda v: t(f"scope.{v}", lang) if has(f"scope.{v}", lang) else v),
                    ("gas", lambda v: t(f"gas.{v}", lang) if has(f"gas.{v}", lang) else v),
                    ("activity", lambda v: activity(str(v), lang)),
                    ("tier", lambda v: t(f"tier.{v}", lang) if has(f"tier.{v}", lang) else v),
                    ("unit", lambda v: unit(str(v), lang))):
        if col in out.columns:
            out[col] = out[col].map(lambda v, f=fn: v if v is None or v != v else f(v))
    out.columns = [t(f"col.{c}", lang) if has(f"col.{c}", lang) else c for c in out.columns]
    return out
