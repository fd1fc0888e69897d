"""The bottom layer: the data model and what every other layer shares.

`vocabulary` (canonical columns and values), `dtypes` (the shared pandas dtypes),
`model` (`InterviewLog`), `problems` (`Problem`, `ProblemCollector`, `LogError`),
`limits` (named size limits), `files` (atomic writes), `identity` (merge keys),
`forest` (pointer jumping), `periods` (report periods), `spreadsheet_safety`
(formula neutralizing). Imports nothing else of the package.
"""

__all__: list[str] = []
