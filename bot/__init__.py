"""ukraine-bot: who and when in Vietnamese news of US–Russia–Ukraine diplomacy."""

__version__ = "0.1.0"
