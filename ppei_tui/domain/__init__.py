"""The pure domain core: templates, sessions, notes, tags and map arithmetic.

Nothing here may import textual, tinydb or reportlab (tests/test_architecture.py checks).
"""
