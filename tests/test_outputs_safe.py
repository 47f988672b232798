"""Outputs never destroy anything: checked before computing, written all or nothing, the input never touched."""

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AS_OF = ["--as-of", "2026-11-23"]


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture
def kiln(tmp_path):
    p = tmp_path / "kiln.xlsx"
    shutil.copy(EXAMPLES / "brick_kiln.xlsx", p)
    return p


def run(*args):
    return CliRunner().invoke(main, [*map(str, args), *AS_OF])


def test_an_output_that_is_the_input_is_refused(kiln, monkeypatch):
    before = digest(kiln)
    res = run("report", kiln, "-o", kiln)
    assert res.exit_code == 2 and "input" in res.output
    monkeypatch.chdir(kiln.parent)
    res = run("report", "kiln.xlsx", "-o", "{stem}.xlsx")
    assert res.exit_code == 2
    assert digest(kiln) == before


def test_colliding_outputs_are_refused_before_anything_is_written(kiln, tmp_path):
    other = tmp_path / "b" / "kiln.xlsx"
    other.parent.mkdir()
    shutil.copy(kiln, other)
    res = run("report", kiln, other, "-o", tmp_path / "out" / "{stem}.json")
    assert res.exit_code == 2 and "both" in res.output
    assert not (tmp_path / "out").exists()


def test_a_stem_leading_out_of_the_folder_is_refused(tmp_path):
    bad = tmp_path / "..json"
    bad.write_text('{"facility": {"name": "X"}, "activities": [{"activity": "DO", "quantity": 1, "unit": "t"}]}',
                   encoding="utf-8")
    res = run("report", bad, tmp_path / "x.json", "-o", tmp_path / "out" / "{stem}.md")
    assert res.exit_code == 2 and not (tmp_path / "out").exists()


def test_an_unsupported_suffix_is_a_usage_error_before_computing(kiln, tmp_path, monkeypatch):
    import ghgcalc.report

    def never(*a, **k):
        raise AssertionError("computed before the outputs were checked")

    monkeypatch.setattr(ghgcalc.report, "build_inventory", never)
    res = run("report", kiln, "-o", tmp_path / "a.json", "-o", tmp_path / "a.pdf")
    assert res.exit_code == 2 and "a.pdf" in res.output
    assert not (tmp_path / "a.json").exists()


def test_a_failing_writer_leaves_no_output_of_the_run(kiln, tmp_path, monkeypatch):
    import ghgcalc.io.report_writers as rw

    real = rw.write

    def flaky(inv, out, *a, **k):
        if str(out).endswith(".md"):
            raise OSError(28, "No space left on device")
        return real(inv, out, *a, **k)

    monkeypatch.setattr(rw, "write", flaky)
    res = run("report", kiln, "-o", tmp_path / "a.json", "-o", tmp_path / "a.md")
    assert res.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiln.xlsx"]


def test_control_characters_in_facility_text_never_reach_a_report(tmp_path):
    import datetime as dt

    import openpyxl

    from ghgcalc import Inventory
    from ghgcalc.io.report_writers import write

    inv = Inventory.from_dict({"name": "Nhà máy\x01 A\x1b[31m", "boundary_notes": "x\x07y"},
                              [{"activity": "DO", "quantity": 1, "unit": "t", "year": 2025}], as_of=dt.date(2026, 1, 1))
    assert inv.facility["name"] == "Nhà máy A[31m"
    write(inv, tmp_path / "r.xlsx")  # openpyxl raised IllegalCharacterError on \x01
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames


def test_user_html_in_markdown_and_html_reports_is_inert(tmp_path):
    import datetime as dt

    from ghgcalc import Inventory
    from ghgcalc.io.report_writers import write

    inv = Inventory.from_dict({"name": "<script>alert(1)</script>", "address": "<img src=x onerror=alert(1)>",
                               "business_field": "[click](javascript:alert(1))"},
                              [{"activity": "DO", "quantity": 1, "unit": "t", "year": 2025,
                                "description": "<b onmouseover=alert(1)>x</b>"}], as_of=dt.date(2026, 1, 1))
    for suffix in ("md", "html"):
        text = write(inv, tmp_path / f"r.{suffix}").read_text(encoding="utf-8")
        assert "&lt;script&gt;" in text and "<script>alert" not in text
        assert "<img" not in text and "<b onmouseover" not in text
        # a Markdown link needs an unescaped ']('; HTML never gets an href to it
        assert suffix == "html" or not re.search(r"(?<!\\)\]\(javascript:", text)
        assert not re.search(r"(href|src)\s*=\s*['\"]?javascript:", text, re.IGNORECASE)


