import Collectors
import ComplianceCore
import Foundation

/// The stored and printed forms of a run's results. Keys are snake_case and sorted, so the same
/// findings always make the same bytes (and the same evidence hash).
public enum CollectionDocument {
    static func json(_ value: Any) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted])) ?? Data()
        return Array(data) + [0x0A]
    }

    static func run(_ result: CollectionResult, runID: UUID?) -> [String: Any] {
        var run: [String: Any] = [
            "started_at": Timestamp.rfc3339(result.startedAt), "finished_at": Timestamp.rfc3339(result.finishedAt),
            "connector": result.connector, "connector_version": result.connectorVersion, "account": result.account, "regions": result.regions,
        ]
        run["id"] = runID?.uuidString.lowercased() ?? NSNull()
        return run
    }

    static func check(_ outcome: CheckOutcome) -> [String: Any] {
        [
            "id": outcome.check.id, "title": outcome.check.title, "service": outcome.check.service, "resource_type": outcome.check.resourceType,
            "criteria": outcome.check.criteria.map { ["id": $0.criterion, "direct": $0.direct] as [String: Any] },
            "status": outcome.status.rawValue, "reason": outcome.reason ?? NSNull(),
            "resources": outcome.resources.map { resource in
                ["id": resource.id, "arn": resource.arn, "region": resource.region, "status": resource.status.rawValue, "detail": resource.detail]
            },
        ]
    }

    static func calls(_ result: CollectionResult) -> [[String: Any]] {
        result.calls.map { ["action": $0.action, "count": $0.count, "retries": $0.retries] }
    }

    /// One check's findings as evidence: the check, its verdict, and the run that produced it with
    /// every API call the run made.
    static func check(_ outcome: CheckOutcome, of result: CollectionResult, runID: UUID, demo: Bool) -> [UInt8] {
        json(["run": run(result, runID: runID), "check": check(outcome), "api_calls": calls(result), "demo": demo])
    }

    /// What `attest collect … --json` prints: the run and every check.
    public static func printed(_ result: CollectionResult, runID: UUID?) -> [UInt8] {
        json(["run": run(result, runID: runID), "checks": result.outcomes.map(check), "api_calls": calls(result)])
    }

    /// Every finding of the run, one row each, for people who read it in a spreadsheet.
    static func findingsCSV(_ result: CollectionResult) -> String {
        let header = ["check", "check_status", "resource", "arn", "region", "status", "detail", "criteria"]
        let rows = result.outcomes.flatMap { outcome in
            let criteria = outcome.check.criteria.map { $0.criterion + ($0.direct ? "" : " (indirect)") }.joined(separator: "; ")
            if outcome.resources.isEmpty {
                return [[outcome.check.id, outcome.status.rawValue, "", "", "", outcome.status.rawValue, outcome.reason ?? "", criteria]]
            }
            return outcome.resources.map {
                [outcome.check.id, outcome.status.rawValue, $0.id, $0.arn, $0.region, $0.status.rawValue, $0.detail, criteria]
            }
        }
        return ([header] + rows).map(CSV.line).joined()
    }
}
