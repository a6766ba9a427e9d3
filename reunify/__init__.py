"""reunify: offline-first, encrypted casework for cross-border family reunification."""

__version__ = "0.1.0"
