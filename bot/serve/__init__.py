"""Serve time: query → parse → match → Answer (plain data). Never imports the build side."""
