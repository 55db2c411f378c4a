"""Semantic top-k on a CUDA GPU (``--device cuda``), with the CPU path's exact results.

Products of int8 vectors are exact integers in float32 on any hardware (TF32 keeps the 8 bits
an int8 needs, and every partial sum stays below 2**24), and the two divisions by the norms
are IEEE float32 on both, so the GPU gives the CPU's cosines. The publication-date window is
applied as a mask, so the neighbours are the CPU path's too. The GPU returns each row's
``k + TIE_MARGIN`` best, and ties are broken on the CPU by the smaller column. The rare row
whose tie runs past the margin is recomputed on the CPU.
Needs torch with CUDA (the ``[torch]`` extra on a CUDA machine).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from storytrace.corpus.config import CorpusSettings
from storytrace.corpus.embedding import norms
from storytrace.errors import ConfigError

TIE_MARGIN = 8
GPU_BLOCK = 4096


def semantic_topk_cuda(
    doc: np.ndarray,
    settings: CorpusSettings,
    first: int,
    last: int,
    k: int,
    days: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    try:
        import torch
    except ImportError as error:
        raise ConfigError(f"--device cuda needs torch with CUDA ({error})") from error
    if not torch.cuda.is_available():
        raise ConfigError(
            "--device cuda was asked for but torch sees no CUDA GPU; use --device cpu"
        )
    return semantic_topk_torch(doc, settings, first, last, k, days, "cuda")


def semantic_topk_torch(
    doc: np.ndarray,
    settings: CorpusSettings,
    first: int,
    last: int,
    k: int,
    days: np.ndarray | None,
    device: str,
) -> tuple[np.ndarray, np.ndarray]:
    """The search on any torch device (tests run it on the CPU against the numpy path)."""
    import torch

    from storytrace.corpus.candidates import _symmetric

    target = torch.device(device)
    vectors = torch.from_numpy(doc.astype(np.float32)).to(target)
    row_norms = torch.from_numpy(norms(doc)).to(target)
    window = settings.semantic_window_days if days is not None else 0
    day_numbers = torch.from_numpy(np.asarray(days, np.int64)).to(target) if window else None
    n = len(doc)
    width = min(n, k + TIE_MARGIN)
    floor = np.float32(settings.semantic_min_cosine)
    out_rows, out_cols, out_cos = [], [], []
    for start in range(first, last, GPU_BLOCK):
        end = min(last, start + GPU_BLOCK)
        sims = vectors[start:end] @ vectors.T
        sims /= row_norms[start:end, None]
        sims /= row_norms[None, :]
        if day_numbers is not None:
            query_days, column_days = day_numbers[start:end, None], day_numbers[None, :]
            outside = (query_days - column_days).abs() > window
            outside &= (query_days >= 0) & (column_days >= 0)
            sims.masked_fill_(outside, -float("inf"))
        local = torch.arange(end - start, device=target)
        sims[local, start + local] = -float("inf")
        top_values, top_columns = torch.topk(sims, width, dim=1)
        values, columns = top_values.cpu().numpy(), top_columns.cpu().numpy()
        for row in range(end - start):
            vals, cols = values[row], columns[row]
            if width < n and vals[-1] == vals[k - 1] and vals[k - 1] >= floor:
                chosen, cos = _row_on_cpu(doc, days, window, start + row, k, floor)
            else:
                order = np.lexsort((cols, -vals))[:k]
                keep = vals[order] >= floor
                chosen, cos = cols[order][keep], vals[order][keep]
            out_rows.append(np.full(len(chosen), start + row))
            out_cols.append(chosen)
            out_cos.append(cos)
    if not out_rows:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.float32)
    pairs = np.stack([np.concatenate(out_rows), np.concatenate(out_cols)], axis=1).astype(np.int64)
    return _symmetric(pairs, np.concatenate(out_cos).astype(np.float32))


def _row_on_cpu(
    doc: np.ndarray, days: Any, window: int, row: int, k: int, floor: np.float32
) -> tuple[np.ndarray, np.ndarray]:
    """One query's neighbours by the CPU rule: ties past the GPU's margin need every column."""
    from storytrace.corpus.candidates import _mask_outside_window, topk_rows

    vectors = doc.astype(np.float32)
    all_norms = norms(doc)
    sims = (vectors[row] @ vectors.T)[None, :]
    sims /= all_norms[row]
    sims /= all_norms[None, :]
    if window:
        _mask_outside_window(sims, np.asarray(days)[[row]], np.asarray(days), window)
    sims[0, row] = -np.inf
    _, picked = topk_rows(sims, k, float(floor))
    return picked, sims[0, picked]
