"""Renderers of the report model: terminal, Markdown, HTML, Word (Form 06), Excel, CSV and JSON.

Each takes a :class:`~ghgcalc.report_model.ReportModel` and a language and
writes; none computes a number or sums across years.
"""
