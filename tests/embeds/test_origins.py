"""What an administrator may put on the allowlist: an origin (https, host, optional port, no path),
written the way frame-ancestors needs it; anything else is refused with a Norwegian reason."""

import pytest

from cocreate.embeds.origins import OriginError, normalise_origin


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        ("https://www.kommune.no", "https://www.kommune.no"),
        ("  HTTPS://WWW.Kommune.NO/  ", "https://www.kommune.no"),
        ("https://www.kommune.no:443", "https://www.kommune.no"),
        ("https://intranett.kommune.no:8443", "https://intranett.kommune.no:8443"),
        ("https://www.bærum.kommune.no", "https://www.xn--brum-voa.kommune.no"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("http://127.0.0.1:5001/", "http://127.0.0.1:5001"),
        ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
    ],
)
def test_a_site_address_becomes_its_origin(app_ctx, typed, origin):
    assert normalise_origin(typed) == origin


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "Skriv adressen til nettstedet"),
        ("www.kommune.no", "må begynne med https://"),
        ("http://www.kommune.no", "Nettstedet må bruke https://"),
        ("ftp://www.kommune.no", "må begynne med https://"),
        ("https://www.kommune.no/innbyggere", "uten sti"),
        ("https://www.kommune.no/?a=1", "uten sti"),
        ("https://www.kommune.no#top", "uten sti"),
        ("https://*.kommune.no", "Stjerne"),
        ("https://ola:hemmelig@www.kommune.no", "brukernavn eller passord"),
        ("https://www.kommune.no:99999", "Portnummeret"),
        ("https://www.kommune.no:0", "Portnummeret"),
        ("https://www.kommune.no 'unsafe-inline'", "mellomrom"),
        ("https://a.no;script-src *", "semikolon"),
        ("https://kommune", "hele navnet"),
        ("https://-bad-.no", "ikke gyldig"),
        ("https://", "mangler navnet"),
        ("https://" + "a" * 300 + ".no", "for lang"),
    ],
)
def test_anything_else_is_refused_in_norwegian(app_ctx, typed, reason):
    with pytest.raises(OriginError) as refused:
        normalise_origin(typed)
    assert reason in refused.value.reason
