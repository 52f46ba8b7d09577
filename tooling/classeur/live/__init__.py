"""Long-running commands: the file watcher and the local preview server."""
