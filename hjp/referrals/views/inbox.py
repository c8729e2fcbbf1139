"""Placeholder module replaced by its pages."""

urlpatterns: list = []
