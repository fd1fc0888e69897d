"""The loading layer: files to one typed, checked `InterviewLog` (`load.load_log`).

Above core; below importers, sample and everything else.

One job per module: `reading` (a file to raw tables by its kind), with `raw_table`,
`file_bytes`, `header_row`, `delimited`, `quotes`, `workbooks` and `parquet` (the
readers and what they share), `headers` (columns and table roles), `table` (one
table being read), `tables` (paths to prepared tables), `values`, `dates`,
`date_cells` and `how_met` (what people type), `prepare` and `tracker` (per-role
preparation, the wide tracker's melt), `rules` (input rules), `frames`, `assemble`
and `finalize` (tables to one log), `snapshot` (a validated log kept for reuse).
"""

__all__: list[str] = []
