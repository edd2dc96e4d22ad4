"""Slack: the app assembled in one place, authorization, delivery, and the HTTP and Socket Mode runners."""
