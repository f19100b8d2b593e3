"""The Markdown table of a benchmark run (bench/run.py): each page against the baseline, and the
targets of issues 9 and 16 with the measured value beside each."""

LABELS = {
    "baseline": "baseline: bare Flask + Jinja, no database",
    "front_page": "front page (visitor not signed in, as all pages below unless said)",
    "challenge_page": "challenge page, 1,000 ideas",
    "challenge_page_signed_in": "challenge page, signed-in citizen (never from the page cache)",
    "idea_page": "idea page (most comments)",
    "idea_page_signed_in": "idea page, signed-in citizen (never from the page cache)",
    "municipality_page": "municipality page",
    "api_idea_detail": "API idea detail",
    "dashboard": "effects dashboard (admin, from the snapshot)",
    "api_idea_list": "API idea list",
}
NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


def _pages(run: dict) -> list[str]:
    base = run["pages"]["baseline"]["requests_per_s"] or 1
    lines = [
        "| page | requests/s | p50 ms | p99 ms | vs baseline | bytes | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, m in run["pages"].items():
        path = f" `{run['paths'][name]}`" if name in run["paths"] else ""
        lines.append(
            f"| {LABELS.get(name, name)}{path} | {m['requests_per_s']:,.1f} | {_ms(m['p50_ms'])} "
            f"| {_ms(m['p99_ms'])} | {m['requests_per_s'] / base:.0%} "
            f"| {m['bytes_per_response'] or 0:,} | {m['errors']} |"
        )
    return lines


def _targets(backend: str, run: dict) -> list[str]:
    pages, dash = run["pages"], run["dashboard"]
    ratio = pages["challenge_page"]["requests_per_s"] / (pages["baseline"]["requests_per_s"] or 1)
    rows = [("challenge page ≥ 50 % of the baseline's requests/s", f"{ratio:.0%}", ratio >= 0.5)]
    cold_target = "≤ 1 s" + (" (the target is for PostgreSQL)" if backend != "postgresql" else "")
    first, slowest = dash.get("first_request_of_a_worker_s"), dash.get("cold_max_s")
    shown = f"{dash['cold_s']:.2f} s"
    if slowest:
        shown += f" median of 3, slowest {slowest:.2f} s"
    if first is not None:
        shown += f" (a new worker's first request: {first:.2f} s)"
    rows.append((f"dashboard cold {cold_target}", shown, dash["cold_s"] <= 1))
    stored = dash["snapshots_after"] > dash["snapshots_before"]
    rows.append(
        (
            "dashboard afterwards from the snapshot",
            f"median {dash['warm_median_s'] * 1000:.0f} ms; the job that stores it "
            f"{dash['job_s']:.2f} s; snapshots: {dash['snapshots_before']} before, "
            f"{dash['snapshots_after']} after",
            stored and dash["warm_median_s"] < dash["cold_s"],
        )
    )
    if "export" in run:
        export = run["export"]
        rows.append(
            (
                f"supports CSV export ({export['rows']:,} rows) ≤ 150 MB peak",
                f"{export['peak_rss_mb']:.0f} MB peak RSS ({export['seconds']:.0f} s)",
                export["peak_rss_mb"] <= 150,
            )
        )
    for support in run["support"].values():
        think = (
            "no think time"
            if not support["think_seconds"]
            else (f"{support['think_seconds']:g} s between clicks on average")
        )
        rows.append(
            (
                f"support p99 ≤ 200 ms, {support['users']} users, {think}",
                f"p50 {support['p50_ms']:.0f} ms, p99 {support['p99_ms']:.0f} ms, "
                f"{support['requests_per_s']:.0f}/s, {support['errors']} errors",
                support["p99_ms"] <= 200 and not support["errors"],
            )
        )
    lines = ["| target | measured | met |", "| --- | --- | --- |"]
    lines += [f"| {t} | {value} | {'yes' if ok else '**no**'} |" for t, value, ok in rows]
    return lines


def _ratio(run: dict, name: str, pages: dict | None = None) -> float:
    base = run["pages"]["baseline"]["requests_per_s"] or 1
    return (pages or run["pages"])[name]["requests_per_s"] / base


def _issue16(backend: str, run: dict) -> list[str]:
    """Issue 16's targets: each measured page as a share of the baseline of the same run."""
    rows = []
    measured = run["pages"]
    for name in ("challenge_page_signed_in", "idea_page_signed_in"):
        if name not in measured:
            continue  # a run from before issue 16
        share = _ratio(run, name)
        rows.append((f"{LABELS[name]} ≥ 0.35 × baseline", f"{share:.2f} ×", share >= 0.35))
    embedded = run.get("embedded") or {}
    for page in embedded:
        share = _ratio(run, page, embedded)
        label = f"{LABELS[page]}, embedded default (SQLite, no Redis) ≥ 0.5 × baseline"
        rows.append((label, f"{share:.2f} ×", share >= 0.5))
    for name in ("api_idea_list", "api_idea_detail"):
        if name not in measured:
            continue
        share = _ratio(run, name)
        rows.append((f"{LABELS[name]} ≥ 0.6 × baseline", f"{share:.2f} ×", share >= 0.6))
    share = _ratio(run, "dashboard")
    rows.append(
        ("effects dashboard from the snapshot ≥ 0.5 × baseline", f"{share:.2f} ×", share >= 0.5)
    )
    dash = run["dashboard"]
    answer = dash.get("cold_answer", "figures")
    cold = f"{dash['cold_s']:.2f} s ({answer}"
    if "being computed" in answer:
        cold += f"; the job stores the figures in {dash['job_s']:.1f} s"
    rows.append(("dashboard cold (1M supports) ≤ 1 s", cold + ")", dash["cold_s"] <= 1))
    if "dashboard_principle" in run:
        cold = run["dashboard_principle"]["cold_s"]
        target = "a principle over half the city, cold, ≤ 1 s" + (
            "" if backend == "postgresql" else " (the target is for PostgreSQL)"
        )
        rows.append((target, f"{cold:.2f} s", cold <= 1))
    support = run["support"].get("no_think_time")
    if support:
        rows.append(
            (
                f"support p99 ≤ 200 ms, 32 requests always in flight, 0 errors "
                f"({run.get('support_settings', 'gunicorn.conf.py')})",
                f"p99 {support['p99_ms']:.0f} ms, {support['requests_per_s']:.0f}/s, "
                f"{support['errors']} errors",
                support["p99_ms"] <= 200 and not support["errors"],
            )
        )
    lines = ["| target (issue 16) | measured | met |", "| --- | --- | --- |"]
    lines += [f"| {t} | {value} | {'yes' if ok else '**no**'} |" for t, value, ok in rows]
    return lines


def markdown(results: dict) -> str:
    machine, settings = results["machine"], results["settings"]
    out = [
        f"# Benchmark {results['date']}",
        "",
        f"{machine['cpus']} CPUs, {machine['platform']}, Python {machine['python']}; load average "
        f"{machine['load_average_at_start'][0]} at the start and "
        f"{machine.get('load_average_at_end', ['?'])[0]} at the end (other processes share the "
        "machine: compare the ratios, not the absolute figures).",
        f"gunicorn with `gunicorn.conf.py`, {settings['workers']} sync workers, production "
        f"settings, Redis for limits and cache; wrk -t{settings['threads']} "
        f"-c{settings['connections']} -d{settings['seconds']}s on 127.0.0.1.",
    ]
    for backend, run in results["runs"].items():
        out += ["", f"## {NAMES.get(backend, backend)} ({run['version'].split(' on ')[0]})", ""]
        out += _pages(run)
        if run.get("embedded"):
            out += [
                "",
                "The embedded default (`make run`: SQLite, no Redis, pages kept in files):",
                "",
            ]
            out += _pages(
                {**run, "pages": {"baseline": run["pages"]["baseline"], **run["embedded"]}}
            )
        out += ["", "Targets (issue 16):", ""]
        out += _issue16(backend, run)
        out += ["", "Targets (issue 9):", ""]
        out += _targets(backend, run)
    return "\n".join(out) + "\n"
