"""Catalogue: the Lägesbild page."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "lagesbild.title": ("Lägesbild", "Situational picture"),
    "lagesbild.empty_period": (
        "Inga händelser i den valda perioden. Välj en annan period, eller kontrollera under Datatäckning att "
        "alla källor har rapporterat.",
        "No incidents in the chosen period. Choose another period, or check the data coverage to see that "
        "every source has reported.",
    ),
    "lagesbild.kpi.current": ("Händelser i perioden", "Incidents in period"),
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
        "Händelser med koordinater utanför alla områden i indelningen: räknade, aldrig bortkastade.",
        "Incidents with coordinates outside every area of the set: counted, never dropped.",
    ),
    "lagesbild.map_title": ("Händelser per område", "Incidents per area"),
    "lagesbild.table_title": ("Områden med flest händelser", "Areas with most incidents"),
    "lagesbild.change": ("Förändring", "Change"),
    "lagesbild.rate": ("Per 1 000 invånare", "Per 1,000 inhabitants"),
    "lagesbild.legend": (
        "Antal händelser (samma färgklasser varje vecka)",
        "Incidents (same colour classes every week)",
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
