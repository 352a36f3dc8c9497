import pytest


def pytest_collection_modifyitems(config, items):
    """Run the ConfClerk imports only when asked for (``-m confclerk``): they take about 20 seconds."""
    if "confclerk" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with `make confclerk` (pytest -m confclerk)")
    for item in items:
        if "confclerk" in item.keywords:
            item.add_marker(skip)
