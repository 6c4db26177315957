"""The demo: a kommun's worth of made-up but plausible data, seeded into an empty store on first run.

Owns the demo generator (:mod:`~est.demo.generate`) and the made-up police events
(:mod:`~est.demo.police_events`). Who may import it: ``est.cli`` and ``est.ui``; it uses every feature package.
"""
