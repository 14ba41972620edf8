"""Development tools that run inside a bench's Python (demo data, benchmarks); never installed with the app.

`./st demo` and `./st bench` put this folder on PYTHONPATH; both refuse sites not marked as scratch sites.
"""
