"""What every reviewer view shares: access checks, the messages it shows, and the write-then-redirect step.

Reading needs a login and the ``claims.view_claim`` permission (all three roles); writing also needs the
permission the core function checks, tested up front so a viewer's POST is refused with 403 before any
form is parsed. The core functions check it again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from claims.reconcile.errors import ReviewError, StaleVersion
from claims.reconcile.roles import PUBLISH, REVIEW, VIEW, require

ACCEPTED = "Claim {claim} accepted."
REJECTED = "Claim {claim} rejected as {reason}."
CORRECTED = "Claim {claim} corrected."
ASSIGNED = "Claim {claim} is now in the figure “{figure}”."
UNASSIGNED = "Claim {claim} was taken out of its figure."
FIGURE_CREATED = "Figure “{figure}” created with claim {claim}."
COMMENTED = "Comment added."
ASSIGNEE_SET = "Assigned to {user}."
ASSIGNEE_CLEARED = "Nobody is assigned any more."
BULK_DONE = "{action}: {claims} done, {failed} failed."  # claims: formatting.counted
BULK_FAILED_ROW = "Claim {claim}: {error}"
CONFIRMED = "Figure “{figure}” confirmed."
FIGURE_EDITED = "Figure “{figure}” saved."
MERGED = "Figure “{source}” merged into this one."
SPLIT = "{claims} moved into the new figure “{figure}”."  # claims: formatting.counted
PUBLISHED = "Verdict as of {as_of} published."
WITHDRAWN = "Verdict as of {as_of} withdrawn."
ORIGINATOR_SET = "Claim {claim} now comes from {originator}."
ORIGINATOR_CLEARED = "Claim {claim} has no known originator now."
UNDONE = "Undone: claim {claim} is {status} again."
CLAIM_ADDED = "Claim {claim} added: “{text}”."
SPAN_ADJUSTED = "Claim {claim} now quotes “{text}”."
NO_NEXT_CLAIM = "That was the last claim of this article."
NO_PREVIOUS_CLAIM = "That was the first claim of this article."
FORM_INVALID = "Nothing was saved: please correct the errors below."
FORM_INVALID_ELSEWHERE = "Nothing was saved: {errors}"

ROLE_ACTIONS = {REVIEW: "review claims", PUBLISH: "publish verdicts"}
# The session key of the reviewer's last accept or reject, which the pages offer to undo ("u").
LAST_REVIEW = "last_review"


def readers(view: Callable) -> Callable:
    """GET or HEAD only, login required (anonymous visitors go to the login page), ``claims.view_claim`` needed."""

    @login_required
    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        require(request.user, VIEW, action="see the review pages")
        return view(request, *args, **kwargs)

    return wrapped


def writers(permission: str) -> Callable:
    """POST only, login required, and ``permission`` (claims.reconcile.roles.REVIEW or PUBLISH) or 403."""

    def decorate(view: Callable) -> Callable:
        @login_required
        @require_POST
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            require(request.user, permission, action=ROLE_ACTIONS.get(permission, "do this"))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def can(user) -> dict[str, bool]:
    """What the templates may offer this user: ``{"review": bool, "publish": bool}``."""
    return {"review": user.has_perm(REVIEW), "publish": user.has_perm(PUBLISH)}


def remember_review(request: HttpRequest, claim, saved) -> None:
    """Keep the claim and version of the reviewer's last accept or reject in the session, for ``u``."""
    request.session[LAST_REVIEW] = {"claim": saved.pk, "version": saved.version}


def last_review(request: HttpRequest) -> dict | None:
    """``{"claim": pk, "version": n}`` of the reviewer's last accept or reject this session, or None."""
    return request.session.get(LAST_REVIEW)


def safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    """``candidate`` when it is a path on this site, else None (no open redirects)."""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return None


def perform(
    request: HttpRequest,
    form,
    write: Callable[[dict], object],
    *,
    success: Callable[[object], str],
    done: str | Callable[[object], str],
    redisplay: Callable[[object, int], HttpResponse],
) -> HttpResponse:
    """Validate ``form``, call ``write(cleaned_data)`` (one core function) and redirect with a message.

    On success: a success message and a redirect to the form's ``next`` or ``done`` (a URL, or a function
    of the write's result that gives one). On an invalid form
    or a ReviewError: the error as a message, then back to ``next`` when the form came from another page
    (the queue), else ``redisplay(form, status)`` shows the page again with the form as typed
    (400; 409 for StaleVersion).
    """
    back = safe_next(request, request.POST.get("next"))
    if not form.is_valid():
        if back:
            errors = "; ".join(f"{field}: {' '.join(errs)}" for field, errs in form.errors.items())
            messages.error(request, FORM_INVALID_ELSEWHERE.format(errors=errors))
            return redirect(back)
        messages.error(request, FORM_INVALID)
        return redisplay(form, 400)
    try:
        result = write(form.cleaned_data)
    except ReviewError as error:
        messages.error(request, str(error))
        return redirect(back) if back else redisplay(form, 409 if isinstance(error, StaleVersion) else 400)
    messages.success(request, success(result))
    return redirect(back or (done(result) if callable(done) else done))


@dataclass(frozen=True)
class ObjectPage:
    """The page writes are posted from, for one kind of object: ``load(pk)`` finds the object (or 404),
    ``show(request, obj, bound=..., status=...)`` renders its page, ``url(obj)`` is where a write returns."""

    load: Callable[[int], Any]
    show: Callable[..., HttpResponse]
    url: Callable[[Any], str]


def write_view(
    page: ObjectPage,
    permission: str,
    name: str,
    form_class: type,
    write: Callable[..., object],
    message: Callable[[Any, object], str],
    *,
    form_kwargs: Callable[[Any], dict] | None = None,
    done: Callable[[Any, object], str] | None = None,
    on_success: Callable[[HttpRequest, Any, object], None] | None = None,
) -> Callable:
    """A write view: POST only, ``permission`` needed (see ``writers``), for the form ``name`` on ``page``.

    It loads the object, binds ``form_class`` (with ``form_kwargs(obj)``) and, through ``perform``, calls
    ``write(obj, actor=request.user, **cleaned_data)`` (one core function; the form's ``next`` is not
    passed on). Success: the message ``message(obj, result)`` and a redirect to ``done(obj, result)``,
    by default the object's page; ``on_success(request, obj, result)`` runs first (to remember it in the
    session). Failure: the page again with the form as typed (400, or 409 when stale).
    """

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        target = page.load(pk)
        form = form_class(request.POST, **(form_kwargs(target) if form_kwargs else {}))

        def run(data: dict) -> object:
            result = write(target, actor=request.user, **{key: data[key] for key in data if key != "next"})
            if on_success:
                on_success(request, target, result)
            return result

        return perform(
            request, form, run,
            success=lambda result: message(target, result),
            done=lambda result: done(target, result) if done else page.url(target),
            redisplay=lambda bound, status: page.show(request, target, bound={name: bound}, status=status),
        )

    view.__name__ = view.__qualname__ = name
    return writers(permission)(view)
