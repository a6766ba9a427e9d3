"""Checklists, deadline rules and court calendars. Qt-free."""
