"""Inkoopmonitor Jeugdhulp: page configuration, navigation and the shared filter bar. Nothing else."""

from pathlib import Path

import streamlit as st

from dashboard import nederlands, state

# The tab's icon from a file of our own: a material icon as favicon made every page view ask fonts.gstatic.com.
st.set_page_config(page_title="Inkoopmonitor Jeugdhulp", page_icon=str(Path(__file__).parent / "dashboard" / "icon.png"),
                   layout="wide")

PAGES = {
    "Bekijken": [
        st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
        st.Page("pages/gemeente.py", title="Gemeenteprofiel", icon=":material/location_city:"),
        st.Page("pages/vergelijken.py", title="Vergelijken met Nederland", icon=":material/public:"),
        st.Page("pages/uitgaven.py", title="Uitgaven", icon=":material/euro:"),
        st.Page("pages/volumes.py", title="Jeugdigen en trajecten", icon=":material/groups:"),
        st.Page("pages/wachttijden.py", title="Wachttijd en verblijfsduur", icon=":material/hourglass:"),
        st.Page("pages/doelen.py", title="Doel residentiële zorg", icon=":material/flag:"),
        st.Page("pages/prognose.py", title="Prognose", icon=":material/trending_up:"),
        st.Page("pages/scenario.py", title="Wat als? (scenario)", icon=":material/tune:"),
        st.Page("pages/consultatie.py", title="Wat zeiden de raden?", icon=":material/forum:"),
    ],
    "Presenteren": [
        st.Page("pages/presentatie.py", title="Presentatie", icon=":material/slideshow:"),
    ],
    "Gegevens": [
        st.Page("pages/bronnen.py", title="Bronnen en gegevens", icon=":material/fact_check:"),
        st.Page("pages/inlezen.py", title="Gegevens inlezen", icon=":material/upload_file:"),
        st.Page("pages/geschiedenis.py", title="Geschiedenis", icon=":material/history:"),
    ],
}
pages = st.navigation(PAGES, expanded=True)   # every page listed: by default Streamlit folds the list after ten

nederlands.onbekende_pagina(st.context.url, {page.url_path for group in PAGES.values() for page in group})

state.wait_for_database()     # first start: what is being loaded, until it is ready
st.session_state["filter_selectie"] = state.filter_bar()
pages.run()
