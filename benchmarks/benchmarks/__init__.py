"""airspeed velocity (asv) suite of ghgcalc: ``cd benchmarks && asv run`` (or ``asv run --python=same``).

Each target of issue 15 is a ``track_*`` ratio measured in one run against its
comparator (``import pandas``, a 10-row file, one key, a hand-written pandas
merge), beside the plain ``time_*`` and ``peakmem_*`` benchmarks.
"""
