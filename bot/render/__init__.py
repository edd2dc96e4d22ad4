"""Answers rendered for people: plain text, Slack Block Kit, the HTML article page; labels per language."""
