"""The bounded load test of issue 9: locust against a real gunicorn server (bench/load/README.md
in the repository)."""

# "Who was present" in every intervention the load test records: tests count them by it.
MARK = "load test"
