import ComplianceCore
import Foundation
import Hummingbird
import UseCases

struct RemediationRequest: StrictBody {
    static let fields: Set<String> = ["criterion", "owner", "due_date", "plan"]
    let criterion: String
    let owner: String
    let dueDate: Day
    let plan: String
    enum CodingKeys: String, CodingKey {
        case criterion, owner, plan
        case dueDate = "due_date"
    }
}

struct ReadinessResult: ResponseEncodable {
    let readiness: ReadinessReport
    let remediation: [RemediationItem]
    let snapshots: [ReadinessSnapshot]
}

struct SnapshotResult: ResponseEncodable { let snapshot: ReadinessSnapshot }

struct RemediationResult: ResponseEncodable { let remediation: RemediationItem }

struct CrosswalkResult: ResponseEncodable {
    let source: String
    let annexACount: Int
    let covered: Int
    let coverage: [Crosswalk.Coverage]
    let gaps: [String]
}
