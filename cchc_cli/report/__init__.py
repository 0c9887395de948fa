"""Word draft of the summary report (the Phụ lục 1 outline) from the master data: `cchc render-report`."""

from cchc_cli.report.render import render_report

__all__ = ["render_report"]
