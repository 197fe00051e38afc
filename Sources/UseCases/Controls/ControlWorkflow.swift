import ComplianceCore
import Foundation
import Persistence

/// The organisation's controls and their history.
public struct ControlWorkflow: Sendable {
    let storage: ControlRepository
    let people: PeopleFields

    @discardableResult
    public func adopt(_ ids: [String]? = nil, in scope: TenantScope, now: Date = Date()) async throws -> [ProgrammeControl] {
        try await storage.adopt(ids, in: scope, now: now)
    }

    /// Adds a control of the organisation's own.
    public func create(
        key: String, title: String, description: String, type: ControlType, frequency: Frequency, ownerRole: String, criteria: [String],
        in scope: TenantScope, now: Date = Date()
    ) async throws -> ProgrammeControl {
        try await storage.create(
            key: key, title: title, description: description, type: type, frequency: frequency, ownerRole: ownerRole, criteria: criteria, in: scope,
            now: now)
    }

    /// The organisation's log position, read under the right to see the controls: any change to
    /// them moves it, so an answer built at one position holds until it moves.
    public func position(in scope: TenantScope) async throws -> Int64 {
        try await storage.position(in: scope)
    }

    public func get(_ key: String, in scope: TenantScope) async throws -> ProgrammeControl {
        try await storage.get(key, in: scope)
    }

    /// A control's states over time, replayed from the change log.
    public func history(_ key: String, in scope: TenantScope) async throws -> [ControlChange] {
        try await storage.history(key, in: scope)
    }

    public func list(in scope: TenantScope, includeRetired: Bool = true) async throws -> [ProgrammeControl] {
        try await storage.list(in: scope, includeRetired: includeRetired)
    }

    /// Changes a control. `action` names the change in the log (status_changed, owner_assigned, edited, retired).
    public func update(
        _ key: String, action: String, in scope: TenantScope, now: Date = Date(),
        _ change: @escaping @Sendable (inout ProgrammeControl) throws -> Void
    ) async throws -> ProgrammeControl {
        // The right first, then the owner the change names, before anything is written.
        try scope.require(.manageProgramme)
        var probe = try await storage.get(key, in: scope)
        let before = probe.owner
        try change(&probe)
        guard let owner = probe.owner, owner != before else { return try await storage.update(key, action: action, in: scope, now: now, change) }
        let member = try await people.member(owner, field: "owner", in: scope)
        return try await storage.update(key, action: action, in: scope, now: now) { control in
            try change(&control)
            if control.owner != nil { control.owner = member }
        }
    }
}
