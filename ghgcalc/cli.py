"""Command line: ``ghgcalc report | template | check | factors | schema | verify``.

Each command parses options, calls the library and writes. Exit statuses: 0 done;
1 a user error (a :class:`~ghgcalc.errors.GhgcalcError`, or a file that cannot be
read or written), printed on stderr in the ``--lang`` language; 2 a usage error
(bad option, an output the writers cannot write, outputs that would overwrite an
input or each other); 70 a bug in ghgcalc ("please report"). A traceback only
with ``--debug``.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from . import __version__
from .clihelp import LocalisedGroup, current_lang, default_lang, env_lang, remember_group_lang
from .errors import GhgcalcError, UsageError, os_error_text
from .io.limits import DEFAULT_LIMITS

#: Exit status of an unexpected exception (a bug): EX_SOFTWARE of sysexits.h.
EXIT_BUG = 70
#: One default language for every command: ``ghgcalc --lang``, else ``GHGCALC_LANG`` (vi or en), else English
#: (:mod:`ghgcalc.clihelp`); this is the environment's part, read at import.
DEFAULT_LANG = env_lang()

LANG = click.option("--lang", type=click.Choice(["vi", "en"]), default=default_lang,
                    help="Language of the output, the help and error messages (default: ghgcalc --lang, else "
                         "$GHGCALC_LANG, else en).")
AS_OF = click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="Date the legal rules are read at (default: today).")
DEBUG = click.option("--debug", is_flag=True, help="Show the Python traceback of errors.")


def _say(key: str, lang: str | None = None, **params: Any) -> str:
    """A line of the command line's own (``wrote …``) in the run's language: catalogue entry ``say.<key>``."""
    from .l10n import t

    return t(f"say.{key}", lang or current_lang(), **params)


def _version(ctx: click.Context, asked: bool) -> None:
    """``ghgcalc --version``: the program and its version, in the run's language (``say.version``)."""
    if asked and not ctx.resilient_parsing:
        click.echo(_say("version", current_lang(ctx), version=__version__))
        ctx.exit()


def _user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(fn)
    def run(*args: Any, debug: bool = False, **kwargs: Any) -> Any:
        lang = str(kwargs.get("lang") or current_lang())
        try:
            return fn(*args, **kwargs)
        except click.ClickException:
            raise  # click prints usage errors and exits 2
        except UsageError as exc:
            if debug:
                raise
            raise click.UsageError(exc.render(lang)) from exc
        except GhgcalcError as exc:
            if debug:
                raise
            click.echo(_say("error", lang) + exc.render(lang), err=True)
            sys.exit(1)
        except BrokenPipeError:  # the reader of the output stopped (`ghgcalc factors list | head`): nothing to say
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second complaint at exit
            sys.exit(1)
        except OSError as exc:  # a file that cannot be read or written: the user's to fix
            if debug:
                raise
            click.echo(_say("error", lang) + os_error_text(exc, lang), err=True)
            sys.exit(1)
        except Exception as exc:  # anything else is a bug in ghgcalc, not the user's mistake
            if debug:
                traceback.print_exc()
            if lang == "vi":
                msg = (f"lỗi nội bộ của ghgcalc ({type(exc).__name__}): đây là lỗi của chương trình, xin báo cho "
                       "nhóm phát triển ghgcalc kèm lệnh đã chạy; chạy lại với --debug để xem traceback")
            else:
                msg = (f"internal error in ghgcalc ({type(exc).__name__}: {exc}): this is a bug, please report it "
                       "to the ghgcalc maintainers with the command you ran; rerun with --debug for the traceback")
            click.echo(msg, err=True)
            sys.exit(EXIT_BUG)
    return run


@click.group(cls=LocalisedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, _param, asked: _version(ctx, asked), help="Show the version and exit.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None, expose_value=False, is_eager=True,
              callback=remember_group_lang,
              help="Language of every command's output, help and errors (default: $GHGCALC_LANG, else en).")
def main() -> None:
    """Greenhouse-gas inventories with cited factors (Decree 06/2022, IPCC 2006, ISO 14064-1)."""


@main.command()
@click.argument("input_files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(path_type=Path),
              help="Output: report.xlsx, report.html, report.md, report.json, report.docx or tables/ "
                   "(repeatable); with several inputs write {stem} in the name, e.g. out/{stem}.docx.")
