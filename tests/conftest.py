"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def efdb() -> pd.DataFrame:
    """The IPCC EFDB export the dataset was built from (skipped when not beside the repo)."""
    path = SHARED / "ipcc-efdb-defaults.csv"
    if not path.is_file():
        pytest.skip("IPCC EFDB export not available beside the repository")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


# Property tests are derandomised so that a CI run is reproducible; run with
# HYPOTHESIS_PROFILE=explore to search new examples locally.
import os  # noqa: E402

from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
