"""The WSGI application (``factcheck.wsgi:application``) for gunicorn and other WSGI servers.

It runs the system checks once at start-up, so a server with an unreadable or unmigrated database stops
with the reason instead of answering every request with a 500.
"""

import os

from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

application = get_wsgi_application()
call_command("check")
