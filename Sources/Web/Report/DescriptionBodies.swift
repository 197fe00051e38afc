import ComplianceCore
import Foundation

// The system description and management's assertion as the API answers them. Each body is its own type, built from the stored
// document: renaming a stored field does not rename an API field, and the OpenAPI document is
// checked against these bodies, not against the stored types.

/// `SystemDescription` as the API answers it.
struct SystemDescriptionBody: Encodable, Sendable {
    let engagementID: UUID
    let texts: [String: String]
    let commitments: [String]
    let userEntityControls: [String]
    let subserviceControls: [SystemDescriptionSubserviceControlBody]
    let incidents: [SystemDescriptionIncidentBody]
    let changes: [SystemDescriptionChangeBody]
    let adopted: [String]
    /// The description criteria still unwritten: management review waits for them.
    let missing: [String]
    let updatedBy: String?
    let updatedAt: Date?

    init(_ value: SystemDescription, missing: [String]) {
        engagementID = value.engagementID
        texts = value.texts
        commitments = value.commitments
        userEntityControls = value.userEntityControls
        subserviceControls = value.subserviceControls.map(SystemDescriptionSubserviceControlBody.init)
        incidents = value.incidents.map(SystemDescriptionIncidentBody.init)
        changes = value.changes.map(SystemDescriptionChangeBody.init)
        adopted = value.adopted
        self.missing = missing
        updatedBy = value.updatedBy
        updatedAt = value.updatedAt
    }
}

/// `SystemDescription.Incident` as the API answers it.
struct SystemDescriptionIncidentBody: Encodable, Sendable {
    let date: Day
    let nature: String
    let effect: String
    let disposition: String

    init(_ value: SystemDescription.Incident) {
        date = value.date
        nature = value.nature
        effect = value.effect
        disposition = value.disposition
    }
}

/// `SystemDescription.Change` as the API answers it.
struct SystemDescriptionChangeBody: Encodable, Sendable {
    let date: Day
    let description: String

    init(_ value: SystemDescription.Change) {
        date = value.date
        description = value.description
    }
}

/// `SystemDescription.SubserviceControl` as the API answers it.
struct SystemDescriptionSubserviceControlBody: Encodable, Sendable {
    let subservice: String
    let control: String
    let criteria: [String]

    init(_ value: SystemDescription.SubserviceControl) {
        subservice = value.subservice
        control = value.control
        criteria = value.criteria
    }
}

/// `ManagementAssertion` as the API answers it.
struct ManagementAssertionBody: Encodable, Sendable {
    let engagementID: UUID
    let signatory: String
    let position: String
    let acceptedBy: String
    let acceptedAt: Date

    init(_ value: ManagementAssertion) {
        engagementID = value.engagementID
        signatory = value.signatory
        position = value.position
        acceptedBy = value.acceptedBy
        acceptedAt = value.acceptedAt
    }
}
