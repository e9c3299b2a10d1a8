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

from generator.errors import Refused, printable
from generator.messages import M
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
    modified = source_date_epoch(environ)
    return Stamps(created, created if modified is None else modified)


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> dt.datetime | None:
    """The moment ``SOURCE_DATE_EPOCH`` names (UTC), or None when it is not set.

    Raises :class:`~generator.errors.Refused` for anything
    but a whole number of seconds between 1970 and the year 9999.
    """
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        if not (epoch.isascii() and epoch.isdigit()):
            raise ValueError(epoch)
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        shown = printable(epoch if len(epoch) <= 40 else epoch[:37] + "...")
        raise Refused(M(
            "SOURCE_DATE_EPOCH must be a whole number of seconds since 1 January 1970"
            " (digits only, e.g. 1700000000), not {value}; fix it or unset it", value=repr(shown))) from None
