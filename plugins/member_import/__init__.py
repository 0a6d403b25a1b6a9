"""Member-news importer: campus news and tender notices from member sites.

The import runs from the command line (``scripts/fetch_members.py``, ``make fetch``),
never during a site build: ``register()`` is a deliberate no-op so that listing
this package in ``PLUGINS`` is harmless. See README.md.
"""


def register() -> None:
    """Pelican plugin hook: nothing to do at build time (the importer is a CLI)."""
