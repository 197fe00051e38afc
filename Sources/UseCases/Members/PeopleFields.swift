import ComplianceCore
import Foundation
import Persistence

/// A field that names a person (a control's owner, a remediation's owner) names one member of the
/// organisation by email: not a free-text name, not two addresses run together, not an outsider.
struct PeopleFields: Sendable {
    let memberships: MembershipRepository

    /// The normalised email, or a 422 that says which field and why (one rule, "a member by email",
    /// which the API's schema cannot state, so a malformed address is refused the same way).
    func member(_ raw: String, field: String, in scope: TenantScope) async throws -> String {
        guard let email = try? EmailAddress(raw) else {
            throw DomainError.unprocessable(
                field, "'\(raw.prefix(60))' is not one email address; name a member of \(scope.organization.slug) by email.")
        }
        guard try await memberships.isMember(email, in: scope) else {
            throw DomainError.unprocessable(field, "\(email.rawValue) is not a member of \(scope.organization.slug); invite them first.")
        }
        return email.rawValue
    }
}
