from plein.cooperation.charts import radar_chart
from plein.cooperation.instrument import instrument
from plein.cooperation.results import Measure, results_compute

INSTRUMENT = instrument(1)
CODES = [s.code for s in INSTRUMENT.statements]


def form(score, **overrides):
    return {code: overrides.get(code, score) for code in CODES}


def aspect(results, code):
    return next(m for m in results.aspects if m.code == code)


def test_the_instrument_has_five_phases_with_aspects_and_statements_in_two_languages():
    assert [p.code for p in INSTRUMENT.phases] == ["I", "P", "S", "O", "V"]
    assert len(INSTRUMENT.aspects) == 10
    assert len(CODES) == len(set(CODES)) == 20
    for statement in INSTRUMENT.statements:
        assert statement.texts["nl"] and statement.texts["en"]


def test_fewer_than_three_forms_show_nothing():
    results = results_compute(instrument=INSTRUMENT, forms=[form(4), form(2)])
    assert (results.responses, results.shown, results.aspects) == (2, False, [])


def test_each_partner_weighs_the_same_and_weet_niet_is_left_out():
    # Partner 1 scores I1 with 5 and "weet niet"; its I1 score is 5, not 2.5.
    forms = [form(5, I1b=None), form(2), form(2)]
    results = results_compute(instrument=INSTRUMENT, forms=forms)
    assert aspect(results, "I1").mean == 3.0
    assert aspect(results, "I1").partners == 3


def test_an_aspect_with_fewer_than_three_known_answers_is_hidden():
    forms = [form(4), form(4), form(4, I1a=None, I1b=None)]
    results = results_compute(instrument=INSTRUMENT, forms=forms)
    assert aspect(results, "I1").mean is None
    assert aspect(results, "I2").mean == 4.0


def test_the_spread_shows_only_from_five_partners():
    three = results_compute(instrument=INSTRUMENT, forms=[form(1), form(3), form(5)])
    assert (aspect(three, "S1").low, aspect(three, "S1").high) == (None, None)
    five = results_compute(instrument=INSTRUMENT, forms=[form(v) for v in (1, 2, 3, 4, 5)])
    assert (aspect(five, "S1").low, aspect(five, "S1").high) == (1.0, 5.0)


def test_the_trend_compares_with_the_previous_round():
    before = results_compute(instrument=INSTRUMENT, forms=[form(2)] * 3)
    now = results_compute(instrument=INSTRUMENT, forms=[form(4)] * 3, previous=before)
    assert (aspect(now, "O1").previous, aspect(now, "O1").change) == (2.0, 2.0)
    phase = now.phases[0]
    assert (phase.mean, phase.previous) == (4.0, 2.0)


def test_the_radar_chart_is_an_accessible_svg_with_both_rounds():
    measures = [Measure(c, f"Aspect <{c}>", 3, 3.5, previous=3.0) for c in "ABCDE"]
    svg = radar_chart(key="x", title="Per fase", measures=measures)
    assert svg.startswith('<svg class="plein-chart" role="img"')
    assert '<title id="radar-x-titel">Per fase</title>' in svg
    assert "Aspect &lt;A&gt;: 3,5" in svg  # the text alternative names every value
    assert "<script" not in svg and "<A>" not in svg
    assert svg.count("<polygon") == 5 + 2  # five rings, this round and the previous one
    assert 'stroke-dasharray="6 4"' in svg  # the previous round differs in more than colour


def test_no_chart_when_nothing_shows():
    measures = [Measure(c, c, 2, None) for c in "ABC"]
    assert radar_chart(key="x", title="t", measures=measures) is None
