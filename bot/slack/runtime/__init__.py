"""The process: the HTTP server, its connections, the bot's start and stop, worker processes."""
