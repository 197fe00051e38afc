import ComplianceCore
import Foundation
import Hummingbird

/// A collector run as the API shows it: the run record, never the stored type itself.
struct CollectorRunBody: Encodable, Sendable {
    let id: UUID
    let connector: String
    let connectorVersion: String
    let account: String
    let regions: [String]
    let startedBy: String
    let startedAt: Date
    let finishedAt: Date
    let apiCalls: Int
    let calls: [Call]
    let errors: [String]
    let checks: [Check]
    let listings: [ListingBody]
    let demo: Bool

    struct Call: Encodable, Sendable {
        let action: String
        let count: Int
        let retries: Int
    }

    struct Check: Encodable, Sendable {
        let check: String
        let status: String
        let resources: Int
        let failing: Int
        let reason: String?
        let evidenceId: UUID?
    }

    struct ListingBody: Encodable, Sendable {
        let name: String
        let title: String
        let rows: Int
        let sourceCount: Int?
        let evidenceId: UUID
    }

    init(_ run: CollectorRun) {
        id = run.id
        connector = run.connector
        connectorVersion = run.connectorVersion
        account = run.account
        regions = run.regions
        startedBy = run.startedBy
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        apiCalls = run.callCount
        calls = run.calls.map { Call(action: $0.action, count: $0.count, retries: $0.retries) }
        errors = run.errors
        checks = run.checks.map {
            Check(
                check: $0.check, status: $0.status.rawValue, resources: $0.resources, failing: $0.failing, reason: $0.reason,
                evidenceId: $0.evidenceID)
        }
        listings = run.listings.map {
            ListingBody(name: $0.name, title: $0.title, rows: $0.rows, sourceCount: $0.sourceCount, evidenceId: $0.evidenceID)
        }
        demo = run.demo
    }

    enum CodingKeys: String, CodingKey {
        case id, connector, account, regions, calls, errors, checks, listings, demo
        case connectorVersion = "connector_version"
        case startedBy = "started_by"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case apiCalls = "api_calls"
    }
}

extension CollectorRunBody.Check {
    enum CodingKeys: String, CodingKey {
        case check, status, resources, failing, reason
        case evidenceId = "evidence_id"
    }
}

extension CollectorRunBody.ListingBody {
    enum CodingKeys: String, CodingKey {
        case name, title, rows
        case sourceCount = "source_count"
        case evidenceId = "evidence_id"
    }
}

struct CollectorRunList: ResponseEncodable {
    let runs: [CollectorRunBody]
}

struct CollectorRunResult: ResponseEncodable {
    let run: CollectorRunBody
}
