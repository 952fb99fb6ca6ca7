"""A LocalStack Lambda executor that runs nodejs* functions as host Node processes (no Docker)."""
