"""Bolt glue: the app, middleware, the listener wrapper, services, Slack client policies."""
