"""Report renderers: JSON (the contract) and the terminal table."""
