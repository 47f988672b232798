"""Data larger than memory, and more than one machine.

:func:`ghgcalc.calculate` is a pure map from an activity frame to a result frame
with the same index: it can run on chunks of a table (:func:`calculate_chunks`,
:func:`calculate_file` behind ``ghgcalc calculate big.parquet -o out.parquet``)
or on the partitions of a Dask or Spark frame. Each chunk's result carries its
own ``attrs`` (GWP set, dataset version, warnings); :func:`merge_attrs` combines them.

Dask::

    import dask.dataframe as dd, ghgcalc
    ddf = dd.read_parquet("metered/*.parquet")
    out = ddf.map_partitions(ghgcalc.calculate, meta=ghgcalc.result_meta(ddf._meta))
    parts = dask.compute(*out.to_delayed())          # frames, each with its attrs
    warnings = ghgcalc.scale.merge_attrs(parts)["warnings"]

Spark (``applyInPandas`` gives each group to a Python worker as a pandas frame)::

    import ghgcalc
    schema = ghgcalc.scale.spark_schema(ghgcalc.result_meta(sample_pandas_frame))
    out = sdf.groupBy("facility_id").applyInPandas(
        lambda pdf: ghgcalc.scale.for_spark(ghgcalc.calculate(pdf)), schema=schema)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import pandas as pd

from .engine import GwpSet, calculate
from .errors import GhgcalcError

#: Rows per chunk read from a file by :func:`calculate_file`.
CHUNK_ROWS = 1_000_000


def calculate_chunks(frames: Iterable[pd.DataFrame], gwp: str = "AR5", **options: Any) -> Iterator[pd.DataFrame]:
    """``calculate`` over an iterable of activity frames, one result frame per input frame, lazily.

    Memory holds one chunk and its result at a time. ``options`` are those of
    :func:`ghgcalc.calculate`; a ``user_factors`` path is read and validated once.
    Row labels in errors are the chunk's index labels (give the chunks a
    continuing index, as ``pd.read_csv(..., chunksize=)`` does).

    >>> import pandas as pd, ghgcalc
    >>> df = pd.DataFrame({"activity": ["diesel"] * 4, "quantity": [1.0, 2, 3, 4], "unit": "t",
    ...                    "sector": "manufacturing_construction"})
    >>> [len(r) for r in ghgcalc.calculate_chunks([df.iloc[:3], df.iloc[3:]])]
    [3, 1]
    """
    user_factors = options.get("user_factors")
    if isinstance(user_factors, str | Path):
        from .data import load_factor_file

        options = {**options, "user_factors": load_factor_file(user_factors)}
    for frame in frames:
        yield calculate(frame, cast(GwpSet, gwp), **options)


def result_meta(activities: pd.DataFrame | None = None, gwp: str = "AR5",
                form: str = "wide") -> pd.DataFrame:
    """An empty frame with the columns and dtypes :func:`ghgcalc.calculate` returns for ``activities``.

    For Dask's ``map_partitions(..., meta=)``. ``activities`` (e.g. a Dask
    frame's ``_meta``) decides the index dtype and the optional columns: ``year``
    when the input has one; ``iso_category``/``ghgp_scope`` as text when the input
    overrides them (``category``/``scope``). Text columns that are categoricals in
    the result have no categories in the meta: each partition has its own.

    >>> meta = result_meta()
    >>> list(meta.columns[:4]), len(meta)
    (['activity', 'quantity', 'unit', 'co2_t'], 0)
    """
    sample = pd.DataFrame({"activity": ["diesel"], "quantity": [1.0], "unit": ["t"],
                           "sector": ["manufacturing_construction"]})
    cols = set(activities.columns) if activities is not None else set()
    if "year" in cols:
        sample["year"] = 2023
    for c in ("category", "scope"):
        if c in cols:
            sample[c] = ""
    res = calculate(sample, gwp, form=form)  # type: ignore[arg-type]
    meta = res.iloc[0:0].copy()
    for c in meta.columns:
        if isinstance(meta[c].dtype, pd.CategoricalDtype):
            meta[c] = pd.Categorical([], categories=pd.Index([], dtype=meta[c].cat.categories.dtype))
    if activities is not None and form == "wide":
        meta.index = activities.index[:0]
    meta.attrs = {}
    return meta


def merge_attrs(results: Sequence[pd.DataFrame]) -> dict[str, Any]:
    """The ``attrs`` of chunk results as one: the shared settings, and every warning once, in order.

    Raises :class:`GhgcalcError` when chunks were computed with different GWP sets or datasets.
    """
    out: dict[str, Any] = {"warnings": []}
    for r in results:
        for k, v in r.attrs.items():
            if k == "warnings":
                out["warnings"] += [w for w in v if w not in out["warnings"]]
            elif k in out and out[k] != v:
                raise GhgcalcError(f"chunks disagree on {k}: {out[k]!r} and {v!r}",
                                   hint="compute every chunk with the same options and ghgcalc version")
            else:
                out[k] = v
    return out


def for_spark(result: pd.DataFrame) -> pd.DataFrame:
    """A result with its categorical columns as text (Arrow/Spark take plain strings).

    With pyarrow, each column's categories are taken by code in Arrow (no Python string per row:
    at a million rows a plain ``astype("string")`` costs seconds per column); the dtype is the
    one ``astype("string")`` gives.
    """
    text = [c for c in result.columns if isinstance(result[c].dtype, pd.CategoricalDtype)]
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        return result.astype(dict.fromkeys(text, "string"))
    target = pd.StringDtype()
    if target.storage != "pyarrow":
        return result.astype(dict.fromkeys(text, "string"))
    columns = {}
    for c in text:
        cat = result[c].array
        codes = cat.codes
        categories = pa.array(cat.categories.astype(str).to_numpy(dtype=object), type=pa.large_string())
        taken = pc.take(categories, pa.array(codes, mask=codes < 0))
        columns[c] = pd.Series(pd.array(taken, dtype=target), index=result.index, name=c)
    return result.assign(**columns)


def spark_schema(meta: pd.DataFrame) -> str:
    """A Spark DDL schema string for :func:`for_spark` results, from :func:`result_meta`."""
    kinds = []
    for c, dt in meta.dtypes.items():
        if pd.api.types.is_float_dtype(dt):
            kinds.append(f"`{c}` double")
        elif pd.api.types.is_integer_dtype(dt):
            kinds.append(f"`{c}` bigint")
        elif pd.api.types.is_bool_dtype(dt):
            kinds.append(f"`{c}` boolean")
        else:
            kinds.append(f"`{c}` string")
    return ", ".join(kinds)


#: The number a problem names for the first data row of a streamed file: the CSV line under its header
#: (as ``ghgcalc report`` names CSV rows), or the Parquet row counted from 1
FIRST_ROW = {".csv": 2, ".parquet": 1}


def _read_chunks(path: Path, rows: int) -> Iterator[pd.DataFrame]:
    """The file's rows ``rows`` at a time, labelled for messages: ``_row`` (see :data:`FIRST_ROW`) and the file."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        def chunks() -> Iterator[pd.DataFrame]:
            start = 0
            with pq.ParquetFile(path) as f:
                for batch in f.iter_batches(batch_size=rows):
                    frame = batch.to_pandas()
                    frame.index = pd.RangeIndex(start, start + len(frame))  # row labels continue across chunks
                    start += len(frame)
                    yield frame
        parts: Iterator[pd.DataFrame] = chunks()
    elif suffix == ".csv":
        from .io.inputs import CSV_ERRORS, csv_error

        def csv_chunks() -> Iterator[pd.DataFrame]:
            try:  # the reader reads the header when made, and each chunk as it is asked for
                yield from pd.read_csv(path, chunksize=rows, keep_default_na=True, encoding="utf-8-sig")
            except CSV_ERRORS as exc:
                raise csv_error(exc, path) from exc
        parts = csv_chunks()
    else:
        raise GhgcalcError(f"cannot stream {path.name!r}", hint="give a .parquet or .csv activity table")
    for frame in parts:
        if "_row" not in frame.columns:
            frame["_row"] = frame.index.to_numpy() + FIRST_ROW[suffix]
        frame.attrs["source_file"] = path.name
        yield frame


