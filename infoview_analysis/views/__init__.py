"""The views layer: figures, tables, text and files people open, from metrics only.

`headlines` (report headlines and advice), `plots` and `network_map` (figures),
`tables` and `text` (formatting), `explore` (the explore report's pieces), `cohort`
(cohort report views), `workbook` (XLSX writing), `action_list` (per-owner next
steps), `palette` (the one colour palette). Above metrics; below reports and the CLI.
"""

__all__: list[str] = []
