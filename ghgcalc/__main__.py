"""``python -m ghgcalc``."""

from .cli import main

main()
