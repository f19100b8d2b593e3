"""Mail and in-app notifications show Markdown as sanitised HTML, and the e-mail's plain-text part
reads as text (no ##, ** or link syntax), read from what a real SMTP server received."""

from cocreate.database import commit
from cocreate.markup import markdown_to_text
from cocreate.notifications.outbox import send_pending
from cocreate.notifications.services import notify
from tests.factories import PASSWORD
from tests.smtp import part

MARKDOWN = """## Hva vi hørte
Mange ønsket **flere benker** og *mer lys* i parken.

- Benker ved lekeplassen
- Lys langs stien

Les [planen](https://example.no/plan).
<script>alert("x")</script><img src=x onerror=alert(1)>"""


def test_the_mail_is_multipart_with_sanitised_html_and_readable_text(real_smtp, create_user_f):
    person = create_user_f("lese@example.no")
    notify(person, kind="survey", subject="Oppsummering", text=MARKDOWN, link="/utfordringer")
    commit()
    assert send_pending().sent == 1
    [message] = real_smtp.messages
    assert message.get_content_type() == "multipart/alternative"
    text, html = part(message, "text/plain"), part(message, "text/html")
    for raw in ("##", "**", "](", "<script", "<img"):
        assert raw not in text
    assert "Hva vi hørte\n\nMange ønsket flere benker og mer lys i parken." in text
    assert "• Benker ved lekeplassen\n• Lys langs stien" in text
    assert "Les planen (https://example.no/plan)." in text
    assert "Les mer: http://127.0.0.1:5000/utfordringer" in text
    assert "<h2>Hva vi hørte</h2>" in html
    assert "<strong>flere benker</strong>" in html and "<em>mer lys</em>" in html
    assert "<li>Benker ved lekeplassen</li>" in html
    assert '<a href="https://example.no/plan"' in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert 'href="http://127.0.0.1:5000/varsler/avmeld/' in html


def test_in_app_notifications_render_markdown_safely(client, auth, create_user_f):
    person = create_user_f("app@example.no")
    notify(person, kind="survey", subject="Oppsummering", text=MARKDOWN, link="/", email=False)
    auth.login(person.email, PASSWORD)
    page = client.get("/varsler").get_data(as_text=True)
    assert "<strong>flere benker</strong>" in page
    assert "<li>Lys langs stien</li>" in page
    assert "**flere benker**" not in page and "## Hva" not in page
    assert '<script>alert("x")' not in page and "onerror" not in page


def test_plain_text_from_markdown_keeps_structure_without_marks():
    text = markdown_to_text("### Neste steg\n1. Vedtak\n2. Bygging\n\n> Sitat med `kode`")
    assert text == "Neste steg\n\n1. Vedtak\n2. Bygging\n\nSitat med kode"
