import ComplianceCore
import Foundation
import Hummingbird

// Monitors as the API answers them: their own types, built from the domain's, so a stored field's
// name is never an API field's.

struct MonitorBody: Encodable, Sendable {
    let id: UUID
    let check: String
    let control: String
    let createdBy: String
    let createdAt: Date

    init(_ monitor: Monitor) {
        id = monitor.id
        check = monitor.check
        control = monitor.control
        createdBy = monitor.createdBy
        createdAt = monitor.createdAt
    }
}

struct MuteBody: Encodable, Sendable {
    let id: UUID
    let check: String
    let resource: String
    let owner: String
    let reason: String
    let expiresOn: String
    let active: Bool
    let createdBy: String
    let createdAt: Date

    init(_ mute: FindingMute, today: Day) {
        id = mute.id
        check = mute.check
        resource = mute.resource
        owner = mute.owner
        reason = mute.reason
        expiresOn = mute.expiresOn.description
        active = mute.expiresOn >= today
        createdBy = mute.createdBy
        createdAt = mute.createdAt
    }
}

struct ControlMonitoringBody: Encodable, Sendable {
    let control: String
    let health: String
    let lastRun: Date?
    let checks: [Check]
    let neverRun: [String]

    struct Check: Encodable, Sendable {
        let check: String
        let status: String
        let health: String
        let failing: [String]
        let muted: [String]
        let reason: String?
        let runId: UUID
        let ranAt: Date
        let evidenceId: UUID?
    }

    init(_ monitoring: ControlMonitoring) {
        control = monitoring.control
        health = monitoring.health.rawValue
        lastRun = monitoring.lastRun
        neverRun = monitoring.neverRun
        checks = monitoring.checks.map {
            Check(
                check: $0.check, status: $0.status.rawValue, health: $0.health.rawValue, failing: $0.failing, muted: $0.muted, reason: $0.reason,
                runId: $0.runID, ranAt: $0.ranAt, evidenceId: $0.evidenceID)
        }
    }
}

struct MonitorBoard: ResponseEncodable {
    let monitors: [MonitorBody]
    let controls: [ControlMonitoringBody]
    let mutes: [MuteBody]
}

struct MonitorResult: ResponseEncodable {
    let monitor: MonitorBody
}

struct MuteResult: ResponseEncodable {
    let mute: MuteBody
}

struct CalendarBody: ResponseEncodable {
    let control: String
    let checks: [String]
    let start: String
    let end: String
    let watchedDays: Int
    let pastDays: Int
    let days: [Entry]
    /// Runs of days nobody watched: candidate deviations for the auditor.
    let gaps: [Gap]

    struct Entry: Encodable, Sendable {
        let day: String
        let state: String
        let runs: Int
    }

    struct Gap: Encodable, Sendable {
        let from: String
        let to: String
        let days: Int
    }

    init(_ calendar: CoverageCalendar) {
        control = calendar.control
        checks = calendar.checks
        start = calendar.start.description
        end = calendar.end.description
        (watchedDays, pastDays) = calendar.watched
        days = calendar.days.map { Entry(day: $0.day.description, state: $0.state.rawValue, runs: $0.runs) }
        gaps = calendar.gaps.map { Gap(from: $0.from.description, to: $0.to.description, days: $0.days) }
    }
}

struct MonitorRequest: StrictBody {
    static let fields: Set<String> = ["check", "control"]
    let check: String
    let control: String
}

struct MuteRequest: StrictBody {
    static let fields: Set<String> = ["check", "resource", "owner", "reason", "expires_on"]
    let check: String
    let resource: String
    let owner: String
    let reason: String
    let expiresOn: String
    enum CodingKeys: String, CodingKey {
        case check, resource, owner, reason
        case expiresOn = "expires_on"
    }
}
