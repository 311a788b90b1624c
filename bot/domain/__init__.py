"""The domain: knowledge, matching, checklist and hand-off state. Knows nothing of Slack."""
