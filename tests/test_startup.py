"""Start-up stays light: ``import ghgcalc``, ``--version`` and ``--help`` load neither pandas nor pint."""

import subprocess
import sys

import pytest

PROBE = """
import sys
{code}
heavy = sorted(m for m in ("pandas", "numpy", "pint", "pydantic", "openpyxl") if m in sys.modules)
print("heavy:" + ",".join(heavy))
"""


def _heavy_modules(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", PROBE.format(code=code)], check=True, capture_output=True, text=True)
    return out.stdout.splitlines()[-1].removeprefix("heavy:")


@pytest.mark.parametrize("code", [
    "import ghgcalc; ghgcalc.__version__",
    "from ghgcalc.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass",
    "from ghgcalc.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
    "from ghgcalc.cli import main\ntry:\n    main(['report', '--help'])\nexcept SystemExit:\n    pass",
])
def test_start_up_does_not_load_pandas(code):
    assert _heavy_modules(code) == ""


def test_the_unit_registry_is_built_on_first_use():
    # importing the engine loads pandas, but the pint registry waits for the first conversion
    assert "pint" not in _heavy_modules("import ghgcalc.engine").split(",")
    assert "pint" in _heavy_modules("from ghgcalc.units import conversion_factor\n"
                                    "assert conversion_factor('MWh', 'GJ') == 3.6").split(",")


def test_lazy_names_resolve():
    import ghgcalc

    assert ghgcalc.calculate is ghgcalc.engine.calculate
    assert callable(ghgcalc.factors.search)
    assert "calculate" in dir(ghgcalc)
    import ghgcalc.applicability  # the module of that name does not replace the function

    assert ghgcalc.applicability.__name__ == "applicability" and callable(ghgcalc.applicability)
    with pytest.raises(AttributeError):
        ghgcalc.no_such_name  # noqa: B018
