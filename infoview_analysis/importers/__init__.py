"""The importers layer: people and interactions from LinkedIn, address books, calendars.

Each reader (`linkedin`, `google`, `vcard`, `calendar`, `tracker`) returns a `Batch`
(`batch`) of person records and events (`records`); `merge.merge_people` turns
batches into one contact per person (an `ImportResult`, `import_result`). Above
loading; beside `sample`; below metrics. The `infoview import` command is `cli.imports`.
"""

from infoview_analysis.importers.batch import Batch, combine

__all__ = ["Batch", "combine"]
