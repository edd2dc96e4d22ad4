"""The bot's own writable state (seen feed items, watchlists, schedules, feedback, the threads it answered in).

Kept apart from the read-only search index so that rebuilding the index never
loses what users asked the bot to remember.
"""
