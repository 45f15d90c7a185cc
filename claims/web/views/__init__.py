"""Reviewer pages under /review/. Thin: each view parses input, calls one read or one core write, renders.

- ``pages``: dashboard, article page
- ``claims``: claim queue, claim page, claim writes (with undo and span), bulk accept/reject, j/k steps
- ``spans``: adding a claim over selected words of an article
- ``figures``: figures list, figure page, figure and verdict writes
- ``common``: access checks, messages, the write-then-redirect step
"""
