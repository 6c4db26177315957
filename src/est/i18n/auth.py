"""Catalogue: login, accounts, users, audit log, privacy page and retention."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # login
    "auth.login_title": ("Logga in", "Log in"),
    "auth.login_intro": (
        "EST Lägesbild innehåller uppgifter om platser där brott och ordningsstörningar inträffat. "
        "Logga in för att se lägesbilden.",
        "EST Lägesbild holds information about places where crime and disorder occurred. Log in to see the picture.",
    ),
    "auth.sso_button": ("Logga in med kommunens konto", "Log in with the municipality account"),
    "auth.sso_button_named": ("Logga in med {provider}", "Log in with {provider}"),
    "auth.local_heading": ("Lokalt konto", "Local account"),
    "auth.user_name": ("Användarnamn", "User name"),
    "auth.password": ("Lösenord", "Password"),
    "auth.submit": ("Logga in", "Log in"),
    "auth.bad_credentials": ("Fel användarnamn eller lösenord.", "Wrong user name or password."),
    "auth.locked": (
        "Kontot är spärrat efter för många misslyckade försök, till {until}. Försök igen senare eller be en "
        "administratör återställa lösenordet.",
        "The account is locked after too many failed attempts, until {until}. Try again later or ask an "
        "administrator to reset the password.",
    ),
    "auth.disabled": (
        "Kontot är avstängt. Kontakta en administratör.",
        "The account is disabled. Contact an administrator.",
    ),
    "auth.must_change": (
        "Första inloggningen: välj ett eget lösenord (minst {min} tecken) innan du fortsätter.",
        "First login: choose your own password (at least {min} characters) before you continue.",
    ),
    "auth.current_password": ("Nuvarande lösenord", "Current password"),
    "auth.new_password": ("Nytt lösenord", "New password"),
    "auth.repeat_password": ("Upprepa nytt lösenord", "Repeat new password"),
    "auth.change_submit": ("Byt lösenord", "Change password"),
    "auth.mismatch": ("De två nya lösenorden skiljer sig åt.", "The two new passwords differ."),
    "auth.changed": ("Lösenordet är bytt.", "The password has been changed."),
    "auth.no_access": (
        "Du är inloggad som {email}, men har ingen behörighet i EST Lägesbild. Be en administratör lägga till "
        "dig med en roll (est users add {email} --role … --sso).",
        "You are logged in as {email}, but have no access to EST Lägesbild. Ask an administrator to add you "
        "with a role (est users add {email} --role … --sso).",
    ),
    "auth.no_email": (
        "Identitetsleverantören skickade ingen verifierad e-postadress; utan den kan du inte kopplas till en roll.",
        "The identity provider sent no verified e-mail address; without it you cannot be matched to a role.",
    ),
    "auth.sso_not_configured": (
        "Det finns bara SSO-användare men ingen OpenID Connect-inställning ([auth] i .streamlit/secrets.toml). "
        "Lägg till den, eller skapa ett lokalt konto: est users add NAMN --role admin",
        "There are only SSO users but no OpenID Connect settings ([auth] in .streamlit/secrets.toml). "
        "Add them, or create a local account: est users add NAME --role admin",
    ),
    "auth.logout": ("Logga ut", "Log out"),
    "auth.signed_in_as": ("Inloggad som {user} ({role})", "Logged in as {user} ({role})"),
    "auth.exposed": (
        "Ingen inloggning är konfigurerad, så appen får bara nås från den här datorn (server.address = "
        "127.0.0.1), men den är startad på adressen '{address}'. Konfigurera inloggning först (OpenID Connect "
        "i .streamlit/secrets.toml eller ett lokalt konto: est users add NAMN --role admin), eller starta med "
        "--server.address 127.0.0.1.",
        "No login is configured, so the app may only be reached from this computer (server.address = "
        "127.0.0.1), but it was started on the address '{address}'. Configure login first (OpenID Connect in "
        ".streamlit/secrets.toml or a local account: est users add NAME --role admin), or start it with "
        "--server.address 127.0.0.1.",
    ),
    "auth.not_logged_in": ("Du är inte inloggad.", "You are not logged in."),
    # roles
    "role.lasare": ("Läsare", "Reader"),
    "role.rapportor": ("Rapportör", "Reporter"),
    "role.polis": ("Polis", "Police"),
    "role.samordnare": ("Samordnare", "Coordinator"),
    "role.admin": ("Administratör", "Administrator"),
    # permissions (est.access.auth.Permission values), as the account page lists them
    "permission.view_picture": ("Se lägesbilden (aggregerad per område)", "See the situational picture (per area)"),
    "permission.view_exact_all": (
        "Se exakta platser och fritext för alla organisationer",
        "See exact locations and free text of every organisation",
    ),
    "permission.view_exact_own": (
        "Se exakta platser och fritext för den egna organisationen",
        "See exact locations and free text of your own organisation",
    ),
    "permission.import": (
        "Importera och rapportera för den egna organisationen",
        "Import and report for your own organisation",
    ),
    "permission.import_any_org": ("Importera för alla organisationer", "Import for any organisation"),
    "permission.manage_areas": ("Hantera områden", "Manage areas"),
    "permission.manage_categories": ("Hantera kategorier", "Manage categories"),
    "permission.manage_meetings": ("Hantera möten och åtgärder", "Manage meetings and actions"),
    "permission.export": ("Exportera enskilda rapporter", "Export single reports"),
    "permission.view_hotspots": (
        "Se heta rutor (cirka 200 m) och patrullplan per plats",
        "See hot cells (about 200 m) and the patrol plan by place",
    ),
    "permission.export_aggregate": ("Exportera antal per område och vecka", "Export counts per area and week"),
    "permission.manage_sources": (
        "Hantera källor (polisens händelser, dubbletter)",
        "Manage sources (police events, duplicates)",
    ),
    "permission.manage_users": ("Hantera användare", "Manage users"),
    "permission.view_audit": ("Läsa granskningsloggen", "Read the audit log"),
    "permission.manage_settings": ("Ändra inställningar", "Change settings"),
    # account page
    "account.title": ("Konto", "Account"),
    "account.user": ("Användare", "User"),
    "account.role": ("Roll", "Role"),
    "account.organisation": ("Organisation", "Organisation"),
    "account.none": ("–", "–"),
    "account.method_sso": ("Inloggad via kommunens konto (SSO).", "Logged in with the municipality account (SSO)."),
    "account.method_local": ("Lokalt konto.", "Local account."),
    "account.method_none": (
        "Lokal enanvändarinstallation: ingen inloggning är konfigurerad.",
        "Local single-user install: no login is configured.",
    ),
    "account.change_heading": ("Byt lösenord", "Change password"),
    "account.may": ("Din roll får", "Your role may"),
    # users page
    "users.title": ("Användare", "Users"),
    "users.intro": (
        "Användare med roll och organisation. SSO-användare matchas på e-postadress; den som loggar in via SSO "
        "utan att finnas här får ingen åtkomst.",
        "Users with a role and an organisation. SSO users are matched by e-mail; anyone who logs in through "
        "SSO without being listed here gets no access.",
    ),
    "users.none": (
        "Inga användare ännu: appen körs som lokal enanvändarinstallation. Lägg till en administratör för att slå "
        "på inloggningen.",
        "No users yet: the app runs as a local single-user install. Add an administrator to turn login on.",
    ),
    "users.add_heading": ("Lägg till användare", "Add a user"),
    "users.user_name": ("Användarnamn eller e-post (SSO)", "User name or e-mail (SSO)"),
    "users.display_name": ("Visningsnamn", "Display name"),
    "users.role": ("Roll", "Role"),
    "users.organisation": ("Organisation", "Organisation"),
    "users.no_organisation": ("(ingen)", "(none)"),
    "users.sso": ("Loggar in via SSO (ingen lokal lösenord)", "Logs in through SSO (no local password)"),
    "users.add_submit": ("Lägg till", "Add"),
    "users.added": ("Användaren {user} är tillagd.", "The user {user} has been added."),
    "users.one_time": (
        "Engångslösenord för {user}: {password} — lämna över det säkert; det visas bara nu och måste bytas vid "
        "första inloggningen.",
        "One-time password for {user}: {password} — hand it over safely; it is shown only now and must be "
        "changed at first login.",
    ),
    "users.change_heading": ("Ändra användare", "Change a user"),
    "users.pick": ("Användare", "User"),
    "users.set_role": ("Spara roll", "Save role"),
    "users.disable": ("Stäng av", "Disable"),
    "users.enable": ("Aktivera", "Enable"),
    "users.reset": ("Nytt engångslösenord", "New one-time password"),
    "users.saved": ("Sparat.", "Saved."),
    "users.col.user": ("Användare", "User"),
    "users.col.name": ("Namn", "Name"),
    "users.col.role": ("Roll", "Role"),
    "users.col.organisation": ("Organisation", "Organisation"),
    "users.col.login": ("Inloggning", "Login"),
    "users.col.status": ("Status", "Status"),
    "users.col.last_login": ("Senast inloggad", "Last login"),
    "users.status.active": ("aktiv", "active"),
    "users.status.disabled": ("avstängd", "disabled"),
    "users.status.locked": ("spärrad", "locked"),
    "users.status.must_change": ("måste byta lösenord", "must change password"),
    # audit page
    "audit.title": ("Granskningslogg", "Audit log"),
    "audit.intro": (
        "Inloggningar, importer, ångringar, ändringar, exporter och inställningar: vem, när, vad och hur många rader. "
        "Loggen kan bara läggas till, aldrig ändras.",
        "Logins, imports, undos, edits, exports and settings: who, when, what and how many rows. The log is "
        "append-only.",
    ),
    "audit.action": ("Händelsetyp", "Action"),
    "audit.all": ("Alla", "All"),
    "audit.actor": ("Användare innehåller", "User contains"),
    "audit.empty": ("Inga poster.", "No entries."),
    "audit.col.when": ("När", "When"),
    "audit.col.actor": ("Vem", "Who"),
    "audit.col.action": ("Vad", "What"),
    "audit.col.target": ("Objekt", "Target"),
    "audit.col.rows": ("Rader", "Rows"),
    "audit.col.detail": ("Detaljer", "Details"),
    # audit actions (the ``action`` codes that est.access.audit.record is given)
    "audit.action.address_register_import": ("Adressregister importerat", "Address register imported"),
    "audit.action.login": ("Inloggning", "Login"),
    "audit.action.login_failed": ("Misslyckad inloggning", "Failed login"),
    "audit.action.login_denied": ("Nekad inloggning", "Login denied"),
    "audit.action.lockout": ("Konto spärrat", "Account locked"),
    "audit.action.logout": ("Utloggning", "Logout"),
    "audit.action.password_change": ("Bytt lösenord", "Password changed"),
    "audit.action.password_reset": ("Nytt engångslösenord", "One-time password issued"),
    "audit.action.user_add": ("Ny användare", "User added"),
    "audit.action.user_role": ("Ändrad roll", "Role changed"),
    "audit.action.user_enable": ("Användare aktiverad", "User enabled"),
    "audit.action.user_disable": ("Användare avstängd", "User disabled"),
    "audit.action.import": ("Import", "Import"),
    "audit.action.undo": ("Ångrad import", "Import undone"),
    "audit.action.edit": ("Ändring", "Edit"),
    "audit.action.export": ("Export", "Export"),
    "audit.action.setting": ("Inställning", "Setting"),
    "audit.action.areas": ("Områden", "Areas"),
    "audit.action.category_map": ("Kategorimappning", "Category mapping"),
    "audit.action.retention": ("Rensning", "Retention purge"),
    "audit.action.dedup_link": ("Dubbletter länkade", "Duplicates linked"),
    "audit.action.dedup_confirm": ("Dubblett bekräftad", "Duplicate confirmed"),
    "audit.action.dedup_split": ("Dubblett uppdelad", "Duplicate split"),
    "audit.action.police_import": ("Import av polisens händelser", "Police events import"),
    "audit.action.field_report": ("Snabbrapport", "Quick report"),
    "audit.action.create_organisation": ("Ny organisation", "Organisation added"),
    "audit.action.walk_start": ("Vandring startad", "Walk started"),
    "audit.action.walk_stop": ("Vandring avslutad", "Walk stopped"),
    # audit targets: the word before the id (``batch 12``), see est.access.audit.entries_for_display
    "audit.target.batch": ("import", "batch"),
    "audit.target.action": ("åtgärd", "action"),
    "audit.target.focus_area": ("fokusområde", "focus area"),
    "audit.target.meeting": ("möte", "meeting"),
    "audit.target.area_status": ("områdesstatus", "area status"),
    "audit.target.area_set": ("områdesindelning", "area set"),
    "audit.target.problem": ("problem", "problem"),
    "audit.target.problems": ("problem", "problems"),
    "audit.target.walk": ("vandring", "walk"),
    "audit.target.organisation": ("organisation", "organisation"),
    # privacy page
    "privacy.title": ("Integritet och personuppgifter", "Privacy and personal data"),
    "privacy.intro": (
        "EST-uppgifter handlar om platser där brott och ordningsstörningar inträffat och kan peka ut personer "
        "(GDPR artikel 10). Den här sidan genereras från systemets inställningar.",
        "EST data is about places where crime and disorder occurred and can point to people (GDPR article 10). "
        "This page is generated from the system's settings.",
    ),
    "privacy.stored_heading": ("Vad som lagras", "What is stored"),
    "privacy.stored": (
        "Per rapport: tid, kategori, källa och rapporterande organisation (inte personen), plats (punkt eller "
        "område) och en kort fritext. Personnummer, telefonnummer, e-postadresser, registreringsnummer och "
        "namn efter ord som ”heter” maskeras automatiskt innan något sparas. Skriv ändå aldrig "
        "personuppgifter i fritext.",
        "Per report: time, category, source and reporting organisation (not the person), location (point or "
        "area) and a short free text. Personal identity numbers, phone numbers, e-mail addresses, vehicle "
        "registration numbers and names after words such as ”heter” are masked automatically before anything "
        "is stored. Still, never write personal data in free text.",
    ),
    "privacy.retention_heading": ("Hur länge", "For how long"),
    "privacy.retention": (
        "Fritext och exakta punkter äldre än {months} månader rensas (est retention run); antal per område och "
        "vecka finns kvar. Granskningsloggen sparas.",
        "Free text and exact points older than {months} months are purged (est retention run); counts per area "
        "and week stay. The audit log is kept.",
    ),
    "privacy.last_run": ("Senaste rensning: {when}.", "Last purge: {when}."),
    "privacy.never_run": ("Rensningen har inte körts ännu.", "The purge has not run yet."),
    "privacy.who_heading": ("Vem ser vad", "Who sees what"),
    "privacy.precision": (
        "Exakta platser och fritext: den organisation som rapporterat, polis och samordnare. Läsare ser platser "
        "avrundade till rutor om {grid} m och ingen fritext. Utanför EST-gruppen visas bara antal per område, och "
        "antal under {threshold} döljs.",
        "Exact locations and free text: the reporting organisation, police and coordinators. Readers see "
        "locations snapped to {grid} m grid cells and no free text. Outside the EST group only counts per area "
        "are shown, and counts below {threshold} are suppressed.",
    ),
    "privacy.col.role": ("Roll", "Role"),
    "privacy.col.sees": ("Ser och får göra", "Sees and may do"),
    "privacy.col.users": ("Användare", "Users"),
    "privacy.login_heading": ("Inloggning och loggning", "Login and logging"),
    "privacy.open_api_heading": ("Öppna data (API)", "Open data (API)"),
    "privacy.open_api.on": (
        "Det öppna API:t är på: det publicerar, utan inloggning, bara antal problem per område, kategori och "
        "vecka, veckor äldre än {delay} hela veckor. Antal från 1 till {threshold_minus} visas inte, inga summor "
        "publiceras, och inga platser, fritexter eller organisationer lämnar systemet den vägen.",
        "The open API is on: without login it publishes only counts of problems per area, category and week, "
        "for weeks older than {delay} complete weeks. Counts from 1 to {threshold_minus} are not shown, no sums "
        "are published, and no locations, free text or organisations leave the system that way.",
    ),
    "privacy.open_api.off": (
        "Det öppna API:t är av: inget publiceras utan inloggning.",
        "The open API is off: nothing is published without login.",
    ),
    "privacy.login": (
        "Inloggning via kommunens konto (OpenID Connect) eller lokala konton med argon2-hashade lösenord; "
        "kontot spärras i {minutes} minuter efter {failures} misslyckade försök. Inloggningar, importer, "
        "ändringar, exporter och inställningar loggas.",
        "Login through the municipality account (OpenID Connect) or local accounts with argon2-hashed "
        "passwords; an account is locked for {minutes} minutes after {failures} failed attempts. Logins, "
        "imports, edits, exports and settings are logged.",
    ),
    # retention
    "retention.title": ("Rensning", "Retention"),
}
