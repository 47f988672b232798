"""A CSV saved by Excel as plain "CSV" is in the Windows code page (Vietnamese: 1258), not UTF-8. Every command
that reads a CSV refuses it with the file and how to save it (exit 1), never a traceback (it was exit 70, an
'internal error', for report, calculate and the plan's measures) and never letters guessed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.errors import vietnamese

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AS_OF = ["--as-of", "2026-11-23"]


def _cp1258(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("cp1258"))  # letters the code page holds whole (ô, ơ, đ, è); tones it composes
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    return path


CASES = {
    "report": ("activity,quantity,unit,description\nDO,10,t,đèn Sơn Đông\n", lambda f, tmp: ["report", f]),
    "calculate": ("activity,quantity,unit,description\nDO,10,t,đèn Sơn Đông\n",
                  lambda f, tmp: ["calculate", f, "-o", tmp / "o.csv"]),
    "check": ("name,facility_type\nCông ty Sơn Đông,industrial\n", lambda f, tmp: ["check", f]),
    "plan": ("measure,kind,from_year,pct\nđèn LED,electricity_saving,2026,10\n",
             lambda f, tmp: ["plan", EXAMPLES / "hai_phong_garment.xlsx", "--measures", f]),
    "verify": ("year,category,gas,t_co2e,note\n2025,1.1,CO2,1,Công ty Sơn Đông\n",
               lambda f, tmp: ["verify", f, "--against", EXAMPLES / "brick_kiln.xlsx"]),
}


@pytest.mark.parametrize("command", sorted(CASES))
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_csv_not_in_utf8_is_refused_with_how_to_save_it(tmp_path: Path, command: str, lang: str) -> None:
    text, args = CASES[command]
    src = _cp1258(tmp_path / "so_lieu.csv", text)
    res = CliRunner().invoke(main, ["--lang", lang, *map(str, args(src, tmp_path)),
                                    *(AS_OF if command != "calculate" else [])])
    assert res.exit_code == 1, res.output
    if lang == "en":
        assert "file so_lieu.csv: the file is not UTF-8 text" in res.output
        assert "CSV UTF-8" in res.output
    else:
        assert "tệp so_lieu.csv: tệp không phải là văn bản UTF-8" in res.output
        assert vietnamese(res.output.replace("so_lieu.csv", "")) is not None  # no English left
    assert "internal error" not in res.output and "Traceback" not in res.output


def test_a_csv_that_is_not_a_table_names_its_line(tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    src.write_text("activity,quantity,unit\ndiesel,10,t\ndiesel,1,t,extra,cells\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["report", str(src), *AS_OF])
    assert res.exit_code == 1, res.output
    assert "file a.csv, row 3: not a readable CSV table" in res.output and "internal error" not in res.output
