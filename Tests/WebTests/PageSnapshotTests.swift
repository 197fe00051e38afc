import ComplianceCore
import Foundation
import TestSupport
import Testing
import WebViews

/// Pages as people see them, from fixed models, against reviewed snapshots in `__Snapshots__/`
/// (the start of issue 10, item 7: the sign-in, verification, members and invitations pages).
@Suite("Pages as people see them")
struct PageSnapshotTests {
    static let day = Date(timeIntervalSince1970: 1_783_000_000)
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))! }
    static let acme = Organization(id: id(1), slug: try! Slug("acme-cloud"), name: "Acme Cloud", kind: .serviceOrganization, createdAt: day)
    static let shell = Shell.Model(
        userName: "Olivia Owner", userEmail: "olivia@acme.example", csrfToken: "csrf-token-fixed",
        current: .init(slug: "acme-cloud", name: "Acme Cloud", standing: "owner"),
        organizations: [.init(slug: "acme-cloud", name: "Acme Cloud", standing: "owner")], active: "members")

    static func check(_ html: String, _ name: String) {
        if let mismatch = Snapshot.mismatch(html, named: name) { Issue.record(Comment(rawValue: mismatch)) }
    }

    @Test func signIn() {
        Self.check(LoginPage.render(.init(email: "olivia@acme.example", error: "The email or password is not right.", csrfToken: "t")), "login.html")
        Self.check(LoginPage.render(.init(csrfToken: "t", askForCode: true)), "login-code.html")
    }

    @Test func verification() {
        Self.check(VerifyPage.render(.init(csrfToken: "t")), "verify.html")
        Self.check(
            VerifyPage.render(
                .init(
                    csrfToken: "t",
                    result: (
                        false, "The report has been altered since it was signed.",
                        ["Issuer: Example Assurance LLP", "Period: 2026-01-01 to 2026-06-30"]
                    ))),
            "verify-altered.html")
    }

    @Test func members() {
        let model = MembersPage.Model(
            organization: Self.acme,
            rows: [
                .init(name: "Olivia Owner", email: "olivia@acme.example", role: .owner),
                .init(name: "Vera Viewer", email: "vera@acme.example", role: .viewer),
            ],
            grants: [
                .init(
                    id: Self.id(7), auditorEmail: "alex@example-assurance.example", firmName: "Example Assurance LLP", expiresAt: Self.day,
                    active: true, revoked: false),
                .init(
                    id: Self.id(8), auditorEmail: "fred@example-assurance.example", firmName: "Example Assurance LLP", expiresAt: Self.day,
                    active: false, revoked: true),
            ],
            canManage: true, canGrant: true, assignableRoles: Role.allCases, message: "sam@acme.example is invited as member, and joins on accepting."
        )
        Self.check(MembersPage.render(model, shell: Self.shell), "members.html")
    }

    @Test func invitations() {
        let invitation = Invitation(
            id: Self.id(9), organizationID: Self.id(1), organizationName: "Acme Cloud", email: "sam@acme.example", role: .member,
            invitedBy: "olivia@acme.example", invitedAt: Self.day, expiresAt: Self.day.addingTimeInterval(Invitation.lifetime))
        Self.check(InvitationsPage.render(invitations: [invitation], message: nil, shell: Self.shell), "invitations.html")
        Self.check(InvitationsPage.render(invitations: [], message: "Declined: Globex.", shell: Self.shell), "invitations-empty.html")
    }
}
