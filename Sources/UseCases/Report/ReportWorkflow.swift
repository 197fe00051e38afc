import ComplianceCore
import Foundation
import Persistence

/// The report's lifecycle: description, assertion, versions, comments, templates, bridge letters, next year.
public struct ReportWorkflow: Sendable {
    let storage: ReportRepository

    /// Management accepts Section II, naming who signs for it.
    public func acceptAssertion(_ id: UUID, signatory: String, position: String, in scope: TenantScope, now: Date = Date()) async throws
        -> ManagementAssertion
    {
        try await storage.acceptAssertion(id, signatory: signatory, position: position, in: scope, now: now)
    }

    public func assertion(_ id: UUID, in scope: TenantScope) async throws -> ManagementAssertion? {
        try await storage.assertion(id, in: scope)
    }

    public func bridgeLetters(_ id: UUID, in scope: TenantScope) async throws -> [BridgeLetter] {
        try await storage.bridgeLetters(id, in: scope)
    }

    /// Either side comments on a version that is not final.
    public func comment(_ text: String, on number: Int, of id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> ReportVersion {
        try await storage.comment(text, on: number, of: id, in: scope, now: now)
    }

    public func description(_ id: UUID, in scope: TenantScope) async throws -> SystemDescription {
        try await storage.description(id, in: scope)
    }

    /// The auditor drafts a new numbered version from the engagement's state as it is now.
    public func draft(_ id: UUID, scopeLimitation: String?, in scope: TenantScope, now: Date = Date()) async throws -> ReportVersion {
        try await storage.draft(id, scopeLimitation: scopeLimitation, in: scope, now: now)
    }

    /// What stands between the engagement and a final report, as sentences; empty when it can be issued.
    public func issueProblems(_ id: UUID, in scope: TenantScope) async throws -> [String] {
        try await storage.issueProblems(id, in: scope)
    }

    public func saveDescription(_ description: SystemDescription, for id: UUID, in scope: TenantScope, now: Date = Date()) async throws
        -> SystemDescription
    {
        try await storage.saveDescription(description, for: id, in: scope, now: now)
    }

    /// The auditor sends the latest draft to management for review.
    public func sendForReview(_ id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> ReportVersion {
        try await storage.sendForReview(id, in: scope, now: now)
    }

    /// A firm's admins replace one template; `text` nil goes back to Attest's wording.
    public func setTemplate(_ name: String, text: String?, in scope: TenantScope, now: Date = Date()) async throws {
        try await storage.setTemplate(name, text: text, in: scope, now: now)
    }

    /// Next year's engagement, started from this one: same scope, the period moved on a year.
    public func startNextYear(from id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> Engagement {
        try await storage.startNextYear(from: id, in: scope, now: now)
    }

    public func templates(ofFirm slug: String) async throws -> [String: String] {
        try await storage.templates(ofFirm: slug)
    }

    public func versions(_ id: UUID, in scope: TenantScope) async throws -> [ReportVersion] {
        try await storage.versions(id, in: scope)
    }
}
