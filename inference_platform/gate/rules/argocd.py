"""Argo CD: every Application against its AppProject, as Argo CD's own permission checks see it."""
from __future__ import annotations