@click.option("--gwp", type=click.Choice(["AR4", "AR5", "AR5_CCF", "AR6"]), default=None,
              help="GWP-100 set (default: the workbook's, else AR5).")
@click.option("--year", type=int, default=None, help="Only the activity rows of this year.")
@click.option("--factors", "factor_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A factor file (the dataset's columns, e.g. made by `ghgcalc factors import-desnz`); repeatable.")
@click.option("--previous", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The report.json published earlier: recompute its years on today's methods and factors and "
                   "show original, recalculated and difference with the reason (base-year recalculation).")
@click.option("--previous-as-of", "previous_as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD",
              help="Without the earlier report: rebuild it from this workbook as it could be published on that day "
                   "(the years before it, with the factor editions published by then) and compare with today's "
                   "factors.")
@click.option("--factors-as-of", "factors_as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD", help="Compute with the factor editions published by that day only "
                                        "(the inventory as published then).")
@click.option("--monte-carlo", "mc_draws", type=click.IntRange(min=100), default=None, metavar="DRAWS",
              help="Add a Monte Carlo uncertainty analysis (IPCC Approach 2) of DRAWS iterations to the report, "
                   "per year, with a histogram of each year's total.")
@click.option("--seed", type=int, default=None, help="Seed of --monte-carlo (the same seed gives the same numbers).")
@click.option("--formulas", is_flag=True, default=False,
              help="In an .xlsx output, write the detail sheet as live formulas (quantity x factors x GWP) and the "
                   "ISO category totals as SUMIFS over it, for a verifier to audit the arithmetic.")
@click.option("--max-workbook-mb", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_LIMITS.max_mb,
              show_default=True, help="Refuse a workbook that unpacks to more than this many MB.")
@click.option("--max-sheet-rows", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_sheet_rows,
              show_default=True, help="Refuse a workbook sheet with more rows than this.")
@click.option("--consolidate", type=click.Choice(["operational_control", "financial_control", "equity_share"]),
              default=None, help="The inputs are one organisation's sites (the first its own workbook): report "
                                 "its inventory by site and in total; -o without {stem} writes it.")
@click.option("--summary", "summary_path", type=click.Path(path_type=Path), default=None,
              help="Write one table of all inputs (.xlsx or .csv): totals by year, Decree 06 status, next "
                   "deadline, Form 06 fields left blank.")
