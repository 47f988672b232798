"""A column of blanks is a missing column: ``calculate()`` gives the same result either way.

A workbook's activity frame carries the columns of every sheet (61 of them), most blank for a given
facility; ``calculate()`` drops those before its checks (:func:`ghgcalc.engine._without_blank_columns`),
which must change nothing but the time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ghgcalc
from ghgcalc.engine import KEEP_BLANK, _without_blank_columns
from ghgcalc.io.inputs import read_input
from ghgcalc.report import _screen_unknown_topups

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.xlsx"))
SECTOR = "manufacturing_construction"


def _without(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as if its blank optional columns had never been there (what the user of a CSV would pass)."""
    blank = [c for c in frame.columns if c not in KEEP_BLANK and frame[c].isna().all()]
    return frame.drop(columns=blank)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs == b.attrs


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_same_with_and_without_their_blank_columns(path: Path) -> None:
    acts = _screen_unknown_topups(read_input(path).activities)
    slim = _without(acts)
    assert slim.shape[1] < acts.shape[1] - 20  # the workbook frame is mostly blank columns
    _same(ghgcalc.calculate(acts, default_sector=SECTOR), ghgcalc.calculate(slim, default_sector=SECTOR))


def test_blank_columns_dropped_and_others_kept() -> None:
    frame = pd.DataFrame({"activity": ["diesel", "diesel"], "quantity": [1.0, 2.0], "unit": ["t", "t"],
                          "year": [None, None], "category": [None, None], "ncv": [np.nan, np.nan],
                          "ef_source": [None, None], "description": [None, "boiler 2"], "sector": [SECTOR, SECTOR]})
    kept = _without_blank_columns(frame)
    assert list(kept.columns) == ["activity", "quantity", "unit", "year", "category", "description", "sector"]
    assert _without_blank_columns(kept) is kept  # nothing left to drop: the same frame, no copy


def test_blank_override_column_still_makes_text_column() -> None:
    """A ``category`` column, blank or not, makes ``iso_category`` text (not categorical), as it always did."""
    base = pd.DataFrame({"activity": ["diesel"], "quantity": [1.0], "unit": ["t"], "sector": [SECTOR]})
    plain = ghgcalc.calculate(base)
    blank = ghgcalc.calculate(base.assign(category=[None]))
    assert isinstance(plain["iso_category"].dtype, pd.CategoricalDtype)
    assert not isinstance(blank["iso_category"].dtype, pd.CategoricalDtype)
    assert blank["iso_category"].astype(str).tolist() == plain["iso_category"].astype(str).tolist() == ["1.1"]
    over = ghgcalc.calculate(base.assign(category=["1.2"]))
    assert over["iso_category"].tolist() == ["1.2"]


OPTIONAL = ["ncv", "ncv_unit", "technology", "ef_co2", "ef_unit", "ef_source", "description", "region",
            "ad_uncertainty_pct", "supplier"]


@settings(max_examples=30, deadline=None)
@given(blank=st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=len(OPTIONAL)),
       quantities=st.lists(st.floats(0.001, 1e6), min_size=1, max_size=4),
       as_float=st.booleans())
def test_any_blank_columns_change_nothing(blank: list[str], quantities: list[float], as_float: bool) -> None:
    n = len(quantities)
    base = pd.DataFrame({"activity": (["diesel", "natural_gas", "grid_electricity", "lpg"] * n)[:n],
                         "quantity": quantities, "unit": (["t", "TJ", "MWh", "kg"] * n)[:n],
                         "year": [2025] * n, "sector": [SECTOR] * n})
    fill = np.full(n, np.nan) if as_float else np.full(n, None, dtype=object)
    wide = base.assign(**{c: fill for c in blank})
    _same(ghgcalc.calculate(wide), ghgcalc.calculate(base))
