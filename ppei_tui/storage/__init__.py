"""Session files on disk: one TinyDB JSON file per session, written atomically."""
