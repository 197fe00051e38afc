import ComplianceCore
import Foundation
import Persistence

/// The compliance programme's use cases over one store: engagements and their request lists,
/// controls, policies, readiness, the audit firm's fieldwork and the report. Each holds its noun's
/// rules and reaches the records only through `RecordStorage`.
public struct ProgrammeWorkflows: Sendable {
    public let engagements: EngagementWorkflow
    public let requestList: RequestListWorkflow
    public let controls: ControlWorkflow
    public let policies: PolicyWorkflow
    public let readiness: ReadinessWorkflow
    public let fieldwork: FieldworkWorkflow
    public let reports: ReportWorkflow
    public let monitors: MonitorWorkflow

    public init(store: Store) {
        let records = store.records
        let content = store.content
        let people = PeopleFields(memberships: store.memberships)
        engagements = EngagementWorkflow(records: records, content: content)
        requestList = RequestListWorkflow(records: records, content: content, engagements: engagements)
        controls = ControlWorkflow(records: records, content: content, people: people)
        policies = PolicyWorkflow(records: records, content: content)
        monitors = MonitorWorkflow(records: records, controls: controls, people: people)
        readiness = ReadinessWorkflow(
            records: records, content: content, engagements: engagements, controls: controls, policies: policies, evidence: store.evidence,
            people: people, monitors: monitors)
        fieldwork = FieldworkWorkflow(records: records, content: content, engagements: engagements)
        reports = ReportWorkflow(records: records, content: content, fieldwork: fieldwork)
    }
}

extension Store {
    /// The programme's use cases over this store (for the demo seed and the tests, which hold a store).
    public var programme: ProgrammeWorkflows { ProgrammeWorkflows(store: self) }
}
