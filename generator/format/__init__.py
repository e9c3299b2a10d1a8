"""The official format: format profiles (page, fonts, spacing), the template and
profile versions an edition is pinned to, and the pinned font files."""
