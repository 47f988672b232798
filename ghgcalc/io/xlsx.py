"""Defensive, fast access to an ``.xlsx`` archive: checked before it is parsed, sheets read by python-calamine.

A workbook is a zip of XML parts. Before anything parses it, :func:`check_archive`
reads the zip's directory (number of members, declared sizes, compression ratio)
and then decompresses every member as a stream, counting the bytes it really
holds, so a zip bomb (honest or lying sizes) or a gigabyte of whitespace is
refused in seconds with bounded memory. XML that declares a DTD (entity bombs,
external entities) is refused: Excel never writes one.

:func:`read_sheets` then scans each sheet to be read for its extent (rows,
columns: the reader holds a sheet as a dense grid, so one cell at ``XFD1048576``
must be refused before it is read) and for the cells calamine cannot show (a
formula never calculated, an error value such as ``#DIV/0!``), and reads the
values with python-calamine, once.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from .limits import DEFAULT_LIMITS, MB, ReadLimits

_CHUNK = 1 * MB  # compressed bytes read at once; decompressed output is bounded to the same size


class HostileFile(InputError):
    """A workbook refused before it is parsed (too large, a zip bomb, a DTD, an absurd extent)."""


SAVE_AGAIN = "save the file as an Excel workbook (.xlsx)"


def _refuse(fname: str, message: str, hint: str | None = None) -> HostileFile:
    code = "unreadable" if hint == SAVE_AGAIN else "too_large"
    return HostileFile([Problem("-", "-", message, file=fname, code=code)], hint=hint)


def _mb(n: float) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB / 10 else f"{n / 1024:,.1f} KB"


RAISE_HINT = "if the workbook is genuine, raise the limit: `ghgcalc report --max-workbook-mb N` " \
             "(Python: max_workbook_mb=N)"


# ---------------------------------------------------------------- archive
def check_archive(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse an archive that is too large, too many parts, a zip bomb or XML with a DTD. Reads nothing twice.

    Raises :class:`HostileFile` (an :class:`~ghgcalc.errors.InputError`) naming the file and the limit.
    """
    fname = path.name
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise _refuse(fname, f"the file is {_mb(size)}, more than the limit of {_mb(limits.max_bytes)}", RAISE_HINT)
    _check_directory(path, fname, limits)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(fname, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})",
                      SAVE_AGAIN) from exc
    if len(infos) > limits.max_members:
        raise _refuse(fname, f"the archive has {len(infos):,} parts, more than the limit of {limits.max_members:,} "
                      "(an Excel workbook has a few dozen)")
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_bytes:
        big = max(infos, key=lambda i: i.file_size)
        raise _refuse(fname, f"the workbook unpacks to {_mb(declared)} (part {big.filename!r}: {_mb(big.file_size)}), "
                      f"more than the limit of {_mb(limits.max_bytes)}", RAISE_HINT)
    for i in infos:
        if i.file_size > limits.ratio_floor_mb * MB and i.file_size > limits.max_ratio * max(i.compress_size, 1):
            raise _refuse(fname, f"part {i.filename!r} unpacks {i.file_size / max(i.compress_size, 1):,.0f}× "
                          f"({_mb(i.compress_size)} → {_mb(i.file_size)}), more than {limits.max_ratio:,.0f}×: "
                          "a compression bomb, not a spreadsheet")
    total = 0
    strings = 0

    def check(piece: bytes, fname: str, member: str) -> None:
        nonlocal strings
        if any(d in piece for d in _DTD):
            raise _refuse(fname, f"part {member!r} declares a DTD (XML entities): refused, as entity expansion "
                          "and external entities are an attack; Excel never writes one",
                          "save the file again from Excel or LibreOffice")
        strings += sum(piece.count(t) for t in _STRING_TAG)
        if strings > limits.max_strings:
            raise _refuse(fname, f"the workbook holds more than {limits.max_strings:,} texts (part {member!r})")

    with path.open("rb") as fh:
        for info in infos:
            total = _stream_member(fh, info, fname, total, limits, check)


