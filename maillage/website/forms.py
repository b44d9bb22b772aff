"""The forms of the public site: the visitor's application, and the team's editors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.forms import HoneypotForm
from maillage.core.uploads import CONTENT_TYPES
from maillage.website import services
from maillage.website.models import ContractKind, JobOffer, NewsPost

CV_ACCEPT = ",".join(
    [".pdf", ".docx", ".odt", *(CONTENT_TYPES[kind] for kind in services.CV_KINDS)]
)


class ApplicationForm(HoneypotForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Optional: your motivation, your availability."),
    )
    cv = forms.FileField(
        label=_("Your CV"),
        help_text=_("PDF, DOCX or ODT, 5 MB at most."),
        error_messages={"required": _("Attach your CV.")},
        widget=forms.ClearableFileInput(attrs={"accept": CV_ACCEPT}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.has_error(None):
            # The honeypot's refusal speaks of a registration: here it is an application.
            self.errors.pop("__all__", None)
            self.add_error(
                None,
                _("Your application could not be sent. Please check the form and send it again."),
            )
        return data


class ProfileForm(forms.Form):
    tagline = forms.CharField(
        label=_("Tagline"),
        max_length=200,
        required=False,
        help_text=_("One sentence under the name of the organisation."),
    )
    presentation = forms.CharField(
        label=_("Presentation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Who you are, what you do, for whom. Blank lines separate paragraphs."),
    )


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Blank lines separate paragraphs."),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("PNG or JPEG, 5 MB at most."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    image_alt = forms.CharField(
        label=_("Description of the image"),
        max_length=200,
        required=False,
        help_text=_("Read aloud to people who cannot see the image."),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)

    def __init__(self, *args: Any, post: NewsPost | None = None, **kwargs: Any) -> None:
        if post is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": post.title,
                    "text": post.text,
                    "image_alt": post.image.alt if post.image else "",
                },
            )
        super().__init__(*args, **kwargs)
        if post is None or post.image is None:
            del self.fields["remove_image"]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            "title": data["title"],
            "text": data["text"],
            "image": data.get("image") or None,
            "image_alt": data.get("image_alt") or "",
        }
        if "remove_image" in self.fields:
            values["remove_image"] = bool(data.get("remove_image"))
        return values


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Publish on"),
        required=False,
        help_text=_("Leave empty to publish now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )


class JobOfferForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = JobOffer
        fields = ["title", "contract", "hours", "place", "deadline", "description"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contract: Any = self.fields["contract"]
        contract.choices = [("", "—"), *ContractKind.choices]

    def _post_clean(self) -> None:
        # The service validates (with the organisation's rules); the form only parses.
        pass
