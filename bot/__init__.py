"""mtpbot: publishes the Wikimedia Foundation's Medium-Term Plan metrics to Meta-Wiki."""

__version__ = "0.1.0"
