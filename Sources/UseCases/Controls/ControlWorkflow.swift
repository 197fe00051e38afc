import ComplianceCore
import Foundation

/// An organisation's controls: adopted from the library or its own, with status history in the log.
public struct ControlWorkflow: Sendable {
    let records: any RecordStorage
    let content: ProgrammeContent
    let people: PeopleFields

    public func list(in scope: TenantScope, includeRetired: Bool = true) async throws -> [ProgrammeControl] {
        try scope.require(.viewProgramme)
        let all = try await records.all(.control, organization: scope.organizationID).sorted { $0.key < $1.key }
        return includeRetired ? all : all.filter { !$0.retired }
    }

    /// The organisation's log position, read under the right to see the controls: any change to
    /// them moves it, so an answer built at one position holds until it moves.
    public func position(in scope: TenantScope) async throws -> Int64 {
        try scope.require(.viewProgramme)
        return try await records.lastSequence(of: scope.organizationID)
    }

    public func get(_ key: String, in scope: TenantScope) async throws -> ProgrammeControl {
        try scope.require(.viewProgramme)
        guard let found = try await records.find(.control, organization: scope.organizationID, key: key) else {
            throw DomainError.notFound("Control '\(key.prefix(20))'")
        }
        return found.value
    }

    /// Adopts library controls (all of them when `ids` is nil). Controls already adopted are left as they are.
    @discardableResult
    public func adopt(_ ids: [String]? = nil, in scope: TenantScope, now: Date = Date()) async throws -> [ProgrammeControl] {
        try scope.require(.manageProgramme)
        let chosen: [LibraryControl]
        if let ids {
            var out: [LibraryControl] = []
            for id in ids {
                guard let control = content.library.control(id) else {
                    throw DomainError.unprocessable("controls", "'\(id.prefix(20))' is not in the control library.")
                }
                out.append(control)
            }
            chosen = out
        } else {
            chosen = content.library.controls
        }
        return try await records.write { tx in
            let existing = Set(try await tx.all(.control, organization: scope.organizationID).map(\.key))
            var adopted: [ProgrammeControl] = []
            for library in chosen where !existing.contains(library.id) {
                let control = ProgrammeControl(
                    id: UUID(), organizationID: scope.organizationID, key: library.id, libraryID: library.id, title: library.title,
                    description: library.description, type: library.type, frequency: library.frequency, ownerRole: library.ownerRole,
                    owner: nil, criteria: library.criteria, procedures: library.procedures, evidence: library.evidence,
                    status: .notStarted, retired: false, updatedAt: now.roundedToMilliseconds
                )
                try await tx.save(
                    .control, control, id: control.id, organization: scope.organizationID, parent: nil,
                    key: control.key, action: "adopted", actor: scope.actor, now: now)
                adopted.append(control)
            }
            return adopted
        }
    }

    /// Adds a control of the organisation's own.
    public func create(
        key: String, title: String, description: String, type: ControlType, frequency: Frequency, ownerRole: String,
        criteria: [String], in scope: TenantScope, now: Date = Date()
    ) async throws -> ProgrammeControl {
        try scope.require(.manageProgramme)
        try ProgrammeControl.validate(key: key, title: title, criteria: criteria, catalog: content.catalog)
        let control = ProgrammeControl(
            id: UUID(), organizationID: scope.organizationID, key: key, libraryID: nil, title: title, description: description,
            type: type, frequency: frequency, ownerRole: ownerRole, owner: nil, criteria: criteria, procedures: [], evidence: [],
            status: .notStarted, retired: false, updatedAt: now.roundedToMilliseconds
        )
        return try await records.write { tx in
            if try await tx.find(.control, organization: scope.organizationID, key: key) != nil {
                throw DomainError.conflict("control_exists", "A control '\(key)' already exists.")
            }
            try await tx.save(
                .control, control, id: control.id, organization: scope.organizationID, parent: nil,
                key: key, action: "created", actor: scope.actor, now: now)
            return control
        }
    }

    /// Changes a control. `action` names the change in the log (status_changed, owner_assigned, edited, retired).
    public func update(
        _ key: String, action: String, in scope: TenantScope, now: Date = Date(),
        _ change: @escaping @Sendable (inout ProgrammeControl) throws -> Void
    ) async throws -> ProgrammeControl {
        // The right first, then the owner the change names, before anything is written.
        try scope.require(.manageProgramme)
        var probe = try await get(key, in: scope)
        let before = probe.owner
        try change(&probe)
        var member: String?
        if let owner = probe.owner, owner != before { member = try await people.member(owner, field: "owner", in: scope) }
        let catalog = content.catalog
        return try await records.write { [member] tx in
            guard let (id, current) = try await tx.find(.control, organization: scope.organizationID, key: key) else {
                throw DomainError.notFound("Control '\(key.prefix(20))'")
            }
            var control = current
            try change(&control)
            if let member, control.owner != nil { control.owner = member }
            try ProgrammeControl.validate(key: control.key, title: control.title, criteria: control.criteria, catalog: catalog)
            guard control.key == current.key else { throw DomainError.invalid("key", "a control's reference cannot change.") }
            if let owner = control.owner, owner.count > 200 { throw DomainError.invalid("owner", "is longer than 200 characters.") }
            guard control != current else { return current }
            control.updatedAt = now.roundedToMilliseconds
            try await tx.save(
                .control, control, id: id, organization: scope.organizationID, parent: nil,
                key: key, action: action, actor: scope.actor, now: now)
            return control
        }
    }

    /// A control's states over time, replayed from the change log.
    public func history(_ key: String, in scope: TenantScope) async throws -> [ControlChange] {
        let control = try await get(key, in: scope)
        return try await records.history(of: .control, id: control.id, organization: scope.organizationID).compactMap { event in
            guard let state = event.state,
                let value = try? CanonicalJSON.decoder.decode(ProgrammeControl.self, from: Data(state.utf8))
            else { return nil }
            return ControlChange(
                at: event.at, actor: event.actor, action: event.action, status: value.status, owner: value.owner, retired: value.retired)
        }
    }
}
