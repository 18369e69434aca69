"""The built-in plugins, installed as the import package ``runner_plugins``.

Each sub-package is one entry point in the group ``runner`` (see pyproject.toml), the same
way a third-party package adds its own plugins.
"""
