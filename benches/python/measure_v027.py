"""Times the real ffiec-data-connect 0.2.7 against the same mock and the same
documents as the Rust benchmarks, so the report can set them side by side.

Two figures, each checked before it is timed:

- RetrieveReportingPeriods (Call) over SOAP, one call at a time, as 0.2.7
  makes it (a new zeep client and a WSDL download per call): the answer
  must hold every period the mock serves;
- 0.2.7's XBRL step (`xbrl_processor._process_xml`) on the full-size Call
  and UBPR facsimiles that `write-facsimiles` wrote: it must return one row
  per fact. 0.2.7 raises TypeError on a nil fact (`xsi:nil="true"`), so
  those elements are removed first and the figure says how many.

Usage (run.sh sets it up): python measure_v027.py FACSIMILE_DIR WSDL_URL USER TOKEN OUT.json
The token is the mock's throwaway test value, never a real one.
"""

from __future__ import annotations

import contextlib
import io
import json
import platform
import re
import statistics
import sys
import time
from pathlib import Path

from ffiec_data_connect import constants, credentials, ffiec_connection, methods, xbrl_processor

CALL_PERIODS = 102  # 3/31/2001 to 6/30/2026, as the mock serves them
CALL_SAMPLES = 30
XBRL_SAMPLES = {"call": 15, "ubpr": 8}
NIL_FACT = re.compile(rb'<(?:cc|uc):[A-Za-z0-9]+ [^>]*xsi:nil="true"\s*/>')


def median_seconds(action, samples: int) -> float:
    """Runs `action` `samples` times and returns the median wall time."""
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def quietly(action):
    """Runs `action` with 0.2.7's prints swallowed."""
    with contextlib.redirect_stdout(io.StringIO()):
        return action()


def time_reporting_periods(wsdl_url: str, user: str, token: str) -> dict:
    # 0.2.7 reads its WSDL address from this class attribute at every call.
    constants.WebserviceConstants.base_url = wsdl_url
    connection = ffiec_connection.FFIECConnection()
    creds = credentials.WebserviceCredentials(user, token)

    def call() -> None:
        periods = quietly(lambda: methods.collect_reporting_periods(connection, creds, series="call"))
        if len(periods) != CALL_PERIODS:
            raise AssertionError(f"{len(periods)} periods, expected {CALL_PERIODS}")

    call()
    seconds = median_seconds(call, CALL_SAMPLES)
    return {
        "name": "RetrieveReportingPeriods over SOAP, one call at a time",
        "unit": "requests",
        "per_second": 1.0 / seconds,
        "median_seconds": seconds,
        "samples": CALL_SAMPLES,
        "rust_benchmark": "soap_call/hardened_client/1",
    }


def time_xbrl(folder: Path, entry: dict) -> dict:
    original = (folder / entry["file"]).read_bytes()
    data, nil_facts = NIL_FACT.subn(b"", original)
    expected_rows = entry["facts"] - nil_facts

    def parse() -> None:
        rows = xbrl_processor._process_xml(data, "string_original")
        if len(rows) != expected_rows:
            raise AssertionError(f"{len(rows)} rows, expected {expected_rows}")

    parse()
    seconds = median_seconds(parse, XBRL_SAMPLES[entry["name"]])
    label = entry["name"].upper() if entry["name"] == "ubpr" else entry["name"].capitalize()
    return {
        "name": f"XBRL step on the full-size {label} facsimile, its {nil_facts} nil facts removed",
        "unit": "facts",
        "per_second": expected_rows / seconds,
        "mb_per_second": len(data) / seconds / 1e6,
        "median_seconds": seconds,
        "samples": XBRL_SAMPLES[entry["name"]],
        "nil_facts_removed": nil_facts,
        "rust_benchmark": f"xbrl_{entry['name']}/from_bytes",
    }


def main(argv: list[str]) -> int:
    if len(argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    folder, wsdl_url, user, token, out = Path(argv[1]), argv[2], argv[3], argv[4], Path(argv[5])

    index = json.loads((folder / "facsimiles.json").read_text())
    figures = [time_reporting_periods(wsdl_url, user, token)]
    figures += [time_xbrl(folder, entry) for entry in index]

    out.write_text(json.dumps({
        "schema": "ffiec-benches-python/1",
        "library": "ffiec-data-connect 0.2.7",
        "python": platform.python_version(),
        "figures": figures,
    }, indent=2))
    for figure in figures:
        print(f"{figure['name']}: {figure['per_second']:.1f} {figure['unit']}/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
