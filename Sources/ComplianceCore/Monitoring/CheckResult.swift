import Foundation

/// A check's verdict. `error` means the source did not answer (refused, timed out, not
/// implemented): the check says nothing about the control and is never counted as a pass.
public enum CheckStatus: String, Codable, Sendable, CaseIterable, Comparable {
    case pass, fail, error
    case notApplicable = "not_applicable"

    /// Worst first when a check's resources are rolled up: one failing resource fails the check.
    var severity: Int {
        switch self {
        case .fail: 3
        case .error: 2
        case .pass: 1
        case .notApplicable: 0
        }
    }

    public static func < (left: CheckStatus, right: CheckStatus) -> Bool { left.severity < right.severity }
}

/// A criterion a check gives evidence for, and how: `direct` when the check itself shows the
/// criterion's point of focus is met (MFA is on), `indirect` when it supports one piece of it.
public struct CriterionSupport: Codable, Sendable, Hashable {
    public let criterion: String
    public let direct: Bool

    public init(_ criterion: String, direct: Bool) {
        self.criterion = criterion
        self.direct = direct
    }
}

/// What a check is, without how it runs: enough for the coverage page and the evidence's label.
public struct CheckDescriptor: Codable, Sendable, Hashable {
    /// Prowler's id where Prowler has the same check, so results compare one to one.
    public let id: String
    public let title: String
    /// `aws`, `github`, `okta`, `google`.
    public let connector: String
    /// `iam`, `s3`, `ec2`, … for AWS; `organization`, `repository` for GitHub.
    public let service: String
    public let resourceType: String
    public let criteria: [CriterionSupport]

    public init(id: String, title: String, connector: String, service: String, resourceType: String, criteria: [CriterionSupport]) {
        self.id = id
        self.title = title
        self.connector = connector
        self.service = service
        self.resourceType = resourceType
        self.criteria = criteria
    }
}

/// One resource's verdict within a check.
public struct ResourceFinding: Codable, Sendable, Hashable {
    /// The resource's own name or id (a user name, a bucket, `sg-…`).
    public let id: String
    /// Its ARN, or the source's URL for the resource where there is no ARN.
    public let arn: String
    public let region: String
    public let status: CheckStatus
    public let detail: String

    public init(id: String, arn: String, region: String, status: CheckStatus, detail: String) {
        self.id = id
        self.arn = arn
        self.region = region
        self.status = status
        self.detail = detail
    }
}

/// A check's result in one run.
public struct CheckOutcome: Codable, Sendable, Hashable {
    public let check: CheckDescriptor
    public let status: CheckStatus
    public let resources: [ResourceFinding]
    /// Why the check is `error` or `not_applicable`, in the source's words where it gave any.
    public let reason: String?

    public init(check: CheckDescriptor, resources: [ResourceFinding], reason: String? = nil) {
        self.check = check
        self.resources = resources.sorted { ($0.region, $0.arn) < ($1.region, $1.arn) }
        self.reason = reason
        status = resources.map(\.status).max() ?? .notApplicable
    }

    /// A check that could not look: every region or service it needed failed.
    public init(check: CheckDescriptor, error reason: String) {
        self.check = check
        resources = []
        self.reason = reason
        status = .error
    }

    public var failing: [ResourceFinding] { resources.filter { $0.status == .fail } }
}
