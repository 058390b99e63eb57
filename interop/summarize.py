"""Merges the drivers' parts into `results.json` and prints the summary.

    python summarize.py OUT_DIR MOCK_URL

Reads OUT_DIR/drive_v027.json, drive_v3.json and race_v027.json (a missing
part counts as one failed check), writes OUT_DIR/results.json, prints one
line per failed check, the findings table, and last `N passed, M failed`.
Standard library only.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

SCHEMA = "ffiec-interop-results/1"
PARTS = ("drive_v027.json", "drive_v3.json", "race_v027.json")

# The order the race-audit report lists findings in.
REPORTED_FINDINGS = ("F3", "S2", "N1", "S1", "F1", "F2", "F5", "F8", "N2", "N6", "proxy_path")


def load_part(directory: Path, name: str) -> dict:
    path = directory / name
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as error:
        return {
            "suite": name.removesuffix(".json"),
            "passed": 0,
            "failed": 1,
            "checks": [{"name": f"{name} was written", "passed": False,
                        "detail": {"error": str(error)}}],
        }


def driver_findings(v027: dict, v3: dict) -> dict:
    """F5 from 0.2.7's WSDL downloads, N6 from 3.x's call spacing."""
    findings = {}
    wire = v027.get("wire")
    if wire:
        downloads = sum(entry["wsdl_downloads"] for entry in wire.values())
        findings["F5"] = {
            "showed": all(entry["wsdl_downloads"] >= 1 for entry in wire.values()),
            "count": downloads,
            "of": len(wire),
            "what": f"WSDL downloads ({downloads}) over 0.2.7's calls ({len(wire)}): "
                    "a new zeep client per call, two in collect_filers_submission_date_time",
        }
    rate = v3.get("figures", {}).get("rate_limit")
    if rate:
        gaps = max(rate["public_function_calls"] - 1, 0)
        findings["N6"] = {
            "showed": rate["public_function_gaps_shorter_than_spacing"] > 0,
            "count": rate["public_function_gaps_shorter_than_spacing"],
            "of": gaps,
            "what": "gaps between consecutive 3.x collect_* calls shorter than its limiter's "
                    f"{rate['limiter_spacing_seconds']} s spacing (each call builds a new limiter)",
        }
    return findings


def main(argv: list[str]) -> int:
    directory, mock_url = Path(argv[1]), argv[2]
    v027, v3, race = (load_part(directory, name) for name in PARTS)
    suites = [v027, v3, race]
    passed = sum(suite.get("passed", 0) for suite in suites)
    failed = sum(suite.get("failed", 0) for suite in suites)
    findings = {**race.get("findings", {}), **driver_findings(v027, v3)}
    ordered = {key: findings[key] for key in REPORTED_FINDINGS if key in findings}

    document = {
        "schema": SCHEMA,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "mock_url": mock_url,
        "passed": passed,
        "failed": failed,
        "findings": ordered,
        "suites": suites,
    }
    (directory / "results.json").write_text(json.dumps(document, indent=2, default=str) + "\n")

    print()
    print("Real clients against ffiec-mock")
    for suite in suites:
        print(f"  {suite.get('suite')}: {suite.get('passed', 0)} passed, "
              f"{suite.get('failed', 0)} failed  ({suite.get('library', '')})")
        for check in suite.get("checks", []):
            if not check["passed"]:
                detail = json.dumps(check.get("detail"), default=str)[:240]
                print(f"    FAILED {check['name']}: {detail}")
    print("Findings, as the real library showed them:")
    for key, verdict in ordered.items():
        shown = "yes" if verdict["showed"] else "no "
        count = f"{verdict.get('count', '-')} of {verdict.get('of', '-')}"
        print(f"  {key:<10} {shown}  {count:>14}  {verdict['what']}")
    print(f"results: {directory / 'results.json'}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