def _check_directory(path: Path, fname: str, limits: ReadLimits) -> None:
    """Refuse a zip directory too large to list, from its end record (before ``zipfile`` lists it)."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 65_557))
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise _refuse(fname, "not a readable .xlsx workbook (no zip directory)",
                      SAVE_AGAIN)
    entries, cd_size = struct.unpack("<H I", tail[at + 10:at + 16])
    if entries > limits.max_members or cd_size > limits.max_members * _DIR_ENTRY_BYTES:
        raise _refuse(fname, f"the archive lists {entries:,} parts in {cd_size:,} bytes, more than the limit of "
                      f"{limits.max_members:,} parts (an Excel workbook has a few dozen)")


def _member_chunks(fh: Any, info: zipfile.ZipInfo, fname: str) -> Iterator[bytes]:
    """The decompressed bytes of one member, in pieces of at most ``_CHUNK`` (whatever its header declares)."""
    if info.flag_bits & 0x1:
        raise _refuse(fname, f"part {info.filename!r} is encrypted: save the workbook without a password", SAVE_AGAIN)
    fh.seek(info.header_offset)
    head = fh.read(30)
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise _refuse(fname, f"part {info.filename!r} is damaged (no local header)",
                      SAVE_AGAIN)
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    if info.compress_type == zipfile.ZIP_STORED:
        decomp = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        decomp = zlib.decompressobj(-15)
    else:
        raise _refuse(fname, f"part {info.filename!r} uses compression method {info.compress_type}, "
                      "which Excel does not write", SAVE_AGAIN)
    left = info.compress_size
    while left > 0:
        data = fh.read(min(_CHUNK, left))
        if not data:
            raise _refuse(fname, f"part {info.filename!r} is truncated", SAVE_AGAIN)
        left -= len(data)
        if decomp is None:
            yield data
            continue
        try:
            while data:
                out = decomp.decompress(data, _CHUNK)
                data = decomp.unconsumed_tail
                if out:
                    yield out
        except zlib.error as exc:
            raise _refuse(fname, f"part {info.filename!r} is damaged ({exc})",
                          SAVE_AGAIN) from exc
    if decomp is not None:
        tail = decomp.flush()
        if tail:
            yield tail


def _stream_member(fh: Any, info: zipfile.ZipInfo, fname: str, total: int, limits: ReadLimits,
                   check: Any) -> int:
    """Decompress one member, counting its real size against the declared one and the total limit."""
    size = 0
    carry = b""
    for out in _member_chunks(fh, info, fname):
        size += len(out)
        if total + size > limits.max_bytes:
            raise _refuse(fname, f"the workbook unpacks to more than the limit of {_mb(limits.max_bytes)} "
                          f"(part {info.filename!r})", RAISE_HINT)
        if size > info.file_size:
            raise _refuse(fname, f"part {info.filename!r} holds more than the {info.file_size:,} bytes it declares: "
                          "a damaged or forged archive")
        carry = _pieces(carry + out, fname, info.filename, limits, check)
        if size > limits.ratio_floor_mb * MB and size > limits.max_ratio * max(info.compress_size, 1):
            raise _refuse(fname, f"part {info.filename!r} unpacks more than {limits.max_ratio:,.0f}× its "
                          "compressed size: a compression bomb, not a spreadsheet")
    if carry:
        check(carry, fname, info.filename)
    if size != info.file_size:
        raise _refuse(fname, f"part {info.filename!r} holds {size:,} bytes but declares {info.file_size:,}: "
                      "a damaged or forged archive", SAVE_AGAIN)
    return total + size


def _pieces(buf: bytes, fname: str, member: str, limits: ReadLimits, check: Any) -> bytes:
    """Pass the complete part of ``buf`` to ``check``; return the unfinished tail (a cell or a tag cut in two).

    The cut is at the start of the last cell when that cell is not closed yet (so a cell is seen
    whole), else at the last ``<`` when its tag is not closed (so no tag is cut). ``<`` never occurs
    inside a tag or a text.
    """
    cut = _last_cell_start(buf)
    if cut >= 0:
        gt = buf.find(b">", cut)
        if gt >= 0 and (buf[gt - 1:gt] == b"/" or _CELL_END.search(buf, gt)):
            cut = -1
    if cut < 0:
        cut = buf.rfind(b"<")
        if cut < 0 or b">" in buf[cut:]:
            cut = len(buf)
    if len(buf) - cut > limits.max_cell_bytes:
        raise _refuse(fname, f"part {member!r} has one cell or tag longer than {_mb(limits.max_cell_bytes)}: "
                      "not something a spreadsheet program writes")
    if cut:
        check(buf[:cut], fname, member)
    return buf[cut:]


_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c>")


def _last_cell_start(buf: bytes, end: int | None = None) -> int:
    """Index of the ``<`` of the last cell start tag (``<c ``, ``<x:c ``) before ``end``, or -1."""
    end = len(buf) if end is None else end
    plain = buf.rfind(b"<c ", 0, end)
    prefixed = buf.rfind(b":c ", 0, end)
    if prefixed > plain:
        lt = buf.rfind(b"<", 0, prefixed)
        if lt >= 0 and re.fullmatch(rb"<[\w.-]+", buf[lt:prefixed]):
            return lt
    return plain


_DTD = (b"<!DOCTYPE", b"<!ENTITY")
_STRING_TAG = (b"<si", b":si")  # (no other element starts so)
#: Bytes one zip directory entry may take (46 fixed + name + extra field + comment, generously).
_DIR_ENTRY_BYTES = 4096


# ---------------------------------------------------------------- sheets
@dataclass
class SheetScan:
    """What the XML of one sheet holds beyond its values."""

    row_tags: int = 0
    max_row: int = 0
    max_col: int = 0
    #: (row, column number, kind, text): ``kind`` is "formula" (never calculated) or "error" (``#DIV/0!`` …).
    special: list[tuple[int, int, str, str]] = field(default_factory=list)


_COORD_COL = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]+)""")
_COORD_ROW = re.compile(rb"""\sr\s*=\s*["'][A-Za-z]*([0-9]+)""")
_ROW_TAG = (b"<row", b":row")  # also counts a <rowBreaks>: an over-count is harmless
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f(?=[\s>/])[^>]*>")
_ERROR_CELL = re.compile(rb"""<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*["']e["'][^>]*>""")
_CELL_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,3})([0-9]{1,7})["']""")
_VALUE = re.compile(rb"""\s*<(?:[\w.-]+:)?v(?:\s[^>]*)?>([^<]*)<""")
_FORMULA_TEXT = re.compile(rb"([^<]*)<")
_TEXT_RESULT = re.compile(rb"""\st\s*=\s*["']str["']""")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _unescape(text: bytes) -> str:
    s = text.decode("utf-8", "replace")
    for a, b in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        s = s.replace(a, b)
    return s


