import Foundation
import Logging
import Persistence
import ServiceLifecycle

/// The loop every background service runs: do the work, log a failure without stopping, sleep,
/// and wake at once on SIGTERM so shutdown never waits out the interval.
enum Periodically {
    /// A job several servers share: each pass runs only on the server holding the job's lease.
    struct Lease: Sendable {
        let leases: JobLeases
        let job: String
        /// How long a claim lasts without renewal: a server that stops renewing is replaced after it.
        let duration: TimeInterval

        /// This process, as lease holders are named: host, process id and a random suffix.
        static let holder = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
    }

    static func run(every interval: Duration, lease: Lease? = nil, logger: Logger, failure: String, _ work: () async throws -> Void) async {
        while !Task.isShuttingDownGracefully {
            do {
                var mine = true
                if let lease { mine = try await lease.leases.claim(lease.job, holder: Lease.holder, for: lease.duration) }
                if mine { try await work() }
            } catch {
                logger.error("\(failure): \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isCancelled { break }
        }
        if let lease { try? await lease.leases.release(lease.job, holder: Lease.holder) }
    }
}
