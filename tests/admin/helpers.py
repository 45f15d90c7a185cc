"""Small helpers for admin tests: staff members per role, the data a page would post, the messages shown."""

from django.contrib.messages import get_messages
from django.urls import reverse

from claims.admin.core import VERSION_INPUT
from tests.factories import make_member


def make_staff(group: str, username: str = ""):
    """A member of a role group with staff access, as ``load_demo`` makes the demo accounts."""
    user = make_member(group, username)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def shown(response) -> list[str]:
    """The messages queued for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(response) -> dict:
    """What the change or add page's form posts when submitted untouched: each field's value as shown
    (hidden ones included) and the inline formsets' management data."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def opened(client, obj) -> dict:
    """Open ``obj``'s change page as ``client`` and return what its form would post."""
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return form_data(response)


def changelist_post(client, model: str, action: str, rows, *, versions=None, **extra):
    """Run ``action`` on ``rows`` from the changelist of ``claims.<model>`` as the page drawn with
    ``versions`` (pk -> version; by default each row's current version) would post it."""
    versions = versions if versions is not None else {row.pk: row.version for row in rows}
    data = {"action": action, "_selected_action": [row.pk for row in rows], **extra}
    data.update({VERSION_INPUT.format(pk=pk): version for pk, version in versions.items()})
    return client.post(reverse(f"admin:claims_{model}_changelist"), data)
