"""Carrying out what the outbox holds: the sender loop, Slack posts and webhook calls."""
