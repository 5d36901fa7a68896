"""The library's version: recorded in every study's manifest and parameters table."""

__version__ = "0.1.0"
