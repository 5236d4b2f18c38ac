from tests.v2g.aio.netns import two_hosts

__all__ = ["two_hosts"]
