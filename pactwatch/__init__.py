"""pactwatch: security relationships between countries, as reported in the news."""

__version__ = "0.1.0"
