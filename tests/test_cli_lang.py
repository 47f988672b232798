"""One language for every command: --help, usage errors and user errors in Vietnamese with --lang vi."""

import inspect
import re

import click
import pytest
from click.testing import CliRunner

from ghgcalc import l10n
from ghgcalc.cli import main
from ghgcalc.clihelp import SHARED

VI_REPORT = "Tính kiểm kê của từng INPUT_FILE"


def commands(cmd=main, path=()):
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            yield from commands(sub, (*path, name))


def test_every_command_and_option_has_its_help_in_both_catalogues():
    """English entries equal cli.py's text (they cannot drift apart); Vietnamese ones exist for each."""
    en, vi = l10n._catalogue("en")[0], l10n._catalogue("vi")[0]
    missing = []
    for path, cmd in commands():
        base = "cli." + (".".join(path) if path else "main")
        assert en.get(base) == inspect.cleandoc(cmd.help or ""), base
        missing += [base] if base not in vi else []
        for p in cmd.get_params(click.Context(cmd)):
            if not isinstance(p, click.Option) or not p.help:
                continue
            name = "help" if str(p.name).endswith("default_help") else str(p.name)
            key = f"{base}.{name}" if f"{base}.{name}" in en or name not in SHARED else f"cli.opt.{name}"
            assert en.get(key) == p.help, f"{key}: en.po must hold the option's help as cli.py writes it"
            missing += [key] if key not in vi else []
    assert not missing, f"add these to ghgcalc/locale/vi.po (and en.po): {missing}"


@pytest.mark.parametrize("args,env", [(["report", "--lang", "vi", "--help"], {}),
                                      (["--lang", "vi", "report", "--help"], {}),
                                      (["report", "--help"], {"GHGCALC_LANG": "vi"})])
def test_help_in_vietnamese(args, env):
    res = CliRunner().invoke(main, args, env=env)
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Cách dùng:") and "Tùy chọn:" in res.output and VI_REPORT in res.output
    english = [t for k, t in l10n._catalogue("en")[0].items() if k.startswith("cli.report.")]
    flat = " ".join(res.output.split())
    assert not [t for t in english if t[:40] in flat]  # no option keeps its English help
    assert "mặc định: 1" in flat  # --jobs [default: 1]
    assert "Show this message" not in flat


def test_help_in_english_by_default():
    res = CliRunner().invoke(main, ["report", "--help"], env={"GHGCALC_LANG": ""})
    assert res.output.startswith("Usage:") and "Compute the inventory of each INPUT_FILE" in res.output


def test_group_help_lists_the_commands_in_vietnamese():
    res = CliRunner().invoke(main, ["--lang", "vi", "--help"])
    assert "Lệnh:" in res.output and "Ghi một sổ tính trống" in res.output
    res = CliRunner().invoke(main, ["factors", "--help"], env={"GHGCALC_LANG": "vi"})
    assert "Tra cứu bộ hệ số phát thải" in res.output and "Tìm mã hoạt động" in res.output


def test_usage_errors_in_vietnamese_exit_2():
    res = CliRunner().invoke(main, ["report", "x.xlsx", "--gwp", "AR9", "--lang", "vi"])
    assert res.exit_code == 2
    assert "Lỗi: Giá trị không hợp lệ cho '--gwp': 'AR9' không phải là một trong" in res.output
    assert "Xem hướng dẫn: 'main report --help'" in res.output and "Usage" not in res.output
    res = CliRunner().invoke(main, ["--lang", "vi", "report", "--nosuch"])
    assert res.exit_code == 2 and "Không có tùy chọn '--nosuch'" in res.output


def test_one_default_language_for_every_command(tmp_path):
    bad = tmp_path / "a.csv"
    bad.write_text("activity,quantity,unit,year\ndiesel,1,parsec,2025\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["--lang", "vi", "report", str(bad)])  # the group's --lang is the command's
    assert res.exit_code == 1 and "lỗi trong dữ liệu vào" in res.output
    assert re.search(r"dòng 2, cột 'unit': đơn vị 'parsec' không phù hợp với Dầu diesel", res.output), res.output
    res = CliRunner().invoke(main, ["factors", "show", "nosuch"], env={"GHGCALC_LANG": "vi"})  # no --lang option
    assert res.exit_code == 1 and "lỗi: không có hệ số mã 'nosuch'" in res.output
    res = CliRunner().invoke(main, ["--lang", "vi", "report", str(bad), "--lang", "en"])  # the command's wins
    assert res.exit_code == 1 and "problem(s) in the input" in res.output


def test_calculate_warnings_in_the_run_language(tmp_path):
    src = tmp_path / "a.csv"
    src.write_text("activity,quantity,unit,year\ngrid_electricity,5,MWh,2024\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["--lang", "vi", "calculate", str(src), "-o", str(tmp_path / "o.csv")])
    assert res.exit_code == 0, res.output
    assert "cảnh báo: chưa có hệ số phát thải lưới điện công bố cho năm 2024" in res.output


def test_other_user_errors_in_vietnamese(tmp_path):
    from pathlib import Path

    kiln = Path(__file__).resolve().parents[1] / "examples" / "brick_kiln.xlsx"
    res = CliRunner().invoke(main, ["report", str(kiln), "--year", "2030", "--lang", "vi"])
    assert res.exit_code == 1 and "lỗi: tệp vào không có dòng số liệu nào của năm 2030" in res.output
    factors = tmp_path / "f.csv"
    factors.write_text("factor_id,activity,gas,value,unit\nx,diesel,CO2,abc,t/t\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["report", str(kiln), "--factors", str(factors), "--lang", "vi"])
    assert res.exit_code == 1 and "dữ liệu hệ số không hợp lệ" in res.output
    assert "f.csv, dòng 2: value: không phải là số; kind: bắt buộc phải có" in res.output
    assert "Field required" not in res.output and "→ hãy sửa các dòng" in res.output


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_arguments_are_named_in_the_usage_line_not_listed_as_options(lang):
    """click 8.5 gives a bare argument a help record; listed under Options it reads as an option named
    FACILITIES with no text. The usage line names it already."""
    for path, cmd in commands():
        if not any(isinstance(p, click.Argument) for p in cmd.params):
            continue
        res = CliRunner().invoke(main, ["--lang", lang, *path, "--help"])
        assert res.exit_code == 0, res.output
        section = res.output.split("\n\n")
        options = next(s for s in section if s.startswith(("Options:", "Tùy chọn:")))
        for p in cmd.params:
            if isinstance(p, click.Argument):
                name = p.make_metavar(click.Context(cmd)).rstrip(".")
                assert name in res.output.splitlines()[0], (path, name)  # in the usage line
                assert not re.search(rf"^\s+{re.escape(name)}\b", options, re.M), (path, options)
