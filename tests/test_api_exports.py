import storytrace


def test_public_names_are_exported_and_importable():
    for name in storytrace.__all__:
        assert hasattr(storytrace, name), name


def test_all_has_no_duplicates_and_has_the_core_model():
    assert len(set(storytrace.__all__)) == len(storytrace.__all__)
    assert {"Article", "Comparison", "Alignment", "compare"} <= set(storytrace.__all__)
