import pytest

from ppei_tui.domain.session import Tag
from ppei_tui.domain.tags import TagVocabulary, current_token, parse_tokens
from ppei_tui.templates import TemplateLibrary, bundled_templates_dir


@pytest.fixture
def vocabulary(hatfield, attendees):
    return TagVocabulary(hatfield, attendees)


@pytest.mark.parametrize(
    "token, expected",
    [
        ("#engaging", Tag("P", "Engaging")),
        ("#Engaging", Tag("P", "Engaging")),
        ("#eng", Tag("P", "Engaging")),
        ("#Mat.reporting", Tag("Mat", "Reporting")),
        ("#mat.rep", Tag("Mat", "Reporting")),
        ("#BE.wel", Tag("BE", "Welcoming")),
        ("#time-consuming", Tag("Mat", "Time-consuming")),
        ("#materiality.monitoring", Tag("Mat", "Monitoring")),
        ("#valuing.", Tag("M", "Valuing")),
    ],
)
def test_verb_tokens(vocabulary, token, expected):
    parsed = parse_tokens(f"Some text {token}", vocabulary)
    assert parsed.problems == []
    assert parsed.tags == [expected]


def test_all_token_kinds_in_one_note(vocabulary):
    parsed = parse_tokens("Ash thanks the reps #val #BE.wel +trust +lead @ash !r !i", vocabulary)
    assert parsed.tags == [Tag("M", "Valuing"), Tag("BE", "Welcoming")]
    assert parsed.practice_sets == ["trust", "leadership"]
    assert (parsed.speaker, parsed.speaker_role) == ("Ash", "GP lead")
    assert (parsed.kind, parsed.evidence) == ("reflection", "inferred")


def test_speaker_by_role_and_prefix(vocabulary):
    assert parse_tokens("@gp-lead", vocabulary).speaker_role == "GP lead"
    parsed = parse_tokens("@bir", vocabulary)
    assert (parsed.speaker, parsed.speaker_role) == ("Birch", "lay representative")


@pytest.mark.parametrize(
    "token, reason",
    [
        ("#zzz", "no verb"),
        ("#re", "ambiguous"),
        ("#Q.valuing", "unknown element"),
        ("+money", "no practice set"),
        ("@nobody", "not an attendee"),
        ("!x", "no flag"),
    ],
)
def test_unresolved_tokens_are_reported_not_dropped(vocabulary, token, reason):
    parsed = parse_tokens(f"note {token} #eng", vocabulary)
    assert [p.token for p in parsed.problems] == [token]
    assert reason in parsed.problems[0].reason
    assert parsed.tags == [Tag("P", "Engaging")]


def test_ambiguous_prefix_lists_the_candidates(vocabulary):
    [problem] = parse_tokens("#re", vocabulary).problems
    for option in ("Mat.Reporting", "Mat.Resourcing", "C.Recognising", "BE.Remembering"):
        assert option in problem.reason


def test_an_element_start_two_names_share_is_ambiguous_and_names_both():
    shove = TemplateLibrary([bundled_templates_dir()]).get("shove-three-elements")
    vocabulary = TagVocabulary(shove)
    [problem] = parse_tokens("Oak reads the minutes #M.handling", vocabulary).problems
    assert problem.token == "#M.handling"
    both = "could be MAT (Materials), MEAN (Meanings); write its code"
    assert problem.reason == f"ambiguous element 'M': {both}"
    assert parse_tokens("#Mat.handling #Mea.just", vocabulary).tags == [
        Tag("MAT", "Handling"),
        Tag("MEAN", "Justifying"),
    ]
    [unknown] = parse_tokens("#Q.handling", vocabulary).problems
    assert unknown.reason == "unknown element 'Q' (elements: MAT, COMP, MEAN)"


def test_tokens_need_a_space_before_them(vocabulary):
    parsed = parse_tokens("mail ash@example.org about item#3 and c+d", vocabulary)
    assert parsed.tags == [] and parsed.problems == [] and parsed.speaker == ""


def test_opening_quote_mark_makes_a_quote_unless_a_token_says_otherwise(vocabulary):
    assert parse_tokens('"We are more than patients" @birch', vocabulary).kind == "quote"
    assert parse_tokens("\u201cSmart quotes too\u201d", vocabulary).kind == "quote"
    assert parse_tokens('"Heard, then" !o', vocabulary).kind == "observation"
    assert parse_tokens("plain", vocabulary).kind is None


