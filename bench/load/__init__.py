"""The bounded load test of issue 9: locust against a real gunicorn server (bench/README.md)."""

# "Who was present" in every intervention the load test records: tests count them by it.
MARK = "load test"
