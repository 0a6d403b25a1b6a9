"""The update run (``scripts/update_site.py``): steps, deploy targets, record, notifications."""
