"""Word draft of the summary report (Phụ lục 1 outline) from the master data."""
