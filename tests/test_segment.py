from storytrace.text.segment import paragraphs, sentences


def test_sentences_offsets_resolve_to_the_text():
    text = "First one here. Second one, by Mr. Smith of the U.S. State Dept.\n\nA new paragraph."
    spans = sentences(text)
    assert [s.of(text) for s in spans] == [
        "First one here.",
        "Second one, by Mr. Smith of the U.S. State Dept.",
        "A new paragraph.",
    ]


def test_sentences_never_cross_a_paragraph_break():
    text = "A heading without a full stop\n\nThe body starts here. It goes on."
    assert next(s.of(text) for s in sentences(text)) == "A heading without a full stop"


def test_closing_quote_stays_with_its_sentence():
    text = "He said “we will act.” Then he left."
    pieces = [s.of(text) for s in sentences(text)]
    assert pieces[0].endswith("”")
    assert pieces[-1] == "Then he left."


def test_paragraphs_are_trimmed_spans():
    text = "  one \n\n\n two\n"
    assert [p.of(text) for p in paragraphs(text)] == ["one", "two"]
