"""cchc — công cụ tổng hợp báo cáo cải cách hành chính (CCHC).

The library never prints: commands in :mod:`cchc_cli.cli` call it and turn its results and
:class:`cchc_cli.errors.CchcError` into output and exit codes.
"""

__version__ = "0.1.0"
