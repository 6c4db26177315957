"""Catalogue: the Lägesbild page."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "lagesbild.title": ("Lägesbild", "Situational picture"),
    "lagesbild.empty_period": (
        "Inga rapporter i den valda perioden. Välj en annan period, eller kontrollera under Datatäckning att "
        "alla källor har rapporterat.",
        "No reports in the chosen period. Choose another period, or check the data coverage to see that every "
        "source has reported.",
    ),
    # the headline sentence above the map (est.picture.figures_display.overview_headline)
    "lagesbild.headline.problems": ("{n} problem | {n} problem", "{n} problem | {n} problems"),
    "lagesbild.headline.reports": ("{n} rapport | {n} rapporter", "{n} report | {n} reports"),
    "lagesbild.headline.week": ("{count} vecka {week}", "{count} in week {week}"),
    "lagesbild.headline.span": ("{count} {span}", "{count} in {span}"),
    "lagesbild.headline.before_week": ("veckan före", "the week before"),
    "lagesbild.headline.before_period": ("perioden före", "the period before"),
    "lagesbild.headline.more": ("{change} fler än {before}", "{change} more than {before}"),
    "lagesbild.headline.fewer": ("{change} färre än {before}", "{change} fewer than {before}"),
    "lagesbild.headline.same": ("lika många som {before}", "as many as {before}"),
    "lagesbild.headline.no_data": ("ingen jämförelse: inga data för {before}", "no comparison: no data for {before}"),
    "lagesbild.headline.rise": (  # no-break spaces: "Odenslund 5 → 55" stays on one line
        "störst ökning {area}\u00a0{previous}\u00a0→\u00a0{count}",
        "largest increase {area}\u00a0{previous}\u00a0→\u00a0{count}",
    ),
    "lagesbild.kpi.current": ("Problem i perioden", "Problems in period"),
    "lagesbild.kpi.current_raw": ("Rapporter i perioden", "Reports in period"),
    "lagesbild.kpi.current_help": (
        "Förändring mot föregående period ({period}).",
        "Change vs previous period ({period}).",
    ),
    "lagesbild.kpi.previous": ("Föregående period", "Previous period"),
    "lagesbild.kpi.last_year": ("Samma period i fjol", "Same period last year"),
    "lagesbild.kpi.last_year_help": (
        "Perioden i fjol ({period}); förändringen visas mot den.",
        "Last year's period ({period}); the change is shown against it.",
    ),
    "lagesbild.kpi.outside": ("Utanför områden", "Outside areas"),
    "lagesbild.kpi.outside_help": (
        "Problem med koordinater utanför alla områden i indelningen: räknade, aldrig bortkastade.",
        "Problems with coordinates outside every area of the set: counted, never dropped.",
    ),
    "lagesbild.map_title": ("Problem per område", "Problems per area"),
    "lagesbild.map_title_raw": ("Rapporter per område", "Reports per area"),
    "lagesbild.table_title": ("Områden med flest problem", "Areas with most problems"),
    "lagesbild.table_title_raw": ("Områden med flest rapporter", "Areas with most reports"),
    "lagesbild.categories_title": ("Per kategori", "By category"),
    "lagesbild.change": ("Förändring", "Change"),
    "lagesbild.rate": ("Per 1 000 invånare", "Per 1,000 inhabitants"),
    "lagesbild.legend": ("Antal problem (samma färgklasser varje vecka)", "Problems (same colour classes every week)"),
    "lagesbild.legend_raw": (
        "Antal rapporter (samma färgklasser varje vecka)",
        "Reports (same colour classes every week)",
    ),
    "lagesbild.safety_expander": (
        "Upplevd och rapporterad trygghet per område",
        "Perceived and reported safety per area",
    ),
    "lagesbild.safety_value_help": (
        "Senaste värdet i trygghetsundersökningen, med året inom parentes; – betyder att värde saknas.",
        "The latest value of the safety survey, with its year in brackets; – means there is no value.",
    ),
}
