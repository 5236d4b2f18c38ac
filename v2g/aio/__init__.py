"""asyncio adapters: they move bytes between sockets and the sans-IO cores, and nothing more."""
