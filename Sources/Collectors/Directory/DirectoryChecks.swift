import ComplianceCore
import Foundation

/// The identity provider checks, the same for Okta and Google Workspace; ids carry the connector
/// (`okta_…`, `google_…`) so each provider's results stay apart. Prowler has no provider for
/// either, so the ids are Attest's own.
public enum DirectoryChecks {
    /// An account unused this long is dormant: the usual quarterly access review's horizon.
    public static let dormantAfterDays = 90
    /// More administrators than this widens who can change every sign-in; two to four is the usual advice.
    public static let mostAdmins = 4

    public static func all(_ connector: String) -> [Check<DirectoryFacts>] {
        var checks = [activeMFA(connector), adminMFA(connector), adminsLimited(connector), dormant(connector)]
        if connector == "google" { checks.append(enforcedTwoStep) }
        return checks
    }

    static func check(
        _ connector: String, _ id: String, _ title: String, resource: String, _ criteria: [CriterionSupport],
        judge: @escaping @Sendable (DirectoryFacts) -> [ResourceFinding]
    ) -> Check<DirectoryFacts> {
        Check(
            CheckDescriptor(
                id: "\(connector)_\(id)", title: title, connector: connector, service: "directory", resourceType: resource, criteria: criteria),
            judge: judge)
    }

    static func link(_ facts: DirectoryFacts, _ user: DirectoryUser) -> String {
        facts.connector == "okta"
            ? "https://\(facts.tenant)/admin/user/profile/view/\(user.id)" : "https://admin.google.com/ac/users/\(user.id)"
    }

    /// Judges each active account against a set of ids the provider gave (enrolled, enforced).
    static func eachActive(
        _ facts: DirectoryFacts, _ part: Result<Set<String>, CollectorError>, only: (DirectoryUser, Set<String>) -> Bool = { _, _ in true },
        pass: String, fail: String
    ) -> [ResourceFinding] {
        facts.users.judged(scope: facts.tenant) { users in
            part.judged(scope: facts.tenant) { ids in
                users.filter { $0.status == .active }.filter { only($0, ids) }.map { user in
                    .verdict(ids.contains(user.id), id: user.email, arn: link(facts, user), region: "global", pass: pass, fail: fail)
                }
            }
        }
    }

    static func activeMFA(_ connector: String) -> Check<DirectoryFacts> {
        check(
            connector, "active_users_mfa_enrolled", "Every active user is enrolled in a second factor", resource: "DirectoryUser",
            [CriterionSupport("CC6.1", direct: true)]
        ) { facts in
            eachActive(facts, facts.enrolled, pass: "Enrolled in a second factor.", fail: "No second factor enrolled.")
        }
    }

    static func adminMFA(_ connector: String) -> Check<DirectoryFacts> {
        check(
            connector, "admins_mfa_enrolled", "Every administrator is enrolled in a second factor", resource: "DirectoryUser",
            [CriterionSupport("CC6.1", direct: true), CriterionSupport("CC6.3", direct: false)]
        ) { facts in
            facts.admins.judged(scope: facts.tenant) { admins in
                eachActive(
                    facts, facts.enrolled, only: { user, _ in admins.contains(user.id) }, pass: "Administrator with a second factor.",
                    fail: "Administrator without a second factor.")
            }
        }
    }

    static func adminsLimited(_ connector: String) -> Check<DirectoryFacts> {
        check(
            connector, "admins_limited", "At most \(mostAdmins) active users hold administrator roles", resource: "DirectoryTenant",
            [CriterionSupport("CC6.3", direct: false)]
        ) { facts in
            facts.users.judged(scope: facts.tenant) { users in
                facts.admins.judged(scope: facts.tenant) { admins in
                    let holders = users.filter { $0.status == .active && admins.contains($0.id) }.map(\.email).sorted()
                    let detail = "\(holders.count) administrators: \(holders.joined(separator: ", "))."
                    return [
                        .verdict(
                            holders.count <= mostAdmins, id: facts.tenant, arn: facts.connector == "okta" ? "https://\(facts.tenant)" : "",
                            region: "global", pass: detail, fail: detail)
                    ]
                }
            }
        }
    }

    /// Active accounts older than the horizon that have not signed in within it: access nobody
    /// uses is access nobody will notice misused.
    static func dormant(_ connector: String) -> Check<DirectoryFacts> {
        check(
            connector, "active_users_signed_in_recently", "Active users have signed in within \(dormantAfterDays) days", resource: "DirectoryUser",
            [CriterionSupport("CC6.2", direct: false), CriterionSupport("CC6.3", direct: false)]
        ) { facts in
            let horizon = facts.observedAt.addingTimeInterval(-Double(dormantAfterDays) * 86_400)
            return facts.users.judged(scope: facts.tenant) { users in
                users.filter { $0.status == .active && ($0.createdAt ?? .distantPast) < horizon }.map { user in
                    let last = user.lastSignInAt.map { "Last sign-in \(Timestamp.rfc3339($0).prefix(10))." } ?? "Never signed in."
                    return .verdict(
                        (user.lastSignInAt ?? .distantPast) >= horizon, id: user.email, arn: link(facts, user), region: "global", pass: last,
                        fail: last)
                }
            }
        }
    }

    /// Enrolment can lapse when a user removes their factor; enforcement is what keeps it.
    static let enforcedTwoStep = check(
        "google", "active_users_2sv_enforced", "2-Step Verification is enforced for every active user", resource: "DirectoryUser",
        [CriterionSupport("CC6.1", direct: true)]
    ) { facts in
        eachActive(
            facts, facts.enforced ?? .success([]), pass: "2-Step Verification enforced.", fail: "2-Step Verification not enforced.")
    }
}
