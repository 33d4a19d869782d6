"""The answer pipeline's stages: each a small object with one public `call(ctx)`."""
