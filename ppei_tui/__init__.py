"""ppei-tui: live, keyboard-only field notes for observing communities of practice."""

__version__ = "0.1.0"
