"""Package discovery lives here because pyproject.toml cannot express one remapping.

The directory plugins/ is installed as the import package ``runner_plugins``: a bare
top-level ``plugins`` package would shadow, or be shadowed by, any other distribution
that ships one. Everything else about the build is declared in pyproject.toml.
"""

from setuptools import find_packages, setup

plugin_packages = ["runner_plugins"] + [f"runner_plugins.{p}" for p in find_packages("plugins")]

setup(
    packages=find_packages(include=["runner", "runner.*"]) + plugin_packages,
    package_dir={"runner_plugins": "plugins"},
)
