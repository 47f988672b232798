"""The reader's two ways of cleaning a column (cell by cell for a few cells, once per distinct text above
``SMALL_COLUMN``) give the same cells: a property over mixed columns."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.io import workbook

CELLS = st.one_of(
    st.none(), st.just(np.nan), st.just(""), st.just("   "), st.booleans(), st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=32), st.just(dt.datetime(2025, 1, 1)),
    st.sampled_from(["diesel", " diesel ", "VÍ DỤ / EXAMPLE", "ví dụ", "example row", " EXAMPLE", "t", "1,5"]),
    st.text(max_size=6),
)


@pytest.mark.parametrize("kind", ["text", "mixed"])
@settings(max_examples=150, deadline=None)
@given(cells=st.lists(CELLS, min_size=0, max_size=12), texts=st.lists(st.text(max_size=6), max_size=12))
def test_small_and_large_paths_agree(kind: str, cells: list[object], texts: list[object]) -> None:
    vals = np.array(texts + [None] if kind == "text" else cells, dtype=object)
    small = (workbook._stripped(vals.copy()), workbook._example_cells(vals.copy()))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(workbook, "SMALL_COLUMN", -1)  # every column the large way
        large = (workbook._stripped(vals.copy()), workbook._example_cells(vals.copy()))
    assert small[1].tolist() == large[1].tolist()
    assert len(small[0]) == len(large[0])
    for a, b in zip(small[0].tolist(), large[0].tolist(), strict=True):
        assert type(a) is type(b) and (a == b or (a != a and b != b)), (a, b)


def test_example_row_found_and_text_stripped_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    vals = np.array([" VÍ DỤ / EXAMPLE ", "  diesel ", "   ", None, "Example: 12 t"], dtype=object)
    for limit in (workbook.SMALL_COLUMN, -1):
        monkeypatch.setattr(workbook, "SMALL_COLUMN", limit)
        assert workbook._stripped(vals).tolist() == ["VÍ DỤ / EXAMPLE", "diesel", None, None, "Example: 12 t"]
        # the mark is looked for at the start of the cell as typed, upper-cased: the first cell starts with a space
        assert workbook._example_cells(vals).tolist() == [False, False, False, False, True]


@pytest.mark.parametrize("sheet", workbook.SHEETS, ids=[s.key for s in workbook.SHEETS])
def test_sheet_without_rows_typed_as_computed(sheet: workbook.Sheet) -> None:
    """A sheet with only its header and the template's example row: the frame made once per process for
    its columns is the frame :func:`_sheet_values` computes (columns, dtypes), with all or some columns."""
    keys = [c.key for c in sheet.columns]
    for header in (keys, [k for k in keys if next(c for c in sheet.columns if c.key == k).required]):
        grid = workbook.Grid(sheet.key, [list(header), ["VÍ DỤ / EXAMPLE"] + [""] * (len(header) - 1)])
        problems: list[workbook.Problem] = []
        raw = workbook._sheet_frame(sheet, grid, "f.xlsx", problems)
        assert raw is not None and raw.empty and not problems
        computed = workbook._sheet_values(sheet, raw, sheet.key, "f.xlsx", None, problems)
        cached = workbook._no_rows(sheet.key, tuple(raw.columns))
        assert list(cached.columns) == list(computed.columns)
        assert cached.dtypes.to_dict() == computed.dtypes.to_dict()
        assert cached.empty
