import ComplianceCore
import Foundation

// Independence, walkthroughs, tests, sign-offs and notifications as the API answers them. Each body is its own type, built from the stored
// document: renaming a stored field does not rename an API field, and the OpenAPI document is
// checked against these bodies, not against the stored types.

/// `IndependenceConfirmation` as the API answers it.
struct IndependenceConfirmationBody: Encodable, Sendable {
    let engagementID: UUID
    let auditorUserID: UUID
    let auditor: String
    let statement: String
    let confirmedAt: Date

    init(_ value: IndependenceConfirmation) {
        engagementID = value.engagementID
        auditorUserID = value.auditorUserID
        auditor = value.auditor
        statement = value.statement
        confirmedAt = value.confirmedAt
    }
}

/// `Walkthrough` as the API answers it.
struct WalkthroughBody: Encodable, Sendable {
    let id: UUID
    let engagementID: UUID
    let control: String
    let date: Day
    let participants: [String]
    let notes: String
    let evidenceIDs: [UUID]
    let design: Walkthrough.Design
    let reason: String
    let preparedBy: String
    let signoffs: SignOffsBody?

    enum CodingKeys: String, CodingKey {
        case id, engagementID, control, date, participants, notes, design, reason, preparedBy, signoffs
        case evidenceIDs = "evidence_ids"
    }

    init(_ value: Walkthrough) {
        id = value.id
        engagementID = value.engagementID
        control = value.control
        date = value.date
        participants = value.participants
        notes = value.notes
        evidenceIDs = value.evidenceIDs
        design = value.design
        reason = value.reason
        preparedBy = value.preparedBy
        signoffs = value.signoffs.map(SignOffsBody.init)
    }
}

/// `SignOffs` as the API answers it.
struct SignOffsBody: Encodable, Sendable {
    let preparer: SignatureBody?
    let reviewer: SignatureBody?

    init(_ value: SignOffs) {
        preparer = value.preparer.map(SignatureBody.init)
        reviewer = value.reviewer.map(SignatureBody.init)
    }
}

/// `Signature` as the API answers it.
struct SignatureBody: Encodable, Sendable {
    let by: String
    let at: Date

    init(_ value: Signature) {
        by = value.by
        at = value.at
    }
}

/// `ControlTest` as the API answers it.
struct ControlTestBody: Encodable, Sendable {
    let id: UUID
    let engagementID: UUID
    let control: String
    let sampleID: UUID?
    let items: [Int]
    let procedures: [TestMethod]
    let attributes: [String]
    let results: [AttributeResultBody]
    let exceptions: [TestExceptionBody]
    let signoffs: SignOffsBody?
    let preparedBy: String
    let releasedAt: Date?

    init(_ value: ControlTest) {
        id = value.id
        engagementID = value.engagementID
        control = value.control
        sampleID = value.sampleID
        items = value.items
        procedures = value.procedures
        attributes = value.attributes
        results = value.results.map(AttributeResultBody.init)
        exceptions = value.exceptions.map(TestExceptionBody.init)
        signoffs = value.signoffs.map(SignOffsBody.init)
        preparedBy = value.preparedBy
        releasedAt = value.releasedAt
    }
}

/// `AttributeResult` as the API answers it.
struct AttributeResultBody: Encodable, Sendable {
    let item: Int
    let attribute: String
    let passed: Bool
    let note: String
    let evidenceIDs: [UUID]
    let by: String
    let at: Date

    enum CodingKeys: String, CodingKey {
        case item, attribute, passed, note, by, at
        case evidenceIDs = "evidence_ids"
    }

    init(_ value: AttributeResult) {
        item = value.item
        attribute = value.attribute
        passed = value.passed
        note = value.note
        evidenceIDs = value.evidenceIDs
        by = value.by
        at = value.at
    }
}

/// `TestException` as the API answers it.
struct TestExceptionBody: Encodable, Sendable {
    let id: UUID
    let description: String
    let cause: String
    let count: Int
    let evaluation: TestException.Evaluation
    let managementResponse: String?
    let respondedBy: String?
    let respondedAt: Date?

    init(_ value: TestException) {
        id = value.id
        description = value.description
        cause = value.cause
        count = value.count
        evaluation = value.evaluation
        managementResponse = value.managementResponse
        respondedBy = value.respondedBy
        respondedAt = value.respondedAt
    }
}

/// `Notification` as the API answers it.
struct NotificationBody: Encodable, Sendable {
    let id: UUID
    let userID: UUID
    let text: String
    let path: String
    let at: Date
    let read: Bool
    let mailedAt: Date?
    let mailAttempts: Int?
    let mailError: String?

    init(_ value: ComplianceCore.Notification) {
        id = value.id
        userID = value.userID
        text = value.text
        path = value.path
        at = value.at
        read = value.read
        mailedAt = value.mailedAt
        mailAttempts = value.mailAttempts
        mailError = value.mailError
    }
}
