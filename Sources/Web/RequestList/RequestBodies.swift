import ComplianceCore
import Foundation

// Requests as the API answers them. Each body is its own type, built from the stored
// document: renaming a stored field does not rename an API field, and the OpenAPI document is
// checked against these bodies, not against the stored types.

/// `RequestItem` as the API answers it.
struct RequestItemBody: Encodable, Sendable {
    let id: UUID
    let engagementID: UUID
    let number: String
    let key: String
    let area: String
    let title: String
    let provide: String
    let kind: RequestKind
    let criteria: [String]
    let dueDate: Day?
    let owner: String?
    let status: RequestStatus
    let returnReason: String?
    let comments: [RequestCommentBody]?
    let evidenceIDs: [UUID]?

    enum CodingKeys: String, CodingKey {
        case id, engagementID, number, key, area, title, provide, kind, criteria, dueDate, owner, status, returnReason, comments
        case evidenceIDs = "evidence_ids"
    }

    init(_ value: RequestItem) {
        id = value.id
        engagementID = value.engagementID
        number = value.number
        key = value.key
        area = value.area
        title = value.title
        provide = value.provide
        kind = value.kind
        criteria = value.criteria
        dueDate = value.dueDate
        owner = value.owner
        status = value.status
        returnReason = value.returnReason
        comments = value.comments?.map(RequestCommentBody.init)
        evidenceIDs = value.evidenceIDs
    }
}

/// `RequestComment` as the API answers it.
struct RequestCommentBody: Encodable, Sendable {
    let by: String
    let side: String
    let text: String
    let at: Date

    init(_ value: RequestComment) {
        by = value.by
        side = value.side
        text = value.text
        at = value.at
    }
}
