import Foundation

/// A control's health as its monitors see it, worst first.
public enum ControlHealth: String, Codable, Sendable, CaseIterable {
    case failing
    case error
    /// Passing, but only because a finding is muted, or the last run is too old to trust.
    case atRisk = "at_risk"
    case healthy
    case notRun = "not_run"

    /// Worst first: a control's health is its worst check's.
    public var rank: Int {
        switch self {
        case .failing: 0
        case .error: 1
        case .atRisk: 2
        case .healthy: 3
        case .notRun: 4
        }
    }

    /// Failing, or unable to look: what alerts the admins and costs readiness.
    public var isTroubled: Bool { self == .failing || self == .error }

    public var label: String {
        switch self {
        case .failing: "Failing"
        case .error: "Error"
        case .atRisk: "At risk"
        case .healthy: "Healthy"
        case .notRun: "Not run"
        }
    }
}

/// One check's verdict for a control in one run, with its mutes applied.
public struct MonitoredCheck: Codable, Sendable, Hashable {
    public let check: String
    /// The check's own verdict in the run.
    public let status: CheckStatus
    /// Failing resources nobody has muted.
    public let failing: [String]
    /// Failing resources under a mute: still shown, never counted as passed.
    public let muted: [String]
    public let reason: String?
    public let runID: UUID
    public let ranAt: Date
    public let evidenceID: UUID?

    /// The control's health from this check alone.
    public var health: ControlHealth {
        switch status {
        case .error: .error
        case .fail: failing.isEmpty ? .atRisk : .failing
        case .pass, .notApplicable: muted.isEmpty ? .healthy : .atRisk
        }
    }
}

/// What the monitors say about one control now, and day by day.
public struct ControlMonitoring: Codable, Sendable, Hashable {
    public let control: String
    public let health: ControlHealth
    /// The latest verdict of each linked check; a check no run has judged is absent.
    public let checks: [MonitoredCheck]
    /// Linked checks no run has judged yet.
    public let neverRun: [String]
    public let lastRun: Date?
}

/// The monitors' judgement: control health from the runs, mutes and links, with nothing stored but
/// the runs themselves, so the health of any past day can be shown as it was.
public enum MonitorJudgement {
    /// A control whose newest run is older than this is at risk: the monitor stopped watching.
    public static let staleAfter: TimeInterval = 2 * 86_400

    /// The check's verdict in a run, with the mutes in force at `date`: today's health applies
    /// today's mutes to the newest run; a past day of the calendar applies that day's.
    public static func verdict(of check: String, in run: CollectorRun, mutes: [FindingMute], at date: Date) -> MonitoredCheck? {
        guard let summary = run.summary(of: check) else { return nil }
        let failing = summary.failingResources ?? []
        let muted = failing.filter { resource in mutes.contains { $0.covers(check: check, resource: resource, at: date) } }
        let open = failing.filter { !muted.contains($0) }
        // A run recorded before failing resources were kept: its failure counts as unmuted.
        let unnamed = summary.failingResources == nil && summary.status == .fail
        return MonitoredCheck(
            check: check, status: summary.status, failing: unnamed ? ["(\(summary.failing) resources)"] : open, muted: muted,
            reason: summary.reason, runID: run.id, ranAt: run.finishedAt, evidenceID: summary.evidenceID)
    }

    /// The control's health at `now` from the newest run that judged each linked check.
    public static func monitoring(
        control: String, checks: [String], runs: [CollectorRun], mutes: [FindingMute], now: Date
    ) -> ControlMonitoring {
        let newestFirst = runs.filter { $0.finishedAt <= now }.sorted { $0.finishedAt > $1.finishedAt }
        var latest: [MonitoredCheck] = []
        var neverRun: [String] = []
        for check in checks.sorted() {
            if let verdict = newestFirst.lazy.compactMap({ verdict(of: check, in: $0, mutes: mutes, at: now) }).first {
                latest.append(verdict)
            } else {
                neverRun.append(check)
            }
        }
        let lastRun = latest.map(\.ranAt).max()
        var health = latest.map(\.health).min { $0.rank < $1.rank } ?? .notRun
        if health == .healthy, let lastRun, now.timeIntervalSince(lastRun) > staleAfter { health = .atRisk }
        if health == .healthy, !neverRun.isEmpty { health = .atRisk }
        return ControlMonitoring(control: control, health: health, checks: latest, neverRun: neverRun, lastRun: lastRun)
    }
}
