"""send_assistant: a grounded, cited assistant over a council's SEND Local Offer.

Data flows one way (see ARCHITECTURE.md):

    knowledge/  ->  ingest/  ->  index (Chroma + lexical + ledger)  ->  answering/  ->  web/, cli/

- ``settings.py``, ``errors.py``: configuration and the errors every layer may raise.
- ``ingest/``: loaders, chunking, embedding and the index; knows nothing of answers.
- ``answering/``: retrieval and the answer pipeline (an ordered list of stages); knows nothing of HTTP.
- ``privacy/``: redaction applied before anything a user typed is stored.
- ``feedback/``: feedback, unanswered-question records and the reports built from them.
- ``evaluation/``: the evaluation sets, metrics and targets behind ``send-assistant eval``.
- ``web/``, ``cli/``: the edges: the Gradio page and HTTP API, and the command line.
"""
