"""The API's endpoints. Each reads the read model, so that it lists exactly the
published, public briefings the site's own pages list."""

from django.db.models import OuterRef, Subquery
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ..listing import facets
from ..listing.build import question_of, results
from ..listing.filters import BriefingFilterSet
from ..listing.read_model import (
    ALL_YEARS,
    CHALLENGE,
    PARTICIPANT,
    SOURCE,
    ListedBriefing,
    ListedTerm,
    TermCount,
)
from ..models import BriefingPage
from ..models.blocks import plain_text
from . import paging
from .records import briefing_records
from .serializers import (
    BriefingDetailSerializer,
    BriefingPageSerializer,
    ChallengePageSerializer,
    ErrorSerializer,
    ParticipantPageSerializer,
    SourcePageSerializer,
)

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="A bad query parameter."),
    404: OpenApiResponse(ErrorSerializer, description="No such briefing or page."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests."),
}


def paged(request, page, *, count: int, items: list, exact: bool = True) -> dict:
    """A page of `items` as the API answers it."""
    return {
        "count": count,
        "count_is_exact": exact,
        "page": page.number,
        "page_size": page.paginator.per_page,
        "next": paging.neighbour_url(request, page, 1),
        "previous": paging.neighbour_url(request, page, -1),
        "results": items,
    }


class BriefingList(GenericAPIView):
    """Published briefings, newest first (by relevance with `q`), filtered by the
    listing's own query parameters."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = BriefingFilterSet
    serializer_class = BriefingPageSerializer

    def get_queryset(self):
        return ListedBriefing.objects.for_cards()

    @extend_schema(
        operation_id="briefings_list",
        filters=True,
        parameters=[
            *paging.PARAMETERS,
            # Empty means the default order, as a submitted form sends it.
            OpenApiParameter(
                "sort",
                str,
                enum=["", *(value for value, _label in BriefingFilterSet.SORT_CHOICES)],
                description="newest (default), oldest, or relevance (default with q).",
            ),
        ],
        responses={200: BriefingPageSerializer, **ERRORS},
    )
    def get(self, request):
        filterset = DjangoFilterBackend().get_filterset(
            request, self.get_queryset(), self
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        counts = facets.count(question_of(filterset, None), vocabularies=False)
        page = paging.page_of(request, results(filterset, count=counts.listed))
        items = briefing_records(list(page.object_list), request)
        return Response(
            paged(
                request,
                page,
                count=counts.listed,
                exact=counts.more_than is None,
                items=items,
            )
        )


class BriefingDetail(GenericAPIView):
    """One published briefing, with its body as HTML and as plain text."""

    serializer_class = BriefingDetailSerializer
    queryset = ListedBriefing.objects.none()

    @extend_schema(
        operation_id="briefings_retrieve",
        responses={200: BriefingDetailSerializer, **ERRORS},
    )
    def get(self, request, slug: str):
        page = BriefingPage.objects.live().filter(slug=slug).first()
        entry = (
            ListedBriefing.objects.for_cards().filter(page_id=page.pk).first()
            if page is not None
            else None
        )
        if entry is None:
            raise NotFound(f"There is no published briefing “{slug}”.")
        record = briefing_records([entry], request)[0]
        record["body_html"] = str(page.body.render_as_block())
        record["body_text"] = plain_text(list(page.body.raw_data))
        return Response(record)


class TermList(GenericAPIView):
    """A vocabulary's terms that published briefings carry, with how many."""

    kind = CHALLENGE
    queryset = ListedTerm.objects.none()
    pagination_class = None

    def get_queryset(self):
        carried = TermCount.objects.filter(
            kind=self.kind, term_id=OuterRef("term_id"), period=ALL_YEARS
        ).values("n")[:1]
        order = ("sort_order", "name") if self.kind == CHALLENGE else ("name",)
        return (
            ListedTerm.objects.filter(kind=self.kind)
            .annotate(briefings=Subquery(carried))
            .filter(briefings__gt=0)
            .order_by(*order, "term_id")
        )

    def get(self, request):
        # The paginator counts once, for both the page and the answer's count.
        page = paging.page_of(request, self.get_queryset())
        items = []
        for term in page.object_list:
            item = {"slug": term.slug, "name": term.name, "briefings": term.briefings}
            if self.kind != SOURCE:
                item["url"] = request.build_absolute_uri(term.get_absolute_url())
            if self.kind == PARTICIPANT:
                item["kind"] = term.participant_kind
            items.append(item)
        return Response(paged(request, page, count=page.paginator.count, items=items))


class ChallengeList(TermList):
    """The challenges that published briefings carry, in editorial order."""

    kind = CHALLENGE

    @extend_schema(
        parameters=paging.PARAMETERS,
        responses={200: ChallengePageSerializer, **ERRORS},
    )
    def get(self, request):
        return super().get(request)


class ParticipantList(TermList):
    """The participants that published briefings name, A to Z."""

    kind = PARTICIPANT

    @extend_schema(
        parameters=paging.PARAMETERS,
        responses={200: ParticipantPageSerializer, **ERRORS},
    )
    def get(self, request):
        return super().get(request)


class SourceList(TermList):
    """The sources of published briefings, A to Z."""

    kind = SOURCE

    @extend_schema(
        parameters=paging.PARAMETERS,
        responses={200: SourcePageSerializer, **ERRORS},
    )
    def get(self, request):
        return super().get(request)


@extend_schema(exclude=True)
class NoSuchEndpoint(GenericAPIView):
    """Any other address under /api/v1/: a JSON 404 naming what there is."""

    queryset = ListedTerm.objects.none()

    def get(self, request, *args, **kwargs):
        raise NotFound(
            "There is no such endpoint: see /api/v1/docs/ for the ones there are."
        )
