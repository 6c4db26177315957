"""Catalogue: meetings, area status, the action register, evaluation, reports and exports."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Meetings
    "meeting.title": ("Mötesläge", "Meeting mode"),
    "meeting.choose": ("Möte", "Meeting"),
    "meeting.none": (
        'Inga möten ännu. Skapa det första under "Nytt möte" ovan.',
        'No meetings yet. Create the first one under "New meeting" above.',
    ),
    "meeting.none_reader": (
        "Inga möten ännu. En samordnare skapar mötena; de visas här när de finns.",
        "No meetings yet. A coordinator creates the meetings; they show here once there are any.",
    ),
    "meeting.new": ("Nytt möte", "New meeting"),
    "meeting.held_on": ("Mötesdatum", "Meeting date"),
    "meeting.name": ("Rubrik", "Title"),
    "meeting.participants": ("Deltagande organisationer", "Organisations present"),
    "meeting.create": ("Skapa möte", "Create meeting"),
    "meeting.created": ("Mötet är skapat.", "The meeting was created."),
    "meeting.label": ("{date} · {title} ({state})", "{date} · {title} ({state})"),
    "meeting.state.open": ("pågår", "open"),
    "meeting.state.closed": ("stängt", "closed"),
    "meeting.since_last": ("Sedan förra mötet: {start} – {end}", "Since the last meeting: {start} – {end}"),
    "meeting.first": (
        "Första mötet: senaste {days} dagarna, {start} – {end}",
        "First meeting: the last {days} days, {start} – {end}",
    ),
    "meeting.period": ("Mötets period: {start} – {end}", "The meeting's period: {start} – {end}"),
    "meeting.frozen": (
        "Stängt möte: siffrorna är frusna som de visades {when} (data t.o.m. {as_of}).",
        "Closed meeting: the figures are frozen as shown at {when} (data up to {as_of}).",
    ),
    "meeting.live": (
        "Mötet pågår: siffrorna uppdateras automatiskt när nya rapporter kommer in (data t.o.m. {as_of}).",
        "Meeting open: the figures refresh by themselves as reports come in (data up to {as_of}).",
    ),
    "meeting.screen": ("Område {n} av {total}", "Area {n} of {total}"),
    "meeting.jump": ("Gå till område", "Go to area"),
    "meeting.overview": ("Översikt", "Overview"),
    "meeting.attention_order": (
        "Det som behöver uppmärksamhet först: röd, gul, utan status, grön; inom varje den största ökningen först.",
        "What needs attention first: red, yellow, no status, green; within each the largest increase first.",
    ),
    "meeting.prev": ("◀ Föregående", "◀ Previous"),
    "meeting.next": ("Nästa ▶", "Next ▶"),
    "meeting.keys": (
        "Tangentbord: ← och → byter område. Sidans adress i webbläsaren leder till just det här mötet och "
        "den här skärmen och kan delas.",
        "Keyboard: ← and → change area. The page's address in the browser leads to this meeting and this "
        "screen and can be shared.",
    ),
    "meeting.total": ("Problem i perioden", "Problems in the period"),
    "meeting.previous_total": ("Perioden innan", "The period before"),
    "meeting.overdue": ("Försenade åtgärder", "Overdue actions"),
    "meeting.late": ("Sena rapporter", "Late reports"),
    "meeting.late_help": (
        "Rapporter om förra mötets period ({start} – {end}) som kom in efter att mötet stängdes.",
        "Reports about the last meeting's period ({start} – {end}) that arrived after it was closed.",
    ),
    "meeting.late_area": (
        "{n} sena rapporter för förra mötets period har kommit in sedan dess.",
        "{n} late reports for the last meeting's period have arrived since.",
    ),
    "meeting.status": ("Status", "Status"),
    "meeting.reason": ("Motivering", "Reason"),
    "meeting.status.gron": ("Grön", "Green"),
    "meeting.status.gul": ("Gul", "Yellow"),
    "meeting.status.rod": ("Röd", "Red"),
    "meeting.status.none": ("Ingen status", "No status"),
    "meeting.set_status": ("Sätt status", "Set status"),
    "meeting.status_saved": ("Status sparad.", "Status saved."),
    "meeting.history": ("Statushistorik", "Status history"),
    "meeting.history_when": ("När", "When"),
    "meeting.history_by": ("Satt av", "Set by"),
    "meeting.categories": ("Vanligaste kategorier", "Most common categories"),
    "meeting.open_actions": ("Pågående och planerade åtgärder", "Planned and ongoing actions"),
    "meeting.close": ("Stäng mötet och frys underlaget", "Close the meeting and freeze the record"),
    "meeting.close_explained": (
        "När mötet stängs sparas siffror, statusar, åtgärder och kartbild precis som de visas nu. Ett stängt "
        "möte kan inte öppnas igen; rapporter som kommer in senare visas som sena rapporter vid nästa möte.",
        "Closing the meeting saves the figures, statuses, actions and map image exactly as shown now. A closed "
        "meeting cannot be reopened; reports that arrive later show as late reports at the next meeting.",
    ),
    "meeting.close_confirm": (
        "Jag vill stänga mötet: siffrorna fryses och kan inte ändras",
        "I want to close the meeting: the figures are frozen and cannot be changed",
    ),
    "meeting.free_text_help": (
        "Skriv inga personuppgifter (namn, telefonnummer, personnummer, e-post, registreringsnummer). Sådant "
        "maskeras automatiskt när det sparas.",
        "Do not write personal data (names, phone numbers, personnummer, e-mail addresses, registration "
        "numbers). It is masked automatically when saved.",
    ),
    "meeting.closed_now": (
        "Mötet är stängt. Underlaget är fryst och ändras inte av sena rapporter.",
        "The meeting is closed. Its record is frozen and late reports will not change it.",
    ),
    "meeting.map_image": ("Kartbild vid stängning", "Map image at closing"),
    "meeting.map_title": ("Karta: områdenas status", "Map: the areas' status"),
    "meeting.map_counts": ("Karta: problem per område", "Map: problems per area"),
    "meeting.new_action_for": ("Ny åtgärd för {area}", "New action for {area}"),
    "meeting.no_areas": ("Områdesindelningen har inga områden.", "The area set has no areas."),
    # Actions
    "actions.title": ("Åtgärder", "Actions"),
    "actions.new": ("Ny åtgärd", "New action"),
    "actions.type": ("Typ", "Type"),
    "actions.what": ("Vad", "What"),
    "actions.owner": ("Ansvarig organisation", "Owner organisation"),
    "actions.start_on": ("Start", "Start"),
    "actions.due_on": ("Klart senast", "Due"),
    "actions.status": ("Status", "Status"),
    "actions.place": ("Plats", "Place"),
    "actions.category": ("Kategori (valfri)", "Category (optional)"),
    "actions.focus_area": ("Fokusområde i medborgarlöftet", "Medborgarlöfte focus area"),
    "actions.in_plan": ("Ingår i kommunens åtgärdsplan", "Part of the kommun's action plan"),
    "actions.meeting": ("Beslutad vid möte", "Decided at meeting"),
    "actions.none_option": ("(ingen)", "(none)"),
    "actions.create": ("Registrera åtgärd", "Register action"),
    "actions.created": ("Åtgärden är registrerad.", "The action was registered."),
    "actions.empty": ("Inga åtgärder registrerade ännu.", "No actions registered yet."),
    "actions.follow_up": ("Uppföljning", "Follow-up"),
    "actions.choose": ("Åtgärd", "Action"),
    "actions.note": ("Uppföljningsanteckning", "Follow-up note"),
    "actions.save_follow_up": ("Spara uppföljning", "Save follow-up"),
    "actions.saved": ("Uppföljningen är sparad.", "The follow-up was saved."),
    "actions.progress": ("Framsteg per fokusområde", "Progress per focus area"),
    "actions.new_focus": ("Nytt fokusområde (t.ex. Droger, Tillgreppsbrott, Trafiksäkerhet)", "New focus area"),
    "actions.add_focus": ("Lägg till fokusområde", "Add focus area"),
    "actions.evaluation": ("Före/efter-utvärdering", "Before/after evaluation"),
    "actions.no_orgs": (
        "Det finns inga organisationer ännu; importera rapporter eller skapa demodata först.",
        "There are no organisations yet; import reports or create demo data first.",
    ),
    "actions.type.patrull": ("Polispatrull", "Police patrol"),
    "actions.type.vaktare": ("Väktare", "Security guards"),
    "actions.type.stadning": ("Städning", "Cleaning"),
    "actions.type.klottersanering": ("Klottersanering", "Graffiti removal"),
    "actions.type.belysning": ("Belysning", "Lighting"),
    "actions.type.rojning": ("Röjning av vegetation", "Vegetation clearing"),
    "actions.type.faltarbete": ("Fältarbete", "Outreach work"),
    "actions.type.nattvandring": ("Nattvandring", "Night walk"),
    "actions.type.trygghetsvandring": ("Trygghetsvandring", "Safety walk"),
    "actions.type.information": ("Information", "Information"),
    "actions.type.ovrig": ("Övrigt", "Other"),
    "actions.status.planerad": ("Planerad", "Planned"),
    "actions.status.pagar": ("Pågår", "Ongoing"),
    "actions.status.klar": ("Klar", "Done"),
    "actions.status.avbruten": ("Avbruten", "Cancelled"),
    "actions.col.focus_area": ("Fokusområde", "Focus area"),
    "actions.col.total": ("Totalt", "Total"),
    "actions.col.overdue": ("Försenade", "Overdue"),
    "actions.col.in_plan": ("I åtgärdsplanen", "In action plan"),
    "actions.col.done_share": ("Andel klara", "Share done"),
    # Evaluation
    "evaluation.too_early": (
        "För tidigt att utvärdera: efterperioden är bara {days} dagar (minst {minimum} behövs).",
        "Too early to evaluate: the after period is only {days} days (at least {minimum} are needed).",
    ),
    "evaluation.not_finished": (
        "Åtgärden är inte klar; utvärdering görs när den är markerad som klar.",
        "The action is not finished; it is evaluated once it is marked done.",
    ),
    "evaluation.small": (
        "För få problem för att dra slutsatser: {before} före och {after} efter i området. Siffrorna visas "
        "men skillnaden kan vara slump.",
        "Too few problems to draw conclusions: {before} before and {after} after in the area. The figures are "
        "shown, but the difference may be chance.",
    ),
    "evaluation.chance": (
        "I området {area_change} ({before} → {after}), i övriga kommunen {control_change}. Skillnaden mot "
        "övriga kommunen är inte större än vad slumpen kan ge.",
        "In the area {area_change} ({before} → {after}), in the rest of the kommun {control_change}. The "
        "difference from the rest of the kommun is no larger than chance could give.",
    ),
    "evaluation.clear": (
        "I området {area_change} ({before} → {after}), i övriga kommunen {control_change}. Skillnaden mot "
        "övriga kommunen är tydlig, men visar ett samband, inte att åtgärden var orsaken.",
        "In the area {area_change} ({before} → {after}), in the rest of the kommun {control_change}. The "
        "difference from the rest of the kommun is clear, but it shows an association, not that the action "
        "caused it.",
    ),
    "evaluation.fell": ("minskade antalet med {pct}", "incidents fell by {pct}"),
    "evaluation.rose": ("ökade antalet med {pct}", "incidents rose by {pct}"),
    "evaluation.same": ("var antalet oförändrat", "incidents were unchanged"),
    "evaluation.from_zero": ("gick antalet från 0 till {n}", "incidents went from 0 to {n}"),
    # Reports
    "report.title": ("Rapporter och export", "Reports and exports"),
    "report.meeting_pdf": ("Mötesrapport (PDF)", "Meeting report (PDF)"),
    "report.weekly_pdf": ("Veckans lägesbild (PDF)", "Weekly situational picture (PDF)"),
    "report.printable": ("Utskriftsvänlig sammanfattning", "Printable summary"),
    "report.stated": (
        "Mötesdatum {date} · Period: {start} – {end} · Områdesindelning: {area_set} · "
        "Kategorier: {categories} · Källor: {sources} · Data t.o.m. {as_of}",
        "Meeting date {date} · Period: {start} – {end} · Area set: {area_set} · Categories: {categories} "
        "· Sources: {sources} · Data up to {as_of}",
    ),
    "report.stated_picture": (
        "Period: {start} – {end} · Områdesindelning: {area_set} · Kategorier: {categories} · Källor: {sources} "
        "· Data t.o.m. {as_of} · Skapad {made}",
        "Period: {start} – {end} · Area set: {area_set} · Categories: {categories} · Sources: {sources} "
        "· Data up to {as_of} · Made {made}",
    ),
    "report.all": ("alla", "all"),
    "report.meeting_heading": ("EST-möte {date}: {title}", "EST meeting {date}: {title}"),
    "report.weekly_heading": ("EST Lägesbild {start} – {end}", "EST situational picture {start} – {end}"),
    "report.footer": ("Skapad {made} · {state}", "Made {made} · {state}"),
    "report.frozen": ("fryst mötesunderlag", "frozen meeting record"),
    "report.live": ("aktuella siffror", "current figures"),
    "report.summary": ("Sammanfattning", "Summary"),
    "report.totals": (
        "{total} problem i perioden (perioden innan: {previous}, förändring {change}); {outside} utanför områden.",
        "{total} problems in the period (the period before: {previous}, change {change}); {outside} outside areas.",
    ),
    "report.participants": ("Deltagare: {names}", "Present: {names}"),
    "report.suppressed": (
        "För spridning utanför EST-gruppen: antal under {n} visas som <{n}; fritext och rapporter per organisation "
        "är borttagna.",
        "For use outside the EST group: counts below {n} are shown as <{n}; free text and reports per organisation "
        "are left out.",
    ),
    "report.evaluation_hidden": (
        "Uppföljningen bygger på färre än {n} problem i området och redovisas inte i siffror utanför EST-gruppen.",
        "The follow-up rests on fewer than {n} problems in the area and is not given in figures outside the EST group.",
    ),
    "report.outside_group": ("För spridning utanför EST-gruppen", "For use outside the EST group"),
    "report.outside_group_help": (
        "PDF:erna döljer antal under {n} (inställningen small_count_threshold) och utelämnar motiveringar och "
        "rapporter per organisation.",
        "The PDFs hide counts below {n} (the small_count_threshold setting) and leave out reasons and reports per "
        "organisation.",
    ),
    "report.outside_group_forced": (
        "Din roll får bara rapporter för spridning utanför EST-gruppen: antal under {n} döljs.",
        "Your role gets reports for use outside the EST group only: counts below {n} are hidden.",
    ),
    "report.late": (
        "Sena rapporter för förra mötets period ({start} – {end}): {n}",
        "Late reports for the last meeting's period ({start} – {end}): {n}",
    ),
    "report.overdue_count": ("Försenade åtgärder: {n}", "Overdue actions: {n}"),
    "report.legend": ("Problem", "Problems"),
    "report.trend_title": ("Problem per vecka", "Problems per week"),
    "report.hours_title": ("Veckodag och timme i perioden", "Weekday and hour in the period"),
    "report.week_start": ("Vecka (måndag)", "Week (Monday)"),
    "report.incomplete_week": (
        "Veckan som börjar {week} är ofullständig: rapporterna till och med {made} är med, resten av veckan inte.",
        "The week starting {week} is incomplete: reports up to {made} are in, the rest of the week is not.",
    ),
    "report.hour": ("Timme", "Hour"),
    "report.areas_title": ("Områden och status", "Areas and status"),
    "report.change": ("Förändring", "Change"),
    "report.overdue_title": ("Försenade åtgärder", "Overdue actions"),
    "report.none": ("Inga.", "None."),
    "report.coverage_title": ("Datatäckning", "Data coverage"),
    "report.coverage_help": (
        "Rapporter per organisation i perioden. 0 rapporter betyder inte att inget hände.",
        "Reports per organisation in the period. 0 reports does not mean nothing happened.",
    ),
    "report.organisation": ("Organisation", "Organisation"),
    "report.reports": ("Rapporter", "Reports"),
    "report.latest": ("Senaste rapport", "Latest report"),
    "report.category": ("Kategori", "Category"),
    "report.owner": ("Ansvarig", "Owner"),
    "report.quiet_areas": (
        "{n} områden utan problem, status, åtgärder eller sena rapporter visas inte.",
        "{n} areas without problems, status, actions or late reports are not listed.",
    ),
    "report.area_count": ("Problem: {count} (perioden innan: {previous})", "Problems: {count} (before: {previous})"),
    "report.area_status": ("Status: {status}", "Status: {status}"),
    "report.area_reason": ("Motivering: {reason}", "Reason: {reason}"),
    "report.area_late": ("Sena rapporter för förra perioden: {n}", "Late reports for the last period: {n}"),
    "report.open_actions": ("Planerade och pågående åtgärder", "Planned and ongoing actions"),
    "report.actions_pdf": ("Åtgärder och utfall för perioden (PDF)", "Actions and outcomes for the period (PDF)"),
    "report.actions_heading": ("Åtgärder och utfall {start} – {end}", "Actions and outcomes {start} – {end}"),
    "report.actions_stated": (
        "Period {start} – {end} · Alla områdesindelningar · Försenat och utvärdering per {today} · Underlag till "
        "lägesbild och åtgärdsplan enligt lag (2023:196)",
        "Period {start} – {end} · All area sets · Overdue and evaluation as of {today} · Basis for the "
        "situational picture and action plan under lag (2023:196)",
    ),
    "report.actions_list": ("Åtgärder i perioden", "Actions in the period"),
    # Exports
    "export.title": ("Export av filtrerad vy", "Export of the filtered view"),
    "export.help": (
        "Exporten innehåller exakt raderna i tabellen nedan (samma filter). Celler som börjar med = + - @ "
        "skyddas så att Excel inte kör dem som formler.",
        "The export holds exactly the rows of the table below (same filter). Cells starting with = + - @ are "
        "neutralised so that Excel does not run them as formulas.",
    ),
    "export.csv": ("Ladda ner CSV", "Download CSV"),
    "export.xlsx": ("Ladda ner Excel", "Download Excel"),
    "export.rows": ("{n} rad | {n} rader", "{n} row | {n} rows"),
    # the exported columns (est.meeting.exports.export_table) and the Excel sheets
    "export.col.id": ("Id", "Id"),
    "export.col.time": ("Tid", "Time"),
    "export.col.category": ("Kategori", "Category"),
    "export.col.source": ("Källa", "Source"),
    "export.col.organisation": ("Organisation", "Organisation"),
    "export.col.area": ("Område", "Area"),
    "export.col.place": ("Plats", "Place"),
    "export.col.description": ("Beskrivning", "Description"),
    "export.col.lat": ("Latitud", "Latitude"),
    "export.col.lon": ("Longitud", "Longitude"),
    "export.col.count": ("Antal", "Count"),
    "export.col.precise": ("Exakt plats", "Exact location"),
    "export.yes": ("ja", "yes"),
    "export.no": ("nej", "no"),
    "export.code.category": ("Kategori", "Category"),
    "export.code.source": ("Källa", "Source"),
    "export.code.area": ("Område", "Area"),
    "export.code.category_column": ("Kategorikod", "Category code"),
    "export.code.source_column": ("Källkod", "Source code"),
    "export.code.area_column": ("Områdeskod", "Area code"),
    "export.codes.sheet": ("Koder", "Codes"),
    "export.codes.what": ("Vad", "What"),
    "export.codes.code": ("Kod", "Code"),
    "export.codes.name": ("Namn", "Name"),
    "export.sheet": ("Problem {span}", "Problems {span}"),
    "export.sheet_raw": ("Rapporter {span}", "Reports {span}"),
}
