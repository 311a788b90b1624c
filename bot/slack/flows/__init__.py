"""What the bot does: the paste, the checklist, the hand-off, Home, bundles, files."""
