"""The follow form: an email address and how often to hear."""

from django import forms

from .models import Frequency


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        initial=Frequency.AS_PUBLISHED,
        widget=forms.RadioSelect,
    )


class FrequencyForm(forms.Form):
    """A change of frequency on the manage page."""

    subscription = forms.IntegerField(widget=forms.HiddenInput)
    frequency = forms.ChoiceField(choices=Frequency.choices)
