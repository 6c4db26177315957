"""Catalogue: the analysis pages (incident map, trends, weekday × hour, area profile) and shared analysis text."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "filter.unknown": (
        "{what}: okända värden i länken ignoreras: {values}",
        "{what}: unknown values in the link are ignored: {values}",
    ),
    "filter.all": ("Alla", "All"),
    # verdicts of the Poisson comparison with the baseline
    "analysis.verdict.higher": ("Fler än vanligt", "More than usual"),
    "analysis.verdict.lower": ("Färre än vanligt", "Fewer than usual"),
    "analysis.verdict.as_usual": ("Som vanligt", "As usual"),
    "analysis.verdict.no_baseline": ("Inget jämförelseunderlag", "No baseline"),
    "analysis.verdict": ("Bedömning", "Assessment"),
    "analysis.verdict_help": (
        "Antalet jämförs med normalnivån, snittet av perioderna före (minst 12 veckor). Ett Poissontest på "
        "5 %-nivån avgör: Fler eller Färre än vanligt bara när skillnaden är för stor för att vara slumpen.",
        "The count is compared with the baseline, the mean of the periods before (at least 12 weeks). A "
        "Poisson test at the 5% level decides: More or Fewer than usual only when the difference is too "
        "large to be chance.",
    ),
    # the same verdicts, short enough for a headline card (the card's help gives the full reasoning)
    "analysis.verdict_short.higher": ("Högre", "Higher"),
    "analysis.verdict_short.lower": ("Lägre", "Lower"),
    "analysis.verdict_short.as_usual": ("Normal", "Normal"),
    "analysis.verdict_short.no_baseline": ("–", "–"),
    # a comparison window the stored data does not cover: the card's delta (short) and its help (why)
    "analysis.no_comparison": ("Ingen jämförelse", "No comparison"),
    "analysis.no_comparison.previous": (
        "Ingen jämförelse: inga data för föregående period ({period}); den börjar före den första lagrade rapporten.",
        "No comparison: no data for the previous period ({period}); it starts before the earliest stored report.",
    ),
    "analysis.no_comparison.last_year": (
        "Ingen jämförelse: inga data för samma period i fjol ({period}); den börjar före den första lagrade rapporten.",
        "No comparison: no data for the same period last year ({period}); it starts before the earliest stored report.",
    ),
    "analysis.expected": ("Förväntat", "Expected"),
    "analysis.last_year": ("I fjol", "Last year"),
    "analysis.baseline": ("Normalnivå", "Baseline"),
    "analysis.trend_12w": ("Senaste 12 veckorna", "Last 12 weeks"),
    "analysis.unlocated": ("Utan plats", "No location"),
    "analysis.total": ("Totalt", "Total"),
    "analysis.other": ("Övriga", "Others"),
    "analysis.group": ("Grupp", "Group"),
    "analysis.no_incidents": ("Inga rapporter.", "No reports."),
    "analysis.incident_one": ("problem", "problem"),
    "analysis.incident_many": ("problem", "problems"),
    "analysis.incident_one_raw": ("rapport", "report"),
    "analysis.incident_many_raw": ("rapporter", "reports"),
    "analysis.report_many": ("rapporter", "reports"),
    "analysis.report_one": ("rapport", "report"),
    "analysis.kpi.usual": ("Mot normalnivån", "Against the baseline"),
    "analysis.kpi.usual_help": (
        "Förväntat {expected} (snittet för perioder av samma längd under {baseline}). Poissontest, "
        "p = {p}: under 0,05 räknas som en verklig förändring, annars kan det vara slumpen.",
        "Expected {expected} (the mean of periods of the same length in {baseline}). Poisson test, "
        "p = {p}: below 0.05 counts as a real change, otherwise it may be chance.",
    ),
    "analysis.kpi.outside": ("Utan område", "Without an area"),
    "analysis.kpi.outside_help": (
        "Problem utanför alla områden i indelningen, eller utan koordinater: räknade, aldrig bortkastade.",
        "Problems outside every area of the set, or without coordinates: counted, never dropped.",
    ),
    "analysis.map_mode": ("Visa på kartan", "Show on the map"),
    "analysis.map_mode.count": ("Antal problem", "Number of problems"),
    "analysis.map_mode.count_raw": ("Antal rapporter", "Number of reports"),
    "analysis.map_mode.rate": ("Per 1 000 invånare", "Per 1,000 inhabitants"),
    "analysis.map_mode.change": ("Förändring mot normalnivån", "Change against the baseline"),
    "analysis.legend.rate": (
        "Problem per 1 000 invånare och vecka (samma färgklasser varje vecka)",
        "Problems per 1,000 inhabitants and week (same colour classes every week)",
    ),
    "analysis.legend.rate_raw": (
        "Rapporter per 1 000 invånare och vecka (samma färgklasser varje vecka)",
        "Reports per 1,000 inhabitants and week (same colour classes every week)",
    ),
    "analysis.legend.change": ("Förändring mot normalnivån", "Change against the baseline"),
    "analysis.legend.not_selected": ("Ej med i urvalet", "Not in the selection"),
    "analysis.legend.scaled": (
        "– gränserna gånger {weeks} veckor; varje område med problem är färgat",
        "– bounds times {weeks} weeks; every area with problems is coloured",
    ),
    "analysis.table_alt": (
        "Tabellen har samma siffror som kartan.",
        "The table holds the same figures as the map.",
    ),
    "analysis.sparkline_help": (
        "Antal per vecka, de 12 senaste veckorna till och med periodens sista vecka.",
        "Count per week, the 12 weeks up to and including the period's last week.",
    ),
    # data coverage
    "analysis.coverage.title": ("Datatäckning", "Data coverage"),
    "analysis.coverage.intro": (
        "Vilka som har rapporterat under {window}. Inga rapporter betyder inte att inget hänt.",
        "Who reported in {window}. No reports does not mean nothing happened.",
    ),
    "analysis.coverage.last_upload": ("Senaste uppladdning", "Last upload"),
    "analysis.coverage.reports": ("Rapporter", "Reports"),
    "analysis.coverage.silent": ("Veckor utan rapporter", "Weeks without reports"),
    "analysis.coverage.never": ("aldrig", "never"),
    "analysis.coverage.none_missing": ("inga (av {weeks})", "none (of {weeks})"),
    "analysis.coverage.missing": ("{n} av {weeks}: {listed}", "{n} of {weeks}: {listed}"),
    "analysis.coverage.warning": (
        "{organisation} har inga rapporter vecka {week}: siffrorna kan vara för låga.",
        "{organisation} has no reports in week {week}: the figures may be too low.",
    ),
    # weekday × hour
    "analysis.weekday": ("Veckodag", "Weekday"),
    "analysis.hour": ("Timme", "Hour"),
    "analysis.window": (
        "{weekday} {start}–{end} i {area}: {n} {unit}",
        "{weekday} {start}–{end} in {area}: {n} {unit}",
    ),
    "analysis.tider.top": ("De fem mest belastade tidsfönstren", "The five busiest time windows"),
    "analysis.tider.alt": (
        "Flest problem {weekday} kl. {hour}: {n}. Totalt {total} problem med klockslag.",
        "Most problems on {weekday} at {hour}: {n}. {total} problems with a time in total.",
    ),
    "analysis.tider.alt_raw": (
        "Flest rapporter {weekday} kl. {hour}: {n}. Totalt {total} rapporter med klockslag.",
        "Most reports on {weekday} at {hour}: {n}. {total} reports with a time in total.",
    ),
    "analysis.tider.undated": (
        "{n} problem har bara datum (inget klockslag) och ingår inte i matrisen. | {n} problem har bara datum "
        "(inget klockslag) och ingår inte i matrisen.",
        "{n} problem has a date only (no time) and is not in the matrix. | {n} problems have a date only (no "
        "time) and are not in the matrix.",
    ),
    "analysis.tider.undated_raw": (
        "{n} rapport har bara datum (inget klockslag) och ingår inte i matrisen. | {n} rapporter har bara datum "
        "(inget klockslag) och ingår inte i matrisen.",
        "{n} report has a date only (no time) and is not in the matrix. | {n} reports have a date only (no "
        "time) and are not in the matrix.",
    ),
    "analysis.tider.matrix": ("Veckodag × timme", "Weekday × hour"),
    # trends
    "analysis.period_axis": ("Period", "Period"),
    "analysis.trender.grain": ("Indelning i tid", "Time step"),
    "analysis.trender.grain.week": ("Vecka", "Week"),
    "analysis.trender.grain.month": ("Månad", "Month"),
    "analysis.trender.by": ("Dela upp efter", "Split by"),
    "analysis.trender.by.total": ("Inget (totalt)", "Nothing (total)"),
    "analysis.trender.by.category": ("Kategori", "Category"),
    "analysis.trender.by.area": ("Område", "Area"),
    "analysis.trender.window": ("Hur långt bakåt", "How far back"),
    "analysis.trender.window_help": (
        "Hur många veckor eller månader diagrammet visar, till och med periodens sista.",
        "How many weeks or months the chart shows, up to and including the period's last.",
    ),
    "analysis.trender.weeks": ("{n} vecka | {n} veckor", "{n} week | {n} weeks"),
    "analysis.trender.months": ("{n} månad | {n} månader", "{n} month | {n} months"),
    "analysis.trender.band": (
        "Grått band: det vanliga spannet (normalnivån); streckad linje: samma tid i fjol.",
        "Grey band: the usual range (the baseline); dashed line: the same time last year.",
    ),
    "analysis.trender.band_help": (
        "Normalnivån är snittet av de 12 veckorna (eller månaderna) före; bandet är ett 95 % Poissonintervall "
        "runt den. Ett värde utanför bandet är ovanligt, ett innanför kan vara slumpen.",
        "The baseline is the mean of the 12 weeks (or months) before; the band is a 95% Poisson interval "
        "around it. A value outside the band is unusual, one inside may be chance.",
    ),
    "analysis.state": ("Underlag", "Coverage"),
    "analysis.complete.week": ("Hel vecka", "Whole week"),
    "analysis.complete.month": ("Hel månad", "Whole month"),
    "analysis.incomplete.week": ("Ofullständig vecka", "Incomplete week"),
    "analysis.incomplete.month": ("Ofullständig månad", "Incomplete month"),
    "analysis.trend_alt": ("Senaste steget ({bucket}): {figures}.", "Latest step ({bucket}): {figures}."),
    "analysis.trender.summary": ("Uppföljning per tertial och år", "Follow-up per tertial and year"),
    "analysis.trender.tertial": ("Tertial", "Tertial"),
    "analysis.trender.year": ("År", "Year"),
    "analysis.trender.running": ("(pågår)", "(running)"),
    "analysis.trender.by_category_table": ("Uppföljningen per kategori", "The follow-up per category"),
    "analysis.trender.like_for_like": (
        "{label} (pågår): {current} jämfört med samma dagar i fjol, {before}.",
        "{label} (running): {current} compared with the same days last year, {before}.",
    ),
    "analysis.show_table": ("Visa som tabell", "Show as a table"),
    # incident map
    "analysis.karta.heat": ("Värmekarta", "Heat layer"),
    "analysis.karta.points": (
        "{n} problem visas som punkt. | {n} problem visas som punkter (grupperade när du zoomar ut).",
        "{n} problem shown as a point. | {n} problems shown as points (grouped when you zoom out).",
    ),
    "analysis.karta.points_raw": (
        "{n} rapport visas som punkt. | {n} rapporter visas som punkter (grupperade när du zoomar ut).",
        "{n} report shown as a point. | {n} reports shown as points (grouped when you zoom out).",
    ),
    "analysis.karta.hexagons": (
        "{n} problem: för många för punkter, så kartan visar antal per sexhörning.",
        "{n} problems: too many for points, so the map shows counts per hexagon.",
    ),
    "analysis.karta.hexagons_raw": (
        "{n} rapporter: för många för punkter, så kartan visar antal per sexhörning.",
        "{n} reports: too many for points, so the map shows counts per hexagon.",
    ),
    "analysis.karta.unlocated": (
        "{n} problem saknar koordinater och syns inte på kartan. | {n} problem saknar koordinater och syns "
        "inte på kartan.",
        "{n} problem has no coordinates and is not on the map. | {n} problems have no coordinates and are not "
        "on the map.",
    ),
    "analysis.karta.unlocated_raw": (
        "{n} rapport saknar koordinater och syns inte på kartan. | {n} rapporter saknar koordinater och syns "
        "inte på kartan.",
        "{n} report has no coordinates and is not on the map. | {n} reports have no coordinates and are not "
        "on the map.",
    ),
    "analysis.karta.by_area": (
        "{n} problem saknar koordinater och visas som antal i sitt område. | {n} problem saknar koordinater "
        "och visas som antal per område.",
        "{n} problem has no coordinates and is shown as a count in its area. | {n} problems have no "
        "coordinates and are shown as counts per area.",
    ),
    "analysis.karta.by_area_raw": (
        "{n} rapport saknar koordinater och visas som antal i sitt område. | {n} rapporter saknar koordinater "
        "och visas som antal per område.",
        "{n} report has no coordinates and is shown as a count in its area. | {n} reports have no "
        "coordinates and are shown as counts per area.",
    ),
    "analysis.karta.unplaced": (
        "{n} problem saknar både koordinater och område i den här områdesindelningen och syns inte på kartan. "
        "| {n} problem saknar både koordinater och område i den här områdesindelningen och syns inte på "
        "kartan.",
        "{n} problem has neither coordinates nor an area in this area set and is not on the map. | {n} "
        "problems have neither coordinates nor an area in this area set and are not on the map.",
    ),
    "analysis.karta.unplaced_raw": (
        "{n} rapport saknar både koordinater och område i den här områdesindelningen och syns inte på kartan. "
        "| {n} rapporter saknar både koordinater och område i den här områdesindelningen och syns inte på "
        "kartan.",
        "{n} report has neither coordinates nor an area in this area set and is not on the map. | {n} "
        "reports have neither coordinates nor an area in this area set and are not on the map.",
    ),
    "analysis.karta.snapped": (
        "Din roll ser platser avrundade till {metres} m och ingen fritext för andra organisationers rapporter.",
        "Your role sees locations rounded to {metres} m and no free text for other organisations' reports.",
    ),
    "analysis.map.points_legend": ("Problem", "Problems"),
    "analysis.map.points_legend_raw": ("Rapporter", "Reports"),
    "analysis.map.one_report": ("ett problem", "one problem"),
    "analysis.map.one_report_raw": ("en rapport", "one report"),
    "analysis.map.cluster": ("grupp med {low}–{high}", "group of {low}–{high}"),
    "analysis.map.cluster_from": ("grupp med {n} eller fler", "group of {n} or more"),
    "analysis.map.heat_key": (
        "Värmekarta: ju rödare, desto fler problem nära varandra (jämfört inom kartan)",
        "Heat layer: the redder, the more problems close together (relative to this map)",
    ),
    "analysis.map.heat_key_raw": (
        "Värmekarta: ju rödare, desto fler rapporter nära varandra (jämfört inom kartan)",
        "Heat layer: the redder, the more reports close together (relative to this map)",
    ),
    "analysis.map.area_count_legend": (
        "Problem utan koordinater, antal per område",
        "Problems without coordinates, count per area",
    ),
    "analysis.map.area_count_legend_raw": (
        "Rapporter utan koordinater, antal per område",
        "Reports without coordinates, count per area",
    ),
    "analysis.map.area_count_item": (
        "siffra i området = problem utan koordinater",
        "number in an area = problems without coordinates",
    ),
    "analysis.map.area_count_item_raw": (
        "siffra i området = rapporter utan koordinater",
        "number in an area = reports without coordinates",
    ),
    "analysis.map.area_count_tip": (
        "{n} problem utan koordinater | {n} problem utan koordinater",
        "{n} problem without coordinates | {n} problems without coordinates",
    ),
    "analysis.map.area_count_tip_raw": (
        "{n} rapport utan koordinater | {n} rapporter utan koordinater",
        "{n} report without coordinates | {n} reports without coordinates",
    ),
    "analysis.map.area_count_column": ("Problem utan koordinater", "Problems without coordinates"),
    "analysis.map.area_count_column_raw": ("Rapporter utan koordinater", "Reports without coordinates"),
    "analysis.map.hex_legend": ("Problem per sexhörning ({metres} m bred)", "Problems per hexagon ({metres} m wide)"),
    "analysis.map.hex_legend_raw": (
        "Rapporter per sexhörning ({metres} m bred)",
        "Reports per hexagon ({metres} m wide)",
    ),
    "analysis.time": ("Tid", "Time"),
    "analysis.description": ("Beskrivning", "Description"),
    "analysis.position": ("Position", "Position"),
    "analysis.exact": ("Exakt plats", "Exact location"),
    "analysis.yes": ("ja", "yes"),
    "analysis.no": ("nej (avrundad)", "no (rounded)"),
    "analysis.hex_centre": ("Sexhörningens mitt", "Hexagon centre"),
    # area profile
    "analysis.omrade.choose": ("Område", "Area"),
    "analysis.omrade.neighbours": ("Grannområden", "Neighbouring areas"),
    "analysis.omrade.places": ("Platser med flest problem", "Places with most problems"),
    "analysis.omrade.places_raw": ("Platser med flest rapporter", "Places with most reports"),
    "analysis.omrade.place": ("Plats", "Place"),
    "analysis.omrade.near": ("nära {place}", "near {place}"),
    "analysis.omrade.no_address": ("{area}, ingen adress", "{area}, no address"),
    "analysis.omrade.categories": ("Kategorier", "Categories"),
    "analysis.omrade.trend": ("Problem per vecka", "Problems per week"),
    "analysis.omrade.times": ("När det händer", "When it happens"),
    # perceived and reported safety: survey indicators beside incident figures (est.picture.indicators)
    "analysis.safety.title": ("Upplevd och rapporterad trygghet", "Perceived and reported safety"),
    "analysis.safety.caption": (
        "Problem i perioden {period} (det som flera källor rapporterat räknas en gång) bredvid "
        "trygghetsundersökningens senaste resultat för varje område. Plats 1 är det högsta värdet bland "
        "områdena.",
        "Problems in the period {period} (what several sources reported counts once) beside the latest "
        "results of the safety survey for each area. Rank 1 is the highest value among the areas.",
    ),
    "analysis.safety.none": (
        "Indelningen har inga resultat från trygghetsundersökningar. En samordnare lägger till dem på sidan "
        "Områden → Befolkning och indikatorer → Indikatorer (CSV): en rad per område och år med kod (eller "
        "namn), år och en kolumn per fråga, t.ex. ”Otrygg utomhus kvällstid (%)”.",
        "The area set has no safety survey results. A coordinator adds them on the Areas page → Population "
        "and indicators → Indicators (CSV): one row per area and year with the code (or name), the year and "
        "one column per question, e.g. “Otrygg utomhus kvällstid (%)”.",
    ),
    "analysis.safety.measure": ("Mått", "Measure"),
    "analysis.safety.value": ("Senaste värde (år)", "Latest value (year)"),
    "analysis.safety.previous": ("Föregående undersökning (år)", "Previous survey (year)"),
    "analysis.safety.change": ("Förändring", "Change"),
    "analysis.safety.change_of": ("{indicator}: förändring", "{indicator}: change"),
    "analysis.safety.rank": ("Plats bland områdena", "Rank among the areas"),
    "analysis.safety.rank_help": (
        "1 = högst värde av områdena som har ett värde (flest problem per invånare, störst andel).",
        "1 = the highest value of the areas that have one (most problems per inhabitant, largest share).",
    ),
    "analysis.safety.rank_of": ("{position} av {of}", "{position} of {of}"),
    "analysis.safety.rate_row": (
        "Problem per 1 000 invånare ({n} i perioden)",
        "Problems per 1,000 inhabitants ({n} in the period)",
    ),
    "analysis.safety.value_help": (
        "Senaste undersökningsåret med ett värde för området; – betyder att värde saknas.",
        "The latest survey year with a value for the area; – means there is no value.",
    ),
}
