"""Swedish wherever the app can say it: numbers ("1 234", "229,1"), dates, dashes for empty cells, Swedish
widgets where Streamlit lets us, chart axes with Swedish month names, and card labels that fit."""

from __future__ import annotations

import json
from typing import Any

from est.i18n import t
from est.picture.charts import trend_chart
from est.store import Store

NNBSP = "\u202f"


def _run(store: Store, app_test: Any, page: str, query: dict[str, str] | None = None) -> Any:
    at = app_test(store, page=page, query=query)
    at.run()
    assert not at.exception, at.exception
    return at


def test_no_table_on_the_analysis_pages_shows_none_or_a_decimal_point(demo_store: Store, app_test: Any) -> None:
    for page in ("lagesbild", "karta", "trender", "tider", "omrade", "rapporter"):
        at = _run(demo_store, app_test, page)
        for element in at.dataframe:
            frame = element.value
            if frame.empty:
                continue  # no cell to show "None" in (an empty frame's columns have no meaningful type)
            text = frame.select_dtypes(exclude="number")
            links = [c for c in text.columns if "Länk" in str(c)]  # a missing link is an empty link cell
            assert not text.drop(columns=links).isna().any().any(), (page, list(frame.columns))
            floats = [c for c in frame.columns if str(frame[c].dtype).startswith("float")]
            assert floats == [], (page, floats)  # "229.1" would show: decimals are written "229,1"


def test_large_counts_in_the_follow_up_tables_have_a_thousands_space(demo_store: Store, app_test: Any) -> None:
    at = _run(demo_store, app_test, "trender")
    years = next(d.value for d in at.dataframe if "År" in d.value.columns)
    assert all(NNBSP in v for v in years["Totalt"] if len(v) > 4), years["Totalt"].tolist()
    trend = next(d.value for d in at.dataframe if "Normalnivå" in d.value.columns)
    assert any("," in v for v in trend["Normalnivå"] if v != "–")


def test_the_export_table_writes_positions_with_a_decimal_comma(demo_store: Store, app_test: Any) -> None:
    at = _run(demo_store, app_test, "rapporter")
    rows = next(d.value for d in at.dataframe if "Latitud" in d.value.columns)
    assert rows["Latitud"].iloc[0].startswith("63,")


def test_the_filter_widgets_say_it_in_swedish(demo_store: Store, app_test: Any) -> None:
    at = _run(demo_store, app_test, "lagesbild")
    for box in at.multiselect:
        assert box.proto.placeholder == "Alla" and box.proto.select_all == 0, box.label  # no "Select all"
    at.selectbox(key="lagesbild_preset").set_value("custom").run()
    assert {d.proto.format for d in at.date_input} == {"YYYY-MM-DD"}


def test_chart_axes_use_swedish_month_names_and_decimal_commas(demo_store: Store) -> None:
    import pandas as pd

    series = pd.DataFrame(
        {
            "bucket": [pd.Timestamp("2026-03-02").date()],
            "group": ["__total__"],
            "count": [3],
            "last_year": [2.0],
            "baseline": [2.5],
            "low": [0.0],
            "high": [6.0],
            "complete": [True],
        }
    )
    spec = trend_chart(series, "sv", {}).to_dict()
    assert spec["config"]["locale"]["time"]["shortMonths"][2] == "mars"
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert "locale" not in json.dumps(trend_chart(series, "en", {}).to_dict().get("config", {}))


def test_card_labels_are_short_enough_for_five_cards_at_1366() -> None:
    for key in ("analysis.kpi.usual", "analysis.kpi.outside", "lagesbild.kpi.current", "lagesbild.kpi.last_year"):
        assert len(t(key, "sv")) <= 20, t(key, "sv")  # "Jämfört med normalni…" was cut off


def test_other_pages_write_large_figures_and_their_pickers_in_swedish(demo_store: Store, app_test: Any) -> None:
    at = _run(demo_store, app_test, "omraden")
    inside = next(m.value for m in at.metric if m.label == "Problem i områdena")
    assert NNBSP in inside, inside  # "27863" was shown without a thousands space
    at = _run(demo_store, app_test, "kallor")
    types = at.multiselect(key="kallor_types")
    assert types.proto.placeholder == "Alla" and types.proto.select_all == 0  # not "Choose options"
