"""The app layer: everything that knows Streamlit (the cached connection and data, the filter bar, widgets,
the controller role). Only app.py and pages/ import it; the core (jeugdhulp) and loaders never do."""
