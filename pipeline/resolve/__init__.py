"""Resolution: names to symbols, time expressions to exchange sessions."""
