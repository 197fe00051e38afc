import Catalogs
import ComplianceCore
import EvidenceStore
import Foundation
import Persistence

/// Every use case of Attest, by noun: what Web and the CLI call. Built once by the composition
/// root (App) from the storage it opened; nothing above this layer sees the database.
public struct Workflows: Sendable {
    public let content: ProgrammeContent
    public let organizations: OrganizationWorkflow
    public let users: UserWorkflow
    public let sessions: SessionWorkflow
    public let tokens: TokenWorkflow
    public let secondFactors: SecondFactorWorkflow
    public let memberships: MembershipWorkflow
    public let invitations: InvitationWorkflow
    public let grants: GrantWorkflow
    public let events: EventLogWorkflow
    public let evidence: EvidenceWorkflow
    public let engagements: EngagementWorkflow
    public let requestList: RequestListWorkflow
    public let controls: ControlWorkflow
    public let policies: PolicyWorkflow
    public let readiness: ReadinessWorkflow
    public let fieldwork: FieldworkWorkflow
    public let reports: ReportWorkflow
    public let keys: KeyWorkflow
    /// Evidence intake: blobs first, then the record and its log event.
    public let intake: EvidenceService
    /// Rendering, sealing and verifying report documents.
    public let reportDocuments: ReportService
    /// Collector runs and their results as evidence.
    public let collectors: CollectionWorkflow
    /// Checks linked to controls, mutes, control health and the coverage calendar.
    public let monitors: MonitorWorkflow
    /// Accounts collected on a schedule, their sealed credentials, and running them.
    public let connections: ConnectionWorkflow
    /// The workforce roster, system account listings and the leavers' reconciliation.
    public let people: PeopleWorkflow
    /// Access review campaigns and their sign-off as evidence.
    public let accessReviews: AccessReviewWorkflow
    /// The identity provider pushing people and groups over SCIM 2.0.
    public let scim: SCIMWorkflow

    /// `connectionKey` seals connection credentials; the server and CLI load theirs from outside
    /// the database (`ConnectionKey.load`), tests use an ephemeral one.
    public init(
        intake: EvidenceService, connectionKey: ConnectionKey = .ephemeral(), collect: @escaping ConnectionWorkflow.Collect = ConnectionWorkflow.aws
    ) {
        let store = intake.store
        content = store.content
        organizations = OrganizationWorkflow(storage: store.organizations)
        users = UserWorkflow(storage: store.users)
        sessions = SessionWorkflow(storage: store.sessions)
        tokens = TokenWorkflow(storage: store.tokens)
        secondFactors = SecondFactorWorkflow(storage: store.secondFactors)
        memberships = MembershipWorkflow(storage: store.memberships)
        invitations = InvitationWorkflow(storage: store.invitations)
        grants = GrantWorkflow(memberships: store.memberships, users: store.users, organizations: store.organizations)
        events = EventLogWorkflow(storage: store.events, users: store.users)
        evidence = EvidenceWorkflow(storage: store.evidence)
        let programme = store.programme
        engagements = programme.engagements
        requestList = programme.requestList
        controls = programme.controls
        policies = programme.policies
        readiness = programme.readiness
        fieldwork = programme.fieldwork
        reports = programme.reports
        monitors = programme.monitors
        keys = KeyWorkflow(organizations: store.organizations, log: intake.log)
        self.intake = intake
        reportDocuments = ReportService(store: store, log: intake.log)
        collectors = CollectionWorkflow(records: store.records, intake: intake)
        connections = ConnectionWorkflow(records: store.records, collectors: collectors, key: connectionKey, collect: collect)
        people = PeopleWorkflow(records: store.records)
        accessReviews = AccessReviewWorkflow(records: store.records, people: people, collectors: collectors)
        scim = SCIMWorkflow(store: store)
    }

    /// Writes the engagement's audit binder to `url` (see `BinderExport`).
    @discardableResult
    public func writeBinder(of engagementID: UUID, in scope: TenantScope, to url: URL, progress: @Sendable (String) -> Void = { _ in }) async throws
        -> Int
    {
        try await BinderExport.write(engagementID: engagementID, in: scope, store: intake.store, evidence: intake, to: url, progress: progress)
    }
}
