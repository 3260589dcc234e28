"""The editors' guide in the admin: for staff only, whatever its address carries."""

import pytest

GUIDE = "/admin/briefings/guide/"


def test_the_guide_needs_a_login(client, db):
    response = client.get(GUIDE)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    "query",
    [
        "%00",
        "q=%00",
        "q=" + "x" * 10_000,
        "&".join(["a=b"] * 2_000),
        "next=javascript:alert(1)",
        "page=-1&p=%ff",
        "%ff%fe=1",
        "a[]=1&a[]=2",
        "q=%3Cscript%3Ealert(1)%3C/script%3E",
    ],
)
def test_odd_query_strings_show_the_guide_as_it_is(editor_client, query):
    response = editor_client.get(f"{GUIDE}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="the-import-format"' in html
    assert "<script>alert(1)" not in html
