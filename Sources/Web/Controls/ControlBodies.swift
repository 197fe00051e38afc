import ComplianceCore
import Foundation

// Controls as the API answers them. Each body is its own type, built from the stored
// document: renaming a stored field does not rename an API field, and the OpenAPI document is
// checked against these bodies, not against the stored types.

/// `ProgrammeControl` as the API answers it.
struct ProgrammeControlBody: Encodable, Sendable {
    let id: UUID
    let organizationID: UUID
    let key: String
    let libraryID: String?
    let title: String
    let description: String
    let type: ControlType
    let frequency: Frequency
    let ownerRole: String
    let owner: String?
    let criteria: [String]
    let procedures: [TestProcedureBody]
    let evidence: [String]
    let status: ImplementationStatus
    let retired: Bool
    let updatedAt: Date

    init(_ value: ProgrammeControl) {
        id = value.id
        organizationID = value.organizationID
        key = value.key
        libraryID = value.libraryID
        title = value.title
        description = value.description
        type = value.type
        frequency = value.frequency
        ownerRole = value.ownerRole
        owner = value.owner
        criteria = value.criteria
        procedures = value.procedures.map(TestProcedureBody.init)
        evidence = value.evidence
        status = value.status
        retired = value.retired
        updatedAt = value.updatedAt
    }
}

/// `TestProcedure` as the API answers it.
struct TestProcedureBody: Encodable, Sendable {
    let method: TestMethod
    let step: String

    init(_ value: TestProcedure) {
        method = value.method
        step = value.step
    }
}
