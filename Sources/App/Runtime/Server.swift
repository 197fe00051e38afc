import Catalogs
import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import Logging
import Metrics
import Persistence
import ServiceLifecycle
import UnixSignals
import UseCases
import Web

/// Closes the database after the HTTP server has stopped (services stop in reverse order).
struct DatabaseService: Service {
    let database: AttestDatabase

    func run() async throws {
        try? await gracefulShutdown()
        await database.shutdown()
    }
}

extension Logger {
    func with(component: String) -> Logger {
        var copy = self
        copy[metadataKey: "component"] = .string(component)
        return copy
    }
}

/// The running server: HTTP and database in one service group, stopped cleanly by SIGTERM or SIGINT.
enum Server {
    static func run(settings: Settings, demo: Bool) async throws {
        let logger = Logger(label: "attest").with(component: "server")
        let catalog = try CatalogDirectory.active(settings)
        let store = try await Runtime.openStore(settings, logger: logger)
        var loginHint: String?
        let evidence: EvidenceService
        let workflows: Workflows
        do {
            evidence = try settings.makeEvidenceService(store: store)
            workflows = Workflows(intake: evidence, connectionKey: try settings.connectionKey())
            let stale = BlobSpool.removeStale(in: evidence.blobs.spoolDirectory)
            if stale > 0 { logger.notice("removed \(stale) unfinished uploads left by a stopped process") }
            if demo {
                loginHint = try await DemoSeed.seedIfNeeded(store, evidence: evidence, logger: logger, connectionKey: try settings.connectionKey())
            }
        } catch {
            await store.database.shutdown()
            throw error
        }
        let metrics = MetricsExporter()
        MetricsSystem.bootstrap(metrics.factory)
        let environment = WebEnvironment(
            workflows: workflows, catalog: catalog, secureCookies: settings.secureCookies, loginHint: loginHint, metrics: metrics,
            clientAddress: ClientAddress(trustedProxies: settings.trustedProxies), metricsToken: settings.metricsToken)
        let url = "http://\(settings.host):\(settings.port)"
        let app = Application(
            router: WebApplication.router(environment: environment),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Attest"),
            onServerRunning: { _ in
                logger.info("Attest is serving \(url) with \(settings.database)")
                if demo {
                    // Written straight to the descriptor: stdout is block-buffered when piped.
                    FileHandle.standardOutput.write(Data(DemoSeed.banner(url: url).utf8))
                }
            },
            logger: logger)
        var services: [any Service] = [
            DatabaseService(database: store.database), app,
            HeadSigningService(log: evidence.log, sessions: store.sessions, interval: settings.headInterval, logger: logger, leases: store.leases),
            ReadinessSnapshotService(store: store, logger: logger),
            CollectorSchedulerService(scheduler: ConnectionScheduler(store: store, connections: workflows.connections), logger: logger),
        ]
        if let smtp = settings.smtp {
            services.append(
                MailService(
                    outbox: store.outbox, client: SMTPClient(settings: smtp), publicURL: settings.publicURL, logger: logger, leases: store.leases))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
