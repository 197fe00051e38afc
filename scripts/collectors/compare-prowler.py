#!/usr/bin/env python3
"""Compares `attest collect aws --json` with Prowler's `-M json-ocsf` output on the same account.

For every check both ran, the failing resources must be the same. Resources are matched by ARN,
or, where the two tools name an account-level resource differently (a region without a trail, a
detector that does not exist), by region. Prints one line per check and exits 1 on a difference.

    scripts/collectors/compare-prowler.py attest.json prowler.ocsf.json [--markdown]
"""
import json
import sys

attest_path, prowler_path = sys.argv[1], sys.argv[2]
markdown = "--markdown" in sys.argv
attest = json.load(open(attest_path))
prowler = json.load(open(prowler_path))

# Resources named after the account or a region rather than a thing: matched by region.
by_region = {"cloudtrail_multi_region_enabled", "guardduty_is_enabled", "config_recorder_all_regions_enabled",
             "ec2_ebs_default_encryption", "s3_account_level_public_access_blocks", "iam_password_policy_minimum_length_14",
             "iam_password_policy_reuse_24", "iam_root_mfa_enabled", "iam_no_root_access_key"}


def key(check, arn, region):
    if check in by_region:
        return region or "global"
    return arn.rstrip("/")


prowler_checks = {}
for finding in prowler:
    check = finding["metadata"]["event_code"]
    entry = prowler_checks.setdefault(check, {"fail": set(), "pass": set(), "other": set()})
    region = finding.get("cloud", {}).get("region", "")
    if check in by_region and region in ("", "global"):
        region = "us-east-1"
    for resource in finding["resources"]:
        status = finding["status_code"].lower()
        entry[status if status in ("fail", "pass") else "other"].add(key(check, resource["uid"], region if check in by_region else ""))

differences = 0
rows = []
for check in attest["checks"]:
    cid = check["id"]
    mine_fail = {key(cid, r["arn"], "us-east-1" if r["region"] == "global" else r["region"]) for r in check["resources"] if r["status"] == "fail"}
    mine_error = [r for r in check["resources"] if r["status"] == "error"]
    if cid not in prowler_checks:
        rows.append((cid, check["status"], "not run by Prowler", len(mine_fail), "-", "—"))
        continue
    theirs = prowler_checks[cid]["fail"]
    same = mine_fail == theirs
    if not same:
        differences += 1
    verdict = "same" if same else f"DIFFERENT: only Attest {sorted(mine_fail - theirs)[:4]}, only Prowler {sorted(theirs - mine_fail)[:4]}"
    rows.append((cid, check["status"] + (" (error)" if mine_error else ""), verdict, len(mine_fail), len(theirs), "✓" if same else "✗"))

if markdown:
    print("| check | Attest | failing (Attest) | failing (Prowler) | same |")
    print("|---|---|---|---|---|")
    for cid, status, verdict, mine, theirs, mark in rows:
        print(f"| `{cid}` | {status} | {mine} | {theirs} | {mark if theirs != '-' else 'not in Prowler run'} |")
else:
    for cid, status, verdict, mine, theirs, mark in rows:
        print(f"{mark} {cid:62} attest {mine:>4} failing, prowler {theirs!s:>4}: {verdict}")
compared = sum(1 for r in rows if r[4] != "-")
print(f"{compared} checks compared, {differences} different", file=sys.stderr)
sys.exit(1 if differences else 0)
