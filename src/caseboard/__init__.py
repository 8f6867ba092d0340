"""caseboard: turn news articles and documents into an evidence-linked case board."""

__version__ = "0.1.0"
