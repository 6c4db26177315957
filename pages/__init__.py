"""Page scripts (thin: title, inputs, cached data, guard clauses, render), registered in app.py."""
