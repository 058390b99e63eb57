"""Drives the real ffiec-data-connect 0.2.7 from threads, as the race review
describes, and reads the mock's journal to see what the library really sent.

Phase "credentials" (F3, S2, N1): four collector threads share one
`WebserviceCredentials` and one `FFIECConnection`; two call
`test_credentials`, two call `collect_reporting_periods`; a fifth thread
swaps user and token between two valid accounts through the setters. A
request whose user and token fingerprint belong to different accounts is a
torn pair.

Phase "proxy" (F1, F2, S1, F8, N2): the recording proxies are checked to
work from Python first, then 0.2.7's proxy setters are driven alone and from
threads while requests are in flight. The journal tags every request that
came through a proxy with that proxy's name and password fingerprint. (In
0.2.7, switching the proxy on makes every session rebuild recurse until
RecursionError, so no request ever reaches a proxy; the phase records that,
and what can still be seen in the connection's own fields.)

Every loop is bounded; the counts are constants below.

Usage (run.sh sets the environment): python race_v027.py [results.json]
"""

from __future__ import annotations

import collections
import contextlib
import io
import itertools
import sys
import threading
import urllib.parse

import mockenv
import requests
from ffiec_data_connect import constants, credentials, ffiec_connection, methods

# Phase "credentials": as in the review, 4 collectors x 40 calls.
COLLECTORS = 4
CALLS_PER_COLLECTOR = 40
# The swapper runs until the collectors are done; this only bounds it if a
# collector hangs (about a minute of swapping on this machine).
MAX_SWAPS = 100_000_000

# Phase "proxy".
S1_ROUNDS = 40
S1_CALLS_PER_ROUND = 2
F2_ITERATIONS = 10_000
# With the proxy on, every 0.2.7 session rebuild recurses until Python's
# recursion limit; a lower limit during the F2 race (no zeep call runs then)
# makes each of those failures ten times cheaper without changing them.
F2_RECURSION_LIMIT = 100
# A short GIL switch interval makes the interpreter preempt threads between
# bytecodes far more often, so short windows are hit in bounded runs. The
# credential phase keeps the default interval, to measure the library as
# users run it.
RACE_SWITCH_INTERVAL = 1e-5


def exception_key(error: BaseException) -> str:
    """`Type: message` with the message cut short: enough to tell the
    library's distinct failures apart when counting them."""
    text = str(error).replace("\n", " ")
    return f"{type(error).__name__}: {text[:90]}"


# --- phase "credentials": F3, S2, N1 ---------------------------------------------