def calculate_file(source: str | Path, target: str | Path, *, chunk_rows: int = CHUNK_ROWS,
                   gwp: str = "AR5", **options: Any) -> dict[str, Any]:
    """Stream an activity table (.parquet or .csv) through :func:`calculate` into a result file.

    Reads ``chunk_rows`` rows at a time (pyarrow for Parquet), so memory is
    bounded by one chunk whatever the file's size; the output (.parquet or .csv)
    is written to a temporary file and renamed when every chunk is done.
    Returns the merged ``attrs`` with ``rows``.
    """
    from .io.atomic import atomic_path

    src, dst = Path(source), Path(target)
    if not src.is_file():
        raise GhgcalcError(f"input file {str(src)!r} not found")
    out_kind = dst.suffix.lower()
    if out_kind not in (".parquet", ".csv"):
        raise GhgcalcError(f"cannot write {dst.name!r}", hint="write the results to .parquet or .csv")
    if out_kind == ".parquet" or src.suffix.lower() == ".parquet":
        _need_pyarrow()
    results: list[pd.DataFrame] = []  # empty frames keeping each chunk's attrs
    rows = 0
    with atomic_path(dst) as tmp:
        writer = None
        try:
            for i, res in enumerate(calculate_chunks(_read_chunks(src, chunk_rows), gwp, **options)):
                rows += len(res)
                kept = pd.DataFrame()  # the attrs only: a slice of the result would keep its columns alive
                kept.attrs = dict(res.attrs)
                results.append(kept)
                if out_kind == ".csv":
                    res.to_csv(tmp, mode="w" if i == 0 else "a", header=i == 0, index=False)
                    continue
                import pyarrow as pa
                import pyarrow.parquet as pq

                # text columns stay dictionary-encoded (codes and categories, no string per row); every
                # chunk is cast to one schema, the dictionary indices wide enough for any chunk's categories
                table = pa.Table.from_pandas(res, preserve_index=False)
                if writer is None:  # dictionary pages for the text columns only: numbers do not repeat
                    schema = _one_schema(table.schema)
                    writer = pq.ParquetWriter(tmp, schema, use_dictionary=[
                        f.name for f in schema if pa.types.is_dictionary(f.type)])
                writer.write_table(table.cast(writer.schema))
        finally:
            if writer is not None:
                writer.close()
    return {**merge_attrs(results), "rows": rows}


def _one_schema(schema: Any) -> Any:
    """``schema`` with its dictionary columns as int32 indices over large strings (any chunk casts to it)."""
    import pyarrow as pa

    fields = [pa.field(f.name, pa.dictionary(pa.int32(), pa.large_string()), f.nullable)
              if pa.types.is_dictionary(f.type) else f for f in schema]
    return pa.schema(fields, metadata=schema.metadata)


def _need_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise GhgcalcError("reading or writing Parquet needs pyarrow",
                           hint="pip install 'ghgcalc[parquet]' (or pyarrow)") from exc
