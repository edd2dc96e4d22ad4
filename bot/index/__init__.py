"""The SQLite index: the contract between build and serve (schema, writer, reader). Knows no queries."""
