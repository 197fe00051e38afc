import ComplianceCore
import Foundation
import Testing

/// Every right, for every standing, written out: a change to who may do what is a visible diff here.
@Suite("The access policy")
struct AccessPolicyTests {
    static let standings: [(String, Standing)] = [
        ("viewer", .member(.viewer)), ("member", .member(.member)), ("admin", .member(.admin)), ("owner", .member(.owner)),
        ("auditor", .auditor(grantID: UUID())), ("operator", .operator),
    ]

    /// Columns: viewer, member, admin, owner, auditor, operator.
    static let matrix = """
        viewOrganization       Y Y Y Y Y Y
        viewMembers            Y Y Y Y Y Y
        manageMembers          . . Y Y . Y
        grantOwnership         . . . Y . Y
        viewEvents             Y . Y Y Y Y
        manageEngagementGrants . . . Y . Y
        viewEvidence           Y Y Y Y Y Y
        uploadEvidence         . Y Y Y . Y
        reviewEvidence         . . Y Y . Y
        viewProgramme          Y Y Y Y Y Y
        manageProgramme        . . Y Y . Y
        editRequestList        . . Y Y Y Y
        provideRequests        . Y Y Y . Y
        comment                . Y Y Y Y Y
        approvePolicies        . . Y Y . Y
        acknowledgePolicies    . Y Y Y . .
        performFieldwork       . . . . Y Y
        confirmIndependence    . . . . Y .
        viewUnreleasedResults  . . . . Y Y
        viewReportDrafts       . . . . Y Y
        respondToExceptions    . . Y Y . .
        acceptAssertion        . . Y Y . .
        writeBridgeLetter      . . Y Y . .
        issueReport            . . . . Y .
        runCollectors          . . Y Y . Y
        manageMonitors         . . Y Y . Y
        viewPeople             . . Y Y Y Y
        managePeople           . . Y Y . Y
        reviewAccess           . . Y Y . .
        rotateSigningKey       . . . Y . Y
        """

    @Test func everyRightForEveryStanding() throws {
        let rows = Self.matrix.split(separator: "\n").map { $0.split(separator: " ") }
        #expect(rows.map { String($0[0]) } == Permission.allCases.map(\.rawValue), "the matrix names every permission, in order")
        for row in rows {
            let permission = try #require(Permission(rawValue: String(row[0])))
            for (column, (name, standing)) in Self.standings.enumerated() {
                #expect(AccessPolicy.allows(standing, permission) == (row[column + 1] == "Y"), "\(permission) for \(name)")
            }
        }
    }

    @Test func refusalsSayWhyForEachSidesOwnActs() {
        let refusal = #expect(throws: DomainError.self) { try AccessPolicy.require(.member(.owner), .issueReport) }
        #expect(refusal?.message == "Only the engagement's audit firm issues the report.")
        let generic = #expect(throws: DomainError.self) { try AccessPolicy.require(.member(.viewer), .manageProgramme) }
        #expect(generic?.message == "Your role (viewer) does not allow this action (manageProgramme).")
        #expect(AccessPolicy.requiresIndependence(.auditor(grantID: UUID())) && !AccessPolicy.requiresIndependence(.operator))
    }
}
