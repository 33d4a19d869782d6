"""The project's evaluation: question file, metrics, the LangChain baseline, and the report.

`send-assistant eval` (send_assistant/cli/eval_cmd.py) composes these parts; nothing here is used by the
answer pipeline itself, so the evaluation can never leak into the product.
"""
