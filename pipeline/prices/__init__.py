"""Price data: the local SQLite store, CSV seeding, and the provider behind it."""
