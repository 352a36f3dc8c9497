"""The test environment keeps pytest-xdist's workers apart on a shared Redis."""

from tests.environment import _redis_database_for_worker


def test_each_worker_gets_a_redis_database_of_its_own():
    url = "redis://127.0.0.1:6379/0"
    assert _redis_database_for_worker(url, 0) == "redis://127.0.0.1:6379/0"
    assert _redis_database_for_worker(url, 1) == "redis://127.0.0.1:6379/1"
    assert _redis_database_for_worker("redis://:secret@cache:6380/3", 2) == "redis://:secret@cache:6380/5"
    assert _redis_database_for_worker("redis://127.0.0.1:6379", 1) == "redis://127.0.0.1:6379/1"
