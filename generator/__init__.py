"""prakat: official Thai announcements (ประกาศ) from TOML content."""

__version__ = "0.1.0"
