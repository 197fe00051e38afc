import Collectors
import ComplianceCore
import Foundation
import Persistence

/// Monitors: checks linked to controls, the mutes on failing findings, and what both make of the
/// collector runs: each control's health now, day by day over a period, and the alerts when a
/// control starts failing. Only links and mutes are stored; health is always computed from runs.
public struct MonitorWorkflow: Sendable {
    let records: any RecordStorage
    let controls: ControlWorkflow
    let people: PeopleFields

    /// Every check a connector offers, by id.
    public static let checks: [String: CheckDescriptor] = Dictionary(
        uniqueKeysWithValues: CheckCatalog.descriptors.map { ($0.id, $0) })

    public func monitors(in scope: TenantScope) async throws -> [Monitor] {
        try scope.require(.viewProgramme)
        return try await records.all(.monitor, organization: scope.organizationID).sorted { ($0.control, $0.check) < ($1.control, $1.check) }
    }

    /// Links a check to a control; linking the same pair again returns the existing link.
    public func link(check: String, control key: String, in scope: TenantScope, now: Date = Date()) async throws -> Monitor {
        try scope.require(.manageMonitors)
        guard Self.checks[check] != nil else {
            throw DomainError.unprocessable("check", "'\(check.prefix(80))' is not a check Attest runs; `attest collect checks` lists them.")
        }
        let control = try await controls.get(key, in: scope)
        let monitor = Monitor(check: check, control: control.key, createdBy: scope.actor.description, createdAt: now.roundedToMilliseconds)
        return try await records.write { tx in
            if let existing = try await tx.find(.monitor, organization: scope.organizationID, key: monitor.key) { return existing.value }
            try await tx.save(
                .monitor, monitor, id: monitor.id, organization: scope.organizationID, parent: nil, key: monitor.key, action: "linked",
                actor: scope.actor, now: now)
            return monitor
        }
    }

    public func unlink(_ id: UUID, in scope: TenantScope, now: Date = Date()) async throws {
        try scope.require(.manageMonitors)
        try await records.write { tx in
            _ = try await tx.existing(.monitor, id: id, organization: scope.organizationID, what: "Monitor")
            try await tx.delete(.monitor, id: id, organization: scope.organizationID, actor: scope.actor, now: now)
        }
    }

    public func mutes(in scope: TenantScope) async throws -> [FindingMute] {
        try scope.require(.viewProgramme)
        return try await records.all(.findingMute, organization: scope.organizationID).sorted { $0.createdAt < $1.createdAt }
    }

    /// Mutes one failing finding until a day, with a member who answers for it and a reason.
    public func mute(
        check: String, resource: String, owner: String, reason: String, expiresOn: Day, in scope: TenantScope, now: Date = Date()
    ) async throws -> FindingMute {
        try scope.require(.manageMonitors)
        guard Self.checks[check] != nil else {
            throw DomainError.unprocessable("check", "'\(check.prefix(80))' is not a check Attest runs; `attest collect checks` lists them.")
        }
        let ownerEmail = try await people.member(owner, field: "owner", in: scope)
        let mute = try FindingMute(
            check: check, resource: resource, owner: ownerEmail, reason: reason, expiresOn: expiresOn, createdBy: scope.actor.description,
            createdAt: now.roundedToMilliseconds)
        try await records.write { tx in
            try await tx.save(
                .findingMute, mute, id: mute.id, organization: scope.organizationID, parent: nil, key: mute.id.uuidString.lowercased(),
                action: "muted", actor: scope.actor, now: now)
        }
        return mute
    }

    /// Ends a mute before its expiry; the finding counts as failing again from the next look.
    public func unmute(_ id: UUID, in scope: TenantScope, now: Date = Date()) async throws {
        try scope.require(.manageMonitors)
        try await records.write { tx in
            _ = try await tx.existing(.findingMute, id: id, organization: scope.organizationID, what: "Mute")
            try await tx.delete(.findingMute, id: id, organization: scope.organizationID, actor: scope.actor, now: now)
        }
    }

    /// Every control with a monitor, worst health first.
    public func board(in scope: TenantScope, now: Date = Date()) async throws -> [ControlMonitoring] {
        let monitors = try await monitors(in: scope)
        guard !monitors.isEmpty else { return [] }
        let runs = try await records.all(.collectorRun, organization: scope.organizationID)
        let mutes = try await mutes(in: scope)
        return Self.board(monitors: monitors, runs: runs, mutes: mutes, now: now)
    }

    static func board(monitors: [Monitor], runs: [CollectorRun], mutes: [FindingMute], now: Date) -> [ControlMonitoring] {
        Dictionary(grouping: monitors, by: \.control)
            .map { control, links in
                MonitorJudgement.monitoring(control: control, checks: links.map(\.check), runs: runs, mutes: mutes, now: now)
            }
            .sorted { ($0.health.rank, $0.control) < ($1.health.rank, $1.control) }
    }

    /// One control's coverage calendar over a period (an engagement's, or any other).
    public func calendar(control key: String, start: Day, end: Day, in scope: TenantScope, now: Date = Date()) async throws -> CoverageCalendar {
        let control = try await controls.get(key, in: scope)
        let checks = try await monitors(in: scope).filter { $0.control == control.key }.map(\.check)
        let runs = try await records.all(.collectorRun, organization: scope.organizationID)
        return try CoverageCalendar(
            control: control.key, checks: checks, start: start, end: end, runs: runs, mutes: try await mutes(in: scope), today: Day(now))
    }

    /// Every monitored control's calendar over one period, reading the links, runs and mutes once
    /// for all of them (the monitors page draws one per control).
    public func calendars(start: Day, end: Day, in scope: TenantScope, now: Date = Date()) async throws -> [String: CoverageCalendar] {
        let links = Dictionary(grouping: try await monitors(in: scope), by: \.control)
        let runs = try await records.all(.collectorRun, organization: scope.organizationID)
        let mutes = try await mutes(in: scope)
        var calendars: [String: CoverageCalendar] = [:]
        for (control, monitors) in links {
            calendars[control] = try CoverageCalendar(
                control: control, checks: monitors.map(\.check), start: start, end: end, runs: runs, mutes: mutes, today: Day(now))
        }
        return calendars
    }
}
