import Collectors
import ComplianceCore
import Foundation
import Logging
import ServiceLifecycle
import UseCases

/// Runs due connections once a minute (see `ConnectionScheduler` for how servers share them).
struct CollectorSchedulerService: Service {
    let scheduler: ConnectionScheduler
    let logger: Logger
    var checkEvery: Duration = .seconds(60)

    func run() async throws {
        let logger = logger
        await Periodically.run(every: checkEvery, logger: logger, failure: "could not run the scheduled collections") {
            let runs = try await scheduler.runDue(
                holder: Periodically.Lease.holder, progress: Collectors.Progress { logger.info("\($0)") },
                failure: { connection, error in logger.warning("connection \(connection.name) (\(connection.id)) failed: \(error)") })
            if !runs.isEmpty { logger.info("collected \(runs.count) scheduled runs") }
        }
    }
}
