import Catalogs
import ComplianceCore
import Foundation
import Logging

/// Every repository over one open database: what the web layer and the CLI are given.
public struct Store: Sendable {
    public let database: AttestDatabase
    public let organizations: OrganizationRepository
    public let users: UserRepository
    public let memberships: MembershipRepository
    public let invitations: InvitationRepository
    public let tokens: TokenRepository
    public let sessions: SessionRepository
    public let secondFactors: SecondFactorRepository
    public let events: EventRepository
    public let evidence: EvidenceRepository
    public let log: LogRepository
    public let content: ProgrammeContent
    public let engagements: EngagementRepository
    public let controls: ControlRepository
    public let policies: PolicyRepository
    public let readiness: ReadinessRepository
    public let fieldwork: FieldworkRepository
    public let outbox: NotificationOutbox
    public let reports: ReportRepository
    public let leases: JobLeases

    /// - Parameter bcryptCost: 12 in production; tests pass a low cost to stay fast.
    public init(database: AttestDatabase, bcryptCost: UInt8 = 12, content: ProgrammeContent = .bundled) {
        self.database = database
        organizations = OrganizationRepository(database: database)
        users = UserRepository(database: database, bcryptCost: bcryptCost)
        memberships = MembershipRepository(database: database)
        invitations = InvitationRepository(database: database, memberships: memberships)
        tokens = TokenRepository(database: database)
        sessions = SessionRepository(database: database)
        secondFactors = SecondFactorRepository(database: database)
        events = EventRepository(database: database)
        evidence = EvidenceRepository(database: database, cache: LogPositionCache(capacity: 16))
        log = LogRepository(database: database)
        self.content = content
        engagements = EngagementRepository(database: database, content: content)
        controls = ControlRepository(database: database, content: content)
        policies = PolicyRepository(database: database, content: content)
        readiness = ReadinessRepository(
            database: database, content: content, engagements: engagements, controls: controls,
            policies: policies, evidence: evidence)
        fieldwork = FieldworkRepository(database: database, content: content, engagements: engagements, policies: policies)
        outbox = NotificationOutbox(database: database)
        reports = ReportRepository(database: database, content: content, fieldwork: fieldwork)
        leases = JobLeases(database: database)
    }
}
