"""Support metrics from the frames: Chatwoot-compatible reports and an analyst mode."""
