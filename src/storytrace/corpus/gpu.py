"""Semantic top-k on a CUDA GPU (``--device cuda``), with the CPU path's exact results.

Products of int8 vectors are exact integers in float32 on any hardware (TF32 keeps the 8 bits
an int8 needs, and every partial sum stays below 2**24), so the GPU gives the CPU's cosines.
The GPU returns each row's ``k + TIE_MARGIN`` best, and ties are broken on the CPU by the
smaller column. The rare row whose tie runs past the margin is recomputed on the CPU.
Needs torch with CUDA (the ``[torch]`` extra on a CUDA machine).
"""

from __future__ import annotations

import numpy as np

from storytrace.corpus.config import CorpusSettings
from storytrace.corpus.embedding import norms
from storytrace.errors import ConfigError

TIE_MARGIN = 8
GPU_BLOCK = 4096


def semantic_topk_cuda(
    doc: np.ndarray, settings: CorpusSettings, first: int, last: int, k: int
) -> tuple[np.ndarray, np.ndarray]:
    from storytrace.corpus.candidates import _symmetric, topk_rows

    try:
        import torch
    except ImportError as error:
        raise ConfigError(f"--device cuda needs torch with CUDA ({error})") from error
    if not torch.cuda.is_available():
        raise ConfigError(
            "--device cuda was asked for but torch sees no CUDA GPU; use --device cpu"
        )
    device = torch.device("cuda")
    vectors = torch.from_numpy(doc.astype(np.float32)).to(device)
    row_norms = torch.from_numpy(norms(doc)).to(device)
    n = len(doc)
    width = min(n, k + TIE_MARGIN)
    floor = np.float32(settings.semantic_min_cosine)
    all_vectors = doc.astype(np.float32)
    all_norms = norms(doc)
    out_rows, out_cols, out_cos = [], [], []
    for start in range(first, last, GPU_BLOCK):
        end = min(last, start + GPU_BLOCK)
        sims = vectors[start:end] @ vectors.T
        sims = sims / row_norms[start:end, None] / row_norms[None, :]
        local = torch.arange(end - start, device=device)
        sims[local, start + local] = -float("inf")
        top_values, top_columns = torch.topk(sims, width, dim=1)
        values, columns = top_values.cpu().numpy(), top_columns.cpu().numpy()
        for row in range(end - start):
            vals, cols = values[row], columns[row]
            if width < n and vals[-1] == vals[k - 1] and vals[k - 1] >= floor:
                sim_row = all_vectors[start + row] @ all_vectors.T
                sim_row = sim_row / all_norms[start + row] / all_norms
                sim_row[start + row] = -np.inf
                _, picked = topk_rows(sim_row[None, :], k, float(floor))
                chosen = picked
                cos = sim_row[picked]
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
