import Logging
import ServiceLifecycle

/// The loop every background service runs: do the work, log a failure without stopping, sleep,
/// and wake at once on SIGTERM so shutdown never waits out the interval.
enum Periodically {
    static func run(every interval: Duration, logger: Logger, failure: String, _ work: () async throws -> Void) async {
        while !Task.isShuttingDownGracefully {
            do {
                try await work()
            } catch {
                logger.error("\(failure): \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isCancelled { return }
        }
    }
}
