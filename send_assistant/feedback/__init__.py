"""Feedback, unanswered-question records and the reports built from them (all stored redacted)."""