@pytest.mark.parametrize(
    "text",
    [
        "\u00abOn ne change pas une équipe\u00bb",  # « » French
        "\u00bbWir machen das so\u00ab",  # » « German, Danish
        "\u201eWir machen das so\u201c",  # „ “ German
        "\u201aso ist es\u2018",  # ‚ ‘ German single
        "\u2039pas ici\u203a",  # ‹ ›
        "\u201dVi gör så\u201d",  # ” ” Swedish
        "\u300c私たちはそうする\u300d",  # 「」 CJK corner brackets
        "\u300e二重\u300f",  # 『』
        "  \u00ableading spaces\u00bb",
    ],
)
def test_every_script_s_opening_quotation_mark_makes_a_quote(vocabulary, text):
    assert parse_tokens(text, vocabulary).kind == "quote"
    assert parse_tokens(text + " !o", vocabulary).kind == "observation"


def test_a_closing_bracket_or_a_word_is_not_an_opening_mark(vocabulary):
    assert parse_tokens("\u300dclosing first", vocabulary).kind is None
    assert parse_tokens("Chair says \u00abnon\u00bb", vocabulary).kind is None


def test_completions(vocabulary):
    assert current_token("Chair opens #en") == ("#", "en")
    assert current_token("no token here") is None
    assert vocabulary.completions("#", "en") == ["enabling", "engaging"]
    assert vocabulary.completions("#", "Mat.re") == ["Mat.reporting", "Mat.resourcing"]
    assert vocabulary.completions("+", "l") == ["leadership", "learning"]
    assert "gp-lead" in vocabulary.completions("@", "g")
    assert vocabulary.completions("!", "q") == ["quote"]


def test_a_verb_shared_by_two_elements_needs_its_element(clock):
    from ppei_tui.domain.template import template_from_data

    template = template_from_data(
        {
            "id": "x",
            "name": "X",
            "version": "1",
            "elements": [
                {"code": "A", "name": "A", "verbs": ["Talking"]},
                {"code": "B", "name": "B", "verbs": ["Talking"]},
            ],
        }
    )
    vocabulary = TagVocabulary(template)
    [problem] = parse_tokens("#talking", vocabulary).problems
    assert "#A.talking or #B.talking" in problem.reason
    assert parse_tokens("#B.talking", vocabulary).tags == [Tag("B", "Talking")]


# --- an element alone is not a verb tag (hostile tester: `#Ma.` was stored as Go.Mandating) ---
def large_eight_vocabulary():
    from pathlib import Path

    fixtures = Path(__file__).resolve().parent / "fixtures" / "templates"
    return TagVocabulary(TemplateLibrary([fixtures]).get("large-eight"))


@pytest.mark.parametrize("token", ["#Ma.", "#Ma", "#ma", "#materiality", "#M", "#M."])
def test_an_element_alone_is_refused_not_read_as_another_elements_verb(token):
    vocabulary = large_eight_vocabulary()
    parsed = parse_tokens(f"budget {token} again", vocabulary)
    assert parsed.tags == []
    assert len(parsed.problems) == 1
    assert "without a verb: write #" in parsed.problems[0].reason
    assert parse_tokens("budget #mandating", vocabulary).tags == [Tag("Go", "Mandating")]


@pytest.mark.parametrize("token", ["#M.", "#BE", "#C", "#Mat", "#P."])
def test_hatfield_element_codes_alone_are_not_tags(vocabulary, token):
    parsed = parse_tokens(f"x {token}", vocabulary)
    assert parsed.tags == [] and "without a verb" in parsed.problems[0].reason
    # a bare verb still is one, whole or by its beginning
    assert parse_tokens("x #monitoring #mon", vocabulary).tags == [Tag("Mat", "Monitoring")]


def test_tab_on_an_element_alone_writes_its_qualifier_first():
    from ppei_tui.ui.note_input import completed

    vocabulary = large_eight_vocabulary()
    assert completed(vocabulary, "note #Ma") == "note #Ma."
    assert vocabulary.completions("#", "Ma.")[0].startswith("Ma.")


def test_the_filter_still_reads_an_element_alone_as_any_of_its_verbs():
    from ppei_tui.domain.review import parse_filter

    vocabulary = large_eight_vocabulary()
    for text in ("#Ma", "#Ma.", "#materiality"):
        parsed = parse_filter(text, vocabulary, [])
        assert parsed.note_filter.elements == frozenset({"Ma"}) and parsed.problems == [], text
