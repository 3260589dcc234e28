"""The admin login `make run` prints works and shows the content as editable."""

from io import StringIO

from django.core.management import call_command

from briefings.models import BriefingPage, Challenge, Participant


def test_ensure_admin_creates_a_login_that_works_and_prints_it_again(
    seeded, client, settings, tmp_path
):
    settings.BASE_DIR = tmp_path
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    printed = out.getvalue()
    username = printed.split("user: ")[1].split()[0]
    password = printed.split("password: ")[1].split()[0]

    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert f"password: {password}" in again.getvalue()

    assert client.login(username=username, password=password)
    briefing_ids = BriefingPage.objects.values_list("pk", flat=True)
    for pk in briefing_ids:
        assert client.get(f"/admin/pages/{pk}/edit/").status_code == 200
    challenges = client.get("/admin/snippets/briefings/challenge/")
    participants = client.get("/admin/snippets/briefings/participant/")
    assert challenges.status_code == participants.status_code == 200
    for challenge in Challenge.objects.all():
        assert challenge.name in challenges.content.decode()
    some = Participant.objects.first()
    assert (
        client.get(f"/admin/snippets/briefings/participant/edit/{some.pk}/").status_code
        == 200
    )
