"""Batches of workbooks: each on its own (a failure does not stop the others), in processes, with progress."""

import shutil
import sys
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from ghgcalc import batch
from ghgcalc.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AS_OF = ("--as-of", "2026-11-23")


def run(*args):
    return CliRunner().invoke(main, list(args))


def _inputs(tmp_path):
    files = []
    for name in ("brick_kiln", "freight_company", "cement_plant"):
        shutil.copyfile(EXAMPLES / f"{name}.xlsx", tmp_path / f"{name}.xlsx")
        files.append(str(tmp_path / f"{name}.xlsx"))
    bad = tmp_path / "bad.csv"
    bad.write_text("activity,quantity,unit\nplutonium,1,t\n", encoding="utf-8")
    return [files[0], str(bad), *files[1:]]


def test_a_batch_gives_one_table_in_input_order_with_the_errors_at_the_end(tmp_path):
    res = run("report", *_inputs(tmp_path), "--summary", str(tmp_path / "s1.csv"), *AS_OF)
    assert res.exit_code == 1, res.output
    table = pd.read_csv(tmp_path / "s1.csv")
    assert list(dict.fromkeys(table["file"])) == ["brick_kiln.xlsx", "freight_company.xlsx", "cement_plant.xlsx"]
    # the cement plant reports two years: a row each, never a multi-year sum
    assert sorted(table.loc[table["file"] == "cement_plant.xlsx", "year"]) == [2025, 2026]
    assert res.output.rstrip().splitlines()[-1] == "1 of 4 inputs failed"
    assert "bad.csv" in res.output and "plutonium" in res.output


def test_jobs_in_processes_give_the_same_table(tmp_path):
    inputs = _inputs(tmp_path)
    run("report", *inputs, "--summary", str(tmp_path / "one.csv"), *AS_OF)
    res = run("report", *inputs, "--summary", str(tmp_path / "two.csv"), "--jobs", "2", *AS_OF)
    assert res.exit_code == 1
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "one.csv"), pd.read_csv(tmp_path / "two.csv"))


def test_without_outputs_a_batch_prints_one_table(tmp_path):
    inputs = _inputs(tmp_path)
    res = run("report", inputs[0], inputs[2], *AS_OF)
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert lines[0].split()[:3] == ["file", "name", "tax_code"] and len(lines) == 3


def test_progress_only_on_a_terminal_and_not_when_quiet(monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert isinstance(batch.progress(10, quiet=False), batch._Silent)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert isinstance(batch.progress(10, quiet=True), batch._Silent)
    bar = batch.progress(10, quiet=False)
    assert not isinstance(bar, batch._Silent)
    bar.close()
