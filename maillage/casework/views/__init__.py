"""Pages of the individual axis, one module per area: thin, the rules live in services."""
