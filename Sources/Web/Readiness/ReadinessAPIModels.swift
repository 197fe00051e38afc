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
    let remediation: [RemediationItemBody]
    let snapshots: [ReadinessSnapshotBody]

    init(readiness: ReadinessReport, remediation: [RemediationItem], snapshots: [ReadinessSnapshot]) {
        self.readiness = readiness
        self.remediation = remediation.map(RemediationItemBody.init)
        self.snapshots = snapshots.map(ReadinessSnapshotBody.init)
    }
}

struct SnapshotResult: ResponseEncodable {
    let snapshot: ReadinessSnapshotBody

    init(snapshot: ReadinessSnapshot) {
        self.snapshot = ReadinessSnapshotBody(snapshot)
    }
}

struct RemediationResult: ResponseEncodable {
    let remediation: RemediationItemBody

    init(remediation: RemediationItem) {
        self.remediation = RemediationItemBody(remediation)
    }
}

struct CrosswalkResult: ResponseEncodable {
    let source: String
    let annexACount: Int
    let covered: Int
    let coverage: [Crosswalk.Coverage]
    let gaps: [String]
}
