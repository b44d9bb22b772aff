"""One module per figure of issue 8; each `run(options, say)` returns its rows."""
