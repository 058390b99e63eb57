"""Drives the real ffiec-data-connect 3.x (REST through httpx) against the
mock and checks every answer against what the mock served.

3.x takes its base URL from the class attribute `RESTAdapter.BASE_URL`. It
accepts only a bearer token shaped like FFIEC's (`ey...` ending `.`) with a
future `exp`; the accounts of `mockenv` are minted that way. Its limiter
spaces calls about 1.44 s apart, but only the calls of one adapter: every
`collect_*` function builds a new adapter, so the run stays short.

Usage (run.sh sets the environment): python drive_v3.py [results.json]
"""

from __future__ import annotations

import sys
import warnings
from datetime import datetime

import mockenv
import ffiec_data_connect as ffiec
from ffiec_data_connect import protocol_adapter

from mockenv import CALL_RSSD, FILERS_SINCE, PANEL_PERIOD, PERIOD, SUBMISSIONS_SINCE, UBPR_RSSD

# The limiter's spacing (1 / (2500 / 3600) s); a gap at least this long
# between two calls of one adapter shows the limiter at work. Only a lower
# bound is checked: a busy machine makes gaps longer, never shorter.
SPACING_SECONDS = 3600 / 2500
SPACING_FLOOR_SECONDS = 1.3

OBSERVED = mockenv.OBSERVED


