"""Labelled data sets used to measure the bot."""
