"""Report: what readers see. Wording, charts, the slide deck, the workbook, notebook display helpers."""
