"""Drives the real ffiec-data-connect 0.2.7 (SOAP through zeep) against the
mock and checks every answer against what the mock served.

Ground truth comes from two places the library cannot influence: the real
XBRL fixtures the mock serves for RSSD 480228 (Call) and 451965 (UBPR) at
6/30/2026, and the mock's own REST answers read with the standard library
(`Mock.served`). The mock's journal shows what the library put on the wire.

Usage (run.sh sets the environment): python drive_v027.py [results.json]
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import mockenv
from ffiec_data_connect import constants, credentials, ffiec_connection, methods

from mockenv import CALL_RSSD, FILERS_SINCE, PANEL_PERIOD, PERIOD, SUBMISSIONS_SINCE, UBPR_RSSD
# An RSSD the mock does not know: its facsimile is "not found".
UNKNOWN_RSSD = 1

OBSERVED = mockenv.OBSERVED


def expected_v027_row(fact: mockenv.Fact) -> dict:
    """The row 0.2.7's XBRL step should make of a fixture fact.

    0.2.7 divides USD facts by 1000 with a float division and truncates
    (`int(int(v) / 1000)`), so it reports thousands and drops any remainder.
    """
    context_date = fact.context.split("_")[2]
    year, month, day = (int(part) for part in context_date.split("-"))
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
        row.update(data_type="int", int_data=int(int(fact.text) / 1000))
    elif fact.unit in ("PURE", "NON-MONETARY"):
        row.update(data_type="float", float_data=float(fact.text))
    elif fact.text in ("true", "false"):
        row.update(data_type="bool", bool_data=fact.text == "true")
    else:
        row.update(data_type="str", str_data=fact.text)
    return row


def check_facsimile(ledger: mockenv.Ledger, label: str, rows: list, fixture: Path) -> dict:
    """Compares 0.2.7's rows with the fixture's facts, one for one."""
    facts = mockenv.fixture_facts(fixture)
    expected = [expected_v027_row(fact) for fact in facts]
    key = lambda row: (row["mdrm"], row["quarter"])  # noqa: E731 - a sort key
    mismatches = [
        {"expected": want, "got": got}
        for want, got in zip(sorted(expected, key=key), sorted(rows, key=key))
        if want != got
    ]
    ledger.check(f"{label}: one row per fixture fact", len(rows) == len(facts),
                 {"rows": len(rows), "fixture_facts": len(facts)})
    ledger.check(f"{label}: every row equals the fixture fact (USD in thousands)",
                 not mismatches and len(rows) == len(facts),
                 {"mismatches": mismatches[:3], "mismatch_count": len(mismatches)})
    usd = [fact for fact in facts if fact.unit == "USD"]
    return {
        "rows": len(rows),
        "fixture_facts": len(facts),
        "usd_facts": len(usd),
        "usd_facts_not_whole_thousands": sum(1 for fact in usd if int(fact.text) % 1000),
    }


def expected_v027_panel_row(row: dict) -> dict:
    """0.2.7's documented normalisation of a panel row: ids as strings with
    0 meaning none, text trimmed. (It looks for a field named `Zip`, which
    the WSDL calls `ZIP`, so 0.2.7 never outputs a ZIP code.)"""

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
        "filing_type": row["FilingType"].strip(),
        "has_filed_for_reporting_period": row["HasFiledForReportingPeriod"],
    }


class Session:
    """One 0.2.7 connection and credential pair, and the journal of each call."""

    def __init__(self, mock: mockenv.Mock, account: mockenv.Account) -> None:
        self.mock = mock
        self.account = account
        self.connection = ffiec_connection.FFIECConnection()
        self.creds = credentials.WebserviceCredentials(account.name, account.token)

    def call(self, action) -> tuple[object, list[dict]]:
        """Runs `action(connection, creds)` on a cleared journal and returns
        its result with the requests it made."""
        self.mock.clear_journal()
        result = action(self.connection, self.creds)
        return result, self.mock.journal()


def soap_entries(journal: list[dict]) -> list[dict]:
    return [entry for entry in journal if entry["protocol"] in ("Soap11", "Soap12")]


def check_wire(ledger: mockenv.Ledger, label: str, journal: list[dict], operation: str,
               account: mockenv.Account, params: dict[str, str]) -> dict:
    """Checks what the library sent for one call, as the mock recorded it."""
    soap = soap_entries(journal)
    wsdl = [entry for entry in journal if entry["protocol"] == "Wsdl"]
    sent_right = [
        entry for entry in soap
        if entry["operation"] == operation
        and entry["user"] == account.name
        and entry["token_fingerprint"] == account.token_fingerprint
        and entry["authenticated"] is True
        and entry["password_type"] == "Text"
        and all(entry["params"].get(name) == value for name, value in params.items())
    ]
    ledger.check(
        f"{label}: one authenticated {operation} request with the expected parameters",
        len(soap) == 1 and len(sent_right) == 1,
        {"soap_requests": len(soap), "params_sent": [entry["params"] for entry in soap],
         "protocols": sorted({entry["protocol"] for entry in soap})},
    )
    return {"operation": operation, "soap_requests": len(soap), "wsdl_downloads": len(wsdl)}


def run(mock: mockenv.Mock, ledger: mockenv.Ledger) -> dict:
    alice = mockenv.ACCOUNTS["alice"]
    session = Session(mock, alice)
    wire: dict[str, dict] = {}
    figures: dict[str, object] = {}

    # test_credentials prints its verdict and returns None; it raises on a refusal.
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        _, journal = session.call(lambda conn, creds: creds.test_credentials(conn))
    ledger.check("test_credentials accepts the mock account",
                 "Your credentials are valid." in printed.getvalue(),
                 {"printed": printed.getvalue().strip().splitlines()})
    wire["test_credentials"] = check_wire(ledger, "test_credentials", journal,
                                          "TestUserAccess", alice, {})

    # test_connection GETs a page through the connection's session; the
    # WSDL address stands in for its default, google.com.
    reached, journal = session.call(lambda conn, _: conn.test_connection(mock.wsdl_url))
    ledger.check("test_connection reaches the mock's WSDL page",
                 reached is True and [entry["protocol"] for entry in journal] == ["Wsdl"],
                 {"returned": reached, "requests": [entry["protocol"] for entry in journal]})

    served_call = mock.served(alice, "RetrieveReportingPeriods", dataSeries="Call")
    periods, journal = session.call(
        lambda conn, creds: methods.collect_reporting_periods(conn, creds, series="call"))
    ledger.check("Call periods equal the served list, newest first", periods == served_call,
                 {"count": len(periods), "first": periods[:2], "last": periods[-1:]})
    wire["collect_reporting_periods(call)"] = check_wire(
        ledger, "Call periods", journal, "RetrieveReportingPeriods", alice, {"dataSeries": "Call"})

    served_ubpr = mock.served(alice, "RetrieveUBPRReportingPeriods")
    periods, journal = session.call(
        lambda conn, creds: methods.collect_reporting_periods(conn, creds, series="ubpr"))
    ledger.check("UBPR periods equal the served list, oldest first", periods == served_ubpr,
                 {"count": len(periods), "first": periods[:2], "last": periods[-1:]})
    wire["collect_reporting_periods(ubpr)"] = check_wire(
        ledger, "UBPR periods", journal, "RetrieveUBPRReportingPeriods", alice, {})

    rows, journal = session.call(
        lambda conn, creds: methods.collect_data(conn, creds, PERIOD, str(CALL_RSSD), "call"))
    figures["call_480228"] = check_facsimile(ledger, "Call 480228", rows, mockenv.CALL_FIXTURE)
    total_assets = [row["int_data"] for row in rows if row["mdrm"] == "RCFD2170"]
    ledger.check("RCFD2170 of 480228 is 2,654,645,000 thousand dollars (2654645000000 USD)",
                 total_assets == [2_654_645_000], {"RCFD2170": total_assets})
    wire["collect_data(call)"] = check_wire(
        ledger, "Call facsimile", journal, "RetrieveFacsimile", alice,
        {"fiID": str(CALL_RSSD), "fiIDType": "ID_RSSD", "facsimileFormat": "XBRL",
         "reportingPeriodEndDate": PERIOD, "dataSeries": "Call"})

    rows, journal = session.call(
        lambda conn, creds: methods.collect_data(conn, creds, "2Q2026", str(UBPR_RSSD), "ubpr"))
    figures["ubpr_451965"] = check_facsimile(ledger, "UBPR 451965 (served with a BOM)", rows,
                                             mockenv.UBPR_FIXTURE)
    wire["collect_data(ubpr)"] = check_wire(
        ledger, "UBPR facsimile", journal, "RetrieveUBPRXBRLFacsimile", alice,
        {"fiID": str(UBPR_RSSD), "fiIDType": "ID_RSSD", "reportingPeriodEndDate": PERIOD})

    served_panel = mock.served(alice, "RetrievePanelOfReporters", dataSeries="Call",
                               reportingPeriodEndDate=PANEL_PERIOD)
    panel, journal = session.call(
        lambda conn, creds: methods.collect_filers_on_reporting_period(conn, creds, PANEL_PERIOD))
    expected_panel = [expected_v027_panel_row(row) for row in served_panel]
    differing = [i for i, (want, got) in enumerate(zip(expected_panel, panel)) if want != got]
    ledger.check("panel 12/31/2023: every row equals the served row, normalised as 0.2.7 does",
                 len(panel) == len(served_panel) and not differing,
                 {"rows": len(panel), "served": len(served_panel), "differing": len(differing),
                  "first_difference": (
                      {"got": panel[differing[0]], "expected": expected_panel[differing[0]]}
                      if differing else None)})
    observed_rows = OBSERVED["panel_of_reporters_2023-12-31"]["first_rows_normalised"]
    for observed in observed_rows:
        got = next((row for row in panel if row["id_rssd"] == observed["id_rssd"]), None)
        comparable = {key: value for key, value in observed.items() if key != "zip"}
        differences = {key: {"live": value, "mock": (got or {}).get(key)}
                       for key, value in comparable.items() if (got or {}).get(key) != value}
        ledger.check(f"panel row {observed['id_rssd']} matches the live service's row",
                     got is not None and not differences, {"differences": differences})
    figures["panel_rows"] = len(panel)
    figures["panel_rows_with_zip_key"] = sum(1 for row in panel if "zip" in row)
    wire["collect_filers_on_reporting_period"] = check_wire(
        ledger, "panel", journal, "RetrievePanelOfReporters", alice,
        {"reportingPeriodEndDate": PANEL_PERIOD, "dataSeries": "Call"})

    served_filers = mock.served(alice, "RetrieveFilersSinceDate", dataSeries="Call",
                                reportingPeriodEndDate=PANEL_PERIOD,
                                lastUpdateDateTime=FILERS_SINCE)
    filers, journal = session.call(lambda conn, creds: methods.collect_filers_since_date(
        conn, creds, PANEL_PERIOD, "2023-01-01"))
    ledger.check("filers since 1/1/2023 equal the served ids, same order",
                 list(filers) == served_filers, {"count": len(filers), "first": list(filers[:3])})
    live_filers = OBSERVED["filers_since_date_2023-12-31_since_2023-01-01"]
    observed_ids = live_filers["first_ten_as_returned"]
    ledger.check("filers include the ten ids the live service returned first",
                 set(observed_ids) <= set(filers),
                 {"missing": sorted(set(observed_ids) - set(filers))})
    figures["filers_since"] = len(filers)
    wire["collect_filers_since_date"] = check_wire(
        ledger, "filers since", journal, "RetrieveFilersSinceDate", alice,
        {"reportingPeriodEndDate": PANEL_PERIOD, "lastUpdateDateTime": FILERS_SINCE})

    served_times = mock.served(alice, "RetrieveFilersSubmissionDateTime", dataSeries="Call",
                               reportingPeriodEndDate=PANEL_PERIOD,
                               lastUpdateDateTime=SUBMISSIONS_SINCE)
    times, journal = session.call(lambda conn, creds: methods.collect_filers_submission_date_time(
        conn, creds, "10/01/2023", PANEL_PERIOD))
    expected_times = [{"rssd": row["ID_RSSD"], "datetime": row["DateTime"]} for row in served_times]
    ledger.check("submission times equal the served pairs, same order", times == expected_times,
                 {"count": len(times), "first": times[:2]})
    figures["submissions"] = len(times)
    wire["collect_filers_submission_date_time"] = check_wire(
        ledger, "submission times", journal, "RetrieveFilersSubmissionDateTime", alice,
        {"reportingPeriodEndDate": PANEL_PERIOD, "lastUpdateDateTime": SUBMISSIONS_SINCE})

    run_refusals(mock, ledger, session)

    ledger.check("F5: every call downloads the WSDL again (one new zeep client per call)",
                 all(entry["wsdl_downloads"] >= 1 for entry in wire.values()),
                 {name: entry["wsdl_downloads"] for name, entry in wire.items()})
    return {"wire": wire, "figures": figures}


def run_refusals(mock: mockenv.Mock, ledger: mockenv.Ledger, session: Session) -> None:
    """A bad token and an unknown bank: the faults must reach the caller."""
    alice = mockenv.ACCOUNTS["alice"]
    forged = credentials.WebserviceCredentials(alice.name, mockenv.unsigned_jwt("mallory"))

    mock.clear_journal()
    with contextlib.redirect_stdout(io.StringIO()):
        refusal = capture(lambda: forged.test_credentials(session.connection))
    soap = soap_entries(mock.journal())
    ledger.check("a wrong token: test_credentials raises, the mock faulted FailedAuthentication",
                 refusal is not None and len(soap) == 1
                 and soap[0]["authenticated"] is False
                 and (soap[0]["fault_code"] or "").endswith("FailedAuthentication"),
                 {"raised": refusal, "fault_code": [entry["fault_code"] for entry in soap]})

    mock.clear_journal()
    refusal = capture(lambda: methods.collect_reporting_periods(session.connection, forged))
    ledger.check("a wrong token on a data call raises zeep's Fault naming FailedAuthentication",
                 refusal is not None and refusal["type"] == "Fault"
                 and "FailedAuthentication" in refusal["code"], {"raised": refusal})

    refusal = capture(lambda: methods.collect_data(
        session.connection, session.creds, PERIOD, str(UNKNOWN_RSSD), "call"))
    ledger.check("an unknown bank raises zeep's Fault with FacsimileNotFoundOrUnavailable",
                 refusal is not None and "FacsimileNotFound" in refusal["code"],
                 {"raised": refusal})


def capture(action) -> dict | None:
    """Runs `action`; returns the exception it raised (type, fault code, text) or None."""
    try:
        action()
    except Exception as error:  # noqa: BLE001 - 0.2.7 raises bare Exception
        return {"type": type(error).__name__, "code": str(getattr(error, "code", "") or ""),
                "message": str(error)[:200]}
    return None


def main() -> int:
    mock = mockenv.mock_from_env()
    # 0.2.7 reads this class attribute on every call, so pointing it at the
    # mock is all the configuration the library needs.
    constants.WebserviceConstants.base_url = mock.wsdl_url

    ledger = mockenv.Ledger("v0.2.7-soap")
    details = ledger.guarded("0.2.7 driver ran to the end", lambda: run(mock, ledger)) or {}
    ledger.write(mockenv.output_path("drive_v027.json"), {
        "library": "ffiec-data-connect 0.2.7",
        "protocol": "SOAP 1.1 (zeep)",
        **details,
    })
    return 0 if all(check["passed"] for check in ledger.checks) else 1


if __name__ == "__main__":
    sys.exit(main())