def test_csv_cells_starting_with_a_formula_sign_tab_or_carriage_return_are_text(tmp_path):
    import csv

    import pandas as pd

    from ghgcalc.consolidation import write_tables
    from ghgcalc.io.report_writers import write_table

    risky = ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "plain"]
    table = pd.DataFrame({"name": risky})
    write_table(table, tmp_path / "a.csv")
    write_tables({"summary": table}, tmp_path / "tables")
    for path in (tmp_path / "a.csv", tmp_path / "tables" / "summary.csv"):
        with open(path, newline="", encoding="utf-8") as fh:
            cells = [row[0] for row in csv.reader(fh)][1:]
        # a lone carriage return would end the CSV row: written as a line feed, inside a quoted cell
        assert cells == ["'" + v.replace("\r", "\n") for v in risky[:-1]] + ["plain"], path


def test_plan_checks_its_output_like_report_before_reading_anything(kiln, tmp_path, monkeypatch):
    """plan -o: an input (the workbook or the measures) or an unknown suffix is a usage error (exit 2) before
    the measures are read or the inventory computed (the measures file here is not even a workbook)."""
    import ghgcalc.report

    def never(*a, **k):
        raise AssertionError("computed before the output was checked")

    monkeypatch.setattr(ghgcalc.report, "build_inventory", never)
    measures = tmp_path / "measures.xlsx"
    measures.write_bytes(b"not a workbook")
    before = digest(kiln), digest(measures)
    res = run("plan", kiln, "-o", kiln)
    assert res.exit_code == 2 and f"is the input {kiln}" in res.output
    res = run("plan", kiln, "--measures", measures, "-o", measures)
    assert res.exit_code == 2 and f"is the input {measures}" in res.output
    res = run("plan", kiln, "-o", tmp_path / "plan.pdf")
    assert res.exit_code == 2 and "unsupported output 'plan.pdf'" in res.output
    assert (digest(kiln), digest(measures)) == before


def test_a_refused_write_names_the_users_file_not_the_temporary_one(kiln, tmp_path, monkeypatch):
    """The system's refusal (no permission to create, disk full while writing) names ``-o``'s file: the hidden
    temporary file beside it is ghgcalc's business, and a user told about ``.report.md.3fa9c1d2.md`` would look
    for a file that is not there."""
    import os

    import ghgcalc.io.atomic as atomic

    real_open = os.open

    def no_create(path, flags, *a, **k):
        if Path(path).name.startswith(".") and "report" in Path(path).name:  # a hidden temporary of report.md
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *a, **k)

    monkeypatch.setattr(atomic.os, "open", no_create)
    res = run("report", kiln, "-o", tmp_path / "report.md")
    assert res.exit_code == 1
    assert f"Permission denied: {tmp_path / 'report.md'}" in res.output, res.output
    assert ".part" not in res.output and "/.report" not in res.output
    monkeypatch.setattr(atomic.os, "open", real_open)

    import ghgcalc.io.report_writers as rw

    real_write = rw.write

    def disk_full(inv, out, *a, **k):
        with atomic.atomic_path(out) as tmp:
            raise OSError(28, "No space left on device", str(tmp))
        return real_write(inv, out, *a, **k)  # pragma: no cover

    monkeypatch.setattr(rw, "write", disk_full)
    res = run("report", kiln, "-o", tmp_path / "report.md")
    assert res.exit_code == 1
    assert f"No space left on device: {tmp_path / 'report.md'}" in res.output, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiln.xlsx"]  # the temporary file removed


def test_the_temporary_file_keeps_other_errors_as_they_are(tmp_path):
    import ghgcalc.io.atomic as atomic

    with pytest.raises(ValueError, match="not an OSError"), atomic.atomic_path(tmp_path / "a.md"):
        raise ValueError("not an OSError")
    other = tmp_path / "elsewhere.csv"
    with pytest.raises(FileNotFoundError) as got, atomic.atomic_path(tmp_path / "a.md"):
        raise FileNotFoundError(2, "No such file or directory", str(other))
    assert got.value.filename == str(other)  # about another file: named as the system named it
    assert list(tmp_path.iterdir()) == []
