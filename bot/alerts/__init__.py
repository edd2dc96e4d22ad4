"""The bot speaking first: which watches a new article matches, notices sent once each, digests on time.

Serve side: standard library and the state store only.
"""
