"""prakat: official Thai announcements (ประกาศ) from TOML content.

The road, one folder per stage (a stage imports only the stages before it):
``content`` (TOML → ``document``, checked once) → ``render`` (document →
one HTML page, with the ``format`` it is pinned to) → ``writers`` (HTML →
HTML, PDF through ``engine``, DOCX) → :mod:`generator.build` (the one function
every command goes through) → ``archive`` and ``commands`` → :mod:`generator.cli`.
"""

from pathlib import Path

__version__ = "0.1.0"

#: The checkout: templates/, fonts/ and content/ live here.
ROOT = Path(__file__).resolve().parent.parent
