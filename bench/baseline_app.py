"""The benchmark's baseline: a bare Flask app rendering a page like the challenge page (layout,
header, a filter form, 20 idea cards with their stage steps; about the same HTML size) from data
in memory: no database, no sessions, no extensions. `gunicorn bench.baseline_app:app`.

The ratio of a Samskap page's requests/s to this one's tells what the database, the extensions
and the sections cost on the same machine, in the same run.
"""

import random

from flask import Flask, render_template
from jinja2 import DictLoader

STAGES = ["Hørt", "Vurdert", "Besluttet", "Utprøves", "Gjort", "Skalert"]
WORDS = [
    *("sykkel", "buss", "park", "benk", "lys", "skole", "bibliotek", "trær", "gangfelt"),
    *("lekeplass", "fortau", "torg", "havn", "brygge", "kultur", "idrett", "eldre", "ungdom"),
    *("bydel", "sentrum", "grønn", "trygg", "solcelle", "lading", "deling", "møteplass"),
]
DISTRICTS = ["Sentrum", "Nord", "Sør", "Øst", "Vest", "Havna", "Åsen", "Dalen", "Bakken", "Lia"]

LAYOUT = """<!doctype html>
<html lang="nb">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% block title %}{% endblock %} – Samskap</title>
  <link rel="stylesheet" href="/static/css/samskap.css">
</head>
<body>
  <a class="skip-link" href="#main">Hopp til hovedinnholdet</a>
  <header class="site-header"><div class="wrap header-inner">
    <a class="brand" href="/"><span class="brand-name">Samskap</span>
      <span class="brand-tagline">Fra hørt til gjort</span></a>
    <nav class="main-nav" aria-label="Hovedmeny"><ul>
      {% for href, text in nav %}<li><a href="{{ href }}">{{ text }}</a></li>{% endfor %}
    </ul></nav>
  </div></header>
  <main id="main" class="wrap" tabindex="-1">{% block content %}{% endblock %}</main>
  <footer class="site-footer"><div class="wrap footer-inner">
    <p>Samskap – fra hørt til gjort.</p>
    <ul class="footer-links">{% for href, text in nav %}<li><a href="{{ href }}">{{ text }}</a></li>
    {% endfor %}</ul>
  </div></footer>
</body>
</html>"""

PAGE = """{% extends "layout.html" %}
{% macro stage_steps(position) %}
<div class="idea-stage">
  <p class="stage-text"><span class="visually-hidden">Status:</span>
    <strong>{{ stages[position] }}</strong>
    <span class="muted">steg {{ position + 1 }} av {{ stages|length }}</span></p>
  <ol class="stage-steps" aria-hidden="true">
  {% for stage in stages %}
    <li class="{{ 'stage-done' if loop.index0 < position else 'stage-current'
      if loop.index0 == position else 'stage-todo' }}" title="{{ stage }}">
      {{ '○' if loop.index0 > position else '●' }}</li>
  {% endfor %}
  </ol>
</div>
{% endmacro %}
{% macro select(name, label, options) %}
<div class="field"><label for="{{ name }}">{{ label }}</label>
  <select id="{{ name }}" name="{{ name }}"><option value="">Alle</option>
  {% for value, text in options %}<option value="{{ value }}">{{ text }}</option>{% endfor %}
  </select></div>
{% endmacro %}
{% block title %}{{ challenge.title }}{% endblock %}
{% block content %}
<article class="challenge">
  <header><h1>{{ challenge.title }}</h1>
    <p><span class="badge phase-open">Åpen for innspill</span></p></header>
  <div class="prose"><p>{{ challenge.description }}</p></div>
</article>
<section class="stage-counts"><h2>Hvor langt har innspillene kommet?</h2>
  <table class="stage-count-table"><tbody>
  {% for stage, count in counts %}
    <tr><th scope="row"><span class="badge stage-badge">{{ stage }}</span></th>
      <td>{{ count }}</td></tr>
  {% endfor %}
  </tbody></table>
</section>
<section class="idea-list" id="innspill"><h2>Innspill <span class="muted">({{ total }})</span></h2>
  <form method="get" class="filters" role="search" aria-label="Søk og filtrer innspill">
    <div class="field"><label for="q">Søk i innspillene</label>
      <input id="q" name="q" type="search" value=""></div>
    {{ select("steg", "Status", stage_options) }}
    {{ select("bydel", "Bydel", district_options) }}
    {{ select("sort", "Sorter", sort_options) }}
    <div class="actions"><button type="submit">Vis</button></div>
  </form>
  <ul class="card-list">
  {% for idea in ideas %}
    <li class="card idea-card" id="innspill-{{ idea.id }}">
      <h3><a href="/k/storby/innspill/{{ idea.id }}">{{ idea.title }}</a></h3>
      {{ stage_steps(idea.position) }}
      <ul class="idea-counts"><li>{{ idea.supports }} støtter</li>
        <li>{{ idea.comments }} kommentarer</li></ul>
      <p class="tag-list"><span class="badge">{{ idea.district }}</span></p>
    </li>
  {% endfor %}
  </ul>
  <nav class="pagination" aria-label="Sider"><ul>
  {% for page in range(1, 11) %}<li><a href="?side={{ page }}">{{ page }}</a></li>{% endfor %}
  </ul></nav>
</section>
{% endblock %}"""


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def _data() -> dict:
    rng = random.Random(1)
    ideas = [
        {
            "id": i,
            "title": _sentence(rng, 6),
            "position": rng.randrange(len(STAGES)),
            "supports": rng.randrange(60),
            "comments": rng.randrange(8),
            "district": rng.choice(DISTRICTS),
        }
        for i in range(1, 1001)
    ]
    return {
        "challenge": {
            "title": "Utfordring 1: " + _sentence(rng, 5),
            "description": _sentence(rng, 40),
        },
        "ideas": ideas,
        "stages": STAGES,
        "counts": [(stage, rng.randrange(500)) for stage in STAGES],
        "stage_options": [(s.lower(), s) for s in STAGES],
        "district_options": [(i, d) for i, d in enumerate(DISTRICTS)],
        "sort_options": [("tilfeldig", "Tilfeldig"), ("nyeste", "Nyeste først")],
        "nav": [("/", "Forsiden"), ("/om-veikartet", "Om veikartet"), ("/logg-inn", "Logg inn")],
    }


app = Flask(__name__)
app.jinja_loader = DictLoader({"layout.html": LAYOUT, "page.html": PAGE})
DATA = _data()


@app.route("/")
def page():
    """20 of the 1,000 ideas in a random order, as the challenge page shows them."""
    ideas = random.sample(DATA["ideas"], 20)
    return render_template("page.html", total=len(DATA["ideas"]), **{**DATA, "ideas": ideas})
