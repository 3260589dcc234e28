"""The shapes the API answers in, for the OpenAPI schema and the output alike."""

from rest_framework import serializers


class TermSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class LinkedTermSerializer(TermSerializer):
    url = serializers.URLField(help_text="The term's page on the site.")


class ParticipantSerializer(LinkedTermSerializer):
    kind = serializers.CharField(help_text="person, organisation, ...")
    role = serializers.CharField(help_text="The participant's part: speaker, host, ...")


class BriefingSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()
    date = serializers.DateField()
    date_precision = serializers.ChoiceField(
        choices=["day", "month", "year"],
        help_text="How much of `date` the original gives: a day, a month or a year.",
    )
    source = TermSerializer(allow_null=True)
    summary = serializers.CharField()
    challenges = LinkedTermSerializer(many=True)
    participants = ParticipantSerializer(many=True)


class BriefingDetailSerializer(BriefingSerializer):
    body_html = serializers.CharField(help_text="The body as the page shows it.")
    body_text = serializers.CharField(help_text="The body's words, without markup.")


class PageSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text="How many match (for a search, counted up to a limit)."
    )
    count_is_exact = serializers.BooleanField(
        help_text="False for a search with more matches than are counted."
    )
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


class BriefingPageSerializer(PageSerializer):
    results = BriefingSerializer(many=True)


class TermCountSerializer(LinkedTermSerializer):
    briefings = serializers.IntegerField(help_text="Published briefings carrying it.")


class ParticipantCountSerializer(TermCountSerializer):
    kind = serializers.CharField()


class SourceCountSerializer(TermSerializer):
    briefings = serializers.IntegerField(help_text="Published briefings from it.")


class ChallengePageSerializer(PageSerializer):
    results = TermCountSerializer(many=True)


class ParticipantPageSerializer(PageSerializer):
    results = ParticipantCountSerializer(many=True)


class SourcePageSerializer(PageSerializer):
    results = SourceCountSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a bad query parameter: the messages, by parameter.",
    )