def _scan_piece(scan: SheetScan, piece: bytes) -> None:
    scan.row_tags += sum(piece.count(t) for t in _ROW_TAG)
    found = _coords_regex(piece)
    scan.max_row, scan.max_col = max(scan.max_row, found[0]), max(scan.max_col, found[1])
    if b"f" in piece and (b"<f" in piece or b":f" in piece):
        for m in _FORMULA.finditer(piece):
            cell = _cell_at(piece, m.start())
            if cell is None:
                continue
            where, start_tag = cell
            if m.group(0).endswith(b"/>"):
                end, text = m.end(), ""
            else:
                t = _FORMULA_TEXT.match(piece, m.end())
                text = _unescape(t.group(1)) if t else ""
                close = piece.find(b">", t.end()) if t else -1
                end = close + 1 if close >= 0 else m.end()
            v = _VALUE.match(piece, end)
            # a saved value; an empty one only where the cell says its result is text (Excel's "" result)
            if not v or not (v.group(1).strip() or _TEXT_RESULT.search(start_tag)):
                scan.special.append((*where, "formula", text))
    if b"e" in piece and (b't="e"' in piece or b"t='e'" in piece or b"t =" in piece):
        for m in _ERROR_CELL.finditer(piece):
            ref = _CELL_REF.search(m.group(0))
            v = _VALUE.match(piece, m.end())
            if ref and v:
                scan.special.append((int(ref.group(2)), _col_number(ref.group(1)), "error", _unescape(v.group(1))))


_HUGE = 10**12


def _coords_regex(piece: bytes) -> tuple[int, int]:
    """Highest row and column number in the ``r`` attributes of a piece of sheet XML."""
    letters = set(_COORD_COL.findall(piece))
    digits = set(_COORD_ROW.findall(piece))
    return (max((int(d) if len(d) <= 9 else _HUGE for d in digits), default=0),
            max((_col_number(a) if len(a) <= 4 else _HUGE for a in letters), default=0))


def _cell_at(piece: bytes, pos: int) -> tuple[tuple[int, int], bytes] | None:
    """Row and column number, and start tag, of the cell open at ``pos`` (None when outside a cell)."""
    start = _last_cell_start(piece, pos)
    if start < 0:
        return None
    end = piece.find(b">", start, pos)
    if end < 0 or piece[end - 1:end] == b"/" or _CELL_END.search(piece, end, pos):
        return None
    ref = _CELL_REF.search(piece, start, end + 1)
    return ((int(ref.group(2)), _col_number(ref.group(1))), piece[start:end + 1]) if ref else None


