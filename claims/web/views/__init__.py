"""Reviewer pages under /review/. Thin: each view parses input, calls one read or one core write, renders.

- ``pages``: dashboard, article page
- ``claims``: claim queue, claim page, claim writes, bulk accept/reject
- ``figures``: figures list, figure page, figure and verdict writes
- ``common``: access checks, messages, the write-then-redirect step
"""
