"""Django's Redis cache, with one Redis client per connection pool instead of a new one per operation.

Django's ``RedisCacheClient`` builds a ``redis.Redis`` object for every
cache call, and each builds its table of about 170 response callbacks: half
a millisecond of a kept page's answer, more than the page takes to unpack.
The client is thread-safe and only wraps the pool, so one per pool is kept.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with a client kept per connection pool."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
