import Catalogs
import ComplianceCore
import Foundation
import Logging

/// Every repository over one open database: what the composition root wires into the use cases.
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
    /// The programme records, for the use cases that hold their rules.
    public let records: RecordStore
    public let outbox: NotificationOutbox
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
        records = RecordStore(database: database)
        outbox = NotificationOutbox(database: database)
        leases = JobLeases(database: database)
    }
}
