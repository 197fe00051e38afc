import ComplianceCore
import Foundation

extension RecordReading {
    /// Every piece of evidence a workpaper or request links must exist in this organisation; the
    /// answer is the newest version's time among them (a sign-off older than it is stale).
    func newestVersion(ofLinked ids: [UUID], in scope: TenantScope) async throws -> Date? {
        var newest: Date?
        for id in Set(ids) {
            guard let latest = try await newestVersionTime(ofEvidence: id, organization: scope.organizationID) else {
                throw DomainError.conflict(
                    "evidence_missing", "Linked evidence \(id.uuidString.lowercased()) does not exist; link evidence the client has provided.")
            }
            if let created = latest, newest.map({ created > $0 }) ?? true { newest = created }
        }
        return newest
    }
}
