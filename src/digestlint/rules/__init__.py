"""One module per rule. Copy a small module (e.g. ``dl003_missing_front_matter.py``) to add one."""
