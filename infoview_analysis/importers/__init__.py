"""Importers: bring people and interactions in from LinkedIn, address books and calendars.

Each reader returns a `Batch` of person records and events; `merge.merge_people`
turns batches into one contact per person (an `ImportResult`), and
`commands.import_group` is the `infoview import` command.
"""

from infoview_analysis.importers.records import Batch, combine

__all__ = ["Batch", "combine"]
