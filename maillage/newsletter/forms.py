from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.forms import HoneypotForm


class SubscribeForm(HoneypotForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, for example nom@exemple.be."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to receive the newsletter of this organisation by e-mail. I can "
            "unsubscribe at any time with the link in every mail."
        ),
        error_messages={"required": _("Tick the box to agree to receive the newsletter.")},
    )


class _Choices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def __init__(self, *args: Any, describe: Any, **kwargs: Any) -> None:
        self.describe = describe
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(self.describe(obj))


def _news_label(post: Any) -> str:
    return f"{post.title} ({post.published_at:%d/%m/%Y})"


def _activity_label(activity: Any) -> str:
    return f"{activity.title} ({activity.starts_on:%d/%m/%Y})"


class IssueForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject of the mail"),
        max_length=200,
        error_messages={"required": _("Give the subject of the mail.")},
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A few words at the top of the mail. Plain text; blank lines make paragraphs."),
    )
    news = _Choices(
        queryset=None,
        label=_("News"),
        required=False,
        describe=_news_label,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your published news since the last issue."),
    )
    activities = _Choices(
        queryset=None,
        label=_("Upcoming activities"),
        required=False,
        describe=_activity_label,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your activities on the public calendar."),
    )

    def __init__(self, *args: Any, news: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["news"].queryset = news  # type: ignore[attr-defined]
        self.fields["activities"].queryset = activities  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "subject": data["subject"],
            "introduction": data.get("introduction") or "",
            "news": list(data.get("news") or []),
            "activities": list(data.get("activities") or []),
        }
