"""The web app: Gradio chat page and JSON API in one FastAPI app (see app.create_app)."""

from send_assistant.settings import force_offline

# Before any submodule imports Gradio: no analytics, no model hub, no telemetry.
force_offline()
