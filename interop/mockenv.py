"""What every interop driver shares: the accounts, the mock's address, its
journal, the fixtures' facts, and a small ledger of named checks.

Standard library only, so the same file serves both virtual environments
(ffiec-data-connect 0.2.7 and 3.x cannot live in one).

Run directly, it prints what `run.sh` needs before the mock starts:

    python3 interop/mockenv.py user-args     # --user NAME:TOKEN ... for ffiec-mock
    python3 interop/mockenv.py proxy-args    # --proxy NAME:USER:PASSWORD ...
    python3 interop/mockenv.py fingerprint-key  # the --fingerprint-key to start it with
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
import traceback
import urllib.request
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "mock-server" / "data"

# The values the live service printed, which the mock serves and the drivers
# compare against.
OBSERVED = json.loads((FIXTURES / "observed_live_values.json").read_text())
CALL_FIXTURE = FIXTURES / "call031_480228_2026-06-30.excerpt.xml"
UBPR_FIXTURE = FIXTURES / "ubpr_451965_2026-06-30.excerpt.xml"

# Fixed claim times keep the tokens (and so their fingerprints) the same on
# every run: not before 2026-01-01, expiring 2100-01-01. 3.x refuses a token
# whose `exp` has passed, so it must lie in the future.
NOT_BEFORE = 1_767_225_600
EXPIRES = 4_102_444_800

ACCOUNT_NAMES = ("alice", "bob")

# Two recording proxies with different credentials: a request that reaches
# proxy A carrying B's password would be S1 made visible. The passwords are
# throwaway values of this test, never real secrets.
PROXIES = {
    "proxy-a": ("pa-user", "pa-secret:1"),
    "proxy-b": ("pb-user", "pb-secret:2"),
}


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def unsigned_jwt(subject: str, not_before: int = NOT_BEFORE, expires: int = EXPIRES) -> str:
    """An unsigned JWT in FFIEC's shape: `ey...` header, claims, empty signature."""
    header = _b64url(json.dumps({"alg": "none", "typ": "JWT"}, separators=(",", ":")).encode())
    claims = {"sub": subject, "nbf": not_before, "exp": expires}
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    return f"{header}.{payload}."


# What both drivers ask for: the banks of the real XBRL fixtures, their
# period, and the dates of the observed live panel and filer lists.
CALL_RSSD = 480228
UBPR_RSSD = 451965
PERIOD = "6/30/2026"
PANEL_PERIOD = "12/31/2023"
FILERS_SINCE = "1/1/2023"
SUBMISSIONS_SINCE = "10/1/2023"

# The mock keys its journal fingerprints (HMAC-SHA-256) with a random key per
# server unless given one; run.sh passes this fixed key so the drivers can map
# fingerprints back to accounts. The secrets are throwaway test values.
FINGERPRINT_KEY = "5a" * 32