def credential_phase(mock: mockenv.Mock, ledger: mockenv.Ledger) -> dict:
    alice, bob = mockenv.ACCOUNTS["alice"], mockenv.ACCOUNTS["bob"]
    creds = credentials.WebserviceCredentials(alice.name, alice.token)
    connection = ffiec_connection.FFIECConnection()
    failures: collections.Counter[str] = collections.Counter()
    completed = collections.Counter()
    lock = threading.Lock()
    done = threading.Event()
    start = threading.Barrier(COLLECTORS + 1)

    def collector(kind: str) -> None:
        start.wait()
        for _ in range(CALLS_PER_COLLECTOR):
            try:
                if kind == "test_credentials":
                    creds.test_credentials(connection)
                else:
                    methods.collect_reporting_periods(connection, creds, series="call")
                outcome = None
            except Exception as error:  # noqa: BLE001 - counting what 0.2.7 raises
                outcome = exception_key(error)
            with lock:
                completed[kind] += 1
                if outcome:
                    failures[f"{kind}: {outcome}"] += 1

    swaps = 0

    def swapper() -> None:
        nonlocal swaps
        start.wait()
        for account in itertools.cycle((bob, alice)):
            if done.is_set() or swaps >= MAX_SWAPS:
                return
            # The two setters the review names, one after the other: between
            # them the pair is (new user, old token).
            creds.username = account.name
            creds.password = account.token
            swaps += 1

    kinds = ["test_credentials", "test_credentials", "collect_reporting_periods",
             "collect_reporting_periods"]
    threads = [threading.Thread(target=collector, args=(kind,)) for kind in kinds[:COLLECTORS]]
    swap_thread = threading.Thread(target=swapper)
    mock.clear_journal()
    # test_credentials prints two lines per call; keep them off the summary.
    with contextlib.redirect_stdout(io.StringIO()):
        for thread in [*threads, swap_thread]:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        swap_thread.join()

    journal = mock.journal()
    owners = mockenv.account_by_fingerprint()
    soap = [entry for entry in journal if entry["protocol"] in ("Soap11", "Soap12")]
    torn = [entry for entry in soap if owners.get(entry["token_fingerprint"]) != entry["user"]]
    by_operation = collections.Counter(entry["operation"] for entry in soap)
    torn_by_operation = collections.Counter(entry["operation"] for entry in torn)
    refused = [entry for entry in soap if entry["authenticated"] is not True]
    calls = sum(completed.values())

    ledger.check("credentials phase: the journal holds one SOAP request per library call",
                 len(soap) == calls == COLLECTORS * CALLS_PER_COLLECTOR,
                 {"calls": calls, "soap_requests": len(soap), "by_operation": by_operation})
    ledger.check("credentials phase: the mock refused exactly the torn pairs",
                 {entry["seq"] for entry in refused} == {entry["seq"] for entry in torn},
                 {"torn": len(torn), "refused": len(refused)})
    ledger.check("credentials phase: each refusal reached the caller as an exception",
                 sum(failures.values()) == len(refused),
                 {"exceptions": sum(failures.values()), "refused": len(refused)})

    return {
        "collectors": COLLECTORS,
        "calls_per_collector": CALLS_PER_COLLECTOR,
        "swaps": swaps,
        "switch_interval_seconds": sys.getswitchinterval(),
        "requests": len(soap),
        "requests_by_operation": dict(by_operation),
        "torn_pairs": len(torn),
        "torn_by_operation": dict(torn_by_operation),
        "torn_examples": [
            {"seq": entry["seq"], "operation": entry["operation"], "user": entry["user"],
             "token_of": owners.get(entry["token_fingerprint"], "unknown"),
             "fault_code": entry["fault_code"]}
            for entry in torn[:5]
        ],
        "exceptions": dict(failures),
    }


# --- phase "proxy": F1, F2, F8, N2, S1 -------------------------------------------


def proxy_url_parts(mock: mockenv.Mock, name: str) -> tuple[str, int]:
    parsed = urllib.parse.urlsplit(mock.proxy_urls[name])
    return parsed.hostname, parsed.port


def proxies_work_from_python(mock: mockenv.Mock, ledger: mockenv.Ledger) -> None:
    """A request sent through each recording proxy the ordinary way (lower
    case scheme key, credentials in the URL) is tagged in the journal: so a
    0.2.7 request that used a proxy could not go unseen."""
    for name, (user, password) in mockenv.PROXIES.items():
        host, port = proxy_url_parts(mock, name)
        auth = f"{urllib.parse.quote(user, safe='')}:{urllib.parse.quote(password, safe='')}"
        mock.clear_journal()
        with requests.Session() as session:
            session.trust_env = False
            session.proxies = {"http": f"http://{auth}@{host}:{port}"}
            status = session.get(mock.wsdl_url, timeout=30).status_code
        tags = [entry["proxy"] for entry in mock.journal()]
        ledger.check(f"recording proxy {name} tags a request sent through it from Python",
                     status == 200 and len(tags) == 1 and tags[0] is not None
                     and tags[0]["name"] == name
                     and tags[0]["password_fingerprint"] == mockenv.fingerprint(password),
                     {"status": status, "tags": tags})


