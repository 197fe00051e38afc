import ComplianceCore
import Foundation
import Persistence

/// The information request list and its conversation across the wall, with notifications.
public struct RequestListWorkflow: Sendable {
    let engagements: EngagementRepository
    let fieldwork: FieldworkRepository

    /// Adds a request of the organisation's own.
    public func addRequest(
        to engagementID: UUID, area: String, title: String, provide: String, kind: RequestKind, criteria: [String], due: Day?, owner: String?,
        in scope: TenantScope, now: Date = Date()
    ) async throws -> RequestItem {
        try await engagements.addRequest(
            to: engagementID, area: area, title: title, provide: provide, kind: kind, criteria: criteria, due: due, owner: owner, in: scope, now: now)
    }

    /// Applies an edited list (from CSV or XLSX) all at once: rows are matched by number; every row
    /// is checked before anything is written, so a bad file changes nothing.
    public func importRequests(_ rows: [RequestRow], into engagementID: UUID, in scope: TenantScope, now: Date = Date()) async throws
        -> RequestImportResult
    {
        try await engagements.importRequests(rows, into: engagementID, in: scope, now: now)
    }

    public func requests(of id: UUID, in scope: TenantScope) async throws -> [RequestItem] {
        try await engagements.requests(of: id, in: scope)
    }

    /// Changes one request's editable fields.
    public func updateRequest(
        _ requestID: UUID, of engagementID: UUID, in scope: TenantScope, now: Date = Date(),
        _ change: @escaping @Sendable (inout RequestItem) throws -> Void
    ) async throws -> RequestItem {
        try await engagements.updateRequest(requestID, of: engagementID, in: scope, now: now, change)
    }

    /// Applies one action to a request. The client provides (linking evidence that exists) and
    /// comments; the engagement's auditors accept, return with a reason, reschedule and comment.
    public func act(_ action: RequestAction, on number: String, of id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> RequestItem {
        try await fieldwork.act(action, on: number, of: id, in: scope, now: now)
    }

    /// Marks all the caller's notifications in this organisation read.
    public func markRead(in scope: TenantScope, now: Date = Date()) async throws -> Int {
        try await fieldwork.markRead(in: scope, now: now)
    }

    /// The caller's notifications in this organisation, newest first.
    public func notifications(in scope: TenantScope) async throws -> [ComplianceCore.Notification] {
        try await fieldwork.notifications(in: scope)
    }
}
