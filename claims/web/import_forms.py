"""The forms of the import page and the article list: they parse input for claims.ingest and the list's filters."""

from django import forms

from claims.models import Publisher

PASTE_OR_UPLOAD = "Paste an article's text, give a link, or choose one or more files to upload."
NOT_BOTH = "Paste text or upload files, not both at once."
ONE_SOURCE = "Give a link, pasted text or files: one of them at a time."
PASTE_NEEDS = "A pasted article needs a {field}."
DATE_NEEDED = "The page “{title}” gives no publication date: enter the day it was published."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; an empty list when none is chosen."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.json,.jsonl,.html,.htm,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ImportForm(forms.Form):
    """Either a link to a page, pasted text with its title, publisher and date, or uploaded files (with an
    optional manifest); the publisher and date then fill what the page or files leave open."""

    url = forms.URLField(
        label="Link to a news page", required=False, max_length=2000, assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
        help_text="The page is fetched and only its story is kept; its title, date and site name come with it.",
    )
    body = forms.CharField(
        label="Article text", required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "placeholder": "Paste the article's text here."}),
    )
    title = forms.CharField(label="Title", required=False, max_length=500,
                            help_text="Taken from the first line of the text when left empty.")
    files = MultipleFileField(
        label="Files", required=False,
        help_text=".txt, .json, .jsonl or .html articles; add a .csv manifest (path,publisher,published) to date them.",
    )
    publisher = forms.CharField(
        label="Publisher", required=False, max_length=200,
        widget=forms.TextInput(attrs={"list": "publisher-names", "autocomplete": "off"}),
        help_text="Pick one or type a new name.",
    )
    published_on = forms.DateField(
        label="Published on", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Relative dates in the text (“on Monday”, “last year”) are read against this day.",
    )

    def clean(self):
        data = super().clean()
        pasted, files = data.get("body", "").strip(), data.get("files") or []
        url = data.get("url") or ""
        if not pasted and not files and not url and "url" not in self.errors:
            raise forms.ValidationError(PASTE_OR_UPLOAD)
        if url and (pasted or files):
            raise forms.ValidationError(ONE_SOURCE)
        if pasted and files:
            raise forms.ValidationError(NOT_BOTH)
        if pasted:
            for field, label in (("publisher", "publisher"), ("published_on", "publication date")):
                if not data.get(field) and field not in self.errors:
                    self.add_error(field, PASTE_NEEDS.format(field=label))
        return data

    def ask_for_date(self, title: str) -> None:
        """The fetched page has no date: keep its title and make the date a required field with the reason."""
        self.fields["published_on"].required = True
        self.fields["published_on"].widget.attrs["required"] = True
        self.add_error("published_on", DATE_NEEDED.format(title=title or self.cleaned_data["url"]))

    @staticmethod
    def publisher_names() -> list[str]:
        """Existing publisher names for the picker, in one query."""
        return list(Publisher.objects.order_by("name").values_list("name", flat=True))


class ArticleFilterForm(forms.Form):
    """The article list's search and filters; a value that does not parse is shown as an error."""

    q = forms.CharField(label="Search titles", required=False, max_length=200)
    publisher = forms.ModelChoiceField(queryset=Publisher.objects.order_by("name"), required=False,
                                       empty_label="any publisher")
    published_from = forms.DateField(label="Published from", required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    published_to = forms.DateField(label="to", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filter(self, articles):
        """``articles`` narrowed by the valid fields (all of them when the form is invalid)."""
        if not self.is_valid():
            return articles
        data = self.cleaned_data
        if data["q"]:
            articles = articles.filter(title__icontains=data["q"])
        if data["publisher"]:
            articles = articles.filter(publisher=data["publisher"])
        if data["published_from"]:
            articles = articles.filter(published_on__gte=data["published_from"])
        if data["published_to"]:
            articles = articles.filter(published_on__lte=data["published_to"])
        return articles


class FeedForm(forms.Form):
    """A feed to watch: its address, an optional publisher for every entry, and how often to poll it."""

    url = forms.URLField(label="Feed address (RSS or Atom)", max_length=2000, assume_scheme="https",
                         widget=forms.URLInput(attrs={"placeholder": "https://"}))
    publisher = forms.CharField(
        label="Publisher", required=False, max_length=200,
        widget=forms.TextInput(attrs={"list": "publisher-names", "autocomplete": "off"}),
        help_text="Names the publisher of every entry; empty: each page's site name.",
    )
    every_minutes = forms.IntegerField(label="Poll every (minutes)", initial=60, min_value=1, max_value=7 * 24 * 60)