class RebuildRecorder:
    """Wraps `FFIECConnection._generate_session` (the original still runs):
    counts the calls, nested ones included, and notes the proxy port each
    call found stored when it started."""

    def __init__(self) -> None:
        self.count = 0
        self.ports_read: list[int | None] = []
        self._original = ffiec_connection.FFIECConnection._generate_session

    def __enter__(self) -> RebuildRecorder:
        original = self._original

        def recorded(connection):
            self.count += 1
            # The private field, not the getter: some getters rebuild.
            self.ports_read.append(connection.__dict__.get("_proxy_port"))
            return original(connection)

        ffiec_connection.FFIECConnection._generate_session = recorded
        return self

    def __exit__(self, *_exc) -> None:
        ffiec_connection.FFIECConnection._generate_session = self._original


def attempt(action) -> str | None:
    """Runs `action`; returns `Type: message` of what it raised, or None."""
    try:
        action()
    except Exception as error:  # noqa: BLE001 - the setters raise TypeError, RecursionError
        return exception_key(error)
    return None


def configure(connection, host: str, port: int, user: str, password: str,
              errors: collections.Counter) -> None:
    """The review's logical proxy change: protocol, host, port, user and
    password, each through its setter. A setter's failure is counted, not fatal."""
    steps = [("proxy_protocol", ffiec_connection.ProxyProtocol.HTTP), ("proxy_host", host),
             ("proxy_port", port), ("proxy_user_name", user), ("proxy_password", password)]
    for name, value in steps:
        error = attempt(lambda: setattr(connection, name, value))
        if error:
            errors[f"{name} setter: {error}"] += 1


def single_thread_probes(mock: mockenv.Mock) -> dict:
    """What 0.2.7's proxy code does with no concurrency at all."""
    alice = mockenv.ACCOUNTS["alice"]
    creds = credentials.WebserviceCredentials(alice.name, alice.token)
    host, port_a = proxy_url_parts(mock, "proxy-a")
    _, port_b = proxy_url_parts(mock, "proxy-b")
    user_a, password_a = mockenv.PROXIES["proxy-a"]
    connection = ffiec_connection.FFIECConnection()
    connection.proxy_protocol = ffiec_connection.ProxyProtocol.HTTP
    probes: dict[str, object] = {}

    # F8: the four fields of one logical change, proxy still off.
    with RebuildRecorder() as rebuilds:
        for name, value in (("proxy_host", host), ("proxy_port", port_a),
                            ("proxy_user_name", user_a), ("proxy_password", password_a)):
            setattr(connection, name, value)
    probes["F8"] = {"setter_calls": 4, "session_rebuilds": rebuilds.count}

    # F1: the port setter rebuilds before it stores, so its rebuild reads the old port.
    with RebuildRecorder() as rebuilds:
        connection.proxy_port = port_b
    probes["F1"] = {"port_set": port_b, "port_the_rebuild_read": rebuilds.ports_read[0],
                    "previous_port": port_a}
    connection.proxy_port = port_a

    # Switching the proxy on: the rebuild reads proxy_user_name, whose getter
    # rebuilds again, without end.
    before = connection.session
    with RebuildRecorder() as rebuilds:
        enable_error = attempt(lambda: setattr(connection, "use_proxy", True))
    after = connection.session
    with RebuildRecorder() as rebuilds_on_set:
        port_error = attempt(lambda: setattr(connection, "proxy_port", port_b))
    mock.clear_journal()
    call_error = attempt(lambda: methods.collect_reporting_periods(connection, creds))
    tags = [entry["proxy"] for entry in mock.journal() if entry["protocol"] == "Soap11"]
    probes["enable"] = {
        "use_proxy_error": enable_error,
        "nested_rebuilds_before_the_error": rebuilds.count,
        "use_proxy_stored": connection.__dict__.get("_use_proxy"),
        "session_replaced": after is not before,
        "session_proxies": dict(after.proxies),
        "port_setter_error": port_error,
        "port_setter_nested_rebuilds": rebuilds_on_set.count,
        "port_stored": connection.__dict__.get("_proxy_port") == port_b,
        "call_error": call_error,
        "calls_reaching_the_mock": len(tags),
        "calls_through_a_proxy": sum(1 for tag in tags if tag),
    }

    # Were the recursion fixed, would the map 0.2.7 builds route anything?
    # It is keyed by the enum's name ("HTTP"); requests looks up "http".
    mock.clear_journal()
    with requests.Session() as session:
        session.trust_env = False
        session.proxies = {ffiec_connection.ProxyProtocol.HTTP.name: f"http://{host}:{port_a}"}
        status = session.get(mock.wsdl_url, timeout=30).status_code
    tags = [entry["proxy"] for entry in mock.journal()]
    probes["map_shape"] = {"proxies": dict(session.proxies), "status": status,
                           "went_through_a_proxy": any(tags)}

    # N2: with the proxy off, reading a getter or the string form replaces the session.
    quiet = ffiec_connection.FFIECConnection()
    first = quiet.session
    _ = quiet.proxy_user_name
    second = quiet.session
    _ = str(quiet)
    probes["N2"] = {"getter_replaced_session": second is not first,
                    "str_replaced_session": quiet.session is not second}
    return probes


