"""How ghgcalc compares the names people type: labels, and accent-free plain words.

One place for the Vietnamese-aware folding that activity aliases, workbook
headers, list lookups and imported factor names all rely on.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any


def label(text: Any) -> str:
    """A label as typed, compared case- and spacing-insensitively (accents kept).

    >>> label("  Dầu   DO ")
    'dầu do'
    """
    s = unicodedata.normalize("NFC", str(text if text is not None else "")).strip().lower()
    return re.sub(r"\s+", " ", s)


def plain(text: Any) -> str:
    """Lower-case ASCII words: accents and đ stripped, punctuation as single spaces.

    >>> plain("Công ty Cổ phần Đường Quảng Ngãi"), plain("HGV (all diesel)")
    ('cong ty co phan duong quang ngai', 'hgv all diesel')
    """
    s = unicodedata.normalize("NFD", str(text or "").lower().replace("đ", "d"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]+", " ", s).strip()
