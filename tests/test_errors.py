"""Bad input: a ghgcalc error naming the row and column, never a half result."""

import numpy as np
import pandas as pd
import pytest

import ghgcalc
from ghgcalc import GhgcalcError, InputError


def calc(rows, **kw):
    return ghgcalc.calculate(pd.DataFrame(rows), **kw)


def test_unknown_activity_suggests():
    with pytest.raises(InputError) as e:
        calc([{"activity": "dieselx", "quantity": 1, "unit": "t", "sector": "energy_industries"}])
    p = e.value.first
    assert (p.row, p.column) == (0, "activity")
    assert "gas_diesel_oil" in p.message


def test_litres_of_electricity():
    with pytest.raises(InputError) as e:
        calc([{"activity": "điện", "quantity": 1, "unit": "L", "year": 2023}])
    assert e.value.first.column == "unit"
    assert "energy" in str(e.value)


def test_negative_and_text_quantities_name_their_rows():
    with pytest.raises(InputError) as e:
        calc([{"activity": "diesel", "quantity": 1, "unit": "t", "sector": "energy_industries"},
              {"activity": "diesel", "quantity": -5, "unit": "t", "sector": "energy_industries"},
              {"activity": "diesel", "quantity": "abc", "unit": "t", "sector": "energy_industries"}])
    rows = {(p.row, p.column) for p in e.value.problems}
    assert rows == {(1, "quantity"), (2, "quantity")}
    assert "negative" in str(e.value) and "not a number" in str(e.value)


def test_missing_columns():
    with pytest.raises(InputError, match="quantity"):
        ghgcalc.calculate(pd.DataFrame({"activity": ["diesel"], "unit": ["t"]}))


def test_unknown_sector_and_gwp():
    with pytest.raises(InputError, match="sector"):
        calc([{"activity": "diesel", "quantity": 1, "unit": "t", "sector": "space"}])
    with pytest.raises(GhgcalcError, match="GWP"):
        calc([{"activity": "diesel", "quantity": 1, "unit": "t", "sector": "energy_industries"}], gwp="AR9")


def test_source_row_labels_are_used():
    df = pd.DataFrame({"activity": ["diesel"], "quantity": [1], "unit": ["parsec"],
                       "sector": ["energy_industries"],
                       "_row": [7], "_sheet": ["stationary"]})
    df.attrs["source_file"] = "facility.xlsx"
    with pytest.raises(InputError) as e:
        ghgcalc.calculate(df)
    assert "file facility.xlsx, sheet 'stationary', row 7, column 'unit'" in str(e.value)


def test_not_a_dataframe():
    with pytest.raises(GhgcalcError):
        ghgcalc.calculate([{"activity": "diesel"}])  # type: ignore[arg-type]


def test_infinite_quantity():
    with pytest.raises(InputError):
        calc([{"activity": "diesel", "quantity": np.inf, "unit": "t", "sector": "energy_industries"}])


def test_text_in_optional_number_columns_names_the_row():
    with pytest.raises(InputError) as e:
        calc([{"activity": "business_travel", "quantity": 1, "unit": "km", "load": ":", "ef_co2e": 0.1,
               "ef_unit": "kg/tkm", "ef_source": "x"}])
    assert (e.value.first.row, e.value.first.column) == (0, "load")
    with pytest.raises(InputError, match="calendar year"):
        calc([{"activity": "điện", "quantity": 1, "unit": "MWh", "year": 2023.5}])
    with pytest.raises(InputError, match="calendar year"):
        calc([{"activity": "điện", "quantity": 1, "unit": "MWh", "year": -5}])