@click.option("--checklist", is_flag=True, help="Print the pre-submission checklist of each input (pass/fail lines: "
                                               "Form 06 fields, years, base year, exclusions, factors, data sources).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="With several inputs: workbooks computed in this many processes (0: one per CPU).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar (it shows only on a terminal, for several inputs).")
@LANG
@AS_OF
@DEBUG
@_user_errors
def report(input_files: tuple[Path, ...], outputs: tuple[Path, ...], gwp: str | None, year: int | None,
           factor_files: tuple[Path, ...], previous: Path | None, mc_draws: int | None, seed: int | None,
           formulas: bool, max_workbook_mb: float,
           max_sheet_rows: int, consolidate: str | None, summary_path: Path | None, checklist: bool, jobs: int,
           previous_as_of: dt.datetime | None, factors_as_of: dt.datetime | None,
           quiet: bool, lang: str,
           as_of: dt.datetime | None) -> None:
    """Compute the inventory of each INPUT_FILE (.xlsx workbook, .json or .csv) and write its report.

    With several inputs (and no --consolidate) each workbook is computed and
    written on its own: one that fails does not stop the others, its error is
    listed at the end and the exit status is 1; without -o or --summary one
    table (a line per workbook and year) is printed. With --consolidate all
    inputs are computed before anything is written.
    """
    from .data import load_factor_file
    from .io.report_writers import summary, write
    from .report import build_inventory

    org_outputs = [o for o in outputs if consolidate and "{stem}" not in str(o)]
    outputs = tuple(o for o in outputs if o not in org_outputs)
    if len(input_files) > 1 and any("{stem}" not in str(o) for o in outputs):
        raise click.UsageError("with several inputs, every -o must contain {stem}, e.g. -o reports/{stem}.xlsx")
    if (previous is not None or previous_as_of is not None) and len(input_files) > 1:
        raise click.UsageError("--previous compares one facility's report: give one input with it")
    if previous is not None and previous_as_of is not None:
        raise click.UsageError("give --previous (a report file) or --previous-as-of (a date), not both")
    known_on = factors_as_of.date() if factors_as_of else None
    from .io.outputs import plan, write_all

    targets = plan(input_files, outputs)  # every output checked before anything is computed
    day = as_of.date() if as_of else None
    factors = [load_factor_file(f) for f in factor_files]  # read and validated once for every input
    if len(input_files) > 1 and not consolidate and not checklist and mc_draws is None:
        sys.exit(_report_many(input_files, outputs, summary_path, formulas, jobs, quiet, lang, dict(
            gwp=gwp, lang=lang, year=year, as_of=day, factor_files=factors, max_workbook_mb=max_workbook_mb,
            max_sheet_rows=max_sheet_rows, **({"factors_as_of": known_on} if known_on else {}))))
    inventories = [(f, build_inventory(f, gwp=gwp, lang=lang, year=year, as_of=day, factor_files=factors,
                                       max_workbook_mb=max_workbook_mb, max_sheet_rows=max_sheet_rows,
                                       factors_as_of=known_on))
                   for f in input_files]
    recalc = None
    if previous is not None or previous_as_of is not None:  # read and computed before anything is written
        from .recalculation import as_published, recalculate

        earlier = previous if previous is not None else as_published(
            input_files[0], previous_as_of.date() if previous_as_of else dt.date.today(), gwp=gwp, as_of=day,
            factor_files=factors, max_workbook_mb=max_workbook_mb, max_sheet_rows=max_sheet_rows)
        recalc = recalculate(earlier, inventories[0][1])
        inventories[0][1].attach_recalculation(recalc)
    if mc_draws is not None:
        for _, inv in inventories:
            inv.attach_monte_carlo(draws=mc_draws, seed=seed)
    org = None
    if consolidate:
        from .consolidation import consolidate as consolidate_sites

        org = consolidate_sites(inventories, consolidate)
    if summary_path is not None:
        from .consolidation import portfolio, write_tables

        click.echo(_say("wrote", lang, path=write_tables({"summary": portfolio(inventories)}, summary_path)), err=True)
    for _path, inv in inventories:
        if not outputs and not org_outputs and org is None and summary_path is None:
            click.echo(summary(inv) + ("\n" if len(inventories) > 1 else ""))
        if checklist:
            from .render.terminal import checklist_lines

            click.echo("\n".join(checklist_lines(inv.report(), lang)))
        if recalc is not None and (outputs or org_outputs or org is not None or summary_path is not None):
            from .render.terminal import recalculation_lines

            click.echo("\n".join(recalculation_lines(inv.report(), lang)))
    writes = [(inventories[i][1], target) for i, target in targets]
    for written in write_all(writes, lambda inv, target: write(inv, target, formulas=formulas)):
        click.echo(_say("wrote", lang, path=written), err=True)
    if org is not None:
        from .consolidation import write_tables
        from .render import organisation

        for out in org_outputs:
            written = (organisation.write(org, out, lang) if out.suffix.lower() in organisation.RENDERED
                       else write_tables(org.tables(), out))
            click.echo(_say("wrote", lang, path=written), err=True)
        click.echo(org.explain(lang))


def _report_many(input_files: tuple[Path, ...], outputs: tuple[Path, ...], summary_path: Path | None,
                 formulas: bool, jobs: int, quiet: bool, lang: str, options: dict[str, Any]) -> int:
    """Run a batch (:mod:`ghgcalc.batch`): progress on a terminal, errors at the end; the exit status."""
    from . import batch

    bar = batch.progress(len(input_files), quiet, unit=_say("progress_unit", lang))
    rows: list[dict[str, Any]] = []
    failed: list[batch.Outcome] = []
    try:
        for outcome in batch.run(list(input_files), {**options, "outputs": outputs, "formulas": formulas},
                                 jobs=jobs or batch.default_jobs()):
            bar.update(1)
            rows += outcome.rows
            if outcome.error is not None:
                failed.append(outcome)
    finally:
        bar.close()
    table = batch.summary_table(rows)
    if summary_path is not None:
        from .consolidation import write_tables

        click.echo(_say("wrote", lang, path=write_tables({"summary": table}, summary_path)), err=True)
    elif not outputs and len(table) and lang != "en":
        from .render.terminal import batch_table_lines

        click.echo("\n".join(batch_table_lines(table, lang)))
    elif not outputs and len(table):
        click.echo(table.to_string(index=False))
    if outputs and not quiet:
        click.echo(_say("wrote_reports", lang, done=len(input_files) - len(failed), total=len(input_files)), err=True)
    for f in failed:
        click.echo(_say("error", lang) + f"{Path(f.path).name}: {f.error}", err=True)
    if failed:
        click.echo(_say("failed", lang, failed=len(failed), total=len(input_files)), err=True)
    return EXIT_BUG if any(f.bug for f in failed) else (1 if failed else 0)


@main.command()
@click.argument("activities", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Result table: .parquet or .csv (one row per activity row).")
@click.option("--gwp", type=click.Choice(["AR4", "AR5", "AR5_CCF", "AR6"]), default="AR5", show_default=True)
@click.option("--default-sector", default=None, help="Sector of fuel rows that name none.")
@click.option("--factors", "factor_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A factor file of the facility's or an imported set (the dataset's columns).")
@click.option("--chunk-rows", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Rows read and computed at a time: memory is bounded by one chunk.")
@LANG
@DEBUG
@_user_errors
def calculate(activities: Path, output: Path, gwp: str, default_sector: str | None, factor_file: Path | None,
              chunk_rows: int, lang: str) -> None:
    """Stream a large activity table (ACTIVITIES: .parquet or .csv with calculate()'s columns) into results."""
    from .l10n import num, translate
    from .scale import calculate_file

    info = calculate_file(activities, output, chunk_rows=chunk_rows, gwp=gwp, default_sector=default_sector,
                          user_factors=str(factor_file) if factor_file else None)
    click.echo(_say("calculated", lang, path=output, rows=num(info["rows"], lang, 0), gwp=info.get("gwp_set", gwp),
                    version=info.get("factor_dataset_version", "")), err=True)
    for w in info["warnings"]:
        click.echo(_say("warning", lang) + (translate(w, lang) if lang != "en" else w), err=True)


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the blank workbook (.xlsx).")
@LANG
@DEBUG
@_user_errors
def template(output: Path, lang: str) -> None:
    """Write a blank facility workbook to fill in."""
    from .io.workbook import write_template

    click.echo(_say("wrote", lang, path=write_template(output, lang)), err=True)


@main.command()
@click.argument("facilities", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the screening table to .xlsx or .csv.")
@LANG
@AS_OF
@DEBUG
@_user_errors
def check(facilities: Path, output: Path | None, lang: str, as_of: dt.datetime | None) -> None:
    """Screen many facilities (one row each) against the Decree 06/2022 criteria.

    Columns: name, facility_type, annual_emissions_tco2e, waste_capacity_t_per_year,
    listed, sector_group, quota_from, and energy columns named 'carrier [unit]'
    such as 'grid_electricity [MWh]' or 'DO [t]'.
    """
    from .io.inputs import screen_file
    from .io.report_writers import write_table

    out = screen_file(facilities, as_of=as_of.date() if as_of else None, lang=lang)  # every problem in one pass
    if output is None:
        for r in out.itertuples(index=False):
            click.echo(r.explanation + "\n")
        return
    write_table(out, output, sheet="screening")
    click.echo(_say("wrote", lang, path=output), err=True)


@main.group()
def factors() -> None:
    """Browse the emission-factor dataset and its sources."""


@factors.command("list")
@click.option("--activity", default=None, help="Only factors of this activity id or alias.")
@click.option("--technology", default=None, help="Only factors whose technology contains this text.")
@click.option("--factors", "factor_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Also list the rows of this factor file (e.g. an imported conversion-factor set).")
@LANG
@DEBUG
@_user_errors
def factors_list(activity: str | None, technology: str | None, factor_files: tuple[Path, ...], lang: str) -> None:
    """List factors (id, technology, value, unit, source, table), the shipped ones and those of --factors files."""
    import pandas as pd

    from .activities import resolve
    from .data import load_factor_file, load_factor_table

    t = pd.concat([*(load_factor_file(f) for f in factor_files), load_factor_table()], ignore_index=True)
    if activity:
        t = t[t["activity"] == (resolve(activity) or activity)]
    if technology:
        t = t[t["technology"].str.contains(technology, case=False, regex=False)]
    from .l10n import t as words
    from .render.terminal import factor_list_lines

    if t.empty:
        click.echo(words("factors.none", lang), err=True)
        sys.exit(1)
    click.echo("\n".join(factor_list_lines(t, lang)))


@factors.command("search")
@click.argument("text")
@LANG
def factors_search(text: str, lang: str) -> None:
    """Find activity ids by id, label or alias (accent-insensitive)."""
    from .activities import search
    from .l10n import t as words

    hits = search(text)
    if hits.empty:
        click.echo(_say("no_activity", lang, text=repr(text)), err=True)
        sys.exit(1)
    for r in hits.itertuples(index=False):
        family = r.family if lang == "en" else words(f"family.{r.family}", lang)
        click.echo(f"{r.activity:<40} {family:<12} {r.label_vi or r.label_en}  [{r.aliases}]")


@factors.command("show")
@click.argument("factor_id")
@click.option("--factors", "factor_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Also look in this factor file.")
@LANG
@DEBUG
@_user_errors
def factors_show(factor_id: str, factor_files: tuple[Path, ...], lang: str) -> None:
    """Show one factor with its source document."""
    from .data import combine_factor_frames, load_factor_file, load_sources
    from .factors import Registry, shipped_registry

    registry = (Registry(combine_factor_frames([load_factor_file(f) for f in factor_files]))
                if factor_files else shipped_registry())
    row = registry.lookup(factor_id)
    src = load_sources().get(str(row["source_id"]), {})
    if lang != "en":
        from .render.terminal import factor_lines

        click.echo("\n".join(factor_lines(row, src, lang)))
        return
    for k, v in row.items():
        click.echo(f"{k:>14}: {v}")
    click.echo(f"{'document':>14}: {src.get('title', '')} ({src.get('publisher', '')}, {src.get('year', '')})")
    click.echo(f"{'url':>14}: {src.get('url', '')}")
    if src.get("licence"):
        click.echo(f"{'licence':>14}: {src['licence']}")


@factors.command("import-desnz")
@click.argument("flat_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Factor file to write (.csv), for `ghgcalc report --factors`.")
@LANG
@DEBUG
@_user_errors
def factors_import_desnz(flat_file: Path, output: Path, lang: str) -> None:
    """Convert the UK government conversion factors (official flat file, .xlsx or .csv) into a factor file.

    Download the "flat file" edition of a year from the UK government's
    conversion-factors page (Open Government Licence v3.0); its scope 3 groups
    (freight, travel, hotel stays, waste, materials, water, well-to-tank) become
    factor rows named by ``technology``.
    """
    from .io.desnz import read_flat_file, write_factor_csv

    imported = read_flat_file(flat_file)
    write_factor_csv(imported, output)
    click.echo(_say("imported", lang, path=output, rows=len(imported.rows), year=imported.year,
                    sha=imported.sha256[:16]), err=True)
    for what, n in sorted(imported.skipped.items()):
        kind, _, name = what.partition(" ")
        said = what if lang == "en" else _say(f"skipped_{kind}", lang, name=name) if kind in ("group", "unit") \
            else _say("skipped_blank", lang)
        click.echo(_say("left_out", lang, n=f"{n:>5}", what=said), err=True)


@main.command()
@click.option("--report", "of_report", is_flag=True,
              help="The schema of the JSON report (`-o report.json`) instead of the JSON input.")
def schema(of_report: bool) -> None:
    """Print the JSON Schema of the JSON input of `ghgcalc report` (or, with --report, of its JSON output)."""
    if of_report:
        import json

        from .report_model import report_json_schema

        click.echo(json.dumps(report_json_schema(), ensure_ascii=False, indent=2))
        return
    from .io.inputs import dumps_schema

    click.echo(dumps_schema())


@main.command()
@click.argument("name", required=False, default="")
@click.option("--province", default="", help="Narrow the search to a province.")
@click.option("--tax-code", default="", help="Tax code (matched where the list has one, and in the quota list).")
@LANG
@AS_OF
@DEBUG
@_user_errors
def lookup(name: str, province: str, tax_code: str, lang: str, as_of: dt.datetime | None) -> None:
    """Find a facility on the Prime Minister's list (and its quota, if allocated)."""
    from .lists import lookup as find
    from .lists import quota_entry
    from .render.terminal import lookup_lines
    from .rules import rule

    day = as_of.date() if as_of else None
    match = find(name, province=province, tax_code=tax_code, as_of=day)
    quota = quota_entry(tax_code=tax_code, name=name, as_of=day)
    alloc = rule("quota.allocation", day or dt.date.today()).value
    click.echo("\n".join(lookup_lines(match, quota, str(alloc["decision"]), [int(y) for y in alloc["phase"]], lang)))
    if match.status in ("not_found", "unavailable"):
        sys.exit(1)


@main.command()
@click.argument("submitted", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--against", "activity", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The activity workbook (.xlsx, .json or .csv) the inventory is recomputed from.")
@click.option("--materiality", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Materiality threshold, % of each year's recomputed total (default 5, "
                   "emission_factors/rules/verification.yaml).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), multiple=True,
              help="Write the summary and findings in --lang: findings.md, .html, .docx, .xlsx; findings.csv: the "
                   "table with ids. Repeatable.")
@LANG
@AS_OF
@DEBUG
@_user_errors
def verify(submitted: Path, activity: Path, materiality: float | None, output: tuple[Path, ...], lang: str,
           as_of: dt.datetime | None) -> None:
    """Recompute the inventory from the activity data and compare it with SUBMITTED (report .json or a sheet).

    The sheet has the columns year, category, gas (CO2, CH4, N2O, HFCs, PFCs,
    SF6, NF3 or total) and t_co2e; a second sheet 'factors' (activity, gas,
    value, unit, year, source) states the factors used, each compared with the
    cited source. Exit status 0 when no difference is material, 4 when one is,
    1 when an input cannot be read, 2 usage.
    """
    from .report import build_inventory
    from .verification import read_submitted, read_submitted_factors
    from .verification import verify as compare

    for out in output:
        if out.suffix.lower() not in (".md", ".html", ".docx", ".xlsx", ".csv"):
            raise click.UsageError(f"-o {out.name}: write the findings as .md, .html, .docx, .xlsx or .csv")
        if out.resolve() in (submitted.resolve(), activity.resolve()):
            raise click.UsageError(f"-o {out.name} would overwrite an input")
    lines = read_submitted(submitted)  # read first: an unreadable submission is reported before computing
    factors = read_submitted_factors(submitted)
    inv = build_inventory(activity, lang=lang, as_of=as_of.date() if as_of else None)
    result = compare(lines, inv, materiality_pct=materiality, factors=factors)
    for out in output:
        click.echo(_say("wrote", lang, path=result.write(out, lang)), err=True)
    click.echo(result.terminal(lang))
    sys.exit(result.exit_status)


@main.command("plan")
@click.argument("activity", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--measures", "measures_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The measures (.xlsx sheet 'measures' or .csv): measure, kind, from_year and the kind's fields. "
                   "Default: the 'measures' sheet of ACTIVITY.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the report with the plan (.docx, .html, .md, .xlsx, .json), or the plan's tables to a "
                   "folder/ of CSV.")
@LANG
@AS_OF
@DEBUG
@_user_errors
def plan_command(activity: Path, measures_file: Path | None, output: Path | None, lang: str,
                 as_of: dt.datetime | None) -> None:
    """Apply reduction measures to the inventory of ACTIVITY, in order, and show abatement and Decree 06 status."""
    from .plan import read_measures
    from .report import build_inventory

    if output is not None:  # checked before anything is read, as report's outputs are
        from .io.outputs import check_not_input, check_writable

        check_writable(output)
        check_not_input(output, {p.resolve(): p for p in (activity, measures_file) if p is not None})
    measures = read_measures(measures_file) if measures_file is not None else None
    inv = build_inventory(activity, lang=lang, as_of=as_of.date() if as_of else None)
    if measures is not None:
        inv.attach_plan(measures)
    if inv.plan_result is None:
        raise click.UsageError(f"{activity.name} has no 'measures' sheet: give the measures with --measures FILE")
    if output is not None:
        from .io.outputs import is_folder

        if is_folder(output):
            output.mkdir(parents=True, exist_ok=True)
            written = output
            for name, table in inv.plan_result.tables().items():
                from .io.report_writers import write_table

                write_table(table, output / f"{name}.csv")
        else:
            from .io.report_writers import write

            written = write(inv, output, lang)
        click.echo(_say("wrote", lang, path=written), err=True)
    click.echo(inv.plan_result.summary(lang))
