"""`studybuddy stats` as plain text, with the calendar drawn in Unicode blocks."""

from __future__ import annotations

from studybuddy.humanize import duration, plural
from studybuddy.stats.calendar import day_at, level
from studybuddy.stats.figures import Figures, Retention
from studybuddy.stats.memory import MemoryModelFigures
from studybuddy.srs.optimizer import Optimization

SHADES = " ░▒▓█"
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
BARS = " ▁▂▃▄▅▆▇█"


def heatmap_lines(figures: Figures, weeks: int = 12) -> list[str]:
    peak = max(figures.calendar.values(), default=0)
    lines = []
    for weekday in range(7):
        cells = []
        for week in range(weeks):
            d = day_at(figures.today, weeks, week, weekday)
            if d is None:
                cells.append(" ")
            elif d == figures.today:
                cells.append("◆" if figures.calendar.get(d, 0) else "◇")
            else:
                cells.append(SHADES[level(figures.calendar.get(d, 0), peak)])
        lines.append(f"  {WEEKDAYS[weekday]} {''.join(cells)}")
    lines.append(f"      less {''.join(SHADES[1:])} more   ◆ today   busiest day {peak}")
    return lines


def _retention(r: Retention, desired: float) -> str:
    if r.rate is None:
        return "no reviews yet"
    return f"{r.rate:.1%} of {r.total} (target {desired:.0%})"


def sparkline(values: list[int] | list[float], peak: float | None = None) -> str:
    """One block per value, scaled to `peak` (default: the largest), so lines drawn with
    one peak can be compared."""
    peak = max(values, default=0) if peak is None else peak
    if not peak:
        return "·" * len(values)
    return "".join(BARS[0 if v == 0 else max(1, round(v * 8 / peak))] for v in values)


def render(figures: Figures) -> str:
    out: list[str] = []
    checklist = figures.checklist
    out.append(f"Roadmap: {checklist.finished}/{checklist.total} finished ({checklist.fraction:.0%})")
    for guide in figures.roadmap:
        p = guide.progress
        out.append(
            f"  {guide.title}: {p.finished}/{p.total} "
            f"(done {p.done}, in progress {p.in_progress}, skipped {p.skipped}, todo {p.todo})"
        )
    if figures.next_up:
        out.append("Next up:")
        out.extend(f"  - {item.title} ({section.title})" for section, item in figures.next_up)
    s = figures.states
    out.append("")
    out.append(
        f"Cards: {s['total']} ({s['new']} new, {s['learning']} learning, {s['review']} review "
        f"[{s['young']} young, {s['mature']} mature], {s['relearning']} relearning); {figures.due_now} due now"
    )
    if not figures.has_reviews:
        out.append("No reviews yet. Start with `studybuddy review` (or press r in the app).")
        return "\n".join(out)
    if figures.average_retrievability is not None:
        out.append(f"You know right now: {figures.average_retrievability:.1%} of reviewed cards (average retrievability)")
    out.append(f"Reviews: {figures.reviews_today} today, {figures.reviews_total} in all")
    out.append(f"Streak: {plural(figures.streak_current, 'day')} (longest {figures.streak_longest})")
    out.append(
        f"Time: {duration(figures.time_today_ms)} today, {duration(figures.time_week_ms)} this week, "
        f"{duration(figures.time_total_ms)} in all"
    )
    out.append(f"True retention, last 30 days: young {_retention(figures.retention_young, figures.desired_retention)}; "
               f"mature {_retention(figures.retention_mature, figures.desired_retention)}")
    out.append(f"Due in the next 30 days (today first, overdue included): {sum(figures.forecast)}")
    out.append(f"  {sparkline(figures.forecast)}  today {figures.forecast[0]}")
    out.append("Last 12 weeks:")
    out.extend(heatmap_lines(figures))
    if figures.memory_model is not None:
        out.extend(memory_model_lines(figures.memory_model))
    return "\n".join(out)


def memory_model_lines(m: MemoryModelFigures) -> list[str]:
    lines = [f"Memory model: {m.label}"]
    if m.recent is not None:
        count, fit = m.recent
        lines.append(f"  log loss {fit.log_loss:.3f}, RMSE(bins) {fit.rmse_bins:.1%} on your last {count} reviews of earlier cards")
    lines.append("  Simulated reviews a day over the next year, two weeks a block:")
    lines.extend(f"  {line}" for line in workload_lines(m))
    return lines


def workload_lines(m: MemoryModelFigures) -> list[str]:
    """The year's simulated workload at the current and the suggested retention, one block
    per two weeks, on one scale."""
    now, best = m.suggestion.current, m.suggestion.suggested
    periods = [m.suggestion.by_period(now), m.suggestion.by_period(best)]
    peak = max(max(p, default=0) for p in periods)
    return [
        f"{label} {w.retention:.2f} {w.average:>4.0f}/day ▕{sparkline(line, peak)}▏"
        for label, w, line in (("now      ", now, periods[0]), ("suggested", best, periods[1]))
    ]


def optimization_table(result: Optimization) -> list[str]:
    """The default, in-use and fitted parameters' scores side by side (CLI and app alike)."""
    in_use = "In use (default)" if result.in_use_is_default else "In use (fitted)"
    rows = [f"{'':17}{'log loss':>9}{'RMSE(bins)':>12}"]
    for label, fit in (("Default", result.default), (in_use, result.in_use), ("Fitted", result.fitted)):
        rows.append(f"{label:17}{fit.log_loss:9.4f}{fit.rmse_bins:12.2%}")
    return rows
