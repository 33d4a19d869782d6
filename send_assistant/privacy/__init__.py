"""Redaction of personal data before anything a user typed is stored."""