def plain(value: object) -> object:
    """numpy scalars to Python values, pandas' NA to None."""
    if value is None or repr(value) == "<NA>":
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def expected_v3_row(fact: mockenv.Fact) -> dict:
    """The row 3.x should make of a fixture fact: USD facts floor-divided by
    1000 (`int(v) // 1000`), so thousands, rounded toward minus infinity."""
    year, month, day = (int(part) for part in fact.context.split("_")[2].split("-"))
    row = {
        "mdrm": fact.mdrm,
        "rssd": fact.context.split("_")[1],
        "quarter": f"{month}/{day}/{year}",
        "int_data": None,
        "float_data": None,
        "bool_data": None,
        "str_data": None,
    }
    if fact.unit == "USD":
        row.update(data_type="int", int_data=int(fact.text) // 1000)
    elif fact.unit in ("PURE", "NON-MONETARY"):
        row.update(data_type="float", float_data=float(fact.text))
    elif fact.text in ("true", "false"):
        row.update(data_type="bool", bool_data=fact.text == "true")
    else:
        row.update(data_type="str", str_data=fact.text)
    return row


def check_facsimile(ledger: mockenv.Ledger, label: str, rows: list, fixture) -> dict:
    facts = mockenv.fixture_facts(fixture)
    expected = sorted((expected_v3_row(fact) for fact in facts),
                      key=lambda row: (row["mdrm"], row["quarter"]))
    got = sorted(({key: plain(row.get(key)) for key in expected[0]} for row in rows),
                 key=lambda row: (row["mdrm"], row["quarter"]))
    mismatches = [{"expected": want, "got": have}
                  for want, have in zip(expected, got) if want != have]
    ledger.check(f"{label}: one row per fixture fact", len(rows) == len(facts),
                 {"rows": len(rows), "fixture_facts": len(facts)})
    ledger.check(f"{label}: every row equals the fixture fact (USD in thousands)",
                 not mismatches and len(rows) == len(facts),
                 {"mismatches": mismatches[:3], "mismatch_count": len(mismatches)})
    return {"rows": len(rows), "fixture_facts": len(facts)}


def expected_v3_panel_row(row: dict) -> dict:
    """3.x's normalisation of a panel row: ids as strings (0 = none), text
    trimmed, the ZIP given back its leading zeros."""

    def some(value: int) -> str | None:
        return str(value) if value != 0 else None

    return {
        "id_rssd": str(row["ID_RSSD"]),
        "fdic_cert_number": some(row["FDICCertNumber"]),
        "occ_chart_number": some(row["OCCChartNumber"]),
        "ots_dock_number": some(row["OTSDockNumber"]),
        "primary_aba_rout_number": some(row["PrimaryABARoutNumber"]),
        "name": row["Name"].strip(),
        "state": row["State"].strip(),
        "city": row["City"].strip(),
        "address": row["Address"].strip(),
        "zip": str(row["ZIP"]).zfill(5),
        "filing_type": row["FilingType"].strip(),
        "has_filed_for_reporting_period": row["HasFiledForReportingPeriod"],
    }


def period_key(period: str) -> tuple[int, int, int]:
    month, day, year = (int(part) for part in period.split("/"))
    return (year, month, day)


def rest_entries(journal: list[dict]) -> list[dict]:
    return [entry for entry in journal if entry["protocol"] == "Rest"]


def check_wire(ledger: mockenv.Ledger, label: str, journal: list[dict], method: str,
               account: mockenv.Account, params: dict[str, str]) -> None:
    rest = rest_entries(journal)
    right = [
        entry for entry in rest
        if entry["operation"] == method
        and entry["user"] == account.name
        and entry["token_fingerprint"] == account.token_fingerprint
        and entry["authenticated"] is True
        and entry["password_type"] == "Bearer"
        and entry["http_status"] == 200
        and all(entry["params"].get(name) == value for name, value in params.items())
    ]
    ledger.check(f"{label}: one authenticated GET {method} with the parameters in headers",
                 len(rest) == 1 and len(right) == 1,
                 {"rest_requests": len(rest), "params_sent": [entry["params"] for entry in rest]})


def called(mock: mockenv.Mock, action) -> tuple[object, list[dict]]:
    mock.clear_journal()
    result = action()
    return result, mock.journal()


def run(mock: mockenv.Mock, ledger: mockenv.Ledger) -> dict:
    alice = mockenv.ACCOUNTS["alice"]
    with warnings.catch_warnings():
        # 3.x warns that a token passed directly belongs in the environment.
        warnings.simplefilter("ignore")
        creds = ffiec.OAuth2Credentials(username=alice.name, bearer_token=alice.token)
    ledger.check("the minted JWT passes 3.x's shape and expiry checks",
                 not creds.is_expired, {"credentials": repr(creds)})
    figures: dict[str, object] = {}
    call_times: list[str] = []

    served = mock.served(alice, "RetrieveReportingPeriods", dataSeries="Call")
    periods, journal = called(mock, lambda: ffiec.collect_reporting_periods(creds, series="call"))
    ledger.check("Call periods: the served list, oldest first (3.x sorts ascending)",
                 list(periods) == sorted(served, key=period_key),
                 {"count": len(periods), "first": list(periods[:2]), "last": list(periods[-1:])})
    check_wire(ledger, "Call periods", journal, "RetrieveReportingPeriods", alice,
               {"dataSeries": "Call"})
    call_times += [entry["at"] for entry in rest_entries(journal)]

    served = mock.served(alice, "RetrieveUBPRReportingPeriods")
    periods, journal = called(mock, lambda: ffiec.collect_ubpr_reporting_periods(creds))
    ledger.check("UBPR periods equal the served list", list(periods) == served,
                 {"count": len(periods), "first": list(periods[:2])})
    check_wire(ledger, "UBPR periods", journal, "RetrieveUBPRReportingPeriods", alice, {})
    call_times += [entry["at"] for entry in rest_entries(journal)]

    rows, journal = called(mock, lambda: ffiec.collect_data(
        creds, reporting_period=PERIOD, rssd_id=str(CALL_RSSD), series="call"))
    figures["call_480228"] = check_facsimile(ledger, "Call 480228", rows, mockenv.CALL_FIXTURE)
    total_assets = [plain(row["int_data"]) for row in rows if row["mdrm"] == "RCFD2170"]
    ledger.check("RCFD2170 of 480228 is 2,654,645,000 thousand dollars (2654645000000 USD)",
                 total_assets == [2_654_645_000], {"RCFD2170": total_assets})
    check_wire(ledger, "Call facsimile", journal, "RetrieveFacsimile", alice,
               {"fiId": str(CALL_RSSD), "fiIdType": "ID_RSSD", "facsimileFormat": "XBRL",
                "reportingPeriodEndDate": PERIOD, "dataSeries": "Call"})
    call_times += [entry["at"] for entry in rest_entries(journal)]

    rows, journal = called(mock, lambda: ffiec.collect_data(
        creds, reporting_period=PERIOD, rssd_id=str(UBPR_RSSD), series="ubpr"))
    figures["ubpr_451965"] = check_facsimile(ledger, "UBPR 451965 (JSON base64 with a BOM)",
                                             rows, mockenv.UBPR_FIXTURE)
    check_wire(ledger, "UBPR facsimile", journal, "RetrieveUBPRXBRLFacsimile", alice,
               {"fiId": str(UBPR_RSSD), "fiIdType": "ID_RSSD", "reportingPeriodEndDate": PERIOD})
    call_times += [entry["at"] for entry in rest_entries(journal)]

    raw_documents(mock, ledger, creds)

    served = mock.served(alice, "RetrievePanelOfReporters", dataSeries="Call",
                         reportingPeriodEndDate=PANEL_PERIOD)
    panel, journal = called(mock, lambda: ffiec.collect_filers_on_reporting_period(
        creds, reporting_period=PANEL_PERIOD))
    expected = [expected_v3_panel_row(row) for row in served]
    got = [{key: plain(row.get(key)) for key in expected[0]} for row in panel]
    differing = [i for i, (want, have) in enumerate(zip(expected, got)) if want != have]
    ledger.check("panel 12/31/2023: every row equals the served row, ZIP zero-padded",
                 len(panel) == len(served) and not differing,
                 {"rows": len(panel), "served": len(served), "differing": len(differing),
                  "first_difference": ({"got": got[differing[0]],
                                        "expected": expected[differing[0]]}
                                       if differing else None)})
    for observed in OBSERVED["panel_of_reporters_2023-12-31"]["first_rows_normalised"]:
        row = next((row for row in got if row["id_rssd"] == observed["id_rssd"]), {})
        differences = {key: {"live": value, "mock": row.get(key)}
                       for key, value in observed.items() if row.get(key) != value}
        ledger.check(f"panel row {observed['id_rssd']} matches the live service's row",
                     bool(row) and not differences, {"differences": differences})
    figures["panel_rows"] = len(panel)
    check_wire(ledger, "panel", journal, "RetrievePanelOfReporters", alice,
               {"reportingPeriodEndDate": PANEL_PERIOD, "dataSeries": "Call"})
    call_times += [entry["at"] for entry in rest_entries(journal)]

    served = mock.served(alice, "RetrieveFilersSinceDate", dataSeries="Call",
                         reportingPeriodEndDate=PANEL_PERIOD, lastUpdateDateTime=FILERS_SINCE)
    filers, journal = called(mock, lambda: ffiec.collect_filers_since_date(
        creds, reporting_period=PANEL_PERIOD, since_date=FILERS_SINCE))
    ledger.check("filers since 1/1/2023 equal the served ids (as strings), same order",
                 [str(plain(rssd)) for rssd in filers] == [str(rssd) for rssd in served],
                 {"count": len(filers), "first": [plain(rssd) for rssd in filers[:3]]})
    figures["filers_since"] = len(filers)
    check_wire(ledger, "filers since", journal, "RetrieveFilersSinceDate", alice,
               {"reportingPeriodEndDate": PANEL_PERIOD, "lastUpdateDateTime": FILERS_SINCE})
    call_times += [entry["at"] for entry in rest_entries(journal)]

    served = mock.served(alice, "RetrieveFilersSubmissionDateTime", dataSeries="Call",
                         reportingPeriodEndDate=PANEL_PERIOD,
                         lastUpdateDateTime=SUBMISSIONS_SINCE)
    times, journal = called(mock, lambda: ffiec.collect_filers_submission_date_time(
        creds, since_date=SUBMISSIONS_SINCE, reporting_period=PANEL_PERIOD))
    ledger.check("submission times equal the served pairs, same order",
                 [(str(plain(row["rssd"])), row["datetime"]) for row in times]
                 == [(str(row["ID_RSSD"]), row["DateTime"]) for row in served],
                 {"count": len(times), "first": [dict(row) for row in times[:1]]})
    figures["submissions"] = len(times)
    check_wire(ledger, "submission times", journal, "RetrieveFilersSubmissionDateTime", alice,
               {"reportingPeriodEndDate": PANEL_PERIOD, "lastUpdateDateTime": SUBMISSIONS_SINCE})
    call_times += [entry["at"] for entry in rest_entries(journal)]

    run_refusals(mock, ledger)
    figures["rate_limit"] = run_rate_limit(mock, ledger, creds, call_times)
    return {"figures": figures}


def raw_documents(mock: mockenv.Mock, ledger: mockenv.Ledger, creds) -> None:
    """The documents as bytes (3.x's `xbrl` and `pdf` outputs) and the UBPR
    function of its own: the XBRL must be the fixture, byte for byte, once
    3.x has decoded the base64 and stripped the byte-order mark."""
    alice = mockenv.ACCOUNTS["alice"]
    document = ffiec.collect_data(creds, reporting_period=PERIOD, rssd_id=str(CALL_RSSD),
                                  series="call", output_type="xbrl")
    ledger.check("Call 480228 as raw XBRL is the fixture, byte for byte",
                 document == mockenv.CALL_FIXTURE.read_bytes(), {"bytes": len(document)})

    document = ffiec.collect_ubpr_facsimile_data(creds, reporting_period=PERIOD,
                                                 rssd_id=str(UBPR_RSSD), output_type="xbrl")
    ledger.check("UBPR 451965 as raw XBRL is the fixture, byte-order mark stripped",
                 document == mockenv.UBPR_FIXTURE.read_bytes(), {"bytes": len(document)})

    rows, journal = called(mock, lambda: ffiec.collect_ubpr_facsimile_data(
        creds, reporting_period=PERIOD, rssd_id=str(UBPR_RSSD)))
    check_facsimile(ledger, "UBPR 451965 through collect_ubpr_facsimile_data", rows,
                    mockenv.UBPR_FIXTURE)
    check_wire(ledger, "UBPR facsimile function", journal, "RetrieveUBPRXBRLFacsimile", alice,
               {"fiId": str(UBPR_RSSD), "fiIdType": "ID_RSSD", "reportingPeriodEndDate": PERIOD})

    pdf, journal = called(mock, lambda: ffiec.collect_data(
        creds, reporting_period=PERIOD, rssd_id=str(CALL_RSSD), series="call",
        output_type="pdf"))
    ledger.check("Call 480228 as PDF: a PDF document",
                 isinstance(pdf, bytes) and pdf.startswith(b"%PDF-"),
                 {"bytes": len(pdf), "starts": pdf[:8].decode("latin-1")})
    check_wire(ledger, "Call PDF", journal, "RetrieveFacsimile", alice,
               {"fiId": str(CALL_RSSD), "facsimileFormat": "PDF"})


def run_refusals(mock: mockenv.Mock, ledger: mockenv.Ledger) -> None:
    """Tokens 3.x must refuse by itself, and one only the service can refuse."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mock.clear_journal()
        expired = capture(lambda: ffiec.collect_ubpr_reporting_periods(ffiec.OAuth2Credentials(
            username="alice", bearer_token=mockenv.unsigned_jwt("alice", 0, 1_000_000_000))))
        sent = len(rest_entries(mock.journal()))
        ledger.check("an expired JWT: 3.x raises before sending anything",
                     expired is not None and sent == 0, {"raised": expired, "requests_sent": sent})

        shape = capture(lambda: ffiec.OAuth2Credentials(username="alice",
                                                        bearer_token="not-a-jwt-token-at-all"))
        ledger.check("a token not shaped ey...'.': 3.x refuses it at construction",
                     shape is not None, {"raised": shape})

        mock.clear_journal()
        forged = ffiec.OAuth2Credentials(username="alice",
                                         bearer_token=mockenv.unsigned_jwt("mallory"))
        refusal = capture(lambda: ffiec.collect_ubpr_reporting_periods(forged))
        entries = rest_entries(mock.journal())
        ledger.check("a well-shaped token of no account: the mock answers 400, 3.x raises",
                     refusal is not None and [entry["http_status"] for entry in entries] == [400],
                     {"raised": refusal, "statuses": [entry["http_status"] for entry in entries],
                      "fault_codes": [entry["fault_code"] for entry in entries]})


def run_rate_limit(mock: mockenv.Mock, ledger: mockenv.Ledger, creds, call_times: list[str]):
    """Two calls through one adapter are spaced by its limiter; calls through
    the public functions each get a fresh limiter (finding N6)."""
    adapter = protocol_adapter.RESTAdapter(creds)
    mock.clear_journal()
    adapter.retrieve_ubpr_reporting_periods()
    adapter.retrieve_ubpr_reporting_periods()
    shared_gap = gaps([entry["at"] for entry in rest_entries(mock.journal())])
    ledger.check(f"one adapter spaces its calls at least {SPACING_FLOOR_SECONDS} s apart",
                 len(shared_gap) == 1 and shared_gap[0] >= SPACING_FLOOR_SECONDS,
                 {"gap_seconds": shared_gap})

    public_gaps = gaps(call_times)
    return {
        "limiter_spacing_seconds": round(SPACING_SECONDS, 3),
        "one_adapter_gap_seconds": shared_gap,
        "public_function_calls": len(call_times),
        "public_function_gaps_shorter_than_spacing": sum(
            1 for gap in public_gaps if gap < SPACING_SECONDS),
        "public_function_min_gap_seconds": min(public_gaps) if public_gaps else None,
    }


def gaps(stamps: list[str]) -> list[float]:
    """Seconds between consecutive journal timestamps (RFC 3339, ns precision)."""
    def seconds(stamp: str) -> float:
        whole, _, fraction = stamp.rstrip("Z").partition(".")
        base = datetime.fromisoformat(whole).timestamp()
        return base + float(f"0.{fraction or '0'}")

    times = [seconds(stamp) for stamp in stamps]
    return [round(later - earlier, 3) for earlier, later in zip(times, times[1:])]


def capture(action) -> dict | None:
    try:
        action()
    except Exception as error:  # noqa: BLE001 - recording whatever 3.x raises
        return {"type": type(error).__name__, "message": str(error)[:200]}
    return None


def main() -> int:
    mock = mockenv.mock_from_env()
    protocol_adapter.RESTAdapter.BASE_URL = mock.rest_url

    ledger = mockenv.Ledger("v3-rest")
    details = ledger.guarded("3.x driver ran to the end", lambda: run(mock, ledger)) or {}
    ledger.write(mockenv.output_path("drive_v3.json"), {
        "library": f"ffiec-data-connect {ffiec.__version__}",
        "protocol": "REST (httpx)",
        **details,
    })
    return 0 if all(check["passed"] for check in ledger.checks) else 1


if __name__ == "__main__":
    sys.exit(main())
