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
  ``*_TOKEN``, ``*_KEY``, ``*_API_KEY``, ``*_SECRET``, ``*_CREDENTIALS``, ``*_PASS``, ``*_PWD``,
  ``*PASSWORD*`` and the like, in any case and with a qualifier after it (``HF_TOKEN_2``,
  ``GITHUB_TOKEN_PROD``), carry a credential by convention, so their value is read from a Secret,
  never written; the same names as command-line flags (:func:`credential_arguments`: ``--api-key X``,
  ``--hf-token=X``) and as HTTP headers a route would match exactly (:func:`credential_header`:
  ``authorization``, ``cookie``, ``x-api-key``);
* **the same, encoded** (:func:`credential_in`): percent-encoded, base64 (standard or URL-safe), or
  as a URL's query parameter named like a credential (``?access_token=...``, ``?sig=...``).

:func:`credential_in` says what a string carries (None: nothing); the sentences name the kind of
credential and never repeat the secret (error messages end up in CI logs).
"""
from __future__ import annotations

import re

__all__ = ["token_kind", "url_userinfo", "credential_in", "looks_like_credential", "credential_arguments",
           "credential_header", "redact", "CREDENTIAL_WORDS"]

#: The last word of an environment variable name (split on '_') that says it holds a credential.
CREDENTIAL_WORDS = frozenset({
    "TOKEN", "KEY", "APIKEY", "SECRET", "SECRETS", "CREDENTIAL", "CREDENTIALS", "CREDS", "PASSWORD", "PASSWD",
    "PASS", "PWD", "PASSPHRASE", "PAT", "AUTHORIZATION", "BEARER", "COOKIE", "DSN", "PRIVATEKEY", "SECRETKEY",
    "ACCESSKEY", "APITOKEN", "AUTHTOKEN", "ACCESSTOKEN", "CLIENTSECRET", "SIG"})
#: Parts that make a name a credential wherever they stand (``DB_PASSWORD_PROD``, ``CLIENT_SECRET_VALUE``).
_ANYWHERE = ("PASSWORD", "PASSWD", "PRIVATE_KEY", "PRIVATEKEY", "API_KEY", "APIKEY", "ACCESS_KEY", "SECRET_KEY",
             "CLIENT_SECRET")
#: Words after the credential word that only tell one credential from another (``HF_TOKEN_2``, ``DB_PASS_PROD``).
_QUALIFIER = re.compile(r"\d+|V\d+|PROD|PRODUCTION|DEV|STAGING|STAGE|TEST|QA|OLD|NEW|PRIMARY|SECONDARY|CURRENT|NEXT|"
                        r"PREVIOUS|VALUE|RAW|B64|BASE64|ENCODED|PLAIN|LITERAL|STRING|STR")
#: Names that look like one but are not: the shell's working directories.
_NOT_CREDENTIALS = frozenset({"PWD", "OLDPWD"})


def _words(name: str) -> list[str]:
    """The words of a name split on '_' or '-', upper-case, trailing qualifiers dropped."""
    words = [w for w in re.split(r"[_-]+", name.upper()) if w]
    while len(words) > 1 and _QUALIFIER.fullmatch(words[-1]):
        words.pop()
    return words


def looks_like_credential(name: str) -> bool:
    """Whether an environment variable ``name`` carries a credential by convention, in any case.

    ``HF_TOKEN``, ``HF_TOKEN_2``, ``OPENAI_API_KEY``, ``AZURE_CLIENT_SECRET``, ``GOOGLE_APPLICATION_CREDENTIALS``,
    ``DB_PASSWORD``, ``db_pass``, ``MYSQL_PWD``, ``AWS_SECRET_ACCESS_KEY``...; not ``MAX_TOKENS``,
    ``TOKENIZERS_PARALLELISM``, ``HF_TOKEN_PATH`` or ``PWD``.
    """
    upper = name.upper()
    if upper in _NOT_CREDENTIALS:
        return False
    words = _words(name)
    if words and words[-1] in CREDENTIAL_WORDS:
        return True
    return any(word in upper for word in _ANYWHERE)


def _credential_flag(flag: str) -> bool:
    """Whether a command-line flag (``--api-key``, ``--hf-token``) names a credential: its last word does
    (``--password-file`` names a file, ``--max-num-batched-tokens`` a count)."""
    words = _words(flag.lstrip("-"))
    return bool(words) and words[-1] in CREDENTIAL_WORDS


def credential_arguments(args: "list[str] | tuple[str, ...]") -> "list[tuple[int, str]]":
    """(index of the value, flag) for each argument that passes a credential literally: ``--api-key X``,
    ``--hf-token=X``. A value that is a ``$(VAR)`` reference (read from a Secret into the environment) is fine."""
    out: list[tuple[int, str]] = []
    for i, arg in enumerate(args):
        if not arg.startswith("-"):
            continue
        flag, eq, value = arg.partition("=")
        if not _credential_flag(flag):
            continue
        if eq:
            where = i
        elif i + 1 < len(args) and not args[i + 1].startswith("-"):
            where, value = i + 1, args[i + 1]
        else:
            continue
        if value and not _REFERENCE.fullmatch(value) and value.lower() not in ("true", "false"):
            out.append((where, flag))
    return out


#: An argument that is only a Kubernetes $(VAR) reference, filled from the container's environment.
_REFERENCE = re.compile(r"\$\([A-Za-z_][A-Za-z0-9_]*\)")


def credential_header(name: str) -> bool:
    """Whether an HTTP header ``name`` carries a credential (``authorization``, ``proxy-authorization``, ``cookie``,
    ``x-api-key``, ``x-auth-token``): a route that matches its exact value writes the credential down."""
    return looks_like_credential(name.replace("-", "_"))


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
    ("a Stripe key (sk_live_/rk_live_...)", _B + r"[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"),
    ("an npm token (npm_...)", _B + r"npm_[A-Za-z0-9]{36}"),
    ("a PyPI token (pypi-...)", _B + r"pypi-AgE[A-Za-z0-9_-]{40,}"),
    ("a Docker Hub token (dckr_pat_...)", _B + r"dckr_pat_[A-Za-z0-9_-]{20,}"),
    ("a Databricks token (dapi...)", _B + r"dapi[0-9a-f]{32}"),
    ("a SendGrid key (SG....)", _B + r"SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}"),
    ("a Google OAuth token (ya29....)", _B + r"ya29\.[A-Za-z0-9_-]{20,}"),
    ("a Slack webhook URL (its path is the secret)", r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{20,}"),
    ("an Azure storage account key (AccountKey=...)", r"AccountKey=[A-Za-z0-9+/]{20,}"),
    ("a shared access signature (sig=...)", r"[?&;]sig=[A-Za-z0-9%+/]{20,}"),
))
#: Cheap pre-filter (one search per string): a string without any of these holds no token and no URL
#: (every pattern of _TOKENS, _USERINFO and _QUERY needs one of them).
_HINTS = re.compile(r"hf_|gh[pousr]_|github_pat_|glpat-|sk-|xox|AIza|AKIA|ASIA|eyJ|PRIVATE KEY|://|[sr]k_|npm_|pypi-|"
                    r"dckr_|dapi|SG\.|ya29|AccountKey|sig=|hooks\.slack\.com/")
#: A run that may be base64 (standard or URL-safe) long enough to hide a token.
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{24,}={0,2}")

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


#: ``?name=value`` / ``&name=value`` in a URL: a credential when the name is one (``access_token``, ``api_key``, ``sig``).
_QUERY = re.compile(r"://[^\s?#]*\?([^\s#]*)")


def url_query_credential(text: str) -> str | None:
    """The name of a query parameter of a URL in ``text`` that carries a credential (``access_token``), or None."""
    for match in _QUERY.finditer(text):
        for pair in re.split(r"[&;]", match.group(1)):
            name, eq, value = pair.partition("=")
            if eq and value and not _REFERENCE.fullmatch(value) and looks_like_credential(name):
                return name
    return None


def _plain(text: str) -> str | None:
    """What ``text`` carries as it is: a token shape, URL userinfo or a credential query parameter."""
    if not _HINTS.search(text):
        return None
    kind = token_kind(text)
    if kind is not None:
        return kind
    info = url_userinfo(text)
    if info:
        return f"a URL with {info} before '@'"
    name = url_query_credential(text)
    return f"a URL with a credential in its query ({name}=...)" if name else None


def _decoded(run: str) -> str | None:
    """``run`` decoded from base64 (standard or URL-safe) when that gives printable text, else None."""
    import base64
    import binascii
    padded = run + "=" * (-len(run) % 4)
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            raw = decode(padded)
        except (binascii.Error, ValueError):
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if text.isprintable() or all(c.isprintable() or c in "\n\r\t" for c in text):
            return text
    return None


def _encoded(text: str) -> tuple[str, str] | None:
    """(the encoded part, what it carries) for a credential hidden by percent-encoding or base64, or None."""
    if "%" in text:
        from urllib.parse import unquote
        decoded = unquote(text)
        if decoded != text:
            found = _plain(decoded)
            if found is not None:
                return text, f"{found}, percent-encoded"
    for match in _BASE64.finditer(text):
        decoded = _decoded(match.group(0))
        found = _plain(decoded) if decoded else None
        if found is not None:
            return match.group(0), f"{found}, base64-encoded"
    return None


def credential_in(text: str) -> str | None:
    """What credential ``text`` carries, as a noun phrase ("a Hugging Face token (hf_...)",
    "a URL with a user name and password", "a GitHub token (ghp_/...), base64-encoded"), or None."""
    found = _plain(text)
    if found is not None:
        return found
    hidden = _encoded(text) if ("%" in text or _BASE64.search(text)) else None
    return hidden[1] if hidden else None


def redact(text: str) -> str:
    """``text`` safe for a message: tokens and URL userinfo replaced by '***' (the rest kept for context)."""
    hidden = _encoded(text) if ("%" in text or _BASE64.search(text)) and _plain(text) is None else None
    out = text.replace(hidden[0], hidden[0][:4] + "***") if hidden else text
    if not _HINTS.search(out):
        return out  # nothing below can match (a 10 MB value is scanned once, not by every pattern)
    out = _USERINFO.sub(lambda m: f"{m.group(1)}://***@", out)
    for _, pattern in _TOKENS:
        out = pattern.sub(lambda m: m.group(0)[:4] + "***", out)
    return _QUERY.sub(lambda m: m.group(0).split("?", 1)[0] + "?***", out) if url_query_credential(out) else out
