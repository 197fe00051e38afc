import ComplianceCore
import Foundation

/// The alert a run raises: every control it turned failing or unable to look (it was not before),
/// told to the organisation's admins in the app, and by email where SMTP is configured (the
/// notification outbox mails what is stored here).
enum MonitorAlerts {
    static func newlyTroubled(
        by run: CollectorRun, earlier: [CollectorRun], monitors: [Monitor], mutes: [FindingMute], now: Date
    ) -> [ControlMonitoring] {
        let watched = monitors.filter { run.summary(of: $0.check) != nil }
        guard !watched.isEmpty else { return [] }
        let controls = Set(watched.map(\.control))
        let relevant = monitors.filter { controls.contains($0.control) }
        let before = Dictionary(
            MonitorWorkflow.board(monitors: relevant, runs: earlier, mutes: mutes, now: now).map { ($0.control, $0.health) },
            uniquingKeysWith: { first, _ in first })
        return MonitorWorkflow.board(monitors: relevant, runs: earlier + [run], mutes: mutes, now: now).filter { after in
            after.health.isTroubled && !(before[after.control] ?? .notRun).isTroubled
        }
    }

    /// Stores one notification per admin per troubled control, in the run's transaction.
    static func notify(_ troubled: [ControlMonitoring], run: CollectorRun, scope: TenantScope, on tx: any RecordTransaction, now: Date)
        async throws
    {
        guard !troubled.isEmpty else { return }
        let admins = try await tx.members(of: scope.organizationID).filter { $0.membership.role >= .admin }.map(\.membership.userID)
        for monitoring in troubled {
            let checks = monitoring.checks.filter(\.health.isTroubled)
            let text =
                monitoring.health == .failing
                ? "\(monitoring.control) is failing: \(checks.map { "\($0.check) (\($0.failing.count) open)" }.joined(separator: ", ")) in \(run.connector) \(run.account)."
                : "\(monitoring.control) cannot be watched: \(checks.map(\.check).joined(separator: ", ")) could not look in \(run.connector) \(run.account)."
            for userID in admins {
                let note = ComplianceCore.Notification(
                    id: UUID(), userID: userID, text: text, path: "monitors#\(monitoring.control)", at: now.roundedToMilliseconds)
                try await tx.save(note, organization: scope.organizationID, action: "notified", actor: scope.actor, now: now)
            }
        }
    }
}
