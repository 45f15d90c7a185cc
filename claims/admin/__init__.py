"""Django admin: every model, declared, and every write through the core (claims.reconcile, claims.ingest).

``core`` holds what the admins share (saving through the core with the version a form was opened at,
actions that use the version each row was shown at, deletion by the rules of claims.reconcile.removal);
``articles`` declares publishers and articles (added through the importer), ``review`` claims, figures,
verdicts and comments, ``feeds`` the watched feeds (added through claims.ingest.feeds).
"""

from django.contrib import admin

from claims.admin.articles import ALREADY_STORED, IMPORT_FAILED, IMPORTED, METADATA_UPDATED
from claims.admin import feeds  # noqa: F401 (registers FeedAdmin)
from claims.admin.core import ACTION_DONE, ACTION_FAILED_ROW, NOT_ON_PAGE
from claims.admin.review import NEED_FIGURE, NEED_REASON

admin.site.site_header = "factcheck administration"
admin.site.site_title = "factcheck"
admin.site.index_title = "Data and accounts"
# The changelists are wide (claims with their values and sources): give them the whole window.
admin.site.enable_nav_sidebar = False

__all__ = [
    "ACTION_DONE", "ACTION_FAILED_ROW", "ALREADY_STORED", "IMPORTED", "IMPORT_FAILED", "METADATA_UPDATED",
    "NEED_FIGURE", "NEED_REASON", "NOT_ON_PAGE",
]
