"""Turn an announcement (and ``SOURCE_DATE_EPOCH``) into the dates stamped on its outputs.

No output carries the time it was built: the PDF's and DOCX's creation date
is the announcement date, and so is their modification date, unless
``SOURCE_DATE_EPOCH`` is set (https://reproducible-builds.org/specs/source-date-epoch/),
which then gives the modification date and the DOCX zip entry times.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass

from generator.errors import BuildError
from generator.document.model import Announcement


@dataclass(frozen=True)
class Stamps:
    created: dt.datetime   # UTC, from the announcement date
    modified: dt.datetime  # UTC, from SOURCE_DATE_EPOCH or the announcement date

    @staticmethod
    def w3c(moment: dt.datetime) -> str:
        """``2023-03-31T00:00:00Z``: the form WeasyPrint and OOXML both read."""
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def stamps(announcement: Announcement, environ: Mapping[str, str] = os.environ) -> Stamps:
    """The creation and modification dates of ``announcement``'s outputs."""
    created = dt.datetime.combine(announcement.date, dt.time(0, 0), tzinfo=dt.timezone.utc)
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return Stamps(created, created)
    if not epoch.isdigit():
        raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}")
    return Stamps(created, dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc))
