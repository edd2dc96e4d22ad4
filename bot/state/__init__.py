"""The bot's own writable state, beside the read-only index: feedback, threads it answered."""
