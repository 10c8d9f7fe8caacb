"""What a credential looks like: the one owner, read by the description loader and the validation gate.

A description is committed, reviewed in pull requests and copied into every file of ``dist/``
(ScaledObjects, GitRepositories, Argo CD Applications, Deployments), which GitOps controllers
and anyone with read access to the repository or the cluster's objects can read. So no string
of it may carry a credential, and neither may any string the synth writes:

* **known token shapes** (:func:`token_kind`): Hugging Face (``hf_``), GitHub (``ghp_``, ``gho_``,
  ``ghu_``, ``ghs_``, ``ghr_``, ``github_pat_``), GitLab (``glpat-``), OpenAI-style (``sk-``),
  Slack (``xox?-``), Google API keys (``AIza``), AWS access key ids (``AKIA``/``ASIA``), JSON Web
  Tokens (``eyJ...eyJ...``) and PEM private-key blocks. Each pattern needs the random-looking
  body real tokens have, so image digests (``sha256:...``), model ids and host names do not match;
* **userinfo in a URL** (:func:`url_userinfo`): ``https://user:password@host``, ``https://<token>@host``
  and a password in any other scheme's URL (``ssh://git@host`` with only a user name is how SSH
  names its account, not a credential);
* **credential names** (:func:`looks_like_credential`): environment variables named like
  ``*_TOKEN``, ``*_KEY``, ``*_API_KEY``, ``*_SECRET``, ``*_CREDENTIALS``, ``*PASSWORD*`` and the like
  carry a credential by convention, so their value is read from a Secret, never written.

:func:`credential_in` says what a string carries (None: nothing); the sentences name the kind of
credential and never repeat the secret (error messages end up in CI logs).
"""
from __future__ import annotations

import re

__all__ = ["token_kind", "url_userinfo", "credential_in", "looks_like_credential", "redact", "CREDENTIAL_WORDS"]

#: The last word of an environment variable name (split on '_') that says it holds a credential.
CREDENTIAL_WORDS = frozenset({
    "TOKEN", "KEY", "APIKEY", "SECRET", "SECRETS", "CREDENTIAL", "CREDENTIALS", "CREDS", "PASSWORD", "PASSWD",
    "PASSPHRASE", "PAT", "AUTHORIZATION", "BEARER", "COOKIE", "DSN"})
#: Parts that make a name a credential wherever they stand (``DB_PASSWORD_PROD``, ``CLIENT_SECRET_VALUE``).
_ANYWHERE = ("PASSWORD", "PASSWD", "PRIVATE_KEY", "API_KEY", "APIKEY", "ACCESS_KEY", "SECRET_KEY", "CLIENT_SECRET")


def looks_like_credential(name: str) -> bool:
    """Whether an environment variable ``name`` carries a credential by convention.

    ``HF_TOKEN``, ``OPENAI_API_KEY``, ``AZURE_CLIENT_SECRET``, ``GOOGLE_APPLICATION_CREDENTIALS``,
    ``DB_PASSWORD``, ``AWS_SECRET_ACCESS_KEY``...; not ``MAX_TOKENS`` or ``TOKENIZERS_PARALLELISM``.
    """
    upper = name.upper()
    words = [w for w in upper.split("_") if w]
    if words and words[-1] in CREDENTIAL_WORDS:
        return True
    return any(word in upper for word in _ANYWHERE)


# A token body: long, of the alphabet real tokens use; the look-behind keeps a prefix from matching
# in the middle of a word ("desk-...", "ssh_...").
_B = r"(?<![A-Za-z0-9])"
_TOKENS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("a Hugging Face token (hf_...)", _B + r"hf_[A-Za-z0-9]{30,}"),
    ("a GitHub token (ghp_/gho_/ghu_/ghs_/ghr_...)", _B + r"gh[pousr]_[A-Za-z0-9]{30,}"),
    ("a GitHub fine-grained token (github_pat_...)", _B + r"github_pat_[A-Za-z0-9_]{40,}"),
    ("a GitLab token (glpat-...)", _B + r"glpat-[A-Za-z0-9_-]{20,}"),
    ("an API key (sk-...)", _B + r"sk-(?:[a-z]+-)*(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}"),
    ("a Slack token (xox...)", _B + r"xox[abposr]-[A-Za-z0-9-]{10,}"),
    ("a Google API key (AIza...)", _B + r"AIza[0-9A-Za-z_-]{35}"),
    ("an AWS access key id (AKIA/ASIA...)", _B + r"(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])"),
    ("a JSON Web Token (eyJ...)", _B + r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
    ("a private key (-----BEGIN ... PRIVATE KEY-----)", r"-----BEGIN[A-Z ]{0,20} PRIVATE KEY( BLOCK)?-----"),
))
#: Cheap pre-filter (one search per string): a string without any of these holds no token and no URL.
_HINTS = re.compile(r"hf_|gh[pousr]_|github_pat_|glpat-|sk-|xox|AIza|AKIA|ASIA|eyJ|PRIVATE KEY|://")

#: ``scheme://userinfo@`` (the userinfo without '/', '?', '#' or '@' of its own), anywhere in a string.
_USERINFO = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*)://([^/?#@\s]+)@")


def token_kind(text: str) -> str | None:
    """The kind of known token ``text`` contains (e.g. "a Hugging Face token (hf_...)"), or None."""
    for kind, pattern in _TOKENS:
        if pattern.search(text):
            return kind
    return None


def url_userinfo(text: str) -> str | None:
    """What the userinfo of a URL in ``text`` carries ("a password", "a user name or token"), or None.

    A plain user name in an ``ssh://`` (or ``git+ssh://``) URL is SSH's account, not a credential.
    """
    for match in _USERINFO.finditer(text):
        scheme, info = match.group(1).lower(), match.group(2)
        if ":" in info:
            return "a user name and password"
        if not scheme.endswith("ssh"):
            return "a user name or token"
    return None


def credential_in(text: str) -> str | None:
    """What credential ``text`` carries, as a noun phrase ("a Hugging Face token (hf_...)",
    "a URL with a user name and password"), or None when it carries none."""
    if not _HINTS.search(text):
        return None
    kind = token_kind(text)
    if kind is not None:
        return kind
    info = url_userinfo(text)
    return f"a URL with {info} before '@'" if info else None


def redact(text: str) -> str:
    """``text`` safe for a message: tokens and URL userinfo replaced by '***' (the rest kept for context)."""
    out = _USERINFO.sub(lambda m: f"{m.group(1)}://***@", text)
    for _, pattern in _TOKENS:
        out = pattern.sub(lambda m: m.group(0)[:4] + "***", out)
    return out
