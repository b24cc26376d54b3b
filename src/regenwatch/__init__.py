"""regenwatch: find illegal claims in exosome and stem-cell marketing."""

__version__ = "0.1.0"
SCHEMA = "regenwatch/1"
