"""The leak check's library: which content is member-only (``classify``), what
of it could show up publicly (``fingerprints``), and the search of a built
public tree for it (``scan``). Independent of the build's own code: it reads the
raw files with the strictest reading, so it does not share the build's blind spots.
"""
