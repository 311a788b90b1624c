"""Slack wiring: a Bolt AsyncApp whose thin listeners call the domain and the blocks."""
