"""SQLite storage: connection, numbered migrations, repositories."""
