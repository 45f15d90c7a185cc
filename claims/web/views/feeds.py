"""The watched feeds: a list with each feed's polling state, and a form to add one (claims.ingest.feeds)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from claims.ingest.feeds import add_feed
from claims.ingest.readers import InputError
from claims.models import Feed
from claims.reconcile.roles import IMPORT, require
from claims.web.import_forms import FeedForm, ImportForm

ADDED = "Watching “{url}”: the task worker polls it every {every} minutes, starting with its next round."


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feed_list(request):
    """GET: every feed with its last poll, next poll, entries imported and last error, and the add form.
    POST: watch a new feed and come back to the list; a refused one shows the form with the reason."""
    require(request.user, IMPORT, action="watch feeds")
    form = FeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feed = add_feed(url=data["url"], publisher=data["publisher"], every_minutes=data["every_minutes"],
                            user=request.user)
        except InputError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, ADDED.format(url=feed.url, every=feed.every_minutes))
            return redirect("review:feeds")
    return render(request, "review/feeds.html", {
        "title": "Feeds", "form": form, "feeds": Feed.objects.order_by("pk"),
        "publisher_names": ImportForm.publisher_names(),
    })
