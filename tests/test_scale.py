"""calculate() as a frame -> frame map: chunks, streamed files, and Dask partitions give the same rows."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import ghgcalc
from ghgcalc.cli import main
from ghgcalc.scale import merge_attrs

ROWS = [("diesel", "L", "manufacturing_construction", 2023), ("FO", "t", "manufacturing_construction", 2023),
        ("trấu", "t", "manufacturing_construction", 2023), ("điện", "MWh", "", 2025),
        ("R-410A", "kg", "", 2023), ("DO", "L", "road_transport", 2023)]


def make(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    df = pd.DataFrame(ROWS, columns=["activity", "unit", "sector", "year"]).iloc[rng.integers(0, len(ROWS), n)]
    df = df.reset_index(drop=True)
    df["quantity"] = rng.uniform(200, 900, n)  # within 10 x of the median: no outlier warnings
    return df


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    text = [c for c in a.columns if not pd.api.types.is_numeric_dtype(a[c].dtype)]
    pd.testing.assert_frame_equal(a.astype({c: str for c in text}).reset_index(drop=True),
                                  b.astype({c: str for c in text}).reset_index(drop=True), check_dtype=False)


def test_chunks_give_the_rows_of_one_call():
    df = make(2_000)
    whole = ghgcalc.calculate(df)
    parts = list(ghgcalc.calculate_chunks(df.iloc[i:i + 700] for i in range(0, len(df), 700)))
    assert [len(p) for p in parts] == [700, 700, 600]
    _same(whole, pd.concat(parts))
    # the 2025 electricity rows fall back to the 2023 grid factor: the warning is collected once
    attrs = merge_attrs(parts)
    assert attrs["gwp_set"] == "AR5" and len(attrs["warnings"]) == 1 and "2025" in attrs["warnings"][0]


def test_categorical_and_arrow_strings_are_accepted_as_they_are():
    df = make(500)
    whole = ghgcalc.calculate(df)
    _same(whole, ghgcalc.calculate(df.astype({c: "category" for c in ("activity", "unit", "sector")})))
    arrow = pd.ArrowDtype(pa.string())
    _same(whole, ghgcalc.calculate(df.astype({c: arrow for c in ("activity", "unit", "sector")})))


def test_result_meta_has_the_result_columns_and_dtypes():
    df = make(50)
    res, meta = ghgcalc.calculate(df), ghgcalc.result_meta(df)
    assert list(meta.columns) == list(res.columns) and len(meta) == 0
    for c in res.columns:
        if isinstance(res[c].dtype, pd.CategoricalDtype):
            assert isinstance(meta[c].dtype, pd.CategoricalDtype) and len(meta[c].cat.categories) == 0
        else:
            assert meta[c].dtype == res[c].dtype, c
    assert "year" not in ghgcalc.result_meta(df.drop(columns="year")).columns


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_cli_streams_a_big_table_chunk_by_chunk(tmp_path, suffix):
    df = make(3_000)
    src = tmp_path / f"acts{suffix}"
    if suffix == ".parquet":
        df.to_parquet(src, index=False)
    else:
        df.to_csv(src, index=False)
    out = tmp_path / "out.parquet"
    res = CliRunner().invoke(main, ["calculate", str(src), "-o", str(out), "--chunk-rows", "1000"])
    assert res.exit_code == 0, res.output
    assert "3,000 rows" in res.output and "no grid factor announced for 2025" in res.output
    assert pq.ParquetFile(out).metadata.num_row_groups == 3  # written chunk by chunk
    got = pd.read_parquet(out)
    want = ghgcalc.calculate(df if suffix == ".parquet" else pd.read_csv(src))
    np.testing.assert_array_equal(got["co2e_t"].to_numpy(), want["co2e_t"].to_numpy())
    assert list(got["factor_ids"]) == list(want["factor_ids"].astype(str))
    assert list(got.columns) == list(want.columns)  # the row labels of the messages are not in the result


@pytest.mark.parametrize(("suffix", "named"), [(".parquet", "row 26,"), (".csv", "row 27,")])
def test_cli_calculate_reports_a_bad_row_with_its_place(tmp_path, suffix, named):
    """The 26th data row is Parquet row 26 (counted from 1) and CSV line 27 (under the header), in the file."""
    df = make(30)
    df.loc[25, "quantity"] = -1.0
    src = tmp_path / f"a{suffix}"
    if suffix == ".parquet":
        df.to_parquet(src, index=False)
    else:
        df.to_csv(src, index=False)
        assert src.read_text(encoding="utf-8").splitlines()[26].split(",")[-1] == "-1.0"  # line 27 of the file
    res = CliRunner().invoke(main, ["calculate", str(src), "-o", str(tmp_path / "o.parquet"), "--chunk-rows", "10"])
    assert res.exit_code == 1 and f"file {src.name}, {named} column 'quantity'" in res.output, res.output
    assert not (tmp_path / "o.parquet").exists()


def test_dask_partitions_on_two_worker_processes():
    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    df = make(4_000)
    ddf = dd.from_pandas(df, npartitions=4)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster):
        out = ddf.map_partitions(ghgcalc.calculate, meta=ghgcalc.result_meta(ddf._meta))
        parts = dask.compute(*out.to_delayed())
    _same(ghgcalc.calculate(df), pd.concat(parts))
    assert merge_attrs(parts)["warnings"] == ghgcalc.calculate(df).attrs["warnings"]
