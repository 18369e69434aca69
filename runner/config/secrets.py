"""Credentials: referenced from tracked YAML, resolved at start, masked everywhere.

A tracked file never holds a secret. It says where the secret is: ``{env: VAR}`` (an
environment variable) or ``{credentials: KEY}`` (a key in ``credentials.yaml``, which is
git-ignored). Resolved values are pydantic ``SecretStr`` so that a repr, a log line or a
JSON dump shows ``**********`` and never the value.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Discriminator,
    Field,
    SecretStr,
    Tag,
    ValidationError,
    field_validator,
)

from runner.api.base import Model
from runner.errors import ConfigError, SecretError, display_path

if TYPE_CHECKING:
    from runner.config.yamlload import Document, PathT

CREDENTIALS_FILE = "credentials.yaml"
CREDENTIALS_ENV = "RUNNER_CREDENTIALS"
"""Environment variable naming another credentials file (for example in a container)."""

_SECRET_WORDS = {"password", "passwd", "pass", "secret", "token", "apikey", "passphrase"}


class _Strict(Model):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EnvRef(_Strict):
    """The secret is the value of an environment variable."""

    env: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")


class CredentialsRef(_Strict):
    """The secret is a key of the git-ignored credentials.yaml."""

    credentials: str = Field(min_length=1)


def _secret_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        if "env" in value:
            return "env"
        if "credentials" in value:
            return "credentials"
        return None
    if isinstance(value, EnvRef):
        return "env"
    if isinstance(value, CredentialsRef):
        return "credentials"
    if isinstance(value, str | SecretStr):
        return "literal"
    return None


Secret = Annotated[
    Annotated[EnvRef, Tag("env")]
    | Annotated[CredentialsRef, Tag("credentials")]
    | Annotated[SecretStr, Tag("literal")],
    Discriminator(
        _secret_tag,
        custom_error_type="secret_ref",
        custom_error_message="expected {env: VARIABLE} or {credentials: KEY}",
    ),
]
"""A credential field: a reference, or (only in untracked files) a literal, kept masked."""

SecretRef = EnvRef | CredentialsRef | SecretStr


class CredentialsFile(_Strict):
    schema_version: Literal[1] = 1
    credentials: dict[str, SecretStr] = Field(default_factory=dict)

    @field_validator("credentials", mode="before")
    @classmethod
    def _numbers(cls, v: Any) -> Any:
        """A numeric PIN written without quotes is still a secret string."""
        if isinstance(v, dict):
            return {
                k: str(x) if isinstance(x, int | float) and not isinstance(x, bool) else x
                for k, x in v.items()
            }
        return v


def credentials_path(base: Path | None = None) -> Path:
    """Where credentials live: $RUNNER_CREDENTIALS, else credentials.yaml in ``base`` or cwd."""
    env = os.environ.get(CREDENTIALS_ENV)
    if env:
        return Path(env)
    return (base or Path.cwd()) / CREDENTIALS_FILE


def load_credentials(path: Path) -> tuple[dict[str, SecretStr], list[ConfigError]]:
    """The keys of a credentials file; refused if git tracks it (it would leak)."""
    from runner.config.locate import from_validation
    from runner.config.yamlload import load_file  # ruamel.yaml: only when a file is read

    docs, errors = load_file(path)
    if errors:
        return {}, errors
    if not docs:
        return {}, []
    doc = docs[0]
    try:
        model = CredentialsFile.model_validate(doc.data)
    except ValidationError as exc:
        return {}, from_validation(doc, (), exc, CredentialsFile)
    if is_tracked(path) and git_repo(path):
        return {}, [
            doc.error(
                (),
                "credentials file is tracked by git or not git-ignored; add it to .gitignore "
                "(and `git rm --cached` it if it was ever committed)",
            )
        ]
    return dict(model.credentials), []


def resolve_secret(
    ref: SecretRef | str,
    *,
    credentials: Mapping[str, SecretStr] | Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> SecretStr:
    """The secret a reference points to. Raises :class:`SecretError` naming what is missing."""
    if isinstance(ref, SecretStr):
        return ref
    if isinstance(ref, str):
        return SecretStr(ref)
    if isinstance(ref, EnvRef):
        env = os.environ if environ is None else environ
        value = env.get(ref.env)
        if value is None or value == "":
            raise SecretError(f"environment variable {ref.env} is not set")
        return SecretStr(value)
    if isinstance(ref, CredentialsRef):
        source = "credentials"
        if credentials is None or isinstance(credentials, Path):
            path = credentials if isinstance(credentials, Path) else credentials_path()
            source = display_path(path)
            if not path.exists():
                raise SecretError(
                    f"credentials key {ref.credentials!r}: file {source} not found "
                    "(copy credentials.example.yaml to credentials.yaml and fill it in)"
                )
            table, errors = load_credentials(path)
            if errors:
                raise SecretError("; ".join(str(e) for e in errors))
        else:
            table = dict(credentials)
        if ref.credentials not in table:
            from runner.config.locate import unknown_name

            raise SecretError(
                f"{unknown_name('credentials key', ref.credentials, table)} in {source}"
            )
        return table[ref.credentials]
    raise SecretError(f"not a secret reference: {type(ref).__name__}")


def is_secret_key(key: Any, extra: tuple[str, ...] = ()) -> bool:
    """True for keys that name a credential (password, api_key, auth_token, ...)."""
    if not isinstance(key, str):
        return False
    low = key.lower()
    if low in extra:
        return True
    words = [w for w in re.split(r"[_\-.\s]+", low) if w]
    if not words:
        return False
    if any(w in _SECRET_WORDS for w in words):
        return True
    return low.replace("_", "").replace("-", "").endswith(("apikey", "privatekey", "password"))


def literal_secrets(doc: Document, extra: tuple[str, ...] = ()) -> list[PathT]:
    """Paths of plain strings stored under credential-like keys."""
    found: list[PathT] = []

    def walk(node: Any, path: PathT) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if is_secret_key(k, extra) and isinstance(v, str | int) and str(v) != "":
                    if not isinstance(v, bool):
                        found.append((*path, k))
                        continue
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))

    walk(doc.data, ())
    return found


def git_repo(path: Path) -> bool:
    try:
        r = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"],
            cwd=path.resolve().parent,
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return r.returncode == 0


def is_tracked(path: Path) -> bool:
    """Whether git tracks ``path``, or could commit it (not ignored); True outside a repo.

    Failing safe matters more than precision here: a file that is merely not yet added
    is one ``git add -A`` away from publishing the secret.
    """
    p = path.resolve()
    try:
        r = subprocess.run(
            ["git", "ls-files", "--error-unmatch", "--", p.name],
            cwd=p.parent,
            capture_output=True,
            timeout=10,
        )
        if r.returncode == 0:
            return True
        if r.returncode != 1:
            return True  # not a repository (128), no git: treat as tracked
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", "--", p.name],
            cwd=p.parent,
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return True
    return ignored.returncode != 0