def f2_race(host: str, port: int) -> dict:
    """F2: `_generate_session` checks that the host is set, then reads it
    again to build the URL. One thread sets the host to None and back while
    another switches the proxy on and off. `'http://' + None` (a TypeError
    about concatenation) is the check-then-act failure; 0.2.7's bare
    `raise()` (a TypeError about BaseException) is the check itself failing."""
    connection = ffiec_connection.FFIECConnection()
    connection.proxy_protocol = ffiec_connection.ProxyProtocol.HTTP
    connection.proxy_host = host
    connection.proxy_port = port
    outcomes: collections.Counter[str] = collections.Counter()
    lock = threading.Lock()
    start = threading.Barrier(2)

    def record(error: str | None) -> None:
        if error:
            with lock:
                outcomes[error] += 1

    def toggler() -> None:
        start.wait()
        for i in range(F2_ITERATIONS):
            record(attempt(lambda: setattr(connection, "proxy_host", None if i % 2 == 0 else host)))

    def switcher() -> None:
        start.wait()
        for i in range(F2_ITERATIONS):
            record(attempt(lambda: setattr(connection, "use_proxy", i % 2 == 0)))

    threads = [threading.Thread(target=toggler), threading.Thread(target=switcher)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The check passed, then the re-read found None: the host ('http://' +
    # None) or the protocol (None.name, read first for the dict key).
    toctou = sum(count for key, count in outcomes.items()
                 if "concatenate" in key or "no attribute 'name'" in key)
    return {"iterations_per_thread": F2_ITERATIONS, "exceptions": dict(outcomes),
            "check_then_act_failures": toctou}


def s1_race(mock: mockenv.Mock, ledger: mockenv.Ledger) -> dict:
    """S1: two threads configure a proxy at once, each with its own proxy's
    host, port, user and password, while a third makes calls. Afterwards the
    connection's fields are read back; the journal shows where calls went.

    The writers leave the proxy off: once it is on, every 0.2.7 setter
    raises RecursionError before storing, so nothing could mix (and nothing
    could be configured)."""
    alice = mockenv.ACCOUNTS["alice"]
    creds = credentials.WebserviceCredentials(alice.name, alice.token)
    configs = {}
    for name, (user, password) in mockenv.PROXIES.items():
        host, port = proxy_url_parts(mock, name)
        configs[name] = (host, port, user, password)
    owner = {
        "port": {config[1]: name for name, config in configs.items()},
        "user": {config[2]: name for name, config in configs.items()},
        "password": {config[3]: name for name, config in configs.items()},
    }

    setter_errors: collections.Counter[str] = collections.Counter()
    call_errors: collections.Counter[str] = collections.Counter()
    mixed_examples = []
    mixed_rounds = 0
    calls = 0
    lock = threading.Lock()
    mock.clear_journal()

    for _ in range(S1_ROUNDS):
        connection = ffiec_connection.FFIECConnection()
        start = threading.Barrier(3)

        def writer(name: str) -> None:
            errors: collections.Counter[str] = collections.Counter()
            start.wait()
            configure(connection, *configs[name], errors)
            with lock:
                setter_errors.update(errors)

        def caller() -> None:
            nonlocal calls
            start.wait()
            for _ in range(S1_CALLS_PER_ROUND):
                error = attempt(lambda: methods.collect_reporting_periods(connection, creds))
                with lock:
                    calls += 1
                    if error:
                        call_errors[error] += 1

        threads = [threading.Thread(target=writer, args=(name,)) for name in configs]
        threads.append(threading.Thread(target=caller))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        stored = connection.__dict__
        fields = {
            "port": owner["port"].get(stored.get("_proxy_port")),
            "user": owner["user"].get(stored.get("_proxy_user_name")),
            "password": owner["password"].get(stored.get("_proxy_password")),
        }
        if len(set(fields.values())) > 1:
            mixed_rounds += 1
            if len(mixed_examples) < 3:
                mixed_examples.append(fields)

    journal = mock.journal()
    soap = [entry for entry in journal if entry["protocol"] == "Soap11"]
    through = [entry for entry in journal if entry["proxy"]]
    wrong_password = [
        entry for entry in through
        if entry["proxy"]["password_fingerprint"]
        != mockenv.fingerprint(mockenv.PROXIES[entry["proxy"]["name"]][1])
    ]
    ledger.check("S1 phase: every call that did not raise reached the mock",
                 len(soap) == calls - sum(call_errors.values()),
                 {"calls": calls, "call_errors": sum(call_errors.values()),
                  "soap_requests": len(soap)})
    return {
        "rounds": S1_ROUNDS,
        "calls": calls,
        "rounds_with_mixed_fields": mixed_rounds,
        "mixed_examples": mixed_examples,
        "requests_seen": len(journal),
        "requests_through_a_proxy": len(through),
        "requests_through_a_proxy_with_the_other_password": len(wrong_password),
        "setter_exceptions": dict(setter_errors),
        "call_exceptions": dict(call_errors),
    }


def proxy_phase(mock: mockenv.Mock, ledger: mockenv.Ledger) -> dict:
    proxies_work_from_python(mock, ledger)
    result = {"single_thread": single_thread_probes(mock)}
    host, port = proxy_url_parts(mock, "proxy-a")
    previous_interval = sys.getswitchinterval()
    previous_limit = sys.getrecursionlimit()
    sys.setswitchinterval(RACE_SWITCH_INTERVAL)
    try:
        sys.setrecursionlimit(F2_RECURSION_LIMIT)
        try:
            result["F2"] = f2_race(host, port)
        finally:
            sys.setrecursionlimit(previous_limit)
        result["S1"] = s1_race(mock, ledger)
    finally:
        sys.setswitchinterval(previous_interval)
    result["switch_interval_seconds"] = RACE_SWITCH_INTERVAL
    result["F2"]["recursion_limit"] = F2_RECURSION_LIMIT
    return result


# --- verdicts per finding ---------------------------------------------------------


def verdicts(cred: dict, proxy: dict) -> dict:
    """Whether the real library showed each finding in this run, with the
    counts behind the answer."""
    single = proxy["single_thread"]
    enable = single["enable"]
    s1 = proxy["S1"]
    ops = cred["requests_by_operation"]
    torn = cred["torn_by_operation"]
    f1 = single["F1"]
    f1_lagged = f1["port_the_rebuild_read"] == f1["previous_port"]
    return {
        "F3": {
            "showed": torn.get("TestUserAccess", 0) > 0,
            "count": torn.get("TestUserAccess", 0),
            "of": ops.get("TestUserAccess", 0),
            "what": "test_credentials requests whose user and token belong to different accounts",
        },
        "S2": {
            "showed": torn.get("TestUserAccess", 0) > 0,
            "count": torn.get("TestUserAccess", 0),
            "of": ops.get("TestUserAccess", 0),
            "what": "authentications made while a fifth thread swapped user and token "
                    f"({cred['swaps']} swaps); the same requests as F3",
        },
        "N1": {
            "showed": torn.get("RetrieveReportingPeriods", 0) > 0,
            "count": torn.get("RetrieveReportingPeriods", 0),
            "of": ops.get("RetrieveReportingPeriods", 0),
            "what": "data calls (collect_reporting_periods) that sent a torn pair",
        },
        "S1": {
            "showed": s1["rounds_with_mixed_fields"] > 0,
            "count": s1["rounds_with_mixed_fields"],
            "of": s1["rounds"],
            "wire_requests_through_a_proxy": s1["requests_through_a_proxy"],
            "wire_requests_with_the_other_proxy_password": (
                s1["requests_through_a_proxy_with_the_other_password"]),
            "what": "rounds whose stored port, user and password came from different proxies; "
                    "on the wire no request reached a proxy (see proxy_path)",
        },
        "F1": {
            "showed": f1_lagged,
            "count": int(f1_lagged),
            "of": 1,
            "what": "the rebuild run by proxy_port=B read the previous port A "
                    f"(read {f1['port_the_rebuild_read']}, set {f1['port_set']})",
        },
        "F2": {
            "showed": proxy["F2"]["check_then_act_failures"] > 0,
            "count": proxy["F2"]["check_then_act_failures"],
            "of": 2 * proxy["F2"]["iterations_per_thread"],
            "what": "after the None check passed, the re-read found None: TypeError "
                    "('http://' + None) or AttributeError (None.name)",
        },
        "F8": {
            "showed": single["F8"]["session_rebuilds"] >= 4,
            "count": single["F8"]["session_rebuilds"],
            "of": single["F8"]["setter_calls"],
            "what": "session rebuilds for the four setters of one proxy change",
        },
        "N2": {
            "showed": bool(single["N2"]["getter_replaced_session"]),
            "count": int(single["N2"]["getter_replaced_session"])
            + int(single["N2"]["str_replaced_session"]),
            "of": 2,
            "what": "reading proxy_user_name, and str(connection), each replaced the session",
        },
        "proxy_path": {
            "showed": enable["use_proxy_error"] is not None,
            "count": int(enable["use_proxy_error"] is not None)
            + int(enable["port_setter_error"] is not None),
            "of": 2,
            "exception": enable["use_proxy_error"],
            "nested_rebuilds_before_the_error": enable["nested_rebuilds_before_the_error"],
            "calls_through_a_proxy": enable["calls_through_a_proxy"],
            "calls_made_with_the_proxy_on": enable["calls_reaching_the_mock"],
            "map_shape_routes_through_a_proxy": single["map_shape"]["went_through_a_proxy"],
            "what": "setters that raised once the proxy was on (use_proxy=True, then a port): "
                    "the rebuild reads proxy_user_name, whose getter rebuilds again; "
                    f"{enable['calls_through_a_proxy']} calls went through a proxy",
        },
    }


def main() -> int:
    mock = mockenv.mock_from_env()
    constants.WebserviceConstants.base_url = mock.wsdl_url

    ledger = mockenv.Ledger("v0.2.7-race")
    cred = ledger.guarded("credentials phase ran", lambda: credential_phase(mock, ledger))
    proxy = ledger.guarded("proxy phase ran", lambda: proxy_phase(mock, ledger))
    extra: dict[str, object] = {
        "library": "ffiec-data-connect 0.2.7",
        "protocol": "SOAP 1.1 (zeep), driven from threads",
        "credentials": cred,
        "proxy": proxy,
    }
    if cred and proxy:
        extra["findings"] = verdicts(cred, proxy)
        for finding, verdict in extra["findings"].items():
            counts = f"{verdict.get('count', '-')} of {verdict.get('of', '-')}"
            print(f"[v0.2.7-race] {finding}: showed={verdict['showed']} ({counts}): "
                  f"{verdict['what']}", flush=True)
    ledger.write(mockenv.output_path("race_v027.json"), extra)
    return 0 if all(check["passed"] for check in ledger.checks) else 1


if __name__ == "__main__":
    sys.exit(main())
