import ComplianceCore
import Foundation

/// Every AWS check, in the order the coverage page lists them. Ids are Prowler's where Prowler has
/// the same check, so a user moving from Prowler recognises them and results compare one to one.
public enum AWSChecks {
    public static let all: [Check<AWSFacts>] = identity + storage + logging + network + databases

    public static var descriptors: [CheckDescriptor] { all.map(\.descriptor) }

    /// The clock the age-based checks judge against; a run sets it once so all checks agree.
    @TaskLocal public static var now = Date()

    static func check(
        _ id: String, _ title: String, service: String, resource: String, _ criteria: [CriterionSupport],
        judge: @escaping @Sendable (AWSFacts) -> [ResourceFinding]
    ) -> Check<AWSFacts> {
        Check(CheckDescriptor(id: id, title: title, connector: "aws", service: service, resourceType: resource, criteria: criteria), judge: judge)
    }

    static func direct(_ ids: String...) -> [CriterionSupport] { ids.map { CriterionSupport($0, direct: true) } }
    static func indirect(_ ids: String...) -> [CriterionSupport] { ids.map { CriterionSupport($0, direct: false) } }

    static func days(since date: Date?) -> Int? {
        date.map { Int(now.timeIntervalSince($0) / 86_400) }
    }
}