def fingerprint(secret: str) -> str:
    """The mock journal's fingerprint: 12 hex digits of HMAC-SHA-256 under FINGERPRINT_KEY."""
    mac = hmac.new(bytes.fromhex(FINGERPRINT_KEY), secret.encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()[:12]


@dataclass(frozen=True)
class Account:
    """One mock account. `repr` shows the token's fingerprint, never the token."""

    name: str
    token: str = field(repr=False)

    @property
    def token_fingerprint(self) -> str:
        return fingerprint(self.token)


ACCOUNTS = {name: Account(name, unsigned_jwt(name)) for name in ACCOUNT_NAMES}


def account_by_fingerprint() -> dict[str, str]:
    """Maps a journal token fingerprint to the account name it belongs to."""
    return {account.token_fingerprint: account.name for account in ACCOUNTS.values()}


# --- the running mock ---------------------------------------------------------

# The harness talks to the mock directly even where the environment names a
# proxy (CI runners often do); only the clients under test may use proxies.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Mock:
    """The running mock, as described by the environment `run.sh` sets."""

    base_url: str
    proxy_urls: dict[str, str]

    @property
    def wsdl_url(self) -> str:
        return f"{self.base_url}/Public/PWS/WebServices/RetrievalService.asmx?WSDL"

    @property
    def rest_url(self) -> str:
        return f"{self.base_url}/public"

    def journal(self) -> list[dict]:
        """Every request the mock recorded since the last clear."""
        with _DIRECT.open(f"{self.base_url}/__journal", timeout=30) as response:
            return json.load(response)

    def clear_journal(self) -> None:
        request = urllib.request.Request(f"{self.base_url}/__journal", method="DELETE")
        with _DIRECT.open(request, timeout=30):
            pass

    def served(self, account: Account, method: str, **headers: str) -> object:
        """What the mock serves for a REST `method`, read with the standard
        library alone: the ground truth the clients' answers are checked
        against. Every parameter travels as a header, as on the live API."""
        request = urllib.request.Request(
            f"{self.rest_url}/{method}",
            headers={
                "UserID": account.name,
                "Authentication": f"Bearer {account.token}",
                "User-Agent": "ffiec-interop-ground-truth",
                **headers,
            },
        )
        with _DIRECT.open(request, timeout=60) as response:
            return json.load(response)


def mock_from_env() -> Mock:
    """Reads FFIEC_MOCK_URL and FFIEC_MOCK_STDOUT (the mock's startup lines,
    which name each proxy's URL)."""
    base_url = os.environ["FFIEC_MOCK_URL"].rstrip("/")
    proxy_urls: dict[str, str] = {}
    stdout_file = os.environ.get("FFIEC_MOCK_STDOUT")
    if stdout_file:
        for line in Path(stdout_file).read_text().splitlines():
            # "proxy:   proxy-a http://127.0.0.1:PORT user pa-user"
            words = line.split()
            if len(words) >= 3 and words[0] == "proxy:":
                proxy_urls[words[1]] = words[2]
    return Mock(base_url, proxy_urls)


# --- the fixtures, read independently of any client ---------------------------

XBRL_CONCEPT_NAMESPACES = (
    "https://www.cdr.ffiec.gov/xbrl/call/concepts",
    "http://www.ffiec.gov/xbrl/call/concepts",
    "https://www.cdr.ffiec.gov/xbrl/ubpr/v187/Concepts",
    "https://www.cdr.ffiec.gov/xbrl/ubpr/v187/SourceConcepts",
)


@dataclass(frozen=True)
class Fact:
    """One fact of a fixture, exactly as written in the file."""

    mdrm: str
    context: str
    unit: str | None
    text: str | None


def fixture_facts(path: Path) -> list[Fact]:
    """The facts of a real XBRL fixture, by namespace URI (not by prefix)."""
    root = ElementTree.parse(path).getroot()
    facts = []
    for element in root:
        if not isinstance(element.tag, str) or not element.tag.startswith("{"):
            continue
        namespace, local = element.tag[1:].split("}", 1)
        if namespace in XBRL_CONCEPT_NAMESPACES:
            facts.append(
                Fact(local, element.get("contextRef", ""), element.get("unitRef"), element.text)
            )
    return facts


# --- the ledger of checks -------------------------------------------------------


class Ledger:
    """Named pass/fail checks with the figures behind them.

    A check that raises is recorded as failed with the exception, so one
    broken operation does not hide the others.
    """

    def __init__(self, suite: str) -> None:
        self.suite = suite
        self.checks: list[dict] = []

    def check(self, name: str, passed: bool, detail: object = None) -> bool:
        self.checks.append({"name": name, "passed": bool(passed), "detail": detail})
        mark = "PASS" if passed else "FAIL"
        shown = "" if detail is None else f"  {json.dumps(detail, default=str)[:300]}"
        print(f"[{self.suite}] {mark} {name}{shown}", flush=True)
        return bool(passed)

    def guarded(self, name: str, action) -> object:
        """Runs `action()`; if it raises, records the check `name` as failed."""
        try:
            return action()
        except Exception as error:  # noqa: BLE001 - the library raises bare Exception
            last = traceback.extract_tb(error.__traceback__)[-1]
            self.check(
                name,
                False,
                {
                    "exception": type(error).__name__,
                    "message": str(error)[:500],
                    "at": f"{Path(last.filename).name}:{last.lineno}",
                },
            )
            return None

    def write(self, path: Path, extra: dict | None = None) -> None:
        passed = sum(1 for check in self.checks if check["passed"])
        document = {
            "suite": self.suite,
            "passed": passed,
            "failed": len(self.checks) - passed,
            "checks": self.checks,
        }
        document.update(extra or {})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=2, default=str) + "\n")


def output_path(default_name: str) -> Path:
    """Where a driver writes its part of the results (argv[1] if given)."""
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    return REPO / "target" / "interop" / default_name


def _main(argv: list[str]) -> int:
    if argv == ["user-args"]:
        print(" ".join(f"--user {a.name}:{a.token}" for a in ACCOUNTS.values()))
        return 0
    if argv == ["proxy-args"]:
        print(" ".join(f"--proxy {n}:{u}:{p}" for n, (u, p) in PROXIES.items()))
        return 0
    if argv == ["fingerprint-key"]:
        print(FINGERPRINT_KEY)
        return 0
    print("usage: mockenv.py user-args | proxy-args | fingerprint-key", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
