"""Field names and stored choice values as reviewers read them: ``as_of`` -> "as of", ``more_than`` ->
"more than", ``death_toll`` -> "death toll", taken from the models' own verbose names and choices.

Used by the claim page's extracted-versus-now table and by every history list, which otherwise show
the names and values as stored.
"""

from functools import cache

from claims.models import Claim, Figure, Verdict

MODELS = (Claim, Figure, Verdict)


@cache
def _labels() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    names: dict[str, str] = {}
    choices: dict[str, dict[str, str]] = {}
    for model in MODELS:
        for field in model._meta.get_fields():
            if not hasattr(field, "verbose_name"):
                continue
            names.setdefault(field.name, str(field.verbose_name))
            if field.choices:
                choices.setdefault(field.name, {}).update({str(k): str(v) for k, v in field.choices})
    return names, choices


def field_label(name: str) -> str:
    """The verbose name of a claim, figure or verdict field (``as_of`` -> "as of"); an unknown name with
    its underscores read as spaces."""
    return _labels()[0].get(name, name.replace("_", " "))


def value_label(value, name: str):
    """A choice field's stored value as its label (``more_than`` -> "more than"); any other value as it is."""
    if isinstance(value, str):
        return _labels()[1].get(name, {}).get(value, value)
    return value
