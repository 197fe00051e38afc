import ComplianceCore
import Foundation

/// One client engagement as an audit firm's home lists it: where it stands and what needs doing.
public struct ClientEngagement: Sendable {
    public let client: Organization
    public let engagement: Engagement
    public let openRequests: Int
    public let overdueRequests: Int
    /// The latest report version's status, nil before a draft.
    public let reportStatus: ReportVersion.Status?
    /// What stands between the engagement and its report (empty once it can be issued or is issued).
    public let blockers: [String]
}

extension Workflows {
    /// The firm's client engagements that this person reaches through their own engagement grants,
    /// open ones first, each with its requests and what blocks its report. Nothing is read for a
    /// client the person has no active grant from, and no client sees another's.
    public func clientEngagements(of firm: TenantScope, userID: UUID, now: Date = Date()) async throws -> [ClientEngagement] {
        try firm.require(.viewProgramme)
        guard firm.organization.kind == .auditFirm else { return [] }
        var out: [ClientEngagement] = []
        for (client, standing) in try await organizations.reachable(by: userID, now: now) where standing.grantID != nil {
            let scope = try await organizations.scope(slug: client.slug.rawValue, userID: userID, now: now)
            for engagement in try await engagements.list(in: scope) where engagement.auditFirm == firm.organization.slug.rawValue {
                let requests = try await requestList.requests(of: engagement.id, in: scope)
                let versions = try await reports.versions(engagement.id, in: scope)
                let issued = versions.contains { $0.status == .final }
                out.append(
                    ClientEngagement(
                        client: client, engagement: engagement,
                        openRequests: requests.filter { $0.status == .open || $0.status == .returned }.count,
                        overdueRequests: requests.filter { $0.isOverdue(on: Day(now)) }.count, reportStatus: versions.last?.status,
                        blockers: issued ? [] : try await reports.issueProblems(engagement.id, in: scope)))
            }
        }
        return out.sorted { a, b in
            (a.engagement.status == .closed ? 1 : 0, a.client.name, a.engagement.name) < (
                b.engagement.status == .closed ? 1 : 0, b.client.name, b.engagement.name
            )
        }
    }
}
