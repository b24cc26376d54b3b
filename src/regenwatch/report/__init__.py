"""Emitters: one module per output format."""
