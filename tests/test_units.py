import pint
import pytest

from ghgcalc.errors import UnitError
from ghgcalc.units import conversion_factor, normalize_unit, parse, ureg


@pytest.mark.parametrize("text", ["litre", "lit", "l", "L", "kWh", "MWh", "tấn", "m3", "Nm3", "kg", "t",
                                  "GJ", "TJ", "MMBtu", "therm", "toe", "bbl", "gallon", "short_ton",
                                  "long_ton", "lb", "tkm", "pkm", "Sm3", "m³", "lít"])
def test_user_spellings_parse(text):
    parse(text)


def test_exact_definitions():
    # exact by definition: 1 kWh = 3.6 MJ; 1 MMBtu = 1.05505585262 GJ (IT Btu); 1 oil barrel = 42 US gal
    assert conversion_factor("kWh", "MJ") == pytest.approx(3.6, rel=1e-15)
    assert conversion_factor("MMBtu", "GJ") == pytest.approx(1.05505585262, rel=1e-12)
    assert conversion_factor("bbl", "L") == pytest.approx(158.987294928, rel=1e-12)
    assert conversion_factor("short_ton", "kg") == pytest.approx(907.18474, rel=1e-12)
    assert conversion_factor("therm", "MJ") == pytest.approx(105.505585262, rel=1e-12)
    assert conversion_factor("toe", "GJ") == pytest.approx(41.868, rel=1e-15)
    assert conversion_factor("tấn", "kg") == 1000.0


def test_gases_are_their_own_dimensions():
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(1, "t * CO2") + ureg.Quantity(1, "t * CH4")
    with pytest.raises(UnitError):
        conversion_factor("t * CH4", "t * CO2")
    with pytest.raises(UnitError):
        conversion_factor("t * CO2", "t * CO2e")  # CO2e only through a GWP set


def test_wrong_dimension_is_an_error():
    with pytest.raises(UnitError):
        conversion_factor("L", "kWh")


def test_unknown_unit_is_a_ghgcalc_error():
    with pytest.raises(UnitError, match="unknown unit"):
        parse("bananas")


def test_normalize():
    assert normalize_unit("m3") == "m**3"
    assert normalize_unit(" Tấn ") == "t"
    assert normalize_unit("kg/m3") == "kg/m**3"
