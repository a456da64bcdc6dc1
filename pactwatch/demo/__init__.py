"""The bundled demo: a small news site with three feeds, served on loopback."""

from pactwatch.demo.server import DemoSite, SITE_DIR

__all__ = ["DemoSite", "SITE_DIR"]
