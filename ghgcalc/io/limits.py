"""What a workbook may hold before the reader refuses it.

In a module of its own so that the CLI shows the defaults in ``--help`` without loading the reader.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """What a workbook may hold before it is refused (engineering limits, not rules of any standard).

    The defaults read a 100,000-row workbook with room to spare (twice the rows; its sheet XML is
    about 15–50 MB) and keep the reader's memory under about 500 MB.
    """

    #: Total uncompressed size of all members (MB). Raise it for a genuinely large workbook.
    max_mb: float = 200.0
    #: Rows of one sheet (counted by row elements and by the highest row number used).
    max_sheet_rows: int = 200_000
    #: Cells of one sheet's grid (highest row × highest column): bounds the reader's memory.
    max_sheet_cells: int = 4_000_000
    #: Members of the archive (a workbook has a few dozen).
    max_members: int = 1_000
    #: Uncompressed/compressed size of one member; XML compresses about 10–20× (whitespace bombs ~1,000×).
    max_ratio: float = 100.0
    #: Members smaller than this (MB) are not held to ``max_ratio`` (a tiny part can compress well).
    ratio_floor_mb: float = 1.0
    #: Shared strings of the workbook (one per distinct text).
    max_strings: int = 2_000_000
    #: One XML tag or one cell (bytes): a cell holds at most 32,767 characters in Excel.
    max_cell_bytes: int = 4 * MB

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * MB)


DEFAULT_LIMITS = ReadLimits()