def sheet_members(path: Path) -> dict[str, str]:
    """Sheet name → archive member of its XML, from the workbook part and its relationships."""
    from defusedxml import ElementTree as DET

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    r_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        book = "xl/workbook.xml"
        if "_rels/.rels" in names:
            for rel in DET.fromstring(zf.read("_rels/.rels")).iter(f"{{{rel_ns}}}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    book = rel.get("Target", book).lstrip("/")
        base = posixpath.dirname(book)
        rels_name = posixpath.join(base, "_rels", posixpath.basename(book) + ".rels")
        targets: dict[str, str] = {}
        if rels_name in names:
            for rel in DET.fromstring(zf.read(rels_name)).iter(f"{{{rel_ns}}}Relationship"):
                t = rel.get("Target", "")
                targets[rel.get("Id", "")] = t.lstrip("/") if t.startswith("/") else posixpath.normpath(
                    posixpath.join(base, t))
        out: dict[str, str] = {}
        if book in names:
            for sh in DET.fromstring(zf.read(book)).iter(f"{{{main}}}sheet"):
                member = targets.get(sh.get(f"{{{r_ns}}}id", ""))
                if member in names:
                    out[str(sh.get("name"))] = member
    return out


def scan_sheet(path: Path, member: str, fname: str, limits: ReadLimits = DEFAULT_LIMITS,
               sheet: str | None = None) -> SheetScan:
    """Extent and special cells of one sheet's XML, streamed (the archive is already checked).

    With ``sheet`` (its name), an extent over the limits is refused as soon as it is seen.
    """
    scan = SheetScan()

    def check(piece: bytes, _f: str, _m: str) -> None:
        _scan_piece(scan, piece)
        if sheet is not None:
            check_extent(scan, sheet, fname, limits)

    with zipfile.ZipFile(path) as zf, path.open("rb") as fh:
        _stream_member(fh, zf.getinfo(member), fname, 0, limits, check)
    return scan


def check_extent(scan: SheetScan, sheet: str, fname: str, limits: ReadLimits) -> None:
    rows = max(scan.row_tags, scan.max_row)
    hint = ("if the rows are real, raise the limit: `ghgcalc report --max-sheet-rows N` (Python: max_sheet_rows=N); "
            "else delete the empty rows below the data")
    if rows > limits.max_sheet_rows:
        raise HostileFile([Problem("-", "-", f"the sheet has more than the limit of {limits.max_sheet_rows:,} rows "
                                   f"per sheet (read as far as row {rows:,})", file=fname, sheet=sheet,
                                   code="too_large")], hint=hint)
    cells = scan.max_row * max(scan.max_col, 1)
    if cells > limits.max_sheet_cells:
        raise HostileFile([Problem("-", "-", f"the sheet spans {scan.max_row:,} rows × {scan.max_col:,} columns "
                                   f"({cells:,} cells), more than the limit of {limits.max_sheet_cells:,} cells",
                                   file=fname, sheet=sheet, code="too_large")],
                          hint="delete the cells far to the right or below the data")


def read_grid(book: Any, sheet: str, fname: str) -> list[list[Any]]:
    """A sheet's values as rows from A1 (row 1 at index 0): '' for a blank cell; numbers as float."""
    try:
        return list(book.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
    except BaseException as exc:  # calamine raises several types for a damaged sheet
        if not _calamine_failed(exc):
            raise
        raise InputError([Problem("-", "-", f"the sheet cannot be read ({type(exc).__name__}: {exc})",
                                  file=fname, sheet=sheet, code="unreadable")], hint=SAVE_AGAIN) from exc


def open_book(path: Path, fname: str) -> Any:
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # calamine raises several types for a damaged file
        if not _calamine_failed(exc):
            raise
        raise InputError([Problem("-", "-", f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})",
                                  file=fname, code="unreadable")], hint=SAVE_AGAIN) from exc


def _calamine_failed(exc: BaseException) -> bool:
    """An error of the reader on a damaged file: any Exception, or a Rust panic (pyo3's PanicException
    derives from BaseException); never an interrupt or an exit."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def worksheet_names(book: Any) -> list[str]:
    """Names of the workbook's worksheets (not chart sheets), in workbook order."""
    from python_calamine import SheetTypeEnum

    return [str(m.name) for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]


def guard_workbook(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """:func:`check_archive`, then every worksheet's extent: for a workbook another reader will parse."""
    check_archive(path, limits)
    for sheet, member in sheet_members(path).items():
        scan_sheet(path, member, path.name, limits, sheet=sheet)
