"""Bringing articles in from the web: fetch a URL, turn a page into article text, poll feeds.

Build-time only: nothing under `bot.ingest` is needed to answer a question.
"""
